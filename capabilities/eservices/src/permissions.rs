//! Who may do what with e-services.

use prongsai_kernel::{Permission, Role};

/// Build e-service forms, publish them (a new version each time) and close them.
pub struct ManageEServices;
impl Permission for ManageEServices {
    const CODE: &'static str = "manage_eservices";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}

/// Read requests with the citizens' personal data, assign them and change their status.
pub struct HandleRequests;
impl Permission for HandleRequests {
    const CODE: &'static str = "handle_requests";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Log walk-in services at the One Stop Service counter.
pub struct RecordWalkIns;
impl Permission for RecordWalkIns {
    const CODE: &'static str = "record_walk_ins";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}
