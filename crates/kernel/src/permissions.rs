//! Roles, permissions and the proof that an action was authorised.
//!
//! Capability functions that change or reveal non-public data take an
//! [`Authorized<P>`]. The only ways to get one are [`Staff::authorize`] (a signed-in
//! user of the organization holding a role that grants `P`) and the explicitly named
//! [`Authorized::system`] (jobs and the command line). Code without the proof has no
//! function to call, and the proof carries the organization id that scopes every query.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

/// The roles of SPEC.md section 1, granted per organization. (Citizens have no role;
/// the operator of a deployment works through the command line.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    DivisionHead,
    ProcurementOfficer,
    HrOfficer,
    InternalAuditor,
    Executive,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Staff,
        Role::DivisionHead,
        Role::ProcurementOfficer,
        Role::HrOfficer,
        Role::InternalAuditor,
        Role::Executive,
        Role::Administrator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::DivisionHead => "division_head",
            Role::ProcurementOfficer => "procurement_officer",
            Role::HrOfficer => "hr_officer",
            Role::InternalAuditor => "internal_auditor",
            Role::Executive => "executive",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Roles whose holders read corruption reports must always use a second factor;
    /// an administrator cannot switch this off.
    pub fn second_factor_mandatory(self) -> bool {
        matches!(self, Role::InternalAuditor)
    }
}

/// A permission is a marker type listing the roles that hold it. Capabilities declare
/// their own in their `permissions.rs`.
pub trait Permission: 'static {
    /// Stable name, written to the audit log.
    const CODE: &'static str;
    const ROLES: &'static [Role];
}

/// Every staff role: reading the staff area at all.
pub const ALL_STAFF: &[Role] = &Role::ALL;

/// Manage accounts, roles and second-factor policy.
pub struct ManageUsers;
impl Permission for ManageUsers {
    const CODE: &'static str = "manage_users";
    const ROLES: &'static [Role] = &[Role::Administrator];
}

/// Edit the organization's profile and settings.
pub struct ManageOrganization;
impl Permission for ManageOrganization {
    const CODE: &'static str = "manage_organization";
    const ROLES: &'static [Role] = &[Role::Administrator];
}

/// Read the organization's audit log.
pub struct ViewAuditLog;
impl Permission for ViewAuditLog {
    const CODE: &'static str = "view_audit_log";
    const ROLES: &'static [Role] = &[Role::Administrator, Role::InternalAuditor, Role::Executive];
}

/// Enter the staff area.
pub struct UseStaffArea;
impl Permission for UseStaffArea {
    const CODE: &'static str = "use_staff_area";
    const ROLES: &'static [Role] = ALL_STAFF;
}

/// Who performed an action, as written to the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    User(i64),
    /// A background job.
    System,
    /// The `prongsai` command line, run by the operator.
    Cli,
    /// An anonymous member of the public (a citizen's submission).
    Public,
}

impl Actor {
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User(_) => "user",
            Actor::System => "system",
            Actor::Cli => "cli",
            Actor::Public => "public",
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::User(id) => Some(*id),
            _ => None,
        }
    }
}

/// A signed-in staff member of one organization, second factor done.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user_id: i64,
    pub organization_id: i64,
    pub username: String,
    pub display_name: String,
    pub division_id: Option<i64>,
    pub roles: Vec<Role>,
}

impl Staff {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn can<P: Permission>(&self) -> bool {
        self.roles.iter().any(|r| P::ROLES.contains(r))
    }

    /// The proof that this staff member may do `P` in their organization.
    pub fn authorize<P: Permission>(&self) -> crate::Result<Authorized<P>> {
        if self.can::<P>() {
            Ok(Authorized {
                organization_id: self.organization_id,
                actor: Actor::User(self.user_id),
                _permission: PhantomData,
            })
        } else {
            Err(crate::Error::Forbidden)
        }
    }
}

/// Proof that `actor` may exercise permission `P` in organization `organization_id`.
#[derive(Debug)]
pub struct Authorized<P: Permission> {
    organization_id: i64,
    actor: Actor,
    _permission: PhantomData<P>,
}

impl<P: Permission> Clone for Authorized<P> {
    fn clone(&self) -> Self {
        Self {
            organization_id: self.organization_id,
            actor: self.actor,
            _permission: PhantomData,
        }
    }
}

impl<P: Permission> Authorized<P> {
    /// For background jobs and the operator's command line, which act for the
    /// deployment. Every call site is a place to review.
    pub fn system(organization_id: i64, actor: Actor) -> Self {
        debug_assert!(matches!(actor, Actor::System | Actor::Cli));
        Self {
            organization_id,
            actor,
            _permission: PhantomData,
        }
    }

    pub fn organization_id(&self) -> i64 {
        self.organization_id
    }

    pub fn actor(&self) -> Actor {
        self.actor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(roles: &[Role]) -> Staff {
        Staff {
            user_id: 7,
            organization_id: 3,
            username: "u".into(),
            display_name: "U".into(),
            division_id: None,
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("operator"), None);
    }

    #[test]
    fn authorize_requires_a_granting_role() {
        assert!(staff(&[Role::Staff]).authorize::<ManageUsers>().is_err());
        let auth = staff(&[Role::Staff, Role::Administrator])
            .authorize::<ManageUsers>()
            .unwrap();
        assert_eq!(auth.organization_id(), 3);
        assert_eq!(auth.actor(), Actor::User(7));
    }
}
