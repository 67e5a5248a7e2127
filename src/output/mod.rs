//! Writing the site. The only module that writes files. A build writes into a fresh sibling
//! folder (`.NAME.building`) and swaps it into place only when everything succeeded, so a failed
//! build leaves the previous output untouched and stale files never survive. Every path is
//! checked to be a plain relative path before it is joined to the output folder.

pub mod calendar;
pub mod feeds;
pub mod resources;
pub mod search;
pub mod sitemap;

use std::path::{Component, Path, PathBuf};

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

/// `path` made absolute and lexically normalized (without touching the disk).
pub fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    // Resolve symbolic links in the part that exists, so comparisons see real locations.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut real = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.iter().rev() {
        real.push(name);
    }
    real
}

/// A build in progress: the temporary folder and where it goes when done.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Creates an empty `.NAME.building` beside the output folder.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(output);
        let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let dir = parent.join(format!(".{name}.building"));
        let io = |e: std::io::Error, what: &Path| {
            Diagnostic::error(format!("cannot prepare {}: {e}", what.display()))
                .with_help("check that the output folder's parent exists and is writable")
        };
        std::fs::create_dir_all(&parent).map_err(|e| io(e, &parent))?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io(e, &dir))?;
        }
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

    fn join(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        safe_join(&self.dir, path)
    }

    /// Moves the finished build into place, replacing the previous output.
    pub fn finish(self) -> Result<(), Diagnostic> {
        let old = self.dir.with_file_name(format!(
            ".{}.old",
            self.target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
        ));
        let io = |e: std::io::Error| {
            Diagnostic::error(format!("cannot move the new site into {}: {e}", self.target.display()))
                .with_help("check that nothing holds the output folder open")
        };
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io)?;
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &old).map_err(io)?;
        }
        std::fs::rename(&self.dir, &self.target).map_err(io)?;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io)?;
        }
        Ok(())
    }

    /// Throws the unfinished build away.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writing into an existing output folder one file at a time, for rebuilds in `serve` and
/// `watch`: each file is written beside its place and renamed over it, so a reader never sees
/// half a file.
pub struct InPlace {
    pub dir: PathBuf,
}

impl InPlace {
    fn join(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        safe_join(&self.dir, path)
    }

    fn replace(&self, path: &str, fill: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<(), Diagnostic> {
        let full = self.join(path)?;
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        let name = full.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = full.with_file_name(format!(".{name}.ltc-hub-tmp"));
        fill(&tmp).and_then(|()| std::fs::rename(&tmp, &full)).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            write_error(path, e)
        })
    }

    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.replace(path, |tmp| std::fs::write(tmp, bytes))
    }

    pub fn copy(&self, path: &str, src: &Path) -> Result<(), Diagnostic> {
        self.replace(path, |tmp| std::fs::copy(src, tmp).map(|_| ()))
    }

    /// Removes a file that the site no longer has, and the folders it leaves empty.
    pub fn remove(&self, path: &str) -> Result<(), Diagnostic> {
        let full = self.join(path)?;
        match std::fs::remove_file(&full) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_error(path, e)),
        }
        let mut dir = full.parent().map(Path::to_path_buf);
        while let Some(d) = dir {
            if d == self.dir || std::fs::remove_dir(&d).is_err() {
                break;
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        Ok(())
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

/// True for `a/b/c.html`: no root, no `..`, no `.`, no empty segments, no backslashes.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0', ':'])
        && path.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        assert!(is_safe_relative("a/b/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a//b"));
        assert!(!is_safe_relative("a\\..\\b"));
    }
}
