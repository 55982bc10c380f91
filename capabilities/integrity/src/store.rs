//! What the channel does, on the database: the reporter's side (submit, open with a
//! receipt, follow up), the recipients' side (read, answer, change status, reveal,
//! refer, export: each audited), the administrator's side (set up, name recipients,
//! re-wrap with the recovery key, retention), and the public statistics.
//!
//! Plain text exists only in this process's memory: every value a reporter or recipient
//! writes is sealed before it reaches a query, so neither the database, its WAL, a
//! backup nor a query log holds it.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use chrono::{Datelike, NaiveDate};
use prongsai_db::Db;
use prongsai_db::entities::{audit_entry, role_grant, user};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_files::{FileKind, FileStore};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::{Actor, Authorized, Error, FieldErrors, Result, Role, Secret};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::crypto::{self, KdfParams, SecretKey, SymmetricKey};
use crate::model::{
    AUTHORITIES, OUTCOMES, Status, attachment, channel, event, identity, message, recipient,
    report, report_key, tally,
};
use crate::permissions::ManageIntegrityChannel;

/// Target kind of the channel's audit rows about a report.
pub const TARGET_REPORT: &str = "integrity_report";
/// Setting holding the deployment's receipt pepper.
pub const PEPPER_SETTING: &str = "integrity_receipt_pepper";
/// Default retention of closed reports.
pub const DEFAULT_RETENTION_DAYS: i32 = 365;

/// Argon2id costs for receipts and for recipients' keys.
#[derive(Clone, Copy, Debug)]
pub struct Costs {
    pub receipt: KdfParams,
    pub recipient_key: KdfParams,
}

impl Costs {
    pub const PRODUCTION: Costs = Costs {
        receipt: KdfParams::RECEIPT,
        recipient_key: KdfParams::RECIPIENT_KEY,
    };
    pub const TESTING: Costs = Costs {
        receipt: KdfParams::TESTING,
        recipient_key: KdfParams::TESTING,
    };

    /// Production costs unless the deployment runs with the test suite's password costs.
    pub fn for_passwords(params: prongsai_accounts::PasswordParams) -> Costs {
        if params == prongsai_accounts::PasswordParams::PRODUCTION {
            Costs::PRODUCTION
        } else {
            Costs::TESTING
        }
    }
}

fn crypto_err(_: crypto::CryptoError) -> Error {
    Error::internal("a sealed value of the corruption-report channel does not open")
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(Error::internal)
}

fn today() -> NaiveDate {
    prongsai_kernel::clock::today_in_thailand()
}

fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Midnight (Thailand) of today, as a timestamp: the reporter's actions are dated to
/// the day only.
fn start_of_today() -> chrono::DateTime<chrono::Utc> {
    let local = today().and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono::DateTime::from_naive_utc_and_offset(local - chrono::Duration::hours(7), chrono::Utc)
}

// ---------- sealed values ----------

/// What the reporter wrote in the questionnaire.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReportContent {
    /// Who did it (name, or a description).
    pub who: String,
    /// Their position or office.
    pub position: String,
    /// When it happened.
    pub when: String,
    /// Where it happened.
    pub place: String,
    /// What happened.
    pub what: String,
    /// What evidence exists and who else knows.
    pub evidence: String,
    /// Users the reporter left out of the recipients (sealed: the database must not
    /// show whom a report is about).
    #[serde(default)]
    pub excluded_users: Vec<i64>,
}

/// The reporter's identity, if they gave it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub contact: String,
    /// The reporter agrees that their identity may go with a referral to an outside
    /// authority.
    pub consent_to_share: bool,
}

impl Identity {
    pub fn is_empty(&self) -> bool {
        self.name.trim().is_empty() && self.contact.trim().is_empty()
    }
}

/// Pads JSON with spaces to a multiple of `block` so that a sealed value's size says
/// little about what it holds.
fn padded_json<T: Serialize>(value: &T, block: usize) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec(value)?;
    let target = bytes.len().div_ceil(block).max(1) * block;
    bytes.resize(target, b' ');
    Ok(bytes)
}

fn aad(org: i64, uid: &str, purpose: &str) -> String {
    format!("{org}|{uid}|{purpose}")
}

fn open_json<T: for<'de> Deserialize<'de>>(
    key: &SymmetricKey,
    aad: &str,
    sealed: &[u8],
) -> Result<T> {
    let bytes = crypto::open(key, aad, sealed).map_err(crypto_err)?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn open_text(key: &SymmetricKey, aad: &str, sealed: &[u8]) -> Result<String> {
    let bytes = crypto::open(key, aad, sealed).map_err(crypto_err)?;
    String::from_utf8(bytes.to_vec()).map_err(Error::internal)
}

// ---------- the channel and its recipients ----------

pub async fn find_channel(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Option<channel::Model>> {
    Ok(channel::Entity::find()
        .filter(channel::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?)
}

/// Sets the channel up: makes the organization's recovery key (returned once, to be
/// written down; only its public half is stored) and names the internal auditors as
/// recipients.
pub async fn set_up_channel(
    db: &Db,
    auth: &Authorized<ManageIntegrityChannel>,
) -> Result<Secret<String>> {
    let org = auth.organization_id();
    let recovery = SecretKey::generate();
    let txn = db.begin_write().await?;
    if find_channel(&txn, org).await?.is_some() {
        return Err(Error::Conflict("the channel is already set up".into()));
    }
    let saved = channel::ActiveModel {
        organization_id: Set(org),
        recovery_public_key: Set(recovery.public_key().to_vec()),
        retention_days: Set(DEFAULT_RETENTION_DAYS),
        created_by: Set(auth.actor().user_id()),
        created_at: Set(prongsai_kernel::clock::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let auditors: Vec<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::OrganizationId.eq(org))
        .filter(role_grant::Column::Role.eq(Role::InternalAuditor.code()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    for user_id in &auditors {
        insert_recipient(&txn, org, *user_id, auth.actor()).await?;
    }
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "integrity.channel.set_up",
        Target::new("integrity_channel", saved.id),
        json!({ "recipients": auditors, "retention_days": DEFAULT_RETENTION_DAYS }),
    )
    .await?;
    txn.commit().await?;
    Ok(Secret::new(crypto::encode_recovery_key(&recovery)))
}

async fn insert_recipient(
    txn: &DatabaseTransaction,
    org: i64,
    user_id: i64,
    actor: Actor,
) -> Result<recipient::Model> {
    Ok(recipient::ActiveModel {
        organization_id: Set(org),
        user_id: Set(user_id),
        public_key: Set(None),
        sealed_secret_key: Set(None),
        kdf_salt: Set(None),
        kdf_params: Set(None),
        added_by: Set(actor.user_id()),
        added_at: Set(prongsai_kernel::clock::now()),
        key_created_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// A recipient as the administrator and the reporter see them.
#[derive(Clone, Debug)]
pub struct RecipientInfo {
    pub id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub position: String,
    pub has_key: bool,
    pub has_second_factor: bool,
    pub is_internal_auditor: bool,
}

pub async fn list_recipients(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Vec<RecipientInfo>> {
    let rows = recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(organization_id))
        .order_by_asc(recipient::Column::Id)
        .all(db)
        .await?;
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let auditors: HashSet<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::OrganizationId.eq(organization_id))
        .filter(role_grant::Column::Role.eq(Role::InternalAuditor.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let u = users.get(&r.user_id)?;
            Some(RecipientInfo {
                id: r.id,
                user_id: r.user_id,
                display_name: u.display_name.clone(),
                position: u.position_th.clone(),
                has_key: r.public_key.is_some(),
                has_second_factor: u.totp_secret.is_some(),
                is_internal_auditor: auditors.contains(&r.user_id),
            })
        })
        .collect())
}

/// Staff who could be named recipients (active accounts not yet named).
pub async fn list_recipient_candidates(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Vec<(i64, String)>> {
    let named: HashSet<i64> = recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::IsActive.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .filter(|u| !named.contains(&u.id))
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
        .collect())
}

pub async fn add_recipient(
    db: &Db,
    auth: &Authorized<ManageIntegrityChannel>,
    user_id: i64,
) -> Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    find_channel(&txn, org).await?.ok_or(Error::NotFound)?;
    user::Entity::find_by_id(user_id)
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::IsActive.eq(true))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let exists = recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(org))
        .filter(recipient::Column::UserId.eq(user_id))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let saved = insert_recipient(&txn, org, user_id, auth.actor()).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "integrity.recipient.add",
        Target::new("integrity_recipient", saved.id),
        json!({ "user_id": user_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a recipient: their key and every wrap made for it are deleted, so they read
/// nothing more, even with a copy of their password. Reports only they could open stay
/// openable with the recovery key (see [`rewrap_with_recovery_key`]).
pub async fn remove_recipient(
    db: &Db,
    auth: &Authorized<ManageIntegrityChannel>,
    recipient_id: i64,
) -> Result<i64> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let row = recipient::Entity::find_by_id(recipient_id)
        .filter(recipient::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let removed = report_key::Entity::delete_many()
        .filter(report_key::Column::OrganizationId.eq(org))
        .filter(report_key::Column::RecipientId.eq(recipient_id))
        .exec(&txn)
        .await?
        .rows_affected;
    let user_id = row.user_id;
    recipient::Entity::delete_by_id(recipient_id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "integrity.recipient.remove",
        Target::new("integrity_recipient", recipient_id),
        json!({ "user_id": user_id, "wraps_deleted": removed }),
    )
    .await?;
    txn.commit().await?;
    Ok(user_id)
}

pub async fn set_retention(
    db: &Db,
    auth: &Authorized<ManageIntegrityChannel>,
    days: i32,
) -> Result<()> {
    if !(30..=3650).contains(&days) {
        return Err(Error::invalid(
            "retention_days",
            "ระบุจำนวนวันระหว่าง 30 ถึง 3650 วัน",
        ));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let row = find_channel(&txn, org).await?.ok_or(Error::NotFound)?;
    let before = row.retention_days;
    let id = row.id;
    let mut active = row.into_active_model();
    active.retention_days = Set(days);
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "integrity.channel.retention",
        Target::new("integrity_channel", id),
        json!({ "from": before, "to": days }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How many (report, recipient) pairs lack a wrap: reports that arrived before a
/// recipient made their key, or whose only recipients left.
pub async fn count_missing_wraps(db: &impl ConnectionTrait, organization_id: i64) -> Result<u64> {
    let recipients: Vec<i64> = recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(organization_id))
        .filter(recipient::Column::PublicKey.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let reports = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?;
    let wraps: HashSet<(i64, i64)> = report_key::Entity::find()
        .filter(report_key::Column::OrganizationId.eq(organization_id))
        .filter(report_key::Column::RecipientId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|w| w.recipient_id.map(|r| (w.report_id, r)))
        .collect();
    let mut n = 0;
    for r in &reports {
        for rec in &recipients {
            if !wraps.contains(&(r.id, *rec)) {
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Gives every recipient with a key the reports they lack (or, when the reporter left
/// them out, a decoy), using the recovery key typed by the administrator. The recovery
/// key is used in memory for this call only; nothing is shown to the administrator.
pub async fn rewrap_with_recovery_key(
    db: &Db,
    auth: &Authorized<ManageIntegrityChannel>,
    recovery_text: Secret<String>,
) -> Result<u64> {
    let org = auth.organization_id();
    let Some(recovery) = crypto::decode_recovery_key(recovery_text.expose()) else {
        return Err(Error::invalid(
            "recovery_key",
            "กุญแจกู้คืนไม่ถูกต้อง กรุณาตรวจสอบตัวอักษรอีกครั้ง",
        ));
    };
    let txn = db.begin_write().await?;
    let ch = find_channel(&txn, org).await?.ok_or(Error::NotFound)?;
    if ch.recovery_public_key != recovery.public_key().to_vec() {
        return Err(Error::invalid("recovery_key", "กุญแจกู้คืนนี้ไม่ใช่ของช่องทางนี้"));
    }
    let recipients: Vec<recipient::Model> = recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(org))
        .filter(recipient::Column::PublicKey.is_not_null())
        .all(&txn)
        .await?;
    let reports = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(org))
        .all(&txn)
        .await?;
    let mut added = 0u64;
    for r in reports {
        let wraps = report_key::Entity::find()
            .filter(report_key::Column::ReportId.eq(r.id))
            .all(&txn)
            .await?;
        let have: HashSet<i64> = wraps.iter().filter_map(|w| w.recipient_id).collect();
        let missing: Vec<&recipient::Model> = recipients
            .iter()
            .filter(|x| !have.contains(&x.id))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let ctx = aad(org, &r.uid, "report-key");
        let key = wraps
            .iter()
            .filter(|w| w.recipient_id.is_none())
            .find_map(|w| {
                crypto::unwrap_key(&recovery, &w.wrapped, &ctx)
                    .ok()
                    .filter(|k| k.matches_check(&r.key_check))
            })
            .ok_or_else(|| Error::internal("a report has no recovery wrap"))?;
        let content: ReportContent =
            open_json(&key, &aad(org, &r.uid, "content"), &r.sealed_content)?;
        for x in missing {
            let public = x.public_key.clone().unwrap_or_default();
            let wrapped = if content.excluded_users.contains(&x.user_id) {
                crypto::decoy_wrap(&public, &ctx)
            } else {
                crypto::wrap_key(&public, &key, &ctx)
            }
            .map_err(crypto_err)?;
            report_key::ActiveModel {
                organization_id: Set(org),
                report_id: Set(r.id),
                recipient_id: Set(Some(x.id)),
                wrapped: Set(wrapped),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            added += 1;
        }
    }
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "integrity.keys.rewrap",
        Target::new("integrity_channel", ch.id),
        json!({ "wraps_added": added }),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

// ---------- a recipient's key ----------

pub async fn find_recipient(
    db: &impl ConnectionTrait,
    organization_id: i64,
    user_id: i64,
) -> Result<Option<recipient::Model>> {
    Ok(recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(organization_id))
        .filter(recipient::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

/// Why a recipient's key did not unlock.
#[derive(Debug, thiserror::Error)]
pub enum UnlockError {
    /// The account password is wrong.
    #[error("wrong password")]
    WrongPassword,
    /// The password is right but the key was sealed under an earlier one: ask for it.
    #[error("the key was sealed under an earlier password")]
    NeedsPreviousPassword,
    #[error(transparent)]
    Other(#[from] Error),
}

impl From<prongsai_db::sea_orm::DbErr> for UnlockError {
    fn from(e: prongsai_db::sea_orm::DbErr) -> Self {
        Self::Other(e.into())
    }
}

/// Checks the recipient's account password, then opens their private key with it
/// (making the key pair on first use). When the key was sealed under an earlier
/// password, `previous` opens it and it is sealed again under the current one.
pub async fn unlock_recipient_key(
    db: &Db,
    costs: Costs,
    organization_id: i64,
    user_id: i64,
    password: Secret<String>,
    previous: Option<Secret<String>>,
) -> std::result::Result<(recipient::Model, SecretKey), UnlockError> {
    let row = find_recipient(db.conn(), organization_id, user_id)
        .await?
        .ok_or(Error::NotFound)?;
    let account = user::Entity::find_by_id(user_id)
        .filter(user::Column::OrganizationId.eq(organization_id))
        .one(db.conn())
        .await?
        .filter(|u| u.is_active)
        .ok_or(Error::NotFound)?;
    let ok = prongsai_accounts::password::verify_password_blocking(
        account.password_hash.clone(),
        password.clone(),
    )
    .await;
    if !ok {
        return Err(UnlockError::WrongPassword);
    }
    let (Some(sealed), Some(salt), Some(params)) = (
        row.sealed_secret_key.clone(),
        row.kdf_salt.clone(),
        row.kdf_params.as_deref().and_then(KdfParams::decode),
    ) else {
        // First use: make the key pair.
        let pw = password.clone();
        let (secret, sealed) = blocking(move || {
            let secret = SecretKey::generate();
            let sealed = crypto::seal_secret_key(
                &secret,
                pw.expose(),
                costs.recipient_key,
                organization_id,
                user_id,
            );
            (secret, sealed)
        })
        .await?;
        let sealed = sealed.map_err(crypto_err)?;
        let txn = db.begin_write().await?;
        let id = row.id;
        let mut active = row.into_active_model();
        active.public_key = Set(Some(secret.public_key().to_vec()));
        active.sealed_secret_key = Set(Some(sealed.sealed));
        active.kdf_salt = Set(Some(sealed.salt));
        active.kdf_params = Set(Some(sealed.params.encode()));
        active.key_created_at = Set(Some(prongsai_kernel::clock::now()));
        let saved = active.update(&txn).await?;
        audit::record(
            &txn,
            Some(organization_id),
            Actor::User(user_id),
            "integrity.recipient.key_created",
            Target::new("integrity_recipient", id),
            json!({}),
        )
        .await?;
        txn.commit().await.map_err(Error::from)?;
        return Ok((saved, secret));
    };
    let stored = crypto::SealedSecretKey {
        salt,
        params,
        sealed,
    };
    let try_open = |pw: Secret<String>, stored: crypto::SealedSecretKey| {
        blocking(move || {
            crypto::open_secret_key(&stored, pw.expose(), organization_id, user_id).ok()
        })
    };
    if let Some(secret) = try_open(password.clone(), stored.clone()).await? {
        return Ok((row, secret));
    }
    let Some(previous) = previous else {
        return Err(UnlockError::NeedsPreviousPassword);
    };
    let Some(secret) = try_open(previous, stored).await? else {
        return Err(UnlockError::NeedsPreviousPassword);
    };
    // Seal it again under the current password.
    let s = secret.clone();
    let resealed = blocking(move || {
        crypto::seal_secret_key(
            &s,
            password.expose(),
            costs.recipient_key,
            organization_id,
            user_id,
        )
    })
    .await?
    .map_err(crypto_err)?;
    let mut active = row.into_active_model();
    active.sealed_secret_key = Set(Some(resealed.sealed));
    active.kdf_salt = Set(Some(resealed.salt));
    active.kdf_params = Set(Some(resealed.params.encode()));
    let saved = active.update(db.conn()).await?;
    Ok((saved, secret))
}

/// Proof that a recipient unlocked their key in this session, second factor done: the
/// only way to open a report. Built by the channel's extractor after its checks.
#[derive(Clone)]
pub struct RecipientAccess {
    pub(crate) organization_id: i64,
    pub(crate) user_id: i64,
    pub(crate) recipient_id: i64,
    pub(crate) secret: SecretKey,
}

impl RecipientAccess {
    /// For tests and the server's demo set-up: a recipient whose key was just unlocked
    /// with their password.
    pub fn from_unlocked(row: &recipient::Model, secret: SecretKey) -> Self {
        Self {
            organization_id: row.organization_id,
            user_id: row.user_id,
            recipient_id: row.id,
            secret,
        }
    }

    pub fn user_id(&self) -> i64 {
        self.user_id
    }

    fn actor(&self) -> Actor {
        Actor::User(self.user_id)
    }
}

// ---------- the reporter ----------

/// The questionnaire as sent.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewReport {
    #[serde(default)]
    pub who: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub consent_to_share: bool,
    /// User ids of recipients left out.
    #[serde(default)]
    pub excluded_users: Vec<i64>,
}

/// A file the reporter attached, before checking.
#[derive(Clone, Debug)]
pub struct Upload {
    pub bytes: Bytes,
}

/// A checked file without its metadata.
struct CleanFile {
    kind: FileKind,
    bytes: Vec<u8>,
}

/// Most files one submission or follow-up may carry.
pub const MAX_FILES: usize = 5;

fn check_length(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.add(field, format!("ยาวเกิน {max} ตัวอักษร"));
    }
}

fn clean_upload(upload: &Upload, max_bytes: usize) -> std::result::Result<CleanFile, String> {
    let kind = prongsai_files::check_upload(&upload.bytes, max_bytes).map_err(|e| e.to_string())?;
    if !matches!(
        kind,
        FileKind::Pdf | FileKind::Jpeg | FileKind::Png | FileKind::Webp
    ) {
        return Err("รับเฉพาะรูปภาพ (JPEG, PNG, WebP) และ PDF".to_owned());
    }
    let bytes = prongsai_files::strip_metadata(kind, &upload.bytes)
        .ok_or_else(|| "อ่านไฟล์นี้ไม่ได้ (ไฟล์เสียหรือ PDF ที่ตั้งรหัสผ่านไว้) กรุณาแนบไฟล์อื่น".to_owned())?;
    Ok(CleanFile { kind, bytes })
}

fn check_new_report(input: &NewReport) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if input.what.trim().chars().count() < 20 {
        errors.add("what", "กรุณาเล่าว่าเกิดอะไรขึ้น อย่างน้อย 20 ตัวอักษร");
    }
    check_length(&mut errors, "what", &input.what, 10_000);
    for (field, value) in [
        ("who", &input.who),
        ("position", &input.position),
        ("when", &input.when),
        ("place", &input.place),
        ("name", &input.name),
        ("contact", &input.contact),
    ] {
        check_length(&mut errors, field, value, 300);
    }
    check_length(&mut errors, "evidence", &input.evidence, 5_000);
    errors
}

/// What a successful submission gives the reporter.
pub struct Submitted {
    pub report_id: i64,
    pub receipt: Secret<String>,
    pub report_key: SymmetricKey,
}

/// The deployment's receipt pepper.
pub async fn pepper(db: &Db) -> Result<Secret<Vec<u8>>> {
    prongsai_kernel::settings::get_or_create_secret(db.conn(), PEPPER_SETTING).await
}

async fn receipt_secrets(
    db: &Db,
    costs: Costs,
    organization_id: i64,
    digits: String,
) -> Result<crypto::ReceiptSecrets> {
    let pepper = pepper(db).await?;
    blocking(move || {
        crypto::receipt_secrets(&digits, organization_id, pepper.expose(), costs.receipt)
    })
    .await?
    .map_err(crypto_err)
}

/// Stores a new report, sealed, and returns the receipt (shown once). Not audited: an
/// audit row would record the moment of submission, which is what the channel hides.
pub async fn submit_report(
    db: &Db,
    files: &FileStore,
    costs: Costs,
    organization_id: i64,
    input: NewReport,
    uploads: Vec<Upload>,
) -> Result<Submitted> {
    let org = organization_id;
    let mut errors = check_new_report(&input);
    if uploads.len() > MAX_FILES {
        errors.add("files", format!("แนบได้ไม่เกิน {MAX_FILES} ไฟล์"));
    }
    let mut clean = Vec::new();
    for u in &uploads {
        match clean_upload(u, files.max_bytes) {
            Ok(f) => clean.push(f),
            Err(message) => {
                errors.add("files", message);
                break;
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    find_channel(db.conn(), org).await?.ok_or(Error::NotFound)?;
    let recipients = recipient::Entity::find()
        .filter(recipient::Column::OrganizationId.eq(org))
        .all(db.conn())
        .await?;
    let named: HashSet<i64> = recipients.iter().map(|r| r.user_id).collect();
    let excluded: Vec<i64> = input
        .excluded_users
        .iter()
        .copied()
        .filter(|u| named.contains(u))
        .collect();
    if !recipients.is_empty() && excluded.len() == recipients.len() {
        return Err(Error::invalid("excluded", "ต้องเหลือผู้รับเรื่องอย่างน้อยหนึ่งคน"));
    }
    let digits = crypto::generate_receipt();
    let secrets = receipt_secrets(db, costs, org, digits.clone()).await?;
    let report_key = SymmetricKey::generate();
    let uid = data_encoding::HEXLOWER.encode(&prongsai_kernel::random::bytes::<16>());
    let content = ReportContent {
        who: input.who.trim().to_owned(),
        position: input.position.trim().to_owned(),
        when: input.when.trim().to_owned(),
        place: input.place.trim().to_owned(),
        what: input.what.trim().to_owned(),
        evidence: input.evidence.trim().to_owned(),
        excluded_users: excluded.clone(),
    };
    let identity_value = Identity {
        name: input.name.trim().to_owned(),
        contact: input.contact.trim().to_owned(),
        consent_to_share: input.consent_to_share,
    };
    let sealed_content = crypto::seal(
        &report_key,
        &aad(org, &uid, "content"),
        &padded_json(&content, 1024)?,
    );
    let sealed_identity = crypto::seal(
        &report_key.derive("identity"),
        &aad(org, &uid, "identity"),
        &padded_json(&identity_value, 2048)?,
    );
    let received_on = today();
    let fiscal_year = prongsai_thai::FiscalYear::of(received_on).be();
    // Files first (a rolled-back transaction leaves sealed, unreferenced blobs).
    let mut stored = Vec::new();
    for (i, f) in clean.into_iter().enumerate() {
        stored.push(put_sealed_file(files, org, &uid, &report_key, f, i + 1).await?);
    }
    let txn = db.begin_write().await?;
    let ch = find_channel(&txn, org).await?.ok_or(Error::NotFound)?;
    let saved = report::ActiveModel {
        organization_id: Set(org),
        uid: Set(uid.clone()),
        receipt_index: Set(secrets.index.clone()),
        sealed_reporter_key: Set(crypto::wrap_with(
            &secrets.key,
            &report_key,
            &aad(org, &uid, "reporter"),
        )),
        key_check: Set(report_key.check_value()),
        sealed_content: Set(sealed_content),
        status: Set(Status::New.code().to_owned()),
        outcome: Set(None),
        received_on: Set(received_on),
        fiscal_year: Set(fiscal_year),
        closed_on: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let ctx = aad(org, &uid, "report-key");
    let mut wraps = vec![(
        None,
        crypto::wrap_key(&ch.recovery_public_key, &report_key, &ctx).map_err(crypto_err)?,
    )];
    for r in &recipients {
        let Some(public) = &r.public_key else {
            continue;
        };
        let wrapped = if excluded.contains(&r.user_id) {
            crypto::decoy_wrap(public, &ctx)
        } else {
            crypto::wrap_key(public, &report_key, &ctx)
        }
        .map_err(crypto_err)?;
        wraps.push((Some(r.id), wrapped));
    }
    for (recipient_id, wrapped) in wraps {
        report_key::ActiveModel {
            organization_id: Set(org),
            report_id: Set(saved.id),
            recipient_id: Set(recipient_id),
            wrapped: Set(wrapped),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    identity::ActiveModel {
        organization_id: Set(org),
        report_id: Set(saved.id),
        sealed: Set(sealed_identity),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (storage_key, sealed_meta) in stored {
        insert_attachment(&txn, org, saved.id, "reporter", storage_key, sealed_meta).await?;
    }
    bump_tally(&txn, org, fiscal_year, received_on, 1, 0).await?;
    txn.commit().await?;
    Ok(Submitted {
        report_id: saved.id,
        receipt: Secret::new(digits),
        report_key,
    })
}

#[derive(Serialize, Deserialize)]
struct FileMeta {
    name: String,
    mime: String,
    size: usize,
}

async fn put_sealed_file(
    files: &FileStore,
    org: i64,
    uid: &str,
    key: &SymmetricKey,
    file: CleanFile,
    n: usize,
) -> Result<(String, Vec<u8>)> {
    let storage_key = format!(
        "{org}/integrity/{}",
        data_encoding::HEXLOWER.encode(&prongsai_kernel::random::bytes::<16>())
    );
    // The reporter's own file name is not kept: it can name them.
    let meta = FileMeta {
        name: format!("หลักฐาน-{n}.{}", file.kind.extension()),
        mime: file.kind.mime().to_owned(),
        size: file.bytes.len(),
    };
    let sealed = crypto::seal(
        key,
        &aad(org, uid, &format!("file|{storage_key}")),
        &file.bytes,
    );
    files.put_blob(&storage_key, Bytes::from(sealed)).await?;
    let sealed_meta = crypto::seal(
        key,
        &aad(org, uid, &format!("file-meta|{storage_key}")),
        &serde_json::to_vec(&meta)?,
    );
    Ok((storage_key, sealed_meta))
}

async fn insert_attachment(
    txn: &DatabaseTransaction,
    org: i64,
    report_id: i64,
    added_by: &str,
    storage_key: String,
    sealed_meta: Vec<u8>,
) -> Result<()> {
    attachment::ActiveModel {
        organization_id: Set(org),
        report_id: Set(report_id),
        added_by: Set(added_by.to_owned()),
        added_at: Set(start_of_today()),
        storage_key: Set(storage_key),
        sealed_meta: Set(sealed_meta),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

async fn bump_tally(
    txn: &DatabaseTransaction,
    org: i64,
    fiscal_year: i32,
    on: NaiveDate,
    received: i32,
    completed: i32,
) -> Result<()> {
    let month = month_of(on);
    let row = tally::Entity::find()
        .filter(tally::Column::OrganizationId.eq(org))
        .filter(tally::Column::FiscalYear.eq(fiscal_year))
        .filter(tally::Column::Month.eq(month.clone()))
        .one(txn)
        .await?;
    match row {
        Some(row) => {
            let (r, c) = (row.received, row.completed);
            let mut active = row.into_active_model();
            active.received = Set(r + received);
            active.completed = Set(c + completed);
            active.update(txn).await?;
        }
        None => {
            tally::ActiveModel {
                organization_id: Set(org),
                fiscal_year: Set(fiscal_year),
                month: Set(month),
                received: Set(received),
                completed: Set(completed),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// Opens a report with a receipt. `None` for any receipt that does not open one (one
/// answer for every failure). Costs one Argon2id derivation and one indexed query,
/// right or wrong.
pub async fn open_with_receipt(
    db: &Db,
    costs: Costs,
    organization_id: i64,
    typed: &str,
) -> Result<Option<(i64, SymmetricKey)>> {
    // A malformed receipt costs the same work as a wrong one.
    let (digits, well_formed) = match crypto::normalize_receipt(typed) {
        Some(d) => (d, true),
        None => ("0".repeat(crypto::RECEIPT_DIGITS), false),
    };
    let secrets = receipt_secrets(db, costs, organization_id, digits).await?;
    let found = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(organization_id))
        .filter(report::Column::ReceiptIndex.eq(secrets.index.clone()))
        .one(db.conn())
        .await?;
    let Some(r) = found.filter(|_| well_formed) else {
        return Ok(None);
    };
    Ok(crypto::unwrap_with(
        &secrets.key,
        &r.sealed_reporter_key,
        &aad(organization_id, &r.uid, "reporter"),
    )
    .ok()
    .filter(|k| k.matches_check(&r.key_check))
    .map(|k| (r.id, k)))
}

async fn load_report(
    db: &impl ConnectionTrait,
    organization_id: i64,
    report_id: i64,
) -> Result<report::Model> {
    report::Entity::find_by_id(report_id)
        .filter(report::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// A message in a report's conversation.
#[derive(Clone, Debug)]
pub struct MessageView {
    pub from_reporter: bool,
    /// The recipient's name (recipients' view only).
    pub author_name: Option<String>,
    pub sent_at: chrono::DateTime<chrono::Utc>,
    pub text: String,
}

/// An attachment, described.
#[derive(Clone, Debug)]
pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    pub mime: String,
    pub size: usize,
    pub from_reporter: bool,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

/// Something recipients did.
#[derive(Clone, Debug)]
pub struct EventView {
    pub kind: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_name: String,
    pub status: Option<String>,
    pub authority: Option<String>,
    pub sent_on: Option<NaiveDate>,
    pub identity_included: bool,
    /// Reason of a reveal or status change; for a referral, "what was sent".
    pub text: String,
    /// For a referral: why.
    pub why: String,
    pub outcome: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct EventText {
    #[serde(default)]
    text: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    outcome: Option<String>,
}

/// What the reporter sees with their receipt.
pub struct ReporterView {
    pub status: Status,
    pub outcome: Option<String>,
    pub received_on: NaiveDate,
    pub content: ReportContent,
    pub messages: Vec<MessageView>,
    pub attachments: Vec<AttachmentView>,
    pub identity_given: bool,
    pub consent_to_share: bool,
    /// Days a recipient revealed the reporter's identity.
    pub revealed_on: Vec<chrono::DateTime<chrono::Utc>>,
}

async fn names_of(
    db: &impl ConnectionTrait,
    org: i64,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

async fn messages_of(
    db: &impl ConnectionTrait,
    r: &report::Model,
    key: &SymmetricKey,
    with_names: bool,
) -> Result<Vec<MessageView>> {
    let rows = message::Entity::find()
        .filter(message::Column::OrganizationId.eq(r.organization_id))
        .filter(message::Column::ReportId.eq(r.id))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?;
    let names = if with_names {
        names_of(
            db,
            r.organization_id,
            rows.iter().filter_map(|m| m.author_user_id),
        )
        .await?
    } else {
        HashMap::new()
    };
    rows.into_iter()
        .map(|m| {
            let text = open_text(
                key,
                &aad(r.organization_id, &r.uid, &format!("message|{}", m.author)),
                &m.sealed,
            )?;
            Ok(MessageView {
                from_reporter: m.author == "reporter",
                author_name: m.author_user_id.and_then(|id| names.get(&id).cloned()),
                sent_at: m.sent_at,
                text,
            })
        })
        .collect()
}

async fn attachments_of(
    db: &impl ConnectionTrait,
    r: &report::Model,
    key: &SymmetricKey,
) -> Result<Vec<AttachmentView>> {
    let rows = attachment::Entity::find()
        .filter(attachment::Column::OrganizationId.eq(r.organization_id))
        .filter(attachment::Column::ReportId.eq(r.id))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|a| {
            let meta: FileMeta = open_json(
                key,
                &aad(
                    r.organization_id,
                    &r.uid,
                    &format!("file-meta|{}", a.storage_key),
                ),
                &a.sealed_meta,
            )?;
            Ok(AttachmentView {
                id: a.id,
                name: meta.name,
                mime: meta.mime,
                size: meta.size,
                from_reporter: a.added_by == "reporter",
                added_at: a.added_at,
            })
        })
        .collect()
}

async fn identity_of(
    db: &impl ConnectionTrait,
    r: &report::Model,
    key: &SymmetricKey,
) -> Result<(identity::Model, Identity)> {
    let row = identity::Entity::find()
        .filter(identity::Column::OrganizationId.eq(r.organization_id))
        .filter(identity::Column::ReportId.eq(r.id))
        .one(db)
        .await?
        .ok_or_else(|| Error::internal("a report has no identity row"))?;
    let value: Identity = open_json(
        &key.derive("identity"),
        &aad(r.organization_id, &r.uid, "identity"),
        &row.sealed,
    )?;
    Ok((row, value))
}

async fn events_of(
    db: &impl ConnectionTrait,
    r: &report::Model,
    key: &SymmetricKey,
) -> Result<Vec<EventView>> {
    let rows = event::Entity::find()
        .filter(event::Column::OrganizationId.eq(r.organization_id))
        .filter(event::Column::ReportId.eq(r.id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let names = names_of(
        db,
        r.organization_id,
        rows.iter().filter_map(|e| e.actor_user_id),
    )
    .await?;
    rows.into_iter()
        .map(|e| {
            let text: EventText = match &e.sealed {
                Some(sealed) => open_json(
                    key,
                    &aad(r.organization_id, &r.uid, &format!("event|{}", e.kind)),
                    sealed,
                )?,
                None => EventText::default(),
            };
            Ok(EventView {
                actor_name: e
                    .actor_user_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default(),
                kind: e.kind,
                at: e.at,
                status: e.status,
                authority: e.authority,
                sent_on: e.sent_on,
                identity_included: e.identity_included,
                text: text.text,
                why: text.why,
                outcome: text.outcome,
            })
        })
        .collect()
}

pub async fn reporter_view(
    db: &Db,
    organization_id: i64,
    report_id: i64,
    key: &SymmetricKey,
) -> Result<ReporterView> {
    let r = load_report(db.conn(), organization_id, report_id).await?;
    let content: ReportContent = open_json(
        key,
        &aad(organization_id, &r.uid, "content"),
        &r.sealed_content,
    )?;
    let (_, who) = identity_of(db.conn(), &r, key).await?;
    let revealed_on = event::Entity::find()
        .filter(event::Column::OrganizationId.eq(organization_id))
        .filter(event::Column::ReportId.eq(r.id))
        .filter(event::Column::Kind.eq("reveal"))
        .order_by_asc(event::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|e| e.at)
        .collect();
    Ok(ReporterView {
        status: Status::from_code(&r.status).unwrap_or(Status::New),
        outcome: r.outcome.clone(),
        received_on: r.received_on,
        messages: messages_of(db.conn(), &r, key, false).await?,
        attachments: attachments_of(db.conn(), &r, key).await?,
        identity_given: !who.is_empty(),
        consent_to_share: who.consent_to_share,
        content,
        revealed_on,
    })
}

fn check_message(text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid("text", "กรุณาพิมพ์ข้อความ"));
    }
    if text.chars().count() > 5_000 {
        return Err(Error::invalid("text", "ข้อความยาวเกิน 5,000 ตัวอักษร"));
    }
    Ok(text.to_owned())
}

/// The reporter answers or adds something. Not audited (see [`submit_report`]); dated to
/// the day.
pub async fn add_reporter_message(
    db: &Db,
    organization_id: i64,
    report_id: i64,
    key: &SymmetricKey,
    text: &str,
) -> Result<()> {
    let text = check_message(text)?;
    let r = load_report(db.conn(), organization_id, report_id).await?;
    let sealed = crypto::seal(
        key,
        &aad(organization_id, &r.uid, "message|reporter"),
        text.as_bytes(),
    );
    message::ActiveModel {
        organization_id: Set(organization_id),
        report_id: Set(r.id),
        author: Set("reporter".into()),
        author_user_id: Set(None),
        sent_at: Set(start_of_today()),
        sealed: Set(sealed),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    Ok(())
}

/// The reporter adds evidence.
pub async fn add_reporter_files(
    db: &Db,
    files: &FileStore,
    organization_id: i64,
    report_id: i64,
    key: &SymmetricKey,
    uploads: Vec<Upload>,
) -> Result<()> {
    if uploads.is_empty() {
        return Err(Error::invalid("files", "กรุณาเลือกไฟล์"));
    }
    if uploads.len() > MAX_FILES {
        return Err(Error::invalid(
            "files",
            format!("แนบได้ไม่เกิน {MAX_FILES} ไฟล์"),
        ));
    }
    let mut clean = Vec::new();
    for u in &uploads {
        clean.push(clean_upload(u, files.max_bytes).map_err(|m| Error::invalid("files", m))?);
    }
    let r = load_report(db.conn(), organization_id, report_id).await?;
    let existing = attachment::Entity::find()
        .filter(attachment::Column::ReportId.eq(r.id))
        .all(db.conn())
        .await?
        .len();
    let mut stored = Vec::new();
    for (i, f) in clean.into_iter().enumerate() {
        stored
            .push(put_sealed_file(files, organization_id, &r.uid, key, f, existing + i + 1).await?);
    }
    let txn = db.begin_write().await?;
    for (storage_key, meta) in stored {
        insert_attachment(&txn, organization_id, r.id, "reporter", storage_key, meta).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The reporter gives (or changes) their name and contact. Recipients still see it only
/// by revealing it, with a reason.
pub async fn set_reporter_identity(
    db: &Db,
    organization_id: i64,
    report_id: i64,
    key: &SymmetricKey,
    name: &str,
    contact: &str,
    consent_to_share: bool,
) -> Result<()> {
    let mut errors = FieldErrors::default();
    check_length(&mut errors, "name", name, 300);
    check_length(&mut errors, "contact", contact, 300);
    if name.trim().is_empty() && contact.trim().is_empty() {
        errors.add("name", "กรุณาระบุชื่อหรือช่องทางติดต่ออย่างใดอย่างหนึ่ง");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let r = load_report(db.conn(), organization_id, report_id).await?;
    let (row, _) = identity_of(db.conn(), &r, key).await?;
    let value = Identity {
        name: name.trim().to_owned(),
        contact: contact.trim().to_owned(),
        consent_to_share,
    };
    let sealed = crypto::seal(
        &key.derive("identity"),
        &aad(organization_id, &r.uid, "identity"),
        &padded_json(&value, 2048)?,
    );
    let mut active = row.into_active_model();
    active.sealed = Set(sealed);
    active.update(db.conn()).await?;
    Ok(())
}

// ---------- the recipients ----------

/// A report in a recipient's list.
#[derive(Clone, Debug)]
pub struct InboxItem {
    pub id: i64,
    pub status: Status,
    pub received_on: NaiveDate,
    pub summary: String,
    pub messages: usize,
    pub last_from_reporter: bool,
}

fn excerpt(text: &str, n: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    format!("{}…", flat.chars().take(n).collect::<String>().trim_end())
}

/// The key of a report for this recipient: their wrap, opened and checked. Reports they
/// have no wrap for, or only a decoy, are `NotFound`, like reports that do not exist.
async fn report_key_for(
    db: &impl ConnectionTrait,
    access: &RecipientAccess,
    report_id: i64,
) -> Result<(report::Model, SymmetricKey)> {
    let r = load_report(db, access.organization_id, report_id).await?;
    let wraps = report_key::Entity::find()
        .filter(report_key::Column::OrganizationId.eq(access.organization_id))
        .filter(report_key::Column::ReportId.eq(r.id))
        .filter(report_key::Column::RecipientId.eq(access.recipient_id))
        .all(db)
        .await?;
    let ctx = aad(access.organization_id, &r.uid, "report-key");
    let key = wraps
        .iter()
        .find_map(|w| {
            crypto::unwrap_key(&access.secret, &w.wrapped, &ctx)
                .ok()
                .filter(|k| k.matches_check(&r.key_check))
        })
        .ok_or(Error::NotFound)?;
    Ok((r, key))
}

/// The reports this recipient can open, newest first.
pub async fn list_inbox(db: &Db, access: &RecipientAccess) -> Result<Vec<InboxItem>> {
    let wraps = report_key::Entity::find()
        .filter(report_key::Column::OrganizationId.eq(access.organization_id))
        .filter(report_key::Column::RecipientId.eq(access.recipient_id))
        .all(db.conn())
        .await?;
    let mut items = Vec::new();
    for w in wraps {
        let Ok((r, key)) = report_key_for(db.conn(), access, w.report_id).await else {
            continue;
        };
        let content: ReportContent = open_json(
            &key,
            &aad(r.organization_id, &r.uid, "content"),
            &r.sealed_content,
        )?;
        let messages = message::Entity::find()
            .filter(message::Column::ReportId.eq(r.id))
            .order_by_asc(message::Column::Id)
            .all(db.conn())
            .await?;
        let summary = if content.who.is_empty() {
            excerpt(&content.what, 90)
        } else {
            excerpt(&format!("{}: {}", content.who, content.what), 90)
        };
        items.push(InboxItem {
            id: r.id,
            status: Status::from_code(&r.status).unwrap_or(Status::New),
            received_on: r.received_on,
            summary,
            messages: messages.len(),
            last_from_reporter: messages.last().is_some_and(|m| m.author == "reporter"),
        });
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.id));
    Ok(items)
}

/// A report as a recipient reads it.
pub struct RecipientView {
    pub id: i64,
    pub status: Status,
    pub outcome: Option<String>,
    pub received_on: NaiveDate,
    pub fiscal_year: i32,
    pub closed_on: Option<NaiveDate>,
    pub content: ReportContent,
    pub messages: Vec<MessageView>,
    pub attachments: Vec<AttachmentView>,
    pub events: Vec<EventView>,
    /// Whether the reporter gave a name or contact (the value itself needs a reveal).
    pub identity_given: bool,
    pub consent_to_share: bool,
    /// Names of the recipients the reporter left out.
    pub excluded_names: Vec<String>,
    /// Names of the recipients who can open it.
    pub readers: Vec<String>,
    /// Who did what to it, from the audit log: (when, who, action).
    pub access_log: Vec<(chrono::DateTime<chrono::Utc>, String, String)>,
}

async fn audit_read(
    db: &Db,
    access: &RecipientAccess,
    report_id: i64,
    action: &str,
    details: serde_json::Value,
) -> Result<()> {
    let txn = db.begin_write().await?;
    audit::record(
        &txn,
        Some(access.organization_id),
        access.actor(),
        action,
        Target::new(TARGET_REPORT, report_id),
        details,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Opens a report for reading; writes `integrity.report.read` to the audit log first.
pub async fn read_report(
    db: &Db,
    access: &RecipientAccess,
    report_id: i64,
) -> Result<RecipientView> {
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    audit_read(db, access, r.id, "integrity.report.read", json!({})).await?;
    recipient_view(db, access, r, &key).await
}

async fn recipient_view(
    db: &Db,
    access: &RecipientAccess,
    r: report::Model,
    key: &SymmetricKey,
) -> Result<RecipientView> {
    let org = access.organization_id;
    let content: ReportContent = open_json(key, &aad(org, &r.uid, "content"), &r.sealed_content)?;
    let (_, who) = identity_of(db.conn(), &r, key).await?;
    let recipients = list_recipients(db.conn(), org).await?;
    let excluded_names = recipients
        .iter()
        .filter(|x| content.excluded_users.contains(&x.user_id))
        .map(|x| x.display_name.clone())
        .collect();
    // Who can open it: recipients whose wrap is real.
    let wraps = report_key::Entity::find()
        .filter(report_key::Column::ReportId.eq(r.id))
        .filter(report_key::Column::RecipientId.is_not_null())
        .all(db.conn())
        .await?;
    let with_wrap: HashSet<i64> = wraps.iter().filter_map(|w| w.recipient_id).collect();
    let readers = recipients
        .iter()
        .filter(|x| with_wrap.contains(&x.id) && !content.excluded_users.contains(&x.user_id))
        .map(|x| x.display_name.clone())
        .collect();
    let log_rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::Chain.eq(org))
        .filter(audit_entry::Column::TargetKind.eq(TARGET_REPORT))
        .filter(audit_entry::Column::TargetId.eq(r.id))
        .order_by_desc(audit_entry::Column::Seq)
        .all(db.conn())
        .await?;
    let names = names_of(db.conn(), org, log_rows.iter().filter_map(|e| e.actor_id)).await?;
    let access_log = log_rows
        .into_iter()
        .map(|e| {
            let who = e
                .actor_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| e.actor_kind.clone());
            (e.occurred_at, who, e.action)
        })
        .collect();
    Ok(RecipientView {
        id: r.id,
        status: Status::from_code(&r.status).unwrap_or(Status::New),
        outcome: r.outcome.clone(),
        received_on: r.received_on,
        fiscal_year: r.fiscal_year,
        closed_on: r.closed_on,
        messages: messages_of(db.conn(), &r, key, true).await?,
        attachments: attachments_of(db.conn(), &r, key).await?,
        events: events_of(db.conn(), &r, key).await?,
        identity_given: !who.is_empty(),
        consent_to_share: who.consent_to_share,
        content,
        excluded_names,
        readers,
        access_log,
    })
}

/// A recipient writes to the reporter.
pub async fn add_recipient_message(
    db: &Db,
    access: &RecipientAccess,
    report_id: i64,
    text: &str,
) -> Result<()> {
    let text = check_message(text)?;
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    let org = access.organization_id;
    let txn = db.begin_write().await?;
    let saved = message::ActiveModel {
        organization_id: Set(org),
        report_id: Set(r.id),
        author: Set("recipient".into()),
        author_user_id: Set(Some(access.user_id)),
        sent_at: Set(prongsai_kernel::clock::now()),
        sealed: Set(crypto::seal(
            &key,
            &aad(org, &r.uid, "message|recipient"),
            text.as_bytes(),
        )),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(org),
        access.actor(),
        "integrity.report.message",
        Target::new(TARGET_REPORT, r.id),
        json!({ "message_id": saved.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The bytes of an attachment, opened; audited as `integrity.attachment.read`.
pub async fn read_attachment(
    db: &Db,
    files: &FileStore,
    access: &RecipientAccess,
    report_id: i64,
    attachment_id: i64,
) -> Result<(AttachmentView, Vec<u8>)> {
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    let row = attachment::Entity::find_by_id(attachment_id)
        .filter(attachment::Column::OrganizationId.eq(access.organization_id))
        .filter(attachment::Column::ReportId.eq(r.id))
        .one(db.conn())
        .await?
        .ok_or(Error::NotFound)?;
    let sealed = files.get_blob(&row.storage_key).await?;
    let bytes = crypto::open(
        &key,
        &aad(
            access.organization_id,
            &r.uid,
            &format!("file|{}", row.storage_key),
        ),
        &sealed,
    )
    .map_err(crypto_err)?;
    let view = attachments_of(db.conn(), &r, &key)
        .await?
        .into_iter()
        .find(|a| a.id == row.id)
        .ok_or(Error::NotFound)?;
    audit_read(
        db,
        access,
        r.id,
        "integrity.attachment.read",
        json!({ "attachment_id": row.id }),
    )
    .await?;
    Ok((view, bytes.to_vec()))
}

/// A plain-text export of a report (without the reporter's identity); audited as
/// `integrity.report.export`.
pub async fn export_report(db: &Db, access: &RecipientAccess, report_id: i64) -> Result<String> {
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    audit_read(db, access, r.id, "integrity.report.export", json!({})).await?;
    let v = recipient_view(db, access, r, &key).await?;
    let c = &v.content;
    let mut out = format!(
        "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ เลขที่ {}\nรับเรื่องเมื่อ {} (ปีงบประมาณ {})\nสถานะ: {}\n\n",
        v.id,
        v.received_on,
        v.fiscal_year,
        v.status.code()
    );
    for (label, value) in [
        ("ผู้ถูกร้องเรียน", &c.who),
        ("ตำแหน่ง", &c.position),
        ("เมื่อใด", &c.when),
        ("สถานที่", &c.place),
        ("เกิดอะไรขึ้น", &c.what),
        ("หลักฐาน", &c.evidence),
    ] {
        out.push_str(&format!("{label}:\n{value}\n\n"));
    }
    out.push_str("ข้อความ:\n");
    for m in &v.messages {
        let who = if m.from_reporter {
            "ผู้แจ้ง".to_owned()
        } else {
            m.author_name.clone().unwrap_or_default()
        };
        out.push_str(&format!(
            "- [{}] {who}: {}\n",
            m.sent_at.date_naive(),
            m.text
        ));
    }
    out.push_str("\nไฟล์แนบ:\n");
    for a in &v.attachments {
        out.push_str(&format!("- {} ({} ไบต์)\n", a.name, a.size));
    }
    Ok(out)
}

async fn record_event(
    txn: &DatabaseTransaction,
    access: &RecipientAccess,
    r: &report::Model,
    key: &SymmetricKey,
    kind: &str,
    fill: impl FnOnce(&mut event::ActiveModel),
    text: Option<EventText>,
) -> Result<event::Model> {
    let sealed = match text {
        Some(t) => Some(crypto::seal(
            key,
            &aad(access.organization_id, &r.uid, &format!("event|{kind}")),
            &serde_json::to_vec(&t)?,
        )),
        None => None,
    };
    let mut active = event::ActiveModel {
        organization_id: Set(access.organization_id),
        report_id: Set(r.id),
        kind: Set(kind.to_owned()),
        actor_user_id: Set(Some(access.user_id)),
        at: Set(prongsai_kernel::clock::now()),
        status: Set(None),
        authority: Set(None),
        sent_on: Set(None),
        identity_included: Set(false),
        sealed: Set(sealed),
        ..Default::default()
    };
    fill(&mut active);
    Ok(active.insert(txn).await?)
}

/// Moves a report to another status; `closed` needs an outcome. Audited.
pub async fn change_status(
    db: &Db,
    access: &RecipientAccess,
    report_id: i64,
    to: &str,
    outcome: &str,
    note: &str,
) -> Result<()> {
    let Some(to) = Status::from_code(to) else {
        return Err(Error::invalid("status", "กรุณาเลือกสถานะ"));
    };
    let outcome = outcome.trim();
    if to == Status::Closed && !OUTCOMES.contains(&outcome) {
        return Err(Error::invalid("outcome", "กรุณาเลือกผลการดำเนินการเมื่อปิดเรื่อง"));
    }
    let mut errors = FieldErrors::default();
    check_length(&mut errors, "note", note, 2_000);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    let from = Status::from_code(&r.status).unwrap_or(Status::New);
    if from == to {
        return Ok(());
    }
    let org = access.organization_id;
    let txn = db.begin_write().await?;
    let today = today();
    if to == Status::Closed {
        bump_tally(&txn, org, r.fiscal_year, today, 0, 1).await?;
    } else if from == Status::Closed {
        bump_tally(&txn, org, r.fiscal_year, today, 0, -1).await?;
    }
    record_event(
        &txn,
        access,
        &r,
        &key,
        "status",
        |e| e.status = Set(Some(to.code().to_owned())),
        Some(EventText {
            text: note.trim().to_owned(),
            why: String::new(),
            outcome: (to == Status::Closed).then(|| outcome.to_owned()),
        }),
    )
    .await?;
    let id = r.id;
    let mut active = r.into_active_model();
    active.status = Set(to.code().to_owned());
    active.outcome = Set((to == Status::Closed).then(|| outcome.to_owned()));
    active.closed_on = Set((to == Status::Closed).then_some(today));
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        access.actor(),
        "integrity.report.status",
        Target::new(TARGET_REPORT, id),
        json!({ "from": from.code(), "to": to.code(), "outcome": (to == Status::Closed).then_some(outcome) }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Reveals the reporter's identity to this recipient, for a stated reason. The reason
/// is sealed in the report's timeline, where the other recipients see it; the audit log
/// records who revealed it and when.
pub async fn reveal_identity(
    db: &Db,
    access: &RecipientAccess,
    report_id: i64,
    reason: &str,
) -> Result<Identity> {
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        return Err(Error::invalid(
            "reason",
            "กรุณาระบุเหตุผลที่ต้องเปิดดูตัวตนผู้แจ้ง อย่างน้อย 10 ตัวอักษร",
        ));
    }
    let mut errors = FieldErrors::default();
    check_length(&mut errors, "reason", reason, 2_000);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    let (_, who) = identity_of(db.conn(), &r, &key).await?;
    let txn = db.begin_write().await?;
    let ev = record_event(
        &txn,
        access,
        &r,
        &key,
        "reveal",
        |_| {},
        Some(EventText {
            text: reason.to_owned(),
            ..Default::default()
        }),
    )
    .await?;
    audit::record(
        &txn,
        Some(access.organization_id),
        access.actor(),
        "integrity.identity.reveal",
        Target::new(TARGET_REPORT, r.id),
        json!({ "event_id": ev.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(who)
}

/// A referral to an outside authority.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewReferral {
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub sent_on: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub include_identity: Option<String>,
}

/// Records that the report was sent to an outside authority: what, when, why. The
/// identity may go with it only when the reporter agreed. Audited.
pub async fn record_referral(
    db: &Db,
    access: &RecipientAccess,
    report_id: i64,
    input: &NewReferral,
) -> Result<()> {
    let mut errors = FieldErrors::default();
    if !AUTHORITIES.contains(&input.authority.as_str()) {
        errors.add("authority", "กรุณาเลือกหน่วยงาน");
    }
    let sent_on = NaiveDate::parse_from_str(input.sent_on.trim(), "%Y-%m-%d").ok();
    match sent_on {
        None => errors.add("sent_on", "กรุณาระบุวันที่ส่ง"),
        Some(d) if d > today() => errors.add("sent_on", "วันที่ส่งต้องไม่เป็นวันในอนาคต"),
        Some(_) => {}
    }
    if input.what.trim().is_empty() {
        errors.add("what", "กรุณาระบุว่าส่งอะไรไป");
    }
    if input.why.trim().is_empty() {
        errors.add("why", "กรุณาระบุเหตุผลที่ส่งต่อ");
    }
    check_length(&mut errors, "what", &input.what, 2_000);
    check_length(&mut errors, "why", &input.why, 2_000);
    let (r, key) = report_key_for(db.conn(), access, report_id).await?;
    let include_identity = input.include_identity.is_some();
    if include_identity {
        let (_, who) = identity_of(db.conn(), &r, &key).await?;
        if who.is_empty() || !who.consent_to_share {
            errors.add(
                "include_identity",
                "ผู้แจ้งไม่ได้ยินยอมให้ส่งข้อมูลตัวตนไปยังหน่วยงานภายนอก",
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let authority = input.authority.clone();
    let txn = db.begin_write().await?;
    let ev = record_event(
        &txn,
        access,
        &r,
        &key,
        "referral",
        |e| {
            e.authority = Set(Some(authority.clone()));
            e.sent_on = Set(sent_on);
            e.identity_included = Set(include_identity);
        },
        Some(EventText {
            text: input.what.trim().to_owned(),
            why: input.why.trim().to_owned(),
            outcome: None,
        }),
    )
    .await?;
    audit::record(
        &txn,
        Some(access.organization_id),
        access.actor(),
        "integrity.report.referral",
        Target::new(TARGET_REPORT, r.id),
        json!({ "event_id": ev.id, "authority": authority, "identity_included": include_identity }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- retention ----------

/// Deletes closed reports older than the retention of their organization (a periodic
/// job): sealed files, keys, identity, messages, events and the report itself. Each
/// deletion is audited; the audit rows (which hold no content) stay, so the chain still
/// verifies. Returns the ids deleted, with their organization.
pub async fn delete_expired_reports(db: &Db, files: &FileStore) -> Result<Vec<(i64, i64)>> {
    let channels = channel::Entity::find().all(db.conn()).await?;
    let today = today();
    let mut deleted = Vec::new();
    for ch in channels {
        let cutoff = today - chrono::Duration::days(i64::from(ch.retention_days));
        let expired = report::Entity::find()
            .filter(report::Column::OrganizationId.eq(ch.organization_id))
            .filter(report::Column::Status.eq(Status::Closed.code()))
            .filter(report::Column::ClosedOn.lte(cutoff))
            .all(db.conn())
            .await?;
        for r in expired {
            let blobs: Vec<String> = attachment::Entity::find()
                .filter(attachment::Column::ReportId.eq(r.id))
                .all(db.conn())
                .await?
                .into_iter()
                .map(|a| a.storage_key)
                .collect();
            let txn = db.begin_write().await?;
            report_key::Entity::delete_many()
                .filter(report_key::Column::ReportId.eq(r.id))
                .exec(&txn)
                .await?;
            identity::Entity::delete_many()
                .filter(identity::Column::ReportId.eq(r.id))
                .exec(&txn)
                .await?;
            message::Entity::delete_many()
                .filter(message::Column::ReportId.eq(r.id))
                .exec(&txn)
                .await?;
            attachment::Entity::delete_many()
                .filter(attachment::Column::ReportId.eq(r.id))
                .exec(&txn)
                .await?;
            event::Entity::delete_many()
                .filter(event::Column::ReportId.eq(r.id))
                .exec(&txn)
                .await?;
            report::Entity::delete_by_id(r.id).exec(&txn).await?;
            audit::record(
                &txn,
                Some(ch.organization_id),
                Actor::System,
                "integrity.report.delete",
                Target::new(TARGET_REPORT, r.id),
                json!({
                    "closed_on": r.closed_on.map(|d| d.to_string()),
                    "retention_days": ch.retention_days,
                    "files": blobs.len(),
                }),
            )
            .await?;
            txn.commit().await?;
            for key in blobs {
                files.delete_blob(&key).await?;
            }
            deleted.push((ch.organization_id, r.id));
        }
    }
    Ok(deleted)
}

// ---------- public statistics ----------

/// One fiscal year's numbers.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct YearStatistics {
    pub fiscal_year: i32,
    pub received: i64,
    pub completed: i64,
    pub in_progress: i64,
}

/// Reports received, completed and in progress per fiscal year of receipt, counting
/// only what happened before the current month (so the public numbers do not show the
/// day a report arrived).
pub async fn public_statistics(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<(Vec<YearStatistics>, NaiveDate)> {
    let this_month = month_of(today());
    let rows = tally::Entity::find()
        .filter(tally::Column::OrganizationId.eq(organization_id))
        .filter(tally::Column::Month.lt(this_month))
        .all(db)
        .await?;
    let mut years: std::collections::BTreeMap<i32, (i64, i64)> = Default::default();
    for r in rows {
        let e = years.entry(r.fiscal_year).or_default();
        e.0 += i64::from(r.received);
        e.1 += i64::from(r.completed);
    }
    let as_of = today().with_day(1).unwrap_or_else(today) - chrono::Duration::days(1);
    Ok((
        years
            .into_iter()
            .rev()
            .map(|(fy, (received, completed))| YearStatistics {
                fiscal_year: fy,
                received,
                completed,
                in_progress: received - completed,
            })
            .collect(),
        as_of,
    ))
}
