//! Writing into an existing output folder, for rebuilds in `serve` and `watch`. A rebuild's
//! changes are applied in two steps: every new file is first written beside its place
//! (`.NAME.ltc-hub-tmp`); only when all of them were written are they renamed over their
//! places (each rename is atomic, so a reader never sees half a file) and the files the site
//! no longer has removed. If any write fails (a full disk), the temporary files are removed
//! and the folder is as it was.

use std::path::{Path, PathBuf};

use super::{inject, safe_join, write_error};
use crate::diagnostics::Diagnostic;

/// One file to write: its bytes, or a file to copy.
pub enum Write {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// An output folder changed in place.
pub struct InPlace {
    pub dir: PathBuf,
}

/// Why changes were not applied, and whether the folder was changed all the same.
pub struct NotApplied {
    pub diagnostics: Vec<Diagnostic>,
    /// False when the folder is exactly as it was before.
    pub changed: bool,
}

impl InPlace {
    /// Writes `writes` (relative path, contents) and removes `removed`, all or nothing as far
    /// as writing goes: see the module's documentation.
    pub fn apply(&self, writes: &[(String, Write)], removed: &[String]) -> Result<(), NotApplied> {
        let staged = crate::par::map(writes, |(path, w)| self.stage(path, w));
        let (mut temps, mut diagnostics) = (Vec::with_capacity(staged.len()), Vec::new());
        for s in staged {
            match s {
                Ok(t) => temps.push(t),
                Err(d) => diagnostics.push(d),
            }
        }
        if !diagnostics.is_empty() {
            for (tmp, _, _) in &temps {
                self.discard(tmp);
            }
            return Err(NotApplied { diagnostics, changed: false });
        }
        let renamed = crate::par::map(&temps, |(tmp, full, path)| {
            std::fs::rename(tmp, full).map_err(|e| {
                self.discard(tmp);
                write_error(path, e)
            })
        });
        let mut changed = renamed.iter().any(Result::is_ok);
        diagnostics.extend(renamed.into_iter().filter_map(Result::err));
        if diagnostics.is_empty() {
            for path in removed {
                match self.remove(path) {
                    Ok(()) => changed = true,
                    Err(d) => diagnostics.push(d),
                }
            }
        }
        if diagnostics.is_empty() { Ok(()) } else { Err(NotApplied { diagnostics, changed }) }
    }

    /// Puts files back as they were: `(path, Some(bytes))` rewritten, `(path, None)` removed.
    pub fn restore(&self, previous: Vec<(String, Option<Vec<u8>>)>) -> Result<(), NotApplied> {
        let (mut back, mut gone) = (Vec::new(), Vec::new());
        for (path, bytes) in previous {
            match bytes {
                Some(b) => back.push((path, Write::Bytes(b))),
                None => gone.push(path),
            }
        }
        self.apply(&back, &gone)
    }

    /// Writes one file beside its place: (temporary file, its place, the relative path).
    fn stage(&self, path: &str, w: &Write) -> Result<(PathBuf, PathBuf, String), Diagnostic> {
        let full = safe_join(&self.dir, path)?;
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        let name = full.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = full.with_file_name(format!(".{name}.ltc-hub-tmp"));
        let written = match inject::write_fails() {
            Some(e) => Err(e),
            None => match w {
                Write::Bytes(b) => std::fs::write(&tmp, b),
                Write::Copy(src) => std::fs::copy(src, &tmp).map(|_| ()),
            },
        };
        match written {
            Ok(()) => Ok((tmp, full, path.to_string())),
            Err(e) => {
                self.discard(&tmp);
                Err(write_error(path, e))
            }
        }
    }

    /// Removes a temporary file and the folders it leaves empty.
    fn discard(&self, tmp: &Path) {
        let _ = std::fs::remove_file(tmp);
        self.prune(tmp);
    }

    /// Removes the now empty folders above `file`, up to the output folder.
    fn prune(&self, file: &Path) {
        let mut dir = file.parent().map(Path::to_path_buf);
        while let Some(d) = dir {
            if d == self.dir || std::fs::remove_dir(&d).is_err() {
                break;
            }
            dir = d.parent().map(Path::to_path_buf);
        }
    }

    /// Removes a file that the site no longer has, and the folders it leaves empty.
    fn remove(&self, path: &str) -> Result<(), Diagnostic> {
        let full = safe_join(&self.dir, path)?;
        match std::fs::remove_file(&full) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_error(path, e)),
        }
        self.prune(&full);
        Ok(())
    }
}
