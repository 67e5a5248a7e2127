//! `serve`'s listening socket (the port asked for, or the next free one) and its accept loop:
//! HTTP/1.1 through hyper, with a header read timeout and a cap on open
//! connections (axum's own `serve` has neither, so clients that open connections and never
//! finish a request could hold every file descriptor of the process).
//!
//! - A request head (the first of a connection, and each next one on a kept-alive connection)
//!   must arrive within [`HEADER_TIMEOUT`], else the connection is closed.
//! - At most [`connection_cap`] connections are open at once; more wait in the listen queue
//!   until one closes, so that the process keeps descriptors for its builds.
//! - On shutdown no connection is accepted any more and open ones finish their response.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use super::{StartError, machine};
use crate::diagnostics::Diagnostic;

/// How many ports after the requested one are tried before giving up.
const PORT_TRIES: u16 = 20;

/// How long a client may take to send a request's head.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// File descriptors kept for everything but connections (builds read and write files in
/// parallel, the watcher, the runtime).
const RESERVED_FDS: u64 = 128;
/// The most connections open at once, however high the descriptor limit.
const MAX_CONNECTIONS: usize = 1024;
/// The fewest, however low the limit.
const MIN_CONNECTIONS: usize = 16;

pub(super) fn bind_address(bind: &str) -> Result<IpAddr, StartError> {
    if bind.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| StartError {
        diagnostic: Diagnostic::error(format!("`{bind}` is not an IP address to listen on"))
            .with_help("use e.g. --bind 127.0.0.1 (this machine only) or --bind 0.0.0.0 (every network)"),
        usage: true,
    })
}

/// Listens on `port`, or the next free one; returns the listener and the port that was taken.
pub(super) fn bind(ip: IpAddr, port: u16) -> Result<(tokio::net::TcpListener, Option<u16>), StartError> {
    let tries: Vec<u16> = if port == 0 { vec![0] } else { (port..=port.saturating_add(PORT_TRIES)).collect() };
    let mut last = None;
    for p in tries {
        match listen(SocketAddr::new(ip, p)) {
            Ok(l) => return Ok((l, (p != port).then_some(port))),
            Err(e) => last = Some(e),
        }
    }
    let e = last.map_or_else(|| "no port to try".to_string(), |e| e.to_string());
    let mut error = machine(format!("cannot listen on {ip} port {port} or the {PORT_TRIES} ports after it: {e}"));
    error.diagnostic = error.diagnostic.with_help("choose another --port, or --port 0 to let the system pick one");
    Err(error)
}

fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    // Room for many browsers (and tests) connecting at once.
    socket.listen(1024)
}

/// How many connections may be open at once under a descriptor limit of `fd_limit` (`None`:
/// unlimited).
pub(super) fn connection_cap(fd_limit: Option<u64>) -> usize {
    let room = fd_limit.map_or(u64::MAX, |l| l.saturating_sub(RESERVED_FDS));
    usize::try_from(room).unwrap_or(usize::MAX).clamp(MIN_CONNECTIONS, MAX_CONNECTIONS)
}

/// The cap for this process's own limit on open files.
pub(super) fn own_connection_cap() -> usize {
    #[cfg(unix)]
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    #[cfg(not(unix))]
    let limit = None;
    connection_cap(limit)
}

/// Serves `app` on `listener` until `stopping` turns true, with at most `cap` open connections.
pub(super) async fn run(listener: TcpListener, app: axum::Router, cap: usize, stopping: watch::Receiver<bool>) {
    let permits = Arc::new(Semaphore::new(cap));
    loop {
        let (stream, permit) = tokio::select! {
            accepted = accept(&listener, &permits) => accepted,
            () = stopped(stopping.clone()) => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let stop = stopping.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
            let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = conn.as_mut() => {}
                () = stopped(stop) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(permit);
        });
    }
}

/// Resolves once `stopping` is true.
async fn stopped(mut stopping: watch::Receiver<bool>) {
    let _ = stopping.wait_for(|s| *s).await;
}

/// Waits for a free place, then for a connection.
async fn accept(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> (tokio::net::TcpStream, tokio::sync::OwnedSemaphorePermit) {
    let permit = Arc::clone(permits).acquire_owned().await.expect("the semaphore is never closed");
    loop {
        match listener.accept().await {
            Ok((stream, _)) => return (stream, permit),
            // Out of descriptors (other files are open) or a connection reset before it was
            // accepted: try again shortly.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_accepts_addresses_and_localhost() {
        assert_eq!(bind_address("localhost").unwrap(), IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert!(bind_address("0.0.0.0").is_ok());
        assert!(bind_address("[::1]").is_ok());
        assert!(bind_address("example.org").is_err());
    }

    #[test]
    fn the_cap_stays_under_the_descriptor_limit() {
        assert_eq!(connection_cap(Some(1024)), 896);
        assert_eq!(connection_cap(Some(200)), 72);
        assert_eq!(connection_cap(Some(20_000)), MAX_CONNECTIONS);
        assert_eq!(connection_cap(None), MAX_CONNECTIONS);
        assert_eq!(connection_cap(Some(100)), MIN_CONNECTIONS);
    }
}
