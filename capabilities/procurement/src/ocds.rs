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
            "id": format!("{}-tender", row.id),
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
        release["tender"]["identifiers"] = json!([{ "scheme": "TH-eGP", "id": egp }]);
    }
    if let Some(d) = i.announced_on {
        release["tender"]["datePublished"] = json!(date_time(d));
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
