//! Meeting tables.

pub mod meeting {
    use sea_orm::entity::prelude::*;

    /// A meeting or a public forum.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "meetings")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// A code of [`super::KINDS`].
        pub kind: String,
        pub title: String,
        pub held_on: Date,
        /// The Buddhist Era fiscal year of `held_on`.
        pub fiscal_year: i32,
        pub place: String,
        /// One agenda item a line.
        pub agenda: String,
        /// Attendance by group.
        pub executives: i32,
        pub council_members: i32,
        pub staff: i32,
        pub citizens: i32,
        pub others: i32,
        /// Names of those present, one a line (optional).
        pub attendees: String,
        pub minutes: String,
        /// One decision a line.
        pub decisions: String,
        /// Public forums: the issue consulted, the results, and what changed because of it.
        pub issue: String,
        pub results: String,
        pub changes: String,
        /// A project of a plan (`plan_projects.id`) this meeting advanced.
        pub plan_project_id: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Kinds of meetings: `(code, Thai, English)`. `forum` is public participation.
pub const KINDS: [(&str, &str, &str); 4] = [
    ("staff", "ประชุมพนักงาน", "Staff meeting"),
    ("council", "ประชุมสภา", "Council meeting"),
    ("committee", "ประชุมคณะกรรมการ", "Committee meeting"),
    (
        "forum",
        "เวทีประชาคม/การรับฟังความคิดเห็น",
        "Public forum / consultation",
    ),
];

pub fn kind_th(code: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.0 == code)
        .map(|k| k.1)
        .unwrap_or("")
}

pub fn kind_en(code: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.0 == code)
        .map(|k| k.2)
        .unwrap_or("")
}

/// Attendance groups: `(field, Thai, English)`.
pub const GROUPS: [(&str, &str, &str); 5] = [
    ("executives", "ผู้บริหาร", "Executives"),
    ("council_members", "สมาชิกสภา", "Council members"),
    ("staff", "พนักงานและเจ้าหน้าที่", "Staff"),
    ("citizens", "ประชาชน", "Citizens"),
    ("others", "อื่น ๆ", "Others"),
];
