//! The application state shared by every request handler and job.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prongsai_accounts::signin::SignInConfig;
use prongsai_db::Db;
use prongsai_files::FileStore;
use prongsai_kernel::{Secret, Tenant};

use crate::config::WebConfig;
use crate::i18n::Locales;
use crate::manifest::{Dataset, MenuItem, PublicLink};
use crate::metrics::Metrics;
use crate::page_cache::PageCache;

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

pub struct AppInner {
    pub db: Db,
    pub config: WebConfig,
    pub files: FileStore,
    /// E-mail (a no-op without an SMTP relay).
    pub mailer: prongsai_notify::Mailer,
    pub signin: SignInConfig,
    /// Key of the CSRF tokens' HMAC.
    pub csrf_key: Secret<Vec<u8>>,
    pub locales: Locales,
    pub metrics: Metrics,
    pub tenants: TenantCache,
    pub menu: Vec<MenuItem>,
    pub public_links: Vec<PublicLink>,
    pub datasets: Vec<Dataset>,
    /// The OpenAPI document's paths and schemas, merged from every capability.
    pub openapi: serde_json::Value,
    pub pages: PageCache,
    /// Present while the install has no organization: `/setup` asks for it, so that
    /// nobody but the person who started the server can claim a fresh install.
    pub setup_token: Mutex<Option<Secret<String>>>,
    /// Wakes the in-process worker when a job is enqueued.
    pub jobs_wakeup: tokio::sync::Notify,
    /// State a capability keeps in this process's memory only (never in the database),
    /// one value per type: see [`Memory::get_or_default`].
    pub memory: Memory,
}

/// Per-process, in-memory state of capabilities, one value per type, created on first
/// use. (The corruption-report channel keeps unlocked keys and attempt counters here:
/// things that must not be written anywhere.)
#[derive(Default)]
pub struct Memory {
    values: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Memory {
    /// The value of type `T`, created with `T::default()` the first time.
    pub fn get_or_default<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        let entry = values
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()) as Arc<dyn Any + Send + Sync>)
            .clone();
        drop(values);
        match entry.downcast::<T>() {
            Ok(value) => value,
            // Unreachable: the entry of `TypeId::of::<T>()` always holds a `T`.
            Err(_) => Arc::new(T::default()),
        }
    }
}

impl AppState {
    pub fn new(inner: AppInner) -> Self {
        Self(Arc::new(inner))
    }
}

impl Deref for AppState {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

/// Host name -> organization, kept briefly in memory: resolving the tenant is on the
/// path of every request. Cleared when an organization is created or renamed.
#[derive(Default)]
pub struct TenantCache {
    entries: Mutex<HashMap<String, (Option<Tenant>, Instant)>>,
}

const TENANT_TTL: Duration = Duration::from_secs(30);

impl TenantCache {
    pub async fn resolve(&self, db: &Db, host: &str) -> prongsai_kernel::Result<Option<Tenant>> {
        let host = prongsai_kernel::tenant::normalize_host(host);
        if let Some((tenant, at)) = self.lock().get(&host)
            && at.elapsed() < TENANT_TTL
        {
            return Ok(tenant.clone());
        }
        let tenant = prongsai_kernel::tenant::find_tenant_for_host(db.conn(), &host).await?;
        let mut entries = self.lock();
        if entries.len() > 10_000 {
            entries.clear();
        }
        entries.insert(host, (tenant.clone(), Instant::now()));
        Ok(tenant)
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Option<Tenant>, Instant)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}
