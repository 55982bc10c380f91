//! Measures indexing and search speed on generated Thai documents.
//!
//! `cargo run -p prongsai-search --example index_speed [DATABASE_URL] [DOCS] [BYTES]`
//! (a temporary SQLite file by default; a PostgreSQL URL must name an empty database).

use std::time::Instant;

use chrono::Utc;
use prongsai_db::{Db, PoolOptions};
use prongsai_search::{PreparedEntry, SearchEntry};
use sea_orm_migration::{MigrationTrait, MigratorTrait};

struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = prongsai_db::migrations::foundation_migrations();
        all.extend(prongsai_search::migrations());
        all
    }
}

const VOCABULARY: &[&str] = &[
    "ประกาศ",
    "องค์การบริหารส่วนตำบล",
    "เรื่อง",
    "การ",
    "จัดซื้อ",
    "จัดจ้าง",
    "โครงการ",
    "ก่อสร้าง",
    "ถนน",
    "คอนกรีต",
    "เสริมเหล็ก",
    "หมู่ที่",
    "งบประมาณ",
    "รายจ่าย",
    "ประจำปี",
    "ผู้",
    "ชนะ",
    "เสนอราคา",
    "ราคา",
    "บาท",
    "ตาม",
    "ระเบียบ",
    "กระทรวงมหาดไทย",
    "ว่าด้วย",
    "พัสดุ",
    "ทุจริต",
    "ร้องเรียน",
    "ประชาชน",
    "สามารถ",
    "ติดต่อ",
    "สอบถาม",
    "รายละเอียด",
    "เพิ่มเติม",
    "ได้ที่",
    "กองคลัง",
    "ในวัน",
    "เวลา",
    "ราชการ",
    "ผู้สูงอายุ",
    "เบี้ยยังชีพ",
    "คนพิการ",
    "ส่งเสริม",
    "สุขภาพ",
    "ป้องกัน",
    "โรค",
    "ไข้เลือดออก",
    "น้ำประปา",
    "ขยะ",
    "สิ่งแวดล้อม",
    "การศึกษา",
    "ศูนย์พัฒนาเด็กเล็ก",
    "และ",
    "หรือ",
    "ที่",
    "ของ",
    "ให้",
];

/// CPU time of this process so far, in seconds (Linux; 0 elsewhere). The machine may be
/// busy with other work, which inflates wall-clock times but not this.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses: utime is the 12th, stime
    // the 13th; both in clock ticks of 1/100 s.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A deterministic Thai document of about `bytes` bytes of UTF-8.
fn document(seed: u64, bytes: usize) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::with_capacity(bytes + 64);
    let mut in_phrase = 0;
    while out.len() < bytes {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let word = VOCABULARY[(state >> 33) as usize % VOCABULARY.len()];
        out.push_str(word);
        in_phrase += 1;
        if in_phrase > 4 + (state >> 60) as usize {
            out.push(' ');
            in_phrase = 0;
        }
        if (state >> 40).is_multiple_of(97) {
            out.push_str(&format!(" ๒๕๖{} ", (state >> 50) % 10));
        }
    }
    out
}

#[tokio::main(flavor = "current_thread")]
#[expect(clippy::print_stdout, reason = "an example reports what it measured")]
#[expect(clippy::unwrap_used, reason = "an example stops at the first error")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = tempfile::tempdir().unwrap();
    let url = args
        .get(1)
        .filter(|a| !a.is_empty() && *a != "-")
        .cloned()
        .unwrap_or_else(|| prongsai_db::sqlite_url(&dir.path().join("speed.sqlite3")));
    let docs: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(200);
    let bytes: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2048);

    let db = Db::connect(&url, &PoolOptions::default()).await.unwrap();
    Migrator::up(db.conn(), None).await.unwrap();
    let txn = db.begin_write().await.unwrap();
    let org = prongsai_kernel::tenant::create_organization(
        &txn,
        &prongsai_kernel::tenant::NewOrganization {
            slug: "speed".into(),
            kind: "sao".into(),
            name_th: "องค์การบริหารส่วนตำบลทดสอบ".into(),
            district_th: "เมือง".into(),
            province_th: "ขอนแก่น".into(),
            ..Default::default()
        },
        prongsai_kernel::Actor::Cli,
    )
    .await
    .unwrap()
    .id;
    txn.commit().await.unwrap();

    let bodies: Vec<String> = (0..docs).map(|i| document(i, bytes)).collect();
    let chars: usize = bodies.iter().map(|b| b.chars().count()).sum();
    let entries: Vec<SearchEntry<'_>> = bodies
        .iter()
        .zip(1..)
        .map(|(body, id)| SearchEntry {
            organization_id: org,
            kind: "document",
            record_id: id,
            url: "/documents/1",
            title: "ประกาศผู้ชนะการเสนอราคา",
            body,
            published_at: Utc::now(),
            fiscal_year: Some(2567),
        })
        .collect();

    // Terms only (segmentation and hashing).
    let started = Instant::now();
    let cpu = cpu_seconds();
    let prepared: Vec<PreparedEntry> = entries.iter().map(PreparedEntry::new).collect();
    let terms_secs = started.elapsed().as_secs_f64();
    let terms_cpu = cpu_seconds() - cpu;

    // Writing prepared entries, one transaction each.
    let started = Instant::now();
    for p in &prepared {
        let txn = db.begin_write().await.unwrap();
        prongsai_search::index_prepared(&txn, p).await.unwrap();
        txn.commit().await.unwrap();
    }
    let write_secs = started.elapsed().as_secs_f64();

    // Everything (index_record), replacing what was written.
    let started = Instant::now();
    let cpu = cpu_seconds();
    for e in &entries {
        let txn = db.begin_write().await.unwrap();
        prongsai_search::index_record(&txn, e).await.unwrap();
        txn.commit().await.unwrap();
    }
    let all_secs = started.elapsed().as_secs_f64();
    let all_cpu = cpu_seconds() - cpu;

    let n = docs as f64;
    println!(
        "{docs} documents of {bytes} bytes ({} characters on average), {:?}",
        chars / bodies.len().max(1),
        db.backend()
    );
    println!(
        "terms only:   {:8.1} documents/s, {:8.1} per CPU second",
        n / terms_secs,
        n / terms_cpu
    );
    println!("writes only:  {:8.1} documents/s", n / write_secs);
    println!(
        "index_record: {:8.1} documents/s, {:8.1} per CPU second (this process)",
        n / all_secs,
        n / all_cpu
    );

    for query in ["ทุจริต", "จัดซื้อจัดจ้าง ถนน", "ไข้เลือดออก ๒๕๖๖", "กุด"]
    {
        let started = Instant::now();
        let cpu = cpu_seconds();
        let mut total = 0;
        for _ in 0..10 {
            let r = prongsai_search::search(&db, org, query, None, 0, 10)
                .await
                .unwrap();
            total = r.total;
        }
        println!(
            "search {query}: {total} hits in {:.1} ms ({:.1} ms CPU)",
            started.elapsed().as_secs_f64() * 100.0,
            (cpu_seconds() - cpu) * 100.0
        );
    }
    db.close().await.ok();
}
