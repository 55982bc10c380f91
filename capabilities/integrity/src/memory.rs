//! What the channel keeps in this server process's memory only, never in the database
//! or a log: recipients' unlocked private keys (per signed-in session), reporters'
//! follow-up sessions (with the report key their receipt opened), and attempt counters
//! keyed by a hash of the client's address under a key that changes every window.
//!
//! A restart forgets all of it: recipients type their password again, reporters their
//! receipt, and every counter starts over.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::{SecretKey, SymmetricKey};

/// How long an unlocked recipient key stays in memory without use.
pub const RECIPIENT_IDLE: Duration = Duration::from_secs(30 * 60);
/// How long a reporter's follow-up session stays open without use.
pub const REPORTER_IDLE: Duration = Duration::from_secs(20 * 60);
/// Wrong receipts one address may try per window...
pub const MAX_WRONG_RECEIPTS: u32 = 20;
/// ...where a window is this long (a blocked address waits one to two windows).
pub const RECEIPT_WINDOW: Duration = Duration::from_secs(30 * 60);
/// Reports one address may send per window...
pub const MAX_REPORTS: u32 = 5;
pub const REPORT_WINDOW: Duration = Duration::from_secs(60 * 60);

/// The channel's memory, one per application (see `AppState::memory`).
pub struct Memory {
    unlocked: Mutex<HashMap<[u8; 32], Unlocked>>,
    reporters: Mutex<HashMap<[u8; 32], ReporterSession>>,
    pub wrong_receipts: AttemptLimiter,
    pub reports: AttemptLimiter,
}

impl Default for Memory {
    fn default() -> Self {
        Self {
            unlocked: Mutex::new(HashMap::new()),
            reporters: Mutex::new(HashMap::new()),
            wrong_receipts: AttemptLimiter::new(MAX_WRONG_RECEIPTS, RECEIPT_WINDOW),
            reports: AttemptLimiter::new(MAX_REPORTS, REPORT_WINDOW),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The map key of a cookie token: its SHA-256 (a memory dump does not give the token).
pub fn token_key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A recipient's private key, unlocked for one session.
#[derive(Clone)]
pub struct Unlocked {
    pub organization_id: i64,
    pub user_id: i64,
    pub recipient_id: i64,
    pub secret: SecretKey,
    last_used: Instant,
}

/// A reporter who typed a right receipt (or just submitted).
#[derive(Clone)]
pub struct ReporterSession {
    pub organization_id: i64,
    pub report_id: i64,
    pub report_key: SymmetricKey,
    /// Shown once on the page after submitting, then forgotten.
    pub receipt_to_show: Option<Zeroizing<String>>,
    last_used: Instant,
}

impl Memory {
    pub fn unlock(
        &self,
        session_token: &str,
        organization_id: i64,
        user_id: i64,
        recipient_id: i64,
        secret: SecretKey,
    ) {
        let mut map = lock(&self.unlocked);
        map.retain(|_, u| u.last_used.elapsed() < RECIPIENT_IDLE);
        map.insert(
            token_key(session_token),
            Unlocked {
                organization_id,
                user_id,
                recipient_id,
                secret,
                last_used: Instant::now(),
            },
        );
    }

    /// The key unlocked for this session by this user of this organization, if any.
    pub fn unlocked(
        &self,
        session_token: &str,
        organization_id: i64,
        user_id: i64,
    ) -> Option<Unlocked> {
        let mut map = lock(&self.unlocked);
        let key = token_key(session_token);
        let entry = map.get_mut(&key)?;
        if entry.last_used.elapsed() >= RECIPIENT_IDLE
            || entry.organization_id != organization_id
            || entry.user_id != user_id
        {
            map.remove(&key);
            return None;
        }
        entry.last_used = Instant::now();
        Some(entry.clone())
    }

    pub fn lock_session(&self, session_token: &str) {
        lock(&self.unlocked).remove(&token_key(session_token));
    }

    /// Forgets every unlocked key of a recipient (removed from the channel).
    pub fn lock_user(&self, organization_id: i64, user_id: i64) {
        lock(&self.unlocked)
            .retain(|_, u| !(u.organization_id == organization_id && u.user_id == user_id));
    }

    /// Opens a reporter session; returns the cookie token.
    pub fn open_reporter_session(
        &self,
        organization_id: i64,
        report_id: i64,
        report_key: SymmetricKey,
        receipt_to_show: Option<String>,
    ) -> String {
        let token = prongsai_kernel::random::token();
        let mut map = lock(&self.reporters);
        map.retain(|_, s| s.last_used.elapsed() < REPORTER_IDLE);
        map.insert(
            token_key(&token),
            ReporterSession {
                organization_id,
                report_id,
                report_key,
                receipt_to_show: receipt_to_show.map(Zeroizing::new),
                last_used: Instant::now(),
            },
        );
        token
    }

    pub fn reporter_session(&self, token: &str, organization_id: i64) -> Option<ReporterSession> {
        let mut map = lock(&self.reporters);
        let key = token_key(token);
        let entry = map.get_mut(&key)?;
        if entry.last_used.elapsed() >= REPORTER_IDLE || entry.organization_id != organization_id {
            map.remove(&key);
            return None;
        }
        entry.last_used = Instant::now();
        Some(entry.clone())
    }

    /// The receipt to show once after submitting (and forget).
    pub fn take_receipt(&self, token: &str) -> Option<Zeroizing<String>> {
        lock(&self.reporters)
            .get_mut(&token_key(token))
            .and_then(|s| s.receipt_to_show.take())
    }

    pub fn close_reporter_session(&self, token: &str) {
        lock(&self.reporters).remove(&token_key(token));
    }

    /// Closes every reporter session of a report (deleted at the end of its retention).
    pub fn close_report_sessions(&self, organization_id: i64, report_id: i64) {
        lock(&self.reporters)
            .retain(|_, s| !(s.organization_id == organization_id && s.report_id == report_id));
    }
}

/// Counts attempts per client address in memory. Addresses are kept only as HMACs under
/// a random key that is replaced every window (with the counts of the window before it),
/// so no address, nor a stable hash of one, outlives two windows.
pub struct AttemptLimiter {
    max: u32,
    window: Duration,
    inner: Mutex<LimiterInner>,
}

struct LimiterInner {
    started: Instant,
    key: Zeroizing<[u8; 32]>,
    previous_key: Zeroizing<[u8; 32]>,
    current: HashMap<[u8; 32], u32>,
    previous: HashMap<[u8; 32], u32>,
}

/// More distinct addresses than this in one window and the counts start over (memory
/// stays bounded under a flood).
const MAX_TRACKED: usize = 100_000;

fn address_hash(key: &[u8; 32], address: &str) -> [u8; 32] {
    #[expect(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(address.as_bytes());
    mac.finalize().into_bytes().into()
}

impl AttemptLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            inner: Mutex::new(LimiterInner {
                started: Instant::now(),
                key: Zeroizing::new(prongsai_kernel::random::bytes::<32>()),
                previous_key: Zeroizing::new(prongsai_kernel::random::bytes::<32>()),
                current: HashMap::new(),
                previous: HashMap::new(),
            }),
        }
    }

    pub fn max(&self) -> u32 {
        self.max
    }

    fn rotated(&self, now: Instant) -> MutexGuard<'_, LimiterInner> {
        let mut inner = lock(&self.inner);
        let elapsed = now.saturating_duration_since(inner.started);
        if elapsed >= self.window * 2 {
            inner.previous.clear();
            inner.current.clear();
            inner.key = Zeroizing::new(prongsai_kernel::random::bytes::<32>());
            inner.previous_key = Zeroizing::new(prongsai_kernel::random::bytes::<32>());
            inner.started = now;
        } else if elapsed >= self.window {
            inner.previous = std::mem::take(&mut inner.current);
            let fresh = Zeroizing::new(prongsai_kernel::random::bytes::<32>());
            inner.previous_key = std::mem::replace(&mut inner.key, fresh);
            inner.started += self.window;
        }
        inner
    }

    fn count(inner: &LimiterInner, address: &str) -> u32 {
        let now = inner
            .current
            .get(&address_hash(&inner.key, address))
            .copied()
            .unwrap_or(0);
        let before = inner
            .previous
            .get(&address_hash(&inner.previous_key, address))
            .copied()
            .unwrap_or(0);
        now + before
    }

    /// Whether the address used up its attempts.
    pub fn is_blocked(&self, address: &str) -> bool {
        self.is_blocked_at(address, Instant::now())
    }

    pub fn is_blocked_at(&self, address: &str, now: Instant) -> bool {
        let inner = self.rotated(now);
        Self::count(&inner, address) >= self.max
    }

    /// Counts one attempt of the address.
    pub fn record(&self, address: &str) {
        self.record_at(address, Instant::now());
    }

    pub fn record_at(&self, address: &str, now: Instant) {
        let mut inner = self.rotated(now);
        if inner.current.len() >= MAX_TRACKED {
            inner.current.clear();
        }
        let h = address_hash(&inner.key, address);
        *inner.current.entry(h).or_insert(0) += 1;
    }
}

/// The channel's memory of an application.
pub fn of(state: &prongsai_web::AppState) -> Arc<Memory> {
    state.memory.get_or_default::<Memory>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_blocked_after_its_attempts_and_free_two_windows_later() {
        let limiter = AttemptLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(!limiter.is_blocked_at("10.0.0.1", t0));
            limiter.record_at("10.0.0.1", t0);
        }
        assert!(limiter.is_blocked_at("10.0.0.1", t0));
        assert!(!limiter.is_blocked_at("10.0.0.2", t0));
        // Still blocked in the next window (the previous window counts)...
        assert!(limiter.is_blocked_at("10.0.0.1", t0 + Duration::from_secs(61)));
        // ...and free once both windows passed.
        assert!(!limiter.is_blocked_at("10.0.0.1", t0 + Duration::from_secs(181)));
    }

    #[test]
    fn the_inner_maps_hold_no_address() {
        let limiter = AttemptLimiter::new(3, Duration::from_secs(60));
        limiter.record("192.0.2.77");
        let inner = lock(&limiter.inner);
        for k in inner.current.keys() {
            assert!(!k.windows(10).any(|w| w == b"192.0.2.77"));
        }
    }

    #[test]
    fn reporter_sessions_are_bound_to_their_organization() {
        let m = Memory::default();
        let token = m.open_reporter_session(1, 9, SymmetricKey::generate(), Some("1234".into()));
        assert!(m.reporter_session(&token, 2).is_none());
        // The wrong organization closed it.
        assert!(m.reporter_session(&token, 1).is_none());
        let token = m.open_reporter_session(1, 9, SymmetricKey::generate(), Some("1234".into()));
        assert_eq!(
            m.take_receipt(&token).as_deref().map(String::as_str),
            Some("1234")
        );
        assert!(m.take_receipt(&token).is_none());
        assert_eq!(m.reporter_session(&token, 1).map(|s| s.report_id), Some(9));
    }
}
