//! Open Contracting Data Standard 1.1: a release package and a record package of a fiscal
//! year's items. One item is one contracting process, identified by
//! `<OCID prefix>-<organization>-<item id>`. CI validates the output with `libcoveocds`.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::reference::YearReference;
use crate::rows::{Agency, ItemRow};

/// Where a package is published and under which prefix.
#[derive(Clone, Debug)]
pub struct Publication<'a> {
    /// The registered OCID prefix (`ocds-` and six characters).
    pub ocid_prefix: &'a str,
    /// The site's origin, for URIs (`https://kudjok.go.th`).
    pub base_url: &'a str,
    pub published: DateTime<Utc>,
    pub licence_url: &'a str,
}

fn money(satang: i64) -> Value {
    json!({ "amount": satang as f64 / 100.0, "currency": "THB" })
}

/// Dates at midnight in Thailand.
fn date_time(d: NaiveDate) -> String {
    format!("{d}T00:00:00+07:00")
}

fn ocid(p: &Publication<'_>, agency: &Agency, id: i64) -> String {
    format!("{}-{}-{id}", p.ocid_prefix, agency.slug)
}

fn buyer_id(agency: &Agency) -> String {
    format!("TH-LAO-{}", agency.slug)
}

/// No Thai organization-identifier scheme could be verified on org-id.guide; tax IDs are
/// published under this scheme name until one is chosen.
pub const SUPPLIER_SCHEME: &str = "TH-TIN";

fn supplier_id(row: &ItemRow) -> Option<String> {
    let name = row.item.vendor_name.as_ref()?;
    Some(
        match row
            .item
            .vendor_tax_id
            .as_deref()
            .filter(|t| !crate::validate::is_masked_tax_id(t))
        {
            Some(tax) => format!("{SUPPLIER_SCHEME}-{tax}"),
            None => format!(
                "supplier-{}",
                prongsai_kernel::random::sha256_hex(name.as_bytes())
                    .get(..12)
                    .unwrap_or("0")
            ),
        },
    )
}

/// The release of one item.
pub fn release(
    p: &Publication<'_>,
    reference: &YearReference,
    agency: &Agency,
    row: &ItemRow,
) -> Value {
    let i = &row.item;
    let ocid = ocid(p, agency, row.id);
    let method = reference.method(&i.method);
    let contract_status = reference
        .status(&i.status)
        .map(|s| s.ocds.as_str())
        .unwrap_or("pending");
    let cancelled = i.status == "cancelled";
    let signed = i.contract_start.is_some() && !cancelled;
    let buyer = json!({ "id": buyer_id(agency), "name": agency.name });
    let mut parties = vec![json!({
        "id": buyer_id(agency),
        "name": agency.name,
        "roles": ["buyer", "procuringEntity"],
        "address": { "locality": agency.district, "region": agency.province, "countryName": "Thailand" },
    })];
    let mut tags = vec!["tender"];
    if row.plan_published_on.is_some() {
        tags.insert(0, "planning");
    }
    let mut release = json!({
        "ocid": ocid,
        "id": format!("{ocid}-{}", row.updated_at.format("%Y%m%dT%H%M%S")),
        "date": row.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "language": "th",
        "initiationType": "tender",
        "buyer": buyer,
        "planning": {
            "budget": {
                "description": reference.budget_source(&i.budget_source).map(|c| c.name.clone()).unwrap_or_default(),
                "amount": money(i.allocated_budget),
            }
        },
        "tender": {
            // The e-GP project number identifies the tender process where there is one.
            "id": i.egp_project_number.clone().unwrap_or_else(|| format!("{}-tender", row.id)),
            "title": i.item_name,
            "status": if cancelled { "cancelled" } else if signed || i.vendor_name.is_some() { "complete" } else { "active" },
            "procurementMethod": method.map(|m| m.ocds.clone()).unwrap_or_else(|| "open".into()),
            "procurementMethodDetails": method.map(|m| m.name.clone()).unwrap_or_default(),
            "procuringEntity": { "id": buyer_id(agency), "name": agency.name },
        },
    });
    if let Some(v) = i.reference_price {
        release["tender"]["value"] = money(v);
    }
    if let Some(egp) = &i.egp_project_number {
        release["tender"]["description"] = json!(format!("เลขที่โครงการในระบบ e-GP {egp}"));
    }
    if let Some(d) = i.announced_on {
        // OCDS 1.1 has no publication date of the tender itself: the invitation opens the
        // tender period.
        release["tender"]["tenderPeriod"] = json!({ "startDate": date_time(d) });
    }
    if let (Some(name), Some(sid)) = (&i.vendor_name, supplier_id(row)) {
        let mut party = json!({ "id": sid, "name": name, "roles": ["supplier", "tenderer"] });
        if let Some(tax) = i
            .vendor_tax_id
            .as_deref()
            .filter(|t| !crate::validate::is_masked_tax_id(t))
        {
            party["identifier"] =
                json!({ "scheme": SUPPLIER_SCHEME, "id": tax, "legalName": name });
        }
        parties.push(party);
        tags.push("award");
        let mut award = json!({
            "id": format!("{}-award", row.id),
            "status": if cancelled { "cancelled" } else { "active" },
            "suppliers": [{ "id": sid, "name": name }],
        });
        if let Some(v) = i.agreed_price {
            award["value"] = money(v);
        }
        if let Some(d) = row.result_on.or(i.contract_start) {
            award["date"] = json!(date_time(d));
        }
        release["awards"] = json!([award]);
        if let Some(start) = i.contract_start {
            tags.push("contract");
            let mut contract = json!({
                "id": format!("{}-contract", row.id),
                "awardID": format!("{}-award", row.id),
                "title": i.item_name,
                "status": contract_status,
                "dateSigned": date_time(start),
                "period": { "startDate": date_time(start) },
            });
            if let Some(end) = i.contract_end {
                contract["period"]["endDate"] = json!(date_time(end));
            }
            if let Some(v) = i.agreed_price {
                contract["value"] = money(v);
            }
            release["contracts"] = json!([contract]);
        }
    }
    release["parties"] = json!(parties);
    release["tag"] = json!(tags);
    release
}

fn package_head(p: &Publication<'_>, agency: &Agency, fiscal_year: i32, kind: &str) -> Value {
    json!({
        "uri": format!("{}/procurement/{fiscal_year}/{kind}.json", p.base_url),
        "version": "1.1",
        "publishedDate": p.published.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "publisher": { "name": agency.name, "uri": format!("{}/", p.base_url) },
        "license": p.licence_url,
        "publicationPolicy": format!("{}/open-data", p.base_url),
    })
}

/// Writes a release package of every item, one release at a time, so that memory stays
/// flat for a year of 100,000 items. The same JSON as [`release_package`].
pub fn write_release_package<W: std::io::Write + ?Sized>(
    out: &mut W,
    p: &Publication<'_>,
    reference: &YearReference,
    agency: &Agency,
    fiscal_year: i32,
    rows: &[ItemRow],
) -> std::io::Result<()> {
    let head = serde_json::to_string(&package_head(p, agency, fiscal_year, "ocds-releases"))?;
    let open = head.strip_suffix('}').unwrap_or(&head);
    out.write_all(open.as_bytes())?;
    out.write_all(b",\"releases\":[")?;
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &release(p, reference, agency, r))?;
    }
    out.write_all(b"]}")
}

/// A release package of every item.
pub fn release_package(
    p: &Publication<'_>,
    reference: &YearReference,
    agency: &Agency,
    fiscal_year: i32,
    rows: &[ItemRow],
) -> Value {
    let mut package = package_head(p, agency, fiscal_year, "ocds-releases");
    package["releases"] = Value::Array(
        rows.iter()
            .map(|r| release(p, reference, agency, r))
            .collect(),
    );
    package
}

/// A record package: one record per contracting process, its compiled release being the
/// current state.
pub fn record_package(
    p: &Publication<'_>,
    reference: &YearReference,
    agency: &Agency,
    fiscal_year: i32,
    rows: &[ItemRow],
) -> Value {
    let mut package = package_head(p, agency, fiscal_year, "ocds-records");
    let releases_uri = format!(
        "{}/procurement/{fiscal_year}/ocds-releases.json",
        p.base_url
    );
    package["packages"] = json!([releases_uri]);
    package["records"] = Value::Array(
        rows.iter()
            .map(|r| {
                let compiled = release(p, reference, agency, r);
                json!({
                    "ocid": compiled["ocid"],
                    "releases": [{ "url": format!("{releases_uri}#{}", compiled["id"].as_str().unwrap_or("")), "date": compiled["date"], "tag": compiled["tag"] }],
                    "compiledRelease": compiled,
                })
            })
            .collect(),
    );
    package
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::validate::ValidItem;

    fn publication() -> Publication<'static> {
        Publication {
            ocid_prefix: "ocds-prongs",
            base_url: "https://kudjok.example",
            published: Utc.with_ymd_and_hms(2026, 10, 1, 3, 0, 0).unwrap(),
            licence_url: "https://opendefinition.org/licenses/odc-by/",
        }
    }

    fn agency() -> Agency {
        Agency {
            slug: "kudjok".into(),
            name: "องค์การบริหารส่วนตำบลกุดจอก".into(),
            district: "บัวใหญ่".into(),
            province: "นครราชสีมา".into(),
        }
    }

    fn row(id: i64, status: &str, vendor: Option<(&str, &str)>) -> ItemRow {
        let d = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let signed = matches!(status, "completed" | "in_contract");
        ItemRow {
            id,
            item: ValidItem {
                fiscal_year: 2569,
                item_name: format!("จ้างซ่อมแซม \"ถนน\" หมู่ที่ {id}"),
                allocated_budget: 480_000 * 100,
                budget_source: "ordinance".into(),
                status: status.into(),
                method: "specific".into(),
                reference_price: Some(479_000 * 100),
                agreed_price: signed.then_some(478_500 * 100),
                vendor_name: vendor.map(|(n, _)| n.to_owned()),
                vendor_tax_id: vendor.map(|(_, t)| t.to_owned()),
                egp_project_number: Some("69029040137".into()),
                contract_start: signed.then_some(d),
                contract_end: signed.then_some(d + chrono::Duration::days(30)),
                announced_on: None,
            },
            updated_at: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
            plan_published_on: None,
            result_on: None,
            division: None,
        }
    }

    #[test]
    fn the_streamed_package_is_the_same_json() {
        let (reference, _) = crate::reference::reference_for(2569);
        let rows = vec![
            row(1, "completed", Some(("หจก.ตัวอย่าง", "0107537001510"))),
            row(2, "cancelled", None),
            row(3, "in_contract", Some(("ร้านตัวอย่าง", "x-xxxx-xxxxx-45-2"))),
        ];
        let p = publication();
        let mut bytes = Vec::new();
        write_release_package(&mut bytes, &p, reference, &agency(), 2569, &rows).unwrap();
        let streamed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            streamed,
            release_package(&p, reference, &agency(), 2569, &rows)
        );
        let releases = streamed["releases"].as_array().unwrap();
        assert_eq!(releases.len(), 3);
        assert_eq!(
            releases[0]["parties"][1]["identifier"]["id"],
            "0107537001510"
        );
        assert!(
            releases[2]["parties"][1].get("identifier").is_none(),
            "a masked ID identifies no one"
        );
        assert_eq!(releases[0]["ocid"], "ocds-prongs-kudjok-1");
        assert_eq!(releases[1]["tender"]["status"], "cancelled");
    }
}
