//! Risk-register tables.

pub mod risk_assessment {
    use sea_orm::entity::prelude::*;

    /// The corruption-risk assessment of one fiscal year (the working copy; the public sees
    /// its published snapshots).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "risk_assessments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub title: String,
        /// What was assessed, by whom and how.
        pub scope: String,
        pub assessed_on: Option<Date>,
        /// The 6-month monitoring as of 31 March.
        pub monitoring_summary: String,
        /// The annual results report: results, problems, suggestions.
        pub annual_results: String,
        pub annual_problems: String,
        pub annual_suggestions: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod risk_event {
    use sea_orm::entity::prelude::*;

    /// A risk event (เหตุการณ์ความเสี่ยง) in one area, with its likelihood and impact.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "risk_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub assessment_id: i64,
        /// A code of `data/matrix.toml` areas.
        pub area_code: String,
        pub description: String,
        pub cause: String,
        pub existing_controls: String,
        /// 1-5.
        pub likelihood: i32,
        /// 1-5.
        pub impact: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        pub fn score(&self) -> u32 {
            (self.likelihood.max(0) * self.impact.max(0)) as u32
        }
    }
}

pub mod risk_measure {
    use sea_orm::entity::prelude::*;

    /// A measure against a risk event, owned by a division, with its follow-up.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "risk_measures")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub event_id: i64,
        pub description: String,
        pub owner_division_id: i64,
        pub due_date: Date,
        /// `planned`, `in_progress` or `done` (see [`super::MEASURE_STATUSES`]).
        pub status: String,
        /// The result as of 31 March (6-month monitoring).
        pub six_month_result: String,
        /// The result at the end of the fiscal year.
        pub annual_result: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Measure statuses: `(code, Thai, English)`.
pub const MEASURE_STATUSES: [(&str, &str, &str); 3] = [
    ("planned", "ยังไม่เริ่ม", "Planned"),
    ("in_progress", "อยู่ระหว่างดำเนินการ", "In progress"),
    ("done", "ดำเนินการแล้ว", "Done"),
];

pub fn measure_status_th(code: &str) -> &'static str {
    MEASURE_STATUSES
        .iter()
        .find(|s| s.0 == code)
        .map(|s| s.1)
        .unwrap_or("")
}
