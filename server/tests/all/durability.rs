//! An accepted submission survives `kill -9` of the server. The helpers that run the real
//! binary over HTTP are shared with `binary.rs`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::redirect::Policy;

use crate::util::fresh_database_url;

pub(crate) struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// SIGKILL: no shutdown code runs.
    pub fn kill_9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, as systemd or `docker stop` sends it; waits up to 30 s for the exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        terminate(&mut self.child)
    }
}

/// Sends SIGTERM to `child` and waits up to 30 s for it to exit.
pub(crate) fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -TERM");
    for _ in 0..300 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no exit within 30 s of SIGTERM");
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(dir: &std::path::Path, db_url: &str, port: u16) -> Server {
    start_with(
        dir,
        db_url,
        port,
        &[],
        &[
            ("PRONGSAI_ADMIN_PASSWORD", "durable-admin-password"),
            ("PRONGSAI_LOG", "warn"),
        ],
        None,
    )
    .await
}

/// `prongsai serve` on `port` with `extra` arguments and `env`; its stdout and stderr go
/// to `<logs>.out` and `<logs>.err` in `dir` when `logs` is given.
pub(crate) async fn start_with(
    dir: &std::path::Path,
    db_url: &str,
    port: u16,
    extra: &[&str],
    env: &[(&str, &str)],
    logs: Option<&str>,
) -> Server {
    let (out, err) = match logs {
        Some(name) => (
            Stdio::from(std::fs::File::create(dir.join(format!("{name}.out"))).unwrap()),
            Stdio::from(std::fs::File::create(dir.join(format!("{name}.err"))).unwrap()),
        ),
        None => (Stdio::null(), Stdio::null()),
    };
    let child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(extra)
        .env("PRONGSAI_DATA_DIR", dir)
        .env("DATABASE_URL", db_url)
        .env_remove("PRONGSAI_ADMIN_PASSWORD")
        .env_remove("PRONGSAI_LOG")
        .envs(env.iter().copied())
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("start prongsai");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not start");
}

/// A browser over real HTTP: cookies by hand (the session cookie is `Secure`, which
/// browsers accept from localhost).
pub(crate) struct Browser {
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    fn remember(&mut self, r: &reqwest::Response) {
        for v in r.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            self.cookies.push((k.to_owned(), val.to_owned()));
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, url: &str) -> (u16, String) {
        let r = self
            .http
            .get(url)
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.remember(&r);
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> (u16, String) {
        let r = self
            .http
            .post(url)
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.remember(&r);
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (r.status().as_u16(), location)
    }
}

pub(crate) fn token_in(html: &str) -> String {
    let at = html
        .find("name=\"csrf_token\" value=\"")
        .expect("csrf field")
        + "name=\"csrf_token\" value=\"".len();
    html[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_submission_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = fresh_database_url(dir.path()).await;
    let port = free_port();
    let mut server = start(dir.path(), &db_url, port).await;
    let mut b = Browser::new();
    let (_, login) = b.get(&format!("{}/login", server.base)).await;
    let token = token_in(&login);
    let (status, _) = b
        .post(
            &format!("{}/login", server.base),
            &[
                ("csrf_token", &token),
                ("username", "admin"),
                ("password", "durable-admin-password"),
                ("next", "/staff"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let mut created = Vec::new();
    for i in 0..3 {
        let title = format!("เอกสารทนทาน {i}");
        let (status, location) = b
            .post(
                &format!("{}/staff/documents/new", server.base),
                &[
                    ("csrf_token", &token),
                    ("title", &title),
                    ("category", "report"),
                    ("fiscal_year", "2569"),
                    ("division_id", ""),
                    ("body", "บันทึกก่อนเครื่องดับ"),
                ],
            )
            .await;
        assert_eq!(status, 303, "document {i} not accepted");
        created.push((title, location));
    }
    // The moment the last answer arrived, the server dies without any chance to flush.
    server.kill_9();

    let mut server = start(dir.path(), &db_url, port).await;
    let mut b2 = Browser::new();
    let (_, login) = b2.get(&format!("{}/login", server.base)).await;
    let token = token_in(&login);
    b2.post(
        &format!("{}/login", server.base),
        &[
            ("csrf_token", &token),
            ("username", "admin"),
            ("password", "durable-admin-password"),
            ("next", "/staff"),
        ],
    )
    .await;
    for (title, location) in created {
        let (status, page) = b2.get(&format!("{}{location}", server.base)).await;
        assert_eq!(status, 200, "{location} lost after kill -9");
        assert!(page.contains(&title), "{title} lost after kill -9");
    }
    server.kill_9();
}
