//! Sass: every `sass/**/*.scss` or `.sass` file whose name does not start with `_` (those are
//! partials, only imported) compiles with grass to the CSS file at the same place under the
//! output (`sass/site/main.scss` -> `site/main.css`). Files are read through [`Recording`],
//! which refuses paths outside the site (as every other read does, `fs_guard`) and remembers
//! what each compilation read, so a change to a partial recompiles what imports it. A Sass
//! error is a diagnostic at its file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostics::Diagnostic;
use crate::fs_guard::Scope;

/// One compiled Sass file.
pub(crate) struct Compiled {
    pub css: String,
    /// Every file read to make it, the entry first, then in the order they were read.
    pub reads: Vec<PathBuf>,
}

/// The Sass entry files of `dirs` (a theme's `sass/`, then the root's), by output path: a
/// later folder's file wins over an earlier one's of the same output path.
pub(crate) fn entries(scope: &Scope, dirs: &[PathBuf], diags: &mut Vec<Diagnostic>) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for dir in dirs {
        let (found, mut walk_diags) = scope.walk(dir, false);
        diags.append(&mut walk_diags);
        for entry in found.into_iter().filter(|e| e.file_type.is_file()) {
            let Ok(rel) = entry.path.strip_prefix(dir) else { continue };
            let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            let Some(stem) = name.strip_suffix(".scss").or_else(|| name.strip_suffix(".sass")) else { continue };
            if stem.starts_with('_') || stem.is_empty() {
                continue;
            }
            let parent = rel.parent().map(|p| p.components().map(|c| c.as_os_str().to_string_lossy() + "/").collect());
            let output = format!("{}{stem}.css", parent.unwrap_or_else(String::new));
            out.insert(output, entry.path);
        }
    }
    out
}

/// Compiles the Sass file `entry` (in `sass_dir`); errors name the file, line and column.
pub(crate) fn compile(root: &Path, scope: &Scope, sass_dir: &Path, entry: &Path) -> Result<Compiled, Diagnostic> {
    let fs = Recording { scope, read: Mutex::default() };
    let options = grass::Options::default()
        .fs(&fs)
        .logger(&grass::NullLogger)
        .quiet(true)
        .load_path(sass_dir)
        .style(grass::OutputStyle::Expanded);
    let result = grass::from_path(entry, &options);
    let read = fs.read.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    match result {
        Ok(css) => Ok(Compiled { css, reads: read.into_iter().map(|(p, _)| p).collect() }),
        Err(e) => Err(error(root, entry, &read, *e)),
    }
}

/// A grass error as a diagnostic: at its place when grass gives one, else on the entry file.
fn error(root: &Path, entry: &Path, read: &[(PathBuf, Arc<str>)], e: grass::Error) -> Diagnostic {
    let help = "fix the Sass at the marked place (partials, `_NAME.scss`, are compiled where they are imported)";
    let shown = |p: &Path| crate::content::shown(root, p);
    match e.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let file = PathBuf::from(loc.file.name());
            let d = Diagnostic::error(format!("Sass error: {message}")).with_help(help).with_code("sass");
            match read.iter().find(|(p, _)| *p == file) {
                Some((path, text)) => {
                    let start = crate::diagnostics::offset_of(text, loc.begin.line + 1, loc.begin.column + 1);
                    let end = crate::diagnostics::offset_of(text, loc.end.line + 1, loc.end.column + 1).max(start);
                    d.in_file(shown(path)).at(text, start..end).with_label(message)
                }
                None => d.in_file(shown(entry)),
            }
        }
        grass::ErrorKind::IoError(io) => Diagnostic::error(format!("Sass error: cannot read a file: {io}"))
            .in_file(shown(entry))
            .with_help("check the paths of its `@use` and `@import` rules; files outside the site are never read")
            .with_code("sass"),
        grass::ErrorKind::FromUtf8Error(s) => Diagnostic::error(format!("Sass error: {s}"))
            .in_file(shown(entry))
            .with_help("save the Sass files as UTF-8 text")
            .with_code("sass"),
        _ => Diagnostic::error("Sass error").in_file(shown(entry)).with_code("sass"),
    }
}

/// grass's file system: the real one, but only inside the site, remembering each file read.
struct Recording<'a> {
    scope: &'a Scope,
    read: Mutex<Vec<(PathBuf, Arc<str>)>>,
}

impl std::fmt::Debug for Recording<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recording")
    }
}

impl Recording<'_> {
    fn inside(&self, path: &Path) -> bool {
        self.scope.may_read(path) && self.scope.check_path(path).is_ok()
    }
}

impl grass::Fs for Recording<'_> {
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir() && self.inside(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file() && self.inside(path)
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if !self.inside(path) {
            let message = format!("{} is outside the site", path.display());
            return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, message));
        }
        let bytes = std::fs::read(path)?;
        let text: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
        self.read.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((path.to_path_buf(), text));
        Ok(bytes)
    }
}
