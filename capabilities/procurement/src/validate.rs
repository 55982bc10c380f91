//! Checking a procurement item, the same way for forms and for imported rows: amounts in
//! baht (commas, Thai digits and "บาท" understood), tax IDs by their check digit, e-GP
//! project numbers, dates in B.E. or ISO and in order, codes from the year's lists.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::reference::{YearReference, reference_for};

/// Every field of the NACC sheet.
pub const ALL_FIELDS: &[&str] = &[
    "row_number",
    "fiscal_year",
    "agency_name",
    "district",
    "province",
    "ministry",
    "agency_type",
    "item_name",
    "allocated_budget",
    "budget_source",
    "status",
    "method",
    "reference_price",
    "agreed_price",
    "vendor_name",
    "egp_project_number",
    "vendor_tax_id",
    "contract_start",
    "contract_end",
];

/// An item as typed (form) or read (import): all text.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ItemInput {
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub item_name: String,
    #[serde(default)]
    pub allocated_budget: String,
    #[serde(default)]
    pub budget_source: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub reference_price: String,
    #[serde(default)]
    pub agreed_price: String,
    #[serde(default)]
    pub vendor_name: String,
    #[serde(default)]
    pub vendor_tax_id: String,
    #[serde(default)]
    pub egp_project_number: String,
    #[serde(default)]
    pub contract_start: String,
    #[serde(default)]
    pub contract_end: String,
    #[serde(default)]
    pub announced_on: String,
}

/// A checked item. Amounts in satang; codes from the year's lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidItem {
    pub fiscal_year: i32,
    pub item_name: String,
    pub allocated_budget: i64,
    pub budget_source: String,
    pub status: String,
    pub method: String,
    pub reference_price: Option<i64>,
    pub agreed_price: Option<i64>,
    pub vendor_name: Option<String>,
    pub vendor_tax_id: Option<String>,
    pub egp_project_number: Option<String>,
    pub contract_start: Option<NaiveDate>,
    pub contract_end: Option<NaiveDate>,
    pub announced_on: Option<NaiveDate>,
}

/// A problem with one field, in Thai.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// An amount in satang, or a Thai message.
pub fn parse_amount(raw: &str) -> Result<i64, String> {
    prongsai_thai::parse_baht(raw).map_err(|e| e.to_string())
}

/// A date typed the ISO way (`2025-10-10`) or any Thai way (`10 ต.ค. 68`, `10/10/2568`).
pub fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let t = raw.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    match prongsai_thai::parse_thai_date(t) {
        Ok(prongsai_thai::ThaiDate::Day(d)) => Ok(d),
        Ok(prongsai_thai::ThaiDate::Range(..)) => Err("ใส่ได้วันเดียว ไม่ใช่ช่วงวันที่".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// The tax ID as it may be published. Juristic persons' IDs (they start with 0) are public
/// record; a sole trader's tax ID is their national ID, personal data under the PDPA, so
/// only its last three digits are shown: `x-xxxx-xxxxx-12-3`.
pub fn public_tax_id(tax_id: &str) -> String {
    if tax_id.starts_with('0') || tax_id.len() != 13 {
        return tax_id.to_owned();
    }
    format!("x-xxxx-xxxxx-{}-{}", &tax_id[10..12], &tax_id[12..])
}

/// Whether a published tax ID was masked (so it cannot identify a supplier on its own).
pub fn is_masked_tax_id(tax_id: &str) -> bool {
    tax_id.starts_with('x')
}

/// A date as a clerk types it back: day/month/Buddhist Era year (`30/9/2569`), which
/// [`parse_date`] reads.
pub fn input_date(d: NaiveDate) -> String {
    format!(
        "{}/{}/{}",
        d.day(),
        d.month(),
        prongsai_thai::be_from_ce(d.year())
    )
}

/// Checks an e-GP project number: 11 digits, the first two being the last two digits of
/// the Buddhist Era year in which the project was created (the fiscal year or the calendar
/// year before it, since a fiscal year starts in October), the next two a month.
pub fn check_egp_number(raw: &str, fiscal_year: i32) -> Result<String, String> {
    let digits = prongsai_thai::to_arabic_digits(raw.trim()).replace([' ', '-'], "");
    if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "เลขที่โครงการ e-GP ต้องเป็นตัวเลข 11 หลัก (ได้ {} หลัก)",
            digits.chars().count()
        ));
    }
    let yy: i32 = digits[0..2].parse().unwrap_or(-1);
    let mm: u32 = digits[2..4].parse().unwrap_or(0);
    let allowed = [fiscal_year % 100, (fiscal_year - 1) % 100];
    if !allowed.contains(&yy) {
        return Err(format!(
            "เลขที่โครงการ e-GP ต้องขึ้นต้นด้วยปี พ.ศ. ที่สร้างโครงการ ({:02} หรือ {:02} สำหรับปีงบประมาณ {fiscal_year}) แต่ขึ้นต้นด้วย {:02}",
            allowed[0], allowed[1], yy
        ));
    }
    if !(1..=12).contains(&mm) {
        return Err("หลักที่ 3-4 ของเลขที่โครงการ e-GP ต้องเป็นเดือน 01-12".into());
    }
    Ok(digits)
}

/// Checks an item. `default_fiscal_year` is used when the input has none.
pub fn validate_item(
    input: &ItemInput,
    default_fiscal_year: i32,
) -> Result<ValidItem, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut add = |field: &'static str, message: String| problems.push(Problem { field, message });

    let fiscal_year = if blank(&input.fiscal_year) {
        default_fiscal_year
    } else {
        match prongsai_thai::to_arabic_digits(input.fiscal_year.trim()).parse::<i32>() {
            Ok(y) if (2500..=2700).contains(&y) => y,
            _ => {
                add("fiscal_year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569".into());
                default_fiscal_year
            }
        }
    };
    let (reference, _) = reference_for(fiscal_year);

    let item_name = input.item_name.trim().to_owned();
    if item_name.is_empty() {
        add("item_name", "กรุณากรอกชื่อรายการของงานที่ซื้อหรือจ้าง".into());
    } else if item_name.chars().count() > 500 {
        add("item_name", "ชื่อรายการยาวเกิน 500 ตัวอักษร".into());
    }
    let allocated_budget = if blank(&input.allocated_budget) {
        add("allocated_budget", "กรุณากรอกวงเงินงบประมาณที่ได้รับจัดสรร".into());
        0
    } else {
        match parse_amount(&input.allocated_budget) {
            Ok(v) if v > 0 => v,
            Ok(_) => {
                add("allocated_budget", "วงเงินงบประมาณต้องมากกว่า 0 บาท".into());
                0
            }
            Err(e) => {
                add("allocated_budget", format!("วงเงินงบประมาณ: {e}"));
                0
            }
        }
    };
    let coded = |list: &[crate::reference::Coded], raw: &str| YearReference::code_of(list, raw);
    let budget_source =
        coded(&reference.budget_sources, &input.budget_source).unwrap_or_else(|| {
            add(
                "budget_source",
                format!("ไม่รู้จักแหล่งที่มาของงบประมาณ \"{}\"", input.budget_source.trim()),
            );
            String::new()
        });
    let method = coded(&reference.methods, &input.method).unwrap_or_else(|| {
        add(
            "method",
            format!("ไม่รู้จักวิธีการจัดซื้อจัดจ้าง \"{}\"", input.method.trim()),
        );
        String::new()
    });
    let status = coded(&reference.statuses, &input.status).unwrap_or_else(|| {
        add(
            "status",
            format!("ไม่รู้จักสถานะการจัดซื้อจัดจ้าง \"{}\"", input.status.trim()),
        );
        String::new()
    });
    let optional_amount = |raw: &str,
                           field: &'static str,
                           label: &str,
                           add: &mut dyn FnMut(&'static str, String)|
     -> Option<i64> {
        if blank(raw) {
            return None;
        }
        match parse_amount(raw) {
            Ok(v) if v >= 0 => Some(v),
            Ok(_) => {
                add(field, format!("{label}ต้องไม่ติดลบ"));
                None
            }
            Err(e) => {
                add(field, format!("{label}: {e}"));
                None
            }
        }
    };
    let reference_price = optional_amount(
        &input.reference_price,
        "reference_price",
        "ราคากลาง",
        &mut add,
    );
    let agreed_price = optional_amount(
        &input.agreed_price,
        "agreed_price",
        "ราคาที่ตกลงซื้อหรือจ้าง",
        &mut add,
    );
    let signed = matches!(status.as_str(), "in_contract" | "completed");
    if signed && agreed_price.is_none() && blank(&input.agreed_price) {
        add(
            "agreed_price",
            "รายการที่ลงนามในสัญญาแล้วต้องมีราคาที่ตกลงซื้อหรือจ้าง".into(),
        );
    }
    let vendor_name = Some(input.vendor_name.trim().to_owned()).filter(|v| !v.is_empty());
    if signed && vendor_name.is_none() {
        add(
            "vendor_name",
            "รายการที่ลงนามในสัญญาแล้วต้องมีชื่อผู้ประกอบการที่ได้รับการคัดเลือก".into(),
        );
    }
    let vendor_tax_id = if blank(&input.vendor_tax_id) {
        None
    } else {
        match prongsai_thai::ThaiId::parse(&input.vendor_tax_id) {
            Ok(id) => Some(id.as_str().to_owned()),
            Err(e) => {
                add("vendor_tax_id", format!("เลขประจำตัวผู้เสียภาษี: {e}"));
                None
            }
        }
    };
    let egp_project_number = if blank(&input.egp_project_number) {
        None
    } else {
        match check_egp_number(&input.egp_project_number, fiscal_year) {
            Ok(n) => Some(n),
            Err(e) => {
                add("egp_project_number", e);
                None
            }
        }
    };
    let mut date = |raw: &str, field: &'static str, label: &str| -> Option<NaiveDate> {
        if blank(raw) {
            return None;
        }
        match parse_date(raw) {
            Ok(d) if (2000..=2100).contains(&d.year()) => Some(d),
            Ok(d) => {
                add(
                    field,
                    format!(
                        "{label}: ปี {} ไม่สมเหตุสมผล",
                        prongsai_thai::be_from_ce(d.year())
                    ),
                );
                None
            }
            Err(e) => {
                add(field, format!("{label}: {e}"));
                None
            }
        }
    };
    let contract_start = date(&input.contract_start, "contract_start", "วันที่ลงนามในสัญญา");
    let contract_end = date(&input.contract_end, "contract_end", "วันที่สิ้นสุดสัญญา");
    let announced_on = date(&input.announced_on, "announced_on", "วันที่ประกาศ");
    if let (Some(s), Some(e)) = (contract_start, contract_end)
        && e < s
    {
        add("contract_end", "วันที่สิ้นสุดสัญญาต้องไม่ก่อนวันที่ลงนามในสัญญา".into());
    }
    if let (Some(a), Some(s)) = (announced_on, contract_start)
        && s < a
    {
        add("contract_start", "วันที่ลงนามในสัญญาต้องไม่ก่อนวันที่ประกาศ".into());
    }
    if signed && contract_start.is_none() && blank(&input.contract_start) {
        add(
            "contract_start",
            "รายการที่ลงนามในสัญญาแล้วต้องมีวันที่ลงนามในสัญญา".into(),
        );
    }
    if problems.is_empty() {
        Ok(ValidItem {
            fiscal_year,
            item_name,
            allocated_budget,
            budget_source,
            status,
            method,
            reference_price,
            agreed_price,
            vendor_name,
            vendor_tax_id,
            egp_project_number,
            contract_start,
            contract_end,
            announced_on,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn input_dates_read_back() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(super::input_date(d), "30/9/2569");
        assert_eq!(super::parse_date(&super::input_date(d)), Ok(d));
    }

    #[test]
    fn individuals_tax_ids_are_masked_companies_are_not() {
        assert_eq!(super::public_tax_id("0107537001510"), "0107537001510");
        assert_eq!(super::public_tax_id("3101700123451"), "x-xxxx-xxxxx-45-1");
        assert!(super::is_masked_tax_id(&super::public_tax_id(
            "3101700123451"
        )));
    }

    use super::*;

    fn good() -> ItemInput {
        ItemInput {
            fiscal_year: "2569".into(),
            item_name: "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3".into(),
            allocated_budget: "1,250,000.00".into(),
            budget_source: "ข้อบัญญัติงบประมาณรายจ่ายประจำปี".into(),
            status: "อยู่ระหว่างระยะสัญญา".into(),
            method: "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)".into(),
            reference_price: "๑,๒๔๙,๐๐๐".into(),
            agreed_price: "1,180,000 บาท".into(),
            vendor_name: "ห้างหุ้นส่วนจำกัด ตัวอย่างการโยธา".into(),
            vendor_tax_id: "0-1075-37001-51-0".into(),
            egp_project_number: "68119012345".into(),
            contract_start: "15 ม.ค. 2569".into(),
            contract_end: "2026-05-15".into(),
            announced_on: "20 พ.ย. 68".into(),
        }
    }

    #[test]
    fn a_complete_item_is_accepted_with_thai_forms_understood() {
        let v = validate_item(&good(), 2569).unwrap();
        assert_eq!(v.allocated_budget, 125_000_000);
        assert_eq!(v.reference_price, Some(124_900_000));
        assert_eq!(v.agreed_price, Some(118_000_000));
        assert_eq!(v.method, "e_bidding");
        assert_eq!(v.status, "in_contract");
        assert_eq!(v.budget_source, "ordinance");
        assert_eq!(v.vendor_tax_id.as_deref(), Some("0107537001510"));
        assert_eq!(v.contract_start, NaiveDate::from_ymd_opt(2026, 1, 15));
        assert_eq!(v.announced_on, NaiveDate::from_ymd_opt(2025, 11, 20));
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases: Vec<(&str, ItemInput)> = vec![
            (
                "item_name",
                ItemInput {
                    item_name: " ".into(),
                    ..good()
                },
            ),
            (
                "allocated_budget",
                ItemInput {
                    allocated_budget: "1.234.5".into(),
                    ..good()
                },
            ),
            (
                "allocated_budget",
                ItemInput {
                    allocated_budget: "0".into(),
                    ..good()
                },
            ),
            (
                "budget_source",
                ItemInput {
                    budget_source: "เงินกู้".into(),
                    ..good()
                },
            ),
            (
                "method",
                ItemInput {
                    method: "ตกลงราคา".into(),
                    ..good()
                },
            ),
            (
                "status",
                ItemInput {
                    status: "เสร็จ".into(),
                    ..good()
                },
            ),
            (
                "vendor_tax_id",
                ItemInput {
                    vendor_tax_id: "0107537001511".into(),
                    ..good()
                },
            ),
            (
                "egp_project_number",
                ItemInput {
                    egp_project_number: "6811901234".into(),
                    ..good()
                },
            ),
            (
                "egp_project_number",
                ItemInput {
                    egp_project_number: "66119012345".into(),
                    ..good()
                },
            ),
            (
                "egp_project_number",
                ItemInput {
                    egp_project_number: "68139012345".into(),
                    ..good()
                },
            ),
            (
                "contract_end",
                ItemInput {
                    contract_end: "2025-12-31".into(),
                    ..good()
                },
            ),
            (
                "contract_start",
                ItemInput {
                    announced_on: "2026-02-01".into(),
                    ..good()
                },
            ),
            (
                "contract_start",
                ItemInput {
                    contract_start: "31 ก.พ. 2569".into(),
                    ..good()
                },
            ),
            (
                "agreed_price",
                ItemInput {
                    agreed_price: String::new(),
                    ..good()
                },
            ),
            (
                "vendor_name",
                ItemInput {
                    vendor_name: String::new(),
                    ..good()
                },
            ),
            (
                "fiscal_year",
                ItemInput {
                    fiscal_year: "69".into(),
                    ..good()
                },
            ),
        ];
        for (field, input) in cases {
            let problems = validate_item(&input, 2569).unwrap_err();
            assert!(
                problems.iter().any(|p| p.field == field),
                "{field}: {problems:?}"
            );
        }
    }

    #[test]
    fn an_item_not_yet_signed_needs_no_vendor() {
        let v = validate_item(
            &ItemInput {
                status: "ยังไม่ลงนามในสัญญา".into(),
                agreed_price: String::new(),
                vendor_name: String::new(),
                vendor_tax_id: String::new(),
                contract_start: String::new(),
                contract_end: String::new(),
                ..good()
            },
            2569,
        )
        .unwrap();
        assert_eq!(v.vendor_name, None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(a in ".{0,40}", b in ".{0,40}", c in ".{0,40}", d in ".{0,40}") {
            let input = ItemInput { item_name: a.clone(), allocated_budget: b.clone(), vendor_tax_id: c.clone(), egp_project_number: d.clone(), contract_start: a, contract_end: b, announced_on: c, fiscal_year: d, ..ItemInput::default() };
            let _ = validate_item(&input, 2569);
        }
    }
}
