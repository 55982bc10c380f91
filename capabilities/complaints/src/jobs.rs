//! Background jobs: e-mail to the complainant about each public step of their
//! complaint, and the periodic overdue flag.

use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use prongsai_jobs::{Job, Registry};
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};

use crate::model::{EventKind, Status, complaint, event};

pub fn register(registry: &mut Registry<AppState>) {
    registry
        .register::<NotifyComplainant>()
        .every::<FlagOverdueComplaints>(chrono::Duration::hours(1), || FlagOverdueComplaints);
}

/// Tells the complainant, by e-mail, about one public event of their complaint:
/// received (with the tracking code), a status change, an answer, a reopening. Once
/// per event (the dedupe key), whatever the retries.
#[derive(Debug, Serialize, Deserialize)]
pub struct NotifyComplainant {
    pub organization_id: i64,
    pub complaint_id: i64,
    pub event_id: i64,
    /// The site's origin as the complainant or staff used it (`https://kudjok.go.th`).
    pub site: String,
}

/// The Thai name of a status, for e-mail (citizens read Thai).
pub fn status_th(status: Status) -> &'static str {
    match status {
        Status::Received => "รับเรื่องแล้ว",
        Status::InProgress => "อยู่ระหว่างดำเนินการ",
        Status::Waiting => "รอข้อมูลเพิ่มเติมจากผู้ร้องเรียน",
        Status::Completed => "ดำเนินการแล้วเสร็จ",
        Status::NotAccepted => "ไม่รับเรื่อง",
    }
}

/// The subject and body of the e-mail about an event.
pub fn message_for(
    org_name: &str,
    c: &complaint::Model,
    e: &event::Model,
    site: &str,
) -> (String, String) {
    let code = prongsai_kernel::tracking::format_tracking_code(&c.tracking_code);
    let status = Status::from_code(&e.status).unwrap_or(Status::Received);
    let what = match EventKind::from_code(&e.kind) {
        Some(EventKind::Received) => "ได้รับเรื่องร้องเรียนของท่านแล้ว".to_owned(),
        Some(EventKind::Answer) => "เจ้าหน้าที่ตอบเรื่องร้องเรียนของท่าน".to_owned(),
        Some(EventKind::Reopened) => "เรื่องร้องเรียนของท่านถูกเปิดอีกครั้ง".to_owned(),
        _ => format!("สถานะเรื่องร้องเรียนของท่าน: {}", status_th(status)),
    };
    let subject = format!("{org_name}: เรื่องร้องเรียน {code} {}", status_th(status));
    let mut body = format!(
        "เรียน ผู้ร้องเรียน\n\n{what}\n\nรหัสติดตามเรื่อง: {code}\nสถานะ: {}\n",
        status_th(status)
    );
    if EventKind::from_code(&e.kind) == Some(EventKind::Received) {
        let due = prongsai_thai::format_date(
            c.due_on,
            prongsai_thai::MonthStyle::Full,
            prongsai_thai::Digits::Arabic,
        );
        body.push_str(&format!("กำหนดดำเนินการแล้วเสร็จ: ภายใน {due}\n"));
    }
    if !e.message.is_empty() {
        body.push_str(&format!("\nข้อความจากเจ้าหน้าที่:\n{}\n", e.message));
    }
    body.push_str(&format!(
        "\nติดตามเรื่องได้ที่ {site}/complaints/track โดยกรอกรหัสติดตามเรื่องข้างต้น\n\
         กรุณาเก็บรหัสนี้ไว้ ผู้ที่มีรหัสจะเห็นสถานะและคำตอบของเรื่องนี้\n\n{org_name}\n\
         (อีเมลนี้ส่งโดยอัตโนมัติ กรุณาอย่าตอบกลับ)\n"
    ));
    (subject, body)
}

#[async_trait::async_trait]
impl Job<AppState> for NotifyComplainant {
    const NAME: &'static str = "complaints.notify_complainant";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("complaints.notify:{}", self.event_id))
    }

    fn organization_id(&self) -> Option<i64> {
        Some(self.organization_id)
    }

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let conn = state.db.conn();
        let Some(c) = complaint::Entity::find_by_id(self.complaint_id)
            .filter(complaint::Column::OrganizationId.eq(self.organization_id))
            .one(conn)
            .await?
        else {
            return Ok(());
        };
        let Some(e) = event::Entity::find_by_id(self.event_id)
            .filter(event::Column::OrganizationId.eq(self.organization_id))
            .filter(event::Column::ComplaintId.eq(c.id))
            .one(conn)
            .await?
        else {
            return Ok(());
        };
        if c.email.is_empty() || !e.public {
            return Ok(());
        }
        let tenant = prongsai_kernel::tenant::get_tenant(conn, self.organization_id).await?;
        let (subject, body) = message_for(&tenant.name_th, &c, &e, &self.site);
        state.mailer.send(&c.email, &subject, &body).await?;
        Ok(())
    }
}

/// Flags complaints past their deadline (hourly).
#[derive(Debug, Serialize, Deserialize)]
pub struct FlagOverdueComplaints;

#[async_trait::async_trait]
impl Job<AppState> for FlagOverdueComplaints {
    const NAME: &'static str = "complaints.flag_overdue";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let n = crate::store::flag_overdue(&state.db).await?;
        if n > 0 {
            tracing::info!(flagged = n, "overdue complaints flagged");
        }
        Ok(())
    }
}
