//! Plan tables. Amounts are in satang (i64), never floats.

pub mod plan {
    use sea_orm::entity::prelude::*;

    /// A plan of one kind for one fiscal year (the working copy; the public sees snapshots).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plans")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// A code of `data/kinds.toml`.
        pub kind: String,
        pub fiscal_year: i32,
        pub title: String,
        pub approved_on: Option<Date>,
        pub notes: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod project {
    use sea_orm::entity::prelude::*;

    /// A project or activity of a plan.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan_projects")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub plan_id: i64,
        pub title: String,
        pub objective: String,
        /// Outputs and indicators (ผลผลิต/ตัวชี้วัด).
        pub outputs: String,
        pub budget_satang: i64,
        pub budget_source: String,
        pub starts_on: Date,
        pub ends_on: Date,
        pub division_id: Option<i64>,
        pub sort_order: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod progress {
    use sea_orm::entity::prelude::*;

    /// Where a project stood on a date.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan_progress")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub project_id: i64,
        pub as_of: Date,
        pub percent: i32,
        pub spent_satang: i64,
        /// What was done (milestone).
        pub milestone: String,
        pub problems: String,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod report {
    use sea_orm::entity::prelude::*;

    /// The six-month (as of 31 March) or annual report of a plan.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan_reports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub plan_id: i64,
        /// `six_month` or `annual`.
        pub kind: String,
        pub as_of: Date,
        pub problems: String,
        pub suggestions: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod report_line {
    use sea_orm::entity::prelude::*;

    /// The result of one project in a report.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan_report_lines")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub report_id: i64,
        pub project_id: i64,
        pub percent: i32,
        pub result: String,
        pub allocated_satang: i64,
        pub spent_satang: i64,
        pub actual_start: Option<Date>,
        pub actual_end: Option<Date>,
        pub problems: String,
        pub suggestions: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
