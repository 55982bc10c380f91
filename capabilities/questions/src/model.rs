//! The questions table.

pub mod question {
    use sea_orm::entity::prelude::*;

    /// A question as the asker sent it and the staff's work on it. The public never
    /// reads this row: it reads the snapshot published when the question is answered.
    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "questions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub title: String,
        pub body: String,
        /// The name the asker gave (may be empty); public only when `show_name`.
        pub asker_name: String,
        pub show_name: bool,
        /// E-mail address or phone number for a private reply (may be empty). Personal
        /// data: shown to staff only, never published, exported or logged.
        pub contact: String,
        /// `pending`, `answered` or `rejected` (see [`super::Status`]).
        pub status: String,
        /// Buddhist Era fiscal year of the day the question was asked.
        pub fiscal_year: i32,
        pub asked_at: DateTimeUtc,
        pub answer: String,
        pub answer_division_id: Option<i64>,
        pub answered_by: Option<i64>,
        /// The first answer (later edits are versions of the publication).
        pub answered_at: Option<DateTimeUtc>,
        pub rejected_reason: Option<String>,
        pub rejected_by: Option<i64>,
        pub rejected_at: Option<DateTimeUtc>,
        pub updated_at: DateTimeUtc,
    }

    // Hand-written so that the asker's name, contact and text never reach a log line.
    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Question")
                .field("id", &self.id)
                .field("organization_id", &self.organization_id)
                .field("status", &self.status)
                .field("contact", &"***")
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a question is in the moderation queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Waiting for staff; visible to staff only.
    Pending,
    /// Answered and published.
    Answered,
    /// Rejected as spam; never public.
    Rejected,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pending, Status::Answered, Status::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Answered => "answered",
            Status::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}
