//! Who may do what with the risk registers.

use prongsai_kernel::{Permission, Role};

/// Draft assessments, risk events, measures and their follow-up. The internal audit
/// unit runs the assessment; division heads report on the measures they own.
pub struct ManageRisks;
impl Permission for ManageRisks {
    const CODE: &'static str = "manage_risks";
    const ROLES: &'static [Role] = &[
        Role::InternalAuditor,
        Role::DivisionHead,
        Role::Executive,
        Role::Administrator,
    ];
}

/// Publish and withdraw an assessment.
pub struct PublishRisks;
impl Permission for PublishRisks {
    const CODE: &'static str = "publish_risks";
    const ROLES: &'static [Role] = &[Role::InternalAuditor, Role::Executive, Role::Administrator];
}
