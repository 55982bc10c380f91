//! Who may do what in the channel.
//!
//! Reading a report is not a role: it needs a [`crate::store::RecipientAccess`], which
//! only a named recipient gets, with their second factor done and their key unlocked
//! in this session. Administrators set the channel up; they never read reports.

use prongsai_kernel::{Permission, Role};

/// Set the channel up, name and remove recipients, re-wrap with the recovery key, set
/// the retention. Opens no report.
pub struct ManageIntegrityChannel;
impl Permission for ManageIntegrityChannel {
    const CODE: &'static str = "manage_integrity_channel";
    const ROLES: &'static [Role] = &[Role::Administrator];
}
