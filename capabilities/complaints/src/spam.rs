//! Spam control of the public form without a third-party CAPTCHA, as for questions: a
//! signed form time (people take more than a few seconds to describe a problem and
//! rarely leave a form open for a day; scripts post at once or replay an old form), a
//! per-client rate limit, and a honeypot field (checked in the handler). The tracking
//! page has its own limit on failed look-ups.

use hmac::{Hmac, Mac};
use prongsai_db::Db;
use prongsai_kernel::Secret;
use prongsai_kernel::throttle::{self, Rule};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The setting under which the key of form times is kept (created on first use).
pub const FORM_KEY_SETTING: &str = "complaints_form_key";

/// A form sent sooner than this after it was shown is refused.
pub const MIN_FORM_AGE_SECONDS: i64 = 3;
/// A form older than this is refused (replayed, or left open too long).
pub const MAX_FORM_AGE_SECONDS: i64 = 24 * 3600;

/// Complaints one client may send: 5 an hour, then an hour's wait.
pub const RATE: Rule = Rule {
    max_failures: 5,
    window: chrono::Duration::hours(1),
    lockout: chrono::Duration::hours(1),
};

/// Failed tracking look-ups (unknown or mistyped codes) one client may make: 10 in 15
/// minutes, then 15 minutes' wait. Codes carry 45 random bits, so this is about load
/// and noise more than guessing.
pub const TRACK_RATE: Rule = Rule {
    max_failures: 10,
    window: chrono::Duration::minutes(15),
    lockout: chrono::Duration::minutes(15),
};

/// The name of the honeypot field: visually hidden, skipped by keyboard and screen
/// readers, so only a script fills it in.
pub const HONEYPOT_FIELD: &str = "website";

/// The key of form times (the same for every server of a deployment).
pub async fn form_key(db: &Db) -> prongsai_kernel::Result<Secret<Vec<u8>>> {
    prongsai_kernel::settings::get_or_create_secret(db.conn(), FORM_KEY_SETTING).await
}

fn mac(key: &[u8], organization_id: i64, issued_at: i64) -> Vec<u8> {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(format!("prongsai-complaint-form-v1|{organization_id}|{issued_at}").as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The hidden `form_token` of a complaint form shown at `issued_at` (Unix seconds):
/// `"<issued_at>.<HMAC>"`, bound to the organization.
pub fn sign_form_time(key: &[u8], organization_id: i64, issued_at: i64) -> String {
    format!(
        "{issued_at}.{}",
        data_encoding::BASE64URL_NOPAD.encode(&mac(key, organization_id, issued_at))
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
    /// Missing, malformed, or not signed by this deployment for this organization.
    Invalid,
}

/// Checks a form token against the time now (Unix seconds).
pub fn check_form_time(key: &[u8], organization_id: i64, token: &str, now: i64) -> FormTime {
    let Some((issued, sent_mac)) = token.trim().split_once('.') else {
        return FormTime::Invalid;
    };
    let Ok(issued_at) = issued.parse::<i64>() else {
        return FormTime::Invalid;
    };
    let Ok(sent_mac) = data_encoding::BASE64URL_NOPAD.decode(sent_mac.as_bytes()) else {
        return FormTime::Invalid;
    };
    let expected = mac(key, organization_id, issued_at);
    if expected.len() != sent_mac.len() || !bool::from(expected.ct_eq(&sent_mac)) {
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
    prongsai_kernel::clock::now().timestamp()
}

/// The throttle key of a client of an organization for `purpose`: a keyed hash of its
/// address, so the database never holds the address itself.
pub async fn client_key(
    db: &Db,
    purpose: &str,
    organization_id: i64,
    client: Option<&str>,
) -> prongsai_kernel::Result<String> {
    let secret = prongsai_kernel::settings::get_or_create_secret(db.conn(), "throttle_key").await?;
    Ok(throttle::throttle_key(
        secret.expose(),
        purpose,
        &format!("{organization_id}:{}", client.unwrap_or("unknown")),
    ))
}

/// The key counting complaints sent by a client.
pub async fn submit_key(
    db: &Db,
    organization_id: i64,
    client: Option<&str>,
) -> prongsai_kernel::Result<String> {
    client_key(db, "complaint-client", organization_id, client).await
}

/// The key counting failed tracking look-ups of a client.
pub async fn track_key(
    db: &Db,
    organization_id: i64,
    client: Option<&str>,
) -> prongsai_kernel::Result<String> {
    client_key(db, "complaint-track", organization_id, client).await
}

/// Whether the key is used up for now.
pub async fn is_limited(db: &Db, key: &str) -> prongsai_kernel::Result<bool> {
    throttle::is_locked(db, key).await
}

/// Counts one use under `rule`.
pub async fn count(db: &Db, key: &str, rule: Rule) -> prongsai_kernel::Result<()> {
    throttle::record_failure(db, key, rule).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_times_are_signed_bound_to_the_organization_and_aged() {
        let key = b"key";
        let t = sign_form_time(key, 7, 1_000_000);
        assert_eq!(check_form_time(key, 7, &t, 1_000_010), FormTime::Fine);
        assert_eq!(check_form_time(key, 7, &t, 1_000_001), FormTime::TooFast);
        assert_eq!(
            check_form_time(key, 7, &t, 1_000_000 + MAX_FORM_AGE_SECONDS + 1),
            FormTime::Expired
        );
        assert_eq!(check_form_time(key, 8, &t, 1_000_010), FormTime::Invalid);
        assert_eq!(
            check_form_time(b"other", 7, &t, 1_000_010),
            FormTime::Invalid
        );
        let forged = t.replacen("1000000", "999990", 1);
        assert_eq!(
            check_form_time(key, 7, &forged, 1_000_010),
            FormTime::Invalid
        );
        for junk in ["", ".", "abc", "123.", "x.y", "123.!!!"] {
            assert_eq!(check_form_time(key, 7, junk, 1_000_010), FormTime::Invalid);
        }
    }

    #[test]
    fn a_question_form_token_is_not_a_complaint_form_token() {
        // The MAC names the form: a token of another form of the same deployment fails.
        let key = b"key";
        let mut other = Hmac::<Sha256>::new_from_slice(key).unwrap();
        other.update(b"prongsai-question-form-v1|7|1000000");
        let token = format!(
            "1000000.{}",
            data_encoding::BASE64URL_NOPAD.encode(&other.finalize().into_bytes())
        );
        assert_eq!(
            check_form_time(key, 7, &token, 1_000_010),
            FormTime::Invalid
        );
    }
}
