//! Who may do what with procurement.

use prongsai_kernel::{Permission, Role};

/// Enter and change items, plans, notices and reports; import; publish.
pub struct ManageProcurement;
impl Permission for ManageProcurement {
    const CODE: &'static str = "manage_procurement";
    const ROLES: &'static [Role] = &[Role::ProcurementOfficer, Role::Administrator];
}

/// See the red flags (and the working data behind them).
pub struct ViewRedFlags;
impl Permission for ViewRedFlags {
    const CODE: &'static str = "view_red_flags";
    const ROLES: &'static [Role] = &[
        Role::InternalAuditor,
        Role::ProcurementOfficer,
        Role::Executive,
        Role::Administrator,
    ];
}
