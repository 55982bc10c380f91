//! The portal load benchmark.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use prongsai_accounts::PasswordParams;
use prongsai_kernel::{Actor, Authorized};
use prongsai_news::permissions::{ManageNews, PublishNews};
use prongsai_news::store::NewsInput;
use prongsai_questions::permissions::AnswerQuestions;
use prongsai_questions::store::{AnswerInput, AskInput};

#[derive(clap::Args)]
pub struct PortalArgs {
    /// News items to seed.
    #[arg(long, default_value_t = 10_000)]
    news: usize,
    /// Answered questions to seed (when the Q&A capability is present).
    #[arg(long, default_value_t = 2_000)]
    questions: usize,
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    #[arg(long, default_value_t = 64)]
    connections: u32,
    /// Keep the seeded data directory here instead of a temporary one (reused when present).
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn say(line: impl AsRef<str>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line.as_ref());
}

/// Sentences for generated news, from the organization's own kind of work.
const TOPICS: [&str; 10] = [
    "โครงการบริการเป็นเลิศ ก่อเกิดความประทับใจ",
    "ประชุมประชาคมหมู่บ้านเพื่อจัดทำแผนพัฒนาท้องถิ่น",
    "การรับชำระภาษีที่ดินและสิ่งปลูกสร้าง",
    "กิจกรรมส่งเสริมคุณธรรมจริยธรรมบุคลากร",
    "มาตรการป้องกันการทุจริตและประพฤติมิชอบ",
    "โครงการซ่อมแซมถนนลูกรังภายในตำบล",
    "การรับสมัครผู้สูงอายุรับเบี้ยยังชีพ",
    "รณรงค์ป้องกันโรคไข้เลือดออก",
    "ประกาศประกวดราคาจ้างก่อสร้างรางระบายน้ำ",
    "การประเมินความพึงพอใจการให้บริการประชาชน",
];

/// What citizens ask about, for generated questions.
const ASKED: [&str; 6] = [
    "ขอทราบขั้นตอนการขออนุญาตก่อสร้างอาคาร",
    "เบี้ยยังชีพผู้สูงอายุจะโอนเข้าบัญชีวันไหน",
    "ถนนในหมู่บ้านชำรุด จะซ่อมเมื่อไร",
    "ชำระภาษีที่ดินและสิ่งปลูกสร้างได้ที่ไหนบ้าง",
    "ขอยืมเต็นท์สำหรับงานบุญต้องทำอย่างไร",
    "ไฟฟ้าส่องสว่างสาธารณะดับหลายจุด",
];

/// Seeds `count` questions through the public path and answers them through the staff path
/// (each answer publishes a version, as on a real board). Returns the last question's id.
async fn seed_questions(db: &prongsai_db::Db, tenant: i64, count: usize) -> anyhow::Result<i64> {
    let answer = Authorized::<AnswerQuestions>::system(tenant, Actor::System);
    let started = Instant::now();
    let mut last_id = 0;
    for i in 0..count {
        let topic = ASKED[i % ASKED.len()];
        let title = format!("{topic} (คำถามที่ {})", i + 1);
        let body = format!("{topic} หมู่ที่ {} ขอบคุณครับ", 1 + i % 14);
        let asked = prongsai_questions::store::ask_question(
            db,
            tenant,
            &AskInput {
                title: title.clone(),
                body: body.clone(),
                ..Default::default()
            },
        )
        .await?;
        prongsai_questions::store::answer_question(
            db,
            &answer,
            asked.id,
            &AnswerInput {
                title,
                body,
                answer: format!(
                    "องค์การบริหารส่วนตำบลกุดจอกได้รับเรื่องแล้ว {topic} สอบถามเพิ่มเติมได้ที่สำนักปลัด โทร 044-000-000"
                ),
                ..Default::default()
            },
        )
        .await?;
        last_id = asked.id;
        if (i + 1) % 500 == 0 {
            say(format!(
                "  seeded {} answered questions ({:.0}/s)",
                i + 1,
                (i + 1) as f64 / started.elapsed().as_secs_f64()
            ));
        }
    }
    Ok(last_id)
}

/// What the seeding made: the last news item's and the last question's ids.
struct Seeded {
    news: i64,
    question: i64,
}

async fn seed(dir: &Path, news: usize, questions: usize) -> anyhow::Result<Seeded> {
    let url = prongsai_db::sqlite_url(&dir.join("prongsai.sqlite3"));
    let db = prongsai::app::open_database(&url, &prongsai_db::PoolOptions::default()).await?;
    let (tenant, _) = prongsai::demo::load_demo(&db, PasswordParams::TESTING, &|_| {
        Some("bench-password-1".into())
    })
    .await?;
    let categories = prongsai_news::store::list_categories(&db, tenant.id).await?;
    let manage = Authorized::<ManageNews>::system(tenant.id, Actor::System);
    let publish = Authorized::<PublishNews>::system(tenant.id, Actor::System);
    let started = Instant::now();
    let mut last_id = 0;
    for i in 0..news {
        let topic = TOPICS[i % TOPICS.len()];
        let day = chrono::NaiveDate::from_ymd_opt(2022, 10, 1).unwrap_or_default()
            + chrono::Duration::days((i % 1400) as i64);
        let input = NewsInput {
            title: format!("{topic} ครั้งที่ {}", i + 1),
            category_id: categories[i % categories.len()].id.to_string(),
            summary: format!("องค์การบริหารส่วนตำบลกุดจอกดำเนิน{topic} เพื่อประโยชน์ของประชาชนในตำบล"),
            body: format!(
                "{topic}\nองค์การบริหารส่วนตำบลกุดจอก อำเภอบัวใหญ่ จังหวัดนครราชสีมา ได้ดำเนินการตามแผนการดำเนินงานประจำปี โดยมีประชาชนเข้าร่วม {} คน และได้รับความร่วมมือจากผู้ใหญ่บ้านทุกหมู่บ้าน",
                20 + i % 180
            ),
            event_date: day.to_string(),
            fiscal_year: String::new(),
        };
        let item = prongsai_news::store::create_news(&db, &manage, &input).await?;
        prongsai_news::store::publish_news(&db, &publish, item.id, "").await?;
        last_id = item.id;
        if (i + 1) % 1000 == 0 {
            say(format!(
                "  seeded {} news items ({:.0}/s)",
                i + 1,
                (i + 1) as f64 / started.elapsed().as_secs_f64()
            ));
        }
    }
    let question = seed_questions(&db, tenant.id, questions).await?;
    db.close().await?;
    Ok(Seeded {
        news: last_id,
        question,
    })
}

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn wait_for(url: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{url} did not answer")
}

/// What one wrk run measured.
struct Run {
    name: String,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

fn parse_ms(s: &str) -> f64 {
    let s = s.trim();
    if let Some(v) = s.strip_suffix("us") {
        v.parse::<f64>().unwrap_or(f64::NAN) / 1000.0
    } else if let Some(v) = s.strip_suffix("ms") {
        v.parse().unwrap_or(f64::NAN)
    } else if let Some(v) = s.strip_suffix('s') {
        v.parse::<f64>().unwrap_or(f64::NAN) * 1000.0
    } else {
        f64::NAN
    }
}

fn wrk(name: &str, url: &str, seconds: u64, connections: u32) -> anyhow::Result<Run> {
    let out = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--latency",
            url,
        ])
        .output()
        .context("running wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut run = Run {
        name: name.to_owned(),
        rps: 0.0,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
        non_2xx: 0,
    };
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            run.rps = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = t.strip_prefix("50%") {
            run.p50_ms = parse_ms(v);
        } else if let Some(v) = t.strip_prefix("99%") {
            run.p99_ms = parse_ms(v);
        } else if let Some(v) = t.strip_prefix("Non-2xx or 3xx responses:") {
            run.non_2xx = v.trim().parse().unwrap_or(0);
        }
    }
    if run.rps == 0.0 {
        bail!("wrk printed no throughput for {name}:\n{text}");
    }
    Ok(run)
}

fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn start_nginx(root: &Path, port: u16) -> anyhow::Result<Kill> {
    let conf = root.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes auto;\npid {pid};\nerror_log {err} warn;\ndaemon off;\nevents {{ worker_connections 1024; }}\nhttp {{\n  access_log off;\n  default_type text/html;\n  client_body_temp_path {tmp};\n  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n  uwsgi_temp_path {tmp};\n  scgi_temp_path {tmp};\n  server {{ listen 127.0.0.1:{port}; root {root}; location / {{ }} }}\n}}\n",
            pid = root.join("nginx.pid").display(),
            err = root.join("nginx-error.log").display(),
            tmp = root.display(),
            root = root.join("www").display(),
        ),
    )?;
    let nginx = ["/usr/sbin/nginx", "nginx"]
        .into_iter()
        .find(|p| Path::new(p).exists() || *p == "nginx")
        .unwrap_or("nginx");
    let child = Command::new(nginx)
        .args([
            "-c",
            &conf.display().to_string(),
            "-p",
            &root.display().to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting nginx (apt-get install nginx-light)")?;
    Ok(Kill(child))
}

pub async fn run(args: PortalArgs) -> anyhow::Result<()> {
    let temp = tempfile::tempdir()?;
    let dir = args
        .data_dir
        .clone()
        .unwrap_or_else(|| temp.path().join("data"));
    std::fs::create_dir_all(&dir)?;
    let fresh = !dir.join("prongsai.sqlite3").exists();
    say(format!(
        "Prongsai portal load benchmark ({} news, {} questions; wrk {} connections, {} s per URL)",
        args.news, args.questions, args.connections, args.seconds
    ));
    let seed_started = Instant::now();
    let seeded = if fresh {
        seed(&dir, args.news, args.questions).await?
    } else {
        say("  reusing the seeded data directory");
        Seeded {
            news: args.news as i64,
            question: args.questions as i64,
        }
    };
    if fresh {
        say(format!(
            "  seeding took {:.1} s",
            seed_started.elapsed().as_secs_f64()
        ));
    }

    let port = free_port()?;
    let exe = std::env::current_exe()?;
    let server_bin = exe.with_file_name("prongsai");
    let server = Command::new(&server_bin)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--no-worker",
        ])
        .env("PRONGSAI_DATA_DIR", &dir)
        .env("PRONGSAI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| {
            format!(
                "starting {} (build it with cargo build --release -p prongsai)",
                server_bin.display()
            )
        })?;
    let pid = server.id();
    let _server = Kill(server);
    let base = format!("http://127.0.0.1:{port}");
    wait_for(&format!("{base}/healthz")).await?;

    // nginx serves the very bytes of the home page.
    let home = reqwest::get(format!("{base}/")).await?.bytes().await?;
    let www = temp.path().join("nginx");
    std::fs::create_dir_all(www.join("www"))?;
    std::fs::write(www.join("www/index.html"), &home)?;
    let nginx_port = free_port()?;
    let _nginx = start_nginx(&www, nginx_port)?;
    wait_for(&format!("http://127.0.0.1:{nginx_port}/index.html")).await?;

    let urls = [
        (
            "nginx: same home page bytes",
            format!("http://127.0.0.1:{nginx_port}/index.html"),
        ),
        ("home page /", format!("{base}/")),
        ("news list /news?page=3", format!("{base}/news?page=3")),
        (
            "news item /news/{id}",
            format!("{base}/news/{}", seeded.news),
        ),
        (
            "Q&A list /questions?page=3",
            format!("{base}/questions?page=3"),
        ),
        (
            "Q&A item /questions/{id}",
            format!("{base}/questions/{}", seeded.question),
        ),
        (
            "search /search?q=ทุจริต",
            format!("{base}/search?q=%E0%B8%97%E0%B8%B8%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%95"),
        ),
    ];
    let mut runs = Vec::new();
    for (name, url) in &urls {
        // Warm-up: one request fills the page cache.
        let _ = reqwest::get(url).await;
        runs.push(wrk(name, url, args.seconds, args.connections)?);
    }
    let (rss, hwm) = rss_kib(pid);
    say("\n| URL | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|");
    for r in &runs {
        say(format!(
            "| {} | {:.0} | {:.2} | {:.2} | {} |",
            r.name, r.rps, r.p50_ms, r.p99_ms, r.non_2xx
        ));
    }
    let ratio = runs[1].rps / runs[0].rps;
    let worst_p99 = runs[1..].iter().map(|r| r.p99_ms).fold(0.0f64, f64::max);
    say(format!(
        "\nhome page home/nginx throughput: {:.2} (target >= 0.50: {})",
        ratio,
        if ratio >= 0.5 { "met" } else { "NOT met" }
    ));
    say(format!(
        "worst p99 of the portal URLs: {worst_p99:.2} ms (target < 25 ms: {})",
        if worst_p99 < 25.0 { "met" } else { "NOT met" }
    ));
    say(format!(
        "server memory: RSS {:.1} MB, peak {:.1} MB (target < 100 MB: {})",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0,
        if hwm < 100 * 1024 { "met" } else { "NOT met" }
    ));
    say(format!(
        "home page size: {:.1} KB",
        home.len() as f64 / 1024.0
    ));
    Ok(())
}
