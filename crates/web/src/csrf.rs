//! Protection against cross-site request forgery, for every state-changing request.
//!
//! Two independent checks, both in one middleware so that no handler can forget them:
//! 1. browsers say where a request comes from (`Sec-Fetch-Site`, `Origin`); a
//!    cross-site POST is refused outright;
//! 2. every form carries `csrf_token`, an HMAC of a random per-browser cookie under a
//!    server key (the "signed double-submit cookie" of OWASP's cheat sheet). A forger
//!    can neither read the cookie nor compute the HMAC.
//!
//! The token is looked for in the `X-CSRF-Token` header, in a URL-encoded body, or in a
//! multipart body (whose field should come first: the parser stops there).

use std::convert::Infallible;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http::header::{CONTENT_TYPE, HOST, ORIGIN, SET_COOKIE};
use http::{HeaderValue, Method};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::cookies::{csrf_cookie, read_cookie, set_cookie};
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;

/// The random value identifying a browser to the CSRF check (request extension).
#[derive(Clone, Debug)]
pub struct CsrfVisitor(pub String);

/// The token forms must send back for `visitor`.
pub fn csrf_token(key: &[u8], visitor: &str) -> String {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(b"prongsai-csrf-v1|");
    mac.update(visitor.as_bytes());
    data_encoding::BASE64URL_NOPAD.encode(&mac.finalize().into_bytes())
}

fn token_matches(key: &[u8], visitor: &str, sent: &str) -> bool {
    let expected = csrf_token(key, visitor);
    expected.len() == sent.len() && bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn plausible_visitor(v: &str) -> bool {
    (20..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether the browser says the request comes from another site.
fn cross_site(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && (site == "cross-site" || site == "same-site")
    {
        return true;
    }
    if let (Some(origin), Some(host)) = (
        headers.get(ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(HOST).and_then(|v| v.to_str().ok()),
    ) {
        if origin == "null" {
            // Browsers send `Origin: null` for a same-origin POST from a page whose
            // referrer policy is `no-referrer` (the corruption-report channel's). Only the
            // Fetch Metadata header can then vouch for it; the token is checked anyway.
            let same_origin = headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|s| s == "same-origin");
            return !same_origin;
        }
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(origin);
        if !origin_host.eq_ignore_ascii_case(host) {
            return true;
        }
    }
    false
}

/// The middleware: gives every browser a CSRF cookie and checks state-changing requests.
pub async fn csrf_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let secure = state.config.secure_cookies;
    let name = csrf_cookie(secure);
    let (visitor, fresh) = match read_cookie(req.headers(), name) {
        Some(v) if plausible_visitor(&v) => (v, false),
        _ => (prongsai_kernel::random::token(), true),
    };
    let mut req = req;
    req.extensions_mut().insert(CsrfVisitor(visitor.clone()));
    if is_state_changing(req.method()) {
        if cross_site(&req) || fresh {
            return AppError::Kind(ErrorKind::CsrfFailed).into_response();
        }
        let limit = state.files.max_bytes + 1024 * 1024;
        match take_token(req, limit).await {
            Ok((rebuilt, Some(sent)))
                if token_matches(state.csrf_key.expose(), &visitor, &sent) =>
            {
                req = rebuilt;
            }
            Ok(_) => return AppError::Kind(ErrorKind::CsrfFailed).into_response(),
            Err(kind) => return AppError::Kind(kind).into_response(),
        }
    }
    let mut response = next.run(req).await;
    if fresh && let Ok(v) = HeaderValue::from_str(&set_cookie(name, &visitor, secure, true, None)) {
        response.headers_mut().append(SET_COOKIE, v);
    }
    response
}

/// Finds the token in the request, buffering the body when it must be read, and gives
/// back a request whose body is intact.
async fn take_token(req: Request, limit: usize) -> Result<(Request, Option<String>), ErrorKind> {
    if let Some(v) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        let v = v.to_owned();
        return Ok((req, Some(v)));
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, limit)
        .await
        .map_err(|_| ErrorKind::PayloadTooLarge)?;
    let token = if content_type.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| {
                pairs
                    .into_iter()
                    .find(|(k, _)| k == "csrf_token")
                    .map(|(_, v)| v)
            })
    } else if content_type.starts_with("multipart/form-data") {
        match multer::parse_boundary(&content_type) {
            Ok(boundary) => multipart_token(bytes.clone(), boundary).await,
            Err(_) => None,
        }
    } else {
        None
    };
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

async fn multipart_token(bytes: Bytes, boundary: String) -> Option<String> {
    let stream = futures::stream::once(async move { Ok::<_, Infallible>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("csrf_token") {
            return field.text().await.ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_key_and_visitor() {
        let t = csrf_token(b"key", "visitor-aaaaaaaaaaaaaaaaaaaa");
        assert!(token_matches(b"key", "visitor-aaaaaaaaaaaaaaaaaaaa", &t));
        assert!(!token_matches(b"key", "visitor-bbbbbbbbbbbbbbbbbbbb", &t));
        assert!(!token_matches(b"other", "visitor-aaaaaaaaaaaaaaaaaaaa", &t));
        assert!(!token_matches(b"key", "visitor-aaaaaaaaaaaaaaaaaaaa", ""));
    }

    #[test]
    fn visitor_values_are_checked() {
        assert!(plausible_visitor(&prongsai_kernel::random::token()));
        assert!(!plausible_visitor("short"));
        assert!(!plausible_visitor("has spaces in it and is long enough"));
    }
}
