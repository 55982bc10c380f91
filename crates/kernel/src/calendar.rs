//! The organization's holidays, which working-day deadlines skip.

use chrono::NaiveDate;
use prongsai_db::Db;
use prongsai_db::entities::holiday;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use prongsai_thai::calendar::Holidays;
use serde_json::json;

use crate::audit::{self, Target};
use crate::permissions::{Authorized, ManageOrganization};

/// The holidays between two dates (inclusive), in order.
pub async fn list_holidays(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<holiday::Model>> {
    Ok(holiday::Entity::find()
        .filter(holiday::Column::OrganizationId.eq(organization_id))
        .filter(holiday::Column::Date.gte(from))
        .filter(holiday::Column::Date.lte(to))
        .order_by_asc(holiday::Column::Date)
        .all(db)
        .await?)
}

/// The holidays from `from` for about two years, for computing deadlines.
pub async fn holidays_from(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: NaiveDate,
) -> crate::Result<Holidays> {
    let rows = list_holidays(
        db,
        organization_id,
        from,
        from + chrono::Duration::days(800),
    )
    .await?;
    Ok(Holidays::new(rows.into_iter().map(|h| h.date)))
}

/// Adds a holiday (or renames the one on that date).
pub async fn add_holiday(
    db: &Db,
    auth: &Authorized<ManageOrganization>,
    date: NaiveDate,
    name_th: &str,
) -> crate::Result<()> {
    let name = name_th.trim();
    if name.is_empty() {
        return Err(crate::Error::invalid("name_th", "กรุณากรอกชื่อวันหยุด"));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let existing = holiday::Entity::find()
        .filter(holiday::Column::OrganizationId.eq(org))
        .filter(holiday::Column::Date.eq(date))
        .one(&txn)
        .await?;
    let id = match existing {
        Some(h) => {
            let mut a: holiday::ActiveModel = h.into();
            a.name_th = Set(name.to_owned());
            a.update(&txn).await?.id
        }
        None => {
            holiday::ActiveModel {
                organization_id: Set(org),
                date: Set(date),
                name_th: Set(name.to_owned()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "holiday.set",
        Target::new("holiday", id),
        json!({ "date": date.to_string() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a holiday of the organization.
pub async fn remove_holiday(
    db: &Db,
    auth: &Authorized<ManageOrganization>,
    id: i64,
) -> crate::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let h = holiday::Entity::find_by_id(id)
        .filter(holiday::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(crate::Error::NotFound)?;
    holiday::Entity::delete_by_id(h.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "holiday.remove",
        Target::new("holiday", id),
        json!({ "date": h.date.to_string() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds the fixed-date national holidays of a Common Era year (existing dates are kept).
pub async fn add_national_holidays(
    db: &Db,
    auth: &Authorized<ManageOrganization>,
    year: i32,
) -> crate::Result<usize> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let mut added = 0;
    for (date, name) in prongsai_thai::calendar::fixed_national_holidays(year) {
        let exists = holiday::Entity::find()
            .filter(holiday::Column::OrganizationId.eq(org))
            .filter(holiday::Column::Date.eq(date))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            holiday::ActiveModel {
                organization_id: Set(org),
                date: Set(date),
                name_th: Set(name.to_owned()),
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
        "holiday.add_national",
        Target::kind("holiday"),
        json!({ "year": year, "added": added }),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}
