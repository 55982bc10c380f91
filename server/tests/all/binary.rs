//! The real binary as the engineer who runs the server meets it: the first start prints
//! the demo accounts once; `--no-demo` prints a setup code that opens `/setup`; SIGTERM
//! stops it cleanly (exit 0); the log holds no password; a separate `prongsai worker`
//! sends e-mail through the relay it is given.

use std::process::{Command, Stdio};

use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::durability::{Browser, free_port, start_with, terminate, token_in};
use crate::util::{TestApp, fresh_database_url};

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

/// The password printed for `username` in the demo accounts' table.
fn printed_password(out: &str, username: &str) -> String {
    out.lines()
        .find(|l| l.split_whitespace().next() == Some(username))
        .and_then(|l| l.split("password: ").nth(1))
        .map(|p| p.trim().to_owned())
        .unwrap_or_else(|| panic!("no password printed for {username}:\n{out}"))
}

fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

async fn sign_in(b: &mut Browser, base: &str, username: &str, password: &str) -> (u16, String) {
    let (_, login) = b.get(&format!("{base}/login")).await;
    let token = token_in(&login);
    b.post(
        &format!("{base}/login"),
        &[
            ("csrf_token", &token),
            ("username", username),
            ("password", password),
            ("next", "/staff"),
        ],
    )
    .await
}

#[tokio::test]
async fn the_first_start_prints_the_demo_accounts_once_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = fresh_database_url(dir.path()).await;
    let port = free_port();
    // The default log level, as in production.
    let mut server = start_with(dir.path(), &db_url, port, &[], &[], Some("first")).await;
    let out = read(dir.path(), "first.out");
    assert!(out.contains("Demo accounts"), "{out}");
    let clerk = printed_password(&out, "clerk");
    assert!(clerk.len() >= 12, "a generated password: {clerk}");
    assert!(out.contains("Recovery key of the corruption-report channel"));
    // The printed password works; a wrong one gets the one generic answer.
    let mut b = Browser::new();
    let (status, location) = sign_in(&mut b, &server.base, "clerk", &clerk).await;
    assert_eq!((status, location.as_str()), (303, "/staff"));
    let (status, _) = b.get(&format!("{}/staff", server.base)).await;
    assert_eq!(status, 200);
    let mut stranger = Browser::new();
    let (status, _) = sign_in(&mut stranger, &server.base, "clerk", "wrong-secret-Zx81").await;
    assert_eq!(status, 401);
    let status = server.terminate();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let log = read(dir.path(), "first.err");
    assert!(log.contains("shutting down"), "{log}");
    for secret in [clerk.as_str(), "wrong-secret-Zx81"] {
        assert!(!log.contains(secret), "the log holds a password:\n{log}");
    }
    // The second start finds the demo and prints no account again.
    let mut server = start_with(dir.path(), &db_url, port, &[], &[], Some("second")).await;
    let out = read(dir.path(), "second.out");
    assert!(!out.contains("Demo accounts"), "{out}");
    assert!(!out.contains("password:"), "{out}");
    assert!(!out.contains(&clerk), "{out}");
    assert!(out.contains("Prongsai is serving on"), "{out}");
    let mut b = Browser::new();
    let (status, _) = sign_in(&mut b, &server.base, "clerk", &clerk).await;
    assert_eq!(status, 303);
    assert!(server.terminate().success());
}

#[tokio::test]
async fn no_demo_prints_a_setup_code_that_opens_the_first_organization() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = fresh_database_url(dir.path()).await;
    let port = free_port();
    let mut server = start_with(
        dir.path(),
        &db_url,
        port,
        &["--no-demo"],
        &[],
        Some("setup"),
    )
    .await;
    let out = read(dir.path(), "setup.out");
    assert!(!out.contains("Demo accounts"), "{out}");
    let code = out
        .split("setup code: ")
        .nth(1)
        .map(|s| s.lines().next().unwrap_or("").trim().to_owned())
        .unwrap_or_else(|| panic!("no setup code printed:\n{out}"));
    assert!(!code.is_empty());
    let mut b = Browser::new();
    let (_, page) = b.get(&format!("{}/setup", server.base)).await;
    assert!(page.contains("ตั้งค่าระบบครั้งแรก"), "{page}");
    let token = token_in(&page);
    let form = |setup: &str| {
        vec![
            ("csrf_token".to_owned(), token.clone()),
            ("setup_token".to_owned(), setup.to_owned()),
            ("name_th".to_owned(), "องค์การบริหารส่วนตำบลหนองบัว".to_owned()),
            ("name_en".to_owned(), String::new()),
            ("slug".to_owned(), "nongbua".to_owned()),
            ("kind".to_owned(), "sao".to_owned()),
            ("subdistrict_th".to_owned(), "หนองบัว".to_owned()),
            ("district_th".to_owned(), "เมืองขอนแก่น".to_owned()),
            ("province_th".to_owned(), "ขอนแก่น".to_owned()),
            ("username".to_owned(), "admin".to_owned()),
            ("display_name".to_owned(), "ผู้ดูแล".to_owned()),
            ("password".to_owned(), "first-admin-password".to_owned()),
        ]
    };
    let url = format!("{}/setup", server.base);
    let (status, _) = b.post(&url, &refs(&form("wrong-code"))).await;
    assert_eq!(status, 422);
    let (status, location) = b.post(&url, &refs(&form(&code))).await;
    assert_eq!((status, location.as_str()), (303, "/login"));
    assert!(server.terminate().success());
    // Restarted, it has its organization: no code, no demo.
    let mut server = start_with(
        dir.path(),
        &db_url,
        port,
        &["--no-demo"],
        &[],
        Some("again"),
    )
    .await;
    let out = read(dir.path(), "again.out");
    assert!(!out.contains("setup code"), "{out}");
    let mut b = Browser::new();
    let (status, _) = sign_in(&mut b, &server.base, "admin", "first-admin-password").await;
    assert_eq!(status, 303);
    assert!(server.terminate().success());
}

// The relay runs on this test's runtime while the test thread waits for the worker's exit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_separate_worker_sends_e_mail_through_its_relay() {
    use prongsai_db::entities::user;
    let app = TestApp::with_demo().await;
    let sink = prongsai_notify::sink::SmtpSink::start().await.unwrap();
    let palad = user::Entity::find()
        .filter(user::Column::Username.eq("palad"))
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    let mut a = palad.into_active_model();
    a.email = Set(Some("palad@kudjok.example".into()));
    a.update(app.db().conn()).await.unwrap();
    prongsai_jobs::enqueue(app.db().conn(), &prongsai_assets::jobs::RemindOverdueLoans)
        .await
        .unwrap();
    let mut worker = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["worker", "--smtp-url", &sink.url()])
        .args(["--mail-from", "อบต.กุดจอก <no-reply@kudjok.example>"])
        .env("PRONGSAI_DATA_DIR", app.dir.path())
        .env("DATABASE_URL", &app.db_url)
        .env("PRONGSAI_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the worker");
    // The worker starts, finds the job and sends: allow a slow machine a minute.
    let mine =
        |m: &&prongsai_notify::sink::Received| m.to == vec!["palad@kudjok.example".to_owned()];
    let mut got = Vec::new();
    for _ in 0..6 {
        got = sink.wait_for(got.len() + 1).await;
        if got.iter().any(|m| mine(&m)) {
            break;
        }
    }
    let status = tokio::task::spawn_blocking(move || terminate(&mut worker))
        .await
        .unwrap();
    let reminder = got.iter().find(mine).expect("the worker sent the reminder");
    assert!(reminder.subject().contains("เกินกำหนดคืน"));
    assert!(reminder.raw.contains("no-reply@kudjok.example"));
    assert!(status.success(), "exit after SIGTERM: {status:?}");
}
