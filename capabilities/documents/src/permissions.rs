//! Who may do what with documents.

use prongsai_kernel::{Permission, Role};

/// Draft, edit and attach files to documents.
pub struct ManageDocuments;
impl Permission for ManageDocuments {
    const CODE: &'static str = "manage_documents";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Publish and withdraw documents.
pub struct PublishDocuments;
impl Permission for PublishDocuments {
    const CODE: &'static str = "publish_documents";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
