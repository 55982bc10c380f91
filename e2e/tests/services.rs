//! Citizen services in a real browser, on a phone: a citizen sends an e-service request
//! and notes the tracking code; staff complete it and log a walk-in at the One Stop
//! Service counter; the citizen follows the request, answers the satisfaction survey;
//! the public statistics count both the online request and the walk-in.

use std::time::Duration;

use prongsai_e2e::webdriver::{Driver, Session};
use prongsai_e2e::{RunningApp, screenshot_dir, start_app};

const SERVICE: &str = "ขอข้อมูลข่าวสารของราชการ";
const WANTED: &str = "สำเนารายงานการประชุมสภา อบต. ครั้งล่าสุด";

async fn no_overflow(b: &Session, what: &str) -> anyhow::Result<()> {
    let overflow = b
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await?;
    if overflow.as_i64().unwrap_or(0) > 0 {
        // Name the elements that stick out, to make the failure useful.
        let wide = b
            .execute(
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).filter((v, i, a) => a.indexOf(v) === i).slice(0, 20).concat([document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth])",
                vec![],
            )
            .await?;
        anyhow::bail!("{what}: overflows a phone screen by {overflow} px: {wide}");
    }
    Ok(())
}

async fn wait_for_text(b: &Session, text: &str) -> anyhow::Result<()> {
    for _ in 0..100 {
        if b.source().await?.contains(text) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the page never showed {text:?}")
}

/// The number shown in a statistics figure (`#kpi-online`, `#kpi-walk-in`).
async fn kpi(b: &Session, app: &RunningApp, id: &str) -> anyhow::Result<u64> {
    b.goto(&format!("{}/statistics", app.base())).await?;
    let text = b.text_of(&format!("#{id}")).await?;
    text.trim()
        .parse()
        .map_err(|e| anyhow::anyhow!("{id} shows {text:?}: {e}"))
}

/// The published form's field keys by label.
async fn keys(app: &RunningApp) -> anyhow::Result<(i64, Vec<(String, String)>)> {
    let tenant = prongsai_kernel::tenant::find_tenant_by_slug(app.state.db.conn(), "kudjok")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo organization missing"))?;
    let service = prongsai_eservices::store::list_public_eservices(app.state.db.conn(), tenant.id)
        .await?
        .into_iter()
        .find(|s| s.snapshot.title == SERVICE)
        .ok_or_else(|| anyhow::anyhow!("no e-service {SERVICE}"))?;
    let fields = service
        .snapshot
        .fields
        .iter()
        .map(|f| (f.label.clone(), f.key.clone()))
        .collect();
    Ok((service.id(), fields))
}

fn key<'a>(fields: &'a [(String, String)], label: &str) -> anyhow::Result<&'a str> {
    fields
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, k)| k.as_str())
        .ok_or_else(|| anyhow::anyhow!("no field {label}"))
}

#[tokio::test]
async fn a_citizen_on_a_phone_sends_a_request_staff_complete_it_and_the_survey_and_statistics_follow()
-> anyhow::Result<()> {
    let app = start_app().await?;
    let driver = Driver::start().await?;
    let shots = screenshot_dir();
    let (service_id, fields) = keys(&app).await?;

    let phone = driver.session(360, 800).await?;
    let online_before = kpi(&phone, &app, "kpi-online").await?;
    let walk_in_before = kpi(&phone, &app, "kpi-walk-in").await?;

    // The citizen, from the home page to the service's form.
    phone.goto(&format!("{}/", app.base())).await?;
    phone.click("a[href='/e-services']").await?;
    phone.wait_for_url(|u| u.ends_with("/e-services")).await?;
    no_overflow(&phone, "e-services").await?;
    phone
        .click(&format!("a[href='/e-services/{service_id}']"))
        .await?;
    phone
        .wait_for_url(|u| u.ends_with(&format!("/e-services/{service_id}")))
        .await?;
    phone.type_into("#applicant_name", "สมศรี ใจดี").await?;
    phone.type_into("#phone", "0812345678").await?;
    phone
        .type_into(
            &format!("#{}", key(&fields, "เลขประจำตัวประชาชน")?),
            "1101700230708",
        )
        .await?;
    phone
        .type_into(&format!("#{}", key(&fields, "ข้อมูลข่าวสารที่ต้องการ")?), WANTED)
        .await?;
    phone
        .click(&format!(
            "input[name='{}'][value='ไฟล์ทางอีเมล']",
            key(&fields, "รูปแบบที่ต้องการ")?
        ))
        .await?;
    no_overflow(&phone, "form").await?;
    phone
        .screenshot(&shots.join("eservice-form-phone.png"))
        .await?;
    // People take more than three seconds to fill in a form.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    phone
        .click(&format!(
            "form[action='/e-services/{service_id}'] button[type=submit]"
        ))
        .await?;
    let receipt_url = phone
        .wait_for_url(|u| u.contains("/e-services/receipt/"))
        .await?;
    let code = receipt_url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(code.len() >= 8, "tracking code {code:?}");
    phone
        .screenshot(&shots.join("eservice-receipt-phone.png"))
        .await?;
    no_overflow(&phone, "receipt").await?;

    // Staff find the request in the queue and complete it.
    let desk = driver.session(1280, 900).await?;
    desk.goto(&format!("{}/login", app.base())).await?;
    desk.type_into("#username", "clerk").await?;
    desk.type_into("#password", "browser-clerk-password")
        .await?;
    desk.click("button[type=submit]").await?;
    desk.wait_for_url(|u| u.ends_with("/staff")).await?;
    desk.goto(&format!("{}/staff/requests", app.base())).await?;
    // The queue opens on the clerk's own division; the request belongs to another.
    desk.click("#division option[value='all']").await?;
    desk.click("form[action='/staff/requests'] button[type=submit]")
        .await?;
    desk.wait_for_url(|u| u.contains("division=all")).await?;
    wait_for_text(&desk, SERVICE).await?;
    desk.screenshot(&shots.join("eservice-queue-desktop.png"))
        .await?;
    desk.click("a.item-list__title[href^='/staff/requests/']")
        .await?;
    desk.wait_for_url(|u| u.contains("/staff/requests/"))
        .await?;
    wait_for_text(&desk, WANTED).await?;
    desk.click("#status option[value='completed']").await?;
    desk.click("form[action$='/status'] button[type=submit]")
        .await?;
    wait_for_text(&desk, "badge badge--completed").await?;
    desk.screenshot(&shots.join("eservice-request-desktop.png"))
        .await?;

    // A walk-in at the One Stop Service counter, in one form.
    desk.goto(&format!("{}/staff/counter", app.base())).await?;
    desk.execute(
        "const s = document.querySelector('#service'); s.selectedIndex = [...s.options].findIndex(o => o.value !== ''); return s.value",
        vec![],
    )
    .await?;
    desk.click("input[name=outcome]").await?;
    desk.click("form[action='/staff/counter'] button[type=submit]")
        .await?;
    desk.wait_for_url(|u| u.contains("/staff/counter?saved="))
        .await?;
    desk.screenshot(&shots.join("counter-desktop.png")).await?;
    // The walk-in citizen is handed a QR code to the same survey.
    desk.click("a[href^='/staff/counter/'][href$='/qr']")
        .await?;
    desk.wait_for_url(|u| u.ends_with("/qr")).await?;
    wait_for_text(&desk, "/surveys/answer/").await?;
    desk.find(".qr svg").await?;
    desk.close().await?;

    // The citizen follows the request by its code and answers the survey.
    phone.goto(&format!("{}/track", app.base())).await?;
    phone.type_into("#code", &code).await?;
    phone
        .click("form[action='/track'] button[type=submit]")
        .await?;
    wait_for_text(&phone, "/surveys/answer/").await?;
    no_overflow(&phone, "track").await?;
    phone
        .screenshot(&shots.join("eservice-track-phone.png"))
        .await?;
    phone.click("a[href^='/surveys/answer/']").await?;
    phone
        .wait_for_url(|u| u.contains("/surveys/answer/"))
        .await?;
    for (q, v) in [
        ("q_process", "5"),
        ("q_staff", "5"),
        ("q_facility", "4"),
        ("q_result", "5"),
        ("q_overall", "5"),
    ] {
        phone
            .click(&format!("input[name='{q}'][value='{v}']"))
            .await?;
    }
    phone.type_into("#comment", "ได้รับไฟล์รวดเร็ว ขอบคุณค่ะ").await?;
    no_overflow(&phone, "survey").await?;
    phone.screenshot(&shots.join("survey-phone.png")).await?;
    phone
        .click("form[action^='/surveys/answer/'] button[type=submit]")
        .await?;
    phone
        .wait_for_url(|u| u.ends_with("/surveys/thanks"))
        .await?;

    // The public statistics count the online request and the walk-in.
    anyhow::ensure!(kpi(&phone, &app, "kpi-online").await? == online_before + 1);
    anyhow::ensure!(kpi(&phone, &app, "kpi-walk-in").await? == walk_in_before + 1);
    no_overflow(&phone, "statistics").await?;
    phone
        .screenshot(&shots.join("service-statistics-phone.png"))
        .await?;
    // The survey report counts the answer.
    phone
        .goto(&format!("{}/surveys/report?period=year", app.base()))
        .await?;
    let lead = phone.text_of("p.lead strong").await?;
    anyhow::ensure!(lead.trim() == "1", "survey responses shown: {lead:?}");
    phone.close().await?;

    // The statistics page on a desktop, for the README.
    let wide = driver.session(1280, 1000).await?;
    wide.goto(&format!("{}/statistics", app.base())).await?;
    wide.screenshot(&shots.join("service-statistics.png"))
        .await?;
    wide.close().await?;
    Ok(())
}
