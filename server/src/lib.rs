//! The `prongsai` binary as a library, so that tests and benchmarks start the same
//! application the binary starts.
//!
//! - [`config`]: command line and environment, read once.
//! - [`capabilities`]: the list of everything Prongsai does, and the one migrator.
//! - [`app`]: opening the database and building the application state and router.
//! - [`serve`], [`worker`]: the long-running roles.
//! - [`demo`]: the demo organization loaded on an empty database.
//! - [`admin`], [`audit_cmd`], [`backup`]: the operator's commands.

pub mod admin;
pub mod app;
pub mod audit_cmd;
pub mod backup;
pub mod capabilities;
pub mod config;
pub mod demo;
pub mod ita_cmd;
pub mod jobs;
pub mod output;
pub mod serve;
pub mod worker;
