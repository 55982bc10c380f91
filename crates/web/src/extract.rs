//! Extractors that give handlers what they need, already checked: the page context of a
//! public page, a signed-in staff member, a form.

use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use http::request::Parts;
use prongsai_accounts::{SessionContext, SessionStage};
use prongsai_kernel::{Staff, Tenant};
use serde::de::DeserializeOwned;

use crate::cookies::{LANG_COOKIE, read_cookie, session_cookie};
use crate::csrf::{CsrfVisitor, csrf_token};
use crate::error::{AppError, ErrorKind};
use crate::i18n::Lang;
use crate::shell::{Shell, StaffNav};
use crate::state::AppState;

/// The organization a request is for, or `None` (request extension set by middleware).
#[derive(Clone, Debug)]
pub struct ResolvedTenant(pub Option<Tenant>);

/// A relative path on this site (no scheme, no `//host`): safe to redirect to.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.contains(['\r', '\n'])
}

/// The language of the request: the `prongsai-lang` cookie, else Thai.
pub fn lang_of(parts_headers: &http::HeaderMap) -> Lang {
    read_cookie(parts_headers, LANG_COOKIE)
        .and_then(|v| Lang::from_code(&v))
        .unwrap_or_default()
}

fn tenant_of(parts: &Parts, state: &AppState) -> Result<Tenant, AppError> {
    match parts.extensions.get::<ResolvedTenant>() {
        Some(ResolvedTenant(Some(t))) => Ok(t.clone()),
        _ => {
            let setup_pending = state
                .setup_token
                .lock()
                .map(|t| t.is_some())
                .unwrap_or(false);
            if setup_pending {
                Err(AppError::SetupRequired)
            } else {
                Err(AppError::Kind(ErrorKind::UnknownOrganization))
            }
        }
    }
}

fn shell_for(parts: &Parts, state: &AppState, tenant: Tenant) -> Shell {
    let visitor = parts
        .extensions
        .get::<CsrfVisitor>()
        .map(|v| v.0.clone())
        .unwrap_or_default();
    Shell {
        lang: lang_of(&parts.headers),
        tenant,
        csrf: csrf_token(state.csrf_key.expose(), &visitor),
        path: parts.uri.path().to_owned(),
        staff: None,
        title: String::new(),
        state: state.clone(),
    }
}

/// A public page: the organization, language and CSRF token.
pub struct Page(pub Shell);

impl<S> FromRequestParts<S> for Page
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let tenant = tenant_of(parts, &state)?;
        Ok(Page(shell_for(parts, &state, tenant)))
    }
}

/// The session cookie's token, if any.
pub fn session_token(parts: &Parts, state: &AppState) -> Option<String> {
    read_cookie(&parts.headers, session_cookie(state.config.secure_cookies))
}

async fn load_session(
    parts: &Parts,
    state: &AppState,
    tenant: &Tenant,
) -> Result<Option<(SessionContext, String)>, AppError> {
    let Some(token) = session_token(parts, state) else {
        return Ok(None);
    };
    Ok(
        prongsai_accounts::sessions::load_session(&state.db, tenant.id, &token)
            .await?
            .map(|ctx| (ctx, token)),
    )
}

fn current_path_and_query(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| "/staff".to_owned())
}

/// A fully signed-in staff member of the request's organization.
pub struct StaffPage {
    pub shell: Shell,
    pub staff: Staff,
}

/// Pages a user who must change their password may still open.
const PASSWORD_CHANGE_PATHS: [&str; 2] = ["/staff/account/password", "/logout"];

impl<S> FromRequestParts<S> for StaffPage
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let tenant = tenant_of(parts, &state)?;
        let next = current_path_and_query(parts);
        let Some((ctx, _)) = load_session(parts, &state, &tenant).await? else {
            return Err(AppError::SignInRequired { next });
        };
        match ctx.stage {
            SessionStage::Complete => {}
            SessionStage::NeedsSecondFactor | SessionStage::NeedsEnrolment => {
                return Err(AppError::SignInRequired { next });
            }
        }
        if ctx.must_change_password && !PASSWORD_CHANGE_PATHS.contains(&parts.uri.path()) {
            return Err(AppError::Redirect("/staff/account/password".to_owned()));
        }
        let mut shell = shell_for(parts, &state, tenant);
        let menu = state
            .menu
            .iter()
            .filter(|item| (item.visible)(&ctx.staff))
            .map(|item| {
                (
                    state.locales.get(shell.lang, item.label).to_owned(),
                    item.href,
                )
            })
            .collect();
        shell.staff = Some(StaffNav {
            display_name: ctx.staff.display_name.clone(),
            menu,
        });
        Ok(StaffPage {
            shell,
            staff: ctx.staff,
        })
    }
}

/// A session between the password and the second factor.
pub struct PendingSignIn {
    pub shell: Shell,
    pub ctx: SessionContext,
    pub token: String,
}

impl<S> FromRequestParts<S> for PendingSignIn
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        let tenant = tenant_of(parts, &state)?;
        let Some((ctx, token)) = load_session(parts, &state, &tenant).await? else {
            return Err(AppError::SignInRequired {
                next: "/staff".into(),
            });
        };
        Ok(PendingSignIn {
            shell: shell_for(parts, &state, tenant),
            ctx,
            token,
        })
    }
}

impl<S> axum::extract::OptionalFromRequestParts<S> for PendingSignIn
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, AppError> {
        let app = AppState::from_ref(state);
        let tenant = tenant_of(parts, &app)?;
        Ok(load_session(parts, &app, &tenant)
            .await?
            .map(|(ctx, token)| PendingSignIn {
                shell: shell_for(parts, &app, tenant),
                ctx,
                token,
            }))
    }
}

impl<S> axum::extract::OptionalFromRequestParts<S> for StaffPage
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    /// A fully signed-in staff member, or `None` for anyone else.
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, AppError> {
        match <StaffPage as FromRequestParts<S>>::from_request_parts(parts, state).await {
            Ok(page) => Ok(Some(page)),
            Err(AppError::SignInRequired { .. } | AppError::Redirect(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The peer address of the connection, when the server recorded it.
pub struct PeerAddr(pub Option<std::net::SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(peer_of(parts, state).await))
    }
}

/// The connection's peer (also in tests, where `MockConnectInfo` stands in for it).
async fn peer_of<S: Send + Sync>(parts: &mut Parts, state: &S) -> Option<std::net::SocketAddr> {
    axum::extract::ConnectInfo::<std::net::SocketAddr>::from_request_parts(parts, state)
        .await
        .ok()
        .map(|c| c.0)
}

/// A URL-encoded form whose parse failure is a 400 page rather than axum's plain text.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| Form(v))
            .map_err(|_| AppError::bad_request())
    }
}

/// The address of the client, for rate limits (never stored in the clear, never logged).
pub fn client_address(
    parts_headers: &http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
    behind_proxy: bool,
) -> Option<String> {
    if behind_proxy
        && let Some(last) = parts_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
    {
        return Some(last.trim().to_owned());
    }
    peer.map(|p| p.ip().to_string())
}

/// The client address of the request (see [`client_address`]).
pub struct ClientAddress(pub Option<String>);

impl<S> FromRequestParts<S> for ClientAddress
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = peer_of(parts, state).await;
        let state = AppState::from_ref(state);
        Ok(ClientAddress(client_address(
            &parts.headers,
            peer,
            state.config.behind_proxy,
        )))
    }
}

/// A URL-encoded form read as its raw fields, for forms with repeated names
/// (checkbox groups), which `serde_urlencoded` cannot put in a struct.
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map(|Form(v)| FormFields(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/staff/users?x=1"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }
}
