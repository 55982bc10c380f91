//! Demo plans read from a data file (`server/demo/plans-2569.toml`), entered through the same
//! store functions and validation staff use, then reported and published (left out of the
//! site search, so that demo content does not change what other searches find).

use prongsai_db::sea_orm::DatabaseTransaction;
use prongsai_kernel::{Authorized, Error, Result};
use serde::Deserialize;

use crate::kinds::ReportKind;
use crate::permissions::PublishPlans;
use crate::store;
use crate::validate::{LineInput, PlanInput, ProgressInput, ProjectInput, ReportInput};

#[derive(Deserialize)]
struct DemoFile {
    plans: Vec<DemoPlan>,
}

#[derive(Deserialize)]
struct DemoPlan {
    kind: String,
    fiscal_year: i32,
    title: String,
    #[serde(default)]
    approved_on: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    publish: bool,
    six_month: Option<DemoReport>,
    annual: Option<DemoReport>,
    projects: Vec<DemoProject>,
}

#[derive(Deserialize)]
struct DemoReport {
    #[serde(default)]
    problems: String,
    #[serde(default)]
    suggestions: String,
    #[serde(default)]
    publish: bool,
}

#[derive(Deserialize)]
struct DemoProject {
    title: String,
    #[serde(default)]
    objective: String,
    #[serde(default)]
    outputs: String,
    budget: String,
    budget_source: String,
    starts_on: String,
    ends_on: String,
    /// A division code of the organization.
    #[serde(default)]
    division: String,
    /// The project's suggestion in the annual report.
    #[serde(default)]
    annual_suggestion: String,
    #[serde(default)]
    progress: Vec<DemoProgress>,
}

#[derive(Deserialize)]
struct DemoProgress {
    as_of: String,
    percent: i32,
    #[serde(default)]
    spent: String,
    milestone: String,
    #[serde(default)]
    problems: String,
}

fn context(what: String) -> impl FnOnce(Error) -> Error {
    move |e| Error::internal(format!("demo plans, {what}: {e}"))
}

/// Seeds every plan of `data` inside the caller's transaction.
pub async fn seed_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<PublishPlans>,
    data: &str,
) -> Result<()> {
    let file: DemoFile =
        toml::from_str(data).map_err(|e| Error::internal(format!("demo plans file: {e}")))?;
    let org = auth.organization_id();
    let divisions = store::list_divisions(txn, org).await?;
    let today = prongsai_kernel::clock::today_in_thailand();
    for p in file.plans {
        let plan = store::create_plan_in(
            txn,
            auth,
            &PlanInput {
                kind: p.kind.clone(),
                fiscal_year: p.fiscal_year.to_string(),
                title: p.title.clone(),
                approved_on: p.approved_on.clone(),
                notes: p.notes.clone(),
            },
        )
        .await
        .map_err(context(p.title.clone()))?;
        let mut suggestions = Vec::new();
        for d in &p.projects {
            let division_id = divisions
                .iter()
                .find(|x| x.code == d.division)
                .map(|x| x.id.to_string())
                .unwrap_or_default();
            let project = store::create_project_in(
                txn,
                auth,
                plan.id,
                &ProjectInput {
                    title: d.title.clone(),
                    objective: d.objective.clone(),
                    outputs: d.outputs.clone(),
                    budget: d.budget.clone(),
                    budget_source: d.budget_source.clone(),
                    starts_on: d.starts_on.clone(),
                    ends_on: d.ends_on.clone(),
                    division_id,
                    sort_order: String::new(),
                },
            )
            .await
            .map_err(context(d.title.clone()))?;
            for e in &d.progress {
                store::add_progress_in(
                    txn,
                    auth,
                    plan.id,
                    project.id,
                    &ProgressInput {
                        as_of: e.as_of.clone(),
                        percent: e.percent.to_string(),
                        spent: e.spent.clone(),
                        milestone: e.milestone.clone(),
                        problems: e.problems.clone(),
                    },
                    today,
                )
                .await
                .map_err(context(format!("{} progress {}", d.title, e.as_of)))?;
            }
            suggestions.push((project.id, d.annual_suggestion.clone()));
        }
        if p.publish {
            store::publish_plan_in(txn, auth, plan.id, "แผนที่ได้รับอนุมัติ", false).await?;
        }
        for (kind, report) in [
            (ReportKind::SixMonth, &p.six_month),
            (ReportKind::Annual, &p.annual),
        ] {
            let Some(report) = report else { continue };
            let r = store::create_report_in(txn, auth, plan.id, kind).await?;
            store::update_report_in(
                txn,
                auth,
                plan.id,
                r.id,
                &ReportInput {
                    problems: report.problems.clone(),
                    suggestions: report.suggestions.clone(),
                },
            )
            .await?;
            if kind == ReportKind::Annual {
                for line in store::list_lines(txn, org, r.id).await? {
                    let Some((_, s)) = suggestions
                        .iter()
                        .find(|(id, s)| *id == line.project_id && !s.is_empty())
                    else {
                        continue;
                    };
                    let input = LineInput {
                        percent: line.percent.to_string(),
                        result: line.result.clone(),
                        allocated: crate::validate::input_amount(line.allocated_satang),
                        spent: crate::validate::input_amount(line.spent_satang),
                        actual_start: line
                            .actual_start
                            .map(crate::validate::input_date)
                            .unwrap_or_default(),
                        actual_end: line
                            .actual_end
                            .map(crate::validate::input_date)
                            .unwrap_or_default(),
                        problems: line.problems.clone(),
                        suggestions: s.clone(),
                    };
                    store::update_line_in(txn, auth, plan.id, r.id, line.id, &input).await?;
                }
            }
            if report.publish {
                store::publish_report_in(txn, auth, plan.id, r.id, "", false).await?;
            }
        }
    }
    Ok(())
}
