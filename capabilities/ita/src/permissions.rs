//! Who may see the ITA dashboard.

use prongsai_kernel::{Permission, Role};

/// See the year's OIT items with their status, reasons and the staff pages that fix
/// them. Every member of staff: the evidence comes from every division's work.
pub struct ViewItaDashboard;
impl Permission for ViewItaDashboard {
    const CODE: &'static str = "view_ita_dashboard";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Enter last year's ITA result per indicator and its analysis into this year's measures.
/// Every member of staff, as for the measures (the seed's analysis is a clerk's work).
pub struct EnterItaResults;
impl Permission for EnterItaResults {
    const CODE: &'static str = "enter_ita_results";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}
