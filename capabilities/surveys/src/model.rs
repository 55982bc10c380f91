//! The surveys tables: invitations (one per served request or walk-in, holding only a
//! hash of the one-time link's token), responses (scores and a comment, dated to the
//! month only, with no link to the invitation or the citizen) and monthly summaries.

pub mod invitation {
    use sea_orm::entity::prelude::*;

    /// The right to answer one survey about one service given.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "survey_invitations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// `request` (an e-service request) or `walk_in` (the counter).
        pub source_kind: String,
        pub source_id: i64,
        /// SHA-256 of the link's token; the token itself is never stored.
        pub token_hash: String,
        pub division_id: Option<i64>,
        pub manual_id: Option<i64>,
        /// The first day of the month the service was given.
        pub service_month: Date,
        pub answered: bool,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod response {
    use sea_orm::entity::prelude::*;

    /// One answer. Deliberately without a time (only the month), without the
    /// invitation's id and without anything about the person.
    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "survey_responses")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub division_id: Option<i64>,
        pub manual_id: Option<i64>,
        /// `online` or `walk_in`.
        pub channel: String,
        /// The first day of the month the service was given.
        pub month: Date,
        pub q_process: i32,
        pub q_staff: i32,
        pub q_facility: i32,
        pub q_result: i32,
        pub q_overall: i32,
        pub comment: String,
        /// `none`, `pending` (waiting for review), `approved` (public) or `hidden`.
        pub comment_status: String,
        pub reviewed_by: Option<i64>,
    }

    // By hand: a comment may hold what a citizen wrote about themselves.
    impl std::fmt::Debug for Model {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("SurveyResponse")
                .field("id", &self.id)
                .field("organization_id", &self.organization_id)
                .field("month", &self.month)
                .field("comment", &"***")
                .finish_non_exhaustive()
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod summary {
    use sea_orm::entity::prelude::*;

    /// A monthly summary; what it says is its published snapshot.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "survey_summaries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// The first day of the month summarised.
        pub month: Date,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a survey's service was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// An online e-service request.
    Request,
    /// A walk-in at the One Stop Service counter.
    WalkIn,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Request => "request",
            Source::WalkIn => "walk_in",
        }
    }

    /// The channel of the responses it brings.
    pub fn channel(self) -> &'static str {
        match self {
            Source::Request => "online",
            Source::WalkIn => "walk_in",
        }
    }
}

/// Where a comment is in its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentStatus {
    None,
    Pending,
    Approved,
    Hidden,
}

impl CommentStatus {
    pub fn code(self) -> &'static str {
        match self {
            CommentStatus::None => "none",
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Hidden => "hidden",
        }
    }
}

/// The questions, each scored 1 (least) to 5 (most): the column and the locale key of
/// its wording.
pub const QUESTIONS: [(&str, &str); 5] = [
    ("q_process", "surveys.q.process"),
    ("q_staff", "surveys.q.staff"),
    ("q_facility", "surveys.q.facility"),
    ("q_result", "surveys.q.result"),
    ("q_overall", "surveys.q.overall"),
];
