//! The channel's cryptography, in one small file to review (ADR 0003).
//!
//! - Every report has its own random 256-bit **report key**. Its contents, messages,
//!   attachments, events and (under a derived sub-key) the reporter's identity are sealed
//!   with XChaCha20-Poly1305 under it, each blob with a random 192-bit nonce and
//!   associated data naming the organization, the report and the purpose of the blob, so
//!   a blob moved to another report or field does not open.
//! - The report key is **wrapped** for each recipient's X25519 public key and for the
//!   organization's recovery public key: an ephemeral X25519 key agreement, HKDF-SHA256
//!   over the shared secret and both public keys, XChaCha20-Poly1305 over the report key
//!   (the construction of libsodium's sealed box and of age's X25519 stanza).
//! - A recipient's X25519 private key is sealed under a key derived from their password
//!   with Argon2id and a random salt; the server holds it unsealed only in memory, for one
//!   signed-in session.
//! - The reporter's **receipt** (16 digits) goes through Argon2id with a per-organization
//!   salt and a per-deployment pepper (Argon2's secret input); HKDF splits the result into
//!   a lookup index and the key that wraps the report key for the reporter. Neither the
//!   receipt nor a fast hash of it is stored.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

/// Version label mixed into every derivation and associated data.
const V: &str = "prongsai-integrity-v1";

const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Something did not open: wrong key, wrong password, or altered bytes. One error for
/// all of them.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the data does not open with this key (wrong key or altered)")]
pub struct CryptoError;

/// A 256-bit symmetric key (report key, identity sub-key, receipt key), wiped from
/// memory when dropped.
#[derive(Clone)]
pub struct SymmetricKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymmetricKey(***)")
    }
}

impl SymmetricKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        Self(Zeroizing::new(prongsai_kernel::random::bytes::<32>()))
    }

    fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    fn from_slice(bytes: &[u8]) -> Result<Self, CryptoError> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| CryptoError)?;
        Ok(Self::from_bytes(arr))
    }

    fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A sub-key for another purpose (the identity key is `derive("identity")`).
    pub fn derive(&self, label: &str) -> SymmetricKey {
        SymmetricKey::from_bytes(hkdf32(self.bytes(), b"", &format!("{V}|subkey|{label}")))
    }

    /// A value that tells whether a key is this report's key without revealing it
    /// (stored beside the report; a decoy wrap for a left-out recipient fails it).
    pub fn check_value(&self) -> Vec<u8> {
        hkdf32(self.bytes(), b"", &format!("{V}|key-check")).to_vec()
    }

    /// Whether this key's check value is `expected`, in constant time.
    pub fn matches_check(&self, expected: &[u8]) -> bool {
        let mine = self.check_value();
        mine.len() == expected.len() && bool::from(mine.ct_eq(expected))
    }
}

fn hkdf32(ikm: &[u8], salt: &[u8], info: &str) -> [u8; 32] {
    let hk = Hkdf::<Sha256>::new(Some(salt), ikm);
    let mut out = [0u8; 32];
    #[expect(clippy::expect_used, reason = "32 bytes is a valid HKDF-SHA256 length")]
    hk.expand(info.as_bytes(), &mut out).expect("hkdf length");
    out
}

/// Seals `plaintext` under `key`: `nonce (24) || ciphertext+tag`.
pub fn seal(key: &SymmetricKey, aad: &str, plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.bytes().into());
    let nonce = prongsai_kernel::random::bytes::<NONCE_LEN>();
    let aad = format!("{V}|{aad}");
    #[expect(
        clippy::expect_used,
        reason = "encryption fails only for messages over 256 GiB"
    )]
    let ct = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plaintext,
                aad: aad.as_bytes(),
            },
        )
        .expect("xchacha20poly1305 encryption");
    let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

/// Opens what [`seal`] sealed with the same key and associated data.
pub fn open(
    key: &SymmetricKey,
    aad: &str,
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError);
    }
    let (nonce, ct) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CryptoError)?;
    let cipher = XChaCha20Poly1305::new(key.bytes().into());
    let aad = format!("{V}|{aad}");
    cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ct,
                aad: aad.as_bytes(),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError)
}

/// An X25519 key pair's secret half, wiped from memory when dropped.
#[derive(Clone)]
pub struct SecretKey(StaticSecret);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    pub fn generate() -> Self {
        Self(StaticSecret::from(prongsai_kernel::random::bytes::<32>()))
    }

    pub fn public_key(&self) -> [u8; 32] {
        PublicKey::from(&self.0).to_bytes()
    }

    fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let mut arr: [u8; 32] = bytes.try_into().map_err(|_| CryptoError)?;
        let secret = StaticSecret::from(arr);
        zeroize::Zeroize::zeroize(&mut arr);
        Ok(Self(secret))
    }
}

/// Wraps `key` for the holder of `public_key`: `ephemeral public (32) || nonce || ct`.
/// `context` names what is wrapped (organization, report, purpose).
pub fn wrap_key(
    public_key: &[u8],
    key: &SymmetricKey,
    context: &str,
) -> Result<Vec<u8>, CryptoError> {
    let recipient: [u8; 32] = public_key.try_into().map_err(|_| CryptoError)?;
    let recipient = PublicKey::from(recipient);
    let ephemeral = StaticSecret::from(prongsai_kernel::random::bytes::<32>());
    let ephemeral_public = PublicKey::from(&ephemeral);
    let shared = ephemeral.diffie_hellman(&recipient);
    if !shared.was_contributory() {
        return Err(CryptoError);
    }
    let kek = wrap_kek(
        shared.as_bytes(),
        ephemeral_public.as_bytes(),
        recipient.as_bytes(),
    );
    let sealed = seal(&kek, &format!("wrap|{context}"), key.bytes());
    let mut out = Vec::with_capacity(32 + sealed.len());
    out.extend_from_slice(ephemeral_public.as_bytes());
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Unwraps what [`wrap_key`] wrapped for `secret`'s public key.
pub fn unwrap_key(
    secret: &SecretKey,
    wrapped: &[u8],
    context: &str,
) -> Result<SymmetricKey, CryptoError> {
    if wrapped.len() < 32 {
        return Err(CryptoError);
    }
    let (ephemeral, sealed) = wrapped.split_at(32);
    let ephemeral: [u8; 32] = ephemeral.try_into().map_err(|_| CryptoError)?;
    let ephemeral = PublicKey::from(ephemeral);
    let shared = secret.0.diffie_hellman(&ephemeral);
    if !shared.was_contributory() {
        return Err(CryptoError);
    }
    let own_public = secret.public_key();
    let kek = wrap_kek(shared.as_bytes(), ephemeral.as_bytes(), &own_public);
    let key = open(&kek, &format!("wrap|{context}"), sealed)?;
    SymmetricKey::from_slice(&key)
}

fn wrap_kek(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> SymmetricKey {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(ephemeral);
    salt[32..].copy_from_slice(recipient);
    SymmetricKey::from_bytes(hkdf32(shared, &salt, &format!("{V}|x25519-wrap")))
}

/// A wrap that looks like any other but holds a random key: written for a recipient the
/// reporter left out, so that the database does not show whom a report leaves out.
pub fn decoy_wrap(public_key: &[u8], context: &str) -> Result<Vec<u8>, CryptoError> {
    wrap_key(public_key, &SymmetricKey::generate(), context)
}

/// Wraps a key under another symmetric key (the reporter's receipt key).
pub fn wrap_with(kek: &SymmetricKey, key: &SymmetricKey, context: &str) -> Vec<u8> {
    seal(kek, &format!("wrap|{context}"), key.bytes())
}

pub fn unwrap_with(
    kek: &SymmetricKey,
    wrapped: &[u8],
    context: &str,
) -> Result<SymmetricKey, CryptoError> {
    let key = open(kek, &format!("wrap|{context}"), wrapped)?;
    SymmetricKey::from_slice(&key)
}

/// Argon2id cost: memory in KiB, passes, lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// For a recipient's private key: typed once per session, so it can be slow
    /// (64 MiB, 3 passes: about half a second on a small server).
    pub const RECIPIENT_KEY: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// For receipts: paid on every follow-up attempt (19 MiB, 2 passes, as passwords).
    pub const RECEIPT: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// Tests only: the same algorithm at minimal cost.
    pub const TESTING: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    fn params(&self, out_len: usize) -> Result<Params, CryptoError> {
        Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(out_len),
        )
        .map_err(|_| CryptoError)
    }

    /// `m=65536,t=3,p=1`, stored beside what it sealed so old keys stay openable when
    /// the defaults change.
    pub fn encode(&self) -> String {
        format!(
            "m={},t={},p={}",
            self.memory_kib, self.iterations, self.parallelism
        )
    }

    pub fn decode(s: &str) -> Option<KdfParams> {
        let mut m = None;
        let mut t = None;
        let mut p = None;
        for part in s.split(',') {
            let (k, v) = part.split_once('=')?;
            let v: u32 = v.parse().ok()?;
            match k {
                "m" => m = Some(v),
                "t" => t = Some(v),
                "p" => p = Some(v),
                _ => return None,
            }
        }
        Some(KdfParams {
            memory_kib: m?,
            iterations: t?,
            parallelism: p?,
        })
    }
}

fn argon2id(
    params: KdfParams,
    secret: Option<&[u8]>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), CryptoError> {
    let p = params.params(out.len())?;
    let argon = match secret {
        Some(s) => Argon2::new_with_secret(s, Algorithm::Argon2id, Version::V0x13, p)
            .map_err(|_| CryptoError)?,
        None => Argon2::new(Algorithm::Argon2id, Version::V0x13, p),
    };
    argon
        .hash_password_into(password, salt, out)
        .map_err(|_| CryptoError)
}

/// A recipient's private key sealed under their password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedSecretKey {
    pub salt: Vec<u8>,
    pub params: KdfParams,
    pub sealed: Vec<u8>,
}

fn recipient_context(organization_id: i64, user_id: i64) -> String {
    format!("recipient-key|{organization_id}|{user_id}")
}

/// Seals a recipient's private key under a key derived from their password. Slow
/// (Argon2id): call from a blocking thread.
pub fn seal_secret_key(
    secret: &SecretKey,
    password: &str,
    params: KdfParams,
    organization_id: i64,
    user_id: i64,
) -> Result<SealedSecretKey, CryptoError> {
    let salt = prongsai_kernel::random::bytes::<16>().to_vec();
    let mut kek = Zeroizing::new([0u8; 32]);
    argon2id(params, None, password.as_bytes(), &salt, kek.as_mut())?;
    let kek = SymmetricKey::from_bytes(*kek);
    let sealed = seal(
        &kek,
        &recipient_context(organization_id, user_id),
        secret.to_bytes().as_ref(),
    );
    Ok(SealedSecretKey {
        salt,
        params,
        sealed,
    })
}

/// Opens a recipient's private key with their password. Slow (Argon2id).
pub fn open_secret_key(
    sealed: &SealedSecretKey,
    password: &str,
    organization_id: i64,
    user_id: i64,
) -> Result<SecretKey, CryptoError> {
    let mut kek = Zeroizing::new([0u8; 32]);
    argon2id(
        sealed.params,
        None,
        password.as_bytes(),
        &sealed.salt,
        kek.as_mut(),
    )?;
    let kek = SymmetricKey::from_bytes(*kek);
    let bytes = open(
        &kek,
        &recipient_context(organization_id, user_id),
        &sealed.sealed,
    )?;
    SecretKey::from_bytes(&bytes)
}

/// What a receipt gives: where to find the report, and the key that unwraps its report
/// key for the reporter.
pub struct ReceiptSecrets {
    pub index: Vec<u8>,
    pub key: SymmetricKey,
}

/// Number of digits of a receipt.
pub const RECEIPT_DIGITS: usize = 16;

/// A fresh receipt: 16 random decimal digits (about 53 bits).
pub fn generate_receipt() -> String {
    (0..RECEIPT_DIGITS)
        .map(|_| char::from(b'0' + prongsai_kernel::random::below(10) as u8))
        .collect()
}

/// The digits of what a reporter typed (spaces, dashes and Thai digits allowed), if it
/// has the shape of a receipt.
pub fn normalize_receipt(input: &str) -> Option<String> {
    let mut digits = String::with_capacity(RECEIPT_DIGITS);
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '๐'..='๙' => {
                digits.push(char::from(b'0' + (c as u32 - '๐' as u32) as u8));
            }
            ' ' | '-' | '\u{a0}' | '\t' => {}
            _ => return None,
        }
    }
    (digits.len() == RECEIPT_DIGITS).then_some(digits)
}

/// `1234 5678 9012 3456`: four groups, easy to copy down and to hide among phone numbers.
pub fn format_receipt(digits: &str) -> String {
    digits
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Derives the lookup index and the reporter's key from a receipt. Slow (Argon2id):
/// call from a blocking thread. Every attempt, right or wrong, costs exactly this once.
pub fn receipt_secrets(
    receipt_digits: &str,
    organization_id: i64,
    pepper: &[u8],
    params: KdfParams,
) -> Result<ReceiptSecrets, CryptoError> {
    let salt = hkdf32(pepper, b"", &format!("{V}|receipt-salt|{organization_id}"));
    let mut out = Zeroizing::new([0u8; 32]);
    argon2id(
        params,
        Some(pepper),
        receipt_digits.as_bytes(),
        &salt,
        out.as_mut(),
    )?;
    Ok(ReceiptSecrets {
        index: hkdf32(out.as_ref(), b"", &format!("{V}|receipt-index")).to_vec(),
        key: SymmetricKey::from_bytes(hkdf32(out.as_ref(), b"", &format!("{V}|receipt-key"))),
    })
}

/// The recovery key as the administrator writes it down: `RK1-` and 14 groups of 4
/// characters (base32 of the secret and a 3-byte checksum that catches typing errors).
pub fn encode_recovery_key(secret: &SecretKey) -> String {
    let bytes = secret.to_bytes();
    let mut payload = Zeroizing::new(Vec::with_capacity(35));
    payload.extend_from_slice(bytes.as_ref());
    let check = checksum(bytes.as_ref());
    payload.extend_from_slice(&check);
    let text = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&payload));
    let groups: Vec<&str> = text
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    format!("RK1-{}", groups.join("-"))
}

fn checksum(bytes: &[u8]) -> [u8; 3] {
    let h = hkdf32(bytes, b"", &format!("{V}|recovery-checksum"));
    [h[0], h[1], h[2]]
}

/// Reads a recovery key as typed (case, spaces and dashes do not matter).
pub fn decode_recovery_key(text: &str) -> Option<SecretKey> {
    let cleaned: Zeroizing<String> = Zeroizing::new(
        text.trim()
            .trim_start_matches("RK1")
            .trim_start_matches("rk1")
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\n' | '\r' | '\t'))
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    );
    let payload = Zeroizing::new(
        data_encoding::BASE32_NOPAD
            .decode(cleaned.as_bytes())
            .ok()?,
    );
    if payload.len() != 35 {
        return None;
    }
    let (secret, check) = payload.split_at(32);
    if checksum(secret) != check {
        return None;
    }
    SecretKey::from_bytes(secret).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_data_opens_only_with_its_key_and_context() {
        let key = SymmetricKey::generate();
        let sealed = seal(&key, "1|abc|content", b"the mayor asked for 5,000 baht");
        assert_eq!(
            &open(&key, "1|abc|content", &sealed).unwrap()[..],
            b"the mayor asked for 5,000 baht"
        );
        assert_eq!(
            open(&SymmetricKey::generate(), "1|abc|content", &sealed),
            Err(CryptoError)
        );
        assert_eq!(open(&key, "1|abd|content", &sealed), Err(CryptoError));
        for i in [0, 10, 24, 30, sealed.len() - 1] {
            let mut tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assert_eq!(
                open(&key, "1|abc|content", &tampered),
                Err(CryptoError),
                "byte {i}"
            );
        }
        assert_eq!(open(&key, "1|abc|content", &sealed[..20]), Err(CryptoError));
    }

    #[test]
    fn wrapped_keys_round_trip_for_their_holder_only() {
        let alice = SecretKey::generate();
        let bob = SecretKey::generate();
        let key = SymmetricKey::generate();
        let wrapped = wrap_key(&alice.public_key(), &key, "1|abc|report").unwrap();
        let back = unwrap_key(&alice, &wrapped, "1|abc|report").unwrap();
        assert_eq!(back.bytes(), key.bytes());
        assert!(back.matches_check(&key.check_value()));
        assert!(unwrap_key(&bob, &wrapped, "1|abc|report").is_err());
        assert!(unwrap_key(&alice, &wrapped, "1|xyz|report").is_err());
        let mut tampered = wrapped.clone();
        tampered[40] ^= 0x80;
        assert!(unwrap_key(&alice, &tampered, "1|abc|report").is_err());
        // A decoy opens for its holder but fails the report's key check.
        let decoy = decoy_wrap(&bob.public_key(), "1|abc|report").unwrap();
        assert_eq!(decoy.len(), wrapped.len());
        let opened = unwrap_key(&bob, &decoy, "1|abc|report").unwrap();
        assert!(!opened.matches_check(&key.check_value()));
    }

    #[test]
    fn a_recipient_key_opens_with_the_password_only() {
        let secret = SecretKey::generate();
        let sealed = seal_secret_key(&secret, "รหัสผ่านยาวพอ", KdfParams::TESTING, 3, 7).unwrap();
        let opened = open_secret_key(&sealed, "รหัสผ่านยาวพอ", 3, 7).unwrap();
        assert_eq!(opened.public_key(), secret.public_key());
        assert!(open_secret_key(&sealed, "wrong password", 3, 7).is_err());
        assert!(open_secret_key(&sealed, "รหัสผ่านยาวพอ", 3, 8).is_err());
        assert_eq!(
            KdfParams::decode(&KdfParams::RECIPIENT_KEY.encode()),
            Some(KdfParams::RECIPIENT_KEY)
        );
        assert_eq!(KdfParams::decode("m=1,t=x"), None);
    }

    #[test]
    fn receipts_derive_the_same_secrets_and_differ_per_organization() {
        let pepper = [9u8; 32];
        let r = generate_receipt();
        assert_eq!(r.len(), 16);
        assert!(r.bytes().all(|b| b.is_ascii_digit()));
        let a = receipt_secrets(&r, 1, &pepper, KdfParams::TESTING).unwrap();
        let b = receipt_secrets(&r, 1, &pepper, KdfParams::TESTING).unwrap();
        assert_eq!(a.index, b.index);
        assert_eq!(a.key.bytes(), b.key.bytes());
        assert_ne!(a.index, a.key.bytes().to_vec());
        let other_org = receipt_secrets(&r, 2, &pepper, KdfParams::TESTING).unwrap();
        assert_ne!(a.index, other_org.index);
        let other_pepper = receipt_secrets(&r, 1, &[8u8; 32], KdfParams::TESTING).unwrap();
        assert_ne!(a.index, other_pepper.index);
    }

    #[test]
    fn receipts_are_read_as_people_type_them() {
        assert_eq!(
            normalize_receipt("1234 5678-9012 3456").as_deref(),
            Some("1234567890123456")
        );
        assert_eq!(
            normalize_receipt("๑๒๓๔ ๕๖๗๘ ๙๐๑๒ ๓๔๕๖").as_deref(),
            Some("1234567890123456")
        );
        assert_eq!(normalize_receipt("1234"), None);
        assert_eq!(normalize_receipt("1234567890123456x"), None);
        assert_eq!(format_receipt("1234567890123456"), "1234 5678 9012 3456");
    }

    #[test]
    fn recovery_keys_survive_being_written_down() {
        let secret = SecretKey::generate();
        let text = encode_recovery_key(&secret);
        assert!(text.starts_with("RK1-"));
        let back = decode_recovery_key(&text.to_lowercase().replace('-', " ")).unwrap();
        assert_eq!(back.public_key(), secret.public_key());
        // One wrong character is caught by the checksum.
        let mut typo = text.clone().into_bytes();
        let i = typo.len() - 3;
        typo[i] = if typo[i] == b'A' { b'B' } else { b'A' };
        assert!(decode_recovery_key(&String::from_utf8(typo).unwrap()).is_none());
        assert!(decode_recovery_key("RK1-AAAA").is_none());
    }
}
