//! Signing in: password, then (where set up or required) the second factor.

use prongsai_db::Db;
use prongsai_db::entities::user;
use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::throttle::{self, Rule};
use prongsai_kernel::{Actor, Secret};
use serde_json::json;

use crate::password::{self, PasswordParams};
use crate::sessions::{self, SessionContext};
use crate::{totp, users};

/// What sign-in needs besides the database.
#[derive(Clone, Debug)]
pub struct SignInConfig {
    pub params: PasswordParams,
    /// A hash verified when the account does not exist, so that a missing account
    /// takes as long as a wrong password.
    pub dummy_hash: String,
    /// Key for the throttle counters' hashes.
    pub throttle_secret: Secret<Vec<u8>>,
}

impl SignInConfig {
    pub fn new(params: PasswordParams, throttle_secret: Secret<Vec<u8>>) -> Self {
        let dummy_hash =
            password::hash_password(params, &Secret::new(prongsai_kernel::random::token()));
        Self {
            params,
            dummy_hash,
            throttle_secret,
        }
    }
}

/// The only two answers a failed sign-in gives.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong account, wrong password, disabled account, wrong code: one answer.
    #[error("sign-in failed")]
    Failed,
    /// Too many failures for this account name or this client; try later.
    #[error("too many attempts")]
    Throttled,
    #[error(transparent)]
    Internal(#[from] prongsai_kernel::Error),
}

impl From<prongsai_db::sea_orm::DbErr> for SignInError {
    fn from(e: prongsai_db::sea_orm::DbErr) -> Self {
        Self::Internal(e.into())
    }
}

/// A successful password step.
#[derive(Debug)]
pub struct SignedIn {
    pub token: Secret<String>,
    /// True when a code (or enrolment) must follow before the staff area opens.
    pub second_step_pending: bool,
}

fn account_key(cfg: &SignInConfig, organization_id: i64, username: &str) -> String {
    throttle::throttle_key(
        cfg.throttle_secret.expose(),
        "signin-account",
        &format!("{organization_id}:{}", users::normalize_username(username)),
    )
}

fn client_key(cfg: &SignInConfig, client: &str) -> String {
    throttle::throttle_key(cfg.throttle_secret.expose(), "signin-client", client)
}

/// Checks an account name and password and opens a session.
pub async fn sign_in(
    db: &Db,
    cfg: &SignInConfig,
    organization_id: i64,
    username: &str,
    password: Secret<String>,
    client: Option<&str>,
) -> Result<SignedIn, SignInError> {
    let account_key = account_key(cfg, organization_id, username);
    let client_key = client.map(|c| client_key(cfg, c));
    if throttle::is_locked(db, &account_key).await? {
        return Err(SignInError::Throttled);
    }
    if let Some(key) = &client_key
        && throttle::is_locked(db, key).await?
    {
        return Err(SignInError::Throttled);
    }
    let found = users::find_user_by_username(db.conn(), organization_id, username)
        .await?
        .filter(|u| u.is_active);
    let stored = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| cfg.dummy_hash.clone());
    let password_ok = password::verify_password_blocking(stored, password).await;
    let Some(user) = found.filter(|_| password_ok) else {
        throttle::record_failure(db, &account_key, Rule::ACCOUNT).await?;
        if let Some(key) = &client_key {
            throttle::record_failure(db, key, Rule::CLIENT).await?;
        }
        return Err(SignInError::Failed);
    };
    throttle::clear(db, &account_key).await?;
    let roles = users::list_roles_of_user(db.conn(), organization_id, user.id).await?;
    let needs_code = user.totp_secret.is_some();
    let needs_enrolment = !needs_code
        && crate::policy::second_factor_required(db.conn(), organization_id, &roles).await?;
    let txn = db.begin_write().await?;
    let token = sessions::create_session(&txn, organization_id, user.id, !needs_code).await?;
    audit::record(
        &txn,
        Some(organization_id),
        Actor::User(user.id),
        "user.sign_in",
        Target::new("user", user.id),
        json!({ "second_step": needs_code || needs_enrolment }),
    )
    .await?;
    let mut active = user.into_active_model();
    active.last_login_at = Set(Some(prongsai_kernel::clock::now()));
    active.update(&txn).await?;
    txn.commit().await.map_err(prongsai_kernel::Error::from)?;
    Ok(SignedIn {
        token,
        second_step_pending: needs_code || needs_enrolment,
    })
}

/// Checks the second-factor code of a session waiting for it. On success the session is
/// replaced by a new one (a new token), so a token seen before the second step is
/// worthless after it.
pub async fn verify_second_factor(
    db: &Db,
    cfg: &SignInConfig,
    ctx: &SessionContext,
    old_token: &str,
    code: &str,
) -> Result<Secret<String>, SignInError> {
    let org = ctx.staff.organization_id;
    let key = throttle::throttle_key(
        cfg.throttle_secret.expose(),
        "second-factor",
        &ctx.staff.user_id.to_string(),
    );
    if throttle::is_locked(db, &key).await? {
        return Err(SignInError::Throttled);
    }
    let txn = db.begin_write().await?;
    let user = user::Entity::find_by_id(ctx.staff.user_id)
        .one(&txn)
        .await
        .map_err(prongsai_kernel::Error::from)?
        .filter(|u: &user::Model| u.organization_id == org)
        .ok_or(SignInError::Failed)?;
    let Some(secret) = user.totp_secret.clone() else {
        return Err(SignInError::Failed);
    };
    let now = chrono::Utc::now().timestamp();
    let Some(step) = totp::verify(&secret, code, now, user.totp_last_step) else {
        drop(txn);
        throttle::record_failure(db, &key, Rule::ACCOUNT).await?;
        return Err(SignInError::Failed);
    };
    let mut active = user.into_active_model();
    active.totp_last_step = Set(Some(step));
    active
        .update(&txn)
        .await
        .map_err(prongsai_kernel::Error::from)?;
    sessions::delete_session(&txn, old_token).await?;
    let token = sessions::create_session(&txn, org, ctx.staff.user_id, true).await?;
    audit::record(
        &txn,
        Some(org),
        Actor::User(ctx.staff.user_id),
        "user.second_factor",
        Target::new("user", ctx.staff.user_id),
        json!({}),
    )
    .await?;
    txn.commit().await.map_err(prongsai_kernel::Error::from)?;
    throttle::clear(db, &key).await?;
    Ok(token)
}

/// Completes second-factor enrolment: the user scanned `secret` and typed a code from
/// their app. Returns the token of a new, fully signed-in session.
pub async fn enrol_second_factor(
    db: &Db,
    ctx: &SessionContext,
    old_token: &str,
    secret: &str,
    code: &str,
) -> prongsai_kernel::Result<Secret<String>> {
    let valid_secret = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .is_ok_and(|raw| raw.len() >= 16);
    if !valid_secret {
        return Err(prongsai_kernel::Error::invalid(
            "code",
            "ข้อมูลการลงทะเบียนไม่ถูกต้อง กรุณาเริ่มใหม่",
        ));
    }
    let now = chrono::Utc::now().timestamp();
    let Some(step) = totp::verify(secret, code, now, None) else {
        return Err(prongsai_kernel::Error::invalid(
            "code",
            "รหัสไม่ถูกต้อง กรุณาตรวจสอบเวลาในโทรศัพท์แล้วลองรหัสล่าสุดอีกครั้ง",
        ));
    };
    let org = ctx.staff.organization_id;
    let txn = db.begin_write().await?;
    let user: user::Model = user::Entity::find_by_id(ctx.staff.user_id)
        .one(&txn)
        .await?
        .filter(|u: &user::Model| u.organization_id == org)
        .ok_or(prongsai_kernel::Error::NotFound)?;
    let mut active = user.into_active_model();
    active.totp_secret = Set(Some(secret.to_owned()));
    active.totp_last_step = Set(Some(step));
    active.updated_at = Set(prongsai_kernel::clock::now());
    active.update(&txn).await?;
    sessions::delete_session(&txn, old_token).await?;
    let token = sessions::create_session(&txn, org, ctx.staff.user_id, true).await?;
    audit::record(
        &txn,
        Some(org),
        Actor::User(ctx.staff.user_id),
        "user.enrol_second_factor",
        Target::new("user", ctx.staff.user_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}
