//! Counting failures (sign-in attempts, tracking-code guesses) and locking a key out for a
//! while after too many. Counters live in the database so that several servers share
//! them; keys are stored as keyed hashes, so the table holds no account names or
//! addresses in the clear.

use chrono::Duration;
use hmac::{Hmac, Mac};
use prongsai_db::Db;
use prongsai_db::entities::login_throttle;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, IntoActiveModel,
    QueryFilter, QuerySelect,
};
use sha2::Sha256;

/// How many failures within `window` lock the key for `lockout`.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub max_failures: i32,
    pub window: Duration,
    pub lockout: Duration,
}

impl Rule {
    /// Per account: 5 wrong passwords in 15 minutes lock it for 15 minutes.
    pub const ACCOUNT: Rule = Rule {
        max_failures: 5,
        window: Duration::minutes(15),
        lockout: Duration::minutes(15),
    };
    /// Per client address: 30 failures in 15 minutes, whatever the account.
    pub const CLIENT: Rule = Rule {
        max_failures: 30,
        window: Duration::minutes(15),
        lockout: Duration::minutes(15),
    };
}

/// The stored key for `(purpose, value)`: HMAC-SHA256 with the deployment's secret.
pub fn throttle_key(secret: &[u8], purpose: &str, value: &str) -> String {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("hmac key");
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(value.as_bytes());
    data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
}

/// Whether the key is locked out now.
pub async fn is_locked(db: &Db, key: &str) -> crate::Result<bool> {
    let now = crate::clock::now();
    Ok(login_throttle::Entity::find()
        .filter(login_throttle::Column::KeyHash.eq(key))
        .one(db.conn())
        .await?
        .and_then(|row| row.locked_until)
        .is_some_and(|until| until > now))
}

/// Counts one failure; returns true when this failure locked the key.
pub async fn record_failure(db: &Db, key: &str, rule: Rule) -> crate::Result<bool> {
    let now = crate::clock::now();
    let txn = db.begin_write().await?;
    let existing = login_throttle::Entity::find()
        .filter(login_throttle::Column::KeyHash.eq(key))
        .lock_exclusive()
        .one(&txn)
        .await?;
    let locked = match existing {
        None => {
            let locked = rule.max_failures <= 1;
            login_throttle::ActiveModel {
                key_hash: Set(key.to_owned()),
                failures: Set(1),
                window_started_at: Set(now),
                locked_until: Set(locked.then(|| now + rule.lockout)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            locked
        }
        Some(row) => {
            let in_window = now.signed_duration_since(row.window_started_at) < rule.window;
            let failures = if in_window { row.failures + 1 } else { 1 };
            let mut active = row.into_active_model();
            if !in_window {
                active.window_started_at = Set(now);
            }
            active.failures = Set(failures);
            let locked = failures >= rule.max_failures;
            if locked {
                active.locked_until = Set(Some(now + rule.lockout));
                active.failures = Set(0);
                active.window_started_at = Set(now);
            }
            active.update(&txn).await?;
            locked
        }
    };
    txn.commit().await?;
    Ok(locked)
}

/// Forgets the failures of a key (after a success).
pub async fn clear(db: &Db, key: &str) -> crate::Result<()> {
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::KeyHash.eq(key))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Deletes counters whose window and lockout are over (a periodic job).
pub async fn purge_stale_throttles(db: &Db) -> crate::Result<u64> {
    let cutoff = crate::clock::now() - Duration::hours(24);
    let result = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::WindowStartedAt.lt(cutoff))
        .filter(
            Condition::any()
                .add(login_throttle::Column::LockedUntil.is_null())
                .add(login_throttle::Column::LockedUntil.lt(crate::clock::now())),
        )
        .exec(db.conn())
        .await?;
    Ok(result.rows_affected)
}
