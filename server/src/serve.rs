//! `prongsai serve` (the default): the portal and, unless told otherwise, the job worker.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use prongsai_accounts::PasswordParams;
use prongsai_db::PoolOptions;
use prongsai_jobs::Worker;
use prongsai_kernel::Secret;
use prongsai_web::config::WebConfig;
use tokio::net::TcpListener;

use crate::app::{AppOptions, build_router, build_state, count_organizations, open_database};
use crate::config::{GlobalArgs, ServeArgs};
use crate::output::say;

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in progress");
}

pub async fn serve(global: &GlobalArgs, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&global.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            global.data_dir.display()
        )
    })?;
    let options = AppOptions {
        database_url: global.database_url(),
        files_dir: global.files_dir(),
        web: WebConfig {
            secure_cookies: !args.insecure_cookies,
            behind_proxy: args.behind_proxy,
            password_params: PasswordParams::PRODUCTION,
            metrics_token: args.metrics_token(),
            page_cache_seconds: 30,
            ocid_prefix: args.jobs.ocid_prefix.clone(),
        },
        max_upload_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
        pool: PoolOptions::default(),
        mailer: args.jobs.mailer()?,
    };
    let db = open_database(&options.database_url, &options.pool).await?;
    let state = build_state(db.clone(), &options).await?;

    if count_organizations(&db).await? == 0 {
        if args.no_demo {
            let token = prongsai_kernel::random::password();
            say("Prongsai: this installation has no organization yet.");
            say(format!(
                "Open http://{}/setup and enter this setup code: {token}",
                args.listen
            ));
            if let Ok(mut slot) = state.setup_token.lock() {
                *slot = Some(Secret::new(token));
            }
        } else {
            let admin_password = args.admin_password.clone().filter(|p| !p.is_empty());
            let password_of =
                move |username: &str| admin_password.clone().filter(|_| username == "admin");
            let (tenant, credentials) =
                crate::demo::load_demo(&db, PasswordParams::PRODUCTION, &password_of).await?;
            say(format!(
                "Prongsai: demo organization created: {} ({})",
                tenant.name_th, tenant.slug
            ));
            say("Demo accounts (printed this once only: write them down now):");
            for c in &credentials {
                say(format!(
                    "  {:<14} {:<40} password: {}",
                    c.username,
                    c.roles.join(", "),
                    c.password.expose()
                ));
            }
            say(
                "The internal auditor sets up two-step sign-in (an authenticator app) at first sign-in.",
            );
            if let Some(auditor) = credentials.iter().find(|c| c.username == "auditor") {
                let recovery = crate::demo::set_up_demo_channel(
                    &db,
                    &tenant,
                    auditor.password.expose(),
                    PasswordParams::PRODUCTION,
                )
                .await?;
                say(format!(
                    "Recovery key of the corruption-report channel (printed this once only: keep it sealed, offline): {}",
                    recovery.expose()
                ));
            }
        }
    }

    let router = build_router(state.clone());
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    say(format!(
        "Prongsai is serving on http://{addr}/ (also http://kudjok.localhost:{}/ for the demo)",
        addr.port()
    ));

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = (!args.no_worker).then(|| {
        let mut rx = stop_rx.clone();
        let worker = Worker::new(Arc::new(crate::jobs::registry()), state.clone(), db.clone());
        tokio::spawn(worker.run(async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }))
    });

    run_http(listener, router, shutdown_signal()).await?;

    let _ = stop_tx.send(true);
    if let Some(handle) = worker {
        let _ = handle.await;
    }
    db.close().await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets requests in
/// progress finish. (Tests and the browser suite start the application through this too.)
pub async fn run_http(
    listener: TcpListener,
    router: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("server error")
}
