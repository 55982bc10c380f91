//! Deployment-wide settings and secrets kept in the database, so that several servers
//! sharing one database share them too.

use prongsai_db::entities::setting;
use prongsai_db::sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::secret::Secret;

pub async fn find_setting(db: &impl ConnectionTrait, key: &str) -> crate::Result<Option<String>> {
    Ok(setting::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|s| s.value))
}

pub async fn set_setting(db: &impl ConnectionTrait, key: &str, value: &str) -> crate::Result<()> {
    let existing = setting::Entity::find_by_id(key.to_owned()).one(db).await?;
    let model = setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    };
    if existing.is_some() {
        model.update(db).await?;
    } else {
        model.insert(db).await?;
    }
    Ok(())
}

/// A 256-bit secret stored under `key`, created on first use. Two servers starting at
/// once may both try to create it; the loser reads the winner's value.
pub async fn get_or_create_secret(
    db: &impl ConnectionTrait,
    key: &str,
) -> crate::Result<Secret<Vec<u8>>> {
    if let Some(v) = find_setting(db, key).await? {
        return decode(&v);
    }
    let fresh = data_encoding::HEXLOWER.encode(&crate::random::bytes::<32>());
    let insert = setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(fresh),
    }
    .insert(db)
    .await;
    if insert.is_err() {
        tracing::debug!(key, "secret created concurrently; reading it back");
    }
    let stored = find_setting(db, key)
        .await?
        .ok_or_else(|| crate::Error::internal("secret vanished"))?;
    decode(&stored)
}

fn decode(hex: &str) -> crate::Result<Secret<Vec<u8>>> {
    data_encoding::HEXLOWER
        .decode(hex.as_bytes())
        .map(Secret::new)
        .map_err(|_| crate::Error::internal("a stored secret is not hex"))
}
