//! Background jobs, stored in the database so that they survive restarts and are shared
//! by every server of a deployment.
//!
//! A job is a small serialisable struct (usually ids) with a stable `NAME`, registered
//! once in a [`Registry`]. Enqueueing with a `dedupe_key` is idempotent: a second job
//! with the same key is not created. A failed run is retried with exponential backoff up
//! to `MAX_ATTEMPTS`; a worker that dies mid-job loses its lease and the job runs again,
//! so every job must be safe to run twice. Workers run inside `prongsai serve` and in
//! `prongsai worker`; any number may run at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use prongsai_db::Db;
use prongsai_db::entities::job;
use prongsai_db::sea_orm::sea_query::Expr;
use prongsai_db::sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TryInsertResult,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A kind of background work. `C` is the application context the job runs with.
#[async_trait::async_trait]
pub trait Job<C>: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Stable name, stored with each job: never rename one that may be queued.
    const NAME: &'static str;
    const MAX_ATTEMPTS: i32 = 5;

    /// Jobs with equal keys are created once.
    fn dedupe_key(&self) -> Option<String> {
        None
    }

    fn organization_id(&self) -> Option<i64> {
        None
    }

    async fn run(&self, ctx: &C) -> anyhow::Result<()>;
}

type Runner<C> =
    Arc<dyn Fn(serde_json::Value, C) -> BoxFuture<'static, anyhow::Result<()>> + Send + Sync>;

/// A job that enqueues itself once per period.
struct Periodic<C> {
    name: &'static str,
    every: Duration,
    enqueue:
        Arc<dyn Fn(Db, String) -> BoxFuture<'static, prongsai_kernel::Result<()>> + Send + Sync>,
    _c: std::marker::PhantomData<fn(C)>,
}

/// Every job kind the application knows, and the periodic ones.
pub struct Registry<C> {
    runners: HashMap<&'static str, Runner<C>>,
    periodic: Vec<Periodic<C>>,
}

impl<C: Clone + Send + Sync + 'static> Default for Registry<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: Clone + Send + Sync + 'static> Registry<C> {
    pub fn new() -> Self {
        Self {
            runners: HashMap::new(),
            periodic: Vec::new(),
        }
    }

    /// Registers a job kind. Registering two kinds under one name is a programming
    /// error, caught by the registry's test in the server.
    pub fn register<J: Job<C>>(&mut self) -> &mut Self {
        let runner: Runner<C> = Arc::new(|payload, ctx| {
            Box::pin(async move {
                let job: J = serde_json::from_value(payload)?;
                job.run(&ctx).await
            })
        });
        let previous = self.runners.insert(J::NAME, runner);
        assert!(previous.is_none(), "job {} registered twice", J::NAME);
        self
    }

    /// Registers a job that is enqueued once every `every` (on whichever server gets
    /// there first), built by `make`.
    pub fn every<J: Job<C>>(&mut self, every: Duration, make: fn() -> J) -> &mut Self {
        self.register::<J>();
        self.periodic.push(Periodic {
            name: J::NAME,
            every,
            enqueue: Arc::new(move |db, key| {
                Box::pin(async move {
                    enqueue_with_key(db.conn(), &make(), Some(key), None).await?;
                    Ok(())
                })
            }),
            _c: std::marker::PhantomData,
        });
        self
    }

    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.runners.keys().copied().collect();
        names.sort();
        names
    }
}

/// Adds a job to the queue (inside a transaction or not). Returns false when a job with
/// the same dedupe key already existed.
pub async fn enqueue<C, J: Job<C>>(
    db: &impl ConnectionTrait,
    job: &J,
) -> prongsai_kernel::Result<bool> {
    enqueue_with_key(db, job, job.dedupe_key(), None).await
}

/// Adds a job to run at `at`.
pub async fn enqueue_at<C, J: Job<C>>(
    db: &impl ConnectionTrait,
    job: &J,
    at: DateTime<Utc>,
) -> prongsai_kernel::Result<bool> {
    enqueue_with_key(db, job, job.dedupe_key(), Some(at)).await
}

async fn enqueue_with_key<C, J: Job<C>>(
    db: &impl ConnectionTrait,
    job: &J,
    dedupe_key: Option<String>,
    at: Option<DateTime<Utc>>,
) -> prongsai_kernel::Result<bool> {
    let now = prongsai_kernel::clock::now();
    let model = job::ActiveModel {
        organization_id: Set(job.organization_id()),
        name: Set(J::NAME.to_owned()),
        dedupe_key: Set(dedupe_key),
        payload: Set(serde_json::to_value(job)?),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        max_attempts: Set(J::MAX_ATTEMPTS),
        run_at: Set(at.unwrap_or(now)),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    };
    // ON CONFLICT DO NOTHING keeps an enclosing PostgreSQL transaction usable when the
    // key exists (a failed INSERT would abort it).
    let result = job::Entity::insert(model)
        .on_conflict_do_nothing_on([job::Column::DedupeKey])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(n) if n > 0))
}

/// Delay before retry `attempt` (1-based): 10 s, 20 s, 40 s... at most an hour.
pub fn backoff(attempt: i32) -> Duration {
    let exp = attempt.clamp(1, 20) - 1;
    let secs = 10i64.saturating_mul(1i64 << exp);
    Duration::seconds(secs.min(3600))
}

/// How long a claimed job is leased to its worker before another may take it.
pub const LEASE: Duration = Duration::minutes(10);

/// Runs jobs.
pub struct Worker<C> {
    registry: Arc<Registry<C>>,
    ctx: C,
    db: Db,
    id: String,
    poll: StdDuration,
}

/// The outcome of one step of a worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Idle,
    Done { id: i64, name: String },
    Retry { id: i64, name: String },
    Failed { id: i64, name: String },
}

impl<C: Clone + Send + Sync + 'static> Worker<C> {
    pub fn new(registry: Arc<Registry<C>>, ctx: C, db: Db) -> Self {
        Self {
            registry,
            ctx,
            db,
            id: format!("worker-{}", &prongsai_kernel::random::token()[..8]),
            poll: StdDuration::from_secs(1),
        }
    }

    pub fn with_poll_interval(mut self, poll: StdDuration) -> Self {
        self.poll = poll;
        self
    }

    /// Runs until `shutdown` resolves, finishing the job in hand first.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            if let Err(e) = self.enqueue_periodic().await {
                tracing::warn!(error = %e, "could not enqueue periodic jobs");
            }
            let step = match self.run_one().await {
                Ok(step) => step,
                Err(e) => {
                    tracing::warn!(error = %e, "job queue error");
                    Step::Idle
                }
            };
            if step == Step::Idle {
                tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(self.poll) => {}
                }
            } else if futures::FutureExt::now_or_never(&mut shutdown).is_some() {
                break;
            }
        }
        tracing::info!(worker = %self.id, "worker stopped");
    }

    /// Enqueues the periodic jobs of the current period (idempotent).
    pub async fn enqueue_periodic(&self) -> prongsai_kernel::Result<()> {
        let now = prongsai_kernel::clock::now();
        for p in &self.registry.periodic {
            let bucket = now.timestamp().div_euclid(p.every.num_seconds().max(1));
            let key = format!("periodic:{}:{bucket}", p.name);
            (p.enqueue)(self.db.clone(), key).await?;
        }
        Ok(())
    }

    /// Claims and runs one due job, if any.
    pub async fn run_one(&self) -> prongsai_kernel::Result<Step> {
        let conn = self.db.conn();
        let now = prongsai_kernel::clock::now();
        // Jobs whose worker died: their lease ran out, queue them again.
        job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value("queued"))
            .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
            .filter(job::Column::Status.eq("running"))
            .filter(job::Column::LockedUntil.lt(now))
            .exec(conn)
            .await?;
        let candidates = job::Entity::find()
            .filter(job::Column::Status.eq("queued"))
            .filter(job::Column::RunAt.lte(now))
            .order_by_asc(job::Column::RunAt)
            .order_by_asc(job::Column::Id)
            .limit(5)
            .all(conn)
            .await?;
        for candidate in candidates {
            // The conditional update is the claim: only one worker sees a row changed.
            let claimed = job::Entity::update_many()
                .col_expr(job::Column::Status, Expr::value("running"))
                .col_expr(job::Column::LockedBy, Expr::value(self.id.clone()))
                .col_expr(job::Column::LockedUntil, Expr::value(now + LEASE))
                .col_expr(job::Column::Attempts, Expr::value(candidate.attempts + 1))
                .filter(job::Column::Id.eq(candidate.id))
                .filter(job::Column::Status.eq("queued"))
                .filter(job::Column::Attempts.eq(candidate.attempts))
                .exec(conn)
                .await?
                .rows_affected
                == 1;
            if !claimed {
                continue;
            }
            let attempt = candidate.attempts + 1;
            let outcome = match self.registry.runners.get(candidate.name.as_str()) {
                Some(runner) => {
                    let fut = runner(candidate.payload.clone(), self.ctx.clone());
                    match tokio::time::timeout(
                        LEASE.to_std().unwrap_or(StdDuration::from_secs(600)),
                        fut,
                    )
                    .await
                    {
                        Ok(result) => result,
                        Err(_) => Err(anyhow::anyhow!("timed out")),
                    }
                }
                None => Err(anyhow::anyhow!("unknown job name {}", candidate.name)),
            };
            let finished = prongsai_kernel::clock::now();
            let step = match outcome {
                Ok(()) => {
                    job::Entity::update_many()
                        .col_expr(job::Column::Status, Expr::value("done"))
                        .col_expr(job::Column::FinishedAt, Expr::value(finished))
                        .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
                        .filter(job::Column::Id.eq(candidate.id))
                        .exec(conn)
                        .await?;
                    Step::Done {
                        id: candidate.id,
                        name: candidate.name,
                    }
                }
                Err(error) => {
                    let give_up = attempt >= candidate.max_attempts;
                    let message: String = format!("{error:#}").chars().take(2000).collect();
                    tracing::warn!(job = %candidate.name, id = candidate.id, attempt, give_up, "job failed");
                    let mut update = job::Entity::update_many()
                        .col_expr(job::Column::LastError, Expr::value(message))
                        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
                        .col_expr(
                            job::Column::LockedUntil,
                            Expr::value(Option::<DateTime<Utc>>::None),
                        );
                    if give_up {
                        update = update
                            .col_expr(job::Column::Status, Expr::value("failed"))
                            .col_expr(job::Column::FinishedAt, Expr::value(finished));
                    } else {
                        update = update
                            .col_expr(job::Column::Status, Expr::value("queued"))
                            .col_expr(job::Column::RunAt, Expr::value(finished + backoff(attempt)));
                    }
                    update
                        .filter(job::Column::Id.eq(candidate.id))
                        .exec(conn)
                        .await?;
                    if give_up {
                        Step::Failed {
                            id: candidate.id,
                            name: candidate.name,
                        }
                    } else {
                        Step::Retry {
                            id: candidate.id,
                            name: candidate.name,
                        }
                    }
                }
            };
            return Ok(step);
        }
        Ok(Step::Idle)
    }
}

/// Deletes finished jobs older than `age` (kept a while for inspection).
pub async fn purge_finished_jobs(
    db: &impl ConnectionTrait,
    age: Duration,
) -> prongsai_kernel::Result<u64> {
    let cutoff = prongsai_kernel::clock::now() - age;
    Ok(job::Entity::delete_many()
        .filter(job::Column::Status.eq("done"))
        .filter(job::Column::FinishedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1), Duration::seconds(10));
        assert_eq!(backoff(2), Duration::seconds(20));
        assert_eq!(backoff(4), Duration::seconds(80));
        assert_eq!(backoff(12), Duration::seconds(3600));
        assert_eq!(backoff(1000), Duration::seconds(3600));
        assert_eq!(backoff(0), Duration::seconds(10));
    }
}
