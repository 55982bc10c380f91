//! A fresh database with the foundation's and search's migrations and two organizations.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use prongsai_db::sea_orm::ConnectionTrait;
use prongsai_db::{Backend, Db, PoolOptions};
use prongsai_search::SearchEntry;
use sea_orm_migration::{MigrationTrait, MigratorTrait};

struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = prongsai_db::migrations::foundation_migrations();
        all.extend(prongsai_search::migrations());
        all
    }
}

/// Reverts the last migration (search's).
pub async fn migrate_down_one(conn: &prongsai_db::sea_orm::DatabaseConnection) {
    Migrator::down(conn, Some(1)).await.expect("migration down");
}

/// Applies the pending migrations.
pub async fn migrate_up(conn: &prongsai_db::sea_orm::DatabaseConnection) {
    Migrator::up(conn, None).await.expect("migrations up");
}

/// The PostgreSQL server to test against, if any.
fn postgres_admin_url() -> Option<String> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the test harness reads its own switch"
    )]
    std::env::var("PRONGSAI_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty database for one test, and the name of the PostgreSQL database made
/// for it (to drop it afterwards).
async fn fresh_database_url(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    match postgres_admin_url() {
        None => (prongsai_db::sqlite_url(&dir.join("test.sqlite3")), None),
        Some(admin) => {
            let name = format!(
                "t_search_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                &prongsai_kernel::random::sha256_hex(&prongsai_kernel::random::bytes::<8>())[..8]
            );
            let conn = sea_orm::Database::connect(admin.clone())
                .await
                .expect("connect to PostgreSQL");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            conn.close().await.ok();
            let (base, query) = match admin.split_once('?') {
                Some((b, q)) => (b.to_owned(), format!("?{q}")),
                None => (admin.clone(), String::new()),
            };
            let base = base
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .unwrap_or(base);
            (format!("{base}/{name}{query}"), Some((admin, name)))
        }
    }
}

pub struct TestDb {
    pub db: Db,
    /// Two organizations.
    pub org: i64,
    pub other_org: i64,
    url: String,
    postgres: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, postgres) = fresh_database_url(dir.path()).await;
        let db = connect(&url).await;
        Migrator::up(db.conn(), None).await.expect("migrations");
        let org = add_organization(&db, "kudjok").await;
        let other_org = add_organization(&db, "nongbua").await;
        TestDb {
            db,
            org,
            other_org,
            url,
            postgres,
            _dir: dir,
        }
    }

    /// A new pool. SQLite connections that were open while another one changed the
    /// schema can reject a statement against their stale copy of it (it happens only
    /// when tables are dropped and created again under a live pool, as a test does).
    pub async fn reopen(&mut self) {
        let db = connect(&self.url).await;
        std::mem::replace(&mut self.db, db).close().await.ok();
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Indexes a record of kind `document` in `org`, in a transaction of its own.
    pub async fn index(&self, org: i64, record_id: i64, title: &str, body: &str) {
        self.index_entry(&entry(org, "document", record_id, title, body))
            .await;
    }

    pub async fn index_entry(&self, entry: &SearchEntry<'_>) {
        let txn = self.db.begin_write().await.unwrap();
        prongsai_search::index_record(&txn, entry).await.unwrap();
        txn.commit().await.unwrap();
    }

    /// Record ids of the first page (up to 50) of results in `org`.
    pub async fn ids(&self, org: i64, query: &str) -> Vec<i64> {
        prongsai_search::search(&self.db, org, query, None, 0, 50)
            .await
            .unwrap()
            .hits
            .iter()
            .map(|h| h.record_id)
            .collect()
    }

    /// Closes the pool and drops the PostgreSQL database made for the test.
    pub async fn finish(self) {
        self.db.close().await.ok();
        if let Some((admin, name)) = self.postgres {
            let conn = sea_orm::Database::connect(admin).await.unwrap();
            conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .unwrap();
            conn.close().await.ok();
        }
    }
}

/// An entry published on 1 November 2026 plus `record_id` days.
pub fn entry<'a>(
    org: i64,
    kind: &'a str,
    record_id: i64,
    title: &'a str,
    body: &'a str,
) -> SearchEntry<'a> {
    SearchEntry {
        organization_id: org,
        kind,
        record_id,
        url: "/documents/1",
        title,
        body,
        published_at: published(record_id),
        fiscal_year: Some(2567),
    }
}

pub fn published(record_id: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 3, 0, 0).unwrap() + chrono::Duration::days(record_id)
}

async fn connect(url: &str) -> Db {
    Db::connect(
        url,
        &PoolOptions {
            max_connections: 4,
            ..PoolOptions::default()
        },
    )
    .await
    .expect("open database")
}

async fn add_organization(db: &Db, slug: &str) -> i64 {
    let txn = db.begin_write().await.unwrap();
    let tenant = prongsai_kernel::tenant::create_organization(
        &txn,
        &prongsai_kernel::tenant::NewOrganization {
            slug: slug.to_owned(),
            kind: "sao".into(),
            name_th: format!("องค์การบริหารส่วนตำบล{slug}"),
            district_th: "เมือง".into(),
            province_th: "ขอนแก่น".into(),
            ..Default::default()
        },
        prongsai_kernel::Actor::Cli,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    tenant.id
}
