//! "Coming soon" pages for services whose capability has not landed yet, so that the
//! home page's links (capabilities/portal) never break.

use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::get;

use crate::error::AppResult;
use crate::extract::Page;
use crate::manifest::PublicLink;
use crate::shell::Shell;
use crate::state::AppState;

/// Services announced on the home page before their capability exists. Remove an
/// entry when its capability provides the page.
pub const PLACEHOLDERS: &[PublicLink] = &[];

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for link in PLACEHOLDERS {
        let link = *link;
        router = router.route(
            link.href,
            get(move |page: Page| show_coming_soon(page, link)),
        );
    }
    router
}

#[derive(Template)]
#[template(path = "coming_soon.html")]
struct ComingSoonPage {
    shell: Shell,
    label: &'static str,
    description: &'static str,
}

async fn show_coming_soon(Page(shell): Page, link: PublicLink) -> AppResult<Response> {
    let title = shell.t(link.label).to_owned();
    super::render(&ComingSoonPage {
        shell: shell.with_title(title),
        label: link.label,
        description: link.description,
    })
}
