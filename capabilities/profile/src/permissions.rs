//! Who may change the organization's profile.

use prongsai_kernel::{Permission, Role};

/// Edit the profile (fields, positions and people, laws, villages) and publish it.
pub struct ManageProfile;
impl Permission for ManageProfile {
    const CODE: &'static str = "manage_profile";
    const ROLES: &'static [Role] = &[Role::Executive, Role::Administrator];
}
