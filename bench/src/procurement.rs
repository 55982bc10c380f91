//! Procurement export and import at scale: 100,000 rows written to the NACC sheet (XLSX),
//! CSV and an OCDS release package, then the XLSX read back, checked and saved to a fresh
//! SQLite database, each phase timed. Each phase runs in a process of its own (this binary
//! started again with `--phase`), so its peak resident memory (`VmHWM`) is its own and not
//! what an earlier phase left in the allocator.

use std::io::Write;
use std::time::Instant;

use chrono::{Duration, NaiveDate, Utc};
use clap::Args;
use prongsai_procurement::reference::reference_for;
use prongsai_procurement::rows::{Agency, ItemRow};
use prongsai_procurement::validate::ValidItem;

#[derive(Args)]
pub struct ProcurementArgs {
    /// Rows to export and import.
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
    /// Run one phase in this process and print its result line (used by the benchmark
    /// itself: each phase is a process of its own).
    #[arg(long, hide = true)]
    phase: Option<String>,
    /// Where the phases keep the XLSX between export and import.
    #[arg(long, hide = true)]
    dir: Option<std::path::PathBuf>,
}

const FISCAL_YEAR: i32 = 2569;

const NAMES: &[&str] = &[
    "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่",
    "ซื้อวัสดุสำนักงาน กองคลัง ชุดที่",
    "จ้างเหมาประกอบอาหารกลางวัน ศูนย์พัฒนาเด็กเล็ก งวดที่",
    "ซื้อน้ำมันเชื้อเพลิงและหล่อลื่น ใบสั่งที่",
    "จ้างซ่อมแซมถนนลูกรัง หมู่ที่",
    "ซื้อวัสดุคอมพิวเตอร์ (หมึกพิมพ์) รายการที่",
];

const METHODS: &[&str] = &[
    "specific",
    "specific",
    "specific",
    "e_market",
    "e_bidding",
    "selective",
];
const STATUSES: &[&str] = &[
    "completed",
    "completed",
    "in_contract",
    "not_signed",
    "cancelled",
];

/// Tax IDs that pass the check digit (juristic persons and sole traders).
fn tax_id(n: usize) -> String {
    let prefix = if n.is_multiple_of(3) { 3 } else { 0 };
    let body = format!("{prefix}{:011}", 10_537_000_000usize + n % 5000);
    let digits: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| d * (13 - i as u32))
        .sum();
    format!("{body}{}", (11 - sum % 11) % 10)
}

fn rows(n: usize) -> Vec<ItemRow> {
    let start = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap_or_default();
    (0..n)
        .map(|i| {
            let status = STATUSES[i % STATUSES.len()];
            let signed = matches!(status, "completed" | "in_contract");
            let budget = 5_000 * 100 + (i as i64 * 7919 % 2_000_000) * 100;
            let day = start + Duration::days((i % 360) as i64);
            ItemRow {
                id: i as i64 + 1,
                item: ValidItem {
                    fiscal_year: FISCAL_YEAR,
                    item_name: format!("{} {}", NAMES[i % NAMES.len()], i + 1),
                    allocated_budget: budget,
                    budget_source: "ordinance".into(),
                    status: status.into(),
                    method: METHODS[i % METHODS.len()].into(),
                    reference_price: Some(budget - 1000),
                    agreed_price: signed.then_some(budget - 25_000),
                    vendor_name: signed.then(|| format!("ห้างหุ้นส่วนจำกัด ผู้รับจ้างทดสอบ {}", i % 5000)),
                    vendor_tax_id: signed.then(|| tax_id(i)),
                    egp_project_number: signed
                        .then(|| format!("68{:02}{:07}", 10 + i % 3, i % 10_000_000)),
                    contract_start: signed.then_some(day),
                    contract_end: signed.then_some(day + Duration::days(60)),
                    announced_on: None,
                },
                updated_at: Utc::now(),
                plan_published_on: None,
                result_on: None,
                division: None,
            }
        })
        .collect()
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

struct Phase {
    name: &'static str,
    seconds: f64,
    peak_mb: f64,
    target_seconds: Option<f64>,
    note: String,
}

fn say(line: impl AsRef<str>) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line.as_ref());
}

const PHASES: [&str; 4] = ["xlsx", "csv", "ocds", "import"];

pub async fn run(args: ProcurementArgs) -> anyhow::Result<()> {
    if let Some(phase) = &args.phase {
        let dir = args
            .dir
            .clone()
            .ok_or_else(|| anyhow::anyhow!("--phase needs --dir"))?;
        let p = run_phase(phase, args.rows, &dir).await?;
        // One tab-separated line the parent reads.
        say(format!(
            "PHASE\t{}\t{}\t{}\t{}\t{}",
            p.name,
            p.seconds,
            p.peak_mb,
            p.target_seconds.unwrap_or(0.0),
            p.note
        ));
        return Ok(());
    }
    say(format!(
        "Prongsai procurement benchmark ({} rows, fiscal year {FISCAL_YEAR}; each phase a process of its own)",
        args.rows
    ));
    let dir = tempfile::tempdir()?;
    let exe = std::env::current_exe()?;
    let mut phases = Vec::new();
    for phase in PHASES {
        let out = std::process::Command::new(&exe)
            .args([
                "procurement",
                "--rows",
                &args.rows.to_string(),
                "--phase",
                phase,
            ])
            .arg("--dir")
            .arg(dir.path())
            .output()?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        anyhow::ensure!(
            out.status.success(),
            "phase {phase} failed: {}{}",
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("PHASE\t"))
            .ok_or_else(|| anyhow::anyhow!("phase {phase} printed no result: {stdout}"))?;
        let f: Vec<&str> = line.split('\t').collect();
        anyhow::ensure!(f.len() == 5, "phase {phase}: bad line {line}");
        let name: &'static str = match phase {
            "xlsx" => "export XLSX (NACC sheet)",
            "csv" => "export CSV",
            "ocds" => "export OCDS release package",
            _ => "import XLSX (read, check, save to SQLite)",
        };
        let target: f64 = f[3].parse()?;
        phases.push(Phase {
            name,
            seconds: f[1].parse()?,
            peak_mb: f[2].parse()?,
            target_seconds: (target > 0.0).then_some(target),
            note: f[4].to_owned(),
        });
    }
    report(&phases);
    Ok(())
}

fn agency() -> Agency {
    Agency {
        slug: "kudjok".into(),
        name: "องค์การบริหารส่วนตำบลกุดจอก".into(),
        district: "บัวใหญ่".into(),
        province: "นครราชสีมา".into(),
    }
}

/// One phase, in this process. The exports start from the year's rows in memory, as the
/// server has them after reading the published list; the import starts from the XLSX file.
async fn run_phase(phase: &str, n: usize, dir: &std::path::Path) -> anyhow::Result<Phase> {
    let (reference, _) = reference_for(FISCAL_YEAR);
    let agency = agency();
    let xlsx_path = dir.join("procurement.xlsx");
    match phase {
        "xlsx" => {
            let rows = rows(n);
            let t = Instant::now();
            let xlsx = prongsai_procurement::nacc::nacc_xlsx(reference, &agency, &rows)?;
            let seconds = t.elapsed().as_secs_f64();
            std::fs::write(&xlsx_path, &xlsx)?;
            Ok(Phase {
                name: "xlsx",
                seconds,
                peak_mb: peak_mb(),
                target_seconds: Some(3.0),
                note: format!("{:.1} MB", xlsx.len() as f64 / 1e6),
            })
        }
        "csv" => {
            let rows = rows(n);
            let t = Instant::now();
            let (header, body) = prongsai_procurement::nacc::csv_rows(reference, &agency, &rows);
            let csv = prongsai_web::api::csv_bytes(
                &header.iter().map(String::as_str).collect::<Vec<_>>(),
                body,
            );
            Ok(Phase {
                name: "csv",
                seconds: t.elapsed().as_secs_f64(),
                peak_mb: peak_mb(),
                target_seconds: None,
                note: format!("{:.1} MB", csv.len() as f64 / 1e6),
            })
        }
        "ocds" => {
            let rows = rows(n);
            let t = Instant::now();
            let publication = prongsai_procurement::ocds::Publication {
                ocid_prefix: "ocds-prongs",
                base_url: "https://kudjok.example",
                published: Utc::now(),
                licence_url: prongsai_web::opendata::LICENCE_URL,
            };
            // Written to a file, as the server spools it (prongsai_web::api::spooled_body).
            let path = dir.join("ocds.json");
            let mut out =
                std::io::BufWriter::with_capacity(64 * 1024, std::fs::File::create(&path)?);
            prongsai_procurement::ocds::write_release_package(
                &mut out,
                &publication,
                reference,
                &agency,
                FISCAL_YEAR,
                &rows,
            )?;
            out.flush()?;
            drop(out);
            let seconds = t.elapsed().as_secs_f64();
            let peak = peak_mb();
            let size = std::fs::metadata(&path)?.len();
            // The file must be one valid package holding every release.
            let package: serde_json::Value =
                serde_json::from_reader(std::io::BufReader::new(std::fs::File::open(&path)?))?;
            let releases = package["releases"].as_array().map_or(0, Vec::len);
            anyhow::ensure!(releases == n, "{releases} releases of {n}");
            Ok(Phase {
                name: "ocds",
                seconds,
                peak_mb: peak,
                target_seconds: Some(2.0),
                note: format!("{:.1} MB", size as f64 / 1e6),
            })
        }
        "import" => import_phase(n, &xlsx_path).await,
        other => anyhow::bail!("unknown phase {other}"),
    }
}

async fn import_phase(n: usize, xlsx_path: &std::path::Path) -> anyhow::Result<Phase> {
    let (reference, _) = reference_for(FISCAL_YEAR);
    let agency = agency();
    let t = Instant::now();
    let xlsx = std::fs::read(xlsx_path)?;
    let table = prongsai_procurement::import::read_xlsx(&xlsx).map_err(anyhow::Error::msg)?;
    let preview = prongsai_procurement::import::preview(&table, reference, FISCAL_YEAR);
    drop(table);
    let read_seconds = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        preview.file_problems.is_empty(),
        "file problems: {:?}",
        preview.file_problems
    );
    // Sole traders' IDs are masked in a published sheet, but this one was written from the
    // full rows: every row must pass.
    anyhow::ensure!(
        preview.problems.is_empty(),
        "{} problems, first {:?}",
        preview.problems.len(),
        preview.problems.first()
    );
    anyhow::ensure!(
        preview.items.len() == n,
        "read {} of {} rows",
        preview.items.len(),
        n
    );
    let dir = tempfile::tempdir()?;
    let url = prongsai_db::sqlite_url(&dir.path().join("prongsai.sqlite3"));
    let db = prongsai::app::open_database(&url, &prongsai_db::PoolOptions::default()).await?;
    let txn = db.begin_write().await?;
    let org = prongsai_kernel::tenant::create_organization(
        &txn,
        &prongsai_kernel::tenant::NewOrganization {
            slug: "kudjok".into(),
            kind: "sao".into(),
            name_th: agency.name.clone(),
            district_th: agency.district.clone(),
            province_th: agency.province.clone(),
            ..Default::default()
        },
        prongsai_kernel::Actor::Cli,
    )
    .await?;
    txn.commit().await?;
    let t_save = Instant::now();
    let txn = db.begin_write().await?;
    let saved = prongsai_procurement::store::insert_items(
        &txn,
        org.id,
        None,
        "bench",
        preview.items.iter().map(|(_, v)| v),
    )
    .await?;
    txn.commit().await?;
    let save_seconds = t_save.elapsed().as_secs_f64();
    anyhow::ensure!(saved == n, "saved {saved}");
    Ok(Phase {
        name: "import",
        seconds: read_seconds + save_seconds,
        peak_mb: peak_mb(),
        target_seconds: Some(5.0),
        note: format!("read and check {read_seconds:.2} s, save {save_seconds:.2} s"),
    })
}

fn report(phases: &[Phase]) {
    say("");
    say("| phase | seconds | target | peak memory MB | notes |");
    say("|---|---:|---:|---:|---|");
    let mut all_met = true;
    let mut worst_mb: f64 = 0.0;
    for p in phases {
        let target = p
            .target_seconds
            .map_or("-".to_owned(), |t| format!("< {t} s"));
        if p.target_seconds.is_some_and(|t| p.seconds >= t) {
            all_met = false;
        }
        worst_mb = worst_mb.max(p.peak_mb);
        say(format!(
            "| {} | {:.2} | {target} | {:.0} | {} |",
            p.name, p.seconds, p.peak_mb, p.note
        ));
    }
    say("");
    say(format!(
        "peak memory of any phase: {worst_mb:.0} MB (target < 300 MB: {})",
        if worst_mb < 300.0 { "met" } else { "NOT met" }
    ));
    say(format!(
        "time targets: {}",
        if all_met { "met" } else { "NOT met" }
    ));
}
