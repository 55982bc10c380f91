//! First-time setup of an install started with `--no-demo` (`/setup`): the first
//! organization and its administrator, guarded by the one-time code the server printed
//! on its console.

use askama::Template;
use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::StatusCode;
use prongsai_accounts::users::{NewUser, insert_user, validate_new_user};
use prongsai_kernel::tenant::{NewOrganization, create_organization};
use prongsai_kernel::{Actor, FieldErrors, Role, Secret};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::csrf::{CsrfVisitor, csrf_token};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, lang_of};
use crate::i18n::{Lang, Locales};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/setup", get(show_setup).post(submit_setup))
}

#[derive(Default, Deserialize)]
struct SetupForm {
    #[serde(default)]
    setup_token: String,
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    subdistrict_th: String,
    #[serde(default)]
    district_th: String,
    #[serde(default)]
    province_th: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage<'a> {
    lang: Lang,
    locales: &'a Locales,
    csrf: String,
    form: SetupForm,
    errors: FieldErrors,
}

impl SetupPage<'_> {
    fn t(&self, key: &str) -> &str {
        self.locales.get(self.lang, key)
    }
}

fn setup_pending(state: &AppState) -> bool {
    state
        .setup_token
        .lock()
        .map(|t| t.is_some())
        .unwrap_or(false)
}

fn csrf_of(state: &AppState, req_ext: &http::Extensions) -> String {
    let visitor = req_ext
        .get::<CsrfVisitor>()
        .map(|v| v.0.clone())
        .unwrap_or_default();
    csrf_token(state.csrf_key.expose(), &visitor)
}

async fn show_setup(State(state): State<AppState>, req: Request) -> AppResult<Response> {
    if !setup_pending(&state) {
        return Ok(Redirect::to("/").into_response());
    }
    let page = SetupPage {
        lang: lang_of(req.headers()),
        locales: &state.locales,
        csrf: csrf_of(&state, req.extensions()),
        form: SetupForm {
            kind: "sao".into(),
            ..Default::default()
        },
        errors: FieldErrors::default(),
    };
    super::render(&page)
}

async fn submit_setup(State(state): State<AppState>, req: Request) -> AppResult<Response> {
    if !setup_pending(&state) {
        return Ok(Redirect::to("/").into_response());
    }
    let lang = lang_of(req.headers());
    let csrf = csrf_of(&state, req.extensions());
    let Form(form) =
        <Form<SetupForm> as axum::extract::FromRequest<()>>::from_request(req, &()).await?;
    let expected = state
        .setup_token
        .lock()
        .map_err(AppError::internal)?
        .as_ref()
        .map(|t| t.expose().clone())
        .unwrap_or_default();
    let mut errors = FieldErrors::default();
    let token_ok = !expected.is_empty()
        && expected.len() == form.setup_token.trim().len()
        && bool::from(
            expected
                .as_bytes()
                .ct_eq(form.setup_token.trim().as_bytes()),
        );
    if !token_ok {
        errors.add("setup_token", state.locales.get(lang, "setup.bad_token"));
    }
    let org = NewOrganization {
        slug: form.slug.trim().to_ascii_lowercase(),
        kind: form.kind.clone(),
        name_th: form.name_th.clone(),
        name_en: form.name_en.clone(),
        subdistrict_th: form.subdistrict_th.clone(),
        district_th: form.district_th.clone(),
        province_th: form.province_th.clone(),
        ..Default::default()
    };
    for e in org.validate().iter() {
        errors.add(e.field, e.message.clone());
    }
    let admin = NewUser {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        password: Secret::new(form.password.clone()),
        roles: vec![Role::Administrator, Role::Staff],
        ..Default::default()
    };
    let valid_admin = match validate_new_user(state.db.conn(), 0, &admin).await {
        Ok(v) => Some(v),
        Err(prongsai_kernel::Error::Invalid(e)) => {
            for e in e.iter() {
                errors.add(e.field, e.message.clone());
            }
            None
        }
        Err(e) => return Err(e.into()),
    };
    let rerender = |errors: FieldErrors, form: SetupForm| {
        super::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SetupPage {
                lang,
                locales: &state.locales,
                csrf: csrf.clone(),
                form: SetupForm {
                    password: String::new(),
                    ..form
                },
                errors,
            },
        )
    };
    let Some(valid_admin) = valid_admin.filter(|_| errors.is_empty()) else {
        return rerender(errors, form);
    };
    let hash = prongsai_accounts::password::hash_password_blocking(
        state.config.password_params,
        admin.password,
    )
    .await;
    let txn = state.db.begin_write().await?;
    let tenant = match create_organization(&txn, &org, Actor::Cli).await {
        Ok(t) => t,
        Err(prongsai_kernel::Error::Invalid(e)) => return rerender(e, form),
        Err(e) => return Err(e.into()),
    };
    insert_user(&txn, tenant.id, Actor::Cli, &valid_admin, hash).await?;
    txn.commit().await?;
    if let Ok(mut token) = state.setup_token.lock() {
        *token = None;
    }
    state.tenants.clear();
    tracing::info!(organization = %tenant.slug, "first organization created through /setup");
    Ok(Redirect::to("/login").into_response())
}
