//! Writing the site. The only module that writes files. A build takes the output's lock
//! (`lock`), writes into a fresh sibling folder (`.NAME.building`) and swaps it into place only
//! when everything succeeded (`swap`), so a failed build leaves the previous output untouched
//! and stale files never survive; rebuilds write in place, all files first (`inplace`). Every
//! path is checked to be a plain relative path before it is joined to the output folder.

mod inject;
mod inplace;
pub(crate) mod lock;
mod swap;

pub use inplace::{InPlace, NotApplied, Write};
pub use lock::{Busy, Lock};
pub use swap::{Staging, Unfinished, repair};

pub use crate::fs_guard::{absolute, is_safe_relative};

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Refuses output folders that are, or contain, the root, content or themes, or that would
/// replace a folder ltc-hub did not write.
pub fn check_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let out = absolute(output);
    let root = absolute(root);
    let refuse = |what: &str| {
        Err(Diagnostic::error(format!("the output folder {} is, contains or lies inside {what}; building there would overwrite the site's own files", output.display()))
            .with_help("choose an output folder outside content/, themes/, templates/ and static/, e.g. --output public"))
    };
    if root.starts_with(&out) {
        return refuse("the site root");
    }
    for what in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(what)) {
            return refuse(&format!("{what}/"));
        }
    }
    if out.is_dir() {
        let non_empty = std::fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(false);
        if non_empty && !out.join("404.html").is_file() {
            return Err(Diagnostic::error(format!(
                "the output folder {} already holds files that ltc-hub did not write",
                output.display()
            ))
            .with_help("a build replaces the whole output folder; empty it, remove it, or choose another --output"));
        }
    } else if out.exists() {
        return Err(Diagnostic::error(format!("the output path {} is a file, not a folder", output.display()))
            .with_help("remove the file or choose another --output"));
    }
    Ok(())
}

/// `.NAME.SUFFIX` beside the output folder `output`: `building` (a build in progress),
/// `old` (the previous site during a swap), `lock` (the lock file).
pub fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    parent.join(format!(".{name}.{suffix}"))
}

/// Everything ltc-hub puts beside the output folder: `.NAME.building`, `.NAME.old`, `.NAME.lock`.
pub fn siblings(output: &Path) -> Vec<PathBuf> {
    ["building", "old", "lock"].into_iter().map(|s| sibling(output, s)).collect()
}

/// Takes the output's lock (see [`lock::acquire`]), then repairs a swap an earlier build left
/// half done (see [`repair`]): the lock, and warnings saying what was repaired.
pub fn claim(output: &Path, busy: &Busy) -> Result<(Lock, Vec<Diagnostic>), Diagnostic> {
    let lock = lock::acquire(output, busy)?;
    Ok((lock, repair(output)))
}

/// What became of the output folder when a build failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Nothing was written: the output folder was refused, or another build holds it.
    NotWritten,
    /// The previous output is exactly as it was.
    Kept,
    /// There was no previous output, and there still is none.
    Absent,
    /// A rebuild in place changed some files and could not put them back.
    Partial,
    /// The previous output was moved to this folder and could not be moved back; the next
    /// build puts it back.
    MovedAside(PathBuf),
}

impl State {
    /// `Kept` when the output folder exists; when it does not, `MovedAside` if `.NAME.old`
    /// holds the previous site (a repair failed), else `Absent`.
    pub fn of(output: &Path) -> State {
        let old = sibling(&absolute(output), "old");
        match std::fs::symlink_metadata(output) {
            Ok(_) => State::Kept,
            Err(_) if old.is_dir() => State::MovedAside(old),
            Err(_) => State::Absent,
        }
    }

    /// What happened to `output`, for the line after a failure's errors.
    pub fn describe(&self, output: &Path) -> String {
        let out = output.display();
        match self {
            State::NotWritten => "nothing was written".to_string(),
            State::Kept => format!("the previous output in {out} was left untouched"),
            State::Absent => format!("nothing was written (there was no previous output in {out})"),
            State::Partial => format!("{out} was partly updated; the next build rewrites it whole"),
            State::MovedAside(old) => {
                format!("the previous output is in {} and the next build puts it back into {out}", old.display())
            }
        }
    }
}

/// `dir/path`, for a `path` that is a plain relative path; anything else is refused.
fn safe_join(dir: &Path, path: &str) -> Result<PathBuf, Diagnostic> {
    if !is_safe_relative(path) {
        return Err(Diagnostic::error(format!(
            "refusing to write `{path}`: it is not a plain path inside the output folder"
        ))
        .with_help("this is a bug in ltc-hub or the theme; please report it"));
    }
    Ok(dir.join(path))
}

fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {path}: {e}"))
        .with_help("check free disk space and permissions of the output folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_sit_beside_the_output() {
        let want = ["/r/.public.building", "/r/.public.old", "/r/.public.lock"].map(PathBuf::from);
        assert_eq!(siblings(Path::new("/r/public")), want);
    }
}
