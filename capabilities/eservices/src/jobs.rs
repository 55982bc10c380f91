//! Background work of e-services: telling a citizen about their request (once per status
//! change), and flagging overdue requests to their division every hour.

use chrono::{Duration, NaiveDate};
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use prongsai_jobs::{Job, Registry};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Actor, Error};
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::REQUEST_KIND;
use crate::model::{RequestStatus, request_event, service_request};

pub fn register(registry: &mut Registry<AppState>) {
    registry
        .register::<NotifyRequestStatus>()
        .every::<FlagOverdueRequests>(Duration::hours(1), || FlagOverdueRequests)
        .register::<OverdueDivisionMail>();
}

/// Queues the e-mail about a status change (inside the change's transaction).
pub async fn enqueue_status_mail(
    db: &impl ConnectionTrait,
    organization_id: i64,
    request_id: i64,
    event_id: i64,
    origin: &str,
) -> prongsai_kernel::Result<()> {
    prongsai_jobs::enqueue(
        db,
        &NotifyRequestStatus {
            organization_id,
            request_id,
            event_id,
            origin: origin.to_owned(),
        },
    )
    .await?;
    Ok(())
}

/// E-mails the citizen about one status change of their request.
#[derive(Debug, Serialize, Deserialize)]
pub struct NotifyRequestStatus {
    pub organization_id: i64,
    pub request_id: i64,
    pub event_id: i64,
    /// The site's address as the staff member saw it, for the link.
    pub origin: String,
}

/// The e-mail about a status change: subject and body.
pub fn status_mail(
    org_name: &str,
    origin: &str,
    service_title: &str,
    request: &service_request::Model,
    status: RequestStatus,
    note: &str,
    survey_path: Option<&str>,
) -> (String, String) {
    let code = prongsai_kernel::tracking::format_tracking_code(&request.tracking_code);
    let subject = format!("คำร้อง {code}: {}", status.thai());
    let mut body = format!(
        "{org_name}\n\nเรียน ผู้ยื่นคำร้อง\n\nคำร้อง \"{service_title}\" เลขติดตาม {code}\nสถานะ: {}\n",
        status.thai()
    );
    if !note.is_empty() {
        body.push_str(&format!("ข้อความจากเจ้าหน้าที่: {note}\n"));
    }
    if !status.is_closed() {
        body.push_str(&format!(
            "กำหนดแล้วเสร็จ: {}\n",
            prongsai_thai::format_date(
                request.due_on,
                prongsai_thai::MonthStyle::Full,
                prongsai_thai::Digits::Arabic
            )
        ));
    }
    body.push_str(&format!(
        "\nติดตามสถานะได้ที่ {origin}/track ด้วยเลขติดตาม {code}\n"
    ));
    if let Some(path) = survey_path {
        body.push_str(&format!(
            "\nกรุณาประเมินความพึงพอใจการให้บริการ (ไม่ถึงหนึ่งนาที ไม่ระบุตัวตน): {origin}{path}\n"
        ));
    }
    body.push_str("\nอีเมลนี้ส่งโดยอัตโนมัติ กรุณาอย่าตอบกลับ\n");
    (subject, body)
}

#[async_trait::async_trait]
impl Job<AppState> for NotifyRequestStatus {
    const NAME: &'static str = "eservices.notify_status";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("request-status:{}", self.event_id))
    }

    fn organization_id(&self) -> Option<i64> {
        Some(self.organization_id)
    }

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let db = state.db.conn();
        let Some(event) = request_event::Entity::find_by_id(self.event_id)
            .filter(request_event::Column::OrganizationId.eq(self.organization_id))
            .one(db)
            .await?
        else {
            return Ok(());
        };
        // Sent already (the job ran, then its worker died before marking it done).
        if event.notified_at.is_some() {
            return Ok(());
        }
        let Some(request) = service_request::Entity::find_by_id(self.request_id)
            .filter(service_request::Column::OrganizationId.eq(self.organization_id))
            .one(db)
            .await?
        else {
            return Ok(());
        };
        if request.email.is_empty() {
            return Ok(());
        }
        let status = event
            .status
            .as_deref()
            .and_then(RequestStatus::from_code)
            .ok_or_else(|| Error::internal("a status event without a status"))?;
        let form = crate::store::get_form_version(
            db,
            self.organization_id,
            request.eservice_id,
            request.form_version,
        )
        .await?;
        let survey = if status == RequestStatus::Completed {
            prongsai_surveys::store::find_open_token(
                db,
                self.organization_id,
                prongsai_surveys::model::Source::Request,
                request.id,
            )
            .await?
            .map(|t| prongsai_surveys::store::survey_path(&t))
        } else {
            None
        };
        let tenant = prongsai_kernel::tenant::get_tenant(db, self.organization_id).await?;
        let (subject, body) = status_mail(
            &tenant.name_th,
            &self.origin,
            &form.title,
            &request,
            status,
            &event.note,
            survey.as_deref(),
        );
        state.mailer.send(&request.email, &subject, &body).await?;
        let mut a = event.into_active_model();
        a.notified_at = Set(Some(prongsai_kernel::clock::now()));
        a.update(db).await?;
        Ok(())
    }
}

/// Flags open requests whose due day has passed, and e-mails each division that got new
/// overdue requests (once a day).
#[derive(Debug, Serialize, Deserialize)]
pub struct FlagOverdueRequests;

/// Flags overdue requests of every organization as of `today`; returns how many were
/// newly flagged.
pub async fn flag_overdue_requests(
    db: &prongsai_db::Db,
    today: NaiveDate,
) -> prongsai_kernel::Result<u64> {
    let open = [
        RequestStatus::Received.code(),
        RequestStatus::InProgress.code(),
        RequestStatus::Waiting.code(),
    ];
    let late = service_request::Entity::find()
        .filter(service_request::Column::Status.is_in(open))
        .filter(service_request::Column::Overdue.eq(false))
        .filter(service_request::Column::DueOn.lt(today))
        .order_by_asc(service_request::Column::OrganizationId)
        .order_by_asc(service_request::Column::Id)
        .all(db.conn())
        .await?;
    let mut flagged = 0;
    let mut divisions: Vec<(i64, i64)> = Vec::new();
    for r in late {
        let txn = db.begin_write().await?;
        let now = prongsai_kernel::clock::now();
        let (org, id, division) = (r.organization_id, r.id, r.division_id);
        let mut a = r.into_active_model();
        a.overdue = Set(true);
        a.overdue_at = Set(Some(now));
        a.update(&txn).await?;
        audit::record(
            &txn,
            Some(org),
            Actor::System,
            "service_request.overdue",
            Target::new(REQUEST_KIND, id),
            json!({}),
        )
        .await?;
        if let Some(d) = division
            && !divisions.contains(&(org, d))
        {
            divisions.push((org, d));
            prongsai_jobs::enqueue(
                &txn,
                &OverdueDivisionMail {
                    organization_id: org,
                    division_id: d,
                    day: today,
                },
            )
            .await?;
        }
        txn.commit().await?;
        flagged += 1;
    }
    Ok(flagged)
}

#[async_trait::async_trait]
impl Job<AppState> for FlagOverdueRequests {
    const NAME: &'static str = "eservices.flag_overdue";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let n =
            flag_overdue_requests(&state.db, prongsai_kernel::clock::today_in_thailand()).await?;
        if n > 0 {
            tracing::info!(flagged = n, "overdue requests flagged");
        }
        Ok(())
    }
}

/// Tells a division's staff (those with an e-mail address) which of its requests are
/// overdue: codes, services and due dates, no personal data.
#[derive(Debug, Serialize, Deserialize)]
pub struct OverdueDivisionMail {
    pub organization_id: i64,
    pub division_id: i64,
    pub day: NaiveDate,
}

#[async_trait::async_trait]
impl Job<AppState> for OverdueDivisionMail {
    const NAME: &'static str = "eservices.overdue_mail";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!(
            "overdue-mail:{}:{}:{}",
            self.organization_id, self.division_id, self.day
        ))
    }

    fn organization_id(&self) -> Option<i64> {
        Some(self.organization_id)
    }

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let db = state.db.conn();
        let staff: Vec<String> = user::Entity::find()
            .filter(user::Column::OrganizationId.eq(self.organization_id))
            .filter(user::Column::DivisionId.eq(self.division_id))
            .filter(user::Column::IsActive.eq(true))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|u| u.email.filter(|e| !e.trim().is_empty()))
            .collect();
        if staff.is_empty() {
            return Ok(());
        }
        let overdue = service_request::Entity::find()
            .filter(service_request::Column::OrganizationId.eq(self.organization_id))
            .filter(service_request::Column::DivisionId.eq(self.division_id))
            .filter(service_request::Column::Overdue.eq(true))
            .filter(service_request::Column::Status.is_not_in([
                RequestStatus::Completed.code(),
                RequestStatus::Rejected.code(),
            ]))
            .order_by_asc(service_request::Column::DueOn)
            .all(db)
            .await?;
        if overdue.is_empty() {
            return Ok(());
        }
        let origin = prongsai_surveys::store::site_origin(db, self.organization_id).await?;
        let mut body = format!(
            "คำร้องออนไลน์ของส่วนงานที่เกินกำหนดแล้วเสร็จ {} เรื่อง\n\n",
            overdue.len()
        );
        for r in &overdue {
            body.push_str(&format!(
                "- {} กำหนดเสร็จ {} : {origin}/staff/requests/{}\n",
                prongsai_kernel::tracking::format_tracking_code(&r.tracking_code),
                prongsai_thai::format_date(
                    r.due_on,
                    prongsai_thai::MonthStyle::Abbreviated,
                    prongsai_thai::Digits::Arabic
                ),
                r.id
            ));
        }
        body.push_str(&format!(
            "\nรายการทั้งหมด: {origin}/staff/requests?overdue=1&division={}\n",
            self.division_id
        ));
        let subject = format!("คำร้องเกินกำหนด {} เรื่อง", overdue.len());
        for to in staff {
            state.mailer.send(&to, &subject, &body).await?;
        }
        Ok(())
    }
}
