//! The HTTP side of `serve` (axum on tokio): files of the output folder under the base path,
//! the live-reload event stream, and the error page or overlay when the last build failed.
//!
//! Safety: a URL path is percent-decoded once and split into segments; a segment that is empty,
//! `.` or `..`, or a path holding a backslash, NUL or `:`, is refused before the disk is
//! touched; and the file finally opened must canonicalize to a path inside the output folder,
//! so symbolic links pointing out are refused too. [`route`] and [`content_type`] are pure and
//! unit-tested. Requests addressed to another host name are refused first (see [`super::host`]).

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use super::host::Hosts;
use super::live::{self, PREFIX, Status};

/// What the server shares with the rebuild loop.
pub(super) struct Shared {
    /// The output folder being served.
    pub out: PathBuf,
    /// `/` or `/ltc/`: every URL of the site starts with it.
    pub base_path: String,
    /// The `Host` headers answered.
    pub hosts: Hosts,
    /// The status after the last build, with its JSON (sent to every open page on change).
    pub state: watch::Sender<Arc<Published>>,
    /// True while a build runs: a file missing now may appear when it ends.
    pub busy: watch::Sender<bool>,
    /// Output paths (relative; `dir/` for everything under it) that a rebuild is still
    /// rendering after it told pages to reload: requests for them wait until they are written.
    pub pending: watch::Sender<Arc<Vec<String>>>,
    /// Set once when serve stops, to end the event streams.
    pub shutdown: watch::Sender<bool>,
    /// `--edit`: the editor behind `BASE/__ltc-hub/api/v1` (`proxy.rs`).
    pub editor: Option<Arc<super::edit::Editor>>,
}

/// A status as published to pages.
pub(super) struct Published {
    pub status: Status,
    pub json: String,
}

impl Shared {
    pub(super) fn new(out: PathBuf, base_path: String, hosts: Hosts, editor: Option<super::edit::Editor>) -> Shared {
        let status = Status::default();
        let json = status.to_json();
        Shared {
            out,
            base_path,
            hosts,
            state: watch::Sender::new(Arc::new(Published { status, json })),
            busy: watch::Sender::new(true),
            pending: watch::Sender::new(Arc::new(Vec::new())),
            shutdown: watch::Sender::new(false),
            editor: editor.map(Arc::new),
        }
    }

    /// Replaces the status and tells every open page; returns how many were listening.
    pub(super) fn publish(&self, status: Status) -> usize {
        let json = status.to_json();
        self.state.send_replace(Arc::new(Published { status, json }));
        self.state.receiver_count()
    }

    fn current(&self) -> Arc<Published> {
        Arc::clone(&self.state.borrow())
    }

    /// True when the file at `path` (inside the output folder) is still to be rewritten.
    async fn is_pending(&self, path: &Path) -> bool {
        let pending = Arc::clone(&self.pending.borrow());
        if pending.is_empty() {
            return false;
        }
        let Ok(root) = tokio::fs::canonicalize(&self.out).await else { return false };
        let Some(rel) = path.strip_prefix(&root).ok().and_then(Path::to_str) else { return false };
        let rel = rel.replace('\\', "/");
        pending.iter().any(|p| *p == rel || (p.ends_with('/') && rel.starts_with(p.as_str())))
    }

    /// Waits (bounded) until the rebuild has written every pending file.
    async fn written(&self) {
        let mut pending = self.pending.subscribe();
        let _ = tokio::time::timeout(Duration::from_secs(120), pending.wait_for(|p| p.is_empty())).await;
    }

    /// Waits (bounded) until no build is running.
    async fn idle(&self) {
        let mut busy = self.busy.subscribe();
        let _ = tokio::time::timeout(Duration::from_secs(120), busy.wait_for(|b| !*b)).await;
    }
}

/// The router: everything goes through one handler, but (with `--edit`) the editor's proxy.
pub(super) fn app(shared: Arc<Shared>) -> axum::Router {
    let mut router = axum::Router::new();
    if shared.editor.is_some() {
        let path = format!("{}{}", shared.base_path, crate::forms::decap::PROXY_PATH);
        let limit = axum::extract::DefaultBodyLimit::max(super::proxy::BODY_LIMIT);
        router = router.route(&path, axum::routing::post(super::proxy::api).layer(limit));
    }
    router.fallback(handle).with_state(shared)
}

/// The refusal of a request addressed to another host: a `Host` that is not valid text is
/// refused like a foreign one; so is an absolute request target naming another host.
pub(super) fn foreign_host(shared: &Shared, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let host = headers.get(header::HOST).map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let authority = uri.authority().map(|a| a.as_str());
    if !shared.hosts.allows(host) || (authority.is_some() && !shared.hosts.allows(authority)) {
        let refused = authority.or(host).unwrap_or_default();
        let text = shared.hosts.refusal(refused);
        return Some(respond(StatusCode::FORBIDDEN, "text/plain; charset=utf-8", text.into_bytes()));
    }
    None
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Route {
    /// To the same site under another path (e.g. `/` to the base path `/ltc/`).
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The current status as JSON.
    Status,
    /// A file or folder of the output: clean segments, and whether the path ended in `/`.
    File { segments: Vec<String>, slash: bool },
    /// A path that could only be an attempt to leave the output folder, or not UTF-8.
    Bad,
    /// Outside the base path.
    NotFound,
}

/// Maps a raw (still percent-encoded) request path to a [`Route`].
pub(super) fn route(raw: &str, base_path: &str) -> Route {
    let Some(rest) = raw.strip_prefix(base_path) else {
        let bare = base_path.trim_end_matches('/');
        return if raw == "/" || raw == bare { Route::Redirect(base_path.to_string()) } else { Route::NotFound };
    };
    if let Some(own) = rest.strip_prefix(PREFIX) {
        return match own {
            "events" => Route::Events,
            "status.json" => Route::Status,
            _ => Route::NotFound,
        };
    }
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else { return Route::Bad };
    if decoded.contains(['\\', '\0', ':']) {
        return Route::Bad;
    }
    let slash = decoded.is_empty() || decoded.ends_with('/');
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    let segments: Vec<String> =
        if trimmed.is_empty() { Vec::new() } else { trimmed.split('/').map(str::to_string).collect() };
    if segments.iter().any(|s| s.is_empty() || s == "." || s == "..") {
        return Route::Bad;
    }
    Route::File { segments, slash }
}

/// The `Content-Type` for a file name.
pub(super) fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        // Decap CMS reads admin/config.yml only when its type says YAML.
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        // Pagefind's index files (`.pf_meta`, `.pf_index`, `.pf_fragment`, `.pf_filter`) and
        // anything unknown.
        _ => "application/octet-stream",
    }
}

async fn handle(State(shared): State<Arc<Shared>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if let Some(refused) = foreign_host(&shared, &uri, &headers) {
        return refused;
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD are served.\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    match route(uri.path(), &shared.base_path) {
        Route::Redirect(to) => redirect(StatusCode::TEMPORARY_REDIRECT, &to),
        Route::Events => events(&shared).into_response(),
        Route::Status => {
            let json = shared.current().json.clone();
            respond(StatusCode::OK, "application/json", json.into_bytes())
        }
        Route::Bad => plain(StatusCode::BAD_REQUEST, "Bad request: that path cannot be inside the site.\n"),
        Route::NotFound => not_found(&shared).await,
        Route::File { segments, slash } => file(&shared, &segments, slash, &uri).await,
    }
}

/// Where a file lookup ended.
enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    AddSlash,
    Missing,
}

async fn file(shared: &Shared, segments: &[String], slash: bool, uri: &Uri) -> Response {
    // Requests made while the first build runs wait for it.
    if shared.current().status.generation == 0 {
        shared.idle().await;
    }
    // Read the state before the file: a page is never labelled newer than it is.
    let published = shared.current();
    if published.status.generation == 0 {
        return error_page(shared, &published.status);
    }
    let mut found = locate(&shared.out, segments, slash).await;
    if matches!(found, Found::Missing) && *shared.busy.borrow() {
        // The output folder is swapped at the end of a build; look again once it is done.
        shared.idle().await;
        found = locate(&shared.out, segments, slash).await;
    }
    if let Found::File(path) = &found
        && shared.is_pending(path).await
    {
        // Pages were told to reload before this listing was rendered again: wait for it.
        shared.written().await;
    }
    match found {
        Found::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if segments.first().is_some_and(|s| s == "admin") {
                    // The editor (outputs.cms) is no page of the site: a reload or an overlay
                    // would cost the editor's unsaved form.
                    return respond(StatusCode::OK, content_type(name), bytes);
                }
                page(shared, &published.status, StatusCode::OK, content_type(name), bytes)
            }
            Err(_) => not_found(shared).await,
        },
        Found::AddSlash => {
            let to = match uri.query() {
                Some(q) => format!("{}/?{q}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            redirect(StatusCode::PERMANENT_REDIRECT, &to)
        }
        Found::Missing => not_found(shared).await,
    }
}

/// Finds the file for `segments` inside `out`, refusing anything that resolves outside it.
async fn locate(out: &Path, segments: &[String], slash: bool) -> Found {
    let Ok(root) = tokio::fs::canonicalize(out).await else { return Found::Missing };
    let mut path = root.clone();
    path.extend(segments);
    let Ok(meta) = tokio::fs::metadata(&path).await else { return Found::Missing };
    if meta.is_dir() {
        if !slash {
            return Found::AddSlash;
        }
        path.push("index.html");
    } else if slash {
        return Found::Missing;
    }
    match tokio::fs::canonicalize(&path).await {
        Ok(real) if real.starts_with(&root) && real.is_file() => Found::File(real),
        _ => Found::Missing,
    }
}

/// The site's `404.html` with status 404, or a plain note when it has none.
async fn not_found(shared: &Shared) -> Response {
    let published = shared.current();
    if published.status.generation == 0 {
        return error_page(shared, &published.status);
    }
    if let Found::File(path) = locate(&shared.out, &["404.html".to_string()], false).await
        && let Ok(bytes) = tokio::fs::read(&path).await
    {
        return page(shared, &published.status, StatusCode::NOT_FOUND, content_type("404.html"), bytes);
    }
    plain(StatusCode::NOT_FOUND, "Not found.\n")
}

/// A file of the site; HTML pages get the live-reload script, and the overlay while the last
/// build failed.
fn page(shared: &Shared, status: &Status, code: StatusCode, kind: &'static str, bytes: Vec<u8>) -> Response {
    if !kind.starts_with("text/html") {
        return respond(code, kind, bytes);
    }
    let html = String::from_utf8_lossy(&bytes);
    let mut snippet = status.overlay.clone().unwrap_or_default();
    snippet.push_str(&live::script(&shared.base_path, status.generation));
    respond(code, kind, live::inject(&html, &snippet).into_bytes())
}

/// Served for every URL while there is no good build yet.
fn error_page(shared: &Shared, status: &Status) -> Response {
    let html = live::error_page(&status.errors, &shared.base_path, status.generation);
    respond(StatusCode::INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", html.into_bytes())
}

/// The live-reload stream: the current status at once, then each new one, until serve stops.
fn events(shared: &Shared) -> impl IntoResponse + use<> {
    let state = shared.state.subscribe();
    let stop = shared.shutdown.subscribe();
    let stream = futures_util::stream::unfold((state, stop, true), |(mut state, mut stop, first)| async move {
        if !first {
            tokio::select! {
                changed = state.changed() => changed.ok()?,
                _ = stop.wait_for(|s| *s) => return None,
            }
        }
        if *stop.borrow() {
            return None;
        }
        let json = state.borrow_and_update().json.clone();
        Some((Ok::<_, Infallible>(Event::default().event("state").data(json)), (state, stop, false)))
    });
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(10))).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn respond(code: StatusCode, kind: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = code;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

fn plain(code: StatusCode, text: &'static str) -> Response {
    respond(code, "text/plain; charset=utf-8", text.as_bytes().to_vec())
}

fn redirect(code: StatusCode, to: &str) -> Response {
    let mut r = plain(code, "Redirecting.\n");
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(segments: &[&str], slash: bool) -> Route {
        Route::File { segments: segments.iter().map(|s| s.to_string()).collect(), slash }
    }

    #[test]
    fn paths_map_to_clean_segments() {
        assert_eq!(route("/", "/"), file(&[], true));
        assert_eq!(route("/blog/hello/", "/"), file(&["blog", "hello"], true));
        assert_eq!(route("/style.css", "/"), file(&["style.css"], false));
        assert_eq!(route("/caf%C3%A9/a%20b.txt", "/"), file(&["café", "a b.txt"], false));
        assert_eq!(route("/__ltc-hub/events", "/"), Route::Events);
        assert_eq!(route("/__ltc-hub/status.json", "/"), Route::Status);
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for raw in [
            "/../etc/passwd",
            "/blog/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/blog/%2e%2e/%2e%2e/secret",
            "/..%2f..%2fsecret",
            "/..%5c..%5csecret",
            "/a\\..\\secret",
            "//etc/passwd",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(route(raw, "/"), Route::Bad, "{raw}");
        }
    }

    #[test]
    fn the_base_path_is_required_and_its_root_redirects() {
        assert_eq!(route("/", "/ltc/"), Route::Redirect("/ltc/".into()));
        assert_eq!(route("/ltc", "/ltc/"), Route::Redirect("/ltc/".into()));
        assert_eq!(route("/ltc/", "/ltc/"), file(&[], true));
        assert_eq!(route("/ltc/blog/", "/ltc/"), file(&["blog"], true));
        assert_eq!(route("/ltc/__ltc-hub/events", "/ltc/"), Route::Events);
        assert_eq!(route("/blog/", "/ltc/"), Route::NotFound);
        assert_eq!(route("/__ltc-hub/events", "/ltc/"), Route::NotFound);
        assert_eq!(route("/ltc/../secret", "/ltc/"), Route::Bad);
    }

    #[test]
    fn content_types_cover_the_site_and_search_files() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("resources.json"), "application/json");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("calendar.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("a.webp"), "image/webp");
        assert_eq!(content_type("a.woff2"), "font/woff2");
        assert_eq!(content_type("pagefind.wasm"), "application/wasm");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("config.yml"), "text/yaml; charset=utf-8");
        assert_eq!(content_type("pagefind.en_1234.pf_meta"), "application/octet-stream");
        assert_eq!(content_type("x.pf_fragment"), "application/octet-stream");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
