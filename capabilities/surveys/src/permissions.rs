//! Who may do what with surveys.

use prongsai_kernel::{Permission, Role};

/// Review citizens' comments before they are published, and produce a monthly summary
/// on demand (the job produces each month's by itself).
pub struct ReviewSurveys;
impl Permission for ReviewSurveys {
    const CODE: &'static str = "review_surveys";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}

/// Publish the monthly summary (held by the job, acting for the organization).
pub struct PublishSurveySummaries;
impl Permission for PublishSurveySummaries {
    const CODE: &'static str = "publish_survey_summaries";
    const ROLES: &'static [Role] = &[Role::Executive, Role::Administrator];
}
