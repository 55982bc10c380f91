//! Who may do what with manuals.

use prongsai_kernel::{Permission, Role};

/// Draft and edit manuals and attach sample forms.
pub struct ManageManuals;
impl Permission for ManageManuals {
    const CODE: &'static str = "manage_manuals";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Publish and withdraw manuals.
pub struct PublishManuals;
impl Permission for PublishManuals {
    const CODE: &'static str = "publish_manuals";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
