//! `/`: the home page.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use prongsai_db::entities::organization;
use prongsai_db::sea_orm::EntityTrait;
use prongsai_kernel::publication::ListFilter;
use prongsai_news::store::PublicNews;
use prongsai_web::page_cache::PageKey;
use prongsai_web::{AppResult, AppState, Page, PublicLink, Shell};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(show_home))
        .route("/search", get(crate::search::show_search))
        .route("/api/v1/search", get(crate::search::search_json))
}

/// How many news items the home page shows.
const LATEST_NEWS: u64 = 5;

#[derive(Template)]
#[template(path = "portal/home.html")]
struct HomePage {
    shell: Shell,
    links: Vec<PublicLink>,
    news: Vec<PublicNews>,
    address: String,
    phone: String,
    email: String,
}

impl HomePage {
    fn category_name<'a>(&self, n: &'a PublicNews) -> &'a str {
        if self.shell.is_en() && !n.snapshot.category_en.is_empty() {
            &n.snapshot.category_en
        } else {
            &n.snapshot.category_th
        }
    }
}

async fn show_home(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let key = PageKey {
        organization_id: shell.tenant.id,
        lang: shell.lang,
        target: "/".into(),
    };
    if let Some(html) = state.pages.get(&key) {
        return Ok(Html(html).into_response());
    }
    let org = shell.tenant.id;
    let (news, _) = prongsai_news::store::list_public_news(
        &state.db,
        org,
        &ListFilter::default(),
        0,
        LATEST_NEWS,
    )
    .await?;
    let contact = organization::Entity::find_by_id(org)
        .one(state.db.conn())
        .await?;
    let mut links = state.public_links.clone();
    links.sort_by_key(|l| l.order);
    let page = HomePage {
        shell,
        links,
        news,
        address: contact
            .as_ref()
            .map(|c| c.address_th.clone())
            .unwrap_or_default(),
        phone: contact
            .as_ref()
            .map(|c| c.phone.clone())
            .unwrap_or_default(),
        email: contact.map(|c| c.email).unwrap_or_default(),
    };
    let html = bytes::Bytes::from(page.render()?);
    state.pages.put(key, html.clone());
    Ok(Html(html).into_response())
}
