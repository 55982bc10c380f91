//! No Gift Policy tables.

pub mod gift_declaration {
    use sea_orm::entity::prelude::*;

    /// The No Gift Policy declaration of a fiscal year, in Thai and English, and its
    /// signature by the top executive (a signed action in the audit chain).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gift_declarations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub title_th: String,
        pub body_th: String,
        pub title_en: String,
        pub body_en: String,
        pub signed_by: Option<i64>,
        /// The signer's name and position as they were when signing.
        pub signer_name: String,
        pub signer_position: String,
        pub signed_at: Option<DateTimeUtc>,
        /// The audit row of the signature; its hash chains it to every later row.
        pub signature_audit_id: Option<i64>,
        pub signature_hash: String,
        /// Problems and suggestions of the annual report.
        pub annual_notes: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod gift_activity {
    use sea_orm::entity::prelude::*;

    /// An activity that builds the No Gift culture.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gift_activities")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub declaration_id: i64,
        pub held_on: Date,
        pub title: String,
        pub description: String,
        pub participants: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod gift_entry {
    use sea_orm::entity::prelude::*;

    /// A line of the register: a gift received or refused, or a month's nil report
    /// (`kind = "nil"`, `entry_date` the first of the month).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gift_entries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub declaration_id: i64,
        /// `received`, `refused` or `nil`.
        pub kind: String,
        pub entry_date: Date,
        /// Who gave it, by relation (ผู้ประกอบการ, ประชาชนผู้รับบริการ...), never a name.
        pub giver_relation: String,
        pub description: String,
        pub value_satang: i64,
        /// A code of [`super::DECISIONS`].
        pub decision: String,
        pub recipient_position: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// What was done with a gift: `(code, Thai, English)`.
pub const DECISIONS: [(&str, &str, &str); 4] = [
    ("refused", "ปฏิเสธการรับ", "Refused"),
    ("returned", "ส่งคืนผู้ให้", "Returned to the giver"),
    (
        "handed_over",
        "ส่งมอบเป็นของหน่วยงาน",
        "Handed over to the organization",
    ),
    (
        "kept",
        "รับไว้ได้ตามหลักเกณฑ์ (ไม่เกิน 3,000 บาท)",
        "Kept within the rules (at most 3,000 baht)",
    ),
];

/// The most a gift kept by an official may be worth (NACC: 3,000 baht), in satang.
pub const KEEP_LIMIT_SATANG: i64 = 300_000;

pub fn decision_th(code: &str) -> &'static str {
    DECISIONS
        .iter()
        .find(|d| d.0 == code)
        .map(|d| d.1)
        .unwrap_or("")
}

pub fn decision_en(code: &str) -> &'static str {
    DECISIONS
        .iter()
        .find(|d| d.0 == code)
        .map(|d| d.2)
        .unwrap_or("")
}
