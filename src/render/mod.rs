//! Rendering: the only module that knows Tera. `theme` loads templates, `context` builds the
//! views templates see, `jobs` lists every output file of the site and renders them in
//! parallel into the output staging folder. The outputs that are not templates are made here
//! too, as bytes: `feeds` (Atom, RSS), `sitemap` (sitemap, robots), `calendar` (.ics),
//! `resources` (resources.json), `search` (the Pagefind index).

pub(crate) mod calendar;
mod clash;
pub mod context;
pub(crate) mod feeds;
pub mod jobs;
pub(crate) mod resources;
pub(crate) mod search;
pub(crate) mod sitemap;
pub mod theme;

pub use jobs::{Kind, Output, Rendered, inspect, plan_outputs, render_recorded, run};
pub use theme::{Lookup, Theme, ThemeShortcodes};
