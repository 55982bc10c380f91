//! `prongsai backup`: a consistent copy of the database and the attachments, usable
//! while the server runs.
//!
//! - SQLite: `VACUUM INTO` writes a transactionally consistent copy.
//! - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot).
//! - Attachments are content-addressed and never modified, and a file is always written
//!   before the database row that refers to it, so copying the files after the database
//!   gives every file the copy refers to.
//!
//! A `MANIFEST.txt` lists each file with its SHA-256.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use prongsai_db::sea_orm::{ConnectionTrait, Statement};
use prongsai_db::{Backend, PoolOptions};

use crate::app::open_database;
use crate::config::{BackupArgs, GlobalArgs};
use crate::output::say;

pub async fn backup(global: &GlobalArgs, args: &BackupArgs) -> anyhow::Result<ExitCode> {
    let out = match &args.out {
        Some(p) => p.clone(),
        None => global
            .data_dir
            .join("backups")
            .join(chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string()),
    };
    if out.exists() && std::fs::read_dir(&out)?.next().is_some() {
        bail!("--out: {} exists and is not empty", out.display());
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let url = global.database_url();
    let db = open_database(&url, &PoolOptions::default()).await?;
    match db.backend() {
        Backend::Sqlite => {
            let target = out.join("prongsai.sqlite3");
            db.conn()
                .execute_raw(Statement::from_sql_and_values(
                    db.conn().get_database_backend(),
                    "VACUUM INTO ?",
                    [target.display().to_string().into()],
                ))
                .await
                .context("VACUUM INTO")?;
        }
        Backend::Postgres => {
            let status = tokio::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(out.join("prongsai.pgdump"))
                .arg(format!("--dbname={url}"))
                .status()
                .await
                .context("running pg_dump (install the PostgreSQL client tools)")?;
            if !status.success() {
                bail!("pg_dump failed with {status}");
            }
        }
    }
    db.close().await?;
    let files_src = global.files_dir();
    let mut copied = 0u64;
    if files_src.exists() {
        copied = copy_tree(&files_src, &out.join("files"))?;
    }
    let manifest = manifest(&out)?;
    std::fs::write(out.join("MANIFEST.txt"), manifest)?;
    say(format!(
        "backup written to {} ({copied} attachment files)",
        out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<u64> {
    std::fs::create_dir_all(to)?;
    let mut n = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            n += copy_tree(&entry.path(), &target)?;
        } else if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), &target)?;
            n += 1;
        }
    }
    Ok(n)
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            list_files(&entry.path(), out)?;
        } else {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn manifest(root: &Path) -> anyhow::Result<String> {
    let mut files = Vec::new();
    list_files(root, &mut files)?;
    files.sort();
    let mut text = format!(
        "prongsai backup {}\ncreated {}\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().to_rfc3339()
    );
    for f in files {
        let bytes = std::fs::read(&f)?;
        let rel = f.strip_prefix(root).unwrap_or(&f);
        text.push_str(&format!(
            "{}  {:>12}  {}\n",
            prongsai_kernel::random::sha256_hex(&bytes),
            bytes.len(),
            rel.display()
        ));
    }
    Ok(text)
}
