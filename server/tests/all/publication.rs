//! The publication mechanism: versions kept, first publication time chained in the
//! audit log.

use prongsai_db::entities::publication;
use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use prongsai_kernel::publication::{self as pubs, PublicationState};
use prongsai_kernel::{Actor, Authorized, Permission, Role};
use serde_json::json;

use crate::util::TestApp;

struct Publish;
impl Permission for Publish {
    const CODE: &'static str = "test_publish";
    const ROLES: &'static [Role] = &[Role::Administrator];
}

#[tokio::test]
async fn versions_are_kept_and_the_first_publication_cannot_be_back_dated() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let auth = Authorized::<Publish>::system(org, Actor::System);
    let db = app.db();
    for (title, body) in [("ฉบับแรก", "a"), ("ฉบับแรก", "a"), ("ฉบับที่สอง", "b")]
    {
        let txn = db.begin_write().await.unwrap();
        pubs::publish(
            &txn,
            &auth,
            pubs::Publish {
                kind: "test",
                record_id: 1,
                title,
                snapshot: json!({ "body": body }),
                change_note: "",
                fiscal_year: Some(2569),
                category: None,
            },
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
    }
    let versions = pubs::list_versions(db.conn(), org, "test", 1)
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1],
        "identical content must not make a version"
    );
    assert_eq!(versions[1].snapshot, json!({ "body": "a" }));
    let status = pubs::get_publication_status(db.conn(), org, "test", 1)
        .await
        .unwrap();
    assert_eq!(status.state, PublicationState::Published);
    assert_eq!(status.first_published_at, Some(versions[1].published_at));
    assert!(
        pubs::verify_publication_times(db.conn())
            .await
            .unwrap()
            .is_empty()
    );

    // Someone with database access moves the first publication a year back.
    let row = publication::Entity::find()
        .one(db.conn())
        .await
        .unwrap()
        .unwrap();
    let mut active = row.clone().into_active_model();
    active.first_published_at = Set(Some(
        row.first_published_at.unwrap() - chrono::Duration::days(365),
    ));
    active.update(db.conn()).await.unwrap();
    let problems = pubs::verify_publication_times(db.conn()).await.unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("differs from its audit row"));
}

#[tokio::test]
async fn drafts_are_not_found_and_withdrawal_needs_a_publication() {
    let app = TestApp::with_demo().await;
    let org = app.demo_tenant().await.id;
    let auth = Authorized::<Publish>::system(org, Actor::System);
    assert!(matches!(
        pubs::find_published(app.db().conn(), org, "test", 9).await,
        Err(prongsai_kernel::Error::NotFound)
    ));
    let txn = app.db().begin_write().await.unwrap();
    assert!(pubs::withdraw(&txn, &auth, "test", 9, "x").await.is_err());
}
