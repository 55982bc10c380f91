//! The monthly summary: a daily job enqueues, for every organization, the summary of the
//! month just ended (once: the dedupe key names the month); that job publishes it and
//! enqueues one e-mail per executive (once each, by key).

use chrono::{Duration, NaiveDate};
use prongsai_jobs::{Job, Registry};
use prongsai_kernel::{Actor, Authorized, Role};
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};

use crate::permissions::PublishSurveySummaries;
use crate::store;

pub fn register(registry: &mut Registry<AppState>) {
    registry
        .every::<ScheduleSurveySummaries>(Duration::hours(24), || ScheduleSurveySummaries)
        .register::<MonthlySurveySummary>()
        .register::<SurveySummaryMail>();
}

/// Enqueues last month's summary of every organization.
#[derive(Debug, Serialize, Deserialize)]
pub struct ScheduleSurveySummaries;

#[async_trait::async_trait]
impl Job<AppState> for ScheduleSurveySummaries {
    const NAME: &'static str = "surveys.schedule_monthly_summaries";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let month =
            store::previous_month(store::month_of(prongsai_kernel::clock::today_in_thailand()));
        for org in prongsai_kernel::tenant::list_organizations(state.db.conn()).await? {
            prongsai_jobs::enqueue(
                state.db.conn(),
                &MonthlySurveySummary {
                    organization_id: org.id,
                    month,
                },
            )
            .await?;
        }
        Ok(())
    }
}

/// Produces and publishes the summary of one month of one organization, and e-mails it
/// to the executives the first time.
#[derive(Debug, Serialize, Deserialize)]
pub struct MonthlySurveySummary {
    pub organization_id: i64,
    /// The first day of the month.
    pub month: NaiveDate,
}

#[async_trait::async_trait]
impl Job<AppState> for MonthlySurveySummary {
    const NAME: &'static str = "surveys.monthly_summary";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!(
            "survey-summary:{}:{}",
            self.organization_id,
            store::month_code(self.month)
        ))
    }

    fn organization_id(&self) -> Option<i64> {
        Some(self.organization_id)
    }

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let auth =
            Authorized::<PublishSurveySummaries>::system(self.organization_id, Actor::System);
        let produced = store::produce_monthly_summary(&state.db, &auth, self.month).await?;
        state.pages.invalidate_organization(self.organization_id);
        if produced.first {
            enqueue_summary_mails(&state.db, self.organization_id, self.month).await?;
        }
        tracing::info!(
            organization = self.organization_id,
            version = produced.version,
            "survey summary published"
        );
        Ok(())
    }
}

/// Enqueues the e-mail of a month's summary to every executive with an address (once
/// per executive and month).
pub async fn enqueue_summary_mails(
    db: &prongsai_db::Db,
    organization_id: i64,
    month: NaiveDate,
) -> prongsai_kernel::Result<()> {
    for u in store::list_mail_recipients(db.conn(), organization_id, Role::Executive).await? {
        prongsai_jobs::enqueue(
            db.conn(),
            &SurveySummaryMail {
                organization_id,
                month,
                user_id: u.id,
            },
        )
        .await?;
    }
    Ok(())
}

/// The e-mail of a month's summary to one executive.
#[derive(Debug, Serialize, Deserialize)]
pub struct SurveySummaryMail {
    pub organization_id: i64,
    pub month: NaiveDate,
    pub user_id: i64,
}

/// The text of the summary e-mail.
pub fn summary_mail_body(
    org_name: &str,
    origin: &str,
    s: &store::SummarySnapshot,
) -> (String, String) {
    let month = store::month_label(s.month, false);
    let subject = format!("สรุปผลการประเมินความพึงพอใจการให้บริการ เดือน{month}");
    let mut body = format!("{org_name}\n{subject}\n\n");
    if s.total.responses == 0 {
        body.push_str("เดือนนี้ไม่มีผู้ตอบแบบประเมิน\n");
    } else {
        body.push_str(&format!(
            "ผู้ตอบแบบประเมิน {} ราย (ออนไลน์ {} ราย, ณ จุดบริการ {} ราย)\nความพึงพอใจโดยรวมเฉลี่ย {} จาก 5 คะแนน, พึงพอใจมากถึงมากที่สุด {}\n\nแยกตามส่วนงาน\n",
            s.total.responses,
            s.online.responses,
            s.walk_in.responses,
            s.total.overall_label(),
            s.total.satisfied_label(),
        ));
        for d in &s.divisions {
            body.push_str(&format!(
                "- {}: {} ราย, เฉลี่ย {}\n",
                d.name_th,
                d.scores.responses,
                d.scores.overall_label()
            ));
        }
    }
    body.push_str(&format!(
        "\nรายละเอียดและแผนภูมิ: {origin}/surveys/{}\n",
        store::month_code(s.month)
    ));
    (subject, body)
}

#[async_trait::async_trait]
impl Job<AppState> for SurveySummaryMail {
    const NAME: &'static str = "surveys.summary_mail";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!(
            "survey-summary-mail:{}:{}:{}",
            self.organization_id,
            store::month_code(self.month),
            self.user_id
        ))
    }

    fn organization_id(&self) -> Option<i64> {
        Some(self.organization_id)
    }

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let db = state.db.conn();
        let Some(u) = store::list_mail_recipients(db, self.organization_id, Role::Executive)
            .await?
            .into_iter()
            .find(|u| u.id == self.user_id)
        else {
            // No longer an executive, or no address: nothing to send.
            return Ok(());
        };
        let Some(to) = u.email.clone() else {
            return Ok(());
        };
        let summary = store::get_public_summary(db, self.organization_id, self.month).await?;
        let tenant = prongsai_kernel::tenant::get_tenant(db, self.organization_id).await?;
        let origin = store::site_origin(db, self.organization_id).await?;
        let (subject, body) = summary_mail_body(&tenant.name_th, &origin, &summary.snapshot);
        state.mailer.send(&to, &subject, &body).await?;
        Ok(())
    }
}
