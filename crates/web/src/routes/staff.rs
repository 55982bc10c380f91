//! The staff area's home (`/staff`) and the account page (`/staff/account/password`).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::StatusCode;
use prongsai_kernel::{FieldErrors, Secret};
use serde::Deserialize;

use crate::error::AppResult;
use crate::extract::{Form, StaffPage};
use crate::shell::Shell;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff", get(show_dashboard)).route(
        "/staff/account/password",
        get(show_password).post(change_password),
    )
}

/// The locale key of a role's name.
pub fn role_key(role: &prongsai_kernel::Role) -> String {
    format!("role.{}", role.code())
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    shell: Shell,
    display_name: String,
    roles: Vec<String>,
}

async fn show_dashboard(page: StaffPage) -> AppResult<Response> {
    let title = page.shell.t("staff.dashboard").to_owned();
    super::render(&DashboardPage {
        display_name: page.staff.display_name.clone(),
        roles: page.staff.roles.iter().map(role_key).collect(),
        shell: page.shell.with_title(title),
    })
}

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    shell: Shell,
    errors: FieldErrors,
    must_change: bool,
    done: bool,
}

#[derive(Deserialize)]
struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

async fn show_password(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let must_change = must_change(&state, &page).await?;
    let title = page.shell.t("account.password_title").to_owned();
    super::render(&PasswordPage {
        shell: page.shell.with_title(title),
        errors: FieldErrors::default(),
        must_change,
        done: q.done.is_some(),
    })
}

async fn must_change(state: &AppState, page: &StaffPage) -> AppResult<bool> {
    use prongsai_db::entities::user;
    use prongsai_db::sea_orm::EntityTrait;
    Ok(user::Entity::find_by_id(page.staff.user_id)
        .one(state.db.conn())
        .await?
        .is_some_and(|u| u.must_change_password))
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    page: StaffPage,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let result = prongsai_accounts::users::change_own_password(
        &state.db,
        &page.staff,
        state.config.password_params,
        Secret::new(form.current_password),
        Secret::new(form.new_password),
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/staff/account/password?done=1").into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let must_change = must_change(&state, &page).await?;
            let title = page.shell.t("account.password_title").to_owned();
            super::render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PasswordPage {
                    shell: page.shell.with_title(title),
                    errors,
                    must_change,
                    done: false,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}
