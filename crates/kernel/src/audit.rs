//! The audit log: append-only, one row per state change, hash-chained.
//!
//! [`record`] is the only way to write a row, and it takes the open transaction of the
//! change itself, so a change and its audit row commit or roll back together. Each
//! organization has its own chain (deployment-wide actions use chain 0): the row's hash
//! covers its content and the previous row's hash, and `audit_chain_heads` holds the
//! last position, so editing, deleting or truncating rows is detected by [`verify`].
//!
//! Details must not contain personal data (names, ID numbers, phone numbers, report
//! contents): record ids and the names of changed fields, not values.

use prongsai_db::GENESIS_HASH;
use prongsai_db::entities::{audit_chain_head, audit_entry};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;

use crate::clock;
use crate::permissions::Actor;

/// What an action was done to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target<'a> {
    pub kind: &'a str,
    pub id: Option<i64>,
}

impl<'a> Target<'a> {
    pub fn new(kind: &'a str, id: i64) -> Self {
        Self { kind, id: Some(id) }
    }

    pub fn kind(kind: &'a str) -> Self {
        Self { kind, id: None }
    }
}

/// Appends one row to the audit chain of `organization_id` (or the deployment chain when
/// `None`), inside the caller's transaction.
pub async fn record(
    txn: &DatabaseTransaction,
    organization_id: Option<i64>,
    actor: Actor,
    action: &str,
    target: Target<'_>,
    details: Value,
) -> crate::Result<audit_entry::Model> {
    let chain = organization_id.unwrap_or(0);
    // Locks the head row (FOR UPDATE on PostgreSQL; SQLite write transactions are
    // already exclusive), so concurrent writers of one chain take turns.
    let head = audit_chain_head::Entity::find_by_id(chain)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| crate::Error::internal(format!("audit chain {chain} has no head")))?;
    let seq = head.last_seq + 1;
    let occurred_at = clock::now();
    let mut row = audit_entry::Model {
        id: 0,
        chain,
        seq,
        organization_id,
        actor_kind: actor.kind().to_owned(),
        actor_id: actor.user_id(),
        action: action.to_owned(),
        target_kind: target.kind.to_owned(),
        target_id: target.id,
        details,
        occurred_at,
        prev_hash: head.last_hash.clone(),
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    let inserted = audit_entry::ActiveModel {
        chain: Set(row.chain),
        seq: Set(row.seq),
        organization_id: Set(row.organization_id),
        actor_kind: Set(row.actor_kind.clone()),
        actor_id: Set(row.actor_id),
        action: Set(row.action.clone()),
        target_kind: Set(row.target_kind.clone()),
        target_id: Set(row.target_id),
        details: Set(row.details.clone()),
        occurred_at: Set(row.occurred_at),
        prev_hash: Set(row.prev_hash.clone()),
        hash: Set(row.hash.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit_chain_head::ActiveModel {
        chain: Set(chain),
        last_seq: Set(seq),
        last_hash: Set(row.hash.clone()),
    }
    .update(txn)
    .await?;
    Ok(inserted)
}

/// Creates the empty chain of a new organization (in the transaction that creates it).
pub async fn create_chain(txn: &DatabaseTransaction, organization_id: i64) -> crate::Result<()> {
    audit_chain_head::ActiveModel {
        chain: Set(organization_id),
        last_seq: Set(0),
        last_hash: Set(GENESIS_HASH.to_owned()),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The hash of a row: SHA-256 over a canonical text of every field but `id` and `hash`.
pub fn row_hash(row: &audit_entry::Model) -> String {
    let canonical = format!(
        "prongsai-audit-v1\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        row.chain,
        row.seq,
        opt(row.organization_id),
        row.actor_kind,
        opt(row.actor_id),
        row.action,
        row.target_kind,
        opt(row.target_id),
        canonical_json(&row.details),
        clock::canonical(&row.occurred_at),
        row.prev_hash,
    );
    crate::random::sha256_hex(canonical.as_bytes())
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".to_owned())
}

/// JSON with object keys sorted (PostgreSQL's jsonb reorders keys; the hash must not
/// depend on the engine).
pub fn canonical_json(v: &Value) -> String {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sort(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    sort(v).to_string()
}

/// A problem found by [`verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub chain: i64,
    /// The database id of the first bad row, when the problem is a row.
    pub row_id: Option<i64>,
    pub seq: i64,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.row_id {
            Some(id) => write!(
                f,
                "chain {} row id {} (seq {}): {}",
                self.chain, id, self.seq, self.reason
            ),
            None => write!(
                f,
                "chain {} at seq {}: {}",
                self.chain, self.seq, self.reason
            ),
        }
    }
}

/// The outcome of [`verify`].
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub chains: usize,
    pub rows: u64,
    /// The first problem of each bad chain.
    pub problems: Vec<Problem>,
    /// `(chain, last_seq, last_hash)` of every chain, for anchoring outside the system.
    pub heads: Vec<(i64, i64, String)>,
}

/// Rows read per query while verifying, so that memory stays flat on long chains.
const VERIFY_BATCH: u64 = 2000;

/// Recomputes every chain and reports the first bad row of each.
pub async fn verify(db: &impl ConnectionTrait) -> crate::Result<Report> {
    let mut report = Report::default();
    let heads = audit_chain_head::Entity::find()
        .order_by_asc(audit_chain_head::Column::Chain)
        .all(db)
        .await?;
    for head in heads {
        report.chains += 1;
        report
            .heads
            .push((head.chain, head.last_seq, head.last_hash.clone()));
        let mut expected_seq = 1i64;
        let mut prev_hash = GENESIS_HASH.to_owned();
        let mut problem = None;
        'rows: loop {
            let batch = audit_entry::Entity::find()
                .filter(audit_entry::Column::Chain.eq(head.chain))
                .filter(audit_entry::Column::Seq.gte(expected_seq))
                .order_by_asc(audit_entry::Column::Seq)
                .limit(VERIFY_BATCH)
                .all(db)
                .await?;
            if batch.is_empty() {
                break;
            }
            for row in batch {
                report.rows += 1;
                let reason = if row.seq != expected_seq {
                    Some(format!(
                        "row(s) missing before this one: expected seq {expected_seq}"
                    ))
                } else if row.prev_hash != prev_hash {
                    Some("prev_hash does not match the previous row".to_owned())
                } else if row_hash(&row) != row.hash {
                    Some("content does not match its hash (row altered)".to_owned())
                } else {
                    None
                };
                if let Some(reason) = reason {
                    problem = Some(Problem {
                        chain: head.chain,
                        row_id: Some(row.id),
                        seq: row.seq,
                        reason,
                    });
                    break 'rows;
                }
                prev_hash = row.hash;
                expected_seq += 1;
            }
        }
        if problem.is_none() && (expected_seq - 1 != head.last_seq || prev_hash != head.last_hash) {
            problem = Some(Problem {
                chain: head.chain,
                row_id: None,
                seq: expected_seq,
                reason: format!(
                    "the chain ends at seq {} but its head says {}: rows removed from the end",
                    expected_seq - 1,
                    head.last_seq
                ),
            });
        }
        report.problems.extend(problem);
    }
    Ok(report)
}

/// Actions of the confidential corruption-report channel start with this. Their rows are
/// in the chain like any other (so the chain verifies), but the general audit page never
/// lists them: only the channel's recipients see them, on the channel's own pages.
pub const CONFIDENTIAL_ACTION_PREFIX: &str = "integrity.";

/// Whether a row belongs to the confidential channel (see [`CONFIDENTIAL_ACTION_PREFIX`]).
pub fn is_confidential_action(action: &str) -> bool {
    action.starts_with(CONFIDENTIAL_ACTION_PREFIX)
}

/// The latest audit rows of an organization, newest first, without the confidential
/// channel's rows (see [`CONFIDENTIAL_ACTION_PREFIX`]).
pub async fn list_audit_entries(
    db: &impl ConnectionTrait,
    organization_id: i64,
    limit: u64,
    before_seq: Option<i64>,
) -> crate::Result<Vec<audit_entry::Model>> {
    let mut q = audit_entry::Entity::find()
        .filter(audit_entry::Column::Chain.eq(organization_id))
        .filter(audit_entry::Column::Action.not_like(format!("{CONFIDENTIAL_ACTION_PREFIX}%")))
        .order_by_desc(audit_entry::Column::Seq)
        .limit(limit);
    if let Some(before) = before_seq {
        q = q.filter(audit_entry::Column::Seq.lt(before));
    }
    Ok(q.all(db).await?)
}

/// Audit rows about one target, oldest first (for "who read what" lists).
pub async fn list_audit_entries_for_target(
    db: &impl ConnectionTrait,
    organization_id: i64,
    target_kind: &str,
    target_id: i64,
) -> crate::Result<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Chain.eq(organization_id))
        .filter(audit_entry::Column::TargetKind.eq(target_kind))
        .filter(audit_entry::Column::TargetId.eq(target_id))
        .order_by_asc(audit_entry::Column::Seq)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_deeply() {
        let a = json!({"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": "x"}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":"x","d":[1,{"y":1,"z":0}]},"b":1}"#
        );
    }
}
