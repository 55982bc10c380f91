//! The test harness: a [`TestApp`] is the whole application on a fresh database (SQLite
//! in a temporary directory, or a fresh PostgreSQL database when
//! `PRONGSAI_TEST_DATABASE_URL` is set), driven through its router without a network;
//! a [`TestClient`] is a browser: it keeps cookies and fills in CSRF tokens.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use http::{HeaderMap, Request, StatusCode};
use prongsai::app::{AppOptions, build_router, build_state, open_database};
use prongsai_accounts::PasswordParams;
use prongsai_db::{Db, PoolOptions};
use prongsai_web::AppState;
use prongsai_web::config::WebConfig;
use tower::ServiceExt;

pub const HOST: &str = "kudjok.localhost";

/// The password every demo account has in tests.
pub fn demo_password(username: &str) -> String {
    format!("test-password-{username}")
}

/// The PostgreSQL server to test against, if any.
pub fn postgres_admin_url() -> Option<String> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the test harness reads its own switch"
    )]
    std::env::var("PRONGSAI_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

static CLEANED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Once per test process: drops the databases of earlier runs whose process has ended
/// (`t_<pid>_...`), so repeated runs do not fill the disk. A database still in use is left.
async fn drop_leftovers(conn: &sea_orm::DatabaseConnection) {
    use sea_orm::{ConnectionTrait, Statement};
    if CLEANED.swap(true, Ordering::Relaxed) {
        return;
    }
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'".to_owned(),
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let pid = name.split('_').nth(1).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let _ = conn
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await;
        }
    }
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match postgres_admin_url() {
        None => prongsai_db::sqlite_url(&dir.join("test.sqlite3")),
        Some(admin) => {
            let name = format!(
                "t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                &prongsai_kernel::random::sha256_hex(&prongsai_kernel::random::bytes::<8>())[..8]
            );
            let conn = sea_orm::Database::connect(admin.clone())
                .await
                .expect("connect to PostgreSQL");
            use sea_orm::ConnectionTrait;
            drop_leftovers(&conn).await;
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
            format!("{base}/{name}{query}")
        }
    }
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub db_url: String,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    /// The application on an empty database (no organization).
    pub async fn empty() -> TestApp {
        Self::build(prongsai_notify::Mailer::disabled()).await
    }

    /// The demo organization, with e-mail going to a local SMTP sink the test can read.
    pub async fn with_demo_and_mail() -> (TestApp, prongsai_notify::sink::SmtpSink) {
        let sink = prongsai_notify::sink::SmtpSink::start()
            .await
            .expect("smtp sink");
        let mailer = prongsai_notify::Mailer::new(
            Some(&sink.url()),
            "อบต.กุดจอก <no-reply@kudjok.localhost>",
        )
        .expect("mailer");
        let app = Self::build(mailer).await;
        prongsai::demo::load_demo(&app.state.db, PasswordParams::TESTING, &|u: &str| {
            Some(demo_password(u))
        })
        .await
        .expect("demo");
        (app, sink)
    }

    /// Runs every background job that is due now, as the worker would; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        let worker = prongsai_jobs::Worker::new(
            std::sync::Arc::new(prongsai::jobs::registry()),
            self.state.clone(),
            self.state.db.clone(),
        );
        let mut n = 0;
        while worker.run_one().await.expect("job queue") != prongsai_jobs::Step::Idle {
            n += 1;
            assert!(n < 10_000, "jobs keep coming");
        }
        n
    }

    async fn build(mailer: prongsai_notify::Mailer) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_url = fresh_database_url(dir.path()).await;
        let options = AppOptions {
            database_url: db_url.clone(),
            files_dir: dir.path().join("files"),
            web: WebConfig {
                password_params: PasswordParams::TESTING,
                ..WebConfig::default()
            },
            max_upload_bytes: 2 * 1024 * 1024,
            pool: PoolOptions {
                max_connections: 5,
                ..PoolOptions::default()
            },
            mailer,
        };
        let db = open_database(&db_url, &options.pool)
            .await
            .expect("open database");
        let state = build_state(db, &options).await.expect("state");
        let router = build_router(state.clone())
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        TestApp {
            state,
            router,
            db_url,
            dir,
        }
    }

    /// The application with the demo organization, every account's password being
    /// [`demo_password`].
    pub async fn with_demo() -> TestApp {
        let app = TestApp::empty().await;
        prongsai::demo::load_demo(&app.state.db, PasswordParams::TESTING, &|u: &str| {
            Some(demo_password(u))
        })
        .await
        .expect("demo");
        app
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// A browser on the demo organization's host.
    pub fn client(&self) -> TestClient<'_> {
        self.client_for(HOST)
    }

    pub fn client_for(&self, host: &str) -> TestClient<'_> {
        TestClient {
            app: self,
            host: host.to_owned(),
            cookies: HashMap::new(),
        }
    }

    /// Creates a second organization `slug` with an administrator `admin` (password
    /// [`demo_password`]) and a staff member `staff`.
    pub async fn add_organization(&self, slug: &str) -> prongsai_kernel::Tenant {
        use prongsai_kernel::permissions::ManageUsers;
        use prongsai_kernel::{Actor, Authorized, Role, Secret};
        let txn = self.db().begin_write().await.unwrap();
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
            Actor::Cli,
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
        let auth = Authorized::<ManageUsers>::system(tenant.id, Actor::Cli);
        for (username, roles) in [
            ("admin", vec![Role::Administrator, Role::Staff]),
            ("staff", vec![Role::Staff, Role::DivisionHead]),
        ] {
            prongsai_accounts::users::create_user(
                self.db(),
                &auth,
                PasswordParams::TESTING,
                prongsai_accounts::users::NewUser {
                    username: username.into(),
                    display_name: format!("{username} of {slug}"),
                    password: Secret::new(demo_password(username)),
                    roles,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        }
        self.state.tenants.clear();
        tenant
    }

    pub async fn demo_tenant(&self) -> prongsai_kernel::Tenant {
        prongsai_kernel::tenant::find_tenant_by_slug(self.db().conn(), "kudjok")
            .await
            .unwrap()
            .unwrap()
    }
}

/// What came back.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (for downloads that are not text).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[track_caller]
    pub fn assert_status(&self, status: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            status,
            "unexpected status; body:\n{}",
            self.body.chars().take(3000).collect::<String>()
        );
        self
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) -> &Self {
        assert!(
            self.body.contains(needle),
            "body lacks {needle:?}:\n{}",
            self.body.chars().take(4000).collect::<String>()
        );
        self
    }

    /// The value of the first `<input name="{name}" ... value="...">`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\"");
        let at = self.body.find(&marker)?;
        let rest = &self.body[at..];
        let v = rest.find("value=\"")?;
        let rest = &rest[v + 7..];
        Some(html_unescape(&rest[..rest.find('"')?]))
    }
}

pub fn html_unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// A browser: keeps cookies, sends the CSRF token with forms.
pub struct TestClient<'a> {
    pub app: &'a TestApp,
    pub host: String,
    pub cookies: HashMap<String, String>,
}

pub const CSRF_COOKIE: &str = "__Host-prongsai-csrf";
pub const SESSION_COOKIE: &str = "__Host-prongsai-session";

impl TestClient<'_> {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn request(&mut self, req: Request<Body>) -> TestResponse {
        let mut req = req;
        req.headers_mut().insert("host", self.host.parse().unwrap());
        if !self.cookies.is_empty() {
            req.headers_mut()
                .insert("cookie", self.cookie_header().parse().unwrap());
        }
        let response = self
            .app
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A GET whose body is bytes (downloads: XLSX, files).
    pub async fn get_bytes(&mut self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut req = Request::get(path).body(Body::empty()).unwrap();
        req.headers_mut().insert("host", self.host.parse().unwrap());
        if !self.cookies.is_empty() {
            req.headers_mut()
                .insert("cookie", self.cookie_header().parse().unwrap());
        }
        let response = self
            .app
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap();
        (status, headers, bytes.to_vec())
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// The CSRF token for this browser (visiting a page first when it has no cookie).
    pub async fn csrf(&mut self) -> String {
        if !self.cookies.contains_key(CSRF_COOKIE) {
            self.get("/healthz").await;
            self.get("/").await;
        }
        let visitor = self.cookies.get(CSRF_COOKIE).cloned().expect("csrf cookie");
        prongsai_web::csrf::csrf_token(self.app.state.csrf_key.expose(), &visitor)
    }

    /// Posts a URL-encoded form with the CSRF token.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts a URL-encoded form exactly as given (no token added).
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.request(
            Request::post(path)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Posts a multipart form with text fields, the CSRF token and one file named `file`.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> TestResponse {
        let token = self.csrf().await;
        let boundary = "----prongsai-test-boundary";
        let mut body = Vec::new();
        for (k, v) in std::iter::once(&("csrf_token", token.as_str())).chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.request(
            Request::post(path)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Posts a multipart form with one file field named `file`.
    pub async fn post_file(
        &mut self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        with_token: bool,
    ) -> TestResponse {
        let token = self.csrf().await;
        let boundary = "----prongsai-test-boundary";
        let mut body = Vec::new();
        if with_token {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.request(
            Request::post(path)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Posts a multipart form: the CSRF token first, then `fields`, then `files` as
    /// `(field, file name, bytes)`.
    pub async fn post_multipart_files(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> TestResponse {
        let token = self.csrf().await;
        let boundary = "----prongsai-test-boundary";
        let mut body = Vec::new();
        let text = |name: &str, value: &str, body: &mut Vec<u8>| {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        };
        text("csrf_token", &token, &mut body);
        for (k, v) in fields {
            text(k, v, &mut body);
        }
        for (field, file_name, bytes) in files {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.request(
            Request::post(path)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Signs in with a password (no second factor expected); returns the response.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> TestResponse {
        self.post_form(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("next", "/staff"),
            ],
        )
        .await
    }

    /// Signs in as a demo account and checks that it worked.
    pub async fn sign_in_as(&mut self, username: &str) {
        let r = self.sign_in(username, &demo_password(username)).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in of {username} failed: {}",
            r.body
        );
        assert_eq!(r.location(), "/staff");
    }
}

/// A minimal valid PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// Text without any white space (pdftotext breaks lines where the PDF does).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text layer of a PDF, through poppler's `pdftotext`.
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}
