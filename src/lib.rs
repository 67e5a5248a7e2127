//! ltc-hub: a static site generator for the Libraries Transforming Communities resource hub.
//!
//! Data flows one way: load (config, theme, content, Markdown, the site model) -> snapshot
//! (views, lookups, the list of outputs) -> render -> write, all in `pipeline`, under the
//! output's lock. Every stage returns its diagnostics instead of stopping, so one build reports
//! every problem it finds. ARCHITECTURE.md has the map.

// Diagnostics are returned by value on the error path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]
// Items are `pub(crate)` unless the binary or the tests use them.
#![warn(unreachable_pub)]

pub mod check;
pub mod config;
pub mod content;
pub(crate) mod data;
pub mod diagnostics;
pub mod forms;
pub(crate) mod fs_guard;
mod hash;
pub mod images;
pub mod markdown;
pub mod output;
pub(crate) mod par;
pub mod pipeline;
pub(crate) mod render;
pub mod scaffold;
pub mod serve;
pub(crate) mod site;
mod slug;
pub(crate) mod style;
mod url;
pub mod yaml;

use diagnostics::Diagnostic;

/// Rebuilds for `serve` and `watch` (`Session`), under the name the tests know.
pub use pipeline::session as incremental;
pub use pipeline::{BuildOptions, Failure, Progress, Report, build_with, check_with};

/// Builds the site, waiting for any other build into the same output folder to finish first.
/// On failure, `Failure::state` says what became of the output folder.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    build_with_progress(opts, &Progress::default())
}

/// `build`, counting its progress in `progress`.
pub fn build_with_progress(opts: &BuildOptions, progress: &Progress) -> Result<Report, Failure> {
    build_with(opts, progress, &output::Busy::Wait(&|_| {}))
}

/// Everything `build` validates, without writing, plus the lints of SPEC §7: returns every
/// error and warning found, sorted.
pub fn check(opts: &BuildOptions) -> Vec<Diagnostic> {
    check_with(opts, None).0
}
