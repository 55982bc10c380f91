//! The foundation's periodic housekeeping jobs, and the registry of every job.

use chrono::Duration;
use prongsai_jobs::{Job, Registry};
use prongsai_web::AppState;
use serde::{Deserialize, Serialize};

/// Deletes expired sessions.
#[derive(Debug, Serialize, Deserialize)]
pub struct PurgeExpiredSessions;

#[async_trait::async_trait]
impl Job<AppState> for PurgeExpiredSessions {
    const NAME: &'static str = "foundation.purge_expired_sessions";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        let n = prongsai_accounts::sessions::purge_expired_sessions(state.db.conn()).await?;
        tracing::info!(deleted = n, "expired sessions purged");
        Ok(())
    }
}

/// Deletes stale sign-in throttle counters.
#[derive(Debug, Serialize, Deserialize)]
pub struct PurgeStaleThrottles;

#[async_trait::async_trait]
impl Job<AppState> for PurgeStaleThrottles {
    const NAME: &'static str = "foundation.purge_stale_throttles";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        prongsai_kernel::throttle::purge_stale_throttles(&state.db).await?;
        Ok(())
    }
}

/// Deletes finished jobs after a week.
#[derive(Debug, Serialize, Deserialize)]
pub struct PurgeFinishedJobs;

#[async_trait::async_trait]
impl Job<AppState> for PurgeFinishedJobs {
    const NAME: &'static str = "foundation.purge_finished_jobs";

    async fn run(&self, state: &AppState) -> anyhow::Result<()> {
        prongsai_jobs::purge_finished_jobs(state.db.conn(), Duration::days(7)).await?;
        Ok(())
    }
}

/// Every job kind of the application.
pub fn registry() -> Registry<AppState> {
    let mut registry = Registry::new();
    registry
        .every::<PurgeExpiredSessions>(Duration::hours(1), || PurgeExpiredSessions)
        .every::<PurgeStaleThrottles>(Duration::hours(6), || PurgeStaleThrottles)
        .every::<PurgeFinishedJobs>(Duration::hours(24), || PurgeFinishedJobs);
    for capability in crate::capabilities::all() {
        (capability.jobs)(&mut registry);
    }
    registry
}
