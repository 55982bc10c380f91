//! Browser tests: a minimal W3C WebDriver client and the application started
//! in-process with the demo organization.

pub mod webdriver;

use std::net::SocketAddr;

use prongsai::app::{AppOptions, build_router, build_state, open_database};
use prongsai_accounts::PasswordParams;
use prongsai_db::PoolOptions;
use prongsai_web::config::WebConfig;

/// The demo administrator's password in browser tests.
pub const ADMIN_PASSWORD: &str = "browser-admin-password";

/// The application serving the demo organization on a free local port.
pub struct RunningApp {
    pub addr: SocketAddr,
    pub state: prongsai_web::AppState,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl RunningApp {
    /// `http://kudjok.localhost:<port>`: browsers resolve `*.localhost` to loopback and
    /// treat it as a secure context, so the secure cookies work as in production.
    pub fn base(&self) -> String {
        format!("http://kudjok.localhost:{}", self.addr.port())
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn start_app() -> anyhow::Result<RunningApp> {
    let dir = tempfile::tempdir()?;
    let options = AppOptions {
        database_url: prongsai_db::sqlite_url(&dir.path().join("e2e.sqlite3")),
        files_dir: dir.path().join("files"),
        web: WebConfig {
            password_params: PasswordParams::TESTING,
            ..WebConfig::default()
        },
        max_upload_bytes: 20 * 1024 * 1024,
        pool: PoolOptions::default(),
        mailer: prongsai_notify::Mailer::disabled(),
    };
    let db = open_database(&options.database_url, &options.pool).await?;
    let (tenant, _) = prongsai::demo::load_demo(&db, PasswordParams::TESTING, &|u: &str| {
        Some(if u == "admin" {
            ADMIN_PASSWORD.to_owned()
        } else {
            format!("browser-{u}-password")
        })
    })
    .await?;
    // As on a first start: the demo's corruption-report channel is open.
    prongsai::demo::set_up_demo_channel(
        &db,
        &tenant,
        "browser-auditor-password",
        PasswordParams::TESTING,
    )
    .await?;
    let state = build_state(db, &options).await?;
    let router = build_router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(prongsai::serve::run_http(listener, router, async move {
        let _ = rx.await;
    }));
    Ok(RunningApp {
        addr,
        state,
        _dir: dir,
        stop: Some(tx),
    })
}

/// Where screenshots go: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|p| p.join("target/e2e-screenshots"))
        .unwrap_or_else(|| "e2e-screenshots".into());
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Publishes some public content (news with a cover picture) so pages are not empty.
pub async fn seed_public_content(app: &RunningApp) -> anyhow::Result<()> {
    use prongsai_kernel::{Actor, Authorized};
    use prongsai_news::permissions::{ManageNews, PublishNews};
    let db = &app.state.db;
    let tenant = prongsai_kernel::tenant::find_tenant_by_slug(db.conn(), "kudjok")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo organization missing"))?;
    let categories = prongsai_news::store::list_categories(db, tenant.id).await?;
    let manage = Authorized::<ManageNews>::system(tenant.id, Actor::System);
    let publish = Authorized::<PublishNews>::system(tenant.id, Actor::System);
    for (i, title) in [
        "โครงการบริการเป็นเลิศ ก่อเกิดความประทับใจ",
        "ประชุมประชาคมหมู่บ้านเพื่อจัดทำแผนพัฒนาท้องถิ่น",
        "รณรงค์ป้องกันการทุจริตและประพฤติมิชอบ",
    ]
    .iter()
    .enumerate()
    {
        let item = prongsai_news::store::create_news(
            db,
            &manage,
            &prongsai_news::store::NewsInput {
                title: (*title).to_owned(),
                category_id: categories[i % categories.len()].id.to_string(),
                summary: format!("{title} ณ ที่ทำการองค์การบริหารส่วนตำบลกุดจอก"),
                body: "รายละเอียดของกิจกรรม".into(),
                event_date: "2025-11-20".into(),
                fiscal_year: String::new(),
            },
        )
        .await?;
        prongsai_news::store::publish_news(db, &publish, item.id, "").await?;
    }
    app.state.pages.invalidate_organization(tenant.id);
    Ok(())
}
