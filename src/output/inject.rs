//! Faults injected for tests, from the environment variable `LTC_HUB_INJECT` (a comma-separated
//! list, e.g. `no-exchange,kill-between-renames`). Only debug builds read it: in a release
//! build every check below is a constant, so nothing can fire by accident. ARCHITECTURE.md lists
//! the points.

use std::path::Path;

/// The value of `name` in `LTC_HUB_INJECT` (`""` for a bare name), if it is listed.
#[cfg(debug_assertions)]
fn value(name: &str) -> Option<String> {
    let all = std::env::var("LTC_HUB_INJECT").ok()?;
    all.split(',').find_map(|item| {
        let (key, value) = item.split_once('=').unwrap_or((item, ""));
        (key.trim() == name).then(|| value.trim().to_string())
    })
}

#[cfg(not(debug_assertions))]
fn value(_name: &str) -> Option<String> {
    None
}

/// `no-exchange`: behave as if the file system did not support `RENAME_EXCHANGE`.
pub(super) fn no_exchange() -> bool {
    value("no-exchange").is_some()
}

/// `kill-between-renames`: stop the process dead at this point of the swap, as `kill -9` would
/// (no destructor runs, nothing is cleaned up).
pub(super) fn kill_between_renames() {
    if value("kill-between-renames").is_some() {
        eprintln!("(injected fault: killed between the renames)");
        std::process::exit(137);
    }
}

/// `hold-lock-ms=N`: once the output's lock is taken, hold it N milliseconds before going on.
pub(super) fn hold_lock() {
    if let Some(ms) = value("hold-lock-ms").and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// `undeletable=NAME`: a folder holding a file NAME cannot be removed (as with an immutable file).
pub(super) fn undeletable(dir: &Path) -> Option<std::io::Error> {
    let name = value("undeletable")?;
    dir.join(name)
        .exists()
        .then(|| std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Operation not permitted (injected fault)"))
}

/// `fail-write=N`: the N-th file written in place (counting from 1, in this process) fails, as on a
/// full disk; the others succeed.
pub(super) fn write_fails() -> Option<std::io::Error> {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n: usize = value("fail-write")?.parse().ok()?;
    let this = COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    (this == n)
        .then(|| std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (injected fault)"))
}
