//! The channel's tables. Nothing a reporter wrote is stored in the clear: every
//! `sealed*` column is ciphertext under a report key (see `crypto.rs`); what stays in
//! the clear is what the organization needs to run the channel without reading it
//! (status, the day a report arrived, the fiscal year, wrapped keys).
//!
//! The `Debug` of every row prints ids only.

macro_rules! debug_ids {
    ($name:literal, $($field:ident),*) => {
        impl std::fmt::Debug for Model {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct($name)
                    $(.field(stringify!($field), &self.$field))*
                    .finish_non_exhaustive()
            }
        }
    };
}

/// One row per organization that has set the channel up.
pub mod channel {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_channels")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// X25519 public half of the organization's recovery key (the secret half was
        /// shown once to the administrator and is not stored).
        pub recovery_public_key: Vec<u8>,
        /// Closed reports are deleted this many days after closing.
        pub retention_days: i32,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }
    debug_ids!("IntegrityChannel", id, organization_id, retention_days);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// A staff member named to receive reports, with their key pair once they made it.
pub mod recipient {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_recipients")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub user_id: i64,
        /// X25519 public key; `None` until the recipient makes their key.
        pub public_key: Option<Vec<u8>>,
        /// The private key sealed under the recipient's password (Argon2id).
        pub sealed_secret_key: Option<Vec<u8>>,
        pub kdf_salt: Option<Vec<u8>>,
        pub kdf_params: Option<String>,
        pub added_by: Option<i64>,
        pub added_at: DateTimeUtc,
        pub key_created_at: Option<DateTimeUtc>,
    }
    debug_ids!("IntegrityRecipient", id, organization_id, user_id);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// A report. `sealed_content` holds the questionnaire; `sealed_reporter_key` the report
/// key wrapped under the receipt's key.
pub mod report {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_reports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// Random, bound into every blob's associated data.
        pub uid: String,
        /// Derived from the receipt through Argon2id (see `crypto::receipt_secrets`).
        pub receipt_index: Vec<u8>,
        pub sealed_reporter_key: Vec<u8>,
        /// Tells the right report key from a decoy (see `SymmetricKey::check_value`).
        pub key_check: Vec<u8>,
        pub sealed_content: Vec<u8>,
        /// `new`, `under_review`, `investigating`, `referred`, `closed`.
        pub status: String,
        /// Outcome code when closed.
        pub outcome: Option<String>,
        /// The day it arrived (no time of day: see docs/SECURITY.md).
        pub received_on: Date,
        /// Buddhist Era fiscal year of `received_on`.
        pub fiscal_year: i32,
        pub closed_on: Option<Date>,
    }
    debug_ids!("IntegrityReport", id, organization_id, status);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// A report key wrapped for one holder: a recipient (real, or a decoy when the reporter
/// left them out) or the organization's recovery key.
pub mod report_key {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_report_keys")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub report_id: i64,
        /// `None` for the recovery key's wrap.
        pub recipient_id: Option<i64>,
        pub wrapped: Vec<u8>,
    }
    debug_ids!("IntegrityReportKey", id, report_id, recipient_id);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// The reporter's name and contact, apart from the report, sealed under the report's
/// identity sub-key. Every report has one (an empty, padded one when anonymous), so the
/// database does not show who left their name.
pub mod identity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_identities")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub report_id: i64,
        pub sealed: Vec<u8>,
    }
    debug_ids!("IntegrityIdentity", id, report_id);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// A message between the reporter and the recipients.
pub mod message {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub report_id: i64,
        /// `reporter` or `recipient`.
        pub author: String,
        pub author_user_id: Option<i64>,
        /// For the reporter's messages, the day only.
        pub sent_at: DateTimeUtc,
        pub sealed: Vec<u8>,
    }
    debug_ids!("IntegrityMessage", id, report_id, author);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// An attachment: the file is sealed in the file store under `storage_key`; its name and
/// type are sealed here.
pub mod attachment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_attachments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub report_id: i64,
        /// `reporter` or `recipient`.
        pub added_by: String,
        pub added_at: DateTimeUtc,
        /// A random name in the file store (never a hash of the content, which would
        /// confirm who holds a known document).
        pub storage_key: String,
        pub sealed_meta: Vec<u8>,
    }
    debug_ids!("IntegrityAttachment", id, report_id);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// What recipients did to a report: status changes, identity reveals, referrals. Free
/// text (reasons, what was sent) is sealed.
pub mod event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        pub report_id: i64,
        /// `status`, `reveal`, `referral`.
        pub kind: String,
        pub actor_user_id: Option<i64>,
        pub at: DateTimeUtc,
        pub status: Option<String>,
        pub authority: Option<String>,
        pub sent_on: Option<Date>,
        pub identity_included: bool,
        pub sealed: Option<Vec<u8>>,
    }
    debug_ids!("IntegrityEvent", id, report_id, kind);

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// Counts for the public statistics, kept apart from the reports so that deleting a
/// report at the end of its retention does not change the past's numbers.
pub mod tally {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "integrity_tallies")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: i64,
        /// Fiscal year (B.E.) the counted reports were received in.
        pub fiscal_year: i32,
        /// `YYYY-MM` of the month the change happened; the public sees only past months.
        pub month: String,
        pub received: i32,
        pub completed: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a report is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    New,
    UnderReview,
    Investigating,
    Referred,
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::New,
        Status::UnderReview,
        Status::Investigating,
        Status::Referred,
        Status::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::UnderReview => "under_review",
            Status::Investigating => "investigating",
            Status::Referred => "referred",
            Status::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Locale key of its name.
    pub fn label(self) -> String {
        format!("integrity.status.{}", self.code())
    }
}

/// How a closed report ended.
pub const OUTCOMES: [&str; 5] = [
    "substantiated",
    "not_substantiated",
    "referred_elsewhere",
    "insufficient_information",
    "withdrawn",
];

/// Authorities a report can be referred to.
pub const AUTHORITIES: [&str; 5] = ["nacc", "pacc", "damrongdham", "ombudsman", "other"];
