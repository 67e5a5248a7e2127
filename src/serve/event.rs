//! What `serve` and `watch` tell the binary, which prints it: the library never writes to the
//! terminal and never exits the process. Each [`Event`] is reported through the callback the
//! binary passes in; how a run ended is the returned [`Stop`].

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::pipeline::{Failure, Report};

/// Something that happened while serving or watching, in the order it happened.
pub enum Event<'a> {
    /// `serve` is listening at `url` (`taken`: the port first asked for, when it was taken),
    /// building into its private folder `output` and watching `root`; `edit`: the editor's
    /// address, with its token (`--edit`).
    Serving { url: &'a str, taken: Option<u16>, output: &'a Path, root: &'a Path, edit: Option<&'a str> },
    /// `watch` is watching `root` and writing the site to `output`.
    Watching { root: &'a Path, output: &'a Path },
    /// A warning outside any build (the output folder put back in order on start).
    Warning(&'a Diagnostic),
    /// The watcher lost events (`folder` is the root: everything is rebuilt) or cannot watch a
    /// new folder.
    WatchTrouble(&'a WatchTrouble),
    /// A build ended: the first one (`changed` empty) or one per burst of changes under `root`.
    Built { root: &'a Path, changed: &'a [PathBuf], result: &'a Result<Report, Failure>, note: Note },
    /// `serve --open` could not open a browser.
    NoBrowser { url: &'a str, error: String },
    /// Ctrl-C (or SIGTERM): `serve` is letting the current build finish.
    Stopping,
    /// A second Ctrl-C in the middle of a build: the run ends at once, its build unfinished.
    Interrupted(Command),
    /// The run ended after its last build finished.
    Stopped,
}

/// Which command is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Serve,
    Watch,
}

/// What a build's line adds after its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    Nothing,
    /// `serve`: this many open pages were told to reload.
    Told(usize),
    /// `serve`'s first build failed: the browser shows the errors.
    BrowserShowsErrors,
    /// `serve`: a rebuild failed; the last good site is still served, with the errors on top.
    LastGoodKept,
    /// `watch`: a build failed; what became of the output folder (`Failure::outcome`).
    Output,
}

/// The watcher's trouble, as notify reported it.
#[derive(Debug, Clone)]
pub enum WatchTrouble {
    /// Events were lost (typically "too many files watched"): everything is rebuilt.
    Failed { root: PathBuf, error: String },
    /// A new top-level folder cannot be watched.
    CannotWatch { folder: PathBuf, error: String },
}

/// How a run of `serve` or `watch` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Stopped by Ctrl-C (or SIGTERM) after the current build finished.
    Cleanly,
    /// Stopped by a second Ctrl-C in the middle of a build.
    Interrupted,
}

impl Stop {
    /// The process's exit status: 0, or 130 (as a shell reports a process ended by SIGINT).
    pub fn exit_code(self) -> u8 {
        match self {
            Stop::Cleanly => 0,
            Stop::Interrupted => 130,
        }
    }
}

/// The callback the binary passes in; called from the build thread and the server's.
pub type Reporter = std::sync::Arc<dyn Fn(Event<'_>) + Send + Sync>;
