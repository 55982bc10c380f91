//! The foundation's pages. URLs mirror this folder: `/` and the placeholders in
//! `home.rs`, `/login*` and `/logout` in `auth.rs`, `/staff*` in `staff.rs`,
//! `/staff/users*` and `/staff/security` in `users.rs`, `/staff/audit` in `audit.rs`,
//! `/files/*` in `files.rs`, `/setup` in `setup.rs`, and `/healthz`, `/metrics`,
//! `/lang`, `/static/*` in `system.rs`.

pub mod audit;
pub mod auth;
pub mod files;
pub mod holidays;
pub mod home;
pub mod setup;
pub mod staff;
pub mod system;
pub mod users;

use axum::Router;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppResult;
use crate::state::AppState;

pub fn foundation_routes() -> Router<AppState> {
    Router::new()
        .merge(home::routes())
        .merge(holidays::routes())
        .merge(auth::routes())
        .merge(staff::routes())
        .merge(users::routes())
        .merge(audit::routes())
        .merge(files::routes())
        .merge(setup::routes())
        .merge(system::routes())
        .merge(crate::opendata::routes())
}

/// Renders a template as an HTML response.
pub fn render(template: &impl askama::Template) -> AppResult<Response> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a template as an HTML response with a status (422 for a form with errors).
pub fn render_status(
    status: http::StatusCode,
    template: &impl askama::Template,
) -> AppResult<Response> {
    Ok((status, Html(template.render()?)).into_response())
}
