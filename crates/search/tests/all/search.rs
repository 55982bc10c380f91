//! Indexing and searching on a real database.

use prongsai_db::Backend;
use prongsai_db::sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use prongsai_search::{SearchEntry, engine_candidates, remove_record, search, text};

use crate::harness::{TestDb, entry, published};

const CORRUPTION: &str = "มาตรการป้องกันการทุจริตและประพฤติมิชอบ";

#[tokio::test]
async fn finds_a_thai_word_in_running_text() {
    let t = TestDb::new().await;
    t.index_entry(&SearchEntry {
        url: "/documents/7",
        fiscal_year: Some(2567),
        ..entry(t.org, "document", 7, "ประกาศ", CORRUPTION)
    })
    .await;
    t.index(t.org, 8, "รายงานการประชุม", "การประชุมสภาสมัยสามัญ")
        .await;

    let r = search(&t.db, t.org, "ทุจริต", None, 0, 10).await.unwrap();
    assert_eq!(r.total, 1, "{r:?}");
    let hit = &r.hits[0];
    assert_eq!(hit.record_id, 7);
    assert_eq!(hit.kind, "document");
    assert_eq!(hit.url, "/documents/7");
    assert_eq!(hit.title_html, "ประกาศ");
    assert_eq!(hit.published_at, published(7));
    assert_eq!(hit.fiscal_year, Some(2567));
    assert_eq!(
        hit.snippet_html,
        "มาตรการป้องกันการ<mark>ทุจริต</mark>และประพฤติมิชอบ"
    );
    // A word of the other record, and a word in neither.
    assert_eq!(t.ids(t.org, "ประชุม").await, vec![8]);
    assert!(t.ids(t.org, "ไปรษณีย์").await.is_empty());
    t.finish().await;
}

#[tokio::test]
async fn finds_a_word_inside_a_compound_through_grams() {
    let t = TestDb::new().await;
    let body = "ประกาศองค์การบริหารส่วนตำบลกุดจอก เรื่อง การรับสมัครพนักงาน";
    // The premise: the segmenter does not split "กุด" out of the body...
    assert!(
        !text::words(body).contains(&"กุด".to_owned()),
        "{:?}",
        text::words(body)
    );
    // ...but it is a word of the query.
    assert_eq!(text::words("กุด"), vec!["กุด"]);
    t.index(t.org, 1, "รับสมัครพนักงาน", body).await;
    t.index(t.org, 2, "อื่น", "ประกาศองค์การบริหารส่วนตำบลหนองบัว")
        .await;

    let r = search(&t.db, t.org, "กุด", None, 0, 10).await.unwrap();
    assert_eq!(r.total, 1, "{r:?}");
    assert_eq!(r.hits[0].record_id, 1);
    assert!(
        r.hits[0].snippet_html.contains("ตำบล<mark>กุด</mark>จอก"),
        "{}",
        r.hits[0].snippet_html
    );
    t.finish().await;
}

#[tokio::test]
async fn documents_with_more_query_words_come_first() {
    let t = TestDb::new().await;
    let filler = "รายละเอียดตามเอกสารแนบท้ายประกาศนี้ ".repeat(100);
    // 1: both words, once each, in a long body.
    let both = format!("{filler}ช่องทางร้องเรียนการทุจริต {filler}");
    t.index(t.org, 1, "ประกาศ", &both).await;
    // 2: only the first word, often, in the title too, in a short body that also has
    // the grams of the second word (ร้อน น้อง: ร้อ ้อง; เรียก เขียน: เรี รีย ียน) but
    // not the word: a higher engine rank on both engines.
    t.index(t.org, 2, "ทุจริต", &"ทุจริต ร้อน น้อง เรียก เขียน ".repeat(10))
        .await;
    // 3: only the second word.
    t.index(t.org, 3, "ประกาศ", "ร้องเรียน").await;

    let query = "ทุจริต ร้องเรียน";
    let engine = engine_candidates(t.db.conn(), t.org, query, None)
        .await
        .unwrap();
    let rank = |id: i64| {
        engine
            .iter()
            .find(|(_, r, _)| *r == id)
            .map(|(_, _, rank)| *rank)
            .unwrap()
    };
    assert!(
        rank(2) > rank(1),
        "the premise: the engine prefers the one-word document {engine:?}"
    );

    assert_eq!(t.ids(t.org, query).await, vec![1, 3, 2]);
    let r = search(&t.db, t.org, query, None, 0, 10).await.unwrap();
    assert_eq!(r.total, 3);
    let snippet = &r.hits[0].snippet_html;
    assert!(snippet.contains("<mark>ทุจริต</mark>"), "{snippet}");
    assert!(snippet.contains("<mark>ร้องเรียน</mark>"), "{snippet}");
    t.finish().await;
}

#[tokio::test]
async fn title_matches_come_before_body_matches() {
    let t = TestDb::new().await;
    // 2 is newer, so without the title rule it would come first.
    t.index(t.org, 1, "งบประมาณรายจ่าย", "ข้อบัญญัติ").await;
    t.index(t.org, 2, "ข้อบัญญัติ", "งบประมาณรายจ่าย").await;
    assert_eq!(t.ids(t.org, "งบประมาณ").await, vec![1, 2]);
    assert_eq!(t.ids(t.org, "ข้อบัญญัติ").await, vec![2, 1]);
    t.finish().await;
}

#[tokio::test]
async fn english_words_and_thai_digits() {
    let t = TestDb::new().await;
    t.index(
        t.org,
        1,
        "Annual Report",
        "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
    )
    .await;
    t.index(t.org, 2, "แผนพัฒนา", "แผนพัฒนาท้องถิ่น ปี 2567").await;

    assert_eq!(t.ids(t.org, "2566").await, vec![1]);
    assert_eq!(t.ids(t.org, "๒๕๖๖").await, vec![1]);
    assert_eq!(t.ids(t.org, "๒๕๖๗").await, vec![2]);
    assert_eq!(t.ids(t.org, "REPORT").await, vec![1]);
    assert_eq!(t.ids(t.org, "annual").await, vec![1]);
    assert!(t.ids(t.org, "2565").await.is_empty());
    let r = search(&t.db, t.org, "2566 report", None, 0, 10)
        .await
        .unwrap();
    assert_eq!(r.hits[0].title_html, "Annual <mark>Report</mark>");
    assert!(
        r.hits[0].snippet_html.ends_with("พ.ศ. <mark>๒๕๖๖</mark>"),
        "{}",
        r.hits[0].snippet_html
    );
    t.finish().await;
}

#[tokio::test]
async fn other_organizations_are_never_returned() {
    let t = TestDb::new().await;
    t.index_entry(&SearchEntry {
        url: "/mine",
        ..entry(t.org, "document", 1, "ประกาศ", CORRUPTION)
    })
    .await;
    t.index_entry(&SearchEntry {
        url: "/theirs",
        ..entry(t.other_org, "document", 1, "ประกาศ", CORRUPTION)
    })
    .await;
    t.index(t.other_org, 2, "ทุจริต", "ทุจริต ทุจริต").await;

    for (org, urls) in [
        (t.org, vec!["/mine"]),
        (t.other_org, vec!["/theirs", "/documents/1"]),
    ] {
        for query in ["ทุจริต", "ทุจ", "ประกาศ"] {
            let r = search(&t.db, org, query, None, 0, 10).await.unwrap();
            let got: Vec<&str> = r.hits.iter().map(|h| h.url.as_str()).collect();
            assert!(
                got.iter().all(|u| urls.contains(u)) && !got.is_empty(),
                "{query} in {org}: {got:?}"
            );
        }
    }
    // Removing one organization's record leaves the other's with the same kind and id.
    let txn = t.db.begin_write().await.unwrap();
    remove_record(&txn, t.org, "document", 1).await.unwrap();
    txn.commit().await.unwrap();
    assert!(t.ids(t.org, "ทุจริต").await.is_empty());
    assert_eq!(t.ids(t.other_org, "ทุจริต").await.len(), 2);
    t.finish().await;
}

#[tokio::test]
async fn removing_and_reindexing() {
    let t = TestDb::new().await;
    t.index(t.org, 1, "ประกาศ", CORRUPTION).await;
    assert_eq!(t.ids(t.org, "ทุจริต").await, vec![1]);

    // Re-indexing replaces the terms, and keeps one row.
    t.index(t.org, 1, "ประกาศ", "การรับเรื่องร้องเรียน").await;
    assert!(t.ids(t.org, "ทุจริต").await.is_empty());
    assert!(t.ids(t.org, "ทุจ").await.is_empty());
    assert_eq!(t.ids(t.org, "ร้องเรียน").await, vec![1]);
    let r = search(&t.db, t.org, "ประกาศ", None, 0, 10).await.unwrap();
    assert_eq!(r.total, 1);

    // Removal, twice (the second does nothing), then indexing again.
    for _ in 0..2 {
        let txn = t.db.begin_write().await.unwrap();
        remove_record(&txn, t.org, "document", 1).await.unwrap();
        txn.commit().await.unwrap();
        assert!(t.ids(t.org, "ร้องเรียน").await.is_empty());
        assert!(t.ids(t.org, "ประกาศ").await.is_empty());
    }
    assert_eq!(count_index_rows(&t).await, 0);
    t.index(t.org, 1, "ประกาศ", CORRUPTION).await;
    assert_eq!(t.ids(t.org, "ทุจริต").await, vec![1]);
    assert_eq!(count_index_rows(&t).await, 1);
    t.finish().await;
}

/// Rows in the engine's full-text index.
async fn count_index_rows(t: &TestDb) -> i64 {
    let sql = match t.backend() {
        Backend::Sqlite => "SELECT COUNT(*) AS n FROM search_fts",
        Backend::Postgres => {
            "SELECT COUNT(*) AS n FROM search_documents WHERE terms <> ''::tsvector"
        }
    };
    let conn = t.db.conn();
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

#[tokio::test]
async fn indexing_follows_the_callers_transaction() {
    let t = TestDb::new().await;
    let txn = t.db.begin_write().await.unwrap();
    prongsai_search::index_record(&txn, &entry(t.org, "document", 1, "ประกาศ", CORRUPTION))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert!(t.ids(t.org, "ทุจริต").await.is_empty());
    assert_eq!(count_index_rows(&t).await, 0);

    t.index(t.org, 1, "ประกาศ", CORRUPTION).await;
    let txn = t.db.conn().begin().await.unwrap();
    remove_record(&txn, t.org, "document", 1).await.unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(t.ids(t.org, "ทุจริต").await, vec![1]);
    t.finish().await;
}

#[tokio::test]
async fn snippets_mark_matches_and_escape_content() {
    let t = TestDb::new().await;
    let body = format!(
        "{}<script>alert('x')</script> แจ้งเบาะแสการทุจริต & ร้องเรียน \"ด่วน\" {}",
        "ข้อความนำ ".repeat(30),
        "ข้อความท้าย ".repeat(30)
    );
    t.index(t.org, 1, "<b>ทุจริต</b>", &body).await;
    let r = search(&t.db, t.org, "ทุจริต", None, 0, 10).await.unwrap();
    let hit = &r.hits[0];
    assert_eq!(hit.title_html, "&lt;b&gt;<mark>ทุจริต</mark>&lt;/b&gt;");
    let s = &hit.snippet_html;
    assert!(s.contains("<mark>ทุจริต</mark>"), "{s}");
    assert!(
        s.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{s}"
    );
    assert!(s.contains("&amp; ร้องเรียน &quot;ด่วน&quot;"), "{s}");
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    let bare = s.replace("<mark>", "").replace("</mark>", "");
    assert!(!bare.contains('<') && !bare.contains('>'), "{s}");
    assert!(bare.chars().count() < 220, "{s}");
    t.finish().await;
}

#[tokio::test]
async fn scattered_grams_are_dropped_by_verification() {
    let t = TestDb::new().await;
    // Every 3-gram of ทุจริต (ทุจ ุจร จริ ริต) is here, but not the word.
    t.index(t.org, 1, "ประกาศ", "ทุจร จริต").await;
    t.index(t.org, 2, "ประกาศ", CORRUPTION).await;
    let engine = engine_candidates(t.db.conn(), t.org, "ทุจริต", None)
        .await
        .unwrap();
    let engine_ids: Vec<i64> = engine.iter().map(|(_, id, _)| *id).collect();
    assert!(
        engine_ids.contains(&1) && engine_ids.contains(&2),
        "the premise: the engine proposes both {engine:?}"
    );
    let r = search(&t.db, t.org, "ทุจริต", None, 0, 10).await.unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].record_id, 2);
    t.finish().await;
}

#[tokio::test]
async fn kinds_and_pages() {
    let t = TestDb::new().await;
    for id in 1..=25 {
        let kind = if id % 5 == 0 { "news" } else { "document" };
        t.index_entry(&entry(t.org, kind, id, "ประกาศ", "การจัดซื้อจัดจ้าง"))
            .await;
    }
    let all = search(&t.db, t.org, "จัดซื้อ", None, 0, 10).await.unwrap();
    assert_eq!(all.total, 25);
    // Equal on everything else: newest first, across pages without overlap.
    let mut seen = Vec::new();
    for page in 0..4 {
        let r = search(&t.db, t.org, "จัดซื้อ", None, page, 10).await.unwrap();
        assert_eq!(r.total, 25);
        assert_eq!(r.hits.len(), [10, 10, 5, 0][page as usize]);
        seen.extend(r.hits.iter().map(|h| h.record_id));
    }
    assert_eq!(seen, (1..=25).rev().collect::<Vec<_>>());

    let news = search(&t.db, t.org, "จัดซื้อ", Some(&["news"]), 0, 10)
        .await
        .unwrap();
    assert_eq!(news.total, 5);
    assert!(news.hits.iter().all(|h| h.kind == "news"));
    let both = search(&t.db, t.org, "จัดซื้อ", Some(&["news", "document"]), 0, 100)
        .await
        .unwrap();
    assert_eq!(both.hits.len(), 25);
    let none = search(&t.db, t.org, "จัดซื้อ", Some(&[]), 0, 10)
        .await
        .unwrap();
    assert_eq!(none.total, 0);
    let other = search(&t.db, t.org, "จัดซื้อ", Some(&["minutes"]), 0, 10)
        .await
        .unwrap();
    assert_eq!(other.total, 0);
    // Huge pages are capped; huge page numbers are empty.
    let big = search(&t.db, t.org, "จัดซื้อ", None, 0, 1_000_000)
        .await
        .unwrap();
    assert_eq!(big.hits.len(), 25);
    let far = search(&t.db, t.org, "จัดซื้อ", None, u64::MAX, u64::MAX)
        .await
        .unwrap();
    assert!(far.hits.is_empty());
    assert_eq!(far.total, 25);
    t.finish().await;
}

#[tokio::test]
async fn queries_without_words_find_nothing() {
    let t = TestDb::new().await;
    t.index(t.org, 1, "ประกาศ", "!!! ... ??? ประกาศ").await;
    for query in ["", "   ", "!!!", "... ??? ,", "\u{200B}", "<>&\"'"] {
        let r = search(&t.db, t.org, query, None, 0, 10).await.unwrap();
        assert_eq!(r.total, 0, "{query:?}");
    }
    // Queries built to trouble the engines' syntax are only words.
    for query in [
        "AND OR NOT",
        "\"ประกาศ",
        "ประกาศ*",
        "scope : o1",
        "ประกาศ) OR (x",
        "'ประกาศ' & !x | y:*",
    ] {
        let r = search(&t.db, t.org, query, None, 0, 10).await;
        assert!(r.is_ok(), "{query:?}: {r:?}");
    }
    assert_eq!(t.ids(t.org, "ประกาศ*").await, vec![1]);
    // A very long query is cut, not refused.
    let long = "ประกาศ ".repeat(5_000);
    assert_eq!(t.ids(t.org, &long).await, vec![1]);
    // One word of 200 characters: some 200 gram terms in one clause.
    let word: String = (0..400u32)
        .map(|i| char::from(b'a' + u8::try_from((i * 7 + i / 26) % 26).unwrap()))
        .collect();
    assert_eq!(text::words(&word).len(), 1);
    t.index(t.org, 2, "long", &word).await;
    assert_eq!(t.ids(t.org, &word).await, vec![2]);
    let r = search(&t.db, t.org, &format!("{word} ประกาศ"), None, 0, 10).await;
    assert!(r.is_ok(), "{r:?}");
    t.finish().await;
}

#[tokio::test]
async fn long_bodies_are_capped() {
    let t = TestDb::new().await;
    let body = format!("{}ท้ายสุด", "ก".repeat(prongsai_search::MAX_BODY_CHARS));
    t.index(t.org, 1, "ยาว", &body).await;
    assert_eq!(t.ids(t.org, "ยาว").await, vec![1]);
    assert!(t.ids(t.org, "ท้ายสุด").await.is_empty());
    t.finish().await;
}

#[tokio::test]
async fn migration_down_removes_the_tables() {
    let mut t = TestDb::new().await;
    t.index(t.org, 1, "ประกาศ", CORRUPTION).await;
    crate::harness::migrate_down_one(t.db.conn()).await;
    let tables = table_names(&t).await;
    assert!(
        !tables.iter().any(|n| n.starts_with("search_")),
        "{tables:?}"
    );
    assert!(tables.iter().any(|n| n == "organizations"), "{tables:?}");
    crate::harness::migrate_up(t.db.conn()).await;
    t.reopen().await;
    let tables = table_names(&t).await;
    assert!(tables.iter().any(|n| n == "search_documents"), "{tables:?}");
    t.index(t.org, 1, "ประกาศ", CORRUPTION).await;
    assert_eq!(t.ids(t.org, "ทุจริต").await, vec![1]);
    t.finish().await;
}

async fn table_names(t: &TestDb) -> Vec<String> {
    let sql = match t.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
        Backend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        }
    };
    let conn = t.db.conn();
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("", "name").unwrap())
        .collect()
}
