//! `prongsai audit verify`.

use std::process::ExitCode;

use prongsai_db::PoolOptions;

use crate::app::open_database;
use crate::config::GlobalArgs;
use crate::output::say;

pub async fn verify(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let db = open_database(&global.database_url(), &PoolOptions::default()).await?;
    let report = prongsai_kernel::audit::verify(db.conn()).await?;
    let publication_problems =
        prongsai_kernel::publication::verify_publication_times(db.conn()).await?;
    say(format!(
        "audit log: {} chains, {} rows checked",
        report.chains, report.rows
    ));
    for (chain, seq, hash) in &report.heads {
        say(format!("  chain {chain}: {seq} rows, head {hash}"));
    }
    db.close().await?;
    if report.problems.is_empty() && publication_problems.is_empty() {
        say("OK: every chain verifies");
        return Ok(ExitCode::SUCCESS);
    }
    for p in &report.problems {
        say(format!("TAMPERED: {p}"));
    }
    for p in &publication_problems {
        say(format!("TAMPERED: {p}"));
    }
    Ok(ExitCode::FAILURE)
}
