//! Reading only the site's own files. Every folder a build reads by walking (`content/`,
//! `static/`, the theme's `static/` and `templates/`, the root's `templates/`) and every file it
//! reads by name (`site.yaml`, a page re-read by `serve`) goes through a [`Scope`]: a symbolic
//! link is followed only when its target lies inside the site's root, or inside a folder that
//! site.yaml's `allow_links_to` names, and never into a version-control folder (`.git` holds
//! the repository's settings, and in CI often its credentials). Any other link, and a link to
//! nothing, is an error naming the link and its target, decided from the paths alone: nothing
//! outside is opened, read or copied first.
//!
//! The walk also leaves out editor temporary files ([`is_editor_temp`]) and version-control
//! folders, which are never part of a site. A leaf module: it knows nothing of content, templates or output.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, printable};

/// Version-control folders: never watched, never published, never a link's target.
pub(crate) const VCS_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".jj"];

/// The deepest a walk goes below the folder it starts at; deeper folders are an error (1,500
/// nested folders overflowed the stack).
pub(crate) const MAX_DEPTH: usize = 128;

/// Where a build may read: the site's root and the folders allowed in site.yaml.
pub(crate) struct Scope {
    /// The root as given, for paths shown to the user.
    root: PathBuf,
    /// The root with every link resolved.
    real_root: PathBuf,
    /// The allowed folders, absolute, links resolved where they exist.
    allowed: Vec<PathBuf>,
}

/// What one walk found so far.
struct Walk {
    skip_hidden: bool,
    found: Vec<Found>,
    diags: Vec<Diagnostic>,
}

/// One file or folder found by [`Scope::walk`].
pub(crate) struct Found {
    pub path: PathBuf,
    /// The type of what the path leads to (links followed).
    pub file_type: std::fs::FileType,
}

impl Scope {
    /// The scope of the site at `root`, with the extra folders `allowed` (relative ones are
    /// taken from the root).
    pub(crate) fn new(root: &Path, allowed: &[PathBuf]) -> Scope {
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p));
        Scope {
            root: root.to_path_buf(),
            real_root: real(root),
            allowed: allowed.iter().map(|a| real(&root.join(a))).collect(),
        }
    }

    /// Checks `path` (under the root) and every folder on the way to it: an error when one of
    /// them is a link that leads outside the scope or to nothing, or when `path` is neither a
    /// file nor a folder. Paths that do not exist pass (whoever reads them reports that).
    pub(crate) fn check_path(&self, path: &Path) -> Result<(), Diagnostic> {
        let Ok(rel) = path.strip_prefix(&self.root) else { return Ok(()) };
        let mut cur = self.root.clone();
        for c in rel.components() {
            cur.push(c);
            match std::fs::symlink_metadata(&cur) {
                Ok(meta) if meta.file_type().is_symlink() => self.check_link(&cur)?,
                Ok(_) => {}
                Err(_) => return Ok(()),
            }
        }
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(self.special(path)),
            _ => Ok(()),
        }
    }

    /// The error for `path`, which is neither a file nor a folder: reading a named pipe waits
    /// forever, and a device may never end, so it is never opened.
    fn special(&self, path: &Path) -> Diagnostic {
        Diagnostic::error(
            "this is not a file or a folder but a named pipe, socket or device, which a build never reads",
        )
        .in_file(self.shown(path))
        .with_help("remove it, or move it out of the site's folder")
    }

    /// True when `path` exists and lies inside the scope once every link on the way is
    /// resolved (and `..` taken), outside version-control folders: for reads whose paths
    /// come from a file's text (Sass imports), which no walk vetted.
    pub(crate) fn may_read(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|real| self.contains(&real))
    }

    /// Every file and folder under `dir` (not `dir` itself), sorted by name, folders before
    /// their contents, following only the links [`Scope::check_path`] accepts (a link is
    /// checked before anything it points to is opened), without editor temporary files and
    /// version-control folders and, with `skip_hidden`, without names starting with `.`. A `dir`
    /// that does not exist is empty.
    pub(crate) fn walk(&self, dir: &Path, skip_hidden: bool) -> (Vec<Found>, Vec<Diagnostic>) {
        let mut walk = Walk { skip_hidden, found: Vec::new(), diags: Vec::new() };
        match self.check_path(dir) {
            Err(d) => walk.diags.push(d),
            Ok(()) if dir.is_dir() => {
                let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                self.walk_into(dir, &mut vec![real], &mut walk);
            }
            Ok(()) => {}
        }
        (walk.found, walk.diags)
    }

    /// Adds what folder `dir` holds to `walk`; `ancestors` are the resolved paths of `dir` and
    /// the folders above it, to find links that loop.
    fn walk_into(&self, dir: &Path, ancestors: &mut Vec<PathBuf>, walk: &mut Walk) {
        let entries = match std::fs::read_dir(dir).and_then(|rd| rd.collect::<std::io::Result<Vec<_>>>()) {
            Ok(entries) => entries,
            Err(e) => {
                walk.diags.push(
                    Diagnostic::error(format!("cannot read this folder: {e}"))
                        .in_file(self.shown(dir))
                        .with_help("check the folder's permissions, or remove it"),
                );
                return;
            }
        };
        let mut entries: Vec<(std::ffi::OsString, std::fs::DirEntry)> =
            entries.into_iter().map(|e| (e.file_name(), e)).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, entry) in entries {
            let name = name.to_string_lossy();
            let path = entry.path();
            let skipped = is_editor_temp(&name) || VCS_FOLDERS.contains(&name.as_ref());
            if skipped || (walk.skip_hidden && name.starts_with('.')) {
                continue;
            }
            let Some(parent) = ancestors.last() else { return };
            let real = parent.join(name.as_ref());
            // The type as the folder listing gives it: no call per file.
            let (file_type, real) = match entry.file_type() {
                Ok(t) if t.is_symlink() => match self.check_link(&path) {
                    Err(d) => {
                        walk.diags.push(d);
                        continue;
                    }
                    // The target is inside the scope: it may be looked at.
                    Ok(()) => match (std::fs::metadata(&path), std::fs::canonicalize(&path)) {
                        (Ok(meta), Ok(real)) => (meta.file_type(), real),
                        _ => continue,
                    },
                },
                Ok(t) => (t, real),
                Err(_) => continue, // removed meanwhile
            };
            if !file_type.is_file() && !file_type.is_dir() {
                walk.diags.push(self.special(&path));
                continue;
            }
            if file_type.is_dir() && ancestors.contains(&real) {
                walk.diags.push(
                    Diagnostic::error("a symbolic link here points back to a folder that contains it")
                        .in_file(self.shown(&path))
                        .with_help("remove the link or point it somewhere outside its own folder"),
                );
                continue;
            }
            if file_type.is_dir() && ancestors.len() > MAX_DEPTH {
                walk.diags.push(
                    Diagnostic::error(format!("this folder is nested more than {MAX_DEPTH} folders deep"))
                        .in_file(self.shown(&path))
                        .with_help("a site needs only a few levels of folders: move what it holds up"),
                );
                continue;
            }
            walk.found.push(Found { path: path.clone(), file_type });
            if file_type.is_dir() {
                ancestors.push(real);
                self.walk_into(&path, ancestors, walk);
                ancestors.pop();
            }
        }
    }

    /// The resolved path `real` relative to the root and to each allowed folder it lies in.
    fn places<'a>(&'a self, real: &'a Path) -> impl Iterator<Item = &'a Path> {
        std::iter::once(&self.real_root).chain(&self.allowed).filter_map(move |base| real.strip_prefix(base).ok())
    }

    /// True when the resolved path `real` may be read: it lies in the root or an allowed folder,
    /// and not in a version-control folder inside it (an allowed `..` holds the site's `.git`).
    fn contains(&self, real: &Path) -> bool {
        self.places(real).any(|rel| !in_vcs(rel))
    }

    /// `link` is a symbolic link: fine when its target resolves inside the scope.
    fn check_link(&self, link: &Path) -> Result<(), Diagnostic> {
        // The target goes on a line of its own, so that a long path is never broken.
        let refuse = |why: String, help: &str| Err(Diagnostic::error(why).in_file(self.shown(link)).with_help(help));
        let written = std::fs::read_link(link).map_or_else(|_| "?".to_string(), |t| printable(&t.to_string_lossy()));
        match std::fs::canonicalize(link) {
            Ok(real) if self.contains(&real) => Ok(()),
            Ok(real) if self.places(&real).next().is_some() => refuse(
                format!(
                    "this symbolic link points into a version-control folder:\n{}",
                    printable(&real.to_string_lossy())
                ),
                "a build never publishes the repository's own files (they can hold credentials); remove the link",
            ),
            Ok(real) => refuse(
                format!("this symbolic link points outside the site, to\n{}", printable(&real.to_string_lossy())),
                "a build reads only files inside the site's folder: replace the link by a copy of what it points to, \
                 or, if that folder is meant to be shared, add it to `allow_links_to` in site.yaml",
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => refuse(
                format!("this symbolic link points to something that does not exist:\n{written}"),
                "remove the link, or create what it points to",
            ),
            Err(e) => refuse(
                format!("cannot follow this symbolic link ({e}):\n{written}"),
                "remove the link, or make it point to a file inside the site",
            ),
        }
    }

    /// `path` relative to the root, for messages.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// True when a relative path lies inside a version-control folder.
fn in_vcs(rel: &Path) -> bool {
    rel.components().any(|c| matches!(c, Component::Normal(n) if n.to_str().is_some_and(|n| VCS_FOLDERS.contains(&n))))
}

/// True for the file names editors write next to the file being saved and then delete.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // vim: `.name.swp`, then `.swo`, `.swn`… down to `.swa`; `.swx` and `.swpx` probes; `name~`
    // backups; `4913` (and 4913 + 123·k) to test that the folder is writable.
    let vim_swap = name.starts_with('.')
        && (lower.ends_with(".swx")
            || lower.ends_with(".swpx")
            || matches!(lower.as_bytes(), [.., b'.', b's', b'w', c] if (b'a'..=b'p').contains(c)));
    let vim_probe = name.parse::<u32>().is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0);
    vim_swap
        || name.ends_with('~')
        || vim_probe
        // emacs: lock files are `.#name` (dangling symlinks), auto-saves `#name#`.
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        // JetBrains safe write.
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        // Kate, Helix, gedit.
        || lower.ends_with(".kate-swp")
        || lower.ends_with(".bck")
        || name.starts_with(".goutputstream-")
        // `x.tmp`, and `x.tmp.1234` (editors and tools that add their process id).
        || lower.ends_with(".tmp")
        || lower.rsplit_once(".tmp.").is_some_and(|(_, tail)| !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_alphanumeric()))
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
    fn names_that_only_look_like_temp_files_are_kept() {
        for name in
            ["4914", "2024", "movie.swf", "swap.md", "hello.md", "#hashtag.md", "tmp.md", "notes.tmpl", "backup.md"]
        {
            assert!(!is_editor_temp(name), "{name} is a real file");
        }
    }

    #[test]
    fn version_control_folders_are_found_anywhere() {
        assert!(in_vcs(Path::new(".git/config")));
        assert!(in_vcs(Path::new("themes/hub/.git/HEAD")));
        assert!(!in_vcs(Path::new("static/git/config")));
    }

    #[test]
    fn only_plain_relative_paths_are_safe() {
        assert!(is_safe_relative("a/b/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a//b"));
        assert!(!is_safe_relative("a\\..\\b"));
    }
}
