//! The e-services tables: the services and their form drafts, the requests citizens send
//! (with their status history) and the walk-ins logged at the counter.

pub mod eservice {
    use sea_orm::entity::prelude::*;

    /// An online service. Its form as published (a version of the publication) is what
    /// citizens fill in; `draft_fields` is what staff are building.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "eservices")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// The service manual the service follows (steps and durations, fee...).
        pub manual_id: i64,
        pub title: String,
        pub description: String,
        /// JSON array of [`crate::form::FieldSpec`].
        pub draft_fields: Json,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod service_request {
    use sea_orm::entity::prelude::*;

    /// A request a citizen sent through an e-service form.
    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_requests")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub eservice_id: i64,
        /// The version of the e-service's form the citizen filled in.
        pub form_version: i32,
        pub manual_id: i64,
        /// The division that handles it (the manual's).
        pub division_id: Option<i64>,
        /// What the citizen follows the request with (`kernel::tracking`), normalized.
        pub tracking_code: String,
        /// See [`super::RequestStatus`].
        pub status: String,
        pub assignee_id: Option<i64>,
        /// Personal data: staff only, never published, exported or logged.
        pub applicant_name: String,
        pub phone: String,
        /// Empty when not given; status changes are e-mailed when given.
        pub email: String,
        /// The answers to the form's fields by key (personal data).
        pub answers: Json,
        pub submitted_at: DateTimeUtc,
        /// The day it is due: the manual's steps in Thai working days.
        pub due_on: Date,
        pub completed_at: Option<DateTimeUtc>,
        /// Set by the overdue job when the due day passed while it was open.
        pub overdue: bool,
        pub overdue_at: Option<DateTimeUtc>,
        /// Buddhist Era fiscal year of the day it was sent.
        pub fiscal_year: i32,
        pub updated_at: DateTimeUtc,
    }

    // By hand: the name, phone, e-mail and answers never reach a log line.
    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ServiceRequest")
                .field("id", &self.id)
                .field("organization_id", &self.organization_id)
                .field("eservice_id", &self.eservice_id)
                .field("status", &self.status)
                .field("applicant_name", &"***")
                .field("phone", &"***")
                .field("email", &"***")
                .field("answers", &"***")
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod request_event {
    use sea_orm::entity::prelude::*;

    /// A step in a request's history: a status (shown to the citizen with its note) or
    /// an assignment (staff only).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_request_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub request_id: i64,
        /// `status` or `assign`.
        pub kind: String,
        pub status: Option<String>,
        /// For the citizen: what is needed, why it was rejected...
        pub note: String,
        pub assignee_id: Option<i64>,
        pub actor_id: Option<i64>,
        pub at: DateTimeUtc,
        /// When the citizen was e-mailed about it.
        pub notified_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod walk_in {
    use sea_orm::entity::prelude::*;

    /// A service given at the One Stop Service counter.
    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "walk_ins")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// The service (a service manual); `None` for "other".
        pub manual_id: Option<i64>,
        pub division_id: Option<i64>,
        /// See [`super::WalkInOutcome`].
        pub outcome: String,
        /// Optional; personal data, staff only.
        pub citizen_name: String,
        pub served_by: Option<i64>,
        pub served_at: DateTimeUtc,
        pub fiscal_year: i32,
    }

    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("WalkIn")
                .field("id", &self.id)
                .field("organization_id", &self.organization_id)
                .field("outcome", &self.outcome)
                .field("citizen_name", &"***")
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestStatus {
    Received,
    InProgress,
    /// Waiting for the citizen (a missing document...).
    Waiting,
    Completed,
    /// Rejected, always with a reason.
    Rejected,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Received,
        RequestStatus::InProgress,
        RequestStatus::Waiting,
        RequestStatus::Completed,
        RequestStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Received => "received",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Waiting => "waiting",
            RequestStatus::Completed => "completed",
            RequestStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Completed or rejected: nothing more happens.
    pub fn is_closed(self) -> bool {
        matches!(self, RequestStatus::Completed | RequestStatus::Rejected)
    }

    /// Thai name, for e-mails.
    pub fn thai(self) -> &'static str {
        match self {
            RequestStatus::Received => "รับเรื่องแล้ว",
            RequestStatus::InProgress => "กำลังดำเนินการ",
            RequestStatus::Waiting => "รอเอกสารหรือข้อมูลจากผู้ยื่นคำร้อง",
            RequestStatus::Completed => "ดำเนินการแล้วเสร็จ",
            RequestStatus::Rejected => "ไม่อนุมัติ / ไม่สามารถดำเนินการได้",
        }
    }
}

/// How a walk-in service ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkInOutcome {
    /// Served to the end.
    Completed,
    /// Information or advice given.
    Advised,
    /// Received and passed to the division to handle.
    Referred,
    /// Could not be served (documents missing...).
    Incomplete,
}

impl WalkInOutcome {
    pub const ALL: [WalkInOutcome; 4] = [
        WalkInOutcome::Completed,
        WalkInOutcome::Advised,
        WalkInOutcome::Referred,
        WalkInOutcome::Incomplete,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WalkInOutcome::Completed => "completed",
            WalkInOutcome::Advised => "advised",
            WalkInOutcome::Referred => "referred",
            WalkInOutcome::Incomplete => "incomplete",
        }
    }

    pub fn from_code(code: &str) -> Option<WalkInOutcome> {
        WalkInOutcome::ALL.into_iter().find(|o| o.code() == code)
    }
}
