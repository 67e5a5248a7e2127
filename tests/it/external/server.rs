//! A local HTTP server for `check --external` tests (loopback only), with one behaviour per
//! path, counting what it was asked and how many requests were in flight at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::response::Response;

#[derive(Default)]
pub struct Counts {
    /// `METHOD /path` of every request, in order.
    pub hits: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// Extra answer delay for every request.
    delay: Duration,
}

/// A server running on its own runtime until dropped.
pub struct Server {
    pub base: String,
    pub counts: Arc<Counts>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    pub fn start(ip: &str, delay: Duration) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind((ip, 0))).expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let counts = Arc::new(Counts { delay, ..Counts::default() });
        let app = Router::new().fallback(answer).with_state(Arc::clone(&counts));
        runtime.spawn(async move { axum::serve(listener, app).await });
        Server { base: format!("http://{addr}"), counts, _runtime: runtime }
    }

    pub fn hits(&self) -> Vec<String> {
        self.counts.hits.lock().unwrap().clone()
    }

    /// How many requests asked for `path` (any method).
    pub fn hits_on(&self, path: &str) -> usize {
        self.hits().iter().filter(|h| h.split(' ').nth(1) == Some(path)).count()
    }

    pub fn max_in_flight(&self) -> usize {
        self.counts.max_in_flight.load(Ordering::SeqCst)
    }
}

/// A loopback port on which nothing listens (bound, then closed).
pub fn refused_base() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("http://{addr}")
}

async fn answer(State(counts): State<Arc<Counts>>, req: Request) -> Response {
    let now = counts.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    counts.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let path = req.uri().path().to_string();
    let earlier = {
        let mut hits = counts.hits.lock().unwrap();
        hits.push(format!("{} {path}", req.method()));
        hits.iter().filter(|h| h.ends_with(&format!(" {path}"))).count() - 1
    };
    tokio::time::sleep(counts.delay).await;
    let response = respond(&path, req.method(), earlier).await;
    counts.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

async fn respond(path: &str, method: &Method, earlier: usize) -> Response {
    let redirect = |code: u16, to: &str| reply(code, &[(header::LOCATION, to)], "");
    let page = "<!DOCTYPE html><html><body><h2 id=\"here\">Here</h2><p id=\"intro\">x</p></body></html>";
    match path {
        "/404" => reply(404, &[], "not here"),
        "/410" => reply(410, &[], "gone"),
        "/403" => reply(403, &[], "no robots"),
        "/old" | "/old-too" => redirect(301, "/ok"),
        "/temporary" => redirect(302, "/ok"),
        "/loop-a" => redirect(301, "/loop-b"),
        "/loop-b" => redirect(301, "/loop-a"),
        "/busy" if earlier == 0 => reply(429, &[(header::RETRY_AFTER, "1")], "slow down"),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            reply(200, &[], "late")
        }
        "/no-head" if method == Method::HEAD => reply(405, &[], ""),
        "/plain" => reply(200, &[(header::CONTENT_TYPE, "text/plain")], "id=here"),
        _ => reply(200, &[(header::CONTENT_TYPE, "text/html; charset=utf-8")], page),
    }
}

fn reply(code: u16, headers: &[(header::HeaderName, &str)], body: &'static str) -> Response {
    let mut r = Response::builder().status(StatusCode::from_u16(code).unwrap());
    for (name, value) in headers {
        r = r.header(name, *value);
    }
    r.body(Body::from(body)).unwrap()
}

/// Several servers, e.g. one per loopback address, for the speed check.
pub fn many(ips: &[String], delay: Duration) -> HashMap<String, Server> {
    ips.iter().map(|ip| (ip.clone(), Server::start(ip, delay))).collect()
}
