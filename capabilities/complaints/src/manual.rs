//! The complaint-handling manual (คู่มือการจัดการเรื่องร้องเรียน): what happens to a
//! complaint, who handles it and how long each step takes. Staff edit it and publish it
//! as a new version (kind `complaint_manual`, one record per organization); the public
//! page renders the current version, the history lists them all. The handling time of
//! each category is written into the version when it is published. (Not put in the
//! site search: the search capability decides what it indexes.)

use chrono::{DateTime, Utc};
use prongsai_db::Db;
use prongsai_db::sea_orm::DatabaseTransaction;
use prongsai_kernel::publication::{self, PublicationState};
use prongsai_kernel::{Authorized, Error, FieldErrors};
use serde::{Deserialize, Serialize};

use crate::permissions::ManageComplaintSettings;
use crate::store::{self, Result};

/// The publication kind of the manual.
pub const MANUAL_KIND: &str = "complaint_manual";
/// How many step rows the form offers.
pub const STEP_ROWS: usize = 10;

/// One step: what happens, who does it, how long it takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    pub who: String,
    pub duration: String,
}

/// A category's handling time as published with the manual.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTime {
    pub name_th: String,
    pub name_en: String,
    pub handling_days: i32,
    pub division_th: Option<String>,
}

/// What the public reads: one published version of the manual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualSnapshot {
    pub title: String,
    pub intro: String,
    pub steps: Vec<Step>,
    pub channels: String,
    pub categories: Vec<CategoryTime>,
}

/// What the edit form sends (steps as parallel repeated fields).
#[derive(Clone, Debug, Default)]
pub struct ManualInput {
    pub title: String,
    pub intro: String,
    pub steps: Vec<Step>,
    pub channels: String,
    pub change_note: String,
}

impl ManualInput {
    /// The form with the published version's content and empty step rows to fill in.
    pub fn of(snapshot: &ManualSnapshot) -> Self {
        let mut steps = snapshot.steps.clone();
        while steps.len() < STEP_ROWS {
            steps.push(Step::default());
        }
        Self {
            title: snapshot.title.clone(),
            intro: snapshot.intro.clone(),
            steps,
            channels: snapshot.channels.clone(),
            change_note: String::new(),
        }
    }

    /// Reads the form's fields (`step_title`, `step_who`, `step_duration` repeated).
    pub fn from_fields(fields: &prongsai_web::FormFields) -> Self {
        let titles = fields.all("step_title");
        let whos = fields.all("step_who");
        let durations = fields.all("step_duration");
        let n = titles.len().max(whos.len()).max(durations.len()).min(50);
        let steps = (0..n)
            .map(|i| Step {
                title: titles
                    .get(i)
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default(),
                who: whos.get(i).map(|s| s.trim().to_owned()).unwrap_or_default(),
                duration: durations
                    .get(i)
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default(),
            })
            .collect();
        Self {
            title: fields.get("title").to_owned(),
            intro: fields.get("intro").to_owned(),
            steps,
            channels: fields.get("channels").to_owned(),
            change_note: fields.get("change_note").to_owned(),
        }
    }
}

fn validate(input: &ManualInput) -> Result<(ManualSnapshot, String)> {
    let mut e = FieldErrors::default();
    let title = e.required("title", &input.title, "ชื่อคู่มือ");
    e.max_chars("title", &title, 200, "ชื่อคู่มือ");
    let intro = e.required("intro", &input.intro, "บทนำ");
    e.max_chars("intro", &intro, 8000, "บทนำ");
    let channels = e.required("channels", &input.channels, "ช่องทางการร้องเรียน");
    e.max_chars("channels", &channels, 8000, "ช่องทางการร้องเรียน");
    let mut steps = Vec::new();
    for s in &input.steps {
        if s.title.is_empty() && s.who.is_empty() && s.duration.is_empty() {
            continue;
        }
        if s.title.is_empty() || s.who.is_empty() || s.duration.is_empty() {
            e.add(
                "steps",
                format!(
                    "ขั้นตอนที่ {} ยังไม่ครบ: กรอกขั้นตอน ผู้รับผิดชอบ และระยะเวลาให้ครบทุกช่อง",
                    steps.len() + 1
                ),
            );
            break;
        }
        if s.title.chars().count() > 500
            || s.who.chars().count() > 200
            || s.duration.chars().count() > 100
        {
            e.add("steps", format!("ขั้นตอนที่ {} ยาวเกินไป", steps.len() + 1));
            break;
        }
        steps.push(s.clone());
    }
    if steps.is_empty() && e.get("steps").is_none() {
        e.add("steps", "กรุณากรอกอย่างน้อยหนึ่งขั้นตอน");
    }
    let change_note = input.change_note.trim().to_owned();
    e.max_chars("change_note", &change_note, 500, "บันทึกการแก้ไข");
    e.into_result()?;
    Ok((
        ManualSnapshot {
            title,
            intro,
            steps,
            channels,
            categories: Vec::new(),
        },
        change_note,
    ))
}

/// The manual as published now (`None` before its first publication).
pub async fn current(db: &Db, org: i64) -> Result<Option<(ManualSnapshot, DateTime<Utc>, i32)>> {
    match publication::find_published(db.conn(), org, MANUAL_KIND, org).await {
        Ok(r) if r.status.state == PublicationState::Published => Ok(Some((
            serde_json::from_value(r.version.snapshot)?,
            r.version.published_at,
            r.version.version,
        ))),
        Ok(_) | Err(Error::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A published version, for the history.
pub struct Version {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub change_note: String,
    pub snapshot: ManualSnapshot,
}

/// Every published version, newest first.
pub async fn versions(db: &Db, org: i64) -> Result<Vec<Version>> {
    publication::list_versions(db.conn(), org, MANUAL_KIND, org)
        .await?
        .into_iter()
        .map(|v| {
            Ok(Version {
                version: v.version,
                published_at: v.published_at,
                change_note: v.change_note,
                snapshot: serde_json::from_value(v.snapshot)?,
            })
        })
        .collect()
}

async fn publish_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageComplaintSettings>,
    mut snapshot: ManualSnapshot,
    change_note: &str,
) -> Result<i32> {
    use prongsai_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let org = auth.organization_id();
    store::ensure_default_categories(txn, org).await?;
    let divisions = prongsai_kernel::tenant::list_divisions(txn, org).await?;
    snapshot.categories = crate::model::category::Entity::find()
        .filter(crate::model::category::Column::OrganizationId.eq(org))
        .filter(crate::model::category::Column::Active.eq(true))
        .order_by_asc(crate::model::category::Column::SortOrder)
        .order_by_asc(crate::model::category::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .map(|c| CategoryTime {
            division_th: c
                .division_id
                .and_then(|id| divisions.iter().find(|d| d.id == id))
                .map(|d| d.name_th.clone()),
            name_th: c.name_th,
            name_en: c.name_en,
            handling_days: c.handling_days,
        })
        .collect();
    let title = snapshot.title.clone();
    let version = publication::publish(
        txn,
        auth,
        publication::Publish {
            kind: MANUAL_KIND,
            record_id: org,
            title: &title,
            snapshot: serde_json::to_value(&snapshot)?,
            change_note,
            fiscal_year: None,
            category: None,
        },
    )
    .await?;
    Ok(version.version)
}

/// Publishes the manual as edited (a new version when anything changed).
pub async fn publish(
    db: &Db,
    auth: &Authorized<ManageComplaintSettings>,
    input: &ManualInput,
) -> Result<i32> {
    let (snapshot, note) = validate(input)?;
    let txn = db.begin_write().await?;
    let v = publish_in(&txn, auth, snapshot, &note).await?;
    txn.commit().await?;
    Ok(v)
}

/// The manual every organization can start from (the demo organization publishes it).
pub fn default_manual(org_name: &str) -> ManualSnapshot {
    let steps = [
        (
            "รับเรื่องร้องเรียนทางเว็บไซต์ หรือเจ้าหน้าที่บันทึกเรื่องที่รับทางโทรศัพท์หรือที่สำนักงาน และแจ้งรหัสติดตามเรื่องแก่ผู้ร้องเรียน",
            "ผู้ร้องเรียน / งานธุรการ สำนักปลัด",
            "ทันทีที่ส่งเรื่อง",
        ),
        (
            "ตรวจสอบและคัดแยกเรื่อง ส่งให้กองหรือสำนักที่รับผิดชอบตามประเภทเรื่อง",
            "งานธุรการ สำนักปลัด",
            "1 วันทำการ",
        ),
        (
            "ตรวจสอบข้อเท็จจริง ลงพื้นที่ และดำเนินการแก้ไข หากข้อมูลไม่พอจะแจ้งขอข้อมูลเพิ่มเติมจากผู้ร้องเรียน (ระหว่างรอข้อมูลไม่นับเวลา)",
            "กองหรือสำนักที่รับผิดชอบ",
            "ตามระยะเวลาของประเภทเรื่อง (ตารางด้านล่าง)",
        ),
        (
            "แจ้งผลการดำเนินการ หรือเหตุผลที่ไม่รับเรื่อง ให้ผู้ร้องเรียนทราบทางหน้าติดตามเรื่องและอีเมล (ถ้าให้ไว้)",
            "กองหรือสำนักที่รับผิดชอบ",
            "เมื่อดำเนินการแล้วเสร็จ ภายในกำหนด",
        ),
        (
            "ผู้ร้องเรียนที่ยังไม่ได้รับการแก้ไขขอเปิดเรื่องอีกครั้งพร้อมเหตุผล เรื่องจะกลับไปดำเนินการและได้กำหนดเวลาใหม่",
            "ผู้ร้องเรียน",
            "ภายใน 30 วันหลังแจ้งผล",
        ),
        (
            "สรุปสถิติเรื่องร้องเรียน (ทั้งหมด แล้วเสร็จ อยู่ระหว่างดำเนินการ) เสนอผู้บริหารและเผยแพร่ทางเว็บไซต์",
            "งานธุรการ สำนักปลัด",
            "ทุกปีงบประมาณ",
        ),
    ];
    ManualSnapshot {
        title: "คู่มือการจัดการเรื่องร้องเรียน/ร้องทุกข์".to_owned(),
        intro: format!(
            "คู่มือนี้อธิบายว่าเรื่องร้องเรียนหรือร้องทุกข์ทั่วไปที่ยื่นต่อ{org_name} \
             (เช่น ถนนชำรุด ไฟฟ้าส่องสว่างดับ น้ำประปา ขยะ เหตุเดือดร้อนรำคาญ หรือการให้บริการของเจ้าหน้าที่) \
             ผ่านขั้นตอนใด ใครเป็นผู้รับผิดชอบ และใช้เวลาเท่าใด\n\
             ระยะเวลานับเป็นวันทำการ (ไม่นับวันเสาร์ อาทิตย์ และวันหยุดราชการ) นับจากวันที่รับเรื่อง\n\
             เรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ไม่ใช้ช่องทางนี้ \
             ให้ใช้ช่องทางแจ้งเบาะแสการทุจริตซึ่งแยกต่างหากและปกปิดตัวตนผู้แจ้ง"
        ),
        steps: steps
            .iter()
            .map(|(t, w, d)| Step {
                title: (*t).to_owned(),
                who: (*w).to_owned(),
                duration: (*d).to_owned(),
            })
            .collect(),
        channels: "เว็บไซต์: แบบฟอร์มแจ้งเรื่องร้องเรียน (ตลอด 24 ชั่วโมง) และติดตามเรื่องด้วยรหัสติดตามเรื่อง\n\
                   ด้วยตนเอง: ที่ทำการองค์การบริหารส่วนตำบล ในวันและเวลาราชการ\n\
                   โทรศัพท์หรือหนังสือ: ตามที่อยู่ในหน้าติดต่อหน่วยงาน"
            .to_owned(),
        categories: Vec::new(),
    }
}

/// Publishes the default manual inside the caller's transaction (the demo loader).
pub async fn seed_in(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageComplaintSettings>,
    org_name: &str,
) -> Result<()> {
    store::ensure_default_categories(txn, auth.organization_id()).await?;
    publish_in(txn, auth, default_manual(org_name), "คู่มือชุดเริ่มต้น").await?;
    Ok(())
}
