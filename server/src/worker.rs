//! `prongsai worker`: background jobs only.

use std::process::ExitCode;
use std::sync::Arc;

use prongsai_db::PoolOptions;
use prongsai_jobs::Worker;

use crate::app::{AppOptions, build_state, open_database};
use crate::config::{GlobalArgs, JobArgs};

/// Runs the queue until SIGTERM / Ctrl-C, with the same e-mail relay and settings as
/// `serve` would give its own worker (so a separate worker sends the same mail).
pub async fn run_worker(global: &GlobalArgs, args: &JobArgs) -> anyhow::Result<ExitCode> {
    let options = AppOptions {
        database_url: global.database_url(),
        files_dir: global.files_dir(),
        web: prongsai_web::config::WebConfig {
            ocid_prefix: args.ocid_prefix.clone(),
            ..prongsai_web::config::WebConfig::default()
        },
        max_upload_bytes: prongsai_files::store::DEFAULT_MAX_BYTES,
        pool: PoolOptions::default(),
        mailer: args.mailer()?,
    };
    let db = open_database(&options.database_url, &options.pool).await?;
    let state = build_state(db.clone(), &options).await?;
    tracing::info!("worker started");
    Worker::new(Arc::new(crate::jobs::registry()), state, db)
        .run(crate::serve::shutdown_signal())
        .await;
    Ok(ExitCode::SUCCESS)
}
