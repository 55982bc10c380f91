//! The job queue on both engines: idempotent enqueueing, retries with backoff, one run
//! per job with several workers, leases of dead workers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use prongsai_db::entities::job;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use prongsai_jobs::{Job, Registry, Step, Worker};
use serde::{Deserialize, Serialize};

use crate::util::TestApp;

#[derive(Default)]
struct Ctx {
    runs: AtomicU32,
    fail_first: u32,
}

type C = Arc<Ctx>;

#[derive(Serialize, Deserialize)]
struct Count {
    key: String,
}

#[async_trait::async_trait]
impl Job<C> for Count {
    const NAME: &'static str = "test.count";
    const MAX_ATTEMPTS: i32 = 3;

    fn dedupe_key(&self) -> Option<String> {
        Some(self.key.clone())
    }

    async fn run(&self, ctx: &C) -> anyhow::Result<()> {
        let n = ctx.runs.fetch_add(1, Ordering::SeqCst) + 1;
        if n <= ctx.fail_first {
            anyhow::bail!("failure number {n}");
        }
        Ok(())
    }
}

fn registry() -> Arc<Registry<C>> {
    let mut r = Registry::new();
    r.register::<Count>();
    Arc::new(r)
}

async fn make_due(app: &TestApp) {
    for row in job::Entity::find().all(app.db().conn()).await.unwrap() {
        let mut a = row.into_active_model();
        a.run_at = Set(prongsai_kernel::clock::now() - chrono::Duration::seconds(1));
        a.update(app.db().conn()).await.unwrap();
    }
}

#[tokio::test]
async fn enqueueing_with_a_key_is_idempotent() {
    let app = TestApp::empty().await;
    let conn = app.db().conn();
    assert!(
        prongsai_jobs::enqueue::<C, _>(conn, &Count { key: "a".into() })
            .await
            .unwrap()
    );
    assert!(
        !prongsai_jobs::enqueue::<C, _>(conn, &Count { key: "a".into() })
            .await
            .unwrap()
    );
    // Also inside a transaction, which stays usable afterwards (PostgreSQL aborts a
    // transaction on a failed INSERT).
    let txn = app.db().begin_write().await.unwrap();
    assert!(
        !prongsai_jobs::enqueue::<C, _>(&txn, &Count { key: "a".into() })
            .await
            .unwrap()
    );
    assert!(
        prongsai_jobs::enqueue::<C, _>(&txn, &Count { key: "b".into() })
            .await
            .unwrap()
    );
    txn.commit().await.unwrap();
    assert_eq!(job::Entity::find().all(conn).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_given_up() {
    let app = TestApp::empty().await;
    let ctx = Arc::new(Ctx {
        fail_first: 10,
        ..Default::default()
    });
    let worker = Worker::new(registry(), ctx.clone(), app.db().clone());
    prongsai_jobs::enqueue::<C, _>(app.db().conn(), &Count { key: "k".into() })
        .await
        .unwrap();
    assert!(matches!(
        worker.run_one().await.unwrap(),
        Step::Retry { .. }
    ));
    // Not due yet: the backoff holds it.
    assert_eq!(worker.run_one().await.unwrap(), Step::Idle);
    let row = job::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "queued");
    assert_eq!(row.attempts, 1);
    assert!(row.run_at > prongsai_kernel::clock::now() + chrono::Duration::seconds(5));
    assert!(row.last_error.unwrap().contains("failure number 1"));
    make_due(&app).await;
    assert!(matches!(
        worker.run_one().await.unwrap(),
        Step::Retry { .. }
    ));
    make_due(&app).await;
    assert!(matches!(
        worker.run_one().await.unwrap(),
        Step::Failed { .. }
    ));
    let row = job::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 3));
    assert_eq!(ctx.runs.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_job_that_fails_once_then_succeeds_is_done() {
    let app = TestApp::empty().await;
    let ctx = Arc::new(Ctx {
        fail_first: 1,
        ..Default::default()
    });
    let worker = Worker::new(registry(), ctx.clone(), app.db().clone());
    prongsai_jobs::enqueue::<C, _>(app.db().conn(), &Count { key: "k".into() })
        .await
        .unwrap();
    worker.run_one().await.unwrap();
    make_due(&app).await;
    assert!(matches!(worker.run_one().await.unwrap(), Step::Done { .. }));
    let row = job::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "done");
    assert!(row.finished_at.is_some());
}

#[tokio::test]
async fn several_workers_run_each_job_once() {
    let app = TestApp::empty().await;
    let ctx = Arc::new(Ctx::default());
    for i in 0..30 {
        prongsai_jobs::enqueue::<C, _>(
            app.db().conn(),
            &Count {
                key: format!("job-{i}"),
            },
        )
        .await
        .unwrap();
    }
    let mut handles = Vec::new();
    for _ in 0..4 {
        let worker = Worker::new(registry(), ctx.clone(), app.db().clone());
        handles.push(tokio::spawn(async move {
            let mut done = 0;
            loop {
                match worker.run_one().await.unwrap() {
                    Step::Idle => break,
                    _ => done += 1,
                }
            }
            done
        }));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    assert_eq!(total, 30);
    assert_eq!(ctx.runs.load(Ordering::SeqCst), 30);
    let done = job::Entity::find()
        .filter(job::Column::Status.eq("done"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(done.len(), 30);
}

#[tokio::test]
async fn a_job_whose_worker_died_runs_again_after_its_lease() {
    let app = TestApp::empty().await;
    prongsai_jobs::enqueue::<C, _>(app.db().conn(), &Count { key: "k".into() })
        .await
        .unwrap();
    // A worker claimed it and vanished: status running, lease already expired.
    let row = job::Entity::find()
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut a = row.into_active_model();
    a.status = Set("running".into());
    a.attempts = Set(1);
    a.locked_by = Set(Some("dead-worker".into()));
    a.locked_until = Set(Some(
        prongsai_kernel::clock::now() - chrono::Duration::seconds(1),
    ));
    a.update(app.db().conn()).await.unwrap();
    let ctx = Arc::new(Ctx::default());
    let worker = Worker::new(registry(), ctx.clone(), app.db().clone());
    assert!(matches!(worker.run_one().await.unwrap(), Step::Done { .. }));
    assert_eq!(ctx.runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_applications_registry_names_are_unique_and_stable() {
    let names = prongsai::jobs::registry().names();
    assert!(names.contains(&"foundation.purge_expired_sessions"));
    let mut dedup = names.clone();
    dedup.dedup();
    assert_eq!(names, dedup);
}

#[tokio::test]
async fn the_applications_jobs_run_through_the_test_worker() {
    let app = TestApp::with_demo().await;
    assert_eq!(app.run_jobs().await, 0);
    prongsai_jobs::enqueue::<prongsai_web::AppState, _>(
        app.db().conn(),
        &prongsai::jobs::PurgeExpiredSessions,
    )
    .await
    .unwrap();
    assert_eq!(app.run_jobs().await, 1);
    let done = job::Entity::find()
        .filter(job::Column::Status.eq("done"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
}

#[tokio::test]
async fn the_mailer_of_the_application_reaches_the_smtp_sink() {
    let (app, sink) = TestApp::with_demo_and_mail().await;
    assert!(
        app.state
            .mailer
            .send("clerk@example.com", "ทดสอบ", "ข้อความทดสอบ")
            .await
            .unwrap()
    );
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].subject(), "ทดสอบ");
    assert_eq!(got[0].body(), "ข้อความทดสอบ");
}
