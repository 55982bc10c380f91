//! Staff of one organization cannot read or change another's records, whatever URL
//! they type and whichever host they use.

use http::StatusCode;
use prongsai_db::sea_orm::EntityTrait;

use crate::routes_helpers::create_document;
use crate::util::{PDF, SESSION_COOKIE, TestApp, demo_password};

#[tokio::test]
async fn staff_of_another_organization_cannot_read_or_change_records_by_url_tampering() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;

    // Kudjok's head drafts a document with an attachment, and publishes another.
    let mut kudjok = app.client();
    kudjok.sign_in_as("palad").await;
    let draft = create_document(&mut kudjok, "ร่างภายในของกุดจอก", "ข้อมูลภายใน").await;
    kudjok
        .post_file(&format!("{draft}/attachments"), "secret.pdf", PDF, true)
        .await;
    let draft_id: i64 = draft.rsplit('/').next().unwrap().parse().unwrap();
    let edit = kudjok.get(&draft).await;
    let file = edit.body[edit.body.find("/files/").unwrap()..]
        .split('"')
        .next()
        .unwrap()
        .to_owned();

    // Nong Bua's staff member, signed in on Nong Bua's host, tries Kudjok's ids.
    let mut other = app.client_for("nongbua.localhost");
    other
        .sign_in("staff", &demo_password("staff"))
        .await
        .assert_status(StatusCode::SEE_OTHER);
    other.get(&draft).await.assert_status(StatusCode::NOT_FOUND);
    other.get(&file).await.assert_status(StatusCode::NOT_FOUND);
    other
        .get(&format!("/documents/{draft_id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(
            &draft,
            &[
                ("title", "ถูกแก้โดยคนนอก"),
                ("category", "other"),
                ("fiscal_year", "2569"),
                ("division_id", ""),
                ("body", "x"),
            ],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_form(&format!("{draft}/publish"), &[])
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other
        .post_file(&format!("{draft}/attachments"), "x.pdf", PDF, true)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Kudjok's users are not listed, and cannot be opened or changed by id.
    let kudjok_clerk = prongsai_accounts::users::find_user_by_username(
        app.db().conn(),
        app.demo_tenant().await.id,
        "clerk",
    )
    .await
    .unwrap()
    .unwrap();
    let mut other_admin = app.client_for("nongbua.localhost");
    other_admin.sign_in("admin", &demo_password("admin")).await;
    let list = other_admin.get("/staff/users").await;
    list.assert_status(StatusCode::OK);
    assert!(!list.body.contains("clerk"));
    other_admin
        .get(&format!("/staff/users/{}", kudjok_clerk.id))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other_admin
        .post_form(
            &format!("/staff/users/{}/roles", kudjok_clerk.id),
            &[("roles", "administrator")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    other_admin
        .post_form(
            &format!("/staff/users/{}/reset-password", kudjok_clerk.id),
            &[],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // Nothing changed.
    let doc = prongsai_documents::model::Entity::find_by_id(draft_id)
        .one(app.db().conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(doc.title, "ร่างภายในของกุดจอก");
    let roles = prongsai_accounts::users::list_roles_of_user(
        app.db().conn(),
        app.demo_tenant().await.id,
        kudjok_clerk.id,
    )
    .await
    .unwrap();
    assert_eq!(roles, vec![prongsai_kernel::Role::Staff]);
}

#[tokio::test]
async fn a_session_of_one_organization_is_not_a_session_on_another_host() {
    let app = TestApp::with_demo().await;
    app.add_organization("nongbua").await;
    let mut kudjok = app.client();
    kudjok.sign_in_as("admin").await;
    let token = kudjok.cookies.get(SESSION_COOKIE).cloned().unwrap();
    // The same cookie presented to Nong Bua's host is nobody.
    let mut elsewhere = app.client_for("nongbua.localhost");
    elsewhere.cookies.insert(SESSION_COOKIE.into(), token);
    let r = elsewhere.get("/staff/users").await;
    r.assert_status(StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login"));
    // Signing in on Nong Bua with Kudjok's credentials fails: accounts are per organization.
    let mut c = app.client_for("nongbua.localhost");
    c.sign_in("clerk", &demo_password("clerk"))
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}
