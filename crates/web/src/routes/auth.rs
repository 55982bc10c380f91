//! Signing in and out: `/login` (password), `/login/code` (second factor),
//! `/login/enrol` (second-factor set-up), `/logout`.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::StatusCode;
use http::header::SET_COOKIE;
use prongsai_accounts::signin::{self, SignInError};
use prongsai_accounts::{SessionStage, totp};
use prongsai_kernel::Secret;
use serde::Deserialize;

use crate::cookies::{session_cookie, set_cookie};
use crate::error::{AppError, AppResult};
use crate::extract::{ClientAddress, Form, Page, PendingSignIn, is_local_path, session_token};
use crate::shell::Shell;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(show_login).post(submit_login))
        .route("/login/code", get(show_code).post(submit_code))
        .route("/login/enrol", get(show_enrol).post(submit_enrol))
        .route("/logout", post(sign_out))
}

fn safe_next(next: &str) -> String {
    if is_local_path(next) && !next.starts_with("/login") {
        next.to_owned()
    } else {
        "/staff".to_owned()
    }
}

fn with_session_cookie(
    state: &AppState,
    mut response: Response,
    token: &Secret<String>,
) -> Response {
    let secure = state.config.secure_cookies;
    let cookie = set_cookie(session_cookie(secure), token.expose(), secure, true, None);
    if let Ok(v) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, v);
    }
    response
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    shell: Shell,
    next: String,
    username: String,
    message: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn show_login(
    State(state): State<AppState>,
    Page(shell): Page,
    Query(q): Query<NextQuery>,
    pending: Option<PendingSignIn>,
) -> AppResult<Response> {
    let next = safe_next(&q.next);
    if let Some(p) = pending {
        return Ok(match p.ctx.stage {
            SessionStage::Complete => Redirect::to(&next).into_response(),
            SessionStage::NeedsSecondFactor => Redirect::to("/login/code").into_response(),
            SessionStage::NeedsEnrolment => Redirect::to("/login/enrol").into_response(),
        });
    }
    let _ = state;
    let title = shell.t("auth.sign_in_title").to_owned();
    super::render(&LoginPage {
        shell: shell.with_title(title),
        next,
        username: String::new(),
        message: None,
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn submit_login(
    State(state): State<AppState>,
    Page(shell): Page,
    ClientAddress(client): ClientAddress,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&form.next);
    let result = signin::sign_in(
        &state.db,
        &state.signin,
        shell.tenant.id,
        &form.username,
        Secret::new(form.password),
        client.as_deref(),
    )
    .await;
    let (status, key) = match result {
        Ok(signed_in) => {
            let to = if signed_in.second_step_pending {
                format!("/login/code?next={}", crate::error::urlencode(&next))
            } else {
                next
            };
            return Ok(with_session_cookie(
                &state,
                Redirect::to(&to).into_response(),
                &signed_in.token,
            ));
        }
        Err(SignInError::Failed) => (StatusCode::UNAUTHORIZED, "auth.failed"),
        Err(SignInError::Throttled) => (StatusCode::TOO_MANY_REQUESTS, "auth.throttled"),
        Err(SignInError::Internal(e)) => return Err(e.into()),
    };
    state.metrics.signin_failed();
    let message = Some(shell.t(key).to_owned());
    let title = shell.t("auth.sign_in_title").to_owned();
    super::render_status(
        status,
        &LoginPage {
            shell: shell.with_title(title),
            next,
            username: form.username.chars().take(64).collect(),
            message,
        },
    )
}

#[derive(Template)]
#[template(path = "auth/code.html")]
struct CodePage {
    shell: Shell,
    message: Option<String>,
}

async fn show_code(pending: PendingSignIn) -> AppResult<Response> {
    match pending.ctx.stage {
        SessionStage::Complete => return Ok(Redirect::to("/staff").into_response()),
        SessionStage::NeedsEnrolment => return Ok(Redirect::to("/login/enrol").into_response()),
        SessionStage::NeedsSecondFactor => {}
    }
    let title = pending.shell.t("auth.code_title").to_owned();
    super::render(&CodePage {
        shell: pending.shell.with_title(title),
        message: None,
    })
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn submit_code(
    State(state): State<AppState>,
    pending: PendingSignIn,
    Query(q): Query<NextQuery>,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    if pending.ctx.stage != SessionStage::NeedsSecondFactor {
        return Ok(Redirect::to("/login").into_response());
    }
    let result = signin::verify_second_factor(
        &state.db,
        &state.signin,
        &pending.ctx,
        &pending.token,
        &form.code,
    )
    .await;
    let (status, key) = match result {
        Ok(token) => {
            let to = safe_next(&q.next);
            return Ok(with_session_cookie(
                &state,
                Redirect::to(&to).into_response(),
                &token,
            ));
        }
        Err(SignInError::Failed) => (StatusCode::UNAUTHORIZED, "auth.code_failed"),
        Err(SignInError::Throttled) => (StatusCode::TOO_MANY_REQUESTS, "auth.throttled"),
        Err(SignInError::Internal(e)) => return Err(e.into()),
    };
    let message = Some(pending.shell.t(key).to_owned());
    let title = pending.shell.t("auth.code_title").to_owned();
    super::render_status(
        status,
        &CodePage {
            shell: pending.shell.with_title(title),
            message,
        },
    )
}

#[derive(Template)]
#[template(path = "auth/enrol.html")]
struct EnrolPage {
    shell: Shell,
    secret: String,
    secret_grouped: String,
    qr_svg: String,
    error: Option<String>,
}

fn enrol_page(
    shell: Shell,
    username: &str,
    secret: String,
    error: Option<String>,
) -> AppResult<EnrolPage> {
    let issuer = format!("Prongsai {}", shell.tenant.slug);
    let uri = totp::provisioning_uri(&secret, &issuer, username);
    let qr_svg = qrcode::QrCode::new(uri.as_bytes())
        .map_err(AppError::internal)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .build();
    let qr_svg = match qr_svg.find("<svg") {
        Some(i) => qr_svg[i..].replacen("<svg", "<svg role=\"img\" aria-label=\"QR\"", 1),
        None => qr_svg,
    };
    let secret_grouped = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let title = shell.t("auth.enrol_title").to_owned();
    Ok(EnrolPage {
        shell: shell.with_title(title),
        secret,
        secret_grouped,
        qr_svg,
        error,
    })
}

async fn show_enrol(pending: PendingSignIn) -> AppResult<Response> {
    match pending.ctx.stage {
        SessionStage::Complete => return Ok(Redirect::to("/staff").into_response()),
        SessionStage::NeedsSecondFactor => return Ok(Redirect::to("/login/code").into_response()),
        SessionStage::NeedsEnrolment => {}
    }
    let username = pending.ctx.staff.username.clone();
    super::render(&enrol_page(
        pending.shell,
        &username,
        totp::generate_secret(),
        None,
    )?)
}

#[derive(Deserialize)]
struct EnrolForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

async fn submit_enrol(
    State(state): State<AppState>,
    pending: PendingSignIn,
    Form(form): Form<EnrolForm>,
) -> AppResult<Response> {
    if pending.ctx.stage != SessionStage::NeedsEnrolment {
        return Ok(Redirect::to("/login").into_response());
    }
    match signin::enrol_second_factor(
        &state.db,
        &pending.ctx,
        &pending.token,
        &form.secret,
        &form.code,
    )
    .await
    {
        Ok(token) => Ok(with_session_cookie(
            &state,
            Redirect::to("/staff").into_response(),
            &token,
        )),
        Err(prongsai_kernel::Error::Invalid(errors)) => {
            let message = errors.get("code").map(str::to_owned);
            let username = pending.ctx.staff.username.clone();
            let secret = if form.secret.is_empty() {
                totp::generate_secret()
            } else {
                form.secret
            };
            super::render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &enrol_page(pending.shell, &username, secret, message)?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends the session and clears its cookie.
async fn sign_out(
    State(state): State<AppState>,
    parts: http::request::Parts,
) -> AppResult<Response> {
    if let Some(token) = session_token(&parts, &state) {
        prongsai_accounts::sessions::delete_session(state.db.conn(), &token).await?;
    }
    let secure = state.config.secure_cookies;
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = set_cookie(session_cookie(secure), "", secure, true, Some(0)).parse() {
        response.headers_mut().append(SET_COOKIE, v);
    }
    Ok(response)
}
