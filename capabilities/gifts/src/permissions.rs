//! Who may do what with the No Gift Policy.

use prongsai_kernel::{Permission, Role};

/// Draft the declaration, record activities, the register and nil reports.
pub struct ManageGifts;
impl Permission for ManageGifts {
    const CODE: &'static str = "manage_gifts";
    const ROLES: &'static [Role] = &[
        Role::Staff,
        Role::DivisionHead,
        Role::HrOfficer,
        Role::InternalAuditor,
        Role::Executive,
        Role::Administrator,
    ];
}

/// Sign the declaration: the executives (the top executive in office signs).
pub struct SignGiftDeclaration;
impl Permission for SignGiftDeclaration {
    const CODE: &'static str = "sign_gift_declaration";
    const ROLES: &'static [Role] = &[Role::Executive];
}

/// Publish and withdraw the year's No Gift Policy page.
pub struct PublishGifts;
impl Permission for PublishGifts {
    const CODE: &'static str = "publish_gifts";
    const ROLES: &'static [Role] = &[Role::DivisionHead, Role::Executive, Role::Administrator];
}
