//! Asking one outside URL whether it still works, politely: at most `per_host` requests in
//! flight to one host name and their starts `spacing` apart, HEAD first and GET when HEAD fails
//! (or when the page's ids are needed for `#fragment`s), redirects followed one by one (so a
//! permanent one is told apart and loops are caught), `Retry-After` honoured on 429 and 503
//! (up to [`MAX_RETRY_AFTER`], twice), and failures told apart: status, timeout, DNS, refused
//! connection, TLS.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::{Method, StatusCode, Url, header};
use tokio::sync::{Mutex, Semaphore};
use tokio::time::Instant;

use super::human_duration;
use crate::config::link_check::LinkCheck;

/// The longest `Retry-After` waited for; a longer one leaves the link unverified this time.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
const MAX_REDIRECTS: usize = 10;
/// The most of a page read to look for ids.
const MAX_BODY: usize = 8 << 20;
const USER_AGENT: &str = "Mozilla/5.0 (compatible; ltc-hub-link-check/0.1)";

/// What asking a URL found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    /// It works; `ids` are the page's element ids when they were asked for and it is HTML.
    Ok { ids: Option<HashSet<String>> },
    /// Every redirect on the way was permanent (301, 308) and the last address works.
    Moved { to: String, ids: Option<HashSet<String>> },
    /// It does not work: why, in words.
    Failed(String),
    /// The server would not say (401, 403, or still 429 after waiting).
    Unverified(String),
}

struct Host {
    permits: Semaphore,
    /// When the next request to this host may start.
    next: Mutex<Instant>,
}

/// One HTTP exchange, the body read only for HTML pages asked with GET.
struct Reply {
    status: StatusCode,
    location: Option<String>,
    retry_after: Option<Duration>,
    html: Option<String>,
}

pub(crate) struct Checker {
    client: reqwest::Client,
    hosts: std::sync::Mutex<HashMap<String, Arc<Host>>>,
    settings: LinkCheck,
    /// Requests sent, for the summary.
    pub requests: AtomicUsize,
}

impl Checker {
    pub(crate) fn new(settings: &LinkCheck) -> Result<Checker, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .pool_max_idle_per_host(settings.per_host)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        Ok(Checker {
            client,
            hosts: std::sync::Mutex::default(),
            settings: settings.clone(),
            requests: AtomicUsize::new(0),
        })
    }

    fn host(&self, url: &Url) -> Arc<Host> {
        let name = url.host_str().unwrap_or("").to_ascii_lowercase();
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(hosts.entry(name).or_insert_with(|| {
            Arc::new(Host { permits: Semaphore::new(self.settings.per_host), next: Mutex::new(Instant::now()) })
        }))
    }

    /// Asks `url`, following redirects; `want_ids` reads the final page's ids.
    pub(crate) async fn check(&self, url: &str, want_ids: bool) -> Answer {
        let mut current = match Url::parse(url) {
            Ok(u) => u,
            Err(e) => return Answer::Failed(format!("not a valid address ({e})")),
        };
        let mut chain = vec![current.to_string()];
        let (mut permanent, mut retries, mut get) = (true, 0, want_ids);
        loop {
            let reply = match self.send(&current, get).await {
                Ok(r) => r,
                Err(e) => return Answer::Failed(classify(&e, self.settings.timeout)),
            };
            let status = reply.status;
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let Some(next) = reply.location.and_then(|l| current.join(&l).ok()) else {
                    return Answer::Failed(format!("{} without a valid Location header", describe(status)));
                };
                if chain.contains(&next.to_string()) {
                    chain.push(next.to_string());
                    return Answer::Failed(format!("redirect loop: {}", chain.join(" → ")));
                }
                if chain.len() > MAX_REDIRECTS {
                    return Answer::Failed(format!("more than {MAX_REDIRECTS} redirects"));
                }
                permanent &= matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT);
                chain.push(next.to_string());
                current = next;
                continue;
            }
            let busy = matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE);
            if busy {
                let wait = reply.retry_after.unwrap_or(Duration::from_secs(1));
                if retries < 2 && wait <= MAX_RETRY_AFTER {
                    retries += 1;
                    self.hold_off(&current, wait).await;
                    continue;
                }
                // Asking again at once (even with GET) would ignore what the server asked for.
                let why = match retries {
                    2 => format!("{}, still after waiting twice as asked", describe(status)),
                    _ => format!("{}, asked to wait {} (longer than 30s)", describe(status), human_duration(wait)),
                };
                return match status {
                    StatusCode::TOO_MANY_REQUESTS => Answer::Unverified(why),
                    _ => Answer::Failed(why),
                };
            }
            if status.is_success() {
                let ids = reply.html.map(|h| crate::check::scan(&h).ids.into_iter().collect());
                return match chain.len() > 1 && permanent {
                    true => Answer::Moved { to: current.to_string(), ids },
                    false => Answer::Ok { ids },
                };
            }
            if !get {
                get = true; // some servers answer HEAD wrongly; ask again with GET
                continue;
            }
            return match status.as_u16() {
                401 | 403 | 429 => Answer::Unverified(describe(status)),
                _ => Answer::Failed(describe(status)),
            };
        }
    }

    /// Waits for a free slot on the URL's host and for the spacing since the last start.
    async fn send(&self, url: &Url, get: bool) -> Result<Reply, reqwest::Error> {
        let host = self.host(url);
        let _permit = host.permits.acquire().await.expect("the semaphore is never closed");
        let start = {
            let mut next = host.next.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + self.settings.spacing;
            start
        };
        tokio::time::sleep_until(start).await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let method = if get { Method::GET } else { Method::HEAD };
        let mut response = self.client.request(method, url.clone()).send().await?;
        let header_text = |name| response.headers().get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
        let location = header_text(header::LOCATION).map(str::to_string);
        let retry_after = header_text(header::RETRY_AFTER).and_then(|v| v.trim().parse().ok()).map(Duration::from_secs);
        let is_html = header_text(header::CONTENT_TYPE).is_some_and(|t| t.contains("html"));
        let status = response.status();
        let mut html = None;
        if get && is_html && status.is_success() {
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await? {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_BODY {
                    break;
                }
            }
            html = Some(String::from_utf8_lossy(&body).into_owned());
        }
        Ok(Reply { status, location, retry_after, html })
    }

    /// Pushes the host's next start `wait` into the future (its `Retry-After`), for every task.
    async fn hold_off(&self, url: &Url, wait: Duration) {
        let host = self.host(url);
        let mut next = host.next.lock().await;
        *next = (*next).max(Instant::now() + wait);
    }
}

fn describe(status: StatusCode) -> String {
    format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or("")).trim_end().to_string()
}

/// A failed request in words: timeout, DNS, refused, TLS, or the error chain.
fn classify(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return format!("no answer within {} (timeout)", human_duration(timeout));
    }
    let mut chain = Vec::new();
    let (mut refused, mut tls) = (false, None);
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        tls = tls.or_else(|| s.downcast_ref::<rustls::Error>().map(ToString::to_string));
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            refused |= io.kind() == std::io::ErrorKind::ConnectionRefused;
            tls = tls.or_else(|| rustls_inside(io).map(ToString::to_string));
            if io.kind() == std::io::ErrorKind::TimedOut {
                return format!("no answer within {} (timeout)", human_duration(timeout));
            }
        }
        chain.push(s.to_string());
        source = s.source();
    }
    let text = chain.join(": ");
    let lower = text.to_ascii_lowercase();
    let last = chain.last().cloned().unwrap_or_default();
    if let Some(why) = tls {
        format!("TLS: the secure connection failed ({why})")
    } else if refused || lower.contains("connection refused") {
        "connection refused (nothing listens at that address)".into()
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        format!("DNS: the host name does not resolve ({last})")
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        format!("TLS: the secure connection failed ({last})")
    } else {
        format!("connection failed ({text})")
    }
}

/// The TLS error an I/O error wraps, through nested I/O errors (whose `source()` skips them).
fn rustls_inside(io: &std::io::Error) -> Option<&rustls::Error> {
    let inner = io.get_ref()?;
    match inner.downcast_ref::<rustls::Error>() {
        Some(e) => Some(e),
        None => rustls_inside(inner.downcast_ref::<std::io::Error>()?),
    }
}
