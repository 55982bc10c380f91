//! Argon2id password hashing.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use prongsai_kernel::Secret;

/// Argon2id cost parameters. Production uses OWASP's recommendation (19 MiB, 2 passes);
/// the test suite uses a cheaper setting so that it stays fast, with the same algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl PasswordParams {
    pub const PRODUCTION: PasswordParams = PasswordParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// For tests only: still Argon2id, with minimal cost.
    pub const TESTING: PasswordParams = PasswordParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    fn argon2(&self) -> Argon2<'static> {
        #[expect(
            clippy::expect_used,
            reason = "the parameters are constants checked by tests"
        )]
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .expect("valid Argon2 parameters");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }
}

/// Minimum password length for staff accounts.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Hashes a password to a PHC string (`$argon2id$v=19$...`). CPU-heavy: call from a
/// blocking thread (see [`hash_password_blocking`]).
pub fn hash_password(params: PasswordParams, password: &Secret<String>) -> String {
    #[expect(
        clippy::expect_used,
        reason = "hashing only fails on invalid parameters"
    )]
    params
        .argon2()
        .hash_password(password.expose().as_bytes())
        .expect("argon2 hashing")
        .to_string()
}

/// Checks a password against a stored PHC string. The parameters stored in the hash are
/// used, so hashes made with older parameters keep working.
pub fn verify_password(stored: &str, password: &Secret<String>) -> bool {
    PasswordParams::PRODUCTION
        .argon2()
        .verify_password(password.expose().as_bytes(), stored)
        .is_ok()
}

pub async fn hash_password_blocking(params: PasswordParams, password: Secret<String>) -> String {
    tokio::task::spawn_blocking(move || hash_password(params, &password))
        .await
        .unwrap_or_default()
}

pub async fn verify_password_blocking(stored: String, password: Secret<String>) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&stored, &password))
        .await
        .unwrap_or(false)
}

/// A rule check for new passwords; the message is Thai, for the form.
pub fn check_new_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!(
            "รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_CHARS} ตัวอักษร (ตอนนี้ {n} ตัวอักษร)"
        ));
    }
    if password
        .chars()
        .all(|c| c == password.chars().next().unwrap_or(' '))
    {
        return Err("รหัสผ่านต้องไม่ใช่ตัวอักษรซ้ำกันทั้งหมด".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let pw = Secret::new("correct horse battery".to_owned());
        let hash = hash_password(PasswordParams::TESTING, &pw);
        assert!(hash.starts_with("$argon2id$v=19$"));
        assert!(verify_password(&hash, &pw));
        assert!(!verify_password(&hash, &Secret::new("wrong".to_owned())));
        assert!(!verify_password("not a hash", &pw));
    }

    #[test]
    fn production_parameters_are_valid() {
        let _ = PasswordParams::PRODUCTION.argon2();
        let _ = PasswordParams::TESTING.argon2();
    }

    #[test]
    fn new_password_rules() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("aaaaaaaaaaaa").is_err());
        assert!(check_new_password("กุดจอกโปร่งใส2566").is_ok());
    }
}
