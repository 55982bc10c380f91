//! Who may do what with plans.

use prongsai_kernel::{Permission, Role};

/// Create and edit plans, projects, progress entries and reports of the organization.
pub struct ManagePlans;
impl Permission for ManagePlans {
    const CODE: &'static str = "manage_plans";
    const ROLES: &'static [Role] = &[
        Role::Staff,
        Role::DivisionHead,
        Role::HrOfficer,
        Role::InternalAuditor,
        Role::Executive,
        Role::Administrator,
    ];
}

/// Publish and withdraw plans and reports.
pub struct PublishPlans;
impl Permission for PublishPlans {
    const CODE: &'static str = "publish_plans";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
