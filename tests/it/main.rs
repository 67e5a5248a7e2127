//! ltc-hub's integration tests: one test binary, one module per area. Every test copies a
//! fixture site from `tests/fixtures/` into a temporary folder (see `util`) and runs the real
//! `ltc-hub` binary on it, then checks what a user sees: the exit code, the files written, their
//! HTML and URLs, and the error text with its file and line.
//!
//! Fixtures: `basic/` uses every engine feature with its own small theme; `minimal/` is the
//! smallest valid site; `invalid/CASE/` holds one broken site each, laid over `minimal/`;
//! `typed/` has a collection with a field of every type and a closed taxonomy (the base of the
//! broken-site, check, new, schema and fuzz tests); `readme-errors/` prints the README's errors.

mod util;

mod assets;
mod base_url;
mod bench;
mod broken;
mod check;
mod cli;
mod content;
mod data;
mod determinism;
mod drafts;
mod environments;
mod errors;
mod expiry;
mod external;
mod feeds_json;
mod feeds_per;
mod functions;
mod fuzz;
mod headless;
mod highlight;
mod hub;
mod hub_site;
mod i18n;
mod images;
mod incremental;
mod languages;
mod layers;
mod limits;
mod listings;
mod markdown;
mod menus;
mod outputs;
mod review;
mod safety;
mod scaffold;
mod section_front;
mod serve;
mod swap;
mod symlinks;
mod theme_extend;
mod untitled;
