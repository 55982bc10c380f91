//! Staff accounts and their roles.

use prongsai_db::Db;
use prongsai_db::entities::{role_grant, session, user};
use prongsai_db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use prongsai_kernel::audit::{self, Target};
use prongsai_kernel::permissions::ManageUsers;
use prongsai_kernel::{Authorized, Error, FieldErrors, Role, Secret, Staff};
use serde_json::json;

use crate::password::{self, PasswordParams};

/// The form for a new account.
#[derive(Clone, Debug, Default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub position_th: String,
    pub email: Option<String>,
    pub division_id: Option<i64>,
    pub password: Secret<String>,
    pub roles: Vec<Role>,
}

/// Lower-cased, trimmed account name.
pub fn normalize_username(username: &str) -> String {
    username.trim().to_ascii_lowercase()
}

fn validate_username(errors: &mut FieldErrors, username: &str) {
    let ok = (3..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !ok {
        errors.add(
            "username",
            "ชื่อผู้ใช้ต้องยาว 3-32 ตัวอักษร ใช้ได้เฉพาะ a-z, 0-9, จุด ขีดกลาง และขีดล่าง",
        );
    }
}

/// A user with their roles.
#[derive(Clone, Debug)]
pub struct UserWithRoles {
    pub user: user::Model,
    pub roles: Vec<Role>,
}

/// A new account that passed validation.
#[derive(Clone, Debug)]
pub struct ValidNewUser {
    pub username: String,
    pub display_name: String,
    pub position_th: String,
    pub email: Option<String>,
    pub division_id: Option<i64>,
    pub roles: Vec<Role>,
}

/// Checks a new account's fields (and that the name is free in the organization).
pub async fn validate_new_user(
    db: &impl ConnectionTrait,
    organization_id: i64,
    input: &NewUser,
) -> prongsai_kernel::Result<ValidNewUser> {
    let username = normalize_username(&input.username);
    let mut errors = FieldErrors::default();
    validate_username(&mut errors, &username);
    let display_name = errors.required("display_name", &input.display_name, "ชื่อ-นามสกุล");
    errors.max_chars("display_name", &display_name, 200, "ชื่อ-นามสกุล");
    if let Err(m) = password::check_new_password(input.password.expose()) {
        errors.add("password", m);
    }
    if input.roles.is_empty() {
        errors.add("roles", "กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท");
    }
    let email = input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned);
    if email
        .as_deref()
        .is_some_and(|e| !prongsai_kernel::validation::is_email(e))
    {
        errors.add("email", "รูปแบบอีเมลไม่ถูกต้อง");
    }
    if errors.get("username").is_none()
        && find_user_by_username(db, organization_id, &username)
            .await?
            .is_some()
    {
        errors.add("username", "ชื่อผู้ใช้นี้มีอยู่แล้ว");
    }
    errors.into_result()?;
    Ok(ValidNewUser {
        username,
        display_name,
        position_th: input.position_th.trim().to_owned(),
        email,
        division_id: input.division_id,
        roles: input.roles.clone(),
    })
}

/// Inserts a validated account with its roles and audit row, in the caller's
/// transaction. `password_hash` comes from [`password::hash_password`].
pub async fn insert_user(
    txn: &DatabaseTransaction,
    organization_id: i64,
    actor: prongsai_kernel::Actor,
    user: &ValidNewUser,
    password_hash: String,
) -> prongsai_kernel::Result<user::Model> {
    let now = prongsai_kernel::clock::now();
    let saved = user::ActiveModel {
        organization_id: Set(organization_id),
        username: Set(user.username.clone()),
        display_name: Set(user.display_name.clone()),
        position_th: Set(user.position_th.clone()),
        email: Set(user.email.clone()),
        division_id: Set(user.division_id),
        password_hash: Set(password_hash),
        must_change_password: Set(false),
        totp_secret: Set(None),
        totp_last_step: Set(None),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    grant_roles(txn, organization_id, saved.id, &user.roles).await?;
    audit::record(
        txn,
        Some(organization_id),
        actor,
        "user.create",
        Target::new("user", saved.id),
        json!({ "roles": user.roles.iter().map(|r| r.code()).collect::<Vec<_>>() }),
    )
    .await?;
    Ok(saved)
}

/// Creates an account (hashing its password first, outside the transaction).
pub async fn create_user(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    params: PasswordParams,
    input: NewUser,
) -> prongsai_kernel::Result<user::Model> {
    let org = auth.organization_id();
    let valid = validate_new_user(db.conn(), org, &input).await?;
    let hash = password::hash_password_blocking(params, input.password).await;
    let txn = db.begin_write().await?;
    let saved = insert_user(&txn, org, auth.actor(), &valid, hash).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn grant_roles(
    txn: &DatabaseTransaction,
    organization_id: i64,
    user_id: i64,
    roles: &[Role],
) -> prongsai_kernel::Result<()> {
    let now = prongsai_kernel::clock::now();
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    for role in roles {
        role_grant::ActiveModel {
            organization_id: Set(organization_id),
            user_id: Set(user_id),
            role: Set(role.code().to_owned()),
            granted_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

pub async fn find_user_by_username(
    db: &impl ConnectionTrait,
    organization_id: i64,
    username: &str,
) -> prongsai_kernel::Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Username.eq(normalize_username(username)))
        .one(db)
        .await?)
}

/// The roles a user holds.
pub async fn list_roles_of_user(
    db: &impl ConnectionTrait,
    organization_id: i64,
    user_id: i64,
) -> prongsai_kernel::Result<Vec<Role>> {
    let mut roles: Vec<Role> = role_grant::Entity::find()
        .filter(role_grant::Column::OrganizationId.eq(organization_id))
        .filter(role_grant::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|g| Role::from_code(&g.role))
        .collect();
    roles.sort();
    Ok(roles)
}

/// Every account of the organization with its roles.
pub async fn list_users(
    db: &impl ConnectionTrait,
    auth: &Authorized<ManageUsers>,
) -> prongsai_kernel::Result<Vec<UserWithRoles>> {
    let org = auth.organization_id();
    let users = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org))
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::OrganizationId.eq(org))
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let mut roles: Vec<Role> = grants
                .iter()
                .filter(|g| g.user_id == u.id)
                .filter_map(|g| Role::from_code(&g.role))
                .collect();
            roles.sort();
            UserWithRoles { user: u, roles }
        })
        .collect())
}

/// One account of the organization; `NotFound` for another organization's id.
pub async fn get_user(
    db: &impl ConnectionTrait,
    auth: &Authorized<ManageUsers>,
    user_id: i64,
) -> prongsai_kernel::Result<UserWithRoles> {
    let org = auth.organization_id();
    let user = user::Entity::find_by_id(user_id)
        .filter(user::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let roles = list_roles_of_user(db, org, user.id).await?;
    Ok(UserWithRoles { user, roles })
}

async fn count_active_admins(
    db: &impl ConnectionTrait,
    organization_id: i64,
    excluding: i64,
) -> prongsai_kernel::Result<usize> {
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::OrganizationId.eq(organization_id))
        .filter(role_grant::Column::Role.eq(Role::Administrator.code()))
        .filter(role_grant::Column::UserId.ne(excluding))
        .all(db)
        .await?;
    let mut n = 0;
    for g in grants {
        if user::Entity::find_by_id(g.user_id)
            .one(db)
            .await?
            .is_some_and(|u| u.is_active)
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Replaces a user's roles. The last active administrator cannot lose the role.
pub async fn set_user_roles(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    user_id: i64,
    roles: &[Role],
) -> prongsai_kernel::Result<()> {
    if roles.is_empty() {
        return Err(Error::invalid("roles", "กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท"));
    }
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let target = get_user(&txn, auth, user_id).await?;
    if target.roles.contains(&Role::Administrator)
        && !roles.contains(&Role::Administrator)
        && count_active_admins(&txn, org, user_id).await? == 0
    {
        return Err(Error::invalid(
            "roles",
            "ต้องมีผู้ดูแลระบบอย่างน้อยหนึ่งคน จึงถอนบทบาทผู้ดูแลระบบของบัญชีนี้ไม่ได้",
        ));
    }
    role_grant::Entity::delete_many()
        .filter(role_grant::Column::OrganizationId.eq(org))
        .filter(role_grant::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    grant_roles(&txn, org, user_id, roles).await?;
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        "user.set_roles",
        Target::new("user", user_id),
        json!({ "roles": roles.iter().map(|r| r.code()).collect::<Vec<_>>() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a new password chosen by an administrator (or generated by the command line);
/// the user must change it at next sign-in, and their sessions end.
pub async fn reset_password(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    params: PasswordParams,
    user_id: i64,
    new_password: Secret<String>,
) -> prongsai_kernel::Result<()> {
    if let Err(m) = password::check_new_password(new_password.expose()) {
        return Err(Error::invalid("password", m));
    }
    get_user(db.conn(), auth, user_id).await?;
    let hash = password::hash_password_blocking(params, new_password).await;
    let txn = db.begin_write().await?;
    let target = get_user(&txn, auth, user_id).await?;
    let mut active = target.user.into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    active.updated_at = Set(prongsai_kernel::clock::now());
    active.update(&txn).await?;
    delete_sessions_of_user(&txn, user_id).await?;
    audit::record(
        &txn,
        Some(auth.organization_id()),
        auth.actor(),
        "user.reset_password",
        Target::new("user", user_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a user's second factor (they lost their phone); they enrol again at next
/// sign-in where their role requires it.
pub async fn reset_second_factor(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    user_id: i64,
) -> prongsai_kernel::Result<()> {
    let txn = db.begin_write().await?;
    let target = get_user(&txn, auth, user_id).await?;
    let mut active = target.user.into_active_model();
    active.totp_secret = Set(None);
    active.totp_last_step = Set(None);
    active.updated_at = Set(prongsai_kernel::clock::now());
    active.update(&txn).await?;
    delete_sessions_of_user(&txn, user_id).await?;
    audit::record(
        &txn,
        Some(auth.organization_id()),
        auth.actor(),
        "user.reset_second_factor",
        Target::new("user", user_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Enables or disables an account. Disabling ends its sessions. The last active
/// administrator cannot be disabled.
pub async fn set_user_active(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    user_id: i64,
    active_flag: bool,
) -> prongsai_kernel::Result<()> {
    let org = auth.organization_id();
    let txn = db.begin_write().await?;
    let target = get_user(&txn, auth, user_id).await?;
    if !active_flag
        && target.roles.contains(&Role::Administrator)
        && count_active_admins(&txn, org, user_id).await? == 0
    {
        return Err(Error::invalid(
            "is_active",
            "ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน จึงปิดบัญชีนี้ไม่ได้",
        ));
    }
    let mut active = target.user.into_active_model();
    active.is_active = Set(active_flag);
    active.updated_at = Set(prongsai_kernel::clock::now());
    active.update(&txn).await?;
    if !active_flag {
        delete_sessions_of_user(&txn, user_id).await?;
    }
    audit::record(
        &txn,
        Some(org),
        auth.actor(),
        if active_flag {
            "user.enable"
        } else {
            "user.disable"
        },
        Target::new("user", user_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A signed-in user changes their own password.
pub async fn change_own_password(
    db: &Db,
    staff: &Staff,
    params: PasswordParams,
    current: Secret<String>,
    new_password: Secret<String>,
) -> prongsai_kernel::Result<()> {
    let user = user::Entity::find_by_id(staff.user_id)
        .filter(user::Column::OrganizationId.eq(staff.organization_id))
        .one(db.conn())
        .await?
        .ok_or(Error::NotFound)?;
    let mut errors = FieldErrors::default();
    if !password::verify_password_blocking(user.password_hash.clone(), current).await {
        errors.add("current_password", "รหัสผ่านปัจจุบันไม่ถูกต้อง");
    }
    if let Err(m) = password::check_new_password(new_password.expose()) {
        errors.add("new_password", m);
    }
    errors.into_result()?;
    let hash = password::hash_password_blocking(params, new_password).await;
    let txn = db.begin_write().await?;
    let mut active = user.into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.updated_at = Set(prongsai_kernel::clock::now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(staff.organization_id),
        prongsai_kernel::Actor::User(staff.user_id),
        "user.change_password",
        Target::new("user", staff.user_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete_sessions_of_user(
    txn: &DatabaseTransaction,
    user_id: i64,
) -> prongsai_kernel::Result<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        let mut e = FieldErrors::default();
        validate_username(&mut e, "somchai.k");
        assert!(e.is_empty());
        validate_username(&mut e, "สมชาย");
        validate_username(&mut e, "ab");
        assert_eq!(e.len(), 2);
        assert_eq!(normalize_username("  Admin "), "admin");
    }
}
