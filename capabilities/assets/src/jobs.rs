//! E-mail about loans. Overdue loans: every hour, items handed over and not back by their
//! due date are reported once to the staff of the item's division who have an e-mail
//! address, and to the borrower when they left one. The borrower also hears of the decision
//! on their request and of a cancellation by staff ([`NotifyBorrower`]). A borrower's mail
//! names the item, the days and the tracking code, nothing about anyone else.

use chrono::Duration;
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use prongsai_jobs::{Job, Registry};
use prongsai_kernel::Actor;
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::tracking::format_tracking_code;
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::model::{asset, booking};
use crate::store;

pub fn register(registry: &mut Registry<AppState>) {
    registry
        .register::<NotifyBorrower>()
        .every::<RemindOverdueLoans>(Duration::hours(1), || RemindOverdueLoans);
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
        let code = format_tracking_code(&b.tracking_code);
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
        store::notify_borrower(&txn, &b, "overdue").await?;
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

/// Tells the borrower, by e-mail, of one event of their request: `approved`, `refused`,
/// `cancelled` (by staff) or `overdue`.
#[derive(Debug, Serialize, Deserialize)]
pub struct NotifyBorrower {
    pub organization_id: i64,
    pub booking_id: i64,
    pub event: String,
}

/// The subject and body of the borrower's e-mail about `event`.
pub fn borrower_message(
    org_name: &str,
    site: &str,
    item: &asset::Model,
    b: &booking::Model,
    event: &str,
) -> (String, String) {
    let code = format_tracking_code(&b.tracking_code);
    let (status, what) = match event {
        "approved" => (
            "อนุมัติแล้ว",
            "คำขอยืมของท่านได้รับอนุมัติแล้ว กรุณาติดต่อรับครุภัณฑ์ตามวันที่ขอยืม",
        ),
        "refused" => ("ไม่อนุมัติ", "คำขอยืมของท่านไม่ได้รับอนุมัติ"),
        "cancelled" => ("ยกเลิก", "เจ้าหน้าที่ได้ยกเลิกคำขอยืมของท่าน"),
        _ => (
            "เกินกำหนดคืน",
            "ครุภัณฑ์ที่ท่านยืมเกินกำหนดคืนแล้ว กรุณาส่งคืนโดยเร็ว หรือติดต่อเจ้าหน้าที่",
        ),
    };
    let subject = format!("{org_name}: คำขอยืม{} ({code}) {status}", item.name);
    let mut body = format!(
        "เรียน ผู้ขอยืม\n\n{what}\n\nรายการ: {} ({})\nช่วงวันที่: {}\nรหัสติดตาม: {code}\nสถานะ: {status}\n",
        item.name,
        item.code,
        store::thai_range(b.starts_on, b.ends_on),
    );
    if event != "overdue" && !b.decision_note.is_empty() {
        body.push_str(&format!("\nหมายเหตุจากเจ้าหน้าที่:\n{}\n", b.decision_note));
    }
    body.push_str(&format!(
        "\nดูสถานะได้ที่ {site}/assets/requests/{}\n\n{org_name}\n(อีเมลนี้ส่งโดยอัตโนมัติ กรุณาอย่าตอบกลับ)\n",
        b.tracking_code
    ));
    (subject, body)
}

#[async_trait::async_trait]
impl Job<AppState> for NotifyBorrower {
    const NAME: &'static str = "assets.notify_borrower";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("assets.notify:{}:{}", self.booking_id, self.event))
    }

    fn organization_id(&self) -> Option<i64> {
        Some(self.organization_id)
    }

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let conn = state.db.conn();
        let Some(b) = booking::Entity::find_by_id(self.booking_id)
            .filter(booking::Column::OrganizationId.eq(self.organization_id))
            .one(conn)
            .await?
        else {
            return Ok(());
        };
        let Some(item) = asset::Entity::find_by_id(b.asset_id)
            .filter(asset::Column::OrganizationId.eq(self.organization_id))
            .one(conn)
            .await?
        else {
            return Ok(());
        };
        if b.borrower_email.is_empty() {
            return Ok(());
        }
        let tenant = prongsai_kernel::tenant::get_tenant(conn, self.organization_id).await?;
        let site = prongsai_kernel::tenant::site_origin(conn, self.organization_id).await?;
        let (subject, body) = borrower_message(&tenant.name_th, &site, &item, &b, &self.event);
        state
            .mailer
            .send(&b.borrower_email, &subject, &body)
            .await?;
        Ok(())
    }
}
