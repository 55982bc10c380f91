//! SeaORM entities of the foundation schema. Capabilities define their own entities in
//! their crates; every table but the deployment-wide ones listed in
//! [`crate::schema::DEPLOYMENT_TABLES`] carries an `organization_id`.

pub mod attachment;
pub mod audit_chain_head;
pub mod audit_entry;
pub mod division;
pub mod holiday;
pub mod job;
pub mod login_throttle;
pub mod organization;
pub mod organization_host;
pub mod publication;
pub mod publication_version;
pub mod role_grant;
pub mod role_policy;
pub mod session;
pub mod setting;
pub mod user;
pub mod village;
