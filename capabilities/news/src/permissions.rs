//! Who may do what with news.

use prongsai_kernel::{Permission, Role};

/// Draft and edit news, attach files and cover images.
pub struct ManageNews;
impl Permission for ManageNews {
    const CODE: &'static str = "manage_news";
    const ROLES: &'static [Role] = prongsai_kernel::permissions::ALL_STAFF;
}

/// Publish and withdraw news; manage categories.
pub struct PublishNews;
impl Permission for PublishNews {
    const CODE: &'static str = "publish_news";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
