//! The durability benchmark of e-service requests: citizens submit at full speed while
//! the server is killed with SIGKILL and restarted; afterwards every request that got a
//! tracking code must be in the database.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use prongsai_accounts::PasswordParams;
use prongsai_db::sea_orm::EntityTrait;
use tokio::sync::Mutex;

#[derive(clap::Args)]
pub struct SubmissionsArgs {
    /// How many times the server is killed with SIGKILL (and started again).
    #[arg(long, default_value_t = 5)]
    kills: u32,
    /// Seconds the server runs between two kills.
    #[arg(long, default_value_t = 3.0)]
    interval: f64,
    /// Citizens submitting at the same time.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Keep the data directory here instead of a temporary one (must not exist yet).
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn say(line: impl AsRef<str>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line.as_ref());
}

/// The service submitted, its fields' keys, and how to fill them.
struct Target {
    service_id: i64,
    fields: Vec<(String, String)>,
}

const SERVICE: &str = "ขอข้อมูลข่าวสารของราชการ";

/// Loads the demo organization into a fresh SQLite database and finds the form.
async fn seed(dir: &Path) -> anyhow::Result<Target> {
    let url = prongsai_db::sqlite_url(&dir.join("prongsai.sqlite3"));
    let db = prongsai::app::open_database(&url, &prongsai_db::PoolOptions::default()).await?;
    let (tenant, _) = prongsai::demo::load_demo(&db, PasswordParams::TESTING, &|_| {
        Some("bench-password-1".into())
    })
    .await?;
    let service = prongsai_eservices::store::list_public_eservices(db.conn(), tenant.id)
        .await?
        .into_iter()
        .find(|s| s.snapshot.title == SERVICE)
        .with_context(|| format!("the demo has no e-service {SERVICE}"))?;
    let key = |label: &str| {
        service
            .snapshot
            .fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.key.clone())
            .with_context(|| format!("no field {label} in {SERVICE}"))
    };
    let fields = vec![
        ("applicant_name".to_owned(), "ผู้ทดสอบ ความทนทาน".to_owned()),
        ("phone".to_owned(), "081-234-5678".to_owned()),
        ("email".to_owned(), String::new()),
        (key("เลขประจำตัวประชาชน")?, "1101700230708".to_owned()),
        (
            key("ข้อมูลข่าวสารที่ต้องการ")?,
            "สำเนาประกาศผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2568".to_owned(),
        ),
        (key("รูปแบบที่ต้องการ")?, "สำเนาเอกสาร (รับด้วยตนเอง)".to_owned()),
    ];
    let service_id = service.id();
    db.close().await?;
    Ok(Target { service_id, fields })
}

struct Server {
    child: Child,
}

impl Server {
    fn start(bin: &Path, dir: &Path, port: u16) -> anyhow::Result<Self> {
        let child = Command::new(bin)
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--no-worker",
            ])
            .env("PRONGSAI_DATA_DIR", dir)
            .env("PRONGSAI_LOG", "warn")
            // Each simulated citizen has its own address (X-Forwarded-For), so that the
            // per-address limit on submissions applies to each of them, not to the bench.
            .env("PRONGSAI_BEHIND_PROXY", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!(
                    "starting {} (build it with cargo build -p prongsai)",
                    bin.display()
                )
            })?;
        Ok(Self { child })
    }

    /// SIGKILL: no shutdown hook, no flush.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn wait_for(client: &reqwest::Client, url: &str) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for _ in 0..600 {
        if client
            .get(url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("{url} did not answer")
}

/// The value of `<input name="{name}" ... value="...">` in a page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + "value=\"".len();
    let len = tag[v..].find('"')?;
    Some(tag[v..v + len].to_owned())
}

/// A browser session: the CSRF cookie, the form's CSRF token and its signed time.
struct Session {
    cookie: String,
    csrf: String,
    form_token: String,
}

async fn open_form(
    client: &reqwest::Client,
    base: &str,
    service_id: i64,
) -> anyhow::Result<Session> {
    let r = client
        .get(format!("{base}/e-services/{service_id}"))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("the form answered {}", r.status());
    }
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");
    let html = r.text().await?;
    Ok(Session {
        cookie,
        csrf: input_value(&html, "csrf_token").context("no csrf_token in the form")?,
        form_token: input_value(&html, "form_token").context("no form_token in the form")?,
    })
}

#[derive(Default)]
struct Counts {
    accepted: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
}

/// What the submitting clients share.
struct Shared {
    client: reqwest::Client,
    base: String,
    target: Target,
    session: Session,
    next_citizen: AtomicU64,
    stop: AtomicBool,
    counts: Counts,
    codes: Mutex<Vec<String>>,
}

/// One citizen after another, as fast as the server answers.
async fn submit_loop(shared: Arc<Shared>) {
    let Shared {
        client,
        base,
        target,
        session,
        next_citizen,
        stop,
        counts,
        codes,
    } = &*shared;
    let url = format!("{base}/e-services/{}", target.service_id);
    while !stop.load(Ordering::Relaxed) {
        let n = next_citizen.fetch_add(1, Ordering::Relaxed);
        let address = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
        let mut form: Vec<(&str, &str)> = vec![
            ("csrf_token", session.csrf.as_str()),
            ("form_token", session.form_token.as_str()),
            ("website", ""),
        ];
        form.extend(target.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let sent = client
            .post(&url)
            .header("cookie", &session.cookie)
            .header("x-forwarded-for", address)
            .form(&form)
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == reqwest::StatusCode::SEE_OTHER => {
                let location = r
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                match location.strip_prefix("/e-services/receipt/") {
                    Some(code) if !code.is_empty() => {
                        // The citizen has their code: from now on the request must exist.
                        codes.lock().await.push(code.to_owned());
                        counts.accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        counts.refused.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            Ok(_) => {
                counts.refused.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                // The server is down (killed): try again shortly, as a browser would.
                counts.failed.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

pub async fn run(args: SubmissionsArgs) -> anyhow::Result<()> {
    let temp = tempfile::tempdir()?;
    let dir = args
        .data_dir
        .clone()
        .unwrap_or_else(|| temp.path().join("data"));
    if dir.join("prongsai.sqlite3").exists() {
        bail!("{} already holds a database", dir.display());
    }
    std::fs::create_dir_all(&dir)?;
    say(format!(
        "Prongsai submission durability benchmark ({} clients, {} SIGKILLs, {:.1} s apart; SQLite)",
        args.clients, args.kills, args.interval
    ));
    let target = seed(&dir).await?;

    let port = free_port()?;
    let bin = std::env::current_exe()?.with_file_name("prongsai");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()?;
    let mut server = Server::start(&bin, &dir, port)?;
    wait_for(&client, &format!("{base}/healthz")).await?;

    // One real browser session; the bench waits out the form's minimum age once.
    let session = open_form(&client, &base, target.service_id).await?;
    tokio::time::sleep(Duration::from_millis(
        (prongsai_kernel::form_guard::MIN_FORM_AGE_SECONDS as u64 + 1) * 1000,
    ))
    .await;

    let shared = Arc::new(Shared {
        client: client.clone(),
        base: base.clone(),
        target,
        session,
        next_citizen: AtomicU64::new(1),
        stop: AtomicBool::new(false),
        counts: Counts::default(),
        codes: Mutex::new(Vec::new()),
    });
    let counts = &shared.counts;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.clients {
        tasks.push(tokio::spawn(submit_loop(shared.clone())));
    }
    let mut restarts = Vec::new();
    for kill in 1..=args.kills {
        // A little unevenness so that the kill lands at different points of a request.
        let jitter = (kill as f64 * 0.37).fract() * 0.5;
        tokio::time::sleep(Duration::from_secs_f64(args.interval + jitter)).await;
        let before = counts.accepted.load(Ordering::Relaxed);
        server.kill();
        say(format!(
            "  SIGKILL {kill}/{}: {before} requests accepted so far",
            args.kills
        ));
        server = Server::start(&bin, &dir, port)?;
        restarts.push(wait_for(&client, &format!("{base}/healthz")).await?);
    }
    tokio::time::sleep(Duration::from_secs_f64(args.interval)).await;
    shared.stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed();
    // The last run ends the same way: killed, not shut down.
    server.kill();
    drop(server);

    let codes = shared.codes.lock().await.clone();
    let url = prongsai_db::sqlite_url(&dir.join("prongsai.sqlite3"));
    let db = prongsai::app::open_database(&url, &prongsai_db::PoolOptions::default()).await?;
    let stored: HashSet<String> = prongsai_eservices::model::service_request::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|r| r.tracking_code)
        .collect();
    db.close().await?;
    let lost: Vec<&String> = codes.iter().filter(|c| !stored.contains(*c)).collect();
    let accepted = counts.accepted.load(Ordering::Relaxed);
    let mean_restart =
        restarts.iter().map(Duration::as_secs_f64).sum::<f64>() / restarts.len().max(1) as f64;
    say(format!(
        "\nrun: {:.1} s with {} SIGKILLs (mean restart until /healthz answers: {:.2} s)",
        elapsed.as_secs_f64(),
        args.kills,
        mean_restart
    ));
    say(format!(
        "accepted: {accepted} requests with a tracking code, {:.1} accepted/s over the whole run",
        accepted as f64 / elapsed.as_secs_f64()
    ));
    say(format!(
        "not accepted: {} refused answers, {} connection errors while the server was down",
        counts.refused.load(Ordering::Relaxed),
        counts.failed.load(Ordering::Relaxed)
    ));
    say(format!(
        "in the database afterwards: {} requests (codes given out and stored may differ only by requests whose answer the kill cut off)",
        stored.len()
    ));
    say(format!("lost: {} (must be 0)", lost.len()));
    if accepted == 0 {
        bail!("no request was accepted: the benchmark measured nothing");
    }
    if !lost.is_empty() {
        for c in lost.iter().take(10) {
            say(format!("  lost tracking code {c}"));
        }
        bail!("{} requests with a tracking code are missing", lost.len());
    }
    Ok(())
}
