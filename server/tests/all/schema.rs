//! Rules the schema follows on both engines.

use prongsai_db::Backend;
use prongsai_db::schema::DEPLOYMENT_TABLES;
use prongsai_db::sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::MigratorTrait;

use crate::util::TestApp;

/// `(table, column, nullable)` for every column of every table.
async fn columns(app: &TestApp) -> Vec<(String, String, bool)> {
    let conn = app.db().conn();
    let backend = conn.get_database_backend();
    let mut out = Vec::new();
    match app.db().backend() {
        Backend::Postgres => {
            let rows = conn
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()",
                ))
                .await
                .unwrap();
            for r in rows {
                let t: String = r.try_get("", "table_name").unwrap();
                let c: String = r.try_get("", "column_name").unwrap();
                let n: String = r.try_get("", "is_nullable").unwrap();
                out.push((t, c, n == "YES"));
            }
        }
        Backend::Sqlite => {
            let tables = conn
                .query_all_raw(Statement::from_string(backend, "SELECT name FROM pragma_table_list WHERE type = 'table' AND schema = 'main' AND name NOT LIKE 'sqlite_%'"))
                .await
                .unwrap();
            for t in tables {
                let name: String = t.try_get("", "name").unwrap();
                let cols = conn
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("PRAGMA table_info('{name}')"),
                    ))
                    .await
                    .unwrap();
                for c in cols {
                    let col: String = c.try_get("", "name").unwrap();
                    let notnull: i32 = c.try_get("", "notnull").unwrap();
                    let pk: i32 = c.try_get("", "pk").unwrap();
                    out.push((name.clone(), col, notnull == 0 && pk == 0));
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn every_record_belongs_to_one_organization() {
    let app = TestApp::with_demo().await;
    let cols = columns(&app).await;
    let mut tables: Vec<&str> = cols.iter().map(|(t, _, _)| t.as_str()).collect();
    tables.sort();
    tables.dedup();
    assert!(tables.len() >= 15, "{tables:?}");
    for table in tables {
        if DEPLOYMENT_TABLES.contains(&table) {
            continue;
        }
        let org = cols
            .iter()
            .find(|(t, c, _)| t == table && c == "organization_id");
        match org {
            Some((_, _, nullable)) => {
                assert!(!nullable, "{table}.organization_id must be NOT NULL")
            }
            None => panic!(
                "{table} has no organization_id (list it in DEPLOYMENT_TABLES if it is deployment-wide)"
            ),
        }
    }
}

#[tokio::test]
async fn migrations_are_idempotent_and_all_applied() {
    let app = TestApp::with_demo().await;
    prongsai::capabilities::Migrator::up(app.db().conn(), None)
        .await
        .unwrap();
    let applied = prongsai::capabilities::Migrator::get_applied_migrations(app.db().conn())
        .await
        .unwrap();
    let known = prongsai::capabilities::Migrator::migrations();
    assert_eq!(applied.len(), known.len());
    let names: Vec<String> = known.iter().map(|m| m.name().to_owned()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "migrations run in name (timestamp) order");
}

#[tokio::test]
async fn sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout() {
    let app = TestApp::with_demo().await;
    if app.db().backend() != Backend::Sqlite {
        return;
    }
    let conn = app.db().conn();
    let backend = conn.get_database_backend();
    for (pragma, expected) in [
        ("journal_mode", "wal"),
        ("foreign_keys", "1"),
        ("synchronous", "2"),
    ] {
        let row = conn
            .query_one_raw(Statement::from_string(backend, format!("PRAGMA {pragma}")))
            .await
            .unwrap()
            .unwrap();
        let value: String = row
            .try_get_by_index::<String>(0)
            .or_else(|_| row.try_get_by_index::<i64>(0).map(|v| v.to_string()))
            .unwrap();
        assert_eq!(value.to_lowercase(), expected, "PRAGMA {pragma}");
    }
    let row = conn
        .query_one_raw(Statement::from_string(backend, "PRAGMA busy_timeout"))
        .await
        .unwrap()
        .unwrap();
    let timeout: i64 = row.try_get_by_index(0).unwrap();
    assert!(timeout >= 5000, "busy_timeout {timeout}");
}
