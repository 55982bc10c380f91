//! The layers every request passes through, outermost first: request log and metrics,
//! security headers, error pages, panic catching, tenant resolution, CSRF.

use std::time::Instant;

use askama::Template;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST, SET_COOKIE, STRICT_TRANSPORT_SECURITY};
use http::{HeaderName, HeaderValue, StatusCode};

use crate::error::ErrorKind;
use crate::extract::{ResolvedTenant, lang_of};
use crate::i18n::Lang;
use crate::state::AppState;

/// Paths that do not belong to an organization.
fn is_deployment_path(path: &str) -> bool {
    path.starts_with("/static/")
        || path == "/healthz"
        || path == "/metrics"
        || path == "/favicon.ico"
}

/// Marks the response of a confidential channel (the corruption-report channel): it is
/// neither logged nor counted per request (the time of a request is itself something a
/// reporter's adversary could match with other records), never cached by the browser or
/// a proxy, and sends no referrer. A capability adds it to its responses with a layer;
/// [`render_errors`] keeps it on error pages.
#[derive(Clone, Copy, Debug)]
pub struct Confidential;

/// Logs one line per request: method, route template, status, duration. Never the raw
/// path (it may hold a tracking code), the query, the client address or the user agent.
/// Responses marked [`Confidential`] are not logged nor counted.
pub async fn request_log(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "<unmatched>".to_owned());
    let response = next.run(req).await;
    if response.extensions().get::<Confidential>().is_some() {
        return response;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state.metrics.observe(&method, &route, status, elapsed);
    tracing::info!(
        target: "prongsai::http",
        method = %method,
        route = %route,
        status,
        ms = format!("{:.1}", elapsed * 1000.0),
        "request"
    );
    response
}

/// The Content-Security-Policy of every page: nothing from other sites, no inline
/// script or style.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'";

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let https = state.config.behind_proxy
        && req
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https");
    let mut response = next.run(req).await;
    let sets_cookie = response.headers().contains_key(SET_COOKIE);
    let confidential = response.extensions().get::<Confidential>().is_some();
    let h = response.headers_mut();
    if confidential {
        h.insert(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        );
    }
    let mut set_default = |name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set_default(HeaderName::from_static("content-security-policy"), CSP);
    set_default(HeaderName::from_static("x-content-type-options"), "nosniff");
    set_default(HeaderName::from_static("x-frame-options"), "DENY");
    set_default(HeaderName::from_static("referrer-policy"), "same-origin");
    set_default(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set_default(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)",
    );
    let private = path.starts_with("/staff")
        || path.starts_with("/login")
        || path.starts_with("/setup")
        || sets_cookie
        || confidential;
    if private {
        set_default(CACHE_CONTROL, "no-cache");
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else {
        set_default(CACHE_CONTROL, "no-cache");
    }
    if https {
        h.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Finds the organization of the request from its host name.
pub async fn resolve_tenant(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if !is_deployment_path(req.uri().path()) {
        let host = req
            .headers()
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().host())
            .unwrap_or("")
            .to_owned();
        match state.tenants.resolve(&state.db, &host).await {
            Ok(tenant) => {
                req.extensions_mut().insert(ResolvedTenant(tenant));
            }
            Err(e) => return crate::error::AppError::from(e).into_response(),
        }
    }
    next.run(req).await
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: &'a str,
    org_name: &'a str,
    title: &'a str,
    body: &'a str,
    home: &'a str,
    status: u16,
}

/// Writes the body of error responses: a page in the visitor's language, or JSON for
/// the API. Handlers only say which error happened.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    let api = req.uri().path().starts_with("/api/");
    let org_name = req
        .extensions()
        .get::<ResolvedTenant>()
        .and_then(|t| t.0.as_ref())
        .map(|t| {
            if lang == Lang::En && !t.name_en.is_empty() {
                t.name_en.clone()
            } else {
                t.name_th.clone()
            }
        });
    let response = next.run(req).await;
    let status = response.status();
    let kind = match response.extensions().get::<ErrorKind>() {
        Some(kind) => *kind,
        None => {
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let ours = content_type.starts_with("text/html")
                || content_type.starts_with("application/json");
            match ErrorKind::from_status(status) {
                Some(kind) if !ours => kind,
                _ => return response,
            }
        }
    };
    let title_key = format!("error.{}.title", kind.code());
    let body_key = format!("error.{}.body", kind.code());
    let title = state.locales.get(lang, &title_key);
    let body = state.locales.get(lang, &body_key);
    let mut out = if api {
        (
            status,
            axum::Json(serde_json::json!({ "error": { "code": kind.code(), "message": state.locales.get(Lang::En, &title_key) } })),
        )
            .into_response()
    } else {
        let page = ErrorPage {
            lang: lang.code(),
            org_name: org_name.as_deref().unwrap_or("Prongsai"),
            title,
            body,
            home: state.locales.get(lang, "error.home"),
            status: status.as_u16(),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
        }
    };
    // Keep cookies the handler set (a sign-out that failed later still signs out).
    for value in response.headers().get_all(SET_COOKIE) {
        out.headers_mut().append(SET_COOKIE, value.clone());
    }
    if response.extensions().get::<Confidential>().is_some() {
        out.extensions_mut().insert(Confidential);
    }
    out
}
