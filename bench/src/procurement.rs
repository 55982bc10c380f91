//! Procurement export and import at scale: 100,000 rows written to the NACC sheet (XLSX),
//! CSV and an OCDS release package, then the XLSX read back, checked and saved to a fresh
//! SQLite database, each phase timed, with the process's peak memory per phase.

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

/// Resets the process's peak resident memory (Linux `clear_refs` 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
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

pub async fn run(args: ProcurementArgs) -> anyhow::Result<()> {
    let (reference, _) = reference_for(FISCAL_YEAR);
    let agency = Agency {
        slug: "kudjok".into(),
        name: "องค์การบริหารส่วนตำบลกุดจอก".into(),
        district: "บัวใหญ่".into(),
        province: "นครราชสีมา".into(),
    };
    say(format!(
        "Prongsai procurement benchmark ({} rows, fiscal year {FISCAL_YEAR})",
        args.rows
    ));
    let rows = rows(args.rows);
    let mut phases = Vec::new();

    reset_peak();
    let t = Instant::now();
    let sheet = prongsai_procurement::nacc::nacc_sheet(reference, &agency, &rows);
    let xlsx = prongsai_export::write_workbook(&[sheet])?;
    phases.push(Phase {
        name: "export XLSX (NACC sheet)",
        seconds: t.elapsed().as_secs_f64(),
        peak_mb: peak_mb(),
        target_seconds: Some(3.0),
        note: format!("{:.1} MB", xlsx.len() as f64 / 1e6),
    });

    reset_peak();
    let t = Instant::now();
    let (header, body) = prongsai_procurement::nacc::csv_rows(reference, &agency, &rows);
    let csv =
        prongsai_web::api::csv_bytes(&header.iter().map(String::as_str).collect::<Vec<_>>(), body);
    phases.push(Phase {
        name: "export CSV",
        seconds: t.elapsed().as_secs_f64(),
        peak_mb: peak_mb(),
        target_seconds: None,
        note: format!("{:.1} MB", csv.len() as f64 / 1e6),
    });
    drop(csv);

    reset_peak();
    let t = Instant::now();
    let publication = prongsai_procurement::ocds::Publication {
        ocid_prefix: "ocds-prongs",
        base_url: "https://kudjok.example",
        published: Utc::now(),
        licence_url: prongsai_web::opendata::LICENCE_URL,
    };
    let mut ocds = Vec::new();
    prongsai_procurement::ocds::write_release_package(
        &mut ocds,
        &publication,
        reference,
        &agency,
        FISCAL_YEAR,
        &rows,
    )?;
    phases.push(Phase {
        name: "export OCDS release package",
        seconds: t.elapsed().as_secs_f64(),
        peak_mb: peak_mb(),
        target_seconds: Some(2.0),
        note: format!("{:.1} MB", ocds.len() as f64 / 1e6),
    });
    drop(ocds);
    drop(rows);

    reset_peak();
    let t = Instant::now();
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
        preview.items.len() == args.rows,
        "read {} of {} rows",
        preview.items.len(),
        args.rows
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
    anyhow::ensure!(saved == args.rows, "saved {saved}");
    phases.push(Phase {
        name: "import XLSX (read, check, save to SQLite)",
        seconds: read_seconds + save_seconds,
        peak_mb: peak_mb(),
        target_seconds: Some(5.0),
        note: format!("read and check {read_seconds:.2} s, save {save_seconds:.2} s"),
    });

    say("");
    say("| phase | seconds | target | peak memory MB | notes |");
    say("|---|---:|---:|---:|---|");
    let mut all_met = true;
    let mut worst_mb: f64 = 0.0;
    for p in &phases {
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
    Ok(())
}
