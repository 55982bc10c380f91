//! Storage for Prongsai: one query path over SQLite (the embedded default) and PostgreSQL
//! (the engine at scale).
//!
//! Everything that differs between the two engines is decided here, once: connection
//! pragmas, how a write transaction begins, and the few statements whose SQL really
//! differs. Capabilities use [`Db`] and SeaORM entities and never look at the backend.

pub mod entities;
pub mod migrations;
pub mod schema;

use std::time::Duration;

pub use sea_orm;
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
pub use sea_orm_migration;

/// Which engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Errors from opening a database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported DATABASE_URL scheme (expected sqlite:// or postgres://)")]
    UnsupportedScheme,
    #[error("could not connect to the database: {0}")]
    Connect(#[from] DbErr),
}

/// Tuning for a connection pool.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

/// A handle on the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
}

/// SQLite waits this long for a lock before it reports "database is locked".
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(15);

impl Db {
    /// Opens a pool. `sqlite://` URLs get WAL, foreign keys, a busy timeout,
    /// `secure_delete` and `synchronous=FULL` on every connection, so that a committed row survives a crash
    /// of the process and of the machine.
    pub async fn connect(url: &str, pool: &PoolOptions) -> Result<Self, OpenError> {
        let backend = backend_of_url(url).ok_or(OpenError::UnsupportedScheme)?;
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(pool.max_connections)
            .min_connections(1)
            .acquire_timeout(pool.acquire_timeout)
            .sqlx_logging(false);
        if backend == Backend::Sqlite {
            options.map_sqlx_sqlite_opts(|opts| {
                use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                opts.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .pragma("temp_store", "memory")
                    // Deleted rows are overwritten with zeros rather than left in free
                    // pages (the corruption-report channel's retention relies on it).
                    .pragma("secure_delete", "on")
            });
        }
        let conn = sea_orm::Database::connect(options).await?;
        Ok(Self { conn, backend })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later can
    /// fail with "database is locked" without waiting when another writer committed in
    /// between, which would turn ordinary concurrency into user-visible errors.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        let options = TransactionOptions {
            isolation_level: None,
            access_mode: None,
            sqlite_transaction_mode: match self.backend {
                Backend::Sqlite => Some(SqliteTransactionMode::Immediate),
                Backend::Postgres => None,
            },
        };
        self.conn.begin_with_options(options).await
    }

    /// Checks that the database answers (used by `/healthz`).
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }
}

/// The backend a `DATABASE_URL` selects, if any.
pub fn backend_of_url(url: &str) -> Option<Backend> {
    if url.starts_with("sqlite:") {
        Some(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Some(Backend::Postgres)
    } else {
        None
    }
}

/// The SQLite URL for a database file.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Helper for the rare statement written in SQL: picks the text for the backend.
pub fn backend_of(conn: &impl ConnectionTrait) -> Backend {
    match conn.get_database_backend() {
        DbBackend::Postgres => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// The `prev_hash` of the first row of every audit chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
