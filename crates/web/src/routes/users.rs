//! Accounts and second-factor policy, for administrators: `/staff/users`,
//! `/staff/users/new`, `/staff/users/{id}` and its actions, `/staff/security`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use prongsai_accounts::users::{self, NewUser, UserWithRoles};
use prongsai_db::entities::division;
use prongsai_kernel::permissions::ManageUsers;
use prongsai_kernel::{Authorized, FieldErrors, Role, Secret};
use serde::Deserialize;

use crate::error::AppResult;
use crate::extract::{FormFields, StaffPage};
use crate::manifest::MenuItem;
use crate::routes::staff::role_key;
use crate::shell::Shell;
use crate::state::AppState;

pub const MENU: &[MenuItem] = &[
    MenuItem {
        label: "users.menu",
        href: "/staff/users",
        visible: |s| s.can::<ManageUsers>(),
    },
    MenuItem {
        label: "security.menu",
        href: "/staff/security",
        visible: |s| s.can::<ManageUsers>(),
    },
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/users", get(list_users_page))
        .route("/staff/users/new", get(show_new_user).post(create_user))
        .route("/staff/users/{id}", get(show_user))
        .route("/staff/users/{id}/roles", post(update_roles))
        .route("/staff/users/{id}/reset-password", post(reset_password))
        .route(
            "/staff/users/{id}/reset-second-factor",
            post(reset_second_factor),
        )
        .route("/staff/users/{id}/active", post(set_active))
        .route("/staff/security", get(show_security).post(update_security))
}

fn role_options() -> Vec<(&'static str, String)> {
    Role::ALL.iter().map(|r| (r.code(), role_key(r))).collect()
}

fn parse_roles(codes: &[&str]) -> Vec<Role> {
    codes.iter().filter_map(|c| Role::from_code(c)).collect()
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersPage {
    shell: Shell,
    users: Vec<UserWithRoles>,
}

impl UsersPage {
    fn role_key(&self, role: &Role) -> String {
        role_key(role)
    }
}

async fn list_users_page(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let users = users::list_users(state.db.conn(), &auth).await?;
    let title = page.shell.t("users.title").to_owned();
    super::render(&UsersPage {
        shell: page.shell.with_title(title),
        users,
    })
}

#[derive(Default)]
struct NewUserForm {
    username: String,
    display_name: String,
    position_th: String,
    email: String,
    division_id: String,
    roles: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "staff/user_new.html")]
struct NewUserPage {
    shell: Shell,
    form: NewUserForm,
    errors: FieldErrors,
    divisions: Vec<division::Model>,
    role_options: Vec<(&'static str, String)>,
}

async fn new_user_page(
    state: &AppState,
    shell: Shell,
    auth: &Authorized<ManageUsers>,
    form: NewUserForm,
    errors: FieldErrors,
) -> AppResult<NewUserPage> {
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    let title = shell.t("users.new").to_owned();
    Ok(NewUserPage {
        shell: shell.with_title(title),
        form,
        errors,
        divisions,
        role_options: role_options(),
    })
}

async fn show_new_user(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let form = NewUserForm {
        roles: vec![Role::Staff.code()],
        ..Default::default()
    };
    super::render(&new_user_page(&state, page.shell, &auth, form, FieldErrors::default()).await?)
}

async fn create_user(
    State(state): State<AppState>,
    page: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let form = NewUserForm {
        username: fields.get("username").to_owned(),
        display_name: fields.get("display_name").to_owned(),
        position_th: fields.get("position_th").to_owned(),
        email: fields.get("email").to_owned(),
        division_id: fields.get("division_id").to_owned(),
        roles: parse_roles(&fields.all("roles"))
            .iter()
            .map(|r| r.code())
            .collect(),
    };
    let divisions =
        prongsai_kernel::tenant::list_divisions(state.db.conn(), auth.organization_id()).await?;
    // A division id from the form is only accepted if it is one of this organization's.
    let division_id = form
        .division_id
        .parse::<i64>()
        .ok()
        .filter(|id| divisions.iter().any(|d| d.id == *id));
    let input = NewUser {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        position_th: form.position_th.clone(),
        email: Some(form.email.clone()),
        division_id,
        password: Secret::new(fields.get("password").to_owned()),
        roles: parse_roles(&fields.all("roles")),
    };
    match users::create_user(&state.db, &auth, state.config.password_params, input).await {
        Ok(user) => Ok(Redirect::to(&format!("/staff/users/{}", user.id)).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => super::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_user_page(&state, page.shell, &auth, form, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "staff/user_show.html")]
struct UserPage {
    shell: Shell,
    user: UserWithRoles,
    role_codes: Vec<&'static str>,
    role_options: Vec<(&'static str, String)>,
    new_password: Option<String>,
    errors: FieldErrors,
}

async fn user_page(
    state: &AppState,
    shell: Shell,
    auth: &Authorized<ManageUsers>,
    id: i64,
    new_password: Option<String>,
    errors: FieldErrors,
) -> AppResult<UserPage> {
    let user = users::get_user(state.db.conn(), auth, id).await?;
    let title = user.user.display_name.clone();
    Ok(UserPage {
        shell: shell.with_title(title),
        role_codes: user.roles.iter().map(|r| r.code()).collect(),
        user,
        role_options: role_options(),
        new_password,
        errors,
    })
}

async fn show_user(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    super::render(&user_page(&state, page.shell, &auth, id, None, FieldErrors::default()).await?)
}

async fn user_action_result(
    state: &AppState,
    page: StaffPage,
    auth: &Authorized<ManageUsers>,
    id: i64,
    result: prongsai_kernel::Result<()>,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/users/{id}")).into_response()),
        Err(prongsai_kernel::Error::Invalid(errors)) => super::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &user_page(state, page.shell, auth, id, None, errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

async fn update_roles(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let roles = parse_roles(&fields.all("roles"));
    let result = users::set_user_roles(&state.db, &auth, id, &roles).await;
    user_action_result(&state, page, &auth, id, result).await
}

async fn reset_password(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let password = prongsai_kernel::random::password();
    users::reset_password(
        &state.db,
        &auth,
        state.config.password_params,
        id,
        Secret::new(password.clone()),
    )
    .await?;
    // Shown once, in this response only; never stored or logged.
    super::render(
        &user_page(
            &state,
            page.shell,
            &auth,
            id,
            Some(password),
            FieldErrors::default(),
        )
        .await?,
    )
}

async fn reset_second_factor(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let result = users::reset_second_factor(&state.db, &auth, id).await;
    user_action_result(&state, page, &auth, id, result).await
}

#[derive(Deserialize)]
struct ActiveForm {
    active: String,
}

async fn set_active(
    State(state): State<AppState>,
    page: StaffPage,
    Path(id): Path<i64>,
    crate::extract::Form(form): crate::extract::Form<ActiveForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let result = users::set_user_active(&state.db, &auth, id, form.active == "true").await;
    user_action_result(&state, page, &auth, id, result).await
}

#[derive(Template)]
#[template(path = "staff/security.html")]
struct SecurityPage {
    shell: Shell,
    policies: Vec<(&'static str, String, bool, bool)>,
    saved: bool,
}

#[derive(Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn show_security(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let policies =
        prongsai_accounts::policy::list_role_policies(state.db.conn(), auth.organization_id())
            .await?
            .into_iter()
            .map(|(role, required, mandatory)| (role.code(), role_key(&role), required, mandatory))
            .collect();
    let title = page.shell.t("security.title").to_owned();
    super::render(&SecurityPage {
        shell: page.shell.with_title(title),
        policies,
        saved: q.saved.is_some(),
    })
}

async fn update_security(
    State(state): State<AppState>,
    page: StaffPage,
    fields: FormFields,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageUsers>()?;
    let required = parse_roles(&fields.all("require"));
    let txn = state.db.begin_write().await?;
    for role in Role::ALL {
        if role.second_factor_mandatory() {
            continue;
        }
        prongsai_accounts::policy::set_role_policy(&txn, &auth, role, required.contains(&role))
            .await?;
    }
    txn.commit().await?;
    Ok(Redirect::to("/staff/security?saved=1").into_response())
}
