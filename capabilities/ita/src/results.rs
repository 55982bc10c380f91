//! Last year's ITA result, entered per indicator, and its analysis into this year's measures
//! (the seed's measure 10 under anti-corruption mechanisms: "วิเคราะห์ผลการประเมิน ITA ของ
//! หน่วยงาน ... วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"). The indicators are data
//! (`data/indicators.toml`); a score below the pass mark flags the indicator for a measure.

use std::collections::HashMap;
use std::sync::OnceLock;

use prongsai_db::Db;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Authorized, FieldErrors};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::permissions::EnterItaResults;

/// The audit target kind of a year's results.
pub const TARGET: &str = "ita_results";
/// The code of the overall score row.
pub const OVERALL: &str = "overall";
const MAX_TEXT: usize = 5_000;

// ---------- the indicators (data) ----------

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Indicator {
    pub code: String,
    pub instrument: String,
    pub name_th: String,
    pub name_en: String,
    pub questions: String,
    /// Form field names, made once when the data is read (FieldErrors wants `&'static str`).
    #[serde(skip)]
    pub fields: Fields,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Fields {
    pub score: &'static str,
    pub analysis: &'static str,
    pub actions: &'static str,
}

#[derive(Debug, Deserialize)]
pub struct Indicators {
    pub pass_score: f64,
    #[serde(rename = "indicator")]
    pub list: Vec<Indicator>,
}

fn field(prefix: &str, code: &str) -> &'static str {
    Box::leak(format!("{prefix}_{code}").into_boxed_str())
}

fn with_fields(mut i: Indicator) -> Indicator {
    i.fields = Fields {
        score: field("score", &i.code),
        analysis: field("analysis", &i.code),
        actions: field("actions", &i.code),
    };
    i
}

/// The ten indicators and the overall row, read once from `data/indicators.toml`.
pub fn indicators() -> &'static Indicators {
    static DATA: OnceLock<Indicators> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut d: Indicators =
            toml::from_str(include_str!("../data/indicators.toml")).unwrap_or(Indicators {
                pass_score: 85.0,
                list: Vec::new(),
            });
        d.list = d.list.into_iter().map(with_fields).collect();
        d.list.push(with_fields(Indicator {
            code: OVERALL.into(),
            instrument: "ITA".into(),
            name_th: "คะแนนรวม".into(),
            name_en: "Overall score".into(),
            questions: String::new(),
            fields: Fields::default(),
        }));
        d
    })
}

// ---------- the table ----------

pub mod ita_result {
    use sea_orm::entity::prelude::*;

    /// One indicator's result of one assessment year, with the analysis.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ita_results")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// The assessed fiscal year (B.E.), e.g. 2568 for results published in 2568.
        pub fiscal_year: i32,
        pub indicator_code: String,
        /// The score in hundredths (87.45 is 8745); none until entered.
        pub score_x100: Option<i32>,
        /// Why the score is what it is.
        pub analysis: String,
        /// What this year's measures do about it.
        pub actions: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub fn migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(CreateItaResults)]
}

struct CreateItaResults;

impl MigrationName for CreateItaResults {
    fn name(&self) -> &str {
        "m20261125_900001_ita_results"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CreateItaResults {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use prongsai_db::schema::{at, org_fk, organization_id, unique_index};
        m.create_table(
            Table::create()
                .table("ita_results")
                .col(prongsai_db::schema::id())
                .col(organization_id())
                .col(integer("fiscal_year"))
                .col(text("indicator_code"))
                .col(integer_null("score_x100"))
                .col(text("analysis"))
                .col(text("actions"))
                .col(at("updated_at"))
                .foreign_key(&mut org_fk("ita_results"))
                .to_owned(),
        )
        .await?;
        m.create_index(unique_index(
            "ita_results",
            &["organization_id", "fiscal_year", "indicator_code"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("ita_results").to_owned())
            .await
    }
}

// ---------- reading ----------

/// One indicator's line: the data and what was entered.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub indicator: Indicator,
    pub score: Option<f64>,
    pub analysis: String,
    pub actions: String,
}

impl Line {
    /// Entered and below the pass mark: this year's measures should address it.
    pub fn below_pass(&self) -> bool {
        self.indicator.code != OVERALL && self.score.is_some_and(|s| s < indicators().pass_score)
    }

    pub fn score_text(&self) -> String {
        self.score.map(|s| format!("{s:.2}")).unwrap_or_default()
    }
}

/// Every indicator of `fiscal_year` with what the organization entered (empty lines for the
/// others), in the data's order.
pub async fn load(
    db: &Db,
    organization_id: i64,
    fiscal_year: i32,
) -> prongsai_kernel::Result<Vec<Line>> {
    let rows = ita_result::Entity::find()
        .filter(ita_result::Column::OrganizationId.eq(organization_id))
        .filter(ita_result::Column::FiscalYear.eq(fiscal_year))
        .all(db.conn())
        .await?;
    let by_code: HashMap<&str, &ita_result::Model> = rows
        .iter()
        .map(|r| (r.indicator_code.as_str(), r))
        .collect();
    Ok(indicators()
        .list
        .iter()
        .map(|i| {
            let row = by_code.get(i.code.as_str());
            Line {
                indicator: i.clone(),
                score: row.and_then(|r| r.score_x100).map(|s| f64::from(s) / 100.0),
                analysis: row.map(|r| r.analysis.clone()).unwrap_or_default(),
                actions: row.map(|r| r.actions.clone()).unwrap_or_default(),
            }
        })
        .collect())
}

/// Whether anything was entered for the year.
pub fn any_entered(lines: &[Line]) -> bool {
    lines
        .iter()
        .any(|l| l.score.is_some() || !l.analysis.is_empty() || !l.actions.is_empty())
}

// ---------- saving ----------

/// A score as typed: `87.45`, `87,45`, `๘๗.๔๕`; empty is none. Hundredths, 0 to 100.
pub fn parse_score(raw: &str) -> Result<Option<i32>, &'static str> {
    let s = prongsai_thai::to_arabic_digits(raw.trim()).replace(',', ".");
    if s.is_empty() {
        return Ok(None);
    }
    let v: f64 = s.parse().map_err(|_| "คะแนนต้องเป็นตัวเลข เช่น 87.45")?;
    if !v.is_finite() || !(0.0..=100.0).contains(&v) {
        return Err("คะแนนต้องอยู่ระหว่าง 0 ถึง 100");
    }
    Ok(Some((v * 100.0).round() as i32))
}

/// Saves the year's form (`score_<code>`, `analysis_<code>`, `actions_<code>` for every
/// indicator) in one transaction: all lines or, on any error, none.
pub async fn save(
    db: &Db,
    auth: &Authorized<EnterItaResults>,
    fiscal_year: i32,
    form: &HashMap<String, String>,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let mut e = FieldErrors::default();
    let get = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for i in &indicators().list {
        let score = match parse_score(&get(i.fields.score)) {
            Ok(s) => s,
            Err(msg) => {
                e.add(i.fields.score, msg);
                None
            }
        };
        let analysis = get(i.fields.analysis);
        e.max_chars(i.fields.analysis, &analysis, MAX_TEXT, "ผลการวิเคราะห์");
        let actions = get(i.fields.actions);
        e.max_chars(i.fields.actions, &actions, MAX_TEXT, "แนวทางในมาตรการปีนี้");
        lines.push((i.code.clone(), score, analysis, actions));
    }
    e.into_result()?;
    let now = prongsai_kernel::clock::now();
    let txn = db.begin_write().await?;
    let existing = ita_result::Entity::find()
        .filter(ita_result::Column::OrganizationId.eq(org))
        .filter(ita_result::Column::FiscalYear.eq(fiscal_year))
        .all(&txn)
        .await?;
    let mut changed = Vec::new();
    for (code, score, analysis, actions) in lines {
        match existing.iter().find(|r| r.indicator_code == code) {
            Some(r) if r.score_x100 == score && r.analysis == analysis && r.actions == actions => {}
            Some(r) => {
                let mut a = r.clone().into_active_model();
                a.score_x100 = Set(score);
                a.analysis = Set(analysis);
                a.actions = Set(actions);
                a.updated_at = Set(now);
                a.update(&txn).await?;
                changed.push(code);
            }
            None if score.is_none() && analysis.is_empty() && actions.is_empty() => {}
            None => {
                ita_result::ActiveModel {
                    organization_id: Set(org),
                    fiscal_year: Set(fiscal_year),
                    indicator_code: Set(code.clone()),
                    score_x100: Set(score),
                    analysis: Set(analysis),
                    actions: Set(actions),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                changed.push(code);
            }
        }
    }
    if !changed.is_empty() {
        audit::record(
            &txn,
            Some(org),
            auth.actor(),
            "ita.results.save",
            Target::new(TARGET, i64::from(fiscal_year)),
            json!({ "indicators": changed }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_has_ten_indicators_and_the_overall_row() {
        let d = indicators();
        assert_eq!(d.list.len(), 11);
        assert_eq!(d.list[7].code, "8");
        assert_eq!(d.list[7].name_th, "การปรับปรุงการทำงาน");
        assert_eq!(d.list[10].code, OVERALL);
        assert_eq!(d.list[0].fields.score, "score_1");
        assert!((d.pass_score - 85.0).abs() < f64::EPSILON);
    }

    #[test]
    fn scores_are_read_the_thai_way_or_refused_with_a_reason() {
        assert_eq!(parse_score("87.45"), Ok(Some(8745)));
        assert_eq!(parse_score(" ๘๗,๔๕ "), Ok(Some(8745)));
        assert_eq!(parse_score("100"), Ok(Some(10000)));
        assert_eq!(parse_score(""), Ok(None));
        assert!(parse_score("101").is_err());
        assert!(parse_score("-1").is_err());
        assert!(parse_score("แปดสิบ").is_err());
        assert!(parse_score("NaN").is_err());
    }
}
