//! Who may do what with the asset register and bookings.

use prongsai_kernel::{Permission, Role};

/// Keep the register, record staff bookings, hand-overs, returns and inspections, edit the
/// borrowing manual.
pub struct ManageAssets;
impl Permission for ManageAssets {
    const CODE: &'static str = "manage_assets";
    const ROLES: &'static [Role] = &[
        Role::Staff,
        Role::DivisionHead,
        Role::ProcurementOfficer,
        Role::Executive,
        Role::Administrator,
    ];
}

/// Approve or refuse borrow requests. A division head decides for the items of their own
/// division (and its units); executives and administrators for every item (checked in
/// [`crate::store::DecisionScope`]).
pub struct DecideBookings;
impl Permission for DecideBookings {
    const CODE: &'static str = "decide_asset_bookings";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
