//! Questions: asking, the staff queue, answering (which publishes), rejecting as spam,
//! and what the public reads.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_db::Db;
use prongsai_db::entities::division;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Actor, Authorized, Error, FieldErrors};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{Status, question};
use crate::permissions::{AnswerQuestions, ModerateQuestions};

/// Longest title, question, name, contact, answer and reasons, in characters.
pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 4000;
pub const MAX_NAME: usize = 100;
pub const MAX_CONTACT: usize = 254;
pub const MAX_ANSWER: usize = 20_000;
pub const MAX_NOTE: usize = 500;

/// The date of a moment in Thailand (UTC+7).
pub fn thai_date(at: &DateTime<Utc>) -> NaiveDate {
    (*at + chrono::Duration::hours(7)).date_naive()
}

// ---------- asking ----------

/// What the public form sends. Deliberately without `Debug`: it holds a contact.
#[derive(Clone, Default, Deserialize)]
pub struct AskInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub name: String,
    /// The opt-in checkbox: `"1"` when ticked.
    #[serde(default)]
    pub show_name: String,
    #[serde(default)]
    pub contact: String,
    /// The honeypot ([`crate::spam::HONEYPOT_FIELD`]).
    #[serde(default)]
    pub website: String,
    /// The signed time the form was shown ([`crate::spam::sign_form_time`]).
    #[serde(default)]
    pub form_token: String,
}

impl AskInput {
    pub fn wants_name_shown(&self) -> bool {
        matches!(self.show_name.as_str(), "1" | "on" | "true")
    }
}

use prongsai_kernel::validation::{is_email, is_phone};

struct ValidAsk {
    title: String,
    body: String,
    name: String,
    show_name: bool,
    contact: String,
}

fn validate_ask(input: &AskInput) -> prongsai_kernel::Result<ValidAsk> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "หัวข้อคำถาม");
    e.max_chars("title", &title, MAX_TITLE, "หัวข้อคำถาม");
    let body = e.required("body", &input.body, "รายละเอียดคำถาม");
    e.max_chars("body", &body, MAX_BODY, "รายละเอียดคำถาม");
    let name = input.name.trim().to_owned();
    e.max_chars("name", &name, MAX_NAME, "ชื่อ");
    let contact = input.contact.trim().to_owned();
    if contact.chars().count() > MAX_CONTACT {
        e.max_chars("contact", &contact, MAX_CONTACT, "ช่องทางติดต่อ");
    } else if !contact.is_empty() && !is_email(&contact) && !is_phone(&contact) {
        e.add(
            "contact",
            "ช่องทางติดต่อต้องเป็นอีเมล เช่น name@example.com หรือหมายเลขโทรศัพท์ เช่น 081-234-5678",
        );
    }
    e.into_result()?;
    let show_name = input.wants_name_shown() && !name.is_empty();
    Ok(ValidAsk {
        title,
        body,
        name,
        show_name,
        contact,
    })
}

/// Stores a question from the public as `pending`. The audit row names the question's id
/// only, never its text, name or contact.
pub async fn ask_question(
    db: &Db,
    organization_id: i64,
    input: &AskInput,
) -> prongsai_kernel::Result<question::Model> {
    let v = validate_ask(input)?;
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let saved = question::ActiveModel {
        organization_id: Set(organization_id),
        title: Set(v.title),
        body: Set(v.body),
        asker_name: Set(v.name),
        show_name: Set(v.show_name),
        contact: Set(v.contact),
        status: Set(Status::Pending.code().to_owned()),
        fiscal_year: Set(prongsai_thai::FiscalYear::of(thai_date(&now)).be()),
        asked_at: Set(now),
        answer: Set(String::new()),
        answer_division_id: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        rejected_reason: Set(None),
        rejected_by: Set(None),
        rejected_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(organization_id),
        Actor::Public,
        "question.ask",
        Target::new(KIND, saved.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

// ---------- the staff queue ----------

async fn get_question_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<question::Model> {
    question::Entity::find_by_id(id)
        .filter(question::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// A page of the queue of one status: pending questions oldest first (answer in turn),
/// the others most recently changed first.
pub async fn list_questions(
    db: &Db,
    auth: &Authorized<AnswerQuestions>,
    status: Status,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<question::Model>, u64)> {
    let query = question::Entity::find()
        .filter(question::Column::OrganizationId.eq(auth.organization_id()))
        .filter(question::Column::Status.eq(status.code()));
    let total = query.clone().count(db.conn()).await?;
    let query = match status {
        Status::Pending => query
            .order_by_asc(question::Column::AskedAt)
            .order_by_asc(question::Column::Id),
        Status::Answered | Status::Rejected => query
            .order_by_desc(question::Column::UpdatedAt)
            .order_by_desc(question::Column::Id),
    };
    let rows = query
        .offset(page.saturating_mul(per_page))
        .limit(per_page)
        .all(db.conn())
        .await?;
    Ok((rows, total))
}

/// How many questions of each status the organization has (the queue's tabs).
pub async fn count_questions(
    db: &Db,
    auth: &Authorized<AnswerQuestions>,
) -> prongsai_kernel::Result<Vec<(Status, u64)>> {
    let mut out = Vec::with_capacity(Status::ALL.len());
    for status in Status::ALL {
        let n = question::Entity::find()
            .filter(question::Column::OrganizationId.eq(auth.organization_id()))
            .filter(question::Column::Status.eq(status.code()))
            .count(db.conn())
            .await?;
        out.push((status, n));
    }
    Ok(out)
}

/// One question with its publication status, for staff (with the contact).
pub async fn get_question(
    db: &Db,
    auth: &Authorized<AnswerQuestions>,
    id: i64,
) -> prongsai_kernel::Result<(question::Model, PublicationStatus)> {
    let org = auth.organization_id();
    let q = get_question_in(db.conn(), org, id).await?;
    let status = publication::get_publication_status(db.conn(), org, KIND, id).await?;
    Ok((q, status))
}

// ---------- answering ----------

/// The staff's answer form. Staff may also edit the wording of the title and question
/// before publication, to take out personal data the asker wrote into them.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AnswerInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub division_id: String,
    #[serde(default)]
    pub change_note: String,
}

struct ValidAnswer {
    title: String,
    body: String,
    answer: String,
    division: Option<division::Model>,
    change_note: String,
}

async fn validate_answer(
    db: &impl ConnectionTrait,
    organization_id: i64,
    input: &AnswerInput,
) -> prongsai_kernel::Result<ValidAnswer> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "หัวข้อคำถาม");
    e.max_chars("title", &title, MAX_TITLE, "หัวข้อคำถาม");
    let body = e.required("body", &input.body, "รายละเอียดคำถาม");
    e.max_chars("body", &body, MAX_BODY, "รายละเอียดคำถาม");
    let answer = e.required("answer", &input.answer, "คำตอบ");
    e.max_chars("answer", &answer, MAX_ANSWER, "คำตอบ");
    let change_note = input.change_note.trim().to_owned();
    e.max_chars("change_note", &change_note, MAX_NOTE, "บันทึกการแก้ไข");
    let division = match input.division_id.trim() {
        "" => None,
        raw => {
            let found = match raw.parse::<i64>() {
                Ok(id) => {
                    division::Entity::find_by_id(id)
                        .filter(division::Column::OrganizationId.eq(organization_id))
                        .one(db)
                        .await?
                }
                Err(_) => None,
            };
            if found.is_none() {
                e.add("division_id", "ไม่พบหน่วยงานที่เลือก");
            }
            found
        }
    };
    e.into_result()?;
    Ok(ValidAnswer {
        title,
        body,
        answer,
        division,
        change_note,
    })
}

/// What the public sees of an answered question: never the contact, and the asker's
/// name only when they asked for it to be shown.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionSnapshot {
    pub title: String,
    pub question: String,
    pub asker_name: Option<String>,
    pub asked_on: NaiveDate,
    pub answer: String,
    pub division_th: Option<String>,
    pub division_en: Option<String>,
    pub answered_on: NaiveDate,
    pub fiscal_year: i32,
}

impl QuestionSnapshot {
    /// The answering division in the reader's language.
    pub fn division(&self, english: bool) -> Option<&str> {
        match (&self.division_th, &self.division_en) {
            (_, Some(en)) if english && !en.is_empty() => Some(en),
            (Some(th), _) => Some(th),
            _ => None,
        }
    }
}

/// Answers a pending question, or edits the answer of an answered one, and publishes
/// the result as a new version. Returns the published version number.
pub async fn answer_question(
    db: &Db,
    auth: &Authorized<AnswerQuestions>,
    id: i64,
    input: &AnswerInput,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_question_in(&txn, org, id).await?;
    let first = match Status::from_code(&existing.status) {
        Some(Status::Pending) => true,
        Some(Status::Answered) => false,
        _ => {
            return Err(Error::Conflict(
                "a rejected question cannot be answered".into(),
            ));
        }
    };
    let v = validate_answer(&txn, org, input).await?;
    let division_id = v.division.as_ref().map(|d| d.id);
    let mut changed: Vec<&str> = Vec::new();
    if existing.title != v.title {
        changed.push("title");
    }
    if existing.body != v.body {
        changed.push("body");
    }
    if existing.answer != v.answer {
        changed.push("answer");
    }
    if existing.answer_division_id != division_id {
        changed.push("answer_division_id");
    }
    let now = prongsai_kernel::clock::now();
    let answered_at = existing.answered_at.unwrap_or(now);
    let snapshot = QuestionSnapshot {
        title: v.title.clone(),
        question: v.body.clone(),
        asker_name: existing
            .show_name
            .then(|| existing.asker_name.clone())
            .filter(|n| !n.is_empty()),
        asked_on: thai_date(&existing.asked_at),
        answer: v.answer.clone(),
        division_th: v.division.as_ref().map(|d| d.name_th.clone()),
        division_en: v.division.as_ref().map(|d| d.name_en.clone()),
        answered_on: thai_date(&answered_at),
        fiscal_year: existing.fiscal_year,
    };
    let fiscal_year = existing.fiscal_year;
    if first || !changed.is_empty() {
        let mut a = existing.into_active_model();
        a.title = Set(v.title.clone());
        a.body = Set(v.body);
        a.answer = Set(v.answer);
        a.answer_division_id = Set(division_id);
        a.status = Set(Status::Answered.code().to_owned());
        if first {
            a.answered_by = Set(auth.actor().user_id());
            a.answered_at = Set(Some(answered_at));
        }
        a.updated_at = Set(now);
        a.update(&txn).await?;
        audit::record(
            &txn,
            Some(org),
            auth.actor(),
            if first {
                "question.answer"
            } else {
                "question.answer_update"
            },
            Target::new(KIND, id),
            json!({ "fields": changed, "division_id": division_id }),
        )
        .await?;
    }
    let version = publication::publish(
        &txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &v.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note: &v.change_note,
            fiscal_year: Some(fiscal_year),
            category: None,
        },
    )
    .await?;
    // The asker's name and contact are never indexed: only what the public page shows.
    let body = format!("{}\n{}", snapshot.question, snapshot.answer);
    prongsai_search::index_record(
        &txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/questions/{id}"),
            title: &v.title,
            body: &body,
            published_at: version.published_at,
            fiscal_year: Some(fiscal_year),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(version.version)
}

/// Rejects a pending question as spam, with a reason (kept for staff, never public).
pub async fn reject_question(
    db: &Db,
    auth: &Authorized<ModerateQuestions>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    let mut e = FieldErrors::default();
    let reason = e.required("reason", reason, "เหตุผลที่ปฏิเสธ");
    e.max_chars("reason", &reason, MAX_NOTE, "เหตุผลที่ปฏิเสธ");
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_question_in(&txn, org, id).await?;
    e.into_result()?;
    if Status::from_code(&existing.status) != Some(Status::Pending) {
        return Err(Error::Conflict(
            "only pending questions are rejected".into(),
        ));
    }
    let now = prongsai_kernel::clock::now();
    let mut a = existing.into_active_model();
    a.status = Set(Status::Rejected.code().to_owned());
    a.rejected_reason = Set(Some(reason));
    a.rejected_by = Set(auth.actor().user_id());
    a.rejected_at = Set(Some(now));
    a.updated_at = Set(now);
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "question.reject",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- what the public reads ----------

/// An answered question as the public sees it.
pub struct PublicQuestion {
    pub record: PublishedRecord,
    pub snapshot: QuestionSnapshot,
}

impl PublicQuestion {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

/// Answered questions, most recently published first.
pub async fn list_public_questions(
    db: &Db,
    organization_id: i64,
    filter: &ListFilter,
    page: u64,
    per_page: u64,
) -> prongsai_kernel::Result<(Vec<PublicQuestion>, u64)> {
    let (records, total) =
        publication::list_published(db.conn(), organization_id, KIND, filter, page, per_page)
            .await?;
    let items = records
        .into_iter()
        .map(PublicQuestion::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    Ok((items, total))
}

/// Every answered question matching the filter (for the CSV).
pub async fn list_all_public_questions(
    db: &Db,
    organization_id: i64,
    filter: &ListFilter,
) -> prongsai_kernel::Result<Vec<PublicQuestion>> {
    publication::list_all_published(db.conn(), organization_id, KIND, filter)
        .await?
        .into_iter()
        .map(PublicQuestion::from_record)
        .collect()
}

/// One answered question; `NotFound` for anything not currently published.
pub async fn get_public_question(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicQuestion> {
    let record = publication::find_published(db.conn(), organization_id, KIND, id).await?;
    if record.status.state != publication::PublicationState::Published {
        return Err(Error::NotFound);
    }
    PublicQuestion::from_record(record)
}

/// One published version of an answer, for the public history.
pub struct PublicVersion {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub change_note: String,
    pub snapshot: QuestionSnapshot,
}

/// Every published version of an answered question, newest first.
pub async fn list_public_versions(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<Vec<PublicVersion>> {
    publication::list_versions(db.conn(), organization_id, KIND, id)
        .await?
        .into_iter()
        .map(|v| {
            Ok(PublicVersion {
                version: v.version,
                published_at: v.published_at,
                change_note: v.change_note,
                snapshot: serde_json::from_value(v.snapshot)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_an_email_or_a_phone_number() {
        for ok in [
            "somchai@example.com",
            "a.b+c@mail.go.th",
            "081-234-5678",
            "0812345678",
            "+66 81 234 5678",
            "044 123 456",
            "๐๘๑-๒๓๔-๕๖๗๘",
            "(044) 123-456",
        ] {
            assert!(is_email(ok) || is_phone(ok), "{ok}");
        }
        for bad in [
            "somchai",
            "@example.com",
            "a@b",
            "a@.com",
            "<script>@x.com",
            "1234",
            "081-234-5678 call me",
            "javascript:alert(1)",
            "0812345678901234567",
        ] {
            assert!(!is_email(bad) && !is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn the_name_is_shown_only_when_asked_for_and_given() {
        let input = AskInput {
            title: "หัวข้อ".into(),
            body: "คำถาม".into(),
            show_name: "1".into(),
            ..Default::default()
        };
        assert!(!validate_ask(&input).unwrap().show_name);
        let input = AskInput {
            name: "สมชาย".into(),
            ..input
        };
        assert!(validate_ask(&input).unwrap().show_name);
        let input = AskInput {
            show_name: String::new(),
            ..input
        };
        assert!(!validate_ask(&input).unwrap().show_name);
    }

    #[test]
    fn thai_dates_are_in_utc_plus_seven() {
        let at = DateTime::parse_from_rfc3339("2025-09-30T18:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            thai_date(&at),
            NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()
        );
        assert_eq!(
            prongsai_thai::FiscalYear::of(thai_date(&at)).be(),
            2569,
            "1 October starts the next fiscal year"
        );
    }
}
