//! Ethics pages: the codes of ethics (executives, council members, staff), Dos & Don'ts and
//! the ethics working group (order number and date, members with positions). Each is one
//! page per organization, edited by staff and published with history.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use http::StatusCode;
use prongsai_db::Db;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::publication::{self, PublicationState, PublicationStatus};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use prongsai_web::routes::{render, render_status};
use prongsai_web::{AppError, AppResult, AppState, Form, Page, Shell, StaffPage};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::model::ethics_page;
use crate::permissions::{ManageHr, PublishHr};

/// The publication kind of an ethics page (its category is the page's slug).
pub const KIND: &str = "ethics";

/// The pages: `(slug, Thai title, English title)`.
pub const PAGES: [(&str, &str, &str); 5] = [
    (
        "code_executives",
        "ประมวลจริยธรรมของผู้บริหารท้องถิ่น",
        "Code of ethics of local executives",
    ),
    (
        "code_council",
        "ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น",
        "Code of ethics of local council members",
    ),
    (
        "code_staff",
        "ประมวลจริยธรรมของพนักงานส่วนท้องถิ่น",
        "Code of ethics of local officials",
    ),
    ("dos_donts", "แนวปฏิบัติ Dos & Don'ts", "Dos & Don'ts"),
    (
        "working_group",
        "คณะทำงานขับเคลื่อนจริยธรรม",
        "Ethics working group",
    ),
];

fn page_of(slug: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    PAGES.iter().find(|p| p.0 == slug)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ethics", get(index))
        .route("/ethics/{slug}", get(show))
        .route("/ethics/{slug}/history", get(history))
        .route("/staff/ethics", get(staff_index))
        .route("/staff/ethics/{slug}", get(edit).post(save))
        .route("/staff/ethics/{slug}/publish", post(publish))
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct EthicsInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub order_no: String,
    #[serde(default)]
    pub order_date: String,
    #[serde(default)]
    pub members: String,
}

impl EthicsInput {
    fn of(p: &ethics_page::Model) -> Self {
        Self {
            title: p.title.clone(),
            body: p.body.clone(),
            order_no: p.order_no.clone(),
            order_date: p.order_date.map(|d| d.to_string()).unwrap_or_default(),
            members: p.members.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub position: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EthicsSnapshot {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub order_no: String,
    pub order_date: Option<NaiveDate>,
    pub members: Vec<Member>,
}

/// "ชื่อ | ตำแหน่ง | บทบาท" lines: the name, then the rest as the position.
fn members_of(text: &str) -> Vec<Member> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.splitn(2, '|');
            Member {
                name: parts.next().unwrap_or("").trim().to_owned(),
                position: parts.next().unwrap_or("").trim().to_owned(),
            }
        })
        .collect()
}

async fn find(
    db: &impl prongsai_db::sea_orm::ConnectionTrait,
    org: i64,
    slug: &str,
) -> prongsai_kernel::Result<Option<ethics_page::Model>> {
    Ok(ethics_page::Entity::find()
        .filter(ethics_page::Column::OrganizationId.eq(org))
        .filter(ethics_page::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

pub async fn save_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageHr>,
    slug: &str,
    input: &EthicsInput,
) -> prongsai_kernel::Result<ethics_page::Model> {
    let org = auth.organization_id();
    page_of(slug).ok_or(Error::NotFound)?;
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่อเรื่อง");
    e.max_chars("title", &title, 300, "ชื่อเรื่อง");
    let body = input.body.trim().to_owned();
    e.max_chars("body", &body, 50_000, "เนื้อหา");
    let order_no = input.order_no.trim().to_owned();
    e.max_chars("order_no", &order_no, 100, "เลขที่คำสั่ง");
    let members = input.members.trim().to_owned();
    e.max_chars("members", &members, 20_000, "รายชื่อคณะทำงาน");
    let order_date = match crate::store::parse_date(&input.order_date) {
        Ok(d) => d,
        Err(err) => {
            e.add("order_date", format!("วันที่ของคำสั่ง: {err}"));
            None
        }
    };
    if slug == "working_group" {
        if order_no.is_empty() {
            e.add("order_no", "กรุณากรอกเลขที่คำสั่งแต่งตั้งคณะทำงาน");
        }
        if order_date.is_none() && e.get("order_date").is_none() {
            e.add("order_date", "กรุณาระบุวันที่ของคำสั่ง");
        }
        if members_of(&members).iter().any(|m| m.position.is_empty()) || members.is_empty() {
            e.add(
                "members",
                "กรุณากรอกรายชื่อคณะทำงานบรรทัดละหนึ่งคน ในรูปแบบ ชื่อ | ตำแหน่ง",
            );
        }
    } else if body.is_empty() {
        e.add("body", "กรุณากรอกเนื้อหา");
    }
    e.into_result()?;
    let now = prongsai_kernel::clock::now();
    let saved = match find(txn, org, slug).await? {
        Some(existing) => {
            let mut a = existing.into_active_model();
            a.title = Set(title);
            a.body = Set(body);
            a.order_no = Set(order_no);
            a.order_date = Set(order_date);
            a.members = Set(members);
            a.updated_at = Set(now);
            a.update(txn).await?
        }
        None => {
            ethics_page::ActiveModel {
                organization_id: Set(org),
                slug: Set(slug.to_owned()),
                title: Set(title),
                body: Set(body),
                order_no: Set(order_no),
                order_date: Set(order_date),
                members: Set(members),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "ethics_page.save",
        Target::new(KIND, saved.id),
        json!({ "slug": slug }),
    )
    .await?;
    Ok(saved)
}

pub async fn publish_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<PublishHr>,
    slug: &str,
    change_note: &str,
) -> prongsai_kernel::Result<i32> {
    let org = auth.organization_id();
    let Some(p) = find(txn, org, slug).await? else {
        return Err(Error::invalid("publish", "ยังเผยแพร่ไม่ได้: กรุณาบันทึกเนื้อหาก่อน"));
    };
    let snapshot = EthicsSnapshot {
        slug: p.slug.clone(),
        title: p.title.clone(),
        body: p.body.clone(),
        order_no: p.order_no.clone(),
        order_date: p.order_date,
        members: members_of(&p.members),
    };
    let v = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: KIND,
            record_id: p.id,
            title: &p.title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: None,
            category: Some(&p.slug),
        },
    )
    .await?;
    Ok(v.version)
}

async fn public_page(
    db: &Db,
    org: i64,
    slug: &str,
) -> prongsai_kernel::Result<(publication::PublishedRecord, EthicsSnapshot)> {
    let p = find(db.conn(), org, slug).await?.ok_or(Error::NotFound)?;
    let rec = publication::find_published(db.conn(), org, KIND, p.id).await?;
    if rec.status.state != PublicationState::Published {
        return Err(Error::NotFound);
    }
    let snap = serde_json::from_value(rec.version.snapshot.clone())?;
    Ok((rec, snap))
}

// ---------- pages ----------

struct Entry {
    slug: &'static str,
    label: &'static str,
    status: Option<PublicationStatus>,
}

#[derive(Template)]
#[template(path = "hr/ethics_index.html")]
struct IndexPage {
    shell: Shell,
    entries: Vec<Entry>,
    staff: bool,
}

impl IndexPage {
    fn state_key(&self, s: &Option<PublicationStatus>) -> String {
        match s {
            Some(s) => format!("publication.{}", s.state.code()),
            None => "hr.ethics_empty".to_owned(),
        }
    }
    fn is_published(&self, s: &Option<PublicationStatus>) -> bool {
        s.as_ref()
            .is_some_and(|s| s.state == PublicationState::Published)
    }
}

async fn entries(db: &Db, shell: &Shell, org: i64) -> prongsai_kernel::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for (slug, th, en) in PAGES {
        let status = match find(db.conn(), org, slug).await? {
            Some(p) => Some(publication::get_publication_status(db.conn(), org, KIND, p.id).await?),
            None => None,
        };
        out.push(Entry {
            slug,
            label: if shell.is_en() { en } else { th },
            status,
        });
    }
    Ok(out)
}

async fn index(State(state): State<AppState>, Page(shell): Page) -> AppResult<Response> {
    let entries = entries(&state.db, &shell, shell.tenant.id).await?;
    let title = shell.t("hr.ethics_title").to_owned();
    render(&IndexPage {
        shell: shell.with_title(title),
        entries,
        staff: false,
    })
}

async fn staff_index(State(state): State<AppState>, page: StaffPage) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let entries = entries(&state.db, &page.shell, auth.organization_id()).await?;
    let title = page.shell.t("hr.ethics_staff_title").to_owned();
    render(&IndexPage {
        shell: page.shell.with_title(title),
        entries,
        staff: true,
    })
}

#[derive(Template)]
#[template(path = "hr/ethics_show.html")]
struct ShowPage {
    shell: Shell,
    item: EthicsSnapshot,
    status: PublicationStatus,
}

async fn show(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    page_of(&slug).ok_or_else(AppError::not_found)?;
    let (rec, item) = public_page(&state.db, shell.tenant.id, &slug).await?;
    let title = item.title.clone();
    render(&ShowPage {
        shell: shell.with_title(title),
        item,
        status: rec.status,
    })
}

struct VersionRow {
    version: i32,
    published_at: chrono::DateTime<chrono::Utc>,
    change_note: String,
}

#[derive(Template)]
#[template(path = "hr/ethics_history.html")]
struct HistoryPage {
    shell: Shell,
    slug: String,
    title: String,
    versions: Vec<VersionRow>,
}

async fn history(
    State(state): State<AppState>,
    Page(shell): Page,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    page_of(&slug).ok_or_else(AppError::not_found)?;
    let org = shell.tenant.id;
    let (rec, item) = public_page(&state.db, org, &slug).await?;
    let versions = publication::list_versions(state.db.conn(), org, KIND, rec.record_id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            version: v.version,
            published_at: v.published_at,
            change_note: v.change_note,
        })
        .collect();
    let title = format!("{}: {}", shell.t("hr.history"), item.title);
    render(&HistoryPage {
        shell: shell.with_title(title),
        slug,
        title: item.title,
        versions,
    })
}

#[derive(Template)]
#[template(path = "hr/ethics_form.html")]
struct FormPage {
    shell: Shell,
    slug: String,
    label: &'static str,
    form: EthicsInput,
    errors: FieldErrors,
    status: Option<PublicationStatus>,
    can_publish: bool,
}

impl FormPage {
    fn is_group(&self) -> bool {
        self.slug == "working_group"
    }
    fn state_key(&self, s: &PublicationStatus) -> String {
        format!("publication.{}", s.state.code())
    }
}

async fn form_page(
    state: &AppState,
    page: StaffPage,
    slug: &str,
    form: Option<EthicsInput>,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let (_, th, en) = page_of(slug).ok_or_else(AppError::not_found)?;
    let org = auth.organization_id();
    let existing = find(state.db.conn(), org, slug).await?;
    let status = match &existing {
        Some(p) => {
            Some(publication::get_publication_status(state.db.conn(), org, KIND, p.id).await?)
        }
        None => None,
    };
    let form = form.unwrap_or_else(|| {
        existing
            .as_ref()
            .map(EthicsInput::of)
            .unwrap_or_else(|| EthicsInput {
                title: (*th).to_owned(),
                ..Default::default()
            })
    });
    let label = if page.shell.is_en() { *en } else { *th };
    Ok(FormPage {
        can_publish: page.staff.can::<PublishHr>(),
        shell: page.shell.with_title(label),
        slug: slug.to_owned(),
        label,
        form,
        errors,
        status,
    })
}

async fn edit(
    State(state): State<AppState>,
    page: StaffPage,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    render(&form_page(&state, page, &slug, None, FieldErrors::default()).await?)
}

async fn save(
    State(state): State<AppState>,
    page: StaffPage,
    Path(slug): Path<String>,
    Form(form): Form<EthicsInput>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<ManageHr>()?;
    let txn = state.db.begin_write().await?;
    match save_in(&txn, &auth, &slug, &form).await {
        Ok(_) => {
            txn.commit().await?;
            Ok(Redirect::to(&format!("/staff/ethics/{slug}")).into_response())
        }
        Err(Error::Invalid(errors)) => {
            drop(txn);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, page, &slug, Some(form), errors).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    change_note: String,
}

async fn publish(
    State(state): State<AppState>,
    page: StaffPage,
    Path(slug): Path<String>,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    let auth = page.staff.authorize::<PublishHr>()?;
    page_of(&slug).ok_or_else(AppError::not_found)?;
    let txn = state.db.begin_write().await?;
    match publish_in(&txn, &auth, &slug, &form.change_note).await {
        Ok(_) => {
            txn.commit().await?;
            state.pages.invalidate_organization(auth.organization_id());
            Ok(Redirect::to(&format!("/staff/ethics/{slug}")).into_response())
        }
        Err(Error::Invalid(errors)) => {
            drop(txn);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, page, &slug, None, errors).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}
