//! Sessions stored in the database. The browser holds a random token; the table holds
//! its SHA-256. A session belongs to one organization and is ignored on another
//! organization's host.

use chrono::Duration;
use prongsai_db::Db;
use prongsai_db::entities::{session, user};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use prongsai_kernel::{Secret, Staff};

/// A session ends after this long without a request...
pub const IDLE_TIMEOUT: Duration = Duration::hours(2);
/// ...and in any case this long after sign-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often, to keep reads cheap.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Where a signed-in browser is in the sign-in process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStage {
    /// Password given; the user has a second factor and must type a code.
    NeedsSecondFactor,
    /// Password given; a role requires a second factor that is not yet set up.
    NeedsEnrolment,
    /// Fully signed in.
    Complete,
}

/// A loaded session.
#[derive(Clone, Debug)]
pub struct SessionContext {
    pub session_id: i64,
    pub stage: SessionStage,
    pub staff: Staff,
    pub must_change_password: bool,
    pub has_second_factor: bool,
}

pub fn hash_token(token: &str) -> String {
    prongsai_kernel::random::sha256_hex(token.as_bytes())
}

/// Creates a session and returns the token for the cookie.
pub async fn create_session(
    db: &impl ConnectionTrait,
    organization_id: i64,
    user_id: i64,
    second_factor_done: bool,
) -> prongsai_kernel::Result<Secret<String>> {
    let token = prongsai_kernel::random::token();
    let now = prongsai_kernel::clock::now();
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        organization_id: Set(organization_id),
        user_id: Set(user_id),
        second_factor_done: Set(second_factor_done),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + IDLE_TIMEOUT),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Secret::new(token))
}

/// Loads the session for a cookie token on an organization's host. Expired sessions,
/// sessions of another organization and sessions of disabled users give `None`.
pub async fn load_session(
    db: &Db,
    organization_id: i64,
    token: &str,
) -> prongsai_kernel::Result<Option<SessionContext>> {
    let now = prongsai_kernel::clock::now();
    let Some(row) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash_token(token)))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    if row.organization_id != organization_id
        || row.expires_at <= now
        || now.signed_duration_since(row.created_at) > ABSOLUTE_TIMEOUT
    {
        return Ok(None);
    }
    let Some(user) = user::Entity::find_by_id(row.user_id)
        .filter(user::Column::OrganizationId.eq(organization_id))
        .one(db.conn())
        .await?
        .filter(|u| u.is_active)
    else {
        return Ok(None);
    };
    let roles = crate::users::list_roles_of_user(db.conn(), organization_id, user.id).await?;
    let has_second_factor = user.totp_secret.is_some();
    let stage = if has_second_factor && !row.second_factor_done {
        SessionStage::NeedsSecondFactor
    } else if !has_second_factor
        && crate::policy::second_factor_required(db.conn(), organization_id, &roles).await?
    {
        SessionStage::NeedsEnrolment
    } else {
        SessionStage::Complete
    };
    let session_id = row.id;
    if now.signed_duration_since(row.last_seen_at) > TOUCH_EVERY {
        let mut active = row.into_active_model();
        active.last_seen_at = Set(now);
        active.expires_at = Set(now + IDLE_TIMEOUT);
        active.update(db.conn()).await?;
    }
    Ok(Some(SessionContext {
        session_id,
        stage,
        must_change_password: user.must_change_password,
        has_second_factor,
        staff: Staff {
            user_id: user.id,
            organization_id,
            username: user.username,
            display_name: user.display_name,
            division_id: user.division_id,
            roles,
        },
    }))
}

/// Ends a session (sign-out).
pub async fn delete_session(db: &impl ConnectionTrait, token: &str) -> prongsai_kernel::Result<()> {
    session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(hash_token(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes expired sessions (a periodic job).
pub async fn purge_expired_sessions(db: &impl ConnectionTrait) -> prongsai_kernel::Result<u64> {
    let now = prongsai_kernel::clock::now();
    let result = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
