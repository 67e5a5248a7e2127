//! When a burst of changes is over. A single save is over after [`BASE_QUIET`] without events;
//! a burst of many files (a checkout, a copy, `rm -rf`), or one that deletes a file or creates,
//! removes or renames a folder, waits longer the larger it is ([`quiet_for`]), and nothing is over while a git
//! command holds a lock file in the root's repository ([`GitLocks`]), since git writes the
//! working tree while it holds `index.lock` and releases it only after the last file. A burst
//! during which git rewrote its index (the lock came and went between two looks) waits at
//! least as long as a large one, for the events of git's last files.
//!
//! Pure apart from [`GitLocks`], which looks at the repository's git folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long a single save must be quiet before it is rebuilt.
pub(super) const BASE_QUIET: Duration = Duration::from_millis(10);
/// Bursts up to this many paths that delete no file and create, remove or rename no folder
/// count as saves.
const SMALL: usize = 8;
/// The least quiet period of a larger burst, and what each changed path adds to it.
const LARGE_QUIET: Duration = Duration::from_millis(200);
const PER_PATH: Duration = Duration::from_micros(500);
/// The longest quiet period (reached at 1,600 paths).
const MAX_QUIET: Duration = Duration::from_secs(1);
/// The least quiet period after git was seen at work, so that the events of the last files it
/// wrote (delivered by the debouncer a little after they happened) are part of the burst.
const AFTER_GIT: Duration = LARGE_QUIET;
/// A lock file older than this is left over from a git command that died: it is not waited for.
const STALE_LOCK: Duration = Duration::from_secs(30);

/// How long a burst of `paths` changed paths must be quiet before it is rebuilt; `structural`
/// when it deleted a file or created, removed or renamed a folder (the first events of an
/// `rm -rf` or a copy of a tree); `git` when git was seen at work during it.
pub(super) fn quiet_for(paths: usize, structural: bool, git: bool) -> Duration {
    let quiet = if paths <= SMALL && !structural {
        BASE_QUIET
    } else {
        let per_path = PER_PATH.saturating_mul(u32::try_from(paths).unwrap_or(u32::MAX));
        LARGE_QUIET.saturating_add(per_path).min(MAX_QUIET)
    };
    if git { quiet.max(AFTER_GIT) } else { quiet }
}

/// The lock files of the git repository that holds the site root, if there is one.
#[derive(Debug, Clone)]
pub(super) struct GitLocks {
    /// The repository's git folder (`.git`, or where a `.git` file of a worktree or submodule
    /// points).
    dir: Option<PathBuf>,
}

impl GitLocks {
    /// Finds the git folder of the repository holding `root` (the root or a folder above it).
    pub(super) fn find(root: &Path) -> GitLocks {
        let dir = root.ancestors().find_map(|folder| git_dir(&folder.join(".git")));
        GitLocks { dir }
    }

    /// A lock file of a running git command (`index.lock`, `HEAD.lock`, … directly in the git
    /// folder), if any: while it exists, git may be rewriting the working tree.
    pub(super) fn held(&self) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let now = SystemTime::now();
        std::fs::read_dir(dir).ok()?.filter_map(Result::ok).find_map(|entry| {
            if !is_lock(&entry.file_name().to_string_lossy()) {
                return None;
            }
            let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
            (now.duration_since(modified).unwrap_or_default() < STALE_LOCK).then(|| entry.path())
        })
    }

    /// True when git wrote its index at `since` or later (a checkout, stash, reset or merge
    /// ended then).
    pub(super) fn index_written_since(&self, since: SystemTime) -> bool {
        let Some(dir) = &self.dir else { return false };
        std::fs::metadata(dir.join("index")).and_then(|m| m.modified()).is_ok_and(|t| t >= since)
    }
}

/// `.git` as a folder, or the folder a `.git` file names (`gitdir: PATH`, relative to it).
fn git_dir(dot_git: &Path) -> Option<PathBuf> {
    if dot_git.is_dir() {
        return Some(dot_git.to_path_buf());
    }
    let text = std::fs::read_to_string(dot_git).ok()?;
    let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
    let dir = dot_git.parent()?.join(target);
    dir.is_dir().then_some(dir)
}

/// The lock files git creates while it changes the index, HEAD or refs.
fn is_lock(name: &str) -> bool {
    name.len() > ".lock".len() && name.ends_with(".lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_save_stays_fast() {
        assert_eq!(quiet_for(1, false, false), BASE_QUIET);
        assert_eq!(quiet_for(3, false, false), BASE_QUIET);
        assert_eq!(quiet_for(1, false, true), AFTER_GIT);
    }

    #[test]
    fn large_bursts_and_folder_changes_wait_longer() {
        assert_eq!(quiet_for(2, true, false), Duration::from_millis(201));
        assert_eq!(quiet_for(480, false, false), Duration::from_millis(440));
        assert_eq!(quiet_for(2000, false, false), MAX_QUIET);
        assert!(quiet_for(9, false, false) > BASE_QUIET);
    }

    #[test]
    fn git_locks_are_found_in_the_repository_above_the_root() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let repo = tmp.path();
        std::fs::create_dir_all(repo.join(".git")).expect(".git");
        std::fs::create_dir_all(repo.join("site/content")).expect("site");
        let locks = GitLocks::find(&repo.join("site"));
        assert_eq!(locks.held(), None);
        std::fs::write(repo.join(".git/index.lock"), "").expect("a lock");
        assert_eq!(locks.held(), Some(repo.join(".git/index.lock")));
        std::fs::remove_file(repo.join(".git/index.lock")).expect("unlock");
        std::fs::write(repo.join(".git/index"), "").expect("the index");
        assert_eq!(locks.held(), None);
        assert!(locks.index_written_since(SystemTime::now() - Duration::from_secs(5)));
        assert!(!locks.index_written_since(SystemTime::now() + Duration::from_secs(5)));
        // A lock left behind by a git that died is not waited for.
        let stale = std::fs::File::create(repo.join(".git/index.lock")).expect("a lock");
        stale.set_modified(SystemTime::now() - Duration::from_secs(60)).expect("age it");
        assert_eq!(locks.held(), None);
    }

    #[test]
    fn a_git_file_points_to_the_worktree_git_folder() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let worktree_git = tmp.path().join("main/.git/worktrees/wt");
        std::fs::create_dir_all(&worktree_git).expect("the worktree's git folder");
        std::fs::create_dir_all(tmp.path().join("wt")).expect("the worktree");
        std::fs::write(tmp.path().join("wt/.git"), "gitdir: ../main/.git/worktrees/wt\n").expect(".git file");
        std::fs::write(worktree_git.join("index.lock"), "").expect("a lock");
        assert!(GitLocks::find(&tmp.path().join("wt")).held().is_some());
        assert!(!is_lock(".lock"));
        assert!(is_lock("HEAD.lock"));
    }
}
