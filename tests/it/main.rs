//! ltc-hub's integration tests: one test binary, one module per area. Every test copies a
//! fixture site from `tests/fixtures/` into a temporary folder (see `util`) and runs the real
//! `ltc-hub` binary on it, then checks what a user sees: the exit code, the files written, their
//! HTML and URLs, and the error text with its file and line.
//!
//! Fixtures: `basic/` uses every engine feature with its own small theme; `minimal/` is the
//! smallest valid site; `invalid/CASE/` holds one broken site each, laid over `minimal/`.

mod util;

mod base_url;
mod bench;
mod cli;
mod content;
mod determinism;
mod drafts;
mod errors;
mod hub;
mod listings;
mod markdown;
mod outputs;
mod safety;
