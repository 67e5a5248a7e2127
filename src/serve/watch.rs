//! Watching the site root for changes. The root folder is watched recursively (folders, never
//! single files: an editor that saves by renaming replaces the file's inode), events are
//! debounced by notify-debouncer-full (which pairs renames and drops duplicates), and what is
//! left is reduced to one set of changed paths per burst of activity. Paths that cannot affect
//! the site — the output folder, `.git`, `target/`, editor swap, backup and lock files — never
//! start a rebuild; [`is_ignored`] holds every such rule (the editor files' names are
//! `fs_guard::is_editor_temp`, which the build's walks also leave out).
//!
//! A burst is over once it has been quiet for a while: a single save after 10 ms, a burst of
//! many files or one that deletes a file or adds or removes a folder after up to a second, and never while a git
//! command holds a lock in the root's repository (see [`super::burst`]).
//!
//! This module decides *when* to rebuild and *which paths* changed; it never builds.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, CreateKind, EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::WatchTrouble;
use super::burst::{self, GitLocks};
use crate::diagnostics::Diagnostic;
use crate::fs_guard::{VCS_FOLDERS, is_editor_temp};

/// How long a path must be quiet before its events are delivered.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How long before a burst's first event was delivered git may have started writing files.
const GIT_MARGIN: Duration = Duration::from_millis(500);
/// How often a waiting watcher checks whether it was asked to stop.
const POLL: Duration = Duration::from_millis(100);

/// Top-level folders of the root that never hold site sources.
const IGNORED_TOP: &[&str] = &["target", "node_modules", ".ltc-hub"];

/// True when a change at `rel` (relative to the site root) cannot change the site, so it must
/// not start a rebuild. `excluded` are folders relative to the root that the generator writes
/// (the output folder and its `.NAME.building` / `.NAME.old` siblings).
///
/// Ignored: anything inside `excluded`, `.git` (and `.hg`, `.svn`, `.jj`) anywhere, the root's
/// `target/`, `node_modules/` and `.ltc-hub/`, and editor temporary files: vim swap files
/// (`.swp`, `.swx`, `.swo`…), backups (`name~`) and its `4913` write test, emacs lock (`.#name`)
/// and auto-save (`#name#`) files, JetBrains `___jb_tmp___` / `___jb_old___`, Kate `.kate-swp`,
/// Helix `.bck`, gedit `.goutputstream-*`, and `*.tmp` / `*.tmp.NNN`.
pub(crate) fn is_ignored(rel: &Path, excluded: &[PathBuf]) -> bool {
    if excluded.iter().any(|ex| !ex.as_os_str().is_empty() && rel.starts_with(ex)) {
        return true;
    }
    let names: Vec<&str> =
        rel.components().filter_map(|c| if let Component::Normal(n) = c { n.to_str() } else { None }).collect();
    if names.first().is_some_and(|top| IGNORED_TOP.contains(top)) {
        return true;
    }
    if names.iter().any(|n| VCS_FOLDERS.contains(n)) {
        return true;
    }
    names.last().is_some_and(|name| is_editor_temp(name))
}

/// The root, watched folder by folder; yields one set of changed paths per burst of changes.
///
/// The root itself is watched without its subfolders, and each top-level folder that is not
/// ignored recursively, so that `target/`, `.git` or an output folder inside the root are never
/// walked or watched. A top-level folder created or moved in later is added when it appears;
/// folders deeper down are added by notify itself.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    excluded: Vec<PathBuf>,
    /// Top-level folders watched recursively.
    watched: BTreeSet<PathBuf>,
    git: GitLocks,
    /// Trouble since the last [`Watcher::take_trouble`], for the binary to show.
    trouble: Vec<WatchTrouble>,
}

/// The changes of one burst so far.
#[derive(Default)]
struct Burst {
    changed: BTreeSet<PathBuf>,
    /// A file was deleted, or a folder created, removed or renamed.
    structural: bool,
    /// git was seen at work: a lock file, or its index written during the burst.
    git: bool,
    /// A little before the first event of the burst happened.
    started: Option<SystemTime>,
}

impl Watcher {
    /// Starts watching `root` (an absolute, canonical path). `excluded` are folders the
    /// generator writes; those inside the root are ignored.
    pub(crate) fn start(root: &Path, excluded: &[PathBuf]) -> Result<Watcher, Diagnostic> {
        let (tx, events) = std::sync::mpsc::channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(|e| watch_error(root, &e))?;
        debouncer.watch(root, RecursiveMode::NonRecursive).map_err(|e| watch_error(root, &e))?;
        let excluded = excluded.iter().filter_map(|ex| ex.strip_prefix(root).ok().map(Path::to_path_buf)).collect();
        let git = GitLocks::find(root);
        let mut watcher = Watcher {
            debouncer,
            events,
            root: root.to_path_buf(),
            excluded,
            watched: BTreeSet::new(),
            git,
            trouble: Vec::new(),
        };
        let entries = std::fs::read_dir(root).map_err(|e| watch_error(root, &e))?;
        let mut top: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        top.sort();
        for dir in top {
            watcher.watch_top(&dir).map_err(|e| watch_error(&dir, &e))?;
        }
        Ok(watcher)
    }

    /// Watches a top-level folder recursively, unless it is ignored, not a folder, or watched.
    fn watch_top(&mut self, path: &Path) -> Result<(), notify_debouncer_full::notify::Error> {
        if self.watched.contains(path) || !path.is_dir() || !self.relevant(path) {
            return Ok(());
        }
        self.debouncer.watch(path, RecursiveMode::Recursive)?;
        self.watched.insert(path.to_path_buf());
        Ok(())
    }

    /// Waits for the next burst of relevant changes and returns the changed paths (absolute,
    /// sorted, each once), or `None` once `stop` is set. Bursts that touch only ignored paths
    /// are swallowed. A lost event queue (the OS dropped events) is reported as a change of the
    /// root itself, which means "anything may have changed".
    ///
    /// The burst ends once no relevant event came for [`burst::quiet_for`] its size, and no git
    /// lock is held in the root's repository.
    pub(crate) fn next_batch(&mut self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut burst = Burst::default();
        let mut last = Instant::now();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let quiet = burst::quiet_for(burst.changed.len(), burst.structural, burst.git);
            let wait = if burst.changed.is_empty() { POLL } else { quiet.saturating_sub(last.elapsed()) };
            match self.events.recv_timeout(wait) {
                Ok(result) => {
                    if self.collect(result, &mut burst) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            // (Checked after events too: a stream of ignored events must not hold a burst open.)
            let quiet = burst::quiet_for(burst.changed.len(), burst.structural, burst.git);
            if burst.changed.is_empty() || last.elapsed() < quiet {
                continue;
            }
            let git_ended = || burst.started.is_some_and(|t| self.git.index_written_since(t));
            if self.git.held().is_none() && (burst.git || !git_ended()) {
                return Some(burst.changed.into_iter().collect());
            }
            // git is writing the working tree, or has just finished: look again a quiet period
            // later; the burst ends a quiet period after git is done.
            burst.git = true;
            last = Instant::now();
        }
    }

    /// Adds the relevant paths of `result` to `burst`; true when there was any.
    fn collect(&mut self, result: DebounceEventResult, burst: &mut Burst) -> bool {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                // Typically "too many files watched" or a lost queue: rebuild everything, and
                // say why.
                for e in errors {
                    self.trouble.push(WatchTrouble::Failed { root: self.root.clone(), error: e.to_string() });
                }
                burst.changed.insert(self.root.clone());
                return true;
            }
        };
        let mut any = false;
        // Top-level entries that changed, and whether one may be a new folder under an old name.
        let mut top = std::collections::BTreeMap::new();
        for event in &events {
            if event.need_rescan() {
                burst.changed.insert(self.root.clone());
                any = true;
            }
            if !changes_files(&event.kind) {
                continue;
            }
            for path in &event.paths {
                if !self.relevant(path) {
                    continue;
                }
                any = true;
                burst
                    .started
                    .get_or_insert_with(|| SystemTime::now().checked_sub(GIT_MARGIN).unwrap_or(SystemTime::UNIX_EPOCH));
                burst.structural |= is_structural(&event.kind, path);
                burst.changed.insert(path.clone());
                if path.parent() == Some(self.root.as_path()) {
                    let replaced = matches!(
                        event.kind,
                        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                    );
                    *top.entry(path.clone()).or_insert(false) |= replaced;
                }
            }
        }
        for (path, replaced) in top {
            self.top_level_changed(&path, replaced);
        }
        any
    }

    /// A top-level entry appeared, vanished or was renamed: keep the recursive watches right.
    /// `replaced` when it was created, removed or renamed: a folder moved away or deleted and
    /// created anew under the same name (`mv content content.x; cp -r content.x content`,
    /// `rm -rf content && git checkout -- content`) needs a new watch, since notify dropped the
    /// old one when the folder went.
    fn top_level_changed(&mut self, path: &Path, replaced: bool) {
        if replaced && self.watched.remove(path) {
            let _ = self.debouncer.unwatch(path);
        }
        if path.is_dir() {
            if let Err(e) = self.watch_top(path) {
                self.trouble.push(WatchTrouble::CannotWatch { folder: path.to_path_buf(), error: e.to_string() });
            }
        } else if self.watched.remove(path) {
            let _ = self.debouncer.unwatch(path);
        }
    }

    /// What went wrong since the last call: lost events, folders that cannot be watched.
    pub(crate) fn take_trouble(&mut self) -> Vec<WatchTrouble> {
        std::mem::take(&mut self.trouble)
    }

    fn relevant(&self, path: &Path) -> bool {
        match path.strip_prefix(&self.root) {
            Ok(rel) => !is_ignored(rel, &self.excluded),
            Err(_) => false,
        }
    }
}

/// False for events that only say a file was read (the build itself opens every source) or
/// its access time changed.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// True when the event deleted a file, or created, removed or renamed a folder: a delete, copy
/// or move of a whole tree may be under way, so the burst may go on for a while. (Saves write
/// files in place or rename a new file over the old one; neither is structural.)
fn is_structural(kind: &EventKind, path: &Path) -> bool {
    match kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Name(_)) => path.is_dir(),
        _ => false,
    }
}

fn watch_error(root: &Path, e: &impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("cannot watch {} for changes: {e}", root.display())).with_help(
        "on Linux, raise the inotify limits (sysctl fs.inotify.max_user_watches and max_user_instances), or use `build`",
    )
}

#[cfg(test)]
mod tests {
    use notify_debouncer_full::notify::event::RenameMode;

    use super::*;

    fn ignored(rel: &str) -> bool {
        is_ignored(Path::new(rel), &[PathBuf::from("public"), PathBuf::from(".public.building")])
    }

    #[test]
    fn site_sources_are_watched() {
        for rel in [
            "site.yaml",
            "content/blog/hello.md",
            "content/blog/new-folder",
            "content/2024/index.md",
            "content/2024",
            "themes/hub/static/style.css",
            "themes/hub/templates/page.html",
            "static/data.json",
            "content/blog/publicity.md",
            "content/target/page.md",
            "content/notes.txt",
            "content/tmp/page.md",
        ] {
            assert!(!ignored(rel), "{rel} should start a rebuild");
        }
    }

    #[test]
    fn output_and_tool_folders_are_ignored() {
        for rel in [
            "public",
            "public/index.html",
            ".public.building/blog/index.html",
            ".git/index",
            ".git",
            "themes/hub/.git/HEAD",
            "target/debug/ltc-hub",
            "node_modules/x/index.js",
            ".ltc-hub/serve/index.html",
        ] {
            assert!(ignored(rel), "{rel} should be ignored");
        }
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        for rel in [
            "content/blog/.hello.md.swp",
            "content/blog/.hello.md.swx",
            "content/blog/.hello.md.swo",
            "content/blog/hello.md~",
            "content/blog/4913",
            "content/blog/5036",
            "content/blog/.#hello.md",
            "content/blog/#hello.md#",
            "content/blog/hello.md___jb_tmp___",
            "content/blog/hello.md___jb_old___",
            "content/blog/hello.md.kate-swp",
            "content/blog/hello.md.bck",
            "content/blog/.goutputstream-XYZ123",
            "content/blog/hello.md.tmp",
            "content/blog/hello.md.tmp.12345",
            "site.yaml.TMP",
        ] {
            assert!(ignored(rel), "{rel} should be ignored");
        }
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(AccessMode::Read))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!changes_files(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))));
        assert!(changes_files(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Name(RenameMode::Both))));
        assert!(changes_files(&EventKind::Remove(notify_debouncer_full::notify::event::RemoveKind::File)));
    }
}
