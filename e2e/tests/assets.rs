//! Borrowing equipment in a real browser: a citizen on a phone books the folding tables
//! through the public form; the Palad (an executive) approves it; a second citizen's
//! overlapping request is refused next to the dates, and the calendar shows the booked
//! days.

use std::time::Duration;

use prongsai_e2e::webdriver::Session;
use prongsai_e2e::{screenshot_dir, start_app};

const ITEM: &str = "401-62-0011";

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

/// `d/m/BE`, as a person types a date.
fn be(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}/{}/{}", d.day(), d.month(), d.year() + 543)
}

async fn fill_request(
    b: &Session,
    name: &str,
    purpose: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> anyhow::Result<()> {
    b.type_into("#borrower_name", name).await?;
    b.type_into("#borrower_phone", "0812345678").await?;
    b.type_into("#purpose", purpose).await?;
    b.type_into("#starts_on", &be(from)).await?;
    b.type_into("#ends_on", &be(to)).await?;
    Ok(())
}

#[tokio::test]
async fn a_citizen_books_staff_approve_and_an_overlapping_request_is_refused() -> anyhow::Result<()>
{
    let app = start_app().await?;
    let driver = prongsai_e2e::webdriver::Driver::start().await?;
    let shots = screenshot_dir();
    let tenant = prongsai_kernel::tenant::find_tenant_by_slug(app.state.db.conn(), "kudjok")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo organization missing"))?;
    let item = prongsai_assets::store::list_assets(&app.state.db, tenant.id)
        .await?
        .into_iter()
        .find(|a| a.code == ITEM)
        .ok_or_else(|| anyhow::anyhow!("no item {ITEM}"))?;
    let today = prongsai_kernel::clock::today_in_thailand();
    let month = prongsai_assets::store::add_months(today, 1);
    let from = month + chrono::Duration::days(9);
    let to = from + chrono::Duration::days(2);

    // The citizen, from the public list to the item's calendar and form.
    let phone = driver.session(360, 800).await?;
    phone.goto(&format!("{}/assets", app.base())).await?;
    no_overflow(&phone, "assets").await?;
    phone
        .click(&format!("a.item-list__title[href='/assets/{}']", item.id))
        .await?;
    phone
        .wait_for_url(|u| u.ends_with(&format!("/assets/{}", item.id)))
        .await?;
    fill_request(&phone, "สมศรี ใจดี", "งานบวช หมู่ที่ 4", from, to).await?;
    no_overflow(&phone, "booking form").await?;
    phone
        .click(&format!(
            "form[action^='/assets/{}/book'] button[type=submit]",
            item.id
        ))
        .await?;
    let status_url = phone
        .wait_for_url(|u| u.contains("/assets/requests/"))
        .await?;
    wait_for_text(&phone, "รอพิจารณา").await?;
    phone
        .screenshot(&shots.join("assets-request-phone.png"))
        .await?;
    // The form posts to `.../book#book`; the browser keeps the fragment over the redirect.
    let status_url = status_url.split('#').next().unwrap_or_default().to_owned();
    let code = status_url.rsplit('/').next().unwrap_or_default().to_owned();
    let row =
        prongsai_assets::store::find_by_tracking_code(&app.state.db, tenant.id, &code).await?;

    // The Palad approves it.
    let desk = driver.session(1280, 900).await?;
    desk.goto(&format!("{}/login", app.base())).await?;
    desk.type_into("#username", "palad").await?;
    desk.type_into("#password", "browser-palad-password")
        .await?;
    desk.click("button[type=submit]").await?;
    desk.wait_for_url(|u| u.ends_with("/staff")).await?;
    desk.goto(&format!(
        "{}/staff/assets/bookings/{}",
        app.base(),
        row.booking.id
    ))
    .await?;
    wait_for_text(&desk, "งานบวช หมู่ที่ 4").await?;
    desk.click("button[name=decision][value=approve]").await?;
    wait_for_text(&desk, "badge badge--approved").await?;
    desk.screenshot(&shots.join("assets-approved-desktop.png"))
        .await?;
    desk.close().await?;

    // The citizen sees the approval.
    phone.goto(&status_url).await?;
    wait_for_text(&phone, "อนุมัติแล้ว").await?;

    // Another citizen asks for overlapping days: refused next to the dates, and the
    // calendar shows the booked days.
    let other = driver.session(360, 800).await?;
    other
        .goto(&format!(
            "{}/assets/{}?month={}",
            app.base(),
            item.id,
            month.format("%Y-%m")
        ))
        .await?;
    for d in 0..3 {
        other
            .find(&format!(
                "td.asset-cal__day--booked[data-date='{}']",
                from + chrono::Duration::days(d)
            ))
            .await?;
    }
    fill_request(
        &other,
        "มานะ อดทน",
        "งานเลี้ยงหมู่บ้าน",
        to,
        to + chrono::Duration::days(1),
    )
    .await?;
    other
        .click(&format!(
            "form[action^='/assets/{}/book'] button[type=submit]",
            item.id
        ))
        .await?;
    wait_for_text(&other, "ช่วงวันที่นี้มีผู้จองและได้รับอนุมัติแล้ว").await?;
    let message = other.text_of("#starts_on-error").await?;
    anyhow::ensure!(
        message.contains("มีผู้จองและได้รับอนุมัติแล้ว"),
        "message next to the date: {message:?}"
    );
    // What was typed stays; the calendar of the refused month still shows the booking.
    wait_for_text(&other, "งานเลี้ยงหมู่บ้าน").await?;
    other
        .find(&format!("td.asset-cal__day--booked[data-date='{from}']"))
        .await?;
    no_overflow(&other, "refused request").await?;
    other
        .screenshot(&shots.join("assets-clash-phone.png"))
        .await?;
    // Staff pages on a phone: the register, the requests (one overdue in the demo).
    let clerk = driver.session(360, 800).await?;
    clerk.goto(&format!("{}/login", app.base())).await?;
    clerk.type_into("#username", "clerk").await?;
    clerk
        .type_into("#password", "browser-clerk-password")
        .await?;
    clerk.click("button[type=submit]").await?;
    clerk.wait_for_url(|u| u.ends_with("/staff")).await?;
    for (path, shot) in [
        ("/staff/assets".to_owned(), "assets-register-phone.png"),
        (
            "/staff/assets/bookings".to_owned(),
            "assets-bookings-phone.png",
        ),
        (
            format!("/staff/assets/{}", item.id),
            "assets-item-phone.png",
        ),
    ] {
        clerk.goto(&format!("{}{path}", app.base())).await?;
        wait_for_text(&clerk, ITEM).await?;
        no_overflow(&clerk, &path).await?;
        clerk.screenshot(&shots.join(shot)).await?;
    }
    wait_for_text(&clerk, "สมศรี ใจดี").await?;
    let all =
        prongsai_assets::store::list_bookings(&app.state.db, tenant.id, Some(item.id)).await?;
    anyhow::ensure!(
        all.iter().filter(|b| b.booking.starts_on >= today).count() == 1,
        "the refused request was not stored"
    );
    // The first citizen no longer needs the tables: they cancel on the status page and the
    // calendar frees the days.
    phone.goto(&status_url).await?;
    phone
        .click(&format!(
            "form[action='/assets/requests/{}/cancel'] button[type=submit]",
            row.booking.tracking_code
        ))
        .await?;
    wait_for_text(&phone, "badge badge--cancelled").await?;
    no_overflow(&phone, "cancelled request").await?;
    phone
        .screenshot(&shots.join("assets-cancelled-phone.png"))
        .await?;
    phone
        .goto(&format!(
            "{}/assets/{}?month={}",
            app.base(),
            item.id,
            month.format("%Y-%m")
        ))
        .await?;
    wait_for_text(&phone, &format!("data-date=\"{from}\"")).await?;
    anyhow::ensure!(
        !phone
            .source()
            .await?
            .contains(&format!("asset-cal__day--booked\" data-date=\"{from}\"")),
        "the cancelled days are still marked booked"
    );
    // The published register reads on a phone (the table scrolls inside its box).
    phone
        .goto(&format!("{}/assets/register", app.base()))
        .await?;
    wait_for_text(&phone, ITEM).await?;
    no_overflow(&phone, "published register").await?;
    phone
        .screenshot(&shots.join("assets-register-public-phone.png"))
        .await?;
    Ok(())
}
