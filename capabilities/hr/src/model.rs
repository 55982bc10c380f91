//! HR tables.

pub mod hr_year {
    use sea_orm::entity::prelude::*;

    /// A fiscal year's HR records and the problems and suggestions of its annual report.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hr_years")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub problems: String,
        pub suggestions: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod staffing {
    use sea_orm::entity::prelude::*;

    /// Posts of one position type in a year: allotted (กรอบอัตรากำลัง) and filled.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hr_staffing")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub year_id: i64,
        /// A code of [`super::POSITION_TYPES`].
        pub position_type: String,
        pub allotted: i32,
        pub filled: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod training {
    use sea_orm::entity::prelude::*;

    /// A training course attended, with participants counted by position type.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "hr_trainings")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub year_id: i64,
        pub course: String,
        pub organiser: String,
        pub starts_on: Date,
        pub ends_on: Date,
        pub hours: i32,
        /// Executives and council members.
        pub executives: i32,
        pub officials: i32,
        pub permanent: i32,
        pub mission: i32,
        pub general: i32,
        /// Names, one a line (optional).
        pub participants: String,
        /// The certificate (an attachment of the year, `attachments.id`).
        pub certificate_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod ethics_page {
    use sea_orm::entity::prelude::*;

    /// One ethics page of the organization (see [`crate::ethics::PAGES`]).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ethics_pages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub slug: String,
        pub title: String,
        pub body: String,
        /// The working group's appointment order.
        pub order_no: String,
        pub order_date: Option<Date>,
        /// "name | position" lines.
        pub members: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Position types of local staff: `(code, Thai, English)`.
pub const POSITION_TYPES: [(&str, &str, &str); 4] = [
    ("officials", "ข้าราชการ/พนักงานส่วนตำบล", "Local officials"),
    ("permanent", "ลูกจ้างประจำ", "Permanent employees"),
    ("mission", "พนักงานจ้างตามภารกิจ", "Mission-based employees"),
    ("general", "พนักงานจ้างทั่วไป", "General employees"),
];

/// Training participant groups: the position types and the executives and council members.
pub const PARTICIPANT_GROUPS: [(&str, &str, &str); 5] = [
    (
        "executives",
        "ผู้บริหารและสมาชิกสภา",
        "Executives and council members",
    ),
    POSITION_TYPES[0],
    POSITION_TYPES[1],
    POSITION_TYPES[2],
    POSITION_TYPES[3],
];
