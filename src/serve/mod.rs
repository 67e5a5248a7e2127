//! `ltc-hub serve` and `ltc-hub watch`: build, watch the root, rebuild on every burst of
//! changes, and (for `serve`) serve the result with live reload and an error overlay.
//!
//! One loop drives both commands: the [`watch::Watcher`] yields sets of changed paths, and
//! [`rebuild::Rebuilder::rebuild`] turns each set into a new output (today a whole build, written
//! to a staging folder and swapped in, so a failed build leaves the last good site in place).
//! `serve` builds into a private folder in the system's temporary folder (never the user's
//! `public/`), removed when it stops.
//!
//! Nothing here prints or exits: what happens is an [`Event`] reported to the binary's callback
//! (`serve_ui.rs` prints it), and how a run ended is the returned [`Stop`].
//!
//! *Architecture invariant:* this is the only module that knows notify and HTTP; it builds only
//! through `incremental::Session`.

mod burst;
pub(crate) mod edit;
mod event;
mod host;
mod http;
pub(crate) mod live;
mod proxy;
pub(crate) mod rebuild;
mod server;
pub(crate) mod watch;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::pipeline::{BuildOptions, Failure, Report};
pub use event::{Command, Event, Note, Reporter, Stop, WatchTrouble};
use live::{Problem, Status};
use rebuild::Rebuilder;
pub use rebuild::describe as describe_changes;
use watch::Watcher;

/// What `ltc-hub serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// An IP address, or `localhost`.
    pub bind: String,
    /// The port to try first; the next free one is used if it is taken; 0 lets the system pick.
    pub port: u16,
    /// Accepted for symmetry with `build`: serve always shows drafts and future pages.
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Its path is the path the site is served under (e.g. `/ltc/`); the host is always the
    /// local address.
    pub base_url: Option<String>,
    /// `--env`, as for `build`.
    pub env: Option<String>,
    /// `--edit`: answer Decap CMS's proxy backend, so the forms under `admin/` save into
    /// `content/` (loopback addresses only).
    pub edit: bool,
}

/// What `ltc-hub watch` was asked to do.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// `--env`, as for `build`.
    pub env: Option<String>,
}

/// Why `serve` or `watch` could not start (build errors never stop them).
#[derive(Debug)]
pub struct StartError {
    pub diagnostic: Diagnostic,
    /// A usage error (exit code 2) rather than a failure of the machine (exit code 1).
    pub usage: bool,
}

/// Runs `ltc-hub serve` until Ctrl-C (or SIGTERM), telling `report` what happens.
pub fn serve(opts: ServeOptions, report: Reporter) -> Result<Stop, StartError> {
    let root = site_root(&opts.root)?;
    let ip = server::bind_address(&opts.bind)?;
    if opts.edit {
        edit_allowed(&root, ip, opts.env.as_deref())?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| machine(format!("cannot start the server's threads: {e}")))?;
    let stop = runtime.block_on(serve_async(opts, root, ip, report))?;
    if stop == Stop::Interrupted {
        // The build thread is abandoned; do not wait for anything else either.
        runtime.shutdown_background();
    }
    Ok(stop)
}

async fn serve_async(opts: ServeOptions, root: PathBuf, ip: IpAddr, report: Reporter) -> Result<Stop, StartError> {
    let (listener, taken) = server::bind(ip, opts.port)?;
    let port = listener.local_addr().map_err(|e| machine(format!("cannot read the server's address: {e}")))?.port();
    let base_path = base_path(&root, opts.base_url.as_deref(), opts.env.as_deref());
    let host = match ip {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let url = crate::url::join(&format!("http://{host}:{port}"), &base_path);
    let editor = match opts.edit {
        true => {
            Some(edit::Editor { root: root.clone(), env: opts.env.clone(), token: edit::new_token().map_err(machine)? })
        }
        false => None,
    };
    let edit_url = editor.as_ref().map(|e| format!("{url}admin/#token={}", e.token));
    let private = PrivateDir::create()?;
    let out = private.path.join("site");
    // `build`'s default output is no source either, should the user build while serving.
    let mut excluded = vec![private.path.clone(), root.join("public")];
    excluded.extend(crate::output::siblings(&root.join("public")));
    let watcher = Watcher::start(&root, &excluded).map_err(|diagnostic| StartError { diagnostic, usage: false })?;

    report(Event::Serving { url: &url, taken, output: &out, root: &root, edit: edit_url.as_deref() });

    let hosts = host::Hosts::for_address(ip, port);
    let shared = Arc::new(http::Shared::new(out.clone(), base_path, hosts, editor));
    let rebuilder = Rebuilder::new(BuildOptions {
        root: root.clone(),
        output: Some(out),
        base_url: Some(url.clone()),
        env: opts.env.clone(),
        drafts: true,
        jobs: 0,
    });
    let stop = Arc::new(AtomicBool::new(false));
    let abandoned = Arc::new(AtomicBool::new(false));
    let cancel = rebuilder.canceller();
    let worker =
        spawn_serve_loop(watcher, rebuilder, &root, &private.path, &shared, &stop, quiet_after(&abandoned, &report));
    if opts.open {
        let (url, report) = (edit_url.clone().unwrap_or_else(|| url.clone()), Arc::clone(&report));
        tokio::task::spawn_blocking(move || {
            if let Err(e) = opener::open(&url) {
                report(Event::NoBrowser { url: &url, error: e.to_string() });
            }
        });
    }

    let server = tokio::spawn(server::run(
        listener,
        http::app(Arc::clone(&shared)),
        server::own_connection_cap(),
        shared.shutdown.subscribe(),
    ));

    tokio::select! {
        () = stop_signal() => {}
        // The loop only ends on its own if the watcher died.
        () = wait_thread(&worker) => {}
    }
    report(Event::Stopping);
    stop.store(true, Ordering::Relaxed);
    shared.shutdown.send_replace(true);
    tokio::select! {
        () = wait_thread(&worker) => {}
        () = stop_signal() => {
            abandoned.store(true, Ordering::Relaxed);
            // No write is under way or will start (see `pipeline::Cancel`).
            cancel.stop();
            drop(private);
            report(Event::Interrupted(Command::Serve));
            return Ok(Stop::Interrupted);
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
    drop(private);
    report(Event::Stopped);
    Ok(Stop::Cleanly)
}

/// `report`, silent once the run was `abandoned` (a second Ctrl-C while the build thread was
/// still at work: nothing it says after that is shown, as when the process ended at once).
fn quiet_after(abandoned: &Arc<AtomicBool>, report: &Reporter) -> Reporter {
    let (abandoned, report) = (Arc::clone(abandoned), Arc::clone(report));
    Arc::new(move |event| {
        if !abandoned.load(Ordering::Relaxed) {
            report(event);
        }
    })
}

/// The build thread of `serve`: builds once and per burst, publishes each outcome to the
/// browsers, and reports it.
fn spawn_serve_loop(
    watcher: Watcher,
    rebuilder: Rebuilder,
    root: &Path,
    private: &Path,
    shared: &Arc<http::Shared>,
    stop: &Arc<AtomicBool>,
    report: Reporter,
) -> std::thread::JoinHandle<()> {
    // What the browser is shown names files relative to the root, never the machine's folders.
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let folders = live::Folders::new(root, private, home.as_deref());
    let (shared, stop, root) = (Arc::clone(shared), Arc::clone(stop), root.to_path_buf());
    std::thread::spawn(move || {
        let mut status = Status::default();
        // Pages told to reload before the rebuild ended (see `incremental::Early`).
        let mut told_early: Option<usize> = None;
        run_loop(watcher, rebuilder, &stop, &report, |event| match event {
            LoopEvent::Started => {
                told_early = None;
                shared.busy.send_replace(true);
            }
            LoopEvent::Early(changed, early) => {
                // The edited pages are written: reload now; requests for the listings
                // still being rendered wait for them.
                shared.pending.send_replace(Arc::new(early.pending.to_vec()));
                status = status.succeeded(rebuild::only_stylesheets(changed));
                told_early = Some(shared.publish(status.clone()));
            }
            LoopEvent::Finished(changed, result) => {
                let told = match (&result, told_early) {
                    (Ok(_), Some(told)) => told,
                    (Ok(_), None) => {
                        status = status.succeeded(rebuild::only_stylesheets(changed));
                        shared.publish(status.clone())
                    }
                    (Err(f), _) => {
                        let problems = f.diagnostics.iter().map(|d| Problem::from_diagnostic(d, &folders));
                        status = status.failed(problems.collect());
                        shared.publish(status.clone())
                    }
                };
                shared.pending.send_replace(Arc::new(Vec::new()));
                shared.busy.send_replace(false);
                let note = match (&result, status.generation) {
                    (Ok(_), _) if told == 0 => Note::Nothing,
                    (Ok(_), _) => Note::Told(told),
                    (Err(_), 0) => Note::BrowserShowsErrors,
                    (Err(_), _) => Note::LastGoodKept,
                };
                report(Event::Built { root: &root, changed, result: &result, note });
            }
        });
    })
}

/// Runs `ltc-hub watch` until Ctrl-C (or SIGTERM), telling `report` what happens.
pub fn watch(opts: WatchOptions, report: Reporter) -> Result<Stop, StartError> {
    let root = site_root(&opts.root)?;
    let output = crate::output::absolute(&opts.output.clone().unwrap_or_else(|| root.join("public")));
    // The output is watch's alone while it runs: `build` waits for it (or fails with --no-wait).
    let busy =
        crate::output::Busy::Fail("wait for it to end or stop it (Ctrl-C where it runs), or choose another --output");
    let (_lock, repaired) =
        crate::output::claim(&output, &busy).map_err(|diagnostic| StartError { diagnostic, usage: false })?;
    repaired.iter().for_each(|w| report(Event::Warning(w)));
    let mut excluded = vec![output.clone()];
    excluded.extend(crate::output::siblings(&output));
    let watcher = Watcher::start(&root, &excluded).map_err(|diagnostic| StartError { diagnostic, usage: false })?;
    report(Event::Watching { root: &root, output: &output });

    let rebuilder = Rebuilder::new(BuildOptions {
        root: root.clone(),
        output: Some(output.clone()),
        base_url: opts.base_url.clone(),
        env: opts.env.clone(),
        drafts: opts.drafts,
        jobs: 0,
    });
    let stop = Arc::new(AtomicBool::new(false));
    let abandoned = Arc::new(AtomicBool::new(false));
    let cancel = rebuilder.canceller();
    let worker = {
        let (stop, root, report) = (Arc::clone(&stop), root.clone(), quiet_after(&abandoned, &report));
        std::thread::spawn(move || {
            run_loop(watcher, rebuilder, &stop, &report, |event| {
                if let LoopEvent::Finished(changed, result) = event {
                    let note = if result.is_ok() { Note::Nothing } else { Note::Output };
                    report(Event::Built { root: &root, changed, result: &result, note });
                }
            });
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| machine(format!("cannot start the signal handler: {e}")))?;
    let stopped = runtime.block_on(async {
        tokio::select! {
            () = stop_signal() => {}
            () = wait_thread(&worker) => {}
        }
        stop.store(true, Ordering::Relaxed);
        tokio::select! {
            () = wait_thread(&worker) => Stop::Cleanly,
            () = stop_signal() => {
                abandoned.store(true, Ordering::Relaxed);
                // No write is under way or will start (see `pipeline::Cancel`).
                cancel.stop();
                // Only the unfinished build: `.NAME.old` may hold the previous site mid-swap.
                let _ = std::fs::remove_dir_all(crate::output::sibling(&output, "building"));
                // The lock file goes too (the lock itself is released when `_lock` drops).
                let _ = std::fs::remove_file(crate::output::sibling(&output, "lock"));
                report(Event::Interrupted(Command::Watch));
                Stop::Interrupted
            }
        }
    });
    if stopped == Stop::Cleanly {
        report(Event::Stopped);
    }
    Ok(stopped)
}

/// What the loop reports to its command.
enum LoopEvent<'a> {
    Started,
    /// The edited pages are written; the rest of the rebuild is still running.
    Early(&'a [PathBuf], &'a crate::pipeline::session::Early<'a>),
    Finished(&'a [PathBuf], Result<Report, Failure>),
}

/// Builds once, then once per burst of changes, until `stop` is set.
/// The watcher's trouble goes to `tell` before each build.
fn run_loop(
    mut watcher: Watcher,
    mut rebuilder: Rebuilder,
    stop: &AtomicBool,
    tell: &Reporter,
    mut report: impl FnMut(LoopEvent) + Send,
) {
    report(LoopEvent::Started);
    let result = rebuilder.rebuild(&[], &mut |_| {});
    report(LoopEvent::Finished(&[], result));
    while let Some(changed) = watcher.next_batch(stop) {
        watcher.take_trouble().iter().for_each(|t| tell(Event::WatchTrouble(t)));
        report(LoopEvent::Started);
        let result = rebuilder.rebuild(&changed, &mut |early| report(LoopEvent::Early(&changed, early)));
        report(LoopEvent::Finished(&changed, result));
    }
    watcher.take_trouble().iter().for_each(|t| tell(Event::WatchTrouble(t)));
}

/// `--edit` listens on this machine only, and needs the forms (`outputs.cms`).
fn edit_allowed(root: &Path, ip: IpAddr, env: Option<&str>) -> Result<(), StartError> {
    let usage =
        |message: &str, help: &str| StartError { diagnostic: Diagnostic::error(message).with_help(help), usage: true };
    if !ip.is_loopback() {
        return Err(usage(
            &format!(
                "--edit only listens on this machine, not on {ip}: anyone who reached the port could change the site"
            ),
            "leave out --bind (127.0.0.1 is the default), or use --bind 127.0.0.1 or ::1",
        ));
    }
    match crate::config::load_env(root, None, env) {
        Ok(config) if !config.outputs.cms => Err(usage(
            "--edit needs the editing forms, and site.yaml does not write them",
            "add `cms: true` under `outputs:` in site.yaml (see the README, \"Editing in the browser\")",
        )),
        // A broken site.yaml is shown as the error page, as without --edit.
        _ => Ok(()),
    }
}

/// The root as an absolute, canonical folder (event paths are reported under it).
fn site_root(root: &Path) -> Result<PathBuf, StartError> {
    match std::fs::canonicalize(root) {
        Ok(r) if r.is_dir() => Ok(r),
        _ => Err(StartError {
            diagnostic: Diagnostic::error(format!("the site folder {} does not exist", root.display()))
                .with_help("pass the folder that holds site.yaml with --root"),
            usage: true,
        }),
    }
}

/// The path the site is served under: that of `--base-url`, else of site.yaml's `base_url`,
/// else `/` (when site.yaml cannot be read yet: the error page says why).
fn base_path(root: &Path, base_url: Option<&str>, env: Option<&str>) -> String {
    if let Ok(config) = crate::config::load_env(root, base_url, env) {
        return config.base_path;
    }
    let path = base_url
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]))
        .unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.split('/').any(|s| s == ".." || s == ".") {
        return "/".to_string();
    }
    if path.ends_with('/') { path.to_string() } else { format!("{path}/") }
}

/// Serve's own output folder, with the staging folders beside it; removed on drop.
struct PrivateDir {
    path: PathBuf,
}

impl PrivateDir {
    /// Creates `ltc-hub-serve-PID-N` in `$TMPDIR` when it is set, else in `/dev/shm` when it
    /// has room (memory is much faster than a disk for a folder rewritten on every save),
    /// else in the system's temporary folder.
    fn create() -> Result<PrivateDir, StartError> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("ltc-hub-serve-{}-{nanos:08x}", std::process::id());
        let mut last = None;
        for parent in scratch_parents() {
            let path = parent.join(&name);
            match std::fs::create_dir_all(&path) {
                Ok(()) => {
                    let path = std::fs::canonicalize(&path).unwrap_or(path);
                    return Ok(PrivateDir { path });
                }
                Err(e) => last = Some(format!("cannot create the folder {}: {e}", path.display())),
            }
        }
        Err(machine(last.unwrap_or_else(|| "no temporary folder".to_string())))
    }
}

/// Where serve's private folder may go, best first.
fn scratch_parents() -> Vec<PathBuf> {
    let mut parents = Vec::new();
    #[cfg(target_os = "linux")]
    if std::env::var_os("TMPDIR").is_none() {
        const ROOM: u64 = 4 << 30;
        let shm = Path::new("/dev/shm");
        let free = rustix::fs::statvfs(shm).map_or(0, |s| s.f_bavail.saturating_mul(s.f_frsize));
        if shm.is_dir() && free >= ROOM {
            parents.push(shm.to_path_buf());
        }
    }
    parents.push(std::env::temp_dir());
    parents
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

fn machine(message: String) -> StartError {
    StartError { diagnostic: Diagnostic::error(message), usage: false }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Resolves when the thread has finished (polled: a std thread has no async join).
async fn wait_thread(handle: &std::thread::JoinHandle<()>) {
    while !handle.is_finished() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_falls_back_to_the_url_path() {
        let nowhere = Path::new("/nonexistent-ltc-hub-root");
        assert_eq!(base_path(nowhere, None, None), "/");
        assert_eq!(base_path(nowhere, Some("https://example.org/ltc/"), None), "/ltc/");
        assert_eq!(base_path(nowhere, Some("https://example.org/ltc"), None), "/ltc/");
        assert_eq!(base_path(nowhere, Some("https://example.org"), None), "/");
        assert_eq!(base_path(nowhere, Some("https://example.org/../x"), None), "/");
    }
}
