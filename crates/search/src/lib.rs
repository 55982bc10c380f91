//! Thai-aware search over everything an organization publishes.
//!
//! A capability calls [`index_record`] in the transaction that publishes a record and
//! [`remove_record`] in the one that withdraws it; the public search page calls
//! [`search`]. Records of every capability share one index, told apart by `kind`.
//!
//! # Terms
//!
//! Thai is written without spaces between words, so each record (title and body) is
//! indexed as:
//!
//! - its words, found by ICU4X's word segmenter (`WordSegmenter::new_auto`: the LSTM
//!   model for Thai), which rank exact word matches first; and
//! - the character 2-grams and 3-grams of each *run* of adjacent words (a stretch of
//!   text between spaces or punctuation), which find a word inside a compound, or where
//!   the segmenter split the document differently than the query (`ตำบลกุด|จอก` still
//!   contains `กุด`). A run rather than a single word, so that grams crossing a word
//!   break the segmenter placed are indexed too.
//!
//! All text is [normalized](text::normalize) first: NFC, Thai digits to 0-9, lower
//! case, zero-width characters removed, whitespace collapsed.
//!
//! # Why hashed ASCII terms
//!
//! Each term is stored as an ASCII token: `w` (word) or `g` (gram) and 12 hex digits of
//! the SHA-256 of the normalized term (see [`terms::token`]). The engines' own
//! tokenizers never see Thai:
//!
//! - SQLite's `unicode61` tokenizer treats Thai combining vowels and tone marks
//!   (category Mn) as separators and strips diacritics, so it would cut Thai words
//!   apart; PostgreSQL's parser decides what is a letter from the database's locale
//!   (under `C`, Thai is not), and its dictionaries would stem or drop terms.
//! - With opaque tokens, both engines index exactly the same terms, so they find the
//!   same candidates and the only engine-specific code is a few statements.
//! - The hash is SHA-256 rather than `std`'s `DefaultHasher`, whose output may change
//!   between Rust versions: the index lives on disk and must keep matching queries.
//!   48 bits make collisions rare; a collision costs at most a candidate that
//!   verification drops.
//!
//! # Weights
//!
//! The title's terms are indexed twice, so they count twice in the engines' ranking
//! (FTS5 `bm25`, PostgreSQL `ts_rank`). Word terms weigh four times gram terms (FTS5
//! column weights; tsvector weight A against B with `ts_rank` weights A = 1, B = 0.25).
//! Both engines favour shorter records for the same matches: `bm25` by design,
//! `ts_rank` through normalization 1 (divided by the log of the record's length).
//!
//! # Storage
//!
//! `search_documents` keeps each record's URL, title, body (the first
//! [`MAX_BODY_CHARS`] characters, for snippets and verification), dates and
//! `fiscal_year`, on both engines. The full-text index differs (see [`migrations`]):
//! SQLite has a contentless FTS5 table `search_fts(words, grams, scope)` with
//! `rowid = search_documents.id`, whose `scope` column holds the organization's token
//! (`o12`) so that the match itself is limited to one organization; PostgreSQL has a
//! `terms tsvector` column with a GIN index.
//!
//! # Queries
//!
//! See [`search`].

pub mod highlight;
mod migration;
pub mod query;
pub mod terms;
pub mod text;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use prongsai_db::{Backend, Db};
use prongsai_kernel::Result;
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};

use crate::query::QueryWord;
use crate::terms::Terms;

/// Characters of a body that are kept and indexed.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Characters of a title that are kept and indexed.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Candidates the engine returns, best first, before verification.
pub const MAX_CANDIDATES: usize = 500;
/// Hits on one page, at most.
pub const MAX_PER_PAGE: u64 = 100;
/// Candidates whose bodies are read at once during verification.
const VERIFY_BATCH: usize = 100;

/// The search migrations, to be run after the foundation's.
pub fn migrations() -> Vec<Box<dyn sea_orm_migration::MigrationTrait>> {
    vec![Box::new(migration::CreateSearch)]
}

/// A published record, as search sees it.
#[derive(Clone, Debug)]
pub struct SearchEntry<'a> {
    pub organization_id: i64,
    /// The capability's record kind (`"document"`, ...), the same as for publication.
    pub kind: &'a str,
    pub record_id: i64,
    /// The public URL of the record.
    pub url: &'a str,
    pub title: &'a str,
    /// Plain text (no HTML); only the first [`MAX_BODY_CHARS`] characters are kept.
    pub body: &'a str,
    pub published_at: DateTime<Utc>,
    pub fiscal_year: Option<i32>,
}

/// A record with its terms computed, ready to be written. Computing terms runs the
/// segmenter (about 3 ms of CPU per KB of Thai), which [`PreparedEntry::new`] lets a caller do
/// before it opens its write transaction (SQLite holds the write lock for the whole
/// transaction), or on a blocking thread.
#[derive(Clone, Debug)]
pub struct PreparedEntry {
    organization_id: i64,
    kind: String,
    record_id: i64,
    url: String,
    title: String,
    body: String,
    published_at: DateTime<Utc>,
    fiscal_year: Option<i32>,
    terms: Terms,
}

impl PreparedEntry {
    pub fn new(entry: &SearchEntry<'_>) -> Self {
        let title = text::truncate_chars(entry.title, MAX_TITLE_CHARS);
        let body = text::truncate_chars(entry.body, MAX_BODY_CHARS);
        Self {
            organization_id: entry.organization_id,
            kind: entry.kind.to_owned(),
            record_id: entry.record_id,
            url: entry.url.to_owned(),
            title: title.to_owned(),
            body: body.to_owned(),
            published_at: entry.published_at,
            fiscal_year: entry.fiscal_year,
            terms: Terms::of(title, body),
        }
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub kind: String,
    pub record_id: i64,
    pub url: String,
    /// The title, HTML-escaped, with the query's words in `<mark>`.
    pub title_html: String,
    /// About 160 characters of the body around the first match, HTML-escaped, with the
    /// query's words in `<mark>` and `…` where the body was cut.
    pub snippet_html: String,
    pub published_at: DateTime<Utc>,
    pub fiscal_year: Option<i32>,
}

/// A page of results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// Verified matches in all (at most [`MAX_CANDIDATES`]).
    pub total: u64,
    pub hits: Vec<Hit>,
}

/// A statement written with `?` placeholders, numbered `$1, $2...` for PostgreSQL. The
/// SQL given here never contains a `?` of its own.
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Indexes a published record, replacing what was indexed for it before. Call it in the
/// transaction that publishes, so that the index never disagrees with what is public.
pub async fn index_record(conn: &impl ConnectionTrait, entry: &SearchEntry<'_>) -> Result<()> {
    index_prepared(conn, &PreparedEntry::new(entry)).await
}

/// [`index_record`] for terms computed beforehand.
pub async fn index_prepared(conn: &impl ConnectionTrait, entry: &PreparedEntry) -> Result<()> {
    let backend = conn.get_database_backend();
    let postgres = prongsai_db::backend_of(conn) == Backend::Postgres;
    let (terms_column, terms_value, terms_update) = if postgres {
        (
            ", terms",
            ", CAST(? AS tsvector)",
            ", terms = excluded.terms",
        )
    } else {
        ("", "", "")
    };
    let sql = format!(
        "INSERT INTO search_documents \
         (organization_id, kind, record_id, url, title, body, published_at, fiscal_year, updated_at{terms_column}) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?{terms_value}) \
         ON CONFLICT (organization_id, kind, record_id) DO UPDATE SET \
         url = excluded.url, title = excluded.title, body = excluded.body, \
         published_at = excluded.published_at, fiscal_year = excluded.fiscal_year, \
         updated_at = excluded.updated_at{terms_update} \
         RETURNING id"
    );
    let mut values: Vec<Value> = vec![
        entry.organization_id.into(),
        entry.kind.clone().into(),
        entry.record_id.into(),
        entry.url.clone().into(),
        entry.title.clone().into(),
        entry.body.clone().into(),
        entry.published_at.into(),
        entry.fiscal_year.into(),
        prongsai_kernel::clock::now().into(),
    ];
    if postgres {
        values.push(entry.terms.tsvector_literal().into());
    }
    let row = conn
        .query_one_raw(statement(backend, &sql, values))
        .await?
        .ok_or_else(|| prongsai_kernel::Error::internal("search upsert returned no row"))?;
    let id: i64 = row.try_get("", "id")?;
    if !postgres {
        conn.execute_raw(statement(
            backend,
            "INSERT OR REPLACE INTO search_fts (rowid, words, grams, scope) VALUES (?, ?, ?, ?)",
            vec![
                id.into(),
                entry.terms.words.join(" ").into(),
                entry.terms.grams.join(" ").into(),
                terms::organization_token(entry.organization_id).into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

/// Removes a record from the index (withdrawn, deleted). Removing a record that is not
/// indexed does nothing.
pub async fn remove_record(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    kind: &str,
    record_id: i64,
) -> Result<()> {
    let backend = conn.get_database_backend();
    let found = conn
        .query_one_raw(statement(
            backend,
            "SELECT id FROM search_documents WHERE organization_id = ? AND kind = ? AND record_id = ?",
            vec![organization_id.into(), kind.into(), record_id.into()],
        ))
        .await?;
    let Some(row) = found else {
        return Ok(());
    };
    let id: i64 = row.try_get("", "id")?;
    if prongsai_db::backend_of(conn) == Backend::Sqlite {
        conn.execute_raw(statement(
            backend,
            "DELETE FROM search_fts WHERE rowid = ?",
            vec![id.into()],
        ))
        .await?;
    }
    conn.execute_raw(statement(
        backend,
        "DELETE FROM search_documents WHERE id = ?",
        vec![id.into()],
    ))
    .await?;
    Ok(())
}

/// A record the engine proposed.
#[derive(Debug)]
struct Candidate {
    id: i64,
    kind: String,
    record_id: i64,
    url: String,
    title: String,
    published_at: DateTime<Utc>,
    fiscal_year: Option<i32>,
    /// The engine's rank, higher is better.
    engine_rank: f64,
    /// Distinct query words found in title and body, and in the title.
    found: usize,
    found_in_title: usize,
}

impl Candidate {
    fn from_row(row: &QueryResult) -> Result<Self> {
        Ok(Self {
            id: row.try_get("", "id")?,
            kind: row.try_get("", "kind")?,
            record_id: row.try_get("", "record_id")?,
            url: row.try_get("", "url")?,
            title: row.try_get("", "title")?,
            published_at: row.try_get("", "published_at")?,
            fiscal_year: row.try_get("", "fiscal_year")?,
            engine_rank: row.try_get("", "engine_rank")?,
            found: 0,
            found_in_title: 0,
        })
    }
}

/// Searches what `organization_id` publishes (only `kinds`, when given).
///
/// - The query's words are [`text::words`] of its first 200 characters, at most 12
///   distinct ones. A query without words (empty, punctuation) has no hits.
/// - A record is a candidate when, for some query word, it contains the word's term, or
///   all the word's 3-grams (its 2-gram, for a word of two characters). The engine
///   ranks candidates (FTS5 `bm25`, PostgreSQL `ts_rank`) and returns the best
///   [`MAX_CANDIDATES`].
/// - Verification keeps a candidate only if some query word occurs in its normalized
///   title or body (grams can all be present without the word being there).
/// - Verified candidates are ordered by the number of distinct query words they
///   contain, then the number in the title, then the engine's rank, then newest first.
///   `total` counts them; `page` (from 0) and `per_page` (at most [`MAX_PER_PAGE`])
///   select the hits returned.
pub async fn search(
    db: &Db,
    organization_id: i64,
    query: &str,
    kinds: Option<&[&str]>,
    page: u64,
    per_page: u64,
) -> Result<SearchResults> {
    search_in(db.conn(), organization_id, query, kinds, page, per_page).await
}

/// [`search`] on any connection or transaction.
pub async fn search_in(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    query: &str,
    kinds: Option<&[&str]>,
    page: u64,
    per_page: u64,
) -> Result<SearchResults> {
    let words = query::parse(query);
    if words.is_empty() || kinds.is_some_and(<[&str]>::is_empty) {
        return Ok(SearchResults::default());
    }
    let mut candidates = candidates(conn, organization_id, &words, kinds).await?;

    // Verification, a batch of bodies at a time.
    let mut verified = Vec::with_capacity(candidates.len());
    while !candidates.is_empty() {
        let rest = candidates.split_off(candidates.len().min(VERIFY_BATCH));
        let batch = std::mem::replace(&mut candidates, rest);
        let ids: Vec<i64> = batch.iter().map(|c| c.id).collect();
        let bodies = bodies(conn, organization_id, &ids).await?;
        for mut c in batch {
            let title = text::normalize(&c.title);
            let body = text::normalize(bodies.get(&c.id).map_or("", String::as_str));
            for w in &words {
                let in_title = title.contains(&w.text);
                if in_title || body.contains(&w.text) {
                    c.found += 1;
                }
                if in_title {
                    c.found_in_title += 1;
                }
            }
            if c.found > 0 {
                verified.push(c);
            }
        }
    }
    verified.sort_by(|a, b| {
        b.found
            .cmp(&a.found)
            .then(b.found_in_title.cmp(&a.found_in_title))
            .then(b.engine_rank.total_cmp(&a.engine_rank))
            .then(b.published_at.cmp(&a.published_at))
            .then(b.id.cmp(&a.id))
    });

    let total = verified.len() as u64;
    let per_page = per_page.min(MAX_PER_PAGE);
    let skip = usize::try_from(page.saturating_mul(per_page)).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(0);
    let shown: Vec<Candidate> = verified.into_iter().skip(skip).take(take).collect();
    let ids: Vec<i64> = shown.iter().map(|c| c.id).collect();
    let bodies = bodies(conn, organization_id, &ids).await?;
    let needles: Vec<String> = words.into_iter().map(|w| w.text).collect();
    let hits = shown
        .into_iter()
        .map(|c| {
            let body = bodies.get(&c.id).map_or("", String::as_str);
            Hit {
                title_html: highlight::mark_html(&c.title, &needles),
                snippet_html: highlight::snippet_html(body, &needles),
                kind: c.kind,
                record_id: c.record_id,
                url: c.url,
                published_at: c.published_at,
                fiscal_year: c.fiscal_year,
            }
        })
        .collect();
    Ok(SearchResults { total, hits })
}

/// Diagnostics: the engine's candidates for `query`, best first, before verification,
/// as `(kind, record_id, engine rank)` (higher is better; the scales of the two engines
/// differ).
pub async fn engine_candidates(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    query: &str,
    kinds: Option<&[&str]>,
) -> Result<Vec<(String, i64, f64)>> {
    let words = query::parse(query);
    if words.is_empty() || kinds.is_some_and(<[&str]>::is_empty) {
        return Ok(Vec::new());
    }
    Ok(candidates(conn, organization_id, &words, kinds)
        .await?
        .into_iter()
        .map(|c| (c.kind, c.record_id, c.engine_rank))
        .collect())
}

/// The engine's best candidates for the query words, best first.
async fn candidates(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    words: &[QueryWord],
    kinds: Option<&[&str]>,
) -> Result<Vec<Candidate>> {
    let backend = conn.get_database_backend();
    let kind_filter = match kinds {
        Some(kinds) => format!(" AND d.kind IN ({})", placeholders(kinds.len())),
        None => String::new(),
    };
    let kind_values = kinds
        .unwrap_or_default()
        .iter()
        .map(|k| Value::from(*k))
        .collect::<Vec<_>>();
    let columns = "d.id, d.kind, d.record_id, d.url, d.title, d.published_at, d.fiscal_year";
    let (sql, mut values): (String, Vec<Value>) = match prongsai_db::backend_of(conn) {
        // `CROSS JOIN` keeps SQLite from turning the plan around: by its statistics it
        // would rather walk the organization's documents and run the full-text match
        // once for each (measured: 40 times slower with 200 documents).
        Backend::Sqlite => (
            format!(
                "SELECT {columns}, -bm25(search_fts, 4.0, 1.0, 0.0) AS engine_rank \
                 FROM search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid \
                 WHERE search_fts MATCH ? AND d.organization_id = ?{kind_filter} \
                 ORDER BY engine_rank DESC, d.id DESC LIMIT {MAX_CANDIDATES}"
            ),
            vec![
                query::fts5_match(organization_id, words).into(),
                organization_id.into(),
            ],
        ),
        Backend::Postgres => {
            let tsquery = query::tsquery(words);
            (
                format!(
                    "SELECT {columns}, \
                     CAST(ts_rank('{{0.1, 0.2, 0.25, 1.0}}', d.terms, CAST(? AS tsquery), 1) AS double precision) AS engine_rank \
                     FROM search_documents d \
                     WHERE d.terms @@ CAST(? AS tsquery) AND d.organization_id = ?{kind_filter} \
                     ORDER BY engine_rank DESC, d.id DESC LIMIT {MAX_CANDIDATES}"
                ),
                vec![
                    tsquery.clone().into(),
                    tsquery.into(),
                    organization_id.into(),
                ],
            )
        }
    };
    values.extend(kind_values);
    let rows = conn.query_all_raw(statement(backend, &sql, values)).await?;
    rows.iter().map(Candidate::from_row).collect()
}

/// The bodies of some records of the organization, by id.
async fn bodies(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, body FROM search_documents WHERE organization_id = ? AND id IN ({})",
        placeholders(ids.len())
    );
    let mut values: Vec<Value> = vec![organization_id.into()];
    values.extend(ids.iter().map(|id| Value::from(*id)));
    let rows = conn
        .query_all_raw(statement(conn.get_database_backend(), &sql, values))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "body")?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        let s = statement(DbBackend::Postgres, "a = ? AND b IN (?, ?)", vec![]);
        assert_eq!(s.sql, "a = $1 AND b IN ($2, $3)");
        let s = statement(DbBackend::Sqlite, "a = ?", vec![]);
        assert_eq!(s.sql, "a = ?");
    }

    #[test]
    fn entries_are_capped() {
        let body = "ก".repeat(MAX_BODY_CHARS + 10);
        let title = "t".repeat(MAX_TITLE_CHARS + 10);
        let p = PreparedEntry::new(&SearchEntry {
            organization_id: 1,
            kind: "k",
            record_id: 1,
            url: "/",
            title: &title,
            body: &body,
            published_at: Utc::now(),
            fiscal_year: None,
        });
        assert_eq!(p.body.chars().count(), MAX_BODY_CHARS);
        assert_eq!(p.title.chars().count(), MAX_TITLE_CHARS);
    }
}
