//! Spam control for public forms without a third-party CAPTCHA, shared by every form the
//! public sends (e-service requests, surveys...): a signed form time (people take more
//! than a few seconds to fill in a form and rarely leave it open for a day; scripts post
//! at once or replay an old form) and a per-client rate limit kept in the throttle table
//! under a keyed hash of the address. The honeypot field is checked by the handler.
//!
//! The questions board has the same rules in its own `spam.rs`, written first.

use hmac::{Hmac, Mac};
use prongsai_db::Db;
use sha2::Sha256;

use crate::Secret;
use crate::throttle::{self, Rule};

/// The setting under which the key of form times is kept (created on first use).
pub const FORM_KEY_SETTING: &str = "public_form_key";

/// A form sent sooner than this after it was shown is refused.
pub const MIN_FORM_AGE_SECONDS: i64 = 3;
/// A form older than this is refused (replayed, or left open too long).
pub const MAX_FORM_AGE_SECONDS: i64 = 24 * 3600;

/// The conventional name of the honeypot field: visually hidden, skipped by keyboard and
/// screen readers, so only a script fills it in.
pub const HONEYPOT_FIELD: &str = "website";

/// The key of form times (the same for every server of a deployment).
pub async fn form_key(db: &Db) -> crate::Result<Secret<Vec<u8>>> {
    crate::settings::get_or_create_secret(db.conn(), FORM_KEY_SETTING).await
}

fn mac(key: &[u8], purpose: &str, organization_id: i64, issued_at: i64) -> Hmac<Sha256> {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(format!("prongsai-form-v1|{purpose}|{organization_id}|{issued_at}").as_bytes());
    mac
}

/// The hidden `form_token` of a form of `purpose` shown at `issued_at` (Unix seconds):
/// `"<issued_at>.<HMAC>"`, bound to the purpose and the organization.
pub fn sign_form_time(key: &[u8], purpose: &str, organization_id: i64, issued_at: i64) -> String {
    format!(
        "{issued_at}.{}",
        data_encoding::BASE64URL_NOPAD.encode(
            &mac(key, purpose, organization_id, issued_at)
                .finalize()
                .into_bytes()
        )
    )
}

/// What a form's token says about when the form was shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormTime {
    /// Shown long enough ago, and not too long.
    Fine,
    /// Sent within [`MIN_FORM_AGE_SECONDS`] of being shown.
    TooFast,
    /// Older than [`MAX_FORM_AGE_SECONDS`] (or from the future).
    Expired,
    /// Missing, malformed, or not signed by this deployment for this purpose and
    /// organization.
    Invalid,
}

/// Checks a form token against the time now (Unix seconds).
pub fn check_form_time(
    key: &[u8],
    purpose: &str,
    organization_id: i64,
    token: &str,
    now: i64,
) -> FormTime {
    let Some((issued, sent_mac)) = token.trim().split_once('.') else {
        return FormTime::Invalid;
    };
    let Ok(issued_at) = issued.parse::<i64>() else {
        return FormTime::Invalid;
    };
    let Ok(sent_mac) = data_encoding::BASE64URL_NOPAD.decode(sent_mac.as_bytes()) else {
        return FormTime::Invalid;
    };
    // `verify_slice` compares in constant time.
    if mac(key, purpose, organization_id, issued_at)
        .verify_slice(&sent_mac)
        .is_err()
    {
        return FormTime::Invalid;
    }
    let age = now - issued_at;
    if !(0..=MAX_FORM_AGE_SECONDS).contains(&age) {
        FormTime::Expired
    } else if age < MIN_FORM_AGE_SECONDS {
        FormTime::TooFast
    } else {
        FormTime::Fine
    }
}

/// Unix seconds now.
pub fn now_seconds() -> i64 {
    crate::clock::now().timestamp()
}

/// The throttle key of a client of an organization for `purpose`: a keyed hash of its
/// address, so the database never holds the address itself.
pub async fn client_key(
    db: &Db,
    purpose: &str,
    organization_id: i64,
    client: Option<&str>,
) -> crate::Result<String> {
    let secret = crate::settings::get_or_create_secret(db.conn(), "throttle_key").await?;
    Ok(throttle::throttle_key(
        secret.expose(),
        purpose,
        &format!("{organization_id}:{}", client.unwrap_or("unknown")),
    ))
}

/// Whether the client has used up its allowance for now.
pub async fn is_limited(db: &Db, key: &str) -> crate::Result<bool> {
    throttle::is_locked(db, key).await
}

/// Counts one use by the client under `rule`.
pub async fn count_use(db: &Db, key: &str, rule: Rule) -> crate::Result<()> {
    throttle::record_failure(db, key, rule).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_times_are_signed_bound_to_purpose_and_organization_and_aged() {
        let key = b"key";
        let t = sign_form_time(key, "eservice", 7, 1_000_000);
        assert_eq!(
            check_form_time(key, "eservice", 7, &t, 1_000_010),
            FormTime::Fine
        );
        assert_eq!(
            check_form_time(key, "eservice", 7, &t, 1_000_001),
            FormTime::TooFast
        );
        assert_eq!(
            check_form_time(key, "eservice", 7, &t, 1_000_000 + MAX_FORM_AGE_SECONDS + 1),
            FormTime::Expired
        );
        assert_eq!(
            check_form_time(key, "eservice", 7, &t, 999_000),
            FormTime::Expired
        );
        assert_eq!(
            check_form_time(key, "eservice", 8, &t, 1_000_010),
            FormTime::Invalid
        );
        assert_eq!(
            check_form_time(key, "survey", 7, &t, 1_000_010),
            FormTime::Invalid
        );
        assert_eq!(
            check_form_time(b"other", "eservice", 7, &t, 1_000_010),
            FormTime::Invalid
        );
        let forged = t.replacen("1000000", "999990", 1);
        assert_eq!(
            check_form_time(key, "eservice", 7, &forged, 1_000_010),
            FormTime::Invalid
        );
        for junk in ["", ".", "abc", "123.", "x.y", "123.!!!"] {
            assert_eq!(
                check_form_time(key, "eservice", 7, junk, 1_000_010),
                FormTime::Invalid
            );
        }
    }
}
