//! Meeting records: validation, saving (audited), publication with history, public reads.

use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, ListFilter, PublicationStatus, PublishedRecord};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_plans::model::{plan, project};
use prongsai_thai::FiscalYear;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::KIND;
use crate::model::{KINDS, kind_en, kind_th, meeting};
use crate::permissions::{ManageMeetings, PublishMeetings};

pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = raw.parse::<NaiveDate>() {
        return Ok(Some(d));
    }
    match prongsai_thai::parse_thai_date(raw) {
        Ok(prongsai_thai::ThaiDate::Day(d)) => Ok(Some(d)),
        Ok(prongsai_thai::ThaiDate::Range(d, _)) => Ok(Some(d)),
        Err(e) => Err(e.to_string()),
    }
}

/// The non-blank lines of a text, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct MeetingInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub executives: String,
    #[serde(default)]
    pub council_members: String,
    #[serde(default)]
    pub staff: String,
    #[serde(default)]
    pub citizens: String,
    #[serde(default)]
    pub others: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub decisions: String,
    #[serde(default)]
    pub issue: String,
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub changes: String,
    #[serde(default)]
    pub plan_project_id: String,
}

impl MeetingInput {
    pub fn of(m: &meeting::Model) -> Self {
        Self {
            kind: m.kind.clone(),
            title: m.title.clone(),
            held_on: m.held_on.to_string(),
            place: m.place.clone(),
            agenda: m.agenda.clone(),
            executives: m.executives.to_string(),
            council_members: m.council_members.to_string(),
            staff: m.staff.to_string(),
            citizens: m.citizens.to_string(),
            others: m.others.to_string(),
            attendees: m.attendees.clone(),
            minutes: m.minutes.clone(),
            decisions: m.decisions.clone(),
            issue: m.issue.clone(),
            results: m.results.clone(),
            changes: m.changes.clone(),
            plan_project_id: m.plan_project_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }

    /// The attendance field of a group (see [`crate::model::GROUPS`]).
    pub fn group(&self, field: &str) -> &str {
        match field {
            "executives" => &self.executives,
            "council_members" => &self.council_members,
            "staff" => &self.staff,
            "citizens" => &self.citizens,
            _ => &self.others,
        }
    }
}

struct Valid {
    kind: String,
    title: String,
    held_on: NaiveDate,
    place: String,
    agenda: String,
    counts: [i32; 5],
    attendees: String,
    minutes: String,
    decisions: String,
    issue: String,
    results: String,
    changes: String,
    plan_project_id: Option<i64>,
}

fn count(e: &mut FieldErrors, field: &'static str, raw: &str, label: &str) -> i32 {
    let raw = prongsai_thai::to_arabic_digits(raw.trim()).replace(',', "");
    if raw.is_empty() {
        return 0;
    }
    match raw.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => n,
        _ => {
            e.add(field, format!("จำนวน{label}ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"));
            0
        }
    }
}

async fn validate(
    db: &impl ConnectionTrait,
    org: i64,
    input: &MeetingInput,
) -> prongsai_kernel::Result<Valid> {
    let mut e = FieldErrors::default();
    let kind = input.kind.trim().to_owned();
    if !KINDS.iter().any(|k| k.0 == kind) {
        e.add("kind", "กรุณาเลือกประเภทการประชุม");
    }
    let title = e.required("title", &input.title, "ชื่อการประชุม");
    e.max_chars("title", &title, 300, "ชื่อการประชุม");
    let today = prongsai_kernel::clock::today_in_thailand();
    let held_on = match parse_date(&input.held_on) {
        Ok(Some(d)) if d > today + chrono::Duration::days(366) => {
            e.add("held_on", "วันที่ประชุมไกลเกินไป กรุณาตรวจสอบปี พ.ศ.");
            None
        }
        Ok(Some(d)) if d < NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(d) => {
            e.add("held_on", "วันที่ประชุมเก่าเกินไป กรุณาตรวจสอบปี พ.ศ.");
            None
        }
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("held_on", "กรุณาระบุวันที่ประชุม");
            None
        }
        Err(err) => {
            e.add("held_on", format!("วันที่ประชุม: {err}"));
            None
        }
    };
    let place = input.place.trim().to_owned();
    e.max_chars("place", &place, 300, "สถานที่");
    let agenda = input.agenda.trim().to_owned();
    e.max_chars("agenda", &agenda, 10_000, "ระเบียบวาระ");
    let counts = [
        count(&mut e, "executives", &input.executives, "ผู้บริหาร"),
        count(
            &mut e,
            "council_members",
            &input.council_members,
            "สมาชิกสภา",
        ),
        count(&mut e, "staff", &input.staff, "พนักงาน"),
        count(&mut e, "citizens", &input.citizens, "ประชาชน"),
        count(&mut e, "others", &input.others, "ผู้เข้าร่วมอื่น"),
    ];
    let attendees = input.attendees.trim().to_owned();
    e.max_chars("attendees", &attendees, 20_000, "รายชื่อผู้เข้าประชุม");
    if counts.iter().all(|n| *n == 0) && attendees.is_empty() {
        e.add(
            "citizens",
            "กรุณาระบุจำนวนผู้เข้าร่วมอย่างน้อยหนึ่งกลุ่ม หรือรายชื่อผู้เข้าประชุม",
        );
    }
    let minutes = input.minutes.trim().to_owned();
    e.max_chars("minutes", &minutes, 50_000, "รายงานการประชุม");
    let decisions = input.decisions.trim().to_owned();
    e.max_chars("decisions", &decisions, 10_000, "มติที่ประชุม");
    let issue = input.issue.trim().to_owned();
    e.max_chars("issue", &issue, 2_000, "ประเด็นที่รับฟังความคิดเห็น");
    let results = input.results.trim().to_owned();
    e.max_chars("results", &results, 10_000, "ผลการรับฟังความคิดเห็น");
    let changes = input.changes.trim().to_owned();
    e.max_chars("changes", &changes, 10_000, "สิ่งที่เปลี่ยนแปลง");
    if kind == "forum" {
        if issue.is_empty() {
            e.add("issue", "เวทีประชาคมต้องระบุประเด็นที่รับฟังความคิดเห็น");
        }
        if counts[3] == 0 && counts[4] == 0 {
            e.add(
                "citizens",
                "เวทีประชาคมต้องมีประชาชนหรือผู้มีส่วนได้ส่วนเสียเข้าร่วม กรุณาระบุจำนวน",
            );
        }
    }
    let plan_project_id = match input.plan_project_id.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => {
                let found = project::Entity::find_by_id(id)
                    .filter(project::Column::OrganizationId.eq(org))
                    .one(db)
                    .await?;
                if found.is_none() {
                    e.add("plan_project_id", "ไม่พบโครงการนี้ในแผนของหน่วยงาน");
                }
                Some(id)
            }
            Err(_) => {
                e.add("plan_project_id", "กรุณาเลือกโครงการจากรายการ");
                None
            }
        },
    };
    e.into_result()?;
    Ok(Valid {
        kind,
        title,
        held_on: held_on.unwrap_or(today),
        place,
        agenda,
        counts,
        attendees,
        minutes,
        decisions,
        issue,
        results,
        changes,
        plan_project_id,
    })
}

fn fill(a: &mut meeting::ActiveModel, v: Valid) {
    a.kind = Set(v.kind);
    a.title = Set(v.title);
    a.fiscal_year = Set(FiscalYear::of(v.held_on).be());
    a.held_on = Set(v.held_on);
    a.place = Set(v.place);
    a.agenda = Set(v.agenda);
    a.executives = Set(v.counts[0]);
    a.council_members = Set(v.counts[1]);
    a.staff = Set(v.counts[2]);
    a.citizens = Set(v.counts[3]);
    a.others = Set(v.counts[4]);
    a.attendees = Set(v.attendees);
    a.minutes = Set(v.minutes);
    a.decisions = Set(v.decisions);
    a.issue = Set(v.issue);
    a.results = Set(v.results);
    a.changes = Set(v.changes);
    a.plan_project_id = Set(v.plan_project_id);
}

pub async fn create(
    db: &Db,
    auth: &Authorized<ManageMeetings>,
    input: &MeetingInput,
) -> prongsai_kernel::Result<meeting::Model> {
    let txn = db.begin_write().await?;
    let saved = create_in(&txn, auth, input).await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn create_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageMeetings>,
    input: &MeetingInput,
) -> prongsai_kernel::Result<meeting::Model> {
    let org = auth.organization_id();
    let v = validate(txn, org, input).await?;
    let now = prongsai_kernel::clock::now();
    let mut a = meeting::ActiveModel {
        organization_id: Set(org),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut a, v);
    let saved = a.insert(txn).await?;
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "meeting.create",
        Target::new(KIND, saved.id),
        json!({ "kind": saved.kind, "held_on": saved.held_on }),
    )
    .await?;
    Ok(saved)
}

async fn get_in(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<meeting::Model> {
    meeting::Entity::find_by_id(id)
        .filter(meeting::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn update(
    db: &Db,
    auth: &Authorized<ManageMeetings>,
    id: i64,
    input: &MeetingInput,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = get_in(&txn, org, id).await?;
    let v = validate(&txn, org, input).await?;
    let mut a = existing.into_active_model();
    fill(&mut a, v);
    a.updated_at = Set(prongsai_kernel::clock::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "meeting.update",
        Target::new(KIND, id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub struct Row {
    pub meeting: meeting::Model,
    pub status: PublicationStatus,
}

/// Staff list, newest first; `fy` narrows to one fiscal year.
pub async fn list(
    db: &Db,
    auth: &Authorized<ManageMeetings>,
    fy: Option<i32>,
) -> prongsai_kernel::Result<Vec<Row>> {
    let org = auth.organization_id();
    let mut q = meeting::Entity::find().filter(meeting::Column::OrganizationId.eq(org));
    if let Some(fy) = fy {
        q = q.filter(meeting::Column::FiscalYear.eq(fy));
    }
    let rows = q
        .order_by_desc(meeting::Column::HeldOn)
        .order_by_desc(meeting::Column::Id)
        .all(db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let status = publication::get_publication_status(db.conn(), org, KIND, m.id).await?;
        out.push(Row { meeting: m, status });
    }
    Ok(out)
}

pub async fn get(
    db: &Db,
    auth: &Authorized<ManageMeetings>,
    id: i64,
) -> prongsai_kernel::Result<Row> {
    let org = auth.organization_id();
    let m = get_in(db.conn(), org, id).await?;
    let status = publication::get_publication_status(db.conn(), org, KIND, id).await?;
    Ok(Row { meeting: m, status })
}

/// A plan project a meeting can be linked to.
#[derive(Clone, Debug)]
pub struct ProjectChoice {
    pub id: i64,
    pub label: String,
}

/// The organization's plan projects, newest plans first, as "plan: project".
pub async fn project_choices(
    db: &Db,
    auth: &Authorized<ManageMeetings>,
) -> prongsai_kernel::Result<Vec<ProjectChoice>> {
    let org = auth.organization_id();
    let plans = plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(org))
        .order_by_desc(plan::Column::FiscalYear)
        .order_by_asc(plan::Column::Id)
        .all(db.conn())
        .await?;
    let projects = project::Entity::find()
        .filter(project::Column::OrganizationId.eq(org))
        .order_by_asc(project::Column::SortOrder)
        .order_by_asc(project::Column::Id)
        .all(db.conn())
        .await?;
    let mut out = Vec::new();
    for p in &plans {
        for j in projects.iter().filter(|j| j.plan_id == p.id) {
            out.push(ProjectChoice {
                id: j.id,
                label: format!("{} ({}): {}", p.title, p.fiscal_year, j.title),
            });
        }
    }
    Ok(out)
}

// ---------- publication ----------

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProjectLink {
    pub id: i64,
    pub title: String,
    pub plan_title: String,
    pub url: String,
}

/// A file of the meeting (the signed minutes), served at `/files/{id}/{file_name}` while it
/// is in the published snapshot.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRef {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MeetingSnapshot {
    pub kind: String,
    pub kind_th: String,
    pub kind_en: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub fiscal_year: i32,
    pub place: String,
    pub agenda: Vec<String>,
    pub executives: i32,
    pub council_members: i32,
    pub staff: i32,
    pub citizens: i32,
    pub others: i32,
    pub attendees: Vec<String>,
    pub minutes: String,
    pub decisions: Vec<String>,
    pub issue: String,
    pub results: String,
    pub changes: String,
    pub project: Option<ProjectLink>,
    /// The minutes file(s); the name `attachments` is what `/files/...` checks.
    #[serde(default)]
    pub attachments: Vec<FileRef>,
}

impl MeetingSnapshot {
    pub fn total(&self) -> i32 {
        self.executives + self.council_members + self.staff + self.citizens + self.others
    }

    pub fn is_forum(&self) -> bool {
        self.kind == "forum"
    }

    pub fn group(&self, field: &str) -> i32 {
        match field {
            "executives" => self.executives,
            "council_members" => self.council_members,
            "staff" => self.staff,
            "citizens" => self.citizens,
            _ => self.others,
        }
    }
}

async fn project_link(
    db: &impl ConnectionTrait,
    org: i64,
    id: Option<i64>,
) -> prongsai_kernel::Result<Option<ProjectLink>> {
    let Some(id) = id else { return Ok(None) };
    let Some(j) = project::Entity::find_by_id(id)
        .filter(project::Column::OrganizationId.eq(org))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(p) = plan::Entity::find_by_id(j.plan_id)
        .filter(plan::Column::OrganizationId.eq(org))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(ProjectLink {
        id: j.id,
        title: j.title,
        plan_title: p.title,
        url: prongsai_plans::store::plan_url(&p.kind, p.fiscal_year),
    }))
}

pub async fn files_of(
    db: &impl ConnectionTrait,
    org: i64,
    id: i64,
) -> prongsai_kernel::Result<Vec<FileRef>> {
    Ok(prongsai_files::list_attachments(db, org, KIND, id)
        .await?
        .into_iter()
        .map(|a| FileRef {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
        })
        .collect())
}

/// Attaches the minutes file (checked by content) to the meeting; it goes public with the
/// next publication.
pub async fn attach_minutes(
    db: &Db,
    files: &prongsai_files::FileStore,
    auth: &Authorized<ManageMeetings>,
    id: i64,
    file: &prongsai_files::CheckedFile,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    get_in(&txn, auth.organization_id(), id).await?;
    prongsai_files::store_attachment(&txn, files, auth, KIND, id, file).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn snapshot_of(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
) -> prongsai_kernel::Result<MeetingSnapshot> {
    Ok(MeetingSnapshot {
        kind: m.kind.clone(),
        kind_th: kind_th(&m.kind).to_owned(),
        kind_en: kind_en(&m.kind).to_owned(),
        title: m.title.clone(),
        held_on: m.held_on,
        fiscal_year: m.fiscal_year,
        place: m.place.clone(),
        agenda: lines(&m.agenda),
        executives: m.executives,
        council_members: m.council_members,
        staff: m.staff,
        citizens: m.citizens,
        others: m.others,
        attendees: lines(&m.attendees),
        minutes: m.minutes.clone(),
        decisions: lines(&m.decisions),
        issue: m.issue.clone(),
        results: m.results.clone(),
        changes: m.changes.clone(),
        project: project_link(db, m.organization_id, m.plan_project_id).await?,
        attachments: files_of(db, m.organization_id, m.id).await?,
    })
}

pub async fn publish(
    db: &Db,
    auth: &Authorized<PublishMeetings>,
    id: i64,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let txn = db.begin_write().await?;
    let v = publish_in(&txn, auth, id, change_note, true).await?;
    txn.commit().await?;
    Ok(v)
}

/// Publishes the meeting as it is now (a new version); `search` puts it in the site search
/// (the demo loader leaves its meetings out, so demo content does not change other searches).
pub async fn publish_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<PublishMeetings>,
    id: i64,
    change_note: &str,
    search: bool,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let m = get_in(txn, org, id).await?;
    let has_file = !files_of(txn, org, id).await?.is_empty();
    if m.minutes.trim().is_empty()
        && m.decisions.trim().is_empty()
        && m.results.is_empty()
        && !has_file
    {
        return Err(Error::invalid(
            "publish",
            "ยังเผยแพร่ไม่ได้: กรุณาบันทึกรายงานการประชุม มติ หรือผลการรับฟังความคิดเห็นก่อน",
        ));
    }
    let snapshot = snapshot_of(txn, &m).await?;
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: id,
            title: &m.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: Some(m.fiscal_year),
            category: Some(&m.kind),
        },
    )
    .await?;
    if !search {
        return Ok(version.version);
    }
    let body = [
        m.agenda.as_str(),
        &m.decisions,
        &m.issue,
        &m.results,
        &m.changes,
    ]
    .join("\n");
    prongsai_search::index_record(
        txn,
        &prongsai_search::SearchEntry {
            organization_id: org,
            kind: KIND,
            record_id: id,
            url: &format!("/meetings/{id}"),
            title: &m.title,
            body: &body,
            published_at: version.published_at,
            fiscal_year: Some(m.fiscal_year),
        },
    )
    .await?;
    Ok(version.version)
}

pub async fn withdraw(
    db: &Db,
    auth: &Authorized<PublishMeetings>,
    id: i64,
    reason: &str,
) -> prongsai_kernel::Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("reason", "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"));
    }
    let txn = db.begin_write().await?;
    get_in(&txn, auth.organization_id(), id).await?;
    publication::withdraw(&txn, auth, KIND, id, reason).await?;
    prongsai_search::remove_record(&txn, auth.organization_id(), KIND, id).await?;
    txn.commit().await?;
    Ok(())
}

pub struct PublicMeeting {
    pub record: PublishedRecord,
    pub snapshot: MeetingSnapshot,
}

impl PublicMeeting {
    pub fn from_record(record: PublishedRecord) -> prongsai_kernel::Result<Self> {
        let snapshot = serde_json::from_value(record.version.snapshot.clone())?;
        Ok(Self { record, snapshot })
    }

    pub fn id(&self) -> i64 {
        self.record.record_id
    }
}

/// Published meetings, newest first, of a fiscal year and/or a kind.
pub async fn list_public(
    db: &Db,
    organization_id: i64,
    fiscal_year: Option<i32>,
    kind: Option<&str>,
) -> prongsai_kernel::Result<Vec<PublicMeeting>> {
    let records = publication::list_all_published(
        db.conn(),
        organization_id,
        KIND,
        &ListFilter {
            fiscal_year,
            category: kind.map(str::to_owned),
        },
    )
    .await?;
    let mut out = records
        .into_iter()
        .map(PublicMeeting::from_record)
        .collect::<prongsai_kernel::Result<Vec<_>>>()?;
    out.sort_by_key(|m| std::cmp::Reverse((m.snapshot.held_on, m.id())));
    Ok(out)
}

/// The fiscal years that have published meetings, newest first.
pub async fn public_years(db: &Db, organization_id: i64) -> prongsai_kernel::Result<Vec<i32>> {
    let mut years =
        publication::list_published_fiscal_years(db.conn(), organization_id, KIND).await?;
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

pub async fn get_public(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> prongsai_kernel::Result<PublicMeeting> {
    PublicMeeting::from_record(
        publication::find_published(db.conn(), organization_id, KIND, id).await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_drop_blanks_and_trim() {
        assert_eq!(
            lines(" 1. แจ้งเพื่อทราบ \n\n 2. พิจารณา "),
            vec!["1. แจ้งเพื่อทราบ", "2. พิจารณา"]
        );
    }

    #[test]
    fn thai_dates_parse_to_the_christian_day() {
        assert_eq!(
            parse_date("10 ต.ค. 2565").unwrap(),
            NaiveDate::from_ymd_opt(2022, 10, 10)
        );
        assert!(parse_date("ไม่ใช่วันที่").is_err());
    }
}
