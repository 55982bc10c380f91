//! Asset tables.

pub mod asset {
    use sea_orm::entity::prelude::*;

    /// A durable good (ครุภัณฑ์) of the register.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "assets")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// The register code (`416-59-0001`), unique in the organization.
        pub code: String,
        pub name: String,
        /// A code of [`super::CATEGORIES`].
        pub category: String,
        /// The division responsible for it; its head approves borrowing.
        pub division_id: Option<i64>,
        pub location: String,
        pub value_satang: i64,
        pub acquired_on: Option<Date>,
        /// A code of [`super::CONDITIONS`].
        pub condition: String,
        /// Whether citizens may ask to borrow it.
        pub borrowable: bool,
        pub notes: String,
        /// Bumped by every approval: the first write of an approval's transaction, so two
        /// approvals of the same item queue up behind each other (row lock).
        pub booking_version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod booking {
    use sea_orm::entity::prelude::*;

    /// A request to borrow an item for a period, from a citizen or from staff.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "asset_bookings")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub asset_id: i64,
        /// The citizen's tracking code (see `prongsai_kernel::tracking`).
        pub tracking_code: String,
        /// `public` or `staff`.
        pub source: String,
        /// Never shown publicly.
        pub borrower_name: String,
        /// Never shown publicly.
        pub borrower_phone: String,
        /// Optional; never shown publicly. The decision and a late-return reminder go there.
        pub borrower_email: String,
        pub purpose: String,
        pub starts_on: Date,
        /// Inclusive: the day the item is due back.
        pub ends_on: Date,
        /// A code of [`super::STATUSES`].
        pub status: String,
        pub decided_by: Option<i64>,
        pub decided_at: Option<DateTimeUtc>,
        pub decision_note: String,
        pub handed_over_on: Option<Date>,
        /// Who handed it over (the officer's name as typed).
        pub handed_over_by: String,
        pub handover_notes: String,
        pub returned_on: Option<Date>,
        /// A code of [`super::CONDITIONS`], or "" before the return.
        pub return_condition: String,
        pub return_notes: String,
        /// When the overdue reminder was sent.
        pub reminded_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod inspection {
    use sea_orm::entity::prelude::*;

    /// A periodic inspection (ตรวจสอบพัสดุประจำปี).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "asset_inspections")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub fiscal_year: i32,
        pub inspected_on: Date,
        pub committee: String,
        pub summary: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod finding {
    use sea_orm::entity::prelude::*;

    /// What an inspection found of one item.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "asset_findings")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub inspection_id: i64,
        pub asset_id: i64,
        pub found: bool,
        pub condition: String,
        pub notes: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Conditions of an item: `(code, Thai, English)`.
pub const CONDITIONS: [(&str, &str, &str); 5] = [
    ("good", "ดี", "Good"),
    ("worn", "ชำรุดเล็กน้อย ใช้งานได้", "Worn, usable"),
    ("broken", "ชำรุด", "Broken"),
    ("repair", "ส่งซ่อม", "Under repair"),
    ("disposed", "จำหน่ายแล้ว", "Disposed of"),
];

/// Types of durable goods (the Comptroller General's groups): `(code, Thai, English)`.
pub const CATEGORIES: [(&str, &str, &str); 8] = [
    ("office", "ครุภัณฑ์สำนักงาน", "Office equipment"),
    ("vehicle", "ครุภัณฑ์ยานพาหนะและขนส่ง", "Vehicles and transport"),
    ("electric", "ครุภัณฑ์ไฟฟ้าและวิทยุ", "Electrical and radio"),
    ("publicity", "ครุภัณฑ์โฆษณาและเผยแพร่", "Publicity"),
    ("computer", "ครุภัณฑ์คอมพิวเตอร์", "Computers"),
    ("agriculture", "ครุภัณฑ์การเกษตร", "Agriculture"),
    ("construction", "ครุภัณฑ์ก่อสร้าง", "Construction"),
    ("other", "ครุภัณฑ์อื่น", "Other"),
];

/// Statuses of a booking: `(code, Thai, English)`.
pub const STATUSES: [(&str, &str, &str); 6] = [
    ("pending", "รอพิจารณา", "Waiting for approval"),
    ("approved", "อนุมัติแล้ว", "Approved"),
    ("refused", "ไม่อนุมัติ", "Refused"),
    ("handed_over", "ส่งมอบแล้ว (อยู่ระหว่างยืม)", "Handed over"),
    ("returned", "คืนแล้ว", "Returned"),
    ("cancelled", "ยกเลิก", "Cancelled"),
];

/// Statuses that hold the item for the booking's days.
pub const HOLDING: [&str; 2] = ["approved", "handed_over"];

fn find<'a>(list: &'a [(&'a str, &'a str, &'a str)], code: &str, en: bool) -> &'a str {
    list.iter()
        .find(|c| c.0 == code)
        .map(|c| if en { c.2 } else { c.1 })
        .unwrap_or("")
}

pub fn condition_name(code: &str, en: bool) -> &'static str {
    find(&CONDITIONS, code, en)
}

pub fn category_name(code: &str, en: bool) -> &'static str {
    find(&CATEGORIES, code, en)
}

pub fn status_name(code: &str, en: bool) -> &'static str {
    find(&STATUSES, code, en)
}
