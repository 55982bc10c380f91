//! The tables of complaints: the organization's categories, the complaints and what
//! happened to each (its events).

pub mod category {
    use sea_orm::entity::prelude::*;

    /// A kind of complaint (ถนน/ทางเท้า, ไฟฟ้าส่องสว่าง...), kept per organization, with the
    /// division that usually handles it and the handling time in working days.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_categories")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// Stable ASCII code, unique in the organization (`road`, `light`...).
        pub code: String,
        pub name_th: String,
        pub name_en: String,
        /// Working days from receipt to the deadline.
        pub handling_days: i32,
        /// Where new complaints of this category go.
        pub division_id: Option<i64>,
        pub sort_order: i32,
        /// Inactive categories are no longer offered on the form; their complaints stay.
        pub active: bool,
    }

    impl Model {
        /// The name in the reader's language.
        pub fn name(&self, english: bool) -> &str {
            if english && !self.name_en.is_empty() {
                &self.name_en
            } else {
                &self.name_th
            }
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint {
    use sea_orm::entity::prelude::*;

    /// A complaint as the complainant sent it and where it stands. Never public: the
    /// complainant reads its status, public answers and history through the tracking
    /// code; statistics count rows without reading their text.
    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaints")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// Normalized tracking code (`prongsai_kernel::tracking`), unique.
        pub tracking_code: String,
        pub category_id: i64,
        pub village_id: Option<i64>,
        /// Where the problem is, in words.
        pub place: String,
        /// A map position the complainant chose to share (decimal degrees).
        pub latitude: Option<String>,
        pub longitude: Option<String>,
        pub description: String,
        /// Personal data, optional, seen by staff only.
        pub complainant_name: String,
        pub phone: String,
        pub email: String,
        /// The complainant asked to keep the location data of their photos.
        pub photos_keep_location: bool,
        /// See [`super::Status`].
        pub status: String,
        pub division_id: Option<i64>,
        pub assignee_id: Option<i64>,
        pub received_at: DateTimeUtc,
        /// Buddhist Era fiscal year of the day received.
        pub fiscal_year: i32,
        /// The handling time of the category when received, in working days.
        pub handling_days: i32,
        /// The deadline (a date in Thailand).
        pub due_on: Date,
        /// While waiting for information from the complainant the clock stops; the
        /// deadline moves by the working days waited.
        pub waiting_since: Option<Date>,
        /// When the complaint was completed or not accepted.
        pub closed_at: Option<DateTimeUtc>,
        /// When the overdue job flagged it (cleared on reopening).
        pub overdue_at: Option<DateTimeUtc>,
        pub reopen_count: i32,
        pub updated_at: DateTimeUtc,
    }

    // Hand-written so that the complainant's name, contact and text never reach a log.
    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Complaint")
                .field("id", &self.id)
                .field("organization_id", &self.organization_id)
                .field("status", &self.status)
                .field("tracking_code", &"***")
                .field("contact", &"***")
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod event {
    use sea_orm::entity::prelude::*;

    /// One step in the life of a complaint: received, a status change, an answer, an
    /// internal note, an assignment, a reopening, being flagged overdue. Public events
    /// are shown to the complainant; the others to staff only.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub complaint_id: i64,
        /// See [`super::EventKind`].
        pub kind: String,
        /// The status after the event.
        pub status: String,
        /// Shown to the complainant through the tracking code.
        pub public: bool,
        /// The answer, reason, note (may be empty).
        pub message: String,
        /// For assignments: where and to whom.
        pub division_id: Option<i64>,
        pub assignee_id: Option<i64>,
        /// The staff member who acted; `None` for the complainant or the system.
        pub actor_user_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Received, not yet taken up (รับเรื่องแล้ว).
    Received,
    /// Being handled (อยู่ระหว่างดำเนินการ).
    InProgress,
    /// Waiting for information from the complainant; the deadline's clock stops.
    Waiting,
    /// Completed, with an answer (ดำเนินการแล้วเสร็จ).
    Completed,
    /// Not accepted, with a reason (ไม่รับเรื่อง).
    NotAccepted,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Received,
        Status::InProgress,
        Status::Waiting,
        Status::Completed,
        Status::NotAccepted,
    ];
    /// Statuses of complaints still being handled.
    pub const OPEN: [Status; 3] = [Status::Received, Status::InProgress, Status::Waiting];

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProgress => "in_progress",
            Status::Waiting => "waiting",
            Status::Completed => "completed",
            Status::NotAccepted => "not_accepted",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        Status::OPEN.contains(&self)
    }

    /// The locale key of its name.
    pub fn label_key(self) -> String {
        format!("complaints.status_{}", self.code())
    }

    /// Statuses staff may set (receiving is the complaint's own first status).
    pub const SETTABLE: [Status; 4] = [
        Status::InProgress,
        Status::Waiting,
        Status::Completed,
        Status::NotAccepted,
    ];
}

/// What an event records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Received,
    StatusChanged,
    Answer,
    Note,
    Assigned,
    Reopened,
    Overdue,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::Received,
        EventKind::StatusChanged,
        EventKind::Answer,
        EventKind::Note,
        EventKind::Assigned,
        EventKind::Reopened,
        EventKind::Overdue,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::StatusChanged => "status",
            EventKind::Answer => "answer",
            EventKind::Note => "note",
            EventKind::Assigned => "assigned",
            EventKind::Reopened => "reopened",
            EventKind::Overdue => "overdue",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }
}
