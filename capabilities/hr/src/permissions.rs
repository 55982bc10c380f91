//! Who may do what with HR records.

use prongsai_kernel::{Permission, Role};

/// Enter staffing statistics, trainings, problems and suggestions.
pub struct ManageHr;
impl Permission for ManageHr {
    const CODE: &'static str = "manage_hr";
    const ROLES: &'static [Role] = &[
        Role::HrOfficer,
        Role::DivisionHead,
        Role::Executive,
        Role::Administrator,
    ];
}

/// Publish and withdraw a year's HR report.
pub struct PublishHr;
impl Permission for PublishHr {
    const CODE: &'static str = "publish_hr";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
