//! Benchmarks (see bench/README.md).

mod portal;
mod procurement;
mod report;
mod submissions;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "prongsai-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load test of the public portal against nginx serving the same bytes.
    Portal(portal::PortalArgs),
    /// Procurement at scale: 100,000 rows exported to XLSX, CSV and OCDS, and imported.
    Procurement(procurement::ProcurementArgs),
    /// E-service requests at full speed while the server is killed with SIGKILL and
    /// restarted; every request that got a tracking code must be there afterwards.
    Submissions(submissions::SubmissionsArgs),
    /// The annual measures report: FY2566 as PDF, DOCX and XLSX, and a 200-measure year.
    Report(report::ReportArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        match cli.command {
            Command::Portal(args) => portal::run(args).await,
            Command::Procurement(args) => procurement::run(args).await,
            Command::Submissions(args) => submissions::run(args).await,
            Command::Report(args) => report::run(args).await,
        }
    })
}
