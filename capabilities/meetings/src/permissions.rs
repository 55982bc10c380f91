//! Who may do what with meeting records.

use prongsai_kernel::{Permission, Role};

/// Record meetings and forums: agenda, attendance, minutes, decisions, results.
pub struct ManageMeetings;
impl Permission for ManageMeetings {
    const CODE: &'static str = "manage_meetings";
    const ROLES: &'static [Role] = &[
        Role::Staff,
        Role::DivisionHead,
        Role::HrOfficer,
        Role::InternalAuditor,
        Role::Executive,
        Role::Administrator,
    ];
}

/// Publish and withdraw meeting records.
pub struct PublishMeetings;
impl Permission for PublishMeetings {
    const CODE: &'static str = "publish_meetings";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
