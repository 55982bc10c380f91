//! The audit log: written with each change, hash-chained, verified.

use prongsai_db::entities::audit_entry;
use prongsai_db::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement,
};
use prongsai_kernel::Actor;
use prongsai_kernel::audit::{self, Target};
use serde_json::json;

use crate::util::TestApp;

async fn exec(app: &TestApp, sql: &str) {
    let conn = app.db().conn();
    conn.execute_raw(Statement::from_string(
        conn.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap();
}

async fn append(app: &TestApp, org: i64, n: usize) {
    for i in 0..n {
        let txn = app.db().begin_write().await.unwrap();
        audit::record(
            &txn,
            Some(org),
            Actor::System,
            "test.action",
            Target::new("thing", i as i64),
            json!({ "i": i }),
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
    }
}

async fn chain_rows(app: &TestApp, org: i64) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Chain.eq(org))
        .order_by_asc(audit_entry::Column::Seq)
        .all(app.db().conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn changes_through_the_web_are_audited_without_personal_data() {
    let app = TestApp::with_demo().await;
    let mut c = app.client();
    c.sign_in_as("palad").await;
    let path =
        crate::routes_helpers::create_document(&mut c, "ประกาศ", "รายละเอียดส่วนตัว 0812345678").await;
    c.post_form(&format!("{path}/publish"), &[]).await;
    let org = app.demo_tenant().await.id;
    let rows = chain_rows(&app, org).await;
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for expected in [
        "organization.create",
        "user.create",
        "user.sign_in",
        "document.create",
        "publication.publish",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let palad = prongsai_accounts::users::find_user_by_username(app.db().conn(), org, "palad")
        .await
        .unwrap()
        .unwrap();
    let create = rows.iter().find(|r| r.action == "document.create").unwrap();
    assert_eq!(create.actor_id, Some(palad.id));
    assert_eq!(create.actor_kind, "user");
    for r in &rows {
        assert!(
            !r.details.to_string().contains("0812345678"),
            "personal data in audit details: {}",
            r.details
        );
    }
    let report = audit::verify(app.db().conn()).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn a_rolled_back_change_leaves_no_audit_row() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let before = chain_rows(&app, org).await.len();
    let txn = app.db().begin_write().await.unwrap();
    audit::record(
        &txn,
        Some(org),
        Actor::System,
        "test.rolled_back",
        Target::kind("thing"),
        json!({}),
    )
    .await
    .unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(chain_rows(&app, org).await.len(), before);
    append(&app, org, 1).await;
    assert!(
        audit::verify(app.db().conn())
            .await
            .unwrap()
            .problems
            .is_empty()
    );
}

#[tokio::test]
async fn an_altered_row_is_named() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    append(&app, org, 5).await;
    let rows = chain_rows(&app, org).await;
    let victim = &rows[rows.len() - 3];
    exec(
        &app,
        &format!(
            "UPDATE audit_log SET action = 'test.innocent' WHERE id = {}",
            victim.id
        ),
    )
    .await;
    let report = audit::verify(app.db().conn()).await.unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].row_id, Some(victim.id));
    assert!(report.problems[0].reason.contains("altered"));
}

#[tokio::test]
async fn a_back_dated_row_is_named() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    append(&app, org, 3).await;
    let rows = chain_rows(&app, org).await;
    let victim = &rows[1];
    let mut active: audit_entry::ActiveModel = victim.clone().into();
    active.occurred_at =
        prongsai_db::sea_orm::ActiveValue::Set(victim.occurred_at - chrono::Duration::days(30));
    prongsai_db::sea_orm::ActiveModelTrait::update(active, app.db().conn())
        .await
        .unwrap();
    let report = audit::verify(app.db().conn()).await.unwrap();
    assert_eq!(report.problems[0].row_id, Some(victim.id));
}

#[tokio::test]
async fn a_removed_row_is_found_in_the_middle_and_at_the_end() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    append(&app, org, 6).await;
    let rows = chain_rows(&app, org).await;
    let middle = &rows[rows.len() - 4];
    exec(
        &app,
        &format!("DELETE FROM audit_log WHERE id = {}", middle.id),
    )
    .await;
    let report = audit::verify(app.db().conn()).await.unwrap();
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        report.problems[0].row_id,
        Some(rows[rows.len() - 3].id),
        "the row after the gap is named"
    );
    assert!(report.problems[0].reason.contains("missing"));

    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    append(&app, org, 2).await;
    let rows = chain_rows(&app, org).await;
    exec(
        &app,
        &format!(
            "DELETE FROM audit_log WHERE id = {}",
            rows.last().unwrap().id
        ),
    )
    .await;
    let report = audit::verify(app.db().conn()).await.unwrap();
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].reason.contains("removed from the end"));
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let before = chain_rows(&app, org).await.len();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let db = app.db().clone();
        tasks.push(tokio::spawn(async move {
            let txn = db.begin_write().await.unwrap();
            audit::record(
                &txn,
                Some(org),
                Actor::System,
                "test.concurrent",
                Target::new("thing", i),
                json!({}),
            )
            .await
            .unwrap();
            txn.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let rows = chain_rows(&app, org).await;
    assert_eq!(rows.len(), before + 24);
    let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=rows.len() as i64).collect::<Vec<_>>());
    assert!(
        audit::verify(app.db().conn())
            .await
            .unwrap()
            .problems
            .is_empty()
    );
}
