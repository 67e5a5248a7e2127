//! One writer per output folder: an exclusive lock on `.NAME.lock` beside it (never inside, so
//! it is not published). The file holds the pid of the process that holds the lock, for the
//! message of whoever has to wait. The lock is the operating system's (`flock` on Unix, through
//! `std::fs::File::lock`), so it is released when the process ends, however it ends.
//!
//! On Unix the holder removes the file before it lets go, so nothing is left beside the output.
//! Whoever then gets the lock checks that its file is still the one at that path (same device
//! and inode) and starts again if not; so two processes never both think they hold it. A
//! process killed while holding it leaves the file; the next one simply takes it.

use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// What to do when another process holds the lock.
pub enum Busy<'a> {
    /// Wait for it, after calling this with a message saying whom we wait for.
    Wait(&'a (dyn Fn(&str) + Sync)),
    /// Fail at once; the diagnostic's help is this text.
    Fail(&'a str),
}

/// The lock on one output folder, held until dropped.
#[derive(Debug)]
pub struct Lock {
    file: Option<File>,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, then released by closing the file.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

/// Takes the lock of the output folder `output` (its parent is created if needed). The lock
/// file lies beside the folder the output path resolves to, as `.NAME.building` does: a link
/// to the output folder names the same output, so it must take the same lock.
pub(crate) fn acquire(output: &Path, busy: &Busy) -> Result<Lock, Diagnostic> {
    let path = super::sibling(&super::absolute(output), "lock");
    // Shown as given when that is the same file (`./.public.lock`).
    let given = super::sibling(output, "lock");
    let shown = if super::absolute(&given) == path { given } else { path.clone() };
    let io = |e: std::io::Error| {
        Diagnostic::error(format!("cannot lock the output folder with {}: {e}", shown.display()))
            .with_help("check that the output folder's parent exists and is writable")
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut told = false;
    let mut file = loop {
        let file =
            std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::Error(e)) => return Err(io(e)),
            Err(TryLockError::WouldBlock) => {
                let holder = holder(&path);
                match busy {
                    Busy::Fail(help) => {
                        return Err(Diagnostic::error(format!(
                            "{holder} is writing to {}: it holds {}",
                            output.display(),
                            shown.display()
                        ))
                        .with_help(*help));
                    }
                    Busy::Wait(tell) => {
                        if !std::mem::replace(&mut told, true) {
                            tell(&format!(
                                "Waiting for {holder} to finish writing {} (it holds {})…",
                                output.display(),
                                shown.display()
                            ));
                        }
                        file.lock().map_err(io)?;
                    }
                }
            }
        }
        if still_there(&file, &path) {
            break file;
        }
    };
    // The pid is written over the previous one, then the rest cut off: the file is never empty.
    let pid = format!("{}\n", std::process::id());
    file.write_all(pid.as_bytes()).and_then(|()| file.set_len(pid.len() as u64)).map_err(io)?;
    super::inject::hold_lock();
    Ok(Lock { file: Some(file), path })
}

/// True when `path` is still the file `file` (the holder before us did not remove it).
#[cfg(unix)]
fn still_there(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_there(_file: &File, _path: &Path) -> bool {
    true
}

/// "another ltc-hub (process 1234)", from the lock file.
fn holder(path: &Path) -> String {
    match std::fs::read_to_string(path).ok().and_then(|t| t.trim().parse::<u32>().ok()) {
        Some(pid) => format!("another ltc-hub (process {pid})"),
        None => "another ltc-hub process".to_string(),
    }
}
