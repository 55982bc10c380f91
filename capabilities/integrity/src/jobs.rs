//! The retention job: closed reports are deleted once their organization's retention
//! period (365 days by default) has passed since closing.

use prongsai_jobs::{Job, Registry};
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};

/// Deletes closed reports past their retention (idempotent: a second run finds none).
#[derive(Debug, Serialize, Deserialize)]
pub struct DeleteExpiredReports;

#[async_trait::async_trait]
impl Job<AppState> for DeleteExpiredReports {
    const NAME: &'static str = "integrity.delete_expired_reports";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let deleted = crate::store::delete_expired_reports(&state.db, &state.files).await?;
        let memory = crate::memory::of(state);
        for (org, id) in &deleted {
            memory.close_report_sessions(*org, *id);
        }
        tracing::info!(
            deleted = deleted.len(),
            "expired corruption reports deleted"
        );
        Ok(())
    }
}

pub fn register(registry: &mut Registry<AppState>) {
    registry.every::<DeleteExpiredReports>(chrono::Duration::hours(24), || DeleteExpiredReports);
}
