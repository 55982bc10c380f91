//! `prongsai ita check --year 2568 [--format json] [--organization kudjok]`.

use std::process::ExitCode;

use anyhow::Context;
use prongsai_db::PoolOptions;
use prongsai_ita::check::{Installed, Status};
use prongsai_web::{Dataset, PublicLink};

use crate::app::open_database;
use crate::config::{GlobalArgs, ItaCommand};
use crate::output::say;

/// What the capabilities of this binary provide (the server's state holds the same).
fn installed() -> Installed {
    let caps = crate::capabilities::all();
    let datasets: Vec<Dataset> = caps
        .iter()
        .flat_map(|c| c.datasets.iter().copied())
        .collect();
    let links: Vec<PublicLink> = caps
        .iter()
        .flat_map(|c| c.public_links.iter().copied())
        .collect();
    Installed::new(&datasets, &links)
}

pub async fn run(global: &GlobalArgs, cmd: ItaCommand) -> anyhow::Result<ExitCode> {
    let ItaCommand::Check {
        year,
        format,
        organization,
        base_url,
    } = cmd;
    let catalog = prongsai_ita::catalog::for_year(year).with_context(|| {
        let known: Vec<String> = prongsai_ita::catalog::all()
            .iter()
            .map(|c| c.year.to_string())
            .collect();
        format!(
            "--year: no ITA catalog for {year} (known: {})",
            known.join(", ")
        )
    })?;
    let db = open_database(&global.database_url(), &PoolOptions::default()).await?;
    let tenant = match &organization {
        Some(slug) => prongsai_kernel::tenant::find_tenant_by_slug(db.conn(), slug)
            .await?
            .with_context(|| {
                format!("--organization: no organization named {slug:?} (see `prongsai admin list-orgs`)")
            })?,
        None => {
            let mut all = prongsai_kernel::tenant::list_organizations(db.conn()).await?;
            if all.len() != 1 {
                anyhow::bail!(
                    "--organization: {} organizations here, name one (see `prongsai admin list-orgs`)",
                    all.len()
                );
            }
            all.remove(0)
        }
    };
    let report = prongsai_ita::check::check(
        db.conn(),
        tenant.id,
        catalog,
        &installed(),
        prongsai_kernel::clock::today_in_thailand(),
    )
    .await?;
    db.close().await?;
    let base = base_url.trim_end_matches('/');
    if format == "json" {
        let mut v = prongsai_ita::web::report_json(&report, base);
        if let Some(map) = v.as_object_mut() {
            map.insert("organization".into(), serde_json::json!(tenant.slug));
        }
        say(serde_json::to_string_pretty(&v)?);
    } else {
        say(format!("{} ({})", report.title, tenant.name_th));
        for item in &report.items {
            let mark = match item.status {
                Status::Satisfied => "OK     ",
                Status::Partly => "PARTLY ",
                Status::Missing => "MISSING",
            };
            let url = item
                .url
                .as_deref()
                .map(|u| format!("{base}{u}"))
                .unwrap_or_default();
            say(format!("{mark} {:<4} {}  {url}", item.code, item.title));
            for why in &item.missing {
                say(format!("          - {why}"));
            }
        }
        say(format!(
            "{} items: {} satisfied, {} partly, {} missing",
            report.items.len(),
            report.satisfied,
            report.partly,
            report.missing
        ));
    }
    Ok(if report.all_satisfied() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
