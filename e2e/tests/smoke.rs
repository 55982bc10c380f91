//! The browser smoke test: open the home page, sign in as the demo administrator, sign
//! out; on a phone-sized and a desktop-sized window.

use prongsai_e2e::webdriver::Driver;
use prongsai_e2e::{ADMIN_PASSWORD, screenshot_dir, start_app};

#[tokio::test]
async fn home_sign_in_sign_out() -> anyhow::Result<()> {
    let app = start_app().await?;
    let driver = Driver::start().await?;
    for (width, height, name) in [(360, 800, "phone"), (1280, 900, "desktop")] {
        let b = driver.session(width, height).await?;
        b.goto(&format!("{}/", app.base())).await?;
        assert_eq!(b.text_of("h1").await?, "องค์การบริหารส่วนตำบลกุดจอก");
        assert!(b.title().await?.contains("กุดจอก"));
        // Nothing overflows sideways on a phone.
        let overflow = b
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth",
                vec![],
            )
            .await?;
        assert_eq!(
            overflow,
            serde_json::Value::Bool(false),
            "{name}: horizontal overflow on the home page"
        );
        b.screenshot(&screenshot_dir().join(format!("home-{name}.png")))
            .await?;

        b.click("a[href='/login']").await?;
        b.wait_for_url(|u| u.contains("/login")).await?;
        b.type_into("#username", "admin").await?;
        b.type_into("#password", ADMIN_PASSWORD).await?;
        b.screenshot(&screenshot_dir().join(format!("login-{name}.png")))
            .await?;
        b.click("button[type=submit]").await?;
        b.wait_for_url(|u| u.ends_with("/staff")).await?;
        let body = b.source().await?;
        assert!(
            body.contains("ผู้ดูแลระบบ"),
            "{name}: the staff page does not show the administrator"
        );
        assert!(
            body.contains("href=\"/staff/users\""),
            "{name}: the administrator's menu lacks accounts"
        );
        b.screenshot(&screenshot_dir().join(format!("staff-{name}.png")))
            .await?;

        // The session cookie is not readable from script (HttpOnly).
        let cookies = b.execute("return document.cookie", vec![]).await?;
        assert!(
            !cookies.as_str().unwrap_or_default().contains("session"),
            "{cookies}"
        );

        b.click("form[action='/logout'] button").await?;
        b.wait_for_url(|u| !u.contains("/staff")).await?;
        b.goto(&format!("{}/staff", app.base())).await?;
        let url = b.wait_for_url(|u| u.contains("/login")).await?;
        assert!(
            url.contains("/login?next=/staff"),
            "{name}: still signed in after signing out ({url})"
        );
        b.close().await?;
    }
    Ok(())
}
