//! Random tokens from the operating system's generator.

/// `n` random bytes. Panics only if the OS has no entropy source, which no supported
/// platform lacks; there is no sensible way to continue without one.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    #[expect(
        clippy::expect_used,
        reason = "no OS entropy means no safe way to continue"
    )]
    getrandom::fill(&mut buf).expect("operating system random generator");
    buf
}

/// A URL-safe random token with 256 bits of entropy.
pub fn token() -> String {
    data_encoding::BASE64URL_NOPAD.encode(&bytes::<32>())
}

/// A random integer in `0..bound` without modulo bias.
pub fn below(bound: u64) -> u64 {
    assert!(bound > 0);
    let zone = u64::MAX - (u64::MAX % bound);
    loop {
        let v = u64::from_le_bytes(bytes::<8>());
        if v < zone {
            return v % bound;
        }
    }
}

/// A password a person can type: 4 groups of 4 characters from an alphabet without
/// look-alikes (no 0/O, 1/l/I), about 90 bits.
pub fn password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(19);
    for group in 0..4 {
        if group > 0 {
            out.push('-');
        }
        for _ in 0..4 {
            out.push(ALPHABET[below(ALPHABET.len() as u64) as usize] as char);
        }
    }
    out
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_are_long() {
        let a = token();
        let b = token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
    }

    #[test]
    fn passwords_have_the_documented_shape() {
        let p = password();
        assert_eq!(p.len(), 19);
        assert_eq!(p.matches('-').count(), 3);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
    }

    #[test]
    fn below_stays_in_range() {
        for bound in [1u64, 2, 3, 7, 1000] {
            for _ in 0..200 {
                assert!(below(bound) < bound);
            }
        }
    }
}
