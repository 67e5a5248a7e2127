//! A build in progress and the swap that publishes it. A build writes into `.NAME.building`
//! beside the output folder; when every file is written, the two folders trade places:
//!
//! - on Linux with one `renameat2(RENAME_EXCHANGE)`, so the output path always holds a whole
//!   site, the old or the new one; the old one, now in `.NAME.building`, is then removed;
//! - elsewhere, or where the file system refuses the exchange (EINVAL), with two renames: the
//!   output to `.NAME.old`, then `.NAME.building` to the output, then `.NAME.old` is removed.
//!   Between the two renames there is no output folder; a build stopped there leaves the
//!   previous site whole in `.NAME.old`, and the next build puts it back ([`repair`]).
//!
//! `.NAME.building` may be half written, so it is never published by a repair; only
//! `.NAME.old` is, and only when the output folder is missing. Callers hold the output's lock.

use std::path::{Path, PathBuf};

use super::{State, inject, safe_join, sibling, write_error};
use crate::diagnostics::Diagnostic;

/// A build in progress: the temporary folder and where it goes when done.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
}

/// A swap that did not happen: why, and what became of the output folder.
pub struct Unfinished {
    pub diagnostic: Diagnostic,
    pub state: State,
}

impl Staging {
    /// Creates an empty `.NAME.building` beside the output folder (removing a leftover one).
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let target = super::absolute(output);
        let dir = sibling(&target, "building");
        let io = |e: std::io::Error, what: &Path| {
            Diagnostic::error(format!("cannot prepare {}: {e}", what.display()))
                .with_help("check that the output folder's parent exists and is writable")
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        }
        remove_tree(&dir).map_err(|e| {
            io(e, &dir).with_help(format!("{} is a leftover of an earlier build; remove it by hand", dir.display()))
        })?;
        std::fs::create_dir(&dir).map_err(|e| io(e, &dir))?;
        Ok(Staging { dir, target })
    }

    /// Writes `bytes` at the relative `path` inside the staging folder.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let full = self.join(path)?;
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| write_error(path, e))
    }

    /// Copies the file `src` to the relative `path` inside the staging folder.
    pub fn copy(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        let full = self.join(path)?;
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        std::fs::copy(src, &full).map(|_| ()).map_err(|e| write_error(path, e))
    }

    /// Puts the file `src` at the relative `path` inside the staging folder as a hard link to
    /// it, or a copy where the file system cannot link (another device). For files nothing
    /// writes to in place: the image cache's entries.
    pub fn link(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        let full = self.join(path)?;
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        std::fs::hard_link(src, &full)
            .or_else(|_| std::fs::copy(src, &full).map(|_| ()))
            .map_err(|e| write_error(path, e))
    }

    fn join(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        safe_join(&self.dir, path)
    }

    /// Puts the finished build in place of the previous output. On success the new site is
    /// published; the warnings say what could not be cleaned up (the previous copy, when it
    /// cannot be removed), which does not affect later builds.
    pub fn finish(self) -> Result<Vec<Diagnostic>, Unfinished> {
        let Staging { dir, target } = self;
        let failed = |e: std::io::Error, state: State| Unfinished {
            diagnostic: Diagnostic::error(format!("cannot move the new site into {}: {e}", target.display()))
                .with_help("check that nothing holds the output folder open and that its parent is writable"),
            state,
        };
        if std::fs::symlink_metadata(&target).is_err() {
            let result = std::fs::rename(&dir, &target).map_err(|e| failed(e, State::Absent));
            if result.is_err() {
                let _ = std::fs::remove_dir_all(&dir);
            }
            return result.map(|()| Vec::new());
        }
        #[cfg(target_os = "linux")]
        if !inject::no_exchange() {
            use rustix::fs::{CWD, RenameFlags, renameat_with};
            match renameat_with(CWD, &dir, CWD, &target, RenameFlags::EXCHANGE) {
                Ok(()) => {
                    inject::kill_between_renames();
                    return Ok(dispose(&dir, &target));
                }
                // Not supported by this file system or kernel: two renames instead.
                Err(e) if [rustix::io::Errno::INVAL, rustix::io::Errno::NOSYS].contains(&e) => {}
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&dir);
                    return Err(failed(e.into(), State::Kept));
                }
            }
        }
        let old = sibling(&target, "old");
        let give_up = |e: std::io::Error| {
            let _ = std::fs::remove_dir_all(&dir);
            failed(e, State::Kept)
        };
        remove_tree(&old).map_err(|e| {
            let mut u = give_up(e);
            u.diagnostic = u.diagnostic.with_help(format!(
                "{} is a leftover of an earlier build that cannot be removed; remove it by hand",
                old.display()
            ));
            u
        })?;
        std::fs::rename(&target, &old).map_err(give_up)?;
        inject::kill_between_renames();
        if let Err(e) = std::fs::rename(&dir, &target) {
            let state = match std::fs::rename(&old, &target) {
                Ok(()) => State::Kept,
                Err(_) => State::MovedAside(old.clone()),
            };
            let _ = std::fs::remove_dir_all(&dir);
            return Err(failed(e, state));
        }
        Ok(dispose(&old, &target))
    }

    /// Throws the unfinished build away.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes the previous site, swapped out to `dir`. If it cannot be removed it is left (in
/// `.NAME.old` when that is free, where the next build tries again) and a warning says so.
fn dispose(dir: &Path, target: &Path) -> Vec<Diagnostic> {
    let Err(e) = remove_tree(dir) else { return Vec::new() };
    let old = sibling(target, "old");
    let left = if dir != old && std::fs::symlink_metadata(&old).is_err() && std::fs::rename(dir, &old).is_ok() {
        old
    } else {
        dir.to_path_buf()
    };
    vec![
        Diagnostic::warning(format!(
            "the new site is in {}, but the previous copy, now in {}, could not be removed: {e}",
            target.display(),
            left.display()
        ))
        .with_help("remove it by hand; it is not published, and later builds work around it"),
    ]
}

/// Run under the lock before anything is built: a leftover `.NAME.building` is removed; if a
/// build was stopped between the two renames (no output folder, the previous site in
/// `.NAME.old`), the previous site is put back; a leftover `.NAME.old` beside a whole output is
/// removed. Warnings say what was done or could
/// not be done.
pub fn repair(output: &Path) -> Vec<Diagnostic> {
    let target = super::absolute(output);
    // A build in progress that never finished: never published, so simply removed (an error
    // is reported by `Staging::create` if it has to be).
    let _ = remove_tree(&sibling(&target, "building"));
    let old = sibling(&target, "old");
    if !old.is_dir() {
        return Vec::new();
    }
    if std::fs::symlink_metadata(&target).is_err() {
        return vec![match std::fs::rename(&old, &target) {
            Ok(()) => Diagnostic::warning(format!(
                "an earlier build was stopped while swapping folders: the previous output was put back from {} into {}",
                old.display(),
                target.display()
            )),
            Err(e) => Diagnostic::warning(format!(
                "an earlier build was stopped while swapping folders; the previous output, in {}, could not be put back into {}: {e}",
                old.display(),
                target.display()
            ))
            .with_help("move it there by hand"),
        }];
    }
    match remove_tree(&old) {
        Ok(()) => Vec::new(),
        Err(e) => vec![
            Diagnostic::warning(format!(
                "{}, a copy of the site left by an earlier build, could not be removed: {e}",
                old.display()
            ))
            .with_help("remove it by hand; it is not published, and builds work around it"),
        ],
    }
}

/// Removes the folder `dir` and everything in it; a missing folder is fine.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    if let Some(e) = inject::undeletable(dir) {
        return Err(e);
    }
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
