//! Overdue loans: every hour, items handed over and not back by their due date are
//! reported once to the staff of the item's division who have an e-mail address (the
//! borrower gave only a phone number; the staff call them). No borrower data in the mail
//! beyond what staff already see.

use chrono::Duration;
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use prongsai_jobs::{Job, Registry};
use prongsai_kernel::Actor;
use prongsai_kernel::audit::{self, Target};
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::model::asset;
use crate::store;

pub fn register(registry: &mut Registry<AppState>) {
    registry.every::<RemindOverdueLoans>(Duration::hours(1), || RemindOverdueLoans);
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RemindOverdueLoans;

/// Sends the reminders due today; returns how many loans were reminded of.
pub async fn remind_overdue_loans(state: &AppState) -> anyhow::Result<usize> {
    let today = prongsai_kernel::clock::today_in_thailand();
    let mut n = 0;
    for b in store::overdue_unreminded(&state.db, today).await? {
        let org = b.organization_id;
        let Some(item) = asset::Entity::find_by_id(b.asset_id)
            .one(state.db.conn())
            .await?
        else {
            continue;
        };
        let mut to: Vec<String> = Vec::new();
        if let Some(d) = item.division_id {
            to = user::Entity::find()
                .filter(user::Column::OrganizationId.eq(org))
                .filter(user::Column::DivisionId.eq(d))
                .filter(user::Column::IsActive.eq(true))
                .all(state.db.conn())
                .await?
                .into_iter()
                .filter_map(|u| u.email.filter(|e| !e.trim().is_empty()))
                .collect();
        }
        let code = prongsai_kernel::tracking::format_tracking_code(&b.tracking_code);
        let subject = format!("ครุภัณฑ์ยืมเกินกำหนดคืน: {} ({code})", item.name);
        let body = format!(
            "{} รหัส {}\nกำหนดคืน {} (เกินกำหนดแล้ว)\nผู้ยืม {} โทร {}\n\nกรุณาติดตามการคืน และบันทึกการรับคืนที่ /staff/assets/bookings/{}\n",
            item.name,
            item.code,
            store::thai_date(b.ends_on),
            b.borrower_name,
            b.borrower_phone,
            b.id
        );
        for address in &to {
            state.mailer.send(address, &subject, &body).await?;
        }
        let txn = state.db.begin_write().await?;
        store::mark_reminded(&txn, b.id).await?;
        audit::record(
            &txn,
            Some(org),
            Actor::System,
            "asset_booking.overdue_reminder",
            Target::new("asset_booking", b.id),
            json!({ "recipients": to.len() }),
        )
        .await?;
        txn.commit().await?;
        n += 1;
    }
    Ok(n)
}

#[async_trait::async_trait]
impl Job<AppState> for RemindOverdueLoans {
    const NAME: &'static str = "assets.remind_overdue";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let n = remind_overdue_loans(state).await?;
        if n > 0 {
            tracing::info!(reminded = n, "overdue loans reminded");
        }
        Ok(())
    }
}
