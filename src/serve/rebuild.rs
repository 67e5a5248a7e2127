//! The one place where a batch of changed paths becomes a new site: an incremental
//! [`crate::pipeline::session::Session`] that re-reads, re-renders and rewrites only what changed
//! (the first rebuild writes a fresh folder and swaps it in whole).

use std::path::{Path, PathBuf};

use crate::pipeline::{BuildOptions, Failure, Report};

/// Rebuilds one site, with the options it was started with.
pub(crate) struct Rebuilder {
    session: crate::pipeline::session::Session,
}

impl Rebuilder {
    pub(crate) fn new(opts: BuildOptions) -> Rebuilder {
        Rebuilder { session: crate::pipeline::session::Session::new(opts) }
    }

    /// What stops this rebuilder's writes for good (see `pipeline::Cancel`).
    pub(crate) fn canceller(&self) -> std::sync::Arc<crate::pipeline::Cancel> {
        self.session.canceller()
    }

    /// Brings the output up to date after `changed` (absolute paths; the root itself means
    /// "anything may have changed"; empty for the first build). On failure the previous output
    /// is left as it was.
    /// When only page bodies changed, `early` is called once those pages are written, with the
    /// outputs still to come.
    pub(crate) fn rebuild(
        &mut self,
        changed: &[PathBuf],
        early: &mut (dyn FnMut(&crate::pipeline::session::Early) + Send),
    ) -> Result<Report, Failure> {
        // A change of the root itself means the watcher lost track: anything may have changed.
        if changed.iter().any(|p| p == &self.session.options().root) {
            return self.session.rebuild_changed(&[], early);
        }
        self.session.rebuild_changed(changed, early)
    }
}

/// True when every changed path is a stylesheet, so open pages can swap their CSS instead of
/// reloading.
pub(crate) fn only_stylesheets(changed: &[PathBuf]) -> bool {
    !changed.is_empty() && changed.iter().all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
}

/// What changed, for the terminal: `content/a.md`, or `content/a.md and 3 more`.
pub fn describe(changed: &[PathBuf], root: &Path) -> String {
    let show = |p: &PathBuf| match p.strip_prefix(root) {
        Ok(rel) if rel.as_os_str().is_empty() => "the site folder".to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => p.display().to_string(),
    };
    match changed {
        [] => "nothing".to_string(),
        [one] => show(one),
        [first, rest @ ..] => format!("{} and {} more", show(first), rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_css_changes_are_stylesheet_only() {
        let css = PathBuf::from("/r/themes/hub/static/style.css");
        let md = PathBuf::from("/r/content/a.md");
        assert!(only_stylesheets(std::slice::from_ref(&css)));
        assert!(!only_stylesheets(&[css, md]));
        assert!(!only_stylesheets(&[]));
    }

    #[test]
    fn changes_are_described_relative_to_the_root() {
        let root = Path::new("/r");
        let a = PathBuf::from("/r/content/a.md");
        assert_eq!(describe(std::slice::from_ref(&a), root), "content/a.md");
        assert_eq!(describe(&[a.clone(), a.clone(), a], root), "content/a.md and 2 more");
        assert_eq!(describe(&[PathBuf::from("/r")], root), "the site folder");
    }
}
