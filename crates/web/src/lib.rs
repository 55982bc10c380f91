//! The web shell of Prongsai: application state, layout and templates, interface text,
//! sessions and CSRF protection, security headers, the single place where errors become
//! HTTP answers, and the foundation's own pages (home, sign-in, accounts, audit log,
//! files, setup, health and metrics).
//!
//! Capabilities add their routes through a [`manifest::Capability`]; the server puts
//! them together with [`build_router`].

pub mod api;
pub mod config;
pub mod cookies;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod listing;
pub mod manifest;
pub mod metrics;
pub mod middleware;
pub mod opendata;
pub mod page_cache;
pub mod routes;
pub mod shell;
pub mod state;
pub mod upload;

use axum::Router;
use axum::extract::DefaultBodyLimit;

pub use error::{AppError, AppResult};
pub use extract::{Form, FormFields, Page, StaffPage};
pub use manifest::{Capability, Dataset, MenuItem, PublicLink};
pub use shell::Shell;
pub use state::{AppInner, AppState};

/// The foundation as a capability: its pages, text, menu entries and home-page links.
pub fn foundation() -> Capability {
    Capability {
        name: "foundation",
        routes: routes::foundation_routes,
        migrations: prongsai_db::migrations::foundation_migrations,
        locales: (i18n::WEB_TH, i18n::WEB_EN),
        staff_menu: FOUNDATION_MENU,
        public_links: routes::home::PLACEHOLDERS,
        jobs: manifest::no_jobs,
        datasets: &[],
        openapi: opendata::foundation_openapi,
    }
}

const FOUNDATION_MENU: &[MenuItem] = &[
    routes::users::MENU[0],
    routes::users::MENU[1],
    routes::audit::MENU[0],
    routes::holidays::MENU,
];

/// Every route of the application with its layers, outermost last:
/// CSRF, tenant resolution, panic catching, error pages, security headers, request log.
pub fn build_router(state: AppState, routers: Vec<Router<AppState>>) -> Router {
    let body_limit = state.files.max_bytes + 1024 * 1024;
    let mut app = Router::new();
    for r in routers {
        app = app.merge(r);
    }
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        csrf::csrf_layer,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::resolve_tenant,
    ))
    .layer(DefaultBodyLimit::max(body_limit))
    .layer(tower_http::catch_panic::CatchPanicLayer::new())
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::render_errors,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::security_headers,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::request_log,
    ))
    .with_state(state)
}
