//! The demo organization's procurement: a year of items read from a sheet in the NACC form
//! (through the same import clerks use), the plan of the items above the threshold, the
//! announcements of the e-bidding items, the list as of a date and the annual report.

use chrono::{Datelike, Duration, NaiveDate};
use prongsai_db::sea_orm::DatabaseTransaction;
use prongsai_kernel::{Authorized, Error, Result};

use crate::permissions::ManageProcurement;
use crate::reference::reference_for;
use crate::store::{self, NoticeInput, PlanLineInput};

/// One fiscal year of demo procurement.
pub struct DemoYear<'a> {
    pub fiscal_year: i32,
    /// A CSV in the NACC form.
    pub sheet: &'a [u8],
    /// The date the plan was announced.
    pub plan_announced_on: NaiveDate,
    /// The date the published list describes.
    pub as_of: NaiveDate,
    /// Problems and suggestions of the annual report, when the year is over.
    pub annual: Option<(&'a str, &'a str)>,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)
}

/// Seeds one year inside the caller's transaction.
pub async fn seed_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageProcurement>,
    year: &DemoYear<'_>,
) -> Result<()> {
    let org = auth.organization_id();
    let fy = year.fiscal_year;
    let (reference, _) = reference_for(fy);
    let table = crate::import::read_csv(year.sheet).map_err(|m| Error::invalid("sheet", m))?;
    let preview = crate::import::preview(&table, reference, fy);
    if let Some(p) = preview.problems.first() {
        return Err(Error::invalid(
            "sheet",
            format!(
                "demo sheet {fy}, row {} column {}: {}",
                p.row, p.column, p.message
            ),
        ));
    }
    if let Some(p) = preview.file_problems.first() {
        return Err(Error::invalid("sheet", format!("demo sheet {fy}: {p}")));
    }
    store::insert_items(txn, org, None, "demo", preview.items.iter().map(|(_, v)| v)).await?;
    let items = store::list_items(txn, org, fy).await?;
    let fiscal = prongsai_thai::FiscalYear::new(fy);
    let threshold = reference.specific_method_max_satang();

    // The plan: every item above the threshold, expected the month before it was signed.
    for i in items.iter().filter(|i| i.allocated_budget > threshold) {
        let expected = i
            .contract_start
            .map(|d| first_of_month(d - Duration::days(30)))
            .filter(|d| fiscal.contains(*d))
            .unwrap_or(fiscal.start());
        let input = PlanLineInput {
            item_name: i.item_name.clone(),
            budget: format!(
                "{}.{:02}",
                i.allocated_budget / 100,
                i.allocated_budget % 100
            ),
            budget_source: i.budget_source.clone(),
            method: i.method.clone(),
            expected_month: expected.format("%Y-%m").to_string(),
            investment: (i.method == "e_bidding").then(|| "1".to_owned()),
        };
        store::add_plan_line_in(txn, auth, fy, &input).await?;
    }
    store::publish_plan_in(txn, auth, fy, "").await?;
    let plan_notice = store::create_notice_in(
        txn,
        auth,
        fy,
        &NoticeInput {
            kind: "plan".into(),
            title: format!("ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {fy}"),
            announced_on: year.plan_announced_on.to_string(),
            egp_project_number: String::new(),
            item_id: String::new(),
        },
    )
    .await?;
    store::publish_notice_in(txn, auth, plan_notice.id).await?;

    // The announcements of the items bid electronically.
    for i in items.iter().filter(|i| i.method == "e_bidding") {
        let short = i
            .item_name
            .trim_start_matches("จ้าง")
            .trim_start_matches("ซื้อ");
        let egp = i.egp_project_number.clone().unwrap_or_default();
        let invited_on = i
            .contract_start
            .map_or(year.as_of - Duration::days(40), |d| d - Duration::days(35));
        let mut notices = vec![(
            "invitation",
            format!("ประกวดราคาจ้าง{short} ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"),
            invited_on,
        )];
        if i.status == "cancelled" {
            notices.push((
                "invitation_cancelled",
                format!("ยกเลิกประกาศประกวดราคาจ้าง{short}"),
                invited_on + Duration::days(12),
            ));
        } else if let Some(signed) = i.contract_start {
            notices.push((
                "award",
                format!("ประกาศผู้ชนะการเสนอราคา จ้าง{short}"),
                signed - Duration::days(8),
            ));
        }
        for (kind, title, on) in notices {
            let n = store::create_notice_in(
                txn,
                auth,
                fy,
                &NoticeInput {
                    kind: kind.into(),
                    title,
                    announced_on: on.to_string(),
                    egp_project_number: egp.clone(),
                    item_id: i.id.to_string(),
                },
            )
            .await?;
            store::publish_notice_in(txn, auth, n.id).await?;
        }
    }
    store::publish_list_in(txn, auth, fy, year.as_of, "").await?;
    if let Some((problems, suggestions)) = year.annual {
        store::save_annual_in(txn, auth, fy, problems, suggestions, true).await?;
    }
    Ok(())
}
