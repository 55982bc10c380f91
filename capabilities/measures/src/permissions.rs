//! Who may do what with measures.

use prongsai_kernel::{Permission, Role};

/// Enter and edit topics, measures, linked records, summaries and outcomes.
pub struct ManageMeasures;
impl Permission for ManageMeasures {
    const CODE: &'static str = "manage_measures";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Publish a year's measures and report, and change the report's cover.
pub struct PublishMeasures;
impl Permission for PublishMeasures {
    const CODE: &'static str = "publish_measures";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
