//! Settings of the web layer, decided once at start by the server's configuration.

use prongsai_accounts::PasswordParams;
use prongsai_kernel::Secret;

#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Mark cookies `Secure` (and give them the `__Host-` prefix). Browsers accept secure
    /// cookies from `http://localhost` and `http://*.localhost`, so this stays on even
    /// in development; only a plain-HTTP deployment on another host name needs it off.
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy in front.
    pub behind_proxy: bool,
    pub password_params: PasswordParams,
    /// Bearer token that opens `/metrics` to non-local scrapers.
    pub metrics_token: Option<Secret<String>>,
    /// How long rendered public pages may be served from memory.
    pub page_cache_seconds: u64,
    /// The Open Contracting ID prefix of this deployment (`ocds-` and six characters,
    /// registered with the Open Contracting Partnership).
    pub ocid_prefix: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            behind_proxy: false,
            password_params: PasswordParams::PRODUCTION,
            metrics_token: None,
            page_cache_seconds: 30,
            ocid_prefix: DEFAULT_OCID_PREFIX.to_owned(),
        }
    }
}

/// Used until a deployment registers its own prefix.
pub const DEFAULT_OCID_PREFIX: &str = "ocds-prongs";
