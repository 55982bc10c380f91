//! The corruption-report channel leaves no plain trace: after a report whose every field
//! (and attachment, message, identity) holds a unique marker, the raw bytes of the
//! database file, its WAL, the whole data directory, a backup, a `pg_dump` (on
//! PostgreSQL) and the server's own log output hold neither the marker nor the receipt.
//! The real binary runs, with its log at `debug`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::redirect::Policy;

use crate::routes::integrity::{jpeg_with_exif, pdf_with_author};
use crate::util::{fresh_database_url, postgres_admin_url};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A browser over real HTTP with a cookie jar by hand.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn remember(&mut self, r: &reqwest::Response) {
        for v in r.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !val.is_empty() {
                self.cookies.push((k.to_owned(), val.to_owned()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> (u16, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.remember(&r);
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.remember(&r);
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> u16 {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.remember(&r);
        r.status().as_u16()
    }
}

fn hidden_value(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name} in {page}"));
    let rest = &page[at..];
    let v = rest.find("value=\"").unwrap() + 7;
    let rest = &rest[v..];
    rest[..rest.find('"').unwrap()].to_owned()
}

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn a_report_leaves_no_plain_trace_in_the_database_its_files_or_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db_url = fresh_database_url(&data).await;
    let db_url = if db_url.starts_with("sqlite") {
        std::fs::create_dir_all(&data).unwrap();
        prongsai_db::sqlite_url(&data.join("prongsai.sqlite3"))
    } else {
        db_url
    };
    let log_path = dir.path().join("server.log");
    let out_path = dir.path().join("server.out");
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("PRONGSAI_DATA_DIR", &data)
        .env("DATABASE_URL", &db_url)
        .env("PRONGSAI_ADMIN_PASSWORD", "leak-test-admin-password")
        .env("PRONGSAI_LOG", "debug")
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&log_path).unwrap()))
        .spawn()
        .expect("start prongsai");
    let mut server = Server(child);
    let mut b = Browser {
        http: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        base: format!("http://127.0.0.1:{port}"),
        cookies: Vec::new(),
    };
    let mut up = false;
    for _ in 0..600 {
        if b.http
            .get(format!("{}/healthz", b.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "server did not start");

    // A marker in ASCII, one in Thai, one per field so that each is accounted for.
    let m = format!("LEAK{:08x}", rand_u32());
    let thai = "เบาะแสลับเฉพาะ๙๙๗";
    let field = |name: &str| format!("{m}-{name} {thai}");
    let (status, page) = b.get("/corruption-reports/new").await;
    assert_eq!(status, 200, "{page}");
    let csrf = hidden_value(&page, "csrf_token");
    let form_token = hidden_value(&page, "form_token");
    // People take more than three seconds to write a report.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let jpeg = jpeg_with_exif(&field("exif"));
    let pdf = pdf_with_author(&field("author"), &format!("{m}-pdftext"));
    let mut form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf.clone())
        .text("form_token", form_token);
    for name in [
        "who", "position", "when", "place", "what", "evidence", "name", "contact",
    ] {
        form = form.text(name, field(name));
    }
    form = form
        .text("consent_to_share", "1")
        .part(
            "files",
            reqwest::multipart::Part::bytes(jpeg)
                .file_name(format!("{m}-photo.jpg"))
                .mime_str("image/jpeg")
                .unwrap(),
        )
        .part(
            "files",
            reqwest::multipart::Part::bytes(pdf)
                .file_name(format!("{m}-file.pdf"))
                .mime_str("application/pdf")
                .unwrap(),
        );
    assert_eq!(b.post_multipart("/corruption-reports/new", form).await, 303);
    let (status, page) = b.get("/corruption-reports/receipt").await;
    assert_eq!(status, 200);
    let receipt = crate::routes::integrity::receipt_of(&page);
    let (status, page) = b.get("/corruption-reports/my-report").await;
    assert_eq!(status, 200);
    assert!(page.contains(&field("what")), "the reporter reads it back");
    let (status, _) = b
        .post(
            "/corruption-reports/my-report/messages",
            &[("csrf_token", &csrf), ("text", &field("message"))],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = b
        .post(
            "/corruption-reports/my-report/identity",
            &[
                ("csrf_token", &csrf),
                ("name", &field("later-name")),
                ("contact", &field("later-contact")),
            ],
        )
        .await;
    assert_eq!(status, 303);
    // Follow-up attempts, wrong (with the marker in it) and right.
    let (status, _) = b
        .post(
            "/corruption-reports/follow-up",
            &[("csrf_token", &csrf), ("receipt", &field("receipt"))],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = b
        .post(
            "/corruption-reports/follow-up",
            &[("csrf_token", &csrf), ("receipt", &receipt)],
        )
        .await;
    assert_eq!(status, 303);

    // A backup made now, then the server killed (-9: the WAL is left as it is).
    let backup_dir = dir.path().join("backup");
    let backup = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["backup", "--out"])
        .arg(&backup_dir)
        .env("PRONGSAI_DATA_DIR", &data)
        .env("DATABASE_URL", &db_url)
        .env("PRONGSAI_LOG", "debug")
        .output()
        .unwrap();
    assert!(backup.status.success(), "{backup:?}");
    server.0.kill().unwrap();
    server.0.wait().unwrap();

    let mut places: Vec<(String, Vec<u8>)> = Vec::new();
    let mut files = Vec::new();
    files_under(&data, &mut files);
    files_under(&backup_dir, &mut files);
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("/integrity/")),
        "the sealed attachments are in the data directory: {files:?}"
    );
    if db_url.starts_with("sqlite") {
        assert!(
            files.iter().any(|f| f.to_string_lossy().ends_with("-wal")),
            "{files:?}"
        );
    }
    for f in files {
        places.push((f.display().to_string(), std::fs::read(&f).unwrap()));
    }
    places.push(("server log".into(), std::fs::read(&log_path).unwrap()));
    places.push(("server output".into(), std::fs::read(&out_path).unwrap()));
    places.push((
        "backup output".into(),
        [backup.stdout, backup.stderr].concat(),
    ));
    if postgres_admin_url().is_some() {
        let dump = Command::new("pg_dump")
            .args(["--format=plain", "--no-owner", "--dbname"])
            .arg(&db_url)
            .output()
            .expect("pg_dump (PostgreSQL client tools)");
        assert!(dump.status.success(), "{dump:?}");
        assert!(find(&dump.stdout, b"integrity_reports"), "a real dump");
        places.push(("pg_dump".into(), dump.stdout));
    }
    let log = String::from_utf8_lossy(&places.iter().find(|p| p.0 == "server log").unwrap().1)
        .into_owned();
    assert!(
        log.len() > 1000,
        "the log at debug level says things: {log}"
    );
    for (place, bytes) in &places {
        for needle in [
            m.as_bytes(),
            thai.as_bytes(),
            receipt.as_bytes(),
            crate::routes::integrity::grouped(&receipt).as_bytes(),
        ] {
            assert!(
                !find(bytes, needle),
                "{} found in {place}",
                String::from_utf8_lossy(needle)
            );
        }
    }
    // No request of the channel reached the log at all.
    assert!(!log.contains("corruption-reports"), "{log}");
}

fn rand_u32() -> u32 {
    u32::from_le_bytes(prongsai_kernel::random::bytes::<4>())
}
