//! The organization's audit log, newest first (`/staff/audit`).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use prongsai_kernel::permissions::ViewAuditLog;
use serde::Deserialize;

use crate::error::AppResult;
use crate::extract::StaffPage;
use crate::manifest::MenuItem;
use crate::shell::Shell;
use crate::state::AppState;

pub const MENU: &[MenuItem] = &[MenuItem {
    label: "audit.menu",
    href: "/staff/audit",
    visible: |s| s.can::<ViewAuditLog>(),
}];

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/audit", get(show_audit_log))
}

const PER_PAGE: u64 = 50;

struct Row {
    seq: i64,
    occurred_at: chrono::DateTime<chrono::Utc>,
    actor: String,
    action: String,
    target: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    shell: Shell,
    rows: Vec<Row>,
    older: Option<i64>,
}

#[derive(Deserialize)]
struct AuditQuery {
    before: Option<i64>,
}

async fn show_audit_log(
    State(state): State<AppState>,
    page: StaffPage,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ViewAuditLog>()?;
    let org = auth.organization_id();
    let entries =
        prongsai_kernel::audit::list_audit_entries(state.db.conn(), org, PER_PAGE, q.before)
            .await?;
    let user_ids: Vec<i64> = entries.iter().filter_map(|e| e.actor_id).collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Id.is_in(user_ids))
        .all(state.db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
        .collect();
    let older = (entries.len() as u64 == PER_PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let rows = entries
        .into_iter()
        .map(|e| Row {
            seq: e.seq,
            occurred_at: e.occurred_at,
            actor: match e.actor_id {
                Some(id) => names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| format!("user {id}")),
                None => e.actor_kind.clone(),
            },
            action: e.action,
            target: match e.target_id {
                Some(id) => format!("{} {}", e.target_kind, id),
                None => e.target_kind,
            },
        })
        .collect();
    let title = page.shell.t("audit.title").to_owned();
    super::render(&AuditPage {
        shell: page.shell.with_title(title),
        rows,
        older,
    })
}
