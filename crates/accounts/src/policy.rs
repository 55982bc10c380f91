//! Which roles must use a second factor, per organization.

use prongsai_db::entities::role_policy;
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::permissions::ManageUsers;
use prongsai_kernel::{Authorized, Role};

/// Whether holders of any of `roles` must use a second factor in this organization.
pub async fn second_factor_required(
    db: &impl ConnectionTrait,
    organization_id: i64,
    roles: &[Role],
) -> prongsai_kernel::Result<bool> {
    if roles.iter().any(|r| r.second_factor_mandatory()) {
        return Ok(true);
    }
    let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    Ok(role_policy::Entity::find()
        .filter(role_policy::Column::OrganizationId.eq(organization_id))
        .filter(role_policy::Column::Role.is_in(codes))
        .filter(role_policy::Column::RequireTotp.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// The policy of every role: `(role, required, mandatory)`.
pub async fn list_role_policies(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> prongsai_kernel::Result<Vec<(Role, bool, bool)>> {
    let rows = role_policy::Entity::find()
        .filter(role_policy::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?;
    Ok(Role::ALL
        .into_iter()
        .map(|role| {
            let mandatory = role.second_factor_mandatory();
            let set = rows.iter().any(|r| r.role == role.code() && r.require_totp);
            (role, mandatory || set, mandatory)
        })
        .collect())
}

/// Requires (or stops requiring) a second factor for a role. Roles for which it is
/// mandatory cannot be switched off.
pub async fn set_role_policy(
    txn: &DatabaseTransaction,
    auth: &Authorized<ManageUsers>,
    role: Role,
    require: bool,
) -> prongsai_kernel::Result<()> {
    if role.second_factor_mandatory() && !require {
        return Err(prongsai_kernel::Error::invalid(
            "require_totp",
            "บทบาทที่อ่านเรื่องร้องเรียนการทุจริตต้องใช้การยืนยันตัวตนสองขั้นตอนเสมอ",
        ));
    }
    let org = auth.organization_id();
    let now = prongsai_kernel::clock::now();
    let existing = role_policy::Entity::find()
        .filter(role_policy::Column::OrganizationId.eq(org))
        .filter(role_policy::Column::Role.eq(role.code()))
        .one(txn)
        .await?;
    match existing {
        Some(row) if row.require_totp == require => return Ok(()),
        Some(row) => {
            let mut a = row.into_active_model();
            a.require_totp = Set(require);
            a.updated_at = Set(now);
            a.update(txn).await?;
        }
        None => {
            role_policy::ActiveModel {
                organization_id: Set(org),
                role: Set(role.code().to_owned()),
                require_totp: Set(require),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    audit::record(
        txn,
        Some(org),
        auth.actor(),
        "role_policy.update",
        Target::kind("role_policy"),
        serde_json::json!({ "role": role.code(), "require_totp": require }),
    )
    .await?;
    Ok(())
}
