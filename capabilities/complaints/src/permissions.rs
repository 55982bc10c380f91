//! Who may do what with complaints.

use prongsai_kernel::{Permission, Role};

/// Read the complaints of one's own division (and those assigned to oneself), with the
/// complainant's contact, change their status, answer the complainant, write internal
/// notes and reopen. Which complaints are in reach is decided by
/// [`crate::store::Handler`].
pub struct HandleComplaints;
impl Permission for HandleComplaints {
    const CODE: &'static str = "handle_complaints";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// See every complaint of the organization and assign complaints to a division and a
/// person (and reclassify them).
pub struct SuperviseComplaints;
impl Permission for SuperviseComplaints {
    const CODE: &'static str = "supervise_complaints";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}

/// Keep the list of categories (handling times, divisions) and publish the
/// complaint-handling manual.
pub struct ManageComplaintSettings;
impl Permission for ManageComplaintSettings {
    const CODE: &'static str = "manage_complaint_settings";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
