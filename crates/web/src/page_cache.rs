//! Rendered public pages kept in memory, so the pages everyone opens (home, news) cost a
//! hash lookup. Anything a capability publishes or withdraws invalidates its
//! organization's pages at once on this server; a short lifetime bounds how stale another
//! server of the same deployment can be.
//!
//! Only pages without per-visitor content may be cached: no forms with a CSRF token, no
//! signed-in menu (public pages are rendered without a session).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub organization_id: i64,
    pub lang: Lang,
    /// Path and query of the request.
    pub target: String,
}

impl PageKey {
    /// The key of a public page rendered for `shell` (its organization and language):
    /// `vary` (anything else the page depends on, such as the origin in absolute URLs,
    /// else empty) followed by the request's path and query.
    pub fn for_request(shell: &crate::shell::Shell, uri: &http::Uri, vary: &str) -> Self {
        let target = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        Self {
            organization_id: shell.tenant.id,
            lang: shell.lang,
            target: format!("{vary}{target}"),
        }
    }
}

struct Entry {
    html: Bytes,
    generation: u64,
    at: Instant,
}

pub struct PageCache {
    ttl: Duration,
    entries: Mutex<HashMap<PageKey, Entry>>,
    generations: Mutex<HashMap<i64, u64>>,
}

/// More entries than this and the cache starts over (a crawler walking every page must
/// not grow memory without bound).
const MAX_ENTRIES: usize = 4096;

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
            generations: Mutex::new(HashMap::new()),
        }
    }

    fn generation(&self, organization_id: i64) -> u64 {
        *self
            .generations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&organization_id)
            .unwrap_or(&0)
    }

    pub fn get(&self, key: &PageKey) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let generation = self.generation(key.organization_id);
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == generation && e.at.elapsed() < self.ttl)
            .map(|e| e.html.clone())
    }

    pub fn put(&self, key: PageKey, html: Bytes) {
        if self.ttl.is_zero() {
            return;
        }
        let generation = self.generation(key.organization_id);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                html,
                generation,
                at: Instant::now(),
            },
        );
    }

    /// Forgets every cached page of an organization (call after publishing).
    pub fn invalidate_organization(&self, organization_id: i64) {
        *self
            .generations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(organization_id)
            .or_insert(0) += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(org: i64) -> PageKey {
        PageKey {
            organization_id: org,
            lang: Lang::Th,
            target: "/".into(),
        }
    }

    #[test]
    fn invalidation_is_per_organization() {
        let c = PageCache::new(Duration::from_secs(60));
        c.put(key(1), Bytes::from_static(b"one"));
        c.put(key(2), Bytes::from_static(b"two"));
        assert_eq!(c.get(&key(1)).as_deref(), Some(&b"one"[..]));
        c.invalidate_organization(1);
        assert_eq!(c.get(&key(1)), None);
        assert_eq!(c.get(&key(2)).as_deref(), Some(&b"two"[..]));
    }

    #[test]
    fn a_zero_lifetime_disables_it() {
        let c = PageCache::new(Duration::ZERO);
        c.put(key(1), Bytes::from_static(b"one"));
        assert_eq!(c.get(&key(1)), None);
    }
}
