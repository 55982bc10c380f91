//! The manuals tables: one row per manual (both kinds), its steps, the documents a
//! citizen brings and the laws it rests on.

pub mod manual {
    use sea_orm::entity::prelude::*;

    /// A work manual (คู่มือการปฏิบัติงาน) or a service manual (คู่มือสำหรับประชาชน) as
    /// staff edit it. The public reads the snapshot published from it, never this row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "manuals")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// `service` or `work` (see [`super::ManualKind`]).
        pub kind: String,
        pub title: String,
        /// The responsible division (ส่วนงานที่รับผิดชอบ).
        pub division_id: Option<i64>,
        /// Work manuals: the purpose and scope of the work.
        pub purpose: String,
        /// Service manuals: where the service is given (สถานที่).
        pub place: String,
        /// Service manuals: when (ระยะเวลาเปิดให้บริการ).
        pub service_hours: String,
        /// Service manuals: channel codes, JSON array (see [`super::Channel`]).
        pub channels: Json,
        /// A phone number, a LINE account... for the channels.
        pub channel_note: String,
        /// หลักเกณฑ์ วิธีการ เงื่อนไข.
        pub conditions: String,
        /// The explicit "ไม่มี" of the documents to bring.
        pub no_documents: bool,
        /// The fee in satang, when there is one.
        pub fee_satang: Option<i64>,
        /// The explicit "ไม่มีค่าธรรมเนียม".
        pub no_fee: bool,
        pub fee_note: String,
        /// ช่องทางการร้องเรียน.
        pub complaint_channel: String,
        /// The explicit "ไม่มี" of sample forms (otherwise attachments).
        pub no_sample_forms: bool,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod manual_step {
    use sea_orm::entity::prelude::*;

    /// One step of a manual with the time it takes.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "manual_steps")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub manual_id: i64,
        pub position: i32,
        pub title: String,
        pub detail: String,
        /// How long, in `duration_unit`s (0 while a draft leaves it blank).
        pub duration_amount: i32,
        /// `minutes`, `hours` or `working_days` (see [`super::DurationUnit`]).
        pub duration_unit: String,
        /// Who does it (ผู้รับผิดชอบ), e.g. "เจ้าพนักงานธุรการ".
        pub responsible: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod manual_document {
    use sea_orm::entity::prelude::*;

    /// A document the citizen brings, with how many originals and copies.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "manual_documents")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub manual_id: i64,
        pub position: i32,
        pub name: String,
        pub originals: i32,
        pub copies: i32,
        /// E.g. the issuing office ("หน่วยงานภาครัฐผู้ออกเอกสาร: กรมการปกครอง").
        pub note: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod manual_law {
    use sea_orm::entity::prelude::*;

    /// A law or regulation the manual rests on.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "manual_laws")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub manual_id: i64,
        pub position: i32,
        pub title: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The two kinds of manual, published under one publication kind with this as category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManualKind {
    /// คู่มือสำหรับประชาชน / คู่มือการให้บริการ (OIT o15/O9).
    Service,
    /// คู่มือการปฏิบัติงาน (OIT o14/O8).
    Work,
}

impl ManualKind {
    pub const ALL: [ManualKind; 2] = [ManualKind::Service, ManualKind::Work];

    pub fn code(self) -> &'static str {
        match self {
            ManualKind::Service => "service",
            ManualKind::Work => "work",
        }
    }

    pub fn from_code(code: &str) -> Option<ManualKind> {
        ManualKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a citizen can ask for a service (ช่องทางให้บริการ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// At the responsible division's office.
    InPerson,
    /// At the One Stop Service counter.
    OneStop,
    /// Online, on this site (`/e-services`).
    EService,
    Phone,
    Line,
    Post,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::InPerson,
        Channel::OneStop,
        Channel::EService,
        Channel::Phone,
        Channel::Line,
        Channel::Post,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::OneStop => "one_stop",
            Channel::EService => "e_service",
            Channel::Phone => "phone",
            Channel::Line => "line",
            Channel::Post => "post",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Locale key of its name.
    pub fn label_key(self) -> String {
        format!("manuals.channel.{}", self.code())
    }
}

/// The unit of a step's duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    Minutes,
    Hours,
    /// Working days of a government office (no weekends, no holidays).
    WorkingDays,
}

/// A working day has seven working hours (08.30-16.30 with an hour for lunch): time
/// steps that add up to more carry over into days when a due date is computed.
pub const MINUTES_PER_WORKING_DAY: u32 = 7 * 60;

impl DurationUnit {
    pub const ALL: [DurationUnit; 3] = [
        DurationUnit::Minutes,
        DurationUnit::Hours,
        DurationUnit::WorkingDays,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "minutes",
            DurationUnit::Hours => "hours",
            DurationUnit::WorkingDays => "working_days",
        }
    }

    pub fn from_code(code: &str) -> Option<DurationUnit> {
        DurationUnit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// Thai name of the unit as written after a number ("3 วันทำการ").
    pub fn thai(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "นาที",
            DurationUnit::Hours => "ชั่วโมง",
            DurationUnit::WorkingDays => "วันทำการ",
        }
    }

    pub fn english(self, n: i64) -> &'static str {
        match (self, n == 1) {
            (DurationUnit::Minutes, true) => "minute",
            (DurationUnit::Minutes, false) => "minutes",
            (DurationUnit::Hours, true) => "hour",
            (DurationUnit::Hours, false) => "hours",
            (DurationUnit::WorkingDays, true) => "working day",
            (DurationUnit::WorkingDays, false) => "working days",
        }
    }
}
