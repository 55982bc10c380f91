//! The operator's commands, run as the real binary against a test database.

use std::process::{Command, Output, Stdio};

use prongsai_db::sea_orm::{ConnectionTrait, Statement};

use crate::util::{TestApp, demo_password};

fn prongsai(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(args)
        .env("PRONGSAI_DATA_DIR", app.dir.path())
        .env("DATABASE_URL", &app.db_url)
        .env("PRONGSAI_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run prongsai")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn migrate_and_list_organizations() {
    let app = TestApp::with_demo().await;
    let o = prongsai(&app, &["migrate"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("up to date"));
    let o = prongsai(&app, &["admin", "list-orgs"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("kudjok") && text(&o).contains("องค์การบริหารส่วนตำบลกุดจอก"));
}

#[tokio::test]
async fn create_user_checks_its_arguments_and_the_account_works() {
    let app = TestApp::with_demo().await;
    let o = prongsai(
        &app,
        &[
            "admin",
            "create-user",
            "--org",
            "kudjok",
            "--username",
            "new.clerk",
            "--display-name",
            "เจ้าหน้าที่ใหม่",
            "--role",
            "wizard",
        ],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("--role") && text(&o).contains("wizard"),
        "{}",
        text(&o)
    );
    let o = prongsai(
        &app,
        &[
            "admin",
            "create-user",
            "--org",
            "nowhere",
            "--username",
            "new.clerk",
            "--display-name",
            "x",
            "--role",
            "staff",
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("--org"), "{}", text(&o));
    let o = prongsai(
        &app,
        &[
            "admin",
            "create-user",
            "--org",
            "kudjok",
            "--username",
            "x",
            "--display-name",
            "x",
            "--role",
            "staff",
        ],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("--username") && text(&o).contains("3-32"),
        "{}",
        text(&o)
    );
    let o = prongsai(
        &app,
        &[
            "admin",
            "create-user",
            "--org",
            "kudjok",
            "--username",
            "new.clerk",
            "--display-name",
            "เจ้าหน้าที่ใหม่",
            "--role",
            "staff",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .expect("password printed")
        .to_owned();
    let mut c = app.client();
    c.sign_in("new.clerk", &password)
        .await
        .assert_status(http::StatusCode::SEE_OTHER);

    let o = prongsai(
        &app,
        &[
            "admin",
            "reset-password",
            "--org",
            "kudjok",
            "--username",
            "clerk",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let mut c = app.client();
    c.sign_in("clerk", &demo_password("clerk"))
        .await
        .assert_status(http::StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn audit_verify_exits_non_zero_and_names_the_first_bad_row() {
    let app = TestApp::with_demo().await;
    let o = prongsai(&app, &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("OK"));
    let conn = app.db().conn();
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT id FROM audit_log WHERE action = 'user.create' ORDER BY id LIMIT 1 OFFSET 2",
        ))
        .await
        .unwrap()
        .unwrap();
    let id: i64 = row.try_get("", "id").unwrap();
    conn.execute_raw(Statement::from_string(
        backend,
        format!(
            "UPDATE audit_log SET details = '{{\"roles\":[\"administrator\"]}}' WHERE id = {id}"
        ),
    ))
    .await
    .unwrap();
    let o = prongsai(&app, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains(&format!("row id {id} ")), "{}", text(&o));
}

/// One `(id, chain, seq)` from the audit log.
async fn audit_row(app: &TestApp, sql: &str) -> (i64, i64, i64) {
    let conn = app.db().conn();
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .expect("an audit row");
    (
        row.try_get("", "id").unwrap(),
        row.try_get("", "chain").unwrap(),
        row.try_get("", "seq").unwrap(),
    )
}

async fn run_sql(app: &TestApp, sql: String) {
    let conn = app.db().conn();
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap();
}

#[tokio::test]
async fn audit_verify_finds_a_deleted_row_and_a_cut_off_end() {
    let app = TestApp::with_demo().await;
    // A row deleted from the middle: the next row of its chain is named.
    let (id, chain, seq) = audit_row(
        &app,
        "SELECT id, chain, seq FROM audit_log WHERE action = 'user.create' ORDER BY id LIMIT 1 OFFSET 2",
    )
    .await;
    let (next, _, _) = audit_row(
        &app,
        &format!(
            "SELECT id, chain, seq FROM audit_log WHERE chain = {chain} AND seq = {}",
            seq + 1
        ),
    )
    .await;
    run_sql(&app, format!("DELETE FROM audit_log WHERE id = {id}")).await;
    let o = prongsai(&app, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains(&format!("row id {next} ")), "{out}");
    assert!(out.contains("missing"), "{out}");

    // The newest rows of a chain removed: the chain's head no longer matches.
    let app = TestApp::with_demo().await;
    let (last, chain, _) = audit_row(
        &app,
        "SELECT id, chain, seq FROM audit_log ORDER BY id DESC LIMIT 1",
    )
    .await;
    run_sql(&app, format!("DELETE FROM audit_log WHERE id = {last}")).await;
    let o = prongsai(&app, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains(&format!("chain {chain} ")), "{out}");
    assert!(out.contains("rows removed from the end"), "{out}");
}

#[tokio::test]
async fn backup_writes_a_consistent_copy_with_a_manifest() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    let path = crate::routes_helpers::create_document(&mut c, "เอกสารก่อนสำรอง", "").await;
    c.post_file(
        &format!("{path}/attachments"),
        "a.pdf",
        crate::util::PDF,
        true,
    )
    .await;
    let out = app.dir.path().join("backup-1");
    let o = prongsai(&app, &["backup", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let manifest = std::fs::read_to_string(out.join("MANIFEST.txt")).unwrap();
    let pdf_sha = prongsai_kernel::random::sha256_hex(crate::util::PDF);
    assert!(manifest.contains(&pdf_sha), "{manifest}");
    if app.db().backend() == prongsai_db::Backend::Sqlite {
        let copy = prongsai_db::Db::connect(
            &prongsai_db::sqlite_url(&out.join("prongsai.sqlite3")),
            &Default::default(),
        )
        .await
        .unwrap();
        let row = copy
            .conn()
            .query_one_raw(Statement::from_string(
                copy.conn().get_database_backend(),
                "SELECT count(*) AS n FROM documents WHERE title = 'เอกสารก่อนสำรอง'",
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        assert_eq!(n, 1);
    } else {
        assert!(
            std::fs::metadata(out.join("prongsai.pgdump"))
                .unwrap()
                .len()
                > 1000
        );
    }
    // A second backup into the same place is refused rather than mixed.
    let o = prongsai(&app, &["backup", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
}
