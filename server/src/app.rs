//! Opening the database and putting the application together.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::Context;
use axum::Router;
use prongsai_accounts::signin::SignInConfig;
use prongsai_db::{Db, PoolOptions};
use prongsai_files::FileStore;
use prongsai_web::config::WebConfig;
use prongsai_web::i18n::Locales;
use prongsai_web::metrics::Metrics;
use prongsai_web::state::TenantCache;
use prongsai_web::{AppInner, AppState};
use sea_orm_migration::MigratorTrait;

use crate::capabilities::{self, Migrator};
use crate::config::GlobalArgs;

/// Everything needed to build the application, decided by the configuration (or by a
/// test).
#[derive(Clone, Debug)]
pub struct AppOptions {
    pub database_url: String,
    pub files_dir: PathBuf,
    pub web: WebConfig,
    pub max_upload_bytes: usize,
    pub pool: PoolOptions,
    pub mailer: prongsai_notify::Mailer,
}

/// Opens the database and brings its schema up to date.
pub async fn open_database(url: &str, pool: &PoolOptions) -> anyhow::Result<Db> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
    }
    let db = Db::connect(url, pool).await?;
    Migrator::up(db.conn(), None)
        .await
        .context("applying database migrations")?;
    Ok(db)
}

/// `prongsai migrate`.
pub async fn migrate_only(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let db = open_database(&global.database_url(), &PoolOptions::default()).await?;
    let applied = Migrator::get_applied_migrations(db.conn()).await?;
    crate::output::say(format!(
        "database is up to date: {} migrations applied",
        applied.len()
    ));
    db.close().await?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the shared state: secrets from the database, every capability's text, menu
/// and links.
pub async fn build_state(db: Db, options: &AppOptions) -> anyhow::Result<AppState> {
    let csrf_key = prongsai_kernel::settings::get_or_create_secret(db.conn(), "csrf_key").await?;
    let throttle_key =
        prongsai_kernel::settings::get_or_create_secret(db.conn(), "throttle_key").await?;
    let files = FileStore::local(&options.files_dir, options.max_upload_bytes)?;
    let params = options.web.password_params;
    let signin =
        tokio::task::spawn_blocking(move || SignInConfig::new(params, throttle_key)).await?;
    let mut locales = Locales::default();
    let mut menu = Vec::new();
    let mut foundation_menu = Vec::new();
    let mut public_links = Vec::new();
    let mut datasets = Vec::new();
    let mut openapi_fragments = Vec::new();
    for capability in capabilities::all() {
        datasets.extend_from_slice(capability.datasets);
        openapi_fragments.push((capability.openapi)());
        locales.add(capability.locales.0, capability.locales.1);
        if capability.name == "foundation" {
            foundation_menu.extend_from_slice(capability.staff_menu);
        } else {
            menu.extend_from_slice(capability.staff_menu);
        }
        public_links.extend_from_slice(capability.public_links);
    }
    menu.extend(foundation_menu);
    Ok(AppState::new(AppInner {
        db,
        config: options.web.clone(),
        files,
        mailer: options.mailer.clone(),
        signin,
        csrf_key,
        locales,
        metrics: Metrics::default(),
        tenants: TenantCache::default(),
        menu,
        public_links,
        datasets,
        openapi: prongsai_web::opendata::merge_openapi(&openapi_fragments),
        pages: prongsai_web::page_cache::PageCache::new(std::time::Duration::from_secs(
            options.web.page_cache_seconds,
        )),
        setup_token: Mutex::new(None),
        jobs_wakeup: tokio::sync::Notify::new(),
        memory: prongsai_web::state::Memory::default(),
    }))
}

/// Every route of every capability, with the foundation's layers.
pub fn build_router(state: AppState) -> Router {
    let routers = capabilities::all()
        .into_iter()
        .map(|c| (c.routes)())
        .collect();
    prongsai_web::build_router(state, routers)
}

/// How many organizations the deployment has.
pub async fn count_organizations(db: &Db) -> anyhow::Result<u64> {
    use prongsai_db::entities::organization;
    use prongsai_db::sea_orm::{EntityTrait, PaginatorTrait};
    Ok(organization::Entity::find().count(db.conn()).await?)
}
