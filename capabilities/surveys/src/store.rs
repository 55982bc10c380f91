//! Surveys: one-time links, answering, reviewing comments, monthly summaries and the
//! 6- and 12-month reports. What is published is aggregate only: counts and mean scores
//! per division and month, and comments once staff approved them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use hmac::{Hmac, Mac};
use prongsai_db::Db;
use prongsai_db::entities::{division, role_grant, user};
use prongsai_db::sea_orm::sea_query::{Expr, OnConflict};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublishedRecord};
use prongsai_kernel::{Actor, Authorized, Error, FieldErrors, Permission, Secret};
use prongsai_thai::FiscalYear;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

use crate::SUMMARY_KIND;
use crate::model::{CommentStatus, QUESTIONS, Source, invitation, response, summary};
use crate::permissions::ReviewSurveys;

/// The setting under which the key of survey tokens is kept.
pub const TOKEN_KEY_SETTING: &str = "survey_token_key";
pub const MAX_COMMENT: usize = 1000;

// ---------- months ----------

/// The first day of the month of `date`.
pub fn month_of(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The first day of the month after `month`.
pub fn next_month(month: NaiveDate) -> NaiveDate {
    let (y, m) = if month.month() == 12 {
        (month.year() + 1, 1)
    } else {
        (month.year(), month.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(month)
}

/// The first day of the month before `month`.
pub fn previous_month(month: NaiveDate) -> NaiveDate {
    let (y, m) = if month.month() == 1 {
        (month.year() - 1, 12)
    } else {
        (month.year(), month.month() - 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(month)
}

/// "พฤศจิกายน 2568" / "November 2025".
pub fn month_label(month: NaiveDate, english: bool) -> String {
    if english {
        format!(
            "{} {}",
            prongsai_thai::months::english_month(month.month()).unwrap_or(""),
            month.year()
        )
    } else {
        format!(
            "{} {}",
            prongsai_thai::months::thai_month(month.month()).unwrap_or(""),
            prongsai_thai::be_from_ce(month.year())
        )
    }
}

/// "2025-11", the month in URLs.
pub fn month_code(month: NaiveDate) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

pub fn parse_month_code(code: &str) -> Option<NaiveDate> {
    let (y, m) = code.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

// ---------- one-time links ----------

/// The key of survey tokens (created on first use).
pub async fn token_key(db: &impl ConnectionTrait) -> prongsai_kernel::Result<Secret<Vec<u8>>> {
    prongsai_kernel::settings::get_or_create_secret(db, TOKEN_KEY_SETTING).await
}

/// The token of the survey about one service: an HMAC of what it is about under the
/// deployment's key (160 bits, 32 characters), so the page that shows the link can
/// compute it again while the database holds only its hash.
pub fn survey_token(key: &[u8], organization_id: i64, source: Source, source_id: i64) -> String {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(
        format!(
            "prongsai-survey-v1|{organization_id}|{}|{source_id}",
            source.code()
        )
        .as_bytes(),
    );
    let bytes = mac.finalize().into_bytes();
    data_encoding::BASE32_NOPAD
        .encode(&bytes[..20])
        .to_ascii_lowercase()
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    prongsai_kernel::random::sha256_hex(token.trim().to_ascii_lowercase().as_bytes())
}

/// The path of a survey link.
pub fn survey_path(token: &str) -> String {
    format!("/surveys/answer/{token}")
}

/// Creates the invitation to answer a survey about a service given (idempotent: a
/// second call for the same service changes nothing) and returns its token.
#[expect(
    clippy::too_many_arguments,
    reason = "the facts of a service a survey is about, all needed"
)]
pub async fn invite(
    db: &impl ConnectionTrait,
    key: &[u8],
    organization_id: i64,
    source: Source,
    source_id: i64,
    division_id: Option<i64>,
    manual_id: Option<i64>,
    served_on: NaiveDate,
) -> prongsai_kernel::Result<String> {
    let token = survey_token(key, organization_id, source, source_id);
    let model = invitation::ActiveModel {
        organization_id: Set(organization_id),
        source_kind: Set(source.code().to_owned()),
        source_id: Set(source_id),
        token_hash: Set(hash_token(&token)),
        division_id: Set(division_id),
        manual_id: Set(manual_id),
        service_month: Set(month_of(served_on)),
        answered: Set(false),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    };
    invitation::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([
                invitation::Column::OrganizationId,
                invitation::Column::SourceKind,
                invitation::Column::SourceId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(token)
}

/// The token of a service's survey while it waits for an answer; `None` when there is
/// no invitation or it was answered.
pub async fn find_open_token(
    db: &impl ConnectionTrait,
    organization_id: i64,
    source: Source,
    source_id: i64,
) -> prongsai_kernel::Result<Option<String>> {
    let found = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::SourceKind.eq(source.code()))
        .filter(invitation::Column::SourceId.eq(source_id))
        .one(db)
        .await?;
    match found {
        Some(inv) if !inv.answered => {
            let key = token_key(db).await?;
            Ok(Some(survey_token(
                key.expose(),
                organization_id,
                source,
                source_id,
            )))
        }
        _ => Ok(None),
    }
}

/// Whether a service's survey was answered (`None`: no invitation).
pub async fn find_answered(
    db: &impl ConnectionTrait,
    organization_id: i64,
    source: Source,
    source_id: i64,
) -> prongsai_kernel::Result<Option<bool>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::SourceKind.eq(source.code()))
        .filter(invitation::Column::SourceId.eq(source_id))
        .one(db)
        .await?
        .map(|i| i.answered))
}

/// The open invitation of a token; `NotFound` for an unknown, mistyped or answered
/// token (one answer for all three).
pub async fn get_open_invitation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    token: &str,
) -> prongsai_kernel::Result<invitation::Model> {
    invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::TokenHash.eq(hash_token(token)))
        .filter(invitation::Column::Answered.eq(false))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

// ---------- answering ----------

/// What the survey form sends.
#[derive(Clone, Default, Deserialize)]
pub struct AnswerInput {
    #[serde(default)]
    pub q_process: String,
    #[serde(default)]
    pub q_staff: String,
    #[serde(default)]
    pub q_facility: String,
    #[serde(default)]
    pub q_result: String,
    #[serde(default)]
    pub q_overall: String,
    #[serde(default)]
    pub comment: String,
}

impl AnswerInput {
    /// The raw value of question `field`.
    pub fn value(&self, field: &str) -> &str {
        match field {
            "q_process" => &self.q_process,
            "q_staff" => &self.q_staff,
            "q_facility" => &self.q_facility,
            "q_result" => &self.q_result,
            "q_overall" => &self.q_overall,
            _ => "",
        }
    }
}

fn score(e: &mut FieldErrors, field: &'static str, raw: &str) -> i32 {
    match prongsai_thai::to_arabic_digits(raw.trim()).parse::<i32>() {
        Ok(v) if (1..=5).contains(&v) => v,
        _ => {
            e.add(field, "กรุณาเลือกระดับความพึงพอใจ 1 ถึง 5");
            0
        }
    }
}

/// Stores an answer to the survey of `token` and closes the link, in one transaction:
/// a link answers once. `NotFound` for an unknown or already used link.
pub async fn answer_survey(
    db: &Db,
    organization_id: i64,
    token: &str,
    input: &AnswerInput,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    let inv = get_open_invitation(&txn, organization_id, token).await?;
    let mut e = FieldErrors::default();
    let scores: Vec<i32> = QUESTIONS
        .iter()
        .map(|(field, _)| score(&mut e, field, input.value(field)))
        .collect();
    let comment = input.comment.trim().to_owned();
    e.max_chars("comment", &comment, MAX_COMMENT, "ข้อเสนอแนะ");
    e.into_result()?;
    // The conditional update is what makes the link single-use under concurrency.
    let closed = invitation::Entity::update_many()
        .col_expr(invitation::Column::Answered, Expr::value(true))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::Answered.eq(false))
        .exec(&txn)
        .await?
        .rows_affected;
    if closed != 1 {
        return Err(Error::NotFound);
    }
    let channel = if inv.source_kind == Source::WalkIn.code() {
        Source::WalkIn.channel()
    } else {
        Source::Request.channel()
    };
    response::ActiveModel {
        organization_id: Set(organization_id),
        division_id: Set(inv.division_id),
        manual_id: Set(inv.manual_id),
        channel: Set(channel.to_owned()),
        month: Set(inv.service_month),
        q_process: Set(scores[0]),
        q_staff: Set(scores[1]),
        q_facility: Set(scores[2]),
        q_result: Set(scores[3]),
        q_overall: Set(scores[4]),
        comment_status: Set(if comment.is_empty() {
            CommentStatus::None
        } else {
            CommentStatus::Pending
        }
        .code()
        .to_owned()),
        comment: Set(comment),
        reviewed_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Neither the invitation nor the response is named: the audit log must not link
    // an answer to the service (and so to the citizen).
    audit::record(
        &txn,
        Some(organization_id),
        Actor::Public,
        "survey.answer",
        Target::kind("survey"),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- aggregates ----------

/// Counts and mean scores of some responses.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Scores {
    pub responses: u32,
    /// Mean of each question, in the order of [`QUESTIONS`] (0 when no response).
    pub means: Vec<f64>,
    /// How many gave the overall question 1, 2, 3, 4 and 5.
    pub overall_counts: Vec<u32>,
}

impl Scores {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a response::Model>) -> Scores {
        let mut sums = [0i64; 5];
        let mut counts = vec![0u32; 5];
        let mut n = 0u32;
        for r in rows {
            n += 1;
            for (i, v) in [
                r.q_process,
                r.q_staff,
                r.q_facility,
                r.q_result,
                r.q_overall,
            ]
            .into_iter()
            .enumerate()
            {
                sums[i] += i64::from(v);
            }
            if let Some(c) = usize::try_from(r.q_overall - 1)
                .ok()
                .and_then(|i| counts.get_mut(i))
            {
                *c += 1;
            }
        }
        Scores {
            responses: n,
            means: sums
                .iter()
                .map(|s| {
                    if n == 0 {
                        0.0
                    } else {
                        *s as f64 / f64::from(n)
                    }
                })
                .collect(),
            overall_counts: counts,
        }
    }

    /// The mean of the overall question.
    pub fn overall(&self) -> f64 {
        self.means.get(4).copied().unwrap_or(0.0)
    }

    /// The share, in percent, who were satisfied or very satisfied overall (4 or 5).
    pub fn satisfied_percent(&self) -> f64 {
        if self.responses == 0 {
            return 0.0;
        }
        let happy: u32 = self.overall_counts.iter().skip(3).sum();
        f64::from(happy) * 100.0 / f64::from(self.responses)
    }

    /// "4.50" (or "-" without responses).
    pub fn mean_label(&self, i: usize) -> String {
        if self.responses == 0 {
            "-".to_owned()
        } else {
            format!("{:.2}", self.means.get(i).copied().unwrap_or(0.0))
        }
    }

    pub fn overall_label(&self) -> String {
        self.mean_label(4)
    }

    pub fn satisfied_label(&self) -> String {
        if self.responses == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}%", self.satisfied_percent())
        }
    }
}

/// The scores of one division (`None`: services not tied to one).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DivisionScores {
    pub division_id: Option<i64>,
    pub name_th: String,
    pub name_en: String,
    pub scores: Scores,
}

impl DivisionScores {
    pub fn name(&self, english: bool) -> &str {
        if english && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name_th
        }
    }
}

/// A comment staff approved, as published: the division, nothing else.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PublicComment {
    pub division_th: String,
    pub division_en: String,
    pub text: String,
}

async fn responses_between(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: NaiveDate,
    until: NaiveDate,
) -> prongsai_kernel::Result<Vec<response::Model>> {
    Ok(response::Entity::find()
        .filter(response::Column::OrganizationId.eq(organization_id))
        .filter(response::Column::Month.gte(from))
        .filter(response::Column::Month.lt(until))
        .order_by_asc(response::Column::Month)
        .order_by_asc(response::Column::Id)
        .all(db)
        .await?)
}

/// Scores per division, in the divisions' order, only those with responses.
async fn by_division(
    db: &impl ConnectionTrait,
    organization_id: i64,
    rows: &[response::Model],
) -> prongsai_kernel::Result<Vec<DivisionScores>> {
    let divisions = prongsai_kernel::tenant::list_divisions(db, organization_id).await?;
    let mut out = Vec::new();
    for d in &divisions {
        let mine: Vec<&response::Model> = rows
            .iter()
            .filter(|r| r.division_id == Some(d.id))
            .collect();
        if !mine.is_empty() {
            out.push(DivisionScores {
                division_id: Some(d.id),
                name_th: d.name_th.clone(),
                name_en: d.name_en.clone(),
                scores: Scores::of(mine),
            });
        }
    }
    let other: Vec<&response::Model> = rows.iter().filter(|r| r.division_id.is_none()).collect();
    if !other.is_empty() {
        out.push(DivisionScores {
            division_id: None,
            name_th: "ไม่ระบุส่วนงาน".into(),
            name_en: "No division".into(),
            scores: Scores::of(other),
        });
    }
    Ok(out)
}

async fn division_names(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> prongsai_kernel::Result<BTreeMap<i64, division::Model>> {
    Ok(prongsai_kernel::tenant::list_divisions(db, organization_id)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect())
}

/// What the public sees of a month.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SummarySnapshot {
    pub month: NaiveDate,
    pub fiscal_year: i32,
    pub total: Scores,
    pub online: Scores,
    pub walk_in: Scores,
    pub divisions: Vec<DivisionScores>,
    pub comments: Vec<PublicComment>,
}

/// The summary of a month as it stands now.
pub async fn compute_summary(
    db: &impl ConnectionTrait,
    organization_id: i64,
    month: NaiveDate,
) -> prongsai_kernel::Result<SummarySnapshot> {
    let month = month_of(month);
    let rows = responses_between(db, organization_id, month, next_month(month)).await?;
    let names = division_names(db, organization_id).await?;
    let comments = rows
        .iter()
        .filter(|r| r.comment_status == CommentStatus::Approved.code())
        .map(|r| {
            let d = r.division_id.and_then(|id| names.get(&id));
            PublicComment {
                division_th: d.map(|d| d.name_th.clone()).unwrap_or_default(),
                division_en: d.map(|d| d.name_en.clone()).unwrap_or_default(),
                text: r.comment.clone(),
            }
        })
        .collect();
    Ok(SummarySnapshot {
        month,
        fiscal_year: FiscalYear::of(month).be(),
        total: Scores::of(&rows),
        online: Scores::of(rows.iter().filter(|r| r.channel == "online")),
        walk_in: Scores::of(rows.iter().filter(|r| r.channel == "walk_in")),
        divisions: by_division(db, organization_id, &rows).await?,
        comments,
    })
}

/// The title of a month's summary.
pub fn summary_title(month: NaiveDate) -> String {
    format!(
        "สรุปผลการประเมินความพึงพอใจการให้บริการ ประจำเดือน{}",
        month_label(month, false)
    )
}

/// What producing a summary did.
#[derive(Clone, Debug)]
pub struct Produced {
    pub summary: summary::Model,
    pub version: i32,
    /// Whether this is the month's first summary (executives are e-mailed then).
    pub first: bool,
}

async fn produce_in<P: Permission>(
    txn: &DatabaseTransaction,
    auth: &Authorized<P>,
    month: NaiveDate,
) -> prongsai_kernel::Result<Produced> {
    let org = auth.organization_id();
    let month = month_of(month);
    let snapshot = compute_summary(txn, org, month).await?;
    let now = prongsai_kernel::clock::now();
    let existing = summary::Entity::find()
        .filter(summary::Column::OrganizationId.eq(org))
        .filter(summary::Column::Month.eq(month))
        .one(txn)
        .await?;
    let (row, first) = match existing {
        Some(row) => {
            let mut a = row.into_active_model();
            a.updated_at = Set(now);
            (a.update(txn).await?, false)
        }
        None => (
            summary::ActiveModel {
                organization_id: Set(org),
                month: Set(month),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?,
            true,
        ),
    };
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: SUMMARY_KIND,
            record_id: row.id,
            title: &summary_title(month),
            snapshot: serde_json::to_value(&snapshot)?,
            change_note: "",
            fiscal_year: Some(snapshot.fiscal_year),
            category: None,
        },
    )
    .await?;
    Ok(Produced {
        summary: row,
        version: version.version,
        first,
    })
}

/// Computes a month's summary and publishes it (a new version when it changed).
pub async fn produce_monthly_summary<P: Permission>(
    db: &Db,
    auth: &Authorized<P>,
    month: NaiveDate,
) -> prongsai_kernel::Result<Produced> {
    let txn = db.begin_write().await?;
    let produced = produce_in(&txn, auth, month).await?;
    txn.commit().await?;
    Ok(produced)
}

/// A published monthly summary.
pub struct PublicSummary {
    pub record: PublishedRecord,
    pub snapshot: SummarySnapshot,
}

impl PublicSummary {
    fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn code(&self) -> String {
        month_code(self.snapshot.month)
    }
}

/// Every published monthly summary, newest month first.
pub async fn list_public_summaries(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<PublicSummary>> {
    let mut items =
        publication::list_all_published(db, organization_id, SUMMARY_KIND, &ListFilter::default())
            .await?
            .into_iter()
            .map(PublicSummary::from_record)
            .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    items.sort_by_key(|i| std::cmp::Reverse(i.snapshot.month));
    Ok(items)
}

/// The published summary of a month; `NotFound` when there is none.
pub async fn get_public_summary(
    db: &impl ConnectionTrait,
    organization_id: i64,
    month: NaiveDate,
) -> prongsai_kernel::Result<PublicSummary> {
    let row = summary::Entity::find()
        .filter(summary::Column::OrganizationId.eq(organization_id))
        .filter(summary::Column::Month.eq(month_of(month)))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let record = publication::find_published(db, organization_id, SUMMARY_KIND, row.id).await?;
    if record.status.state != publication::PublicationState::Published {
        return Err(Error::NotFound);
    }
    PublicSummary::from_record(record)
}

// ---------- reviewing comments ----------

/// A comment waiting for review, for staff.
pub struct PendingComment {
    pub id: i64,
    pub month: NaiveDate,
    pub division_th: String,
    pub text: String,
}

/// Comments waiting for review, oldest month first.
pub async fn list_pending_comments(
    db: &Db,
    auth: &Authorized<ReviewSurveys>,
) -> prongsai_kernel::Result<Vec<PendingComment>> {
    let org = auth.organization_id();
    let names = division_names(db.conn(), org).await?;
    Ok(response::Entity::find()
        .filter(response::Column::OrganizationId.eq(org))
        .filter(response::Column::CommentStatus.eq(CommentStatus::Pending.code()))
        .order_by_asc(response::Column::Month)
        .order_by_asc(response::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|r| PendingComment {
            id: r.id,
            month: r.month,
            division_th: r
                .division_id
                .and_then(|id| names.get(&id))
                .map(|d| d.name_th.clone())
                .unwrap_or_default(),
            text: r.comment,
        })
        .collect())
}

/// Approves (publishes) or hides a comment. Approving republishes the month's summary
/// when it was already produced, so the comment appears there.
pub async fn review_comment(
    db: &Db,
    auth: &Authorized<ReviewSurveys>,
    id: i64,
    approve: bool,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let r = response::Entity::find_by_id(id)
        .filter(response::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if r.comment_status != CommentStatus::Pending.code()
        && r.comment_status != CommentStatus::Approved.code()
        && r.comment_status != CommentStatus::Hidden.code()
    {
        return Err(Error::Conflict("no comment to review".into()));
    }
    let month = r.month;
    let mut a = r.into_active_model();
    a.comment_status = Set(if approve {
        CommentStatus::Approved
    } else {
        CommentStatus::Hidden
    }
    .code()
    .to_owned());
    a.reviewed_by = Set(auth.actor().user_id());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        if approve {
            "survey.comment_approve"
        } else {
            "survey.comment_hide"
        },
        Target::new("survey_response", id),
        json!({}),
    )
    .await?;
    let produced = summary::Entity::find()
        .filter(summary::Column::OrganizationId.eq(org))
        .filter(summary::Column::Month.eq(month))
        .one(&txn)
        .await?
        .is_some();
    if produced {
        produce_in(&txn, auth, month).await?;
    }
    txn.commit().await?;
    Ok(())
}

// ---------- reports of 6 and 12 months ----------

/// The periods the ITA asks reports for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// October to March: "รอบ 6 เดือน", as of 31 March.
    Half,
    /// The whole fiscal year: "รอบ 12 เดือน".
    Year,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Half => "half",
            Period::Year => "year",
        }
    }

    pub fn from_code(code: &str) -> Option<Period> {
        match code {
            "half" => Some(Period::Half),
            "year" | "" => Some(Period::Year),
            _ => None,
        }
    }

    /// First day and the day after the last of the period in a fiscal year.
    pub fn range(self, fy: FiscalYear) -> (NaiveDate, NaiveDate) {
        let end = match self {
            Period::Half => fy.half_year_end(),
            Period::Year => fy.end(),
        };
        (fy.start(), end + chrono::Duration::days(1))
    }
}

/// A report over several months.
pub struct Report {
    pub fiscal_year: FiscalYear,
    pub period: Period,
    pub total: Scores,
    pub months: Vec<(NaiveDate, Scores)>,
    pub divisions: Vec<DivisionScores>,
}

impl Report {
    pub fn title(&self) -> String {
        format!(
            "รายงานผลการสำรวจความพึงพอใจการให้บริการ {} ปีงบประมาณ {}",
            match self.period {
                Period::Half => "รอบ 6 เดือน (1 ตุลาคม - 31 มีนาคม)",
                Period::Year => "รอบ 12 เดือน",
            },
            self.fiscal_year.be()
        )
    }
}

pub async fn build_report(
    db: &impl ConnectionTrait,
    organization_id: i64,
    fiscal_year: FiscalYear,
    period: Period,
) -> prongsai_kernel::Result<Report> {
    let (from, until) = period.range(fiscal_year);
    let rows = responses_between(db, organization_id, from, until).await?;
    let mut months = Vec::new();
    let mut m = from;
    while m < until {
        let next = next_month(m);
        months.push((m, Scores::of(rows.iter().filter(|r| r.month == m))));
        m = next;
    }
    Ok(Report {
        fiscal_year,
        period,
        total: Scores::of(&rows),
        months,
        divisions: by_division(db, organization_id, &rows).await?,
    })
}

// ---------- whom to tell ----------

pub use prongsai_kernel::tenant::site_origin;

/// Active accounts of the organization holding `role` with an e-mail address.
pub async fn list_mail_recipients(
    db: &impl ConnectionTrait,
    organization_id: i64,
    role: prongsai_kernel::Role,
) -> prongsai_kernel::Result<Vec<user::Model>> {
    let holders: Vec<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::OrganizationId.eq(organization_id))
        .filter(role_grant::Column::Role.eq(role.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    if holders.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Id.is_in(holders))
        .filter(user::Column::IsActive.eq(true))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|u| u.email.as_deref().is_some_and(|e| !e.trim().is_empty()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn resp(overall: i32) -> response::Model {
        response::Model {
            id: 1,
            organization_id: 1,
            division_id: None,
            manual_id: None,
            channel: "online".into(),
            month: d(2025, 11, 1),
            q_process: 4,
            q_staff: 5,
            q_facility: 3,
            q_result: 4,
            q_overall: overall,
            comment: String::new(),
            comment_status: "none".into(),
            reviewed_by: None,
        }
    }

    #[test]
    fn tokens_are_stable_distinct_and_stored_as_hashes() {
        let a = survey_token(b"k", 1, Source::Request, 7);
        assert_eq!(a, survey_token(b"k", 1, Source::Request, 7));
        assert_eq!(a.len(), 32);
        assert_ne!(a, survey_token(b"k", 1, Source::WalkIn, 7));
        assert_ne!(a, survey_token(b"k", 2, Source::Request, 7));
        assert_ne!(a, survey_token(b"other", 1, Source::Request, 7));
        assert_eq!(hash_token(&a), hash_token(&a.to_uppercase()));
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn scores_average_and_count_the_satisfied() {
        let s = Scores::of(&[resp(5), resp(4), resp(2)]);
        assert_eq!(s.responses, 3);
        assert_eq!(s.overall_counts, vec![0, 1, 0, 1, 1]);
        assert!((s.overall() - 11.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.overall_label(), "3.67");
        assert_eq!(s.satisfied_label(), "66.7%");
        assert_eq!(Scores::of(&[]).overall_label(), "-");
    }

    #[test]
    fn months_and_periods() {
        assert_eq!(month_of(d(2025, 11, 25)), d(2025, 11, 1));
        assert_eq!(next_month(d(2025, 12, 1)), d(2026, 1, 1));
        assert_eq!(previous_month(d(2026, 1, 1)), d(2025, 12, 1));
        assert_eq!(month_label(d(2025, 11, 1), false), "พฤศจิกายน 2568");
        assert_eq!(month_code(d(2025, 11, 1)), "2025-11");
        assert_eq!(parse_month_code("2025-11"), Some(d(2025, 11, 1)));
        assert_eq!(parse_month_code("2025-13"), None);
        let fy = FiscalYear::new(2569);
        assert_eq!(Period::Half.range(fy), (d(2025, 10, 1), d(2026, 4, 1)));
        assert_eq!(Period::Year.range(fy), (d(2025, 10, 1), d(2026, 10, 1)));
    }
}
