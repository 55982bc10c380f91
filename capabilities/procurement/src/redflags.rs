//! Red flags computed on the organization's own data, for the internal auditor. Each flag
//! explains itself in Thai and lists the items behind it. The definitions follow the Open
//! Contracting Partnership's "Red flags for integrity" where one exists: a contract price
//! above the estimate; contract splitting (several awards to one supplier just below a
//! threshold); market concentration (one supplier winning a large share); awards made
//! before the tender was announced or outside the published plan; and the completeness of
//! what must be disclosed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::reference::YearReference;
use crate::rows::ItemRow;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedFlag {
    pub code: &'static str,
    pub title_th: &'static str,
    pub explanation_th: String,
    pub item_ids: Vec<i64>,
}

/// Days within which purchases from one supplier count as one need.
pub const SPLIT_WINDOW_DAYS: i64 = 30;
/// A supplier's share of the year's contract value that is flagged, in percent.
pub const CONCENTRATION_SHARE: i64 = 30;
/// Concentration is only meaningful with at least this many contracts in the year.
pub const CONCENTRATION_MIN_CONTRACTS: usize = 5;

fn baht(satang: i64) -> String {
    prongsai_thai::format_baht(satang)
}

fn vendor_key(row: &ItemRow) -> Option<String> {
    row.item.vendor_tax_id.clone().or_else(|| {
        row.item
            .vendor_name
            .as_ref()
            .map(|n| crate::reference::squash(n))
    })
}

/// Whether two item names describe the same kind of purchase: half of their words shared.
pub fn similar_names(a: &str, b: &str) -> bool {
    let wa: BTreeSet<String> = prongsai_search::text::words(a)
        .into_iter()
        .filter(|w| w.chars().count() > 1)
        .collect();
    let wb: BTreeSet<String> = prongsai_search::text::words(b)
        .into_iter()
        .filter(|w| w.chars().count() > 1)
        .collect();
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let shared = wa.intersection(&wb).count();
    shared * 2 >= wa.len().min(wb.len())
}

fn date_of(row: &ItemRow) -> Option<NaiveDate> {
    row.result_on.or(row.item.contract_start)
}

pub fn red_flags(reference: &YearReference, rows: &[ItemRow]) -> Vec<RedFlag> {
    let mut flags = Vec::new();
    let active: Vec<&ItemRow> = rows
        .iter()
        .filter(|r| r.item.status != "cancelled")
        .collect();

    // 1. Price above the reference price.
    for r in &active {
        if let (Some(agreed), Some(reference_price)) = (r.item.agreed_price, r.item.reference_price)
            && agreed > reference_price
        {
            let over = agreed - reference_price;
            let pct = if reference_price > 0 {
                over as f64 * 100.0 / reference_price as f64
            } else {
                0.0
            };
            flags.push(RedFlag {
                code: "price_above_reference",
                title_th: "ราคาที่ตกลงซื้อหรือจ้างสูงกว่าราคากลาง",
                explanation_th: format!(
                    "\"{}\": ราคาที่ตกลง {} บาท สูงกว่าราคากลาง {} บาท อยู่ {} บาท ({pct:.1}%)",
                    r.item.item_name,
                    baht(agreed),
                    baht(reference_price),
                    baht(over)
                ),
                item_ids: vec![r.id],
            });
        }
    }

    // 2. Split purchases: one supplier, similar items, within a window, each below the
    // threshold of the specific method, together at or above it.
    let threshold = reference.specific_method_max_satang();
    let mut by_vendor: BTreeMap<String, Vec<&ItemRow>> = BTreeMap::new();
    for r in &active {
        if let (Some(key), Some(_)) = (vendor_key(r), date_of(r))
            && r.item.agreed_price.unwrap_or(r.item.allocated_budget) < threshold
        {
            by_vendor.entry(key).or_default().push(r);
        }
    }
    let mut already: BTreeSet<i64> = BTreeSet::new();
    for group in by_vendor.values_mut() {
        group.sort_by_key(|r| date_of(r));
        for (i, first) in group.iter().enumerate() {
            if already.contains(&first.id) {
                continue;
            }
            let Some(start) = date_of(first) else {
                continue;
            };
            let cluster: Vec<&&ItemRow> = group[i..]
                .iter()
                .filter(|r| {
                    date_of(r).is_some_and(|d| (d - start).num_days() <= SPLIT_WINDOW_DAYS)
                        && similar_names(&first.item.item_name, &r.item.item_name)
                        && !already.contains(&r.id)
                })
                .collect();
            if cluster.len() < 2 {
                continue;
            }
            let total: i64 = cluster
                .iter()
                .map(|r| r.item.agreed_price.unwrap_or(r.item.allocated_budget))
                .sum();
            if total >= threshold {
                let ids: Vec<i64> = cluster.iter().map(|r| r.id).collect();
                already.extend(ids.iter().copied());
                flags.push(RedFlag {
                    code: "split_purchase",
                    title_th: "อาจเป็นการแบ่งซื้อแบ่งจ้าง",
                    explanation_th: format!(
                        "ซื้อหรือจ้างรายการคล้ายกันจาก \"{}\" {} ครั้งภายใน {SPLIT_WINDOW_DAYS} วัน แต่ละครั้งต่ำกว่า {} บาท รวม {} บาท ซึ่งเกินวงเงินวิธีเฉพาะเจาะจง",
                        first.item.vendor_name.as_deref().unwrap_or("-"),
                        ids.len(),
                        baht(threshold),
                        baht(total)
                    ),
                    item_ids: ids,
                });
            }
        }
    }

    // 3. One supplier with a large share of the year's contract value.
    let contracts: Vec<&&ItemRow> = active
        .iter()
        .filter(|r| r.item.agreed_price.is_some() && vendor_key(r).is_some())
        .collect();
    let year_total: i64 = contracts.iter().filter_map(|r| r.item.agreed_price).sum();
    if contracts.len() >= CONCENTRATION_MIN_CONTRACTS && year_total > 0 {
        let mut shares: BTreeMap<String, (i64, Vec<i64>, String)> = BTreeMap::new();
        for r in &contracts {
            if let Some(key) = vendor_key(r) {
                let e = shares.entry(key).or_insert((
                    0,
                    Vec::new(),
                    r.item.vendor_name.clone().unwrap_or_default(),
                ));
                e.0 += r.item.agreed_price.unwrap_or(0);
                e.1.push(r.id);
            }
        }
        for (amount, ids, name) in shares.into_values() {
            let pct = amount * 100 / year_total;
            if pct >= CONCENTRATION_SHARE {
                flags.push(RedFlag {
                    code: "vendor_concentration",
                    title_th: "ผู้ประกอบการรายเดียวได้งานสัดส่วนสูง",
                    explanation_th: format!(
                        "\"{name}\" ได้งาน {} สัญญา รวม {} บาท คิดเป็น {pct}% ของมูลค่าสัญญาทั้งปี ({} บาท)",
                        ids.len(),
                        baht(amount),
                        baht(year_total)
                    ),
                    item_ids: ids,
                });
            }
        }
    }

    // 4. Signed before the announcement, or above the threshold but not in a plan
    // published before signing.
    for r in &active {
        let Some(signed) = r.item.contract_start else {
            continue;
        };
        if let Some(announced) = r.item.announced_on
            && signed < announced
        {
            flags.push(RedFlag {
                code: "signed_before_announcement",
                title_th: "ลงนามในสัญญาก่อนวันประกาศ",
                explanation_th: format!(
                    "\"{}\": ลงนามวันที่ {} ก่อนประกาศวันที่ {}",
                    r.item.item_name, signed, announced
                ),
                item_ids: vec![r.id],
            });
        }
        if r.item.allocated_budget > threshold && r.plan_published_on.is_none_or(|p| p > signed) {
            flags.push(RedFlag {
                code: "signed_outside_plan",
                title_th: "ลงนามในสัญญาโดยไม่อยู่ในแผนที่ประกาศก่อนหน้า",
                explanation_th: format!(
                    "\"{}\" วงเงิน {} บาท เกิน {} บาท แต่ไม่อยู่ในแผนการจัดซื้อจัดจ้างที่เผยแพร่ก่อนวันลงนาม ({})",
                    r.item.item_name,
                    baht(r.item.allocated_budget),
                    baht(threshold),
                    signed
                ),
                item_ids: vec![r.id],
            });
        }
    }

    // 5. Fields the assessment needs, missing on signed contracts.
    let mut missing: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
    for r in &active {
        if r.item.contract_start.is_none() {
            continue;
        }
        let i = &r.item;
        for (present, label) in [
            (i.vendor_tax_id.is_some(), "เลขประจำตัวผู้เสียภาษี"),
            (i.egp_project_number.is_some(), "เลขที่โครงการในระบบ e-GP"),
            (i.reference_price.is_some(), "ราคากลาง"),
            (i.contract_end.is_some(), "วันที่สิ้นสุดสัญญา"),
        ] {
            if !present {
                missing.entry(label).or_default().push(r.id);
            }
        }
    }
    for (label, ids) in missing {
        flags.push(RedFlag {
            code: "missing_fields",
            title_th: "ข้อมูลที่การประเมินต้องการไม่ครบ",
            explanation_th: format!("สัญญาที่ลงนามแล้ว {} รายการยังไม่มี{label}", ids.len()),
            item_ids: ids,
        });
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::ValidItem;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn row(id: i64, name: &str, vendor: &str, tax: &str, agreed: i64, date: NaiveDate) -> ItemRow {
        ItemRow {
            id,
            item: ValidItem {
                fiscal_year: 2569,
                item_name: name.into(),
                allocated_budget: agreed,
                budget_source: "ordinance".into(),
                status: "completed".into(),
                method: "specific".into(),
                reference_price: Some(agreed),
                agreed_price: Some(agreed),
                vendor_name: Some(vendor.into()),
                vendor_tax_id: Some(tax.into()),
                egp_project_number: Some("69019000001".into()),
                contract_start: Some(date),
                contract_end: Some(date + chrono::Duration::days(30)),
                announced_on: None,
            },
            updated_at: chrono::Utc::now(),
            plan_published_on: Some(d(2025, 10, 1)),
            result_on: Some(date),
            division: None,
        }
    }

    fn codes(flags: &[RedFlag]) -> Vec<&'static str> {
        flags.iter().map(|f| f.code).collect()
    }

    fn reference() -> &'static YearReference {
        crate::reference::reference_for(2569).0
    }

    #[test]
    fn a_clean_year_has_no_flags() {
        let rows = vec![
            row(
                1,
                "จัดซื้อวัสดุสำนักงาน",
                "ร้าน ก",
                "0107537001510",
                30_000 * 100,
                d(2025, 11, 1),
            ),
            row(
                2,
                "จ้างเหมาซ่อมแซมถนนลูกรัง หมู่ที่ 2",
                "หจก. ข",
                "0993000132246",
                420_000 * 100,
                d(2026, 2, 1),
            ),
        ];
        assert_eq!(red_flags(reference(), &rows), vec![]);
    }

    #[test]
    fn price_above_reference_is_explained_with_amounts() {
        let mut r = row(
            1,
            "จัดซื้อครุภัณฑ์คอมพิวเตอร์",
            "ร้าน ก",
            "0107537001510",
            45_000 * 100,
            d(2025, 11, 1),
        );
        r.item.reference_price = Some(40_000 * 100);
        let flags = red_flags(reference(), &[r]);
        assert_eq!(codes(&flags), vec!["price_above_reference"]);
        assert!(
            flags[0].explanation_th.contains("45,000.00")
                && flags[0].explanation_th.contains("5,000.00")
                && flags[0].explanation_th.contains("12.5%")
        );
    }

    #[test]
    fn split_purchases_below_the_threshold_are_found() {
        let rows = vec![
            row(
                1,
                "จ้างเหมาซ่อมแซมถนน หมู่ที่ 1",
                "หจก. เดียวกัน",
                "0107537001510",
                200_000 * 100,
                d(2026, 3, 1),
            ),
            row(
                2,
                "จ้างเหมาซ่อมแซมถนน หมู่ที่ 2",
                "หจก. เดียวกัน",
                "0107537001510",
                200_000 * 100,
                d(2026, 3, 10),
            ),
            row(
                3,
                "จ้างเหมาซ่อมแซมถนน หมู่ที่ 3",
                "หจก. เดียวกัน",
                "0107537001510",
                150_000 * 100,
                d(2026, 3, 20),
            ),
            // Too late to be the same need, and a different kind of purchase.
            row(
                4,
                "จ้างเหมาซ่อมแซมถนน หมู่ที่ 4",
                "หจก. เดียวกัน",
                "0107537001510",
                200_000 * 100,
                d(2026, 6, 1),
            ),
            row(
                5,
                "จัดซื้อวัสดุไฟฟ้า",
                "หจก. เดียวกัน",
                "0107537001510",
                200_000 * 100,
                d(2026, 3, 5),
            ),
        ];
        let flags: Vec<RedFlag> = red_flags(reference(), &rows)
            .into_iter()
            .filter(|f| f.code == "split_purchase")
            .collect();
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].item_ids, vec![1, 2, 3]);
        assert!(flags[0].explanation_th.contains("550,000.00"));
        // Two purchases whose total stays below the threshold are not flagged.
        let small = vec![
            rows[0].clone(),
            ItemRow {
                id: 2,
                ..row(
                    2,
                    "จ้างเหมาซ่อมแซมถนน หมู่ที่ 2",
                    "หจก. เดียวกัน",
                    "0107537001510",
                    100_000 * 100,
                    d(2026, 3, 10),
                )
            },
        ];
        assert!(!codes(&red_flags(reference(), &small)).contains(&"split_purchase"));
    }

    #[test]
    fn one_supplier_winning_most_of_the_year_is_flagged() {
        let mut rows: Vec<ItemRow> = (0..4)
            .map(|i| {
                row(
                    i,
                    &format!("งาน {i}"),
                    &format!("ร้าน {i}"),
                    "",
                    50_000 * 100,
                    d(2025, 11, 1) + chrono::Duration::days(i * 40),
                )
            })
            .collect();
        for r in &mut rows {
            r.item.vendor_tax_id = None;
        }
        rows.push(row(
            9,
            "ก่อสร้างอาคาร",
            "หจก. ใหญ่",
            "0107537001510",
            480_000 * 100,
            d(2026, 4, 1),
        ));
        let flags: Vec<RedFlag> = red_flags(reference(), &rows)
            .into_iter()
            .filter(|f| f.code == "vendor_concentration")
            .collect();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].item_ids, vec![9]);
        assert!(flags[0].explanation_th.contains("70%"));
    }

    #[test]
    fn signing_before_the_announcement_or_outside_the_plan() {
        let mut early = row(
            1,
            "ก่อสร้างถนน คสล.",
            "หจก. ก",
            "0107537001510",
            900_000 * 100,
            d(2026, 1, 10),
        );
        early.item.announced_on = Some(d(2026, 1, 20));
        early.plan_published_on = Some(d(2026, 2, 1));
        let flags = red_flags(reference(), &[early]);
        assert!(codes(&flags).contains(&"signed_before_announcement"));
        assert!(codes(&flags).contains(&"signed_outside_plan"));
    }

    #[test]
    fn missing_disclosure_fields_are_counted() {
        let mut r = row(
            1,
            "จัดซื้อวัสดุ",
            "ร้าน ก",
            "0107537001510",
            10_000 * 100,
            d(2025, 12, 1),
        );
        r.item.vendor_tax_id = None;
        r.item.egp_project_number = None;
        let flags = red_flags(reference(), &[r]);
        assert_eq!(codes(&flags), vec!["missing_fields", "missing_fields"]);
    }
}
