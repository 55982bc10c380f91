//! The corruption-report channel in a real browser, on a phone: a reporter sends a report
//! and notes the receipt; the internal auditor (second factor, key unlocked) reads it and
//! asks a question; the reporter comes back with the receipt, reads the question and
//! answers it; the auditor reads the answer.

use std::time::Duration;

use prongsai_e2e::webdriver::{Driver, Session};
use prongsai_e2e::{screenshot_dir, start_app};

const WHAT: &str = "เจ้าหน้าที่กองช่างขอเงิน 3,000 บาท เพื่อเซ็นรับรองแบบบ้านให้เร็วขึ้น";
const QUESTION: &str = "ท่านจำวันที่ที่มีการขอเงินได้หรือไม่";
const ANSWER: &str = "วันที่ 12 มีนาคม ช่วงบ่าย ที่ห้องกองช่าง";

async fn no_overflow(b: &Session, what: &str) -> anyhow::Result<()> {
    let overflow = b
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await?;
    anyhow::ensure!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "{what}: overflows a phone screen by {overflow} px"
    );
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

fn totp_now(secret: &str) -> anyhow::Result<String> {
    let raw = data_encoding::BASE32_NOPAD.decode(secret.as_bytes())?;
    let step = prongsai_accounts::totp::step_of(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs() as i64,
    );
    Ok(format!(
        "{:06}",
        prongsai_accounts::totp::code_at_step(&raw, step)
    ))
}

#[tokio::test]
async fn a_reporter_on_a_phone_follows_up_with_the_receipt_and_answers_a_question()
-> anyhow::Result<()> {
    let app = start_app().await?;
    let driver = Driver::start().await?;
    let shots = screenshot_dir();

    // The reporter, on a phone, from the home page.
    let phone = driver.session(360, 800).await?;
    phone.goto(&format!("{}/", app.base())).await?;
    phone.click("a[href='/corruption-reports']").await?;
    phone
        .wait_for_url(|u| u.ends_with("/corruption-reports"))
        .await?;
    no_overflow(&phone, "landing").await?;
    phone
        .screenshot(&shots.join("corruption-landing-phone.png"))
        .await?;
    phone.click("a[href='/corruption-reports/new']").await?;
    phone
        .wait_for_url(|u| u.ends_with("/corruption-reports/new"))
        .await?;
    phone.type_into("#who", "นายช่างสมมติ").await?;
    phone.type_into("#position", "นายช่างโยธา กองช่าง").await?;
    phone.type_into("#when", "มีนาคม 2568").await?;
    phone.type_into("#what", WHAT).await?;
    no_overflow(&phone, "form").await?;
    phone
        .screenshot(&shots.join("corruption-form-phone.png"))
        .await?;
    // People take more than three seconds to write a report.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    phone
        .click("form[action='/corruption-reports/new'] button[type=submit]")
        .await?;
    phone
        .wait_for_url(|u| u.ends_with("/corruption-reports/receipt"))
        .await?;
    let receipt = phone.text_of(".receipt").await?;
    let digits: String = receipt.chars().filter(|c| c.is_ascii_digit()).collect();
    anyhow::ensure!(digits.len() == 16, "receipt {receipt:?}");
    anyhow::ensure!(
        receipt.contains(&format!("{} {}", &digits[0..4], &digits[4..8])),
        "grouped like a phone number: {receipt:?}"
    );
    no_overflow(&phone, "receipt").await?;
    phone
        .screenshot(&shots.join("corruption-receipt-phone.png"))
        .await?;
    // The receipt is nowhere in the address bar.
    anyhow::ensure!(!phone.current_url().await?.contains(&digits[..8]));
    phone.close().await?;

    // The internal auditor: password, second factor, key, report, question.
    let desk = driver.session(1280, 900).await?;
    desk.goto(&format!("{}/login", app.base())).await?;
    desk.type_into("#username", "auditor").await?;
    desk.type_into("#password", "browser-auditor-password")
        .await?;
    desk.click("button[type=submit]").await?;
    desk.wait_for_url(|u| u.contains("/login/enrol")).await?;
    let secret = desk
        .execute(
            "return document.querySelector('input[name=secret]').value",
            vec![],
        )
        .await?;
    let code = totp_now(secret.as_str().unwrap_or_default())?;
    desk.type_into("#code", &code).await?;
    desk.click("form[action='/login/enrol'] button[type=submit]")
        .await?;
    desk.wait_for_url(|u| u.ends_with("/staff")).await?;
    desk.goto(&format!("{}/staff/integrity", app.base()))
        .await?;
    desk.wait_for_url(|u| u.contains("/staff/integrity/unlock"))
        .await?;
    desk.type_into("#password", "browser-auditor-password")
        .await?;
    desk.click("form[action='/staff/integrity/unlock'] button[type=submit]")
        .await?;
    desk.wait_for_url(|u| u.ends_with("/staff/integrity"))
        .await?;
    desk.screenshot(&shots.join("corruption-inbox-desktop.png"))
        .await?;
    desk.click("table a[href^='/staff/integrity/reports/']")
        .await?;
    wait_for_text(&desk, WHAT).await?;
    desk.type_into("#text", QUESTION).await?;
    desk.click("form[action$='/messages'] button[type=submit]")
        .await?;
    wait_for_text(&desk, QUESTION).await?;
    let report_url = desk.current_url().await?;

    // The reporter comes back later, with the receipt.
    let phone = driver.session(360, 800).await?;
    phone
        .goto(&format!("{}/corruption-reports/follow-up", app.base()))
        .await?;
    // Typed as noted down: four groups of four.
    let noted = format!(
        "{} {} {} {}",
        &digits[0..4],
        &digits[4..8],
        &digits[8..12],
        &digits[12..16]
    );
    phone.type_into("#receipt", &noted).await?;
    phone
        .click("form[action='/corruption-reports/follow-up'] button[type=submit]")
        .await?;
    phone
        .wait_for_url(|u| u.ends_with("/corruption-reports/my-report"))
        .await?;
    wait_for_text(&phone, QUESTION).await?;
    no_overflow(&phone, "follow-up").await?;
    phone
        .screenshot(&shots.join("corruption-my-report-phone.png"))
        .await?;
    phone.type_into("#text", ANSWER).await?;
    phone
        .click("form[action='/corruption-reports/my-report/messages'] button[type=submit]")
        .await?;
    wait_for_text(&phone, ANSWER).await?;
    phone
        .screenshot(&shots.join("corruption-answered-phone.png"))
        .await?;
    phone.close().await?;

    // The auditor reads the answer.
    desk.goto(report_url.split('#').next().unwrap_or_default())
        .await?;
    wait_for_text(&desk, ANSWER).await?;
    desk.screenshot(&shots.join("corruption-report-desktop.png"))
        .await?;
    desk.close().await?;
    Ok(())
}
