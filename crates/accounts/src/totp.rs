//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the
//! kind every authenticator app reads from a QR code.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;

/// A fresh 160-bit secret, base32 without padding.
pub fn generate_secret() -> String {
    data_encoding::BASE32_NOPAD.encode(&prongsai_kernel::random::bytes::<20>())
}

/// The code for a time step (HOTP of RFC 4226 over the step counter).
pub fn code_at_step(secret: &[u8], step: i64) -> u32 {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("hmac key");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = ((u32::from(digest[offset]) & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(DIGITS)
}

pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// Checks a typed code against the current step and one step either side (clock drift).
/// Returns the matched step, which must be greater than `last_used_step` so a code is
/// accepted only once.
pub fn verify(
    secret_base32: &str,
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let typed: u32 = code.parse().ok()?;
    let secret = data_encoding::BASE32_NOPAD
        .decode(secret_base32.as_bytes())
        .ok()?;
    let now = step_of(unix_seconds);
    for step in [now - 1, now, now + 1] {
        if last_used_step.is_some_and(|last| step <= last) {
            continue;
        }
        let expected = code_at_step(&secret, step);
        if subtle::ConstantTimeEq::ct_eq(&expected.to_be_bytes()[..], &typed.to_be_bytes()[..])
            .into()
        {
            return Some(step);
        }
    }
    None
}

/// The `otpauth://` URI an authenticator app reads from the QR code.
pub fn provisioning_uri(secret_base32: &str, issuer: &str, account: &str) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
        enc(issuer),
        enc(account),
        secret_base32,
        enc(issuer),
        DIGITS,
        STEP_SECONDS
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8-digit values; we keep the last 6 digits).
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (time, expected8) in [
            (59i64, 94287082u32),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(
                code_at_step(secret, step_of(time)),
                expected8 % 1_000_000,
                "t={time}"
            );
        }
    }

    #[test]
    fn verify_accepts_adjacent_steps_once() {
        let secret = generate_secret();
        let raw = data_encoding::BASE32_NOPAD
            .decode(secret.as_bytes())
            .unwrap();
        let t = 1_700_000_000i64;
        let code = format!("{:06}", code_at_step(&raw, step_of(t)));
        let step = verify(&secret, &code, t, None).unwrap();
        assert_eq!(step, step_of(t));
        // The same code cannot be replayed.
        assert_eq!(verify(&secret, &code, t, Some(step)), None);
        // Thirty seconds later it is still accepted (drift), ninety seconds later not.
        assert!(verify(&secret, &code, t + 30, None).is_some());
        assert!(verify(&secret, &code, t + 90, None).is_none());
        assert!(verify(&secret, "12345", t, None).is_none());
        assert!(verify(&secret, "abcdef", t, None).is_none());
    }

    #[test]
    fn uri_escapes_thai_and_spaces() {
        let uri = provisioning_uri("ABC", "อบต.กุดจอก", "admin user");
        assert!(uri.starts_with("otpauth://totp/%E0%B8"));
        assert!(uri.contains("admin%20user"));
        assert!(uri.contains("secret=ABC"));
    }
}
