//! Configuration: flags, with environment variables as their defaults, read once here.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use prongsai_kernel::Secret;

#[derive(Debug, Parser)]
#[command(
    name = "prongsai",
    version,
    about = "Prongsai (โปร่งใส): integrity and transparency platform of Thai local governments",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// `prongsai` without a command serves, taking the flags of `prongsai serve`.
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Directory for the embedded database, attachments and backups.
    #[arg(
        long,
        env = "PRONGSAI_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Database: `sqlite://...` or `postgres://...` (default: SQLite in the data directory).
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log format: `text` or `json`.
    #[arg(
        long,
        env = "PRONGSAI_LOG_FORMAT",
        default_value = "text",
        global = true
    )]
    pub log_format: String,
}

impl GlobalArgs {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| prongsai_db::sqlite_url(&self.data_dir.join("prongsai.sqlite3")))
    }

    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal and run background jobs (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Run background jobs only (for deployments with separate worker machines; start
    /// `serve --no-worker` for the web side).
    Worker(JobArgs),
    /// Accounts and organizations.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write a consistent copy of the database and the attachments.
    Backup(BackupArgs),
    /// The ITA (OIT) catalog and compliance check.
    #[command(subcommand)]
    Ita(ItaCommand),
}

#[derive(Debug, Subcommand)]
pub enum ItaCommand {
    /// Evaluate every OIT item of a year against the organization's published records;
    /// exit 1 when an item is missing or incomplete.
    Check {
        /// Buddhist Era fiscal year assessed, e.g. 2568.
        #[arg(long)]
        year: i32,
        /// `text` or `json`.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// The organization's short name (default: the only one; see `admin list-orgs`).
        #[arg(long)]
        organization: Option<String>,
        /// Site address to put before the pages' paths, e.g. `https://kudjok.go.th`.
        #[arg(long, default_value = "")]
        base_url: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PRONGSAI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Start without the demo organization; the first visit asks for one.
    #[arg(long)]
    pub no_demo: bool,
    /// Password of the demo administrator (generated and printed when unset).
    #[arg(long, env = "PRONGSAI_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Cookies without the Secure flag. Only for plain-HTTP access under a host name
    /// other than localhost, e.g. a trial on a LAN address; never on the internet.
    #[arg(long, env = "PRONGSAI_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// A reverse proxy (nginx, Caddy) terminates TLS in front: trust its
    /// X-Forwarded-For and X-Forwarded-Proto headers.
    #[arg(long, env = "PRONGSAI_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Bearer token that lets a remote Prometheus read /metrics.
    #[arg(long, env = "PRONGSAI_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Do not run background jobs in this process.
    #[arg(long)]
    pub no_worker: bool,
    #[command(flatten)]
    pub jobs: JobArgs,
    /// Largest accepted upload, in megabytes.
    #[arg(long, env = "PRONGSAI_MAX_UPLOAD_MB", default_value_t = 20)]
    pub max_upload_mb: usize,
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            no_demo: false,
            admin_password: None,
            insecure_cookies: false,
            behind_proxy: false,
            metrics_token: None,
            no_worker: false,
            jobs: JobArgs::default(),
            max_upload_mb: 20,
        }
    }
}

/// What background jobs need, whether they run in `serve` or in a separate `worker`: the
/// e-mail relay and the settings that go into what they write.
#[derive(Debug, Clone, Args)]
pub struct JobArgs {
    /// SMTP relay for e-mail to citizens and staff, e.g.
    /// `smtp://user:password@mail.example.go.th:587?tls=required` (none: e-mail is off).
    #[arg(long, env = "PRONGSAI_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of e-mail, e.g. `อบต.กุดจอก <no-reply@kudjok.go.th>`.
    #[arg(
        long,
        env = "PRONGSAI_MAIL_FROM",
        default_value = "Prongsai <no-reply@localhost>"
    )]
    pub mail_from: String,
    /// The Open Contracting ID prefix registered for this deployment.
    #[arg(long, env = "PRONGSAI_OCID_PREFIX", default_value = prongsai_web::config::DEFAULT_OCID_PREFIX)]
    pub ocid_prefix: String,
}

impl Default for JobArgs {
    fn default() -> Self {
        Self {
            smtp_url: None,
            mail_from: "Prongsai <no-reply@localhost>".into(),
            ocid_prefix: prongsai_web::config::DEFAULT_OCID_PREFIX.into(),
        }
    }
}

impl JobArgs {
    pub fn mailer(&self) -> anyhow::Result<prongsai_notify::Mailer> {
        use anyhow::Context;
        prongsai_notify::Mailer::new(self.smtp_url.as_deref(), &self.mail_from)
            .context("--smtp-url / --mail-from")
    }
}

impl ServeArgs {
    pub fn metrics_token(&self) -> Option<Secret<String>> {
        self.metrics_token
            .clone()
            .filter(|t| !t.is_empty())
            .map(Secret::new)
    }
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff account.
    CreateUser {
        /// The organization's short name (see `admin list-orgs`).
        #[arg(long)]
        org: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// A role (repeat for several): staff, division_head, procurement_officer,
        /// hr_officer, internal_auditor, executive, administrator.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give an account a new password (generated, or read from standard input).
    ResetPassword {
        #[arg(long)]
        org: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the organizations of this deployment.
    ListOrgs,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every hash chain; exit 1 and name the first bad row if any was
    /// altered or removed.
    Verify,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the backup (default: <data-dir>/backups/<timestamp>).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Sets up logging: one line per event on stderr, no personal data (see docs/LOGGING.md).
pub fn init_logging(format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("PRONGSAI_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Runs a command; the exit code says whether it succeeded.
pub async fn run(cli: Cli) -> ExitCode {
    init_logging(&cli.global.log_format);
    let result = match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => crate::serve::serve(&cli.global, &args).await,
        Command::Migrate => crate::app::migrate_only(&cli.global).await,
        Command::Worker(args) => crate::worker::run_worker(&cli.global, &args).await,
        Command::Admin(cmd) => crate::admin::run_admin(&cli.global, cmd).await,
        Command::Audit(AuditCommand::Verify) => crate::audit_cmd::verify(&cli.global).await,
        Command::Backup(args) => crate::backup::backup(&cli.global, &args).await,
        Command::Ita(cmd) => crate::ita_cmd::run(&cli.global, cmd).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("prongsai: {e:#}");
            ExitCode::FAILURE
        }
    }
}
