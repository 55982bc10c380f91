//! Procurement tables.

pub mod item {
    use sea_orm::entity::prelude::*;

    /// One procurement (a contracting process): the 18 fields of the NACC sheet (the
    /// organization's own fields come from `organizations`), and the dates red flags need.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurement_items")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub item_name: String,
        /// Satang.
        pub allocated_budget: i64,
        pub budget_source: String,
        pub status: String,
        pub method: String,
        pub reference_price: Option<i64>,
        pub agreed_price: Option<i64>,
        pub vendor_name: Option<String>,
        pub vendor_tax_id: Option<String>,
        pub egp_project_number: Option<String>,
        pub contract_start: Option<Date>,
        pub contract_end: Option<Date>,
        /// The invitation (or price) announcement.
        pub announced_on: Option<Date>,
        /// The award; the month the item counts in for the monthly summary.
        pub result_on: Option<Date>,
        pub division_id: Option<i64>,
        /// `form` or `import:<id>`.
        pub source: String,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod plan {
    use sea_orm::entity::prelude::*;

    /// The annual procurement plan of a fiscal year, or the statement that there is no
    /// item above the threshold that requires one.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurement_plans")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub none_above_threshold: bool,
        pub statement: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod plan_line {
    use sea_orm::entity::prelude::*;

    /// A planned procurement.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurement_plan_lines")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub plan_id: i64,
        pub item_name: String,
        pub budget: i64,
        pub budget_source: String,
        pub method: String,
        /// First day of the month the procurement is expected to start.
        pub expected_month: Date,
        pub investment: bool,
        pub sort_order: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod notice {
    use sea_orm::entity::prelude::*;

    /// An announcement: invitation, results, cancellation... with its documents.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurement_notices")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub item_id: Option<i64>,
        /// One of [`super::NOTICE_KINDS`].
        pub kind: String,
        pub title: String,
        pub announced_on: Date,
        pub egp_project_number: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod annual {
    use sea_orm::entity::prelude::*;

    /// What the annual procurement report says besides the numbers.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurement_annual_reports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub problems: String,
        pub suggestions: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod import {
    use sea_orm::entity::prelude::*;

    /// An uploaded sheet waiting for its preview to be committed.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurement_imports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub file_name: String,
        pub sha256: String,
        /// The serialised [`crate::import::ImportPreview`].
        pub preview: Json,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub committed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Kinds of announcement, with e-GP's announcement type codes.
pub const NOTICE_KINDS: &[(&str, &str, &str)] = &[
    ("plan", "P0", "แผนการจัดซื้อจัดจ้าง"),
    ("reference_price", "15", "ประกาศราคากลาง"),
    ("draft", "B0", "ร่างเอกสารประกวดราคา"),
    ("invitation", "D0", "ประกาศเชิญชวน"),
    ("invitation_cancelled", "D1", "ยกเลิกประกาศเชิญชวน"),
    ("invitation_changed", "D2", "เปลี่ยนแปลงประกาศเชิญชวน"),
    ("award", "W0", "ประกาศรายชื่อผู้ชนะการเสนอราคา"),
    ("award_cancelled", "W1", "ยกเลิกประกาศผู้ชนะ"),
    ("award_changed", "W2", "เปลี่ยนแปลงประกาศผู้ชนะ"),
];
