//! `prongsai admin ...`: the operator's account commands.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, bail};
use prongsai_accounts::PasswordParams;
use prongsai_accounts::users::{self, NewUser};
use prongsai_db::PoolOptions;
use prongsai_kernel::permissions::ManageUsers;
use prongsai_kernel::{Actor, Authorized, Role, Secret};

use crate::app::open_database;
use crate::config::{AdminCommand, GlobalArgs};
use crate::output::say;

fn read_password_stdin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Prints validation errors one per line, naming the field.
fn explain(e: prongsai_kernel::Error) -> anyhow::Error {
    match e {
        prongsai_kernel::Error::Invalid(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("--{}: {}", e.field.replace('_', "-"), e.message))
                .collect();
            anyhow::anyhow!("invalid input:\n  {}", lines.join("\n  "))
        }
        other => other.into(),
    }
}

pub async fn run_admin(global: &GlobalArgs, command: AdminCommand) -> anyhow::Result<ExitCode> {
    let db = open_database(&global.database_url(), &PoolOptions::default()).await?;
    match command {
        AdminCommand::ListOrgs => {
            let orgs = prongsai_kernel::tenant::list_organizations(db.conn()).await?;
            if orgs.is_empty() {
                say("no organizations");
            }
            for o in orgs {
                say(format!(
                    "{:<4} {:<20} {}  ({} {})",
                    o.id, o.slug, o.name_th, o.district_th, o.province_th
                ));
            }
        }
        AdminCommand::CreateUser {
            org,
            username,
            display_name,
            roles,
            password_stdin,
        } => {
            let tenant = prongsai_kernel::tenant::find_tenant_by_slug(db.conn(), &org)
                .await?
                .with_context(|| {
                    format!("--org: no organization named {org:?} (see `prongsai admin list-orgs`)")
                })?;
            let mut parsed = Vec::new();
            for r in &roles {
                match Role::from_code(r) {
                    Some(role) => parsed.push(role),
                    None => bail!(
                        "--role: unknown role {r:?}; expected one of {}",
                        Role::ALL.map(|r| r.code()).join(", ")
                    ),
                }
            }
            let generated = !password_stdin;
            let password = if password_stdin {
                read_password_stdin()?
            } else {
                prongsai_kernel::random::password()
            };
            let auth = Authorized::<ManageUsers>::system(tenant.id, Actor::Cli);
            let input = NewUser {
                username,
                display_name,
                password: Secret::new(password.clone()),
                roles: parsed,
                ..Default::default()
            };
            let user = users::create_user(&db, &auth, PasswordParams::PRODUCTION, input)
                .await
                .map_err(explain)?;
            say(format!("created {} in {}", user.username, tenant.slug));
            if generated {
                say(format!("password (shown once): {password}"));
            }
        }
        AdminCommand::ResetPassword {
            org,
            username,
            password_stdin,
        } => {
            let tenant = prongsai_kernel::tenant::find_tenant_by_slug(db.conn(), &org)
                .await?
                .with_context(|| format!("--org: no organization named {org:?}"))?;
            let user = users::find_user_by_username(db.conn(), tenant.id, &username)
                .await?
                .with_context(|| format!("--username: no account {username:?} in {org}"))?;
            let generated = !password_stdin;
            let password = if password_stdin {
                read_password_stdin()?
            } else {
                prongsai_kernel::random::password()
            };
            let auth = Authorized::<ManageUsers>::system(tenant.id, Actor::Cli);
            users::reset_password(
                &db,
                &auth,
                PasswordParams::PRODUCTION,
                user.id,
                Secret::new(password.clone()),
            )
            .await
            .map_err(explain)?;
            say(format!(
                "new password set for {username}; it must be changed at next sign-in"
            ));
            if generated {
                say(format!("password (shown once): {password}"));
            }
        }
    }
    db.close().await?;
    Ok(ExitCode::SUCCESS)
}
