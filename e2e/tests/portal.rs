//! The public portal in a real browser: accessibility (axe-core, WCAG 2.1 AA), phone
//! layout, and the weight of the home page.

use prongsai_e2e::webdriver::{Driver, Session};
use prongsai_e2e::{screenshot_dir, start_app};
use serde_json::Value;

/// Public pages checked with axe-core and on a phone.
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("news", "/news"),
    ("documents", "/documents"),
    ("open-data", "/open-data"),
    ("login", "/login"),
    ("questions", "/questions"),
    ("ask", "/questions/new"),
    (
        "search",
        "/search?q=%E0%B8%97%E0%B8%B8%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%95",
    ),
    ("corruption", "/corruption-reports"),
    ("corruption-new", "/corruption-reports/new"),
    ("corruption-follow-up", "/corruption-reports/follow-up"),
    ("corruption-manual", "/corruption-reports/manual"),
    ("corruption-statistics", "/corruption-reports/statistics"),
    ("about", "/about"),
    ("structure", "/about/structure"),
    ("contact", "/about/contact"),
    ("executives", "/about/executives"),
    ("procurement", "/procurement"),
    ("procurement-list", "/procurement/2569"),
    ("procurement-plan", "/procurement/2569/plan"),
    ("procurement-monthly", "/procurement/2569/monthly"),
    ("procurement-annual", "/procurement/2569/annual"),
    ("risks", "/risks"),
    ("risks-2569", "/risks/2569"),
    ("no-gift", "/no-gift"),
    ("no-gift-2569", "/no-gift/2569"),
    ("manuals", "/manuals"),
    ("e-services", "/e-services"),
    ("track", "/track"),
    ("statistics", "/statistics"),
    ("statistics-half", "/statistics?period=half"),
    ("surveys", "/surveys"),
    ("surveys-report", "/surveys/report"),
    ("complaints", "/complaints"),
    ("complaints-new", "/complaints/new"),
    ("plans", "/plans"),
    ("plans-operational", "/plans/operational/2569"),
    ("plans-six-month", "/plans/anti_corruption/2569/six_month"),
    ("measures", "/measures"),
    ("ita", "/ita"),
    ("meetings", "/meetings?fy=2569"),
    ("meetings-forums", "/meetings?fy=2569&kind=forum"),
    // The demo's first public forum (ids follow the demo loader's order).
    ("meeting-forum", "/meetings/26"),
    ("hr", "/hr"),
    ("hr-2569", "/hr/2569"),
    ("hr-training", "/hr/trainings/1"),
    ("ethics", "/ethics"),
    ("ethics-working-group", "/ethics/working_group"),
];

fn axe_source() -> anyhow::Result<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| {
        anyhow::anyhow!(
            "{}: {e}; run `npm install --prefix e2e` (see e2e/README.md)",
            path.display()
        )
    })
}

/// Serious and critical axe violations on the current page, as readable lines.
async fn serious_violations(b: &Session, axe: &str) -> anyhow::Result<Vec<String>> {
    b.execute(axe, vec![]).await?;
    let result = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3) })) }))
                .catch(e => done({ passes: 0, violations: [{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }] }));",
            vec![],
        )
        .await?;
    // axe checked something: a run that passed no rule at all did not run.
    if result["passes"].as_u64().unwrap_or(0) < 5 {
        anyhow::bail!("axe-core did not run: {result}");
    }
    Ok(result["violations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            format!(
                "{} ({}): {} at {}",
                v["id"], v["impact"], v["help"], v["nodes"]
            )
        })
        .collect())
}

#[tokio::test]
async fn public_pages_pass_axe_and_fit_a_phone() -> anyhow::Result<()> {
    let app = start_app().await?;
    prongsai_e2e::seed_public_content(&app).await?;
    let axe = axe_source()?;
    let driver = Driver::start().await?;
    let phone = driver.session(360, 800).await?;
    let mut problems = Vec::new();
    for (name, path) in PAGES {
        phone.goto(&format!("{}{path}", app.base())).await?;
        let lang = phone
            .execute("return document.documentElement.lang", vec![])
            .await?;
        if lang != "th" {
            problems.push(format!("{path}: lang is {lang}"));
        }
        let overflow = phone
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth",
                vec![],
            )
            .await?;
        if overflow.as_i64().unwrap_or(0) > 0 {
            problems.push(format!(
                "{path}: overflows a 360 px screen by {overflow} px"
            ));
        }
        for v in serious_violations(&phone, &axe).await? {
            problems.push(format!("{path}: {v}"));
        }
        // Every image has Thai (or at least some) alternative text.
        let missing_alt = phone
            .execute(
                "return [...document.images].filter(i => !i.hasAttribute('alt')).length",
                vec![],
            )
            .await?;
        if missing_alt.as_i64().unwrap_or(0) > 0 {
            problems.push(format!("{path}: {missing_alt} images without alt"));
        }
        phone
            .screenshot(&screenshot_dir().join(format!("{name}-phone.png")))
            .await?;
    }
    phone.close().await?;
    assert!(
        problems.is_empty(),
        "accessibility or layout problems:\n{}",
        problems.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn the_keyboard_reaches_the_search_box_and_the_services() -> anyhow::Result<()> {
    let app = start_app().await?;
    let driver = Driver::start().await?;
    let b = driver.session(1280, 900).await?;
    b.goto(&format!("{}/", app.base())).await?;
    // Tab through the page; record what receives focus.
    let focused = b
        .execute(
            "const seen = [];
             for (let i = 0; i < 25; i++) {
               const el = document.activeElement;
               seen.push((el.id || el.getAttribute('href') || el.tagName));
               const all = [...document.querySelectorAll('a[href], button, input, select, textarea')].filter(e => !e.disabled && e.offsetParent !== null);
               const next = all[all.indexOf(el) + 1] || all[0];
               next.focus();
             }
             return seen;",
            vec![],
        )
        .await?;
    let text = focused.to_string();
    assert!(
        text.contains("\"q\""),
        "the search box is not reachable: {text}"
    );
    assert!(
        text.contains("/news"),
        "the news link is not reachable: {text}"
    );
    // The skip link is first and targets the main content.
    let skip = b
        .execute(
            "return document.querySelector('a.skip-link').getAttribute('href')",
            vec![],
        )
        .await?;
    assert_eq!(skip, Value::from("#main"));
    b.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_home_page_weighs_under_100_kb_without_photos() -> anyhow::Result<()> {
    let app = start_app().await?;
    prongsai_e2e::seed_public_content(&app).await?;
    let driver = Driver::start().await?;
    let b = driver.session(360, 800).await?;
    b.goto(&format!("{}/", app.base())).await?;
    let bytes = b
        .execute(
            "const nav = performance.getEntriesByType('navigation')[0];
             const res = performance.getEntriesByType('resource').filter(r => r.initiatorType !== 'img');
             return [nav.encodedBodySize, ...res.map(r => r.encodedBodySize)].reduce((a, b) => a + b, 0);",
            vec![],
        )
        .await?;
    let total = bytes.as_f64().unwrap_or(f64::MAX);
    assert!(total > 1000.0, "measured nothing ({total} bytes)");
    assert!(
        total < 100.0 * 1024.0,
        "home page transfers {total} bytes without photos"
    );
    b.close().await?;
    Ok(())
}
