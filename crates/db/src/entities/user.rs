use sea_orm::entity::prelude::*;

/// A staff account. Accounts belong to one organization: a person who works for two
/// organizations has two accounts, which keeps every permission check per organization.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub username: String,
    pub display_name: String,
    pub position_th: String,
    pub email: Option<String>,
    pub division_id: Option<i64>,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub must_change_password: bool,
    /// Base32 TOTP secret once enrolment is complete.
    pub totp_secret: Option<String>,
    /// The last TOTP time step accepted, so a code cannot be used twice.
    pub totp_last_step: Option<i64>,
    pub is_active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

// Hand-written so that password hashes and TOTP secrets never reach a log line.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("organization_id", &self.organization_id)
            .field("password_hash", &"***")
            .field("totp_secret", &self.totp_secret.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
