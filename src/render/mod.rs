//! Rendering: the only module that knows Tera. `theme` loads templates, `context` builds the
//! views templates see, `jobs` lists every output file of the site and renders one;
//! `deps` says what each output reads, `lookup` what templates can look up in one snapshot.
//! The outputs that are not templates are made here too, as bytes: `feeds` (Atom, RSS),
//! `sitemap` (sitemap, robots), `calendar` (.ics), `resources` (resources.json), `search` (the
//! Pagefind index).

pub(crate) mod calendar;
mod clash;
pub mod context;
pub mod deps;
pub(crate) mod feeds;
pub mod jobs;
pub mod lookup;
pub(crate) mod resources;
pub(crate) mod search;
pub(crate) mod sitemap;
pub mod theme;

pub use deps::Dep;
pub use jobs::{Kind, Output, Rendered, plan_outputs, render};
pub use lookup::{Index, Lookup, Recorded};
pub use theme::{Renderer, Theme, ThemeShortcodes};
