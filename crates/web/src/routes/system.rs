//! `/healthz`, `/metrics`, `/lang`, and the static assets compiled into the binary.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::cookies::{LANG_COOKIE, set_cookie};
use crate::extract::{PeerAddr, is_local_path};
use crate::i18n::Lang;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/lang", get(switch_language))
        .route(
            "/static/app.css",
            get(|| {
                asset(
                    "text/css; charset=utf-8",
                    include_str!("../../static/app.css"),
                )
            }),
        )
        .route(
            "/static/app.js",
            get(|| {
                asset(
                    "text/javascript; charset=utf-8",
                    include_str!("../../static/app.js"),
                )
            }),
        )
        .route(
            "/static/favicon.svg",
            get(|| asset("image/svg+xml", include_str!("../../static/favicon.svg"))),
        )
        .route(
            "/favicon.ico",
            get(|| async { Redirect::permanent("/static/favicon.svg") }),
        )
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Liveness and readiness: the process answers and the database answers.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// Prometheus metrics, for the machine itself (loopback) or a scraper with the token.
async fn metrics(
    State(state): State<AppState>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
) -> Response {
    let local = peer.is_some_and(|addr| addr.ip().is_loopback()) && !state.config.behind_proxy;
    let token_ok = match (&state.config.metrics_token, headers.get(AUTHORIZATION)) {
        (Some(token), Some(value)) => {
            let expected = format!("Bearer {}", token.expose());
            bool::from(expected.as_bytes().ct_eq(value.as_bytes()))
        }
        _ => false,
    };
    if !local && !token_ok {
        return StatusCode::NOT_FOUND.into_response();
    }
    let extra = match job_gauges(&state).await {
        Ok(text) => text,
        Err(e) => {
            tracing::warn!(error = %e, "metrics: could not count jobs");
            String::new()
        }
    };
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(&extra),
    )
        .into_response()
}

async fn job_gauges(state: &AppState) -> Result<String, prongsai_db::sea_orm::DbErr> {
    use prongsai_db::entities::job;
    use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let mut out = String::from(
        "# HELP prongsai_jobs Background jobs by status.\n# TYPE prongsai_jobs gauge\n",
    );
    for status in ["queued", "running", "failed"] {
        let n = job::Entity::find()
            .filter(job::Column::Status.eq(status))
            .count(state.db.conn())
            .await?;
        out.push_str(&format!("prongsai_jobs{{status=\"{status}\"}} {n}\n"));
    }
    Ok(out)
}

#[derive(Deserialize)]
struct LangQuery {
    to: String,
    #[serde(default)]
    back: String,
}

/// Switches the interface language (a preference cookie) and goes back.
async fn switch_language(State(state): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::from_code(&q.to).unwrap_or_default();
    let back = if is_local_path(&q.back) {
        q.back
    } else {
        "/".to_owned()
    };
    let cookie = set_cookie(
        LANG_COOKIE,
        lang.code(),
        state.config.secure_cookies,
        false,
        Some(365 * 24 * 3600),
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(v) = cookie.parse() {
        response.headers_mut().insert(SET_COOKIE, v);
    }
    response
}
