//! The HTTP server loop: what `axum::serve` does, plus what it does not configure. A client
//! has `server.header_timeout_seconds` to send a request's headers (an idle kept-alive
//! connection as long to start its next request), and a request body that stalls for
//! `server.body_timeout_seconds` is abandoned: silent or half-sent requests hold nothing
//! open for long. Each request carries its peer address (`ConnectInfo`) for rate limits.
//!
//! [`run`] is the whole `serve` process: the server, the mail worker and the scheduler,
//! until SIGTERM or SIGINT, then an orderly stop bounded by
//! `server.shutdown_timeout_seconds`.

use crate::app::AppState;
use crate::config::Server;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting (new
/// connections are refused), lets open requests finish for up to
/// `config.shutdown_timeout_seconds` and returns how many connections were still open.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    config: &Server,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<usize> {
    let header_timeout = Duration::from_secs(config.header_timeout_seconds.max(1));
    let app = app.layer(RequestBodyTimeoutLayer::new(Duration::from_secs(
        config.body_timeout_seconds.max(1),
    )));
    // Connections hold a receiver each: a send asks them to finish, and the sender's
    // `closed()` tells when the last one has.
    let (stop_tx, stop_rx) = watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors, say: wait a moment instead of spinning.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
        let app = app.clone();
        let service = tower::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let mut conn = std::pin::pin!(conn);
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!("connection from {peer}: {e}");
                        }
                        break;
                    }
                    _ = stop.changed() => conn.as_mut().graceful_shutdown(),
                }
            }
            drop(stop);
        });
    }
    drop(listener);
    drop(stop_rx);
    let _ = stop_tx.send(());
    let drain = Duration::from_secs(config.shutdown_timeout_seconds);
    match tokio::time::timeout(drain, stop_tx.closed()).await {
        Ok(()) => Ok(0),
        Err(_) => Ok(stop_tx.receiver_count()),
    }
}

/// The `serve` process on `listener`: HTTP, and with `scheduler` the mail worker and the
/// scheduled jobs, until SIGTERM or SIGINT. Then, at once, no new connection is accepted,
/// no job run starts and the mail lanes stop after the mail each is sending (the rest
/// stays in the outbox for the next process); requests under way, a running job and
/// background work get `server.shutdown_timeout_seconds` to finish. A job still running
/// then gives its lease back, so that another process can take it up at once.
pub async fn run(st: AppState, listener: TcpListener, scheduler: bool) -> anyhow::Result<()> {
    let worker = (scheduler && st.config.mail.deliver)
        .then(|| tokio::spawn(crate::jobs::outbox::run(st.clone())));
    let sched = if scheduler {
        Some(crate::jobs::start(&st).await?)
    } else {
        None
    };
    crate::templates::warm();
    tokio::spawn(crate::services::stats::prewarm(st.clone()));
    let config = st.config.server.clone();
    let drain = Duration::from_secs(config.shutdown_timeout_seconds);
    let stop = st.shutdown.clone();
    let signal = async move {
        let which = stop_signal().await;
        tracing::info!(
            signal = which,
            "stopping: no new connections, finishing what is under way"
        );
        stop.begin();
    };
    let background = async {
        st.shutdown.stopping().await;
        if let Some(mut s) = sched {
            let _ = s.shutdown().await;
        }
        tokio::time::timeout(drain, async {
            st.shutdown.drained().await;
            if let Some(w) = worker {
                let _ = w.await;
            }
            st.background.idle().await;
        })
        .await
        .is_ok()
    };
    let (open, finished) = tokio::join!(
        serve(listener, crate::build_router(st.clone()), &config, signal),
        background
    );
    let open = open?;
    if open > 0 {
        tracing::warn!(
            connections = open,
            "requests still under way after server.shutdown_timeout_seconds are cut off"
        );
    }
    if !finished {
        let released = crate::jobs::release_held(&st).await.unwrap_or(0);
        tracing::warn!(
            leases_released = released,
            "background work still running after server.shutdown_timeout_seconds is cut off"
        );
    }
    tracing::info!("stopped");
    Ok(())
}

/// Completes on SIGTERM (what service managers send) or SIGINT (Ctrl-C); says which.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "SIGINT"
}

/// The address a request came from: the configured proxy header's (its last entry, which
/// the proxy itself added), else the TCP peer's. `None` when neither is known.
pub fn client_ip(config: &Server, req: &axum::http::request::Parts) -> Option<std::net::IpAddr> {
    if !config.client_ip_header.is_empty() {
        return req
            .headers
            .get(config.client_ip_header.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
    }
    req.extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())
}
