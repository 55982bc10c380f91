//! `/ita`, `/staff/ita`, the ITAS sheet, the API, and `prongsai ita check`. Item codes
//! are never written here: the tests find items by what their evidence rules read,
//! since the numbering changes every year.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use http::StatusCode;
use prongsai_ita::catalog::{self, Source};
use serde_json::Value;

use crate::util::TestApp;

fn installed() -> prongsai_ita::check::Installed {
    let caps = prongsai::capabilities::all();
    let datasets: Vec<_> = caps
        .iter()
        .flat_map(|c| c.datasets.iter().copied())
        .collect();
    let links: Vec<_> = caps
        .iter()
        .flat_map(|c| c.public_links.iter().copied())
        .collect();
    prongsai_ita::check::Installed::new(&datasets, &links)
}

#[test]
fn every_rule_of_every_year_names_something_provided_or_planned() {
    let installed = installed();
    let planned = catalog::planned_datasets();
    // Publication kinds: the kinds behind installed datasets and those the capabilities
    // publish under their own names.
    let kinds: BTreeSet<&str> = [
        prongsai_profile::KIND,
        prongsai_documents::KIND,
        prongsai_news::KIND,
        prongsai_procurement::store::PLAN_KIND,
        prongsai_procurement::store::NOTICE_KIND,
        prongsai_procurement::store::ANNUAL_KIND,
        prongsai_procurement::store::LIST_KIND,
        prongsai_plans::store::REPORT_KIND,
        prongsai_hr::ethics::KIND,
    ]
    .into_iter()
    .collect();
    assert!(catalog::files().len() >= 3);
    for c in catalog::all() {
        for item in &c.items {
            for e in &item.evidence {
                assert!(e.problems().is_empty(), "{} {}", c.year, item.code);
                match e.source {
                    Source::Dataset => {
                        let d = e.dataset.as_deref().unwrap_or("");
                        assert!(
                            installed.datasets.contains_key(d) || planned.iter().any(|p| p == d),
                            "{} {}: dataset {d:?} is neither installed nor in data/planned.toml",
                            c.year,
                            item.code
                        );
                    }
                    Source::Publication | Source::Snapshot => {
                        let k = e.kind.as_deref().unwrap_or("");
                        assert!(kinds.contains(k), "{} {}: kind {k:?}", c.year, item.code);
                    }
                    Source::Page => {
                        let p = e.provided_by.as_deref().or(e.href.as_deref()).unwrap_or("");
                        assert!(
                            installed.pages.contains(p),
                            "{} {}: page {p:?}",
                            c.year,
                            item.code
                        );
                    }
                }
            }
            if let Some(cat) = item
                .evidence
                .iter()
                .find(|e| e.kind.as_deref() == Some(prongsai_documents::KIND))
                .and_then(|e| e.category.as_deref())
            {
                assert!(
                    prongsai_documents::model::CATEGORIES.contains(&cat),
                    "{cat}"
                );
            }
        }
    }
}

/// The code of the 2568 item whose rules look for a document with `word` in its title
/// in `category`.
fn item_with_document_rule(year: i32, category: &str, word: &str) -> String {
    catalog::for_year(year)
        .unwrap()
        .items
        .iter()
        .find(|i| {
            i.evidence.iter().any(|e| {
                e.kind.as_deref() == Some("document")
                    && e.category.as_deref() == Some(category)
                    && e.title_any.iter().any(|w| w == word)
            })
        })
        .map(|i| i.code.clone())
        .expect("an item with that rule")
}

fn item<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no item {code}"))
}

#[tokio::test]
async fn publishing_a_record_turns_an_item_from_missing_to_satisfied() {
    let app = TestApp::with_demo().await;
    let code = item_with_document_rule(2568, "announcement", "No Gift");
    let mut public = app.client();
    let r = public.get("/api/v1/ita?year=2568").await;
    r.assert_status(StatusCode::OK);
    let before: Value = serde_json::from_str(&r.body).unwrap();
    let it = item(&before, &code);
    assert_eq!(it["status"], "missing", "{it}");
    // Nothing to submit yet: no link to a page without the record.
    assert_eq!(it["url"], "", "{it}");
    let reasons = it["missing"].to_string();
    // The reason names what is needed.
    assert!(reasons.contains("No Gift"), "{reasons}");
    // The staff pages to fix it are offered: the No Gift capability's (installed, but the
    // demo's declaration is of 2569) and the documents'.
    let rules = it["evidence"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["fix"] == "/staff/gifts"), "{it}");
    assert!(
        rules.iter().any(|r| r["fix"] == "/staff/documents/new"),
        "{it}"
    );

    // A draft does not count.
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let r = clerk
        .post_form(
            "/staff/documents/new",
            &[
                ("title", "ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ 2568"),
                ("category", "announcement"),
                ("fiscal_year", "2568"),
                ("division_id", ""),
                ("body", "นายกองค์การบริหารส่วนตำบลและบุคลากรทุกคนจะไม่รับของขวัญ"),
            ],
        )
        .await;
    r.assert_status(StatusCode::SEE_OTHER);
    let path = r.location().to_owned();
    let id = path.rsplit('/').next().unwrap().to_owned();
    let r = public.get("/api/v1/ita?year=2568").await;
    let draft: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(item(&draft, &code)["status"], "missing");

    let mut head = app.client();
    head.sign_in_as("palad").await;
    head.post_form(&format!("{path}/publish"), &[("change_note", "")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let r = public.get("/api/v1/ita?year=2568").await;
    let after: Value = serde_json::from_str(&r.body).unwrap();
    let it = item(&after, &code);
    assert_eq!(it["status"], "satisfied", "{it}");
    assert!(
        it["url"]
            .as_str()
            .unwrap()
            .contains(&format!("/documents/{id}")),
        "{it}"
    );
    assert_eq!(
        after["data"]["counts"]["satisfied"].as_u64().unwrap(),
        before["data"]["counts"]["satisfied"].as_u64().unwrap() + 1
    );
    // The evidence links the one document.
    assert!(
        it["evidence"]
            .to_string()
            .contains(&format!("/documents/{id}")),
        "{it}"
    );
    // Another year's item with the same rule is not satisfied by a 2568 record.
    // (2567: the demo's own No Gift year, 2569, satisfies that year's item.)
    let other = item_with_document_rule(2567, "announcement", "No Gift");
    let r = public.get("/api/v1/ita?year=2567").await;
    let y2567: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(item(&y2567, &other)["status"], "missing");
    let demo_year = item_with_document_rule(2569, "announcement", "No Gift");
    let r = public.get("/api/v1/ita?year=2569").await;
    let y2569: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(item(&y2569, &demo_year)["status"], "satisfied");

    // The staff dashboard shows it too.
    head.get("/staff/ita?year=2568")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&format!("id=\"item-{code}\" data-status=\"satisfied\""));
}

#[tokio::test]
async fn the_demo_organization_for_2568_and_the_public_page() {
    let app = TestApp::with_demo().await;
    let cat = catalog::for_year(2568).unwrap();
    let mut public = app.client();
    let r = public.get("/api/v1/ita?year=2568").await;
    r.assert_status(StatusCode::OK);
    let report: Value = serde_json::from_str(&r.body).unwrap();
    let counts = &report["data"]["counts"];
    assert_eq!(counts["items"].as_u64().unwrap() as usize, cat.items.len());
    assert_eq!(
        counts["satisfied"].as_u64().unwrap()
            + counts["partly"].as_u64().unwrap()
            + counts["missing"].as_u64().unwrap(),
        cat.items.len() as u64
    );
    // The demo publishes its profile: the items read from it only are satisfied except
    // where the demo leaves a field empty, and say which.
    for i in &cat.items {
        let got = item(&report, &i.code);
        let only_profile = i.evidence.iter().all(|e| e.source == Source::Snapshot);
        if only_profile && got["status"] != "satisfied" {
            assert!(!got["missing"].as_array().unwrap().is_empty(), "{got}");
        }
        // Items that need a capability not yet merged are missing with the dataset named.
        let needs_planned = i.evidence.iter().all(|e| {
            e.source == Source::Dataset
                && catalog::planned_datasets()
                    .iter()
                    .any(|p| Some(p.as_str()) == e.dataset.as_deref())
        });
        if needs_planned {
            assert_eq!(got["status"], "missing", "{got}");
            let d = i.evidence[0].dataset.as_deref().unwrap();
            assert!(got["missing"].to_string().contains(d), "{got}");
        }
        assert!(got["due"].as_str().unwrap().starts_with("2025-"), "{got}");
    }
    let structure = cat
        .items
        .iter()
        .find(|i| {
            i.evidence
                .iter()
                .any(|e| e.field.as_deref() == Some("powers_and_duties"))
        })
        .unwrap();
    assert_eq!(item(&report, &structure.code)["status"], "satisfied");
    // The corruption-report channel is installed: its item is satisfied and links there.
    let channel = cat
        .items
        .iter()
        .find(|i| {
            i.evidence
                .iter()
                .any(|e| e.href.as_deref() == Some("/corruption-reports"))
        })
        .unwrap();
    let got = item(&report, &channel.code);
    assert_eq!(got["status"], "satisfied");
    assert!(
        got["url"]
            .as_str()
            .unwrap()
            .ends_with("/corruption-reports")
    );

    // The public page lists every item with its link; the home page links it.
    let page = public.get("/ita?year=2568").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("พ.ศ. 2568");
    for i in &cat.items {
        page.assert_contains(&format!("id=\"item-{}\"", i.code));
    }
    page.assert_contains("href=\"/corruption-reports\"");
    public.get("/").await.assert_contains("href=\"/ita\"");
    public.get("/ita").await.assert_status(StatusCode::OK);
    public
        .get("/ita?year=2400")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    public
        .get("/ita?year=2555")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    public
        .get("/ita?year=abc")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    public
        .get("/api/v1/ita?year=abc")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    // The dashboard is for staff.
    let r = public.get("/staff/ita").await;
    assert!(
        r.status.is_redirection() || r.status == StatusCode::UNAUTHORIZED,
        "{}",
        r.status
    );
    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    clerk
        .get("/staff/ita?year=2569")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("ร่าง");
}

#[tokio::test]
async fn the_itas_sheet_as_xlsx_and_csv() {
    let app = TestApp::with_demo().await;
    let cat = catalog::for_year(2568).unwrap();
    let mut public = app.client();
    let r = public.get("/ita.xlsx?year=2568").await;
    r.assert_status(StatusCode::OK);
    let sheets = prongsai_export::read_workbook(&r.bytes).unwrap();
    let (_, rows) = &sheets[0];
    let texts: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.as_text()).collect())
        .collect();
    let header = texts
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "ข้อ"))
        .unwrap();
    assert_eq!(texts[header], prongsai_ita::web::SHEET_HEADER);
    let body = &texts[header + 1..];
    assert_eq!(body.len(), cat.items.len());
    for (row, i) in body.iter().zip(&cat.items) {
        assert_eq!(row[0], i.code);
        assert_eq!(row[2], i.title);
        assert!(["ครบถ้วน", "ยังไม่ครบ", "ยังไม่มี"].contains(&row[4].as_str()));
    }
    let channel = body
        .iter()
        .find(|r| r[3].ends_with("/corruption-reports"))
        .unwrap();
    assert!(
        channel[3].starts_with("http"),
        "absolute URL: {}",
        channel[3]
    );

    let r = public.get("/ita.csv?year=2568").await;
    r.assert_status(StatusCode::OK);
    assert!(r.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(
        r.body.trim_start_matches('\u{feff}').lines().count(),
        cat.items.len() + 1
    );
    // Every dataset the catalog names is installed now; items still missing say so.
    r.assert_contains("ยังไม่มี");
}

#[tokio::test]
async fn the_check_command_prints_json_and_fails_while_an_item_is_missing() {
    let app = TestApp::with_demo().await;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_prongsai"))
            .args(args)
            .env("PRONGSAI_DATA_DIR", app.dir.path())
            .env("DATABASE_URL", &app.db_url)
            .env("PRONGSAI_LOG", "warn")
            .stdin(Stdio::null())
            .output()
            .expect("run prongsai")
    };
    let o = run(&[
        "ita",
        "check",
        "--year",
        "2568",
        "--format",
        "json",
        "--organization",
        "kudjok",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["organization"], "kudjok");
    assert_eq!(v["year"], 2568);
    let n = catalog::for_year(2568).unwrap().items.len();
    assert_eq!(v["items"].as_array().unwrap().len(), n);
    assert!(v["counts"]["missing"].as_u64().unwrap() > 0);
    // The web API says the same.
    let mut c = app.client();
    let web: Value = serde_json::from_str(&c.get("/api/v1/ita?year=2568").await.body).unwrap();
    assert_eq!(web["data"]["counts"], v["counts"]);

    let o = run(&["ita", "check", "--year", "2568"]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("MISSING") && text.contains(&format!("{n} items")),
        "{text}"
    );
    let o = run(&["ita", "check", "--year", "2400"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--year"));
    let o = run(&[
        "ita",
        "check",
        "--year",
        "2568",
        "--organization",
        "nowhere",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--organization"));
    let o = run(&["ita", "check", "--year", "2568", "--format", "yaml"]);
    assert!(!o.status.success());
}

#[tokio::test]
async fn the_demo_plans_satisfy_the_items_that_ask_for_them() {
    let app = TestApp::with_demo().await;
    // The 2569 items whose rules ask for the plans dataset's HR development plan, and for
    // the published six-month or annual report of a plan.
    let catalog = catalog::for_year(2569).unwrap();
    let hr_plan = catalog
        .items
        .iter()
        .find(|i| {
            i.evidence.iter().any(|e| {
                e.dataset.as_deref() == Some("plans")
                    && e.category.as_deref() == Some("hr_development")
            })
        })
        .map(|i| i.code.clone())
        .expect("an item asking for the HR development plan");
    let mut public = app.client();
    let r = public.get("/api/v1/ita?year=2569").await;
    r.assert_status(StatusCode::OK);
    let report: Value = serde_json::from_str(&r.body).unwrap();
    let it = item(&report, &hr_plan);
    assert_eq!(it["status"], "satisfied", "{it}");
    assert!(
        it["url"]
            .as_str()
            .unwrap_or("")
            .ends_with("/plans/hr_development/2569"),
        "{it}"
    );
    // The page the link names exists.
    public
        .get("/plans/hr_development/2569")
        .await
        .assert_status(StatusCode::OK);
}

/// Last year's result per indicator (issue 8, part 1): entered by staff with Thai
/// validation, all lines or none, audited, flagged below the pass mark, shown on the next
/// year's public ITA page, and kept to the organization.
#[tokio::test]
async fn last_years_results_are_entered_analysed_and_shown_on_the_next_years_page() {
    use prongsai_db::entities::audit_entry;
    use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = TestApp::with_demo().await;
    let mut public = app.client();
    let before = public.get("/ita?year=2569").await;
    before.assert_status(StatusCode::OK);
    assert!(
        !before.body.contains("id=\"result-8\""),
        "nothing entered yet"
    );
    public
        .get("/staff/ita/results?year=2568")
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let mut clerk = app.client();
    clerk.sign_in_as("clerk").await;
    let form = clerk.get("/staff/ita/results?year=2568").await;
    form.assert_status(StatusCode::OK)
        .assert_contains("การปรับปรุงการทำงาน")
        .assert_contains("name=\"score_8\"")
        .assert_contains("name=\"score_overall\"");

    // A bad score: nothing is saved, the form comes back with what was typed.
    let bad = clerk
        .post_form(
            "/staff/ita/results?year=2568",
            &[
                ("score_1", "๙๒,๕๐"),
                ("score_8", "120"),
                ("analysis_8", "ช่องทางรับฟังความคิดเห็นยังไม่ครอบคลุม"),
                ("score_9", "แปดสิบ"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("คะแนนต้องอยู่ระหว่าง 0 ถึง 100")
        .assert_contains("คะแนนต้องเป็นตัวเลข เช่น 87.45")
        .assert_contains("ช่องทางรับฟังความคิดเห็นยังไม่ครอบคลุม")
        .assert_contains("value=\"๙๒,๕๐\"");
    let stored = prongsai_ita::results::load(app.db(), app.demo_tenant().await.id, 2568)
        .await
        .unwrap();
    assert!(!prongsai_ita::results::any_entered(&stored), "all or none");

    clerk
        .post_form(
            "/staff/ita/results?year=2568",
            &[
                ("score_1", "๙๒,๕๐"),
                ("score_8", "78.25"),
                ("analysis_8", "ช่องทางรับฟังความคิดเห็นยังไม่ครอบคลุม"),
                (
                    "actions_8",
                    "เพิ่มแบบสำรวจความพึงพอใจออนไลน์ในมาตรการ E-Service ปี 2569",
                ),
                ("score_overall", "88.10"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let saved = clerk.get("/staff/ita/results?year=2568&saved=1").await;
    saved
        .assert_contains("บันทึกผลการประเมินแล้ว")
        .assert_contains("value=\"92.50\"")
        .assert_contains("value=\"78.25\"");
    // Indicator 8 is below 85 and flagged; indicator 1 is not.
    let low = saved.body.split("id=\"indicator-8\"").nth(1).unwrap();
    let low = low.split("</fieldset>").next().unwrap();
    assert!(low.contains("ต่ำกว่าเกณฑ์ผ่าน"));
    let ok = saved.body.split("id=\"indicator-1\"").nth(1).unwrap();
    let ok = ok.split("</fieldset>").next().unwrap();
    assert!(!ok.contains("ต่ำกว่าเกณฑ์ผ่าน"));

    let page = public.get("/ita?year=2569").await;
    page.assert_contains("ผลการประเมิน ITA และการวิเคราะห์ ปีงบประมาณ 2568")
        .assert_contains("id=\"result-8\"")
        .assert_contains("78.25")
        .assert_contains("เพิ่มแบบสำรวจความพึงพอใจออนไลน์");
    let audit: Vec<audit_entry::Model> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("ita.results.save"))
        .all(app.db().conn())
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);

    // Another organization sees none of it and writes only its own.
    app.add_organization("nongbua").await;
    let mut other = app.client_for("nongbua.localhost");
    other.sign_in_as("admin").await;
    let theirs = other.get("/staff/ita/results?year=2568").await;
    theirs.assert_status(StatusCode::OK);
    assert!(!theirs.body.contains("78.25"));
    assert!(
        !app.client_for("nongbua.localhost")
            .get("/ita?year=2569")
            .await
            .body
            .contains("78.25")
    );
}
