//! Rendering: the only module that knows Tera. `theme` loads templates, `context` builds the
//! views templates see, `jobs` lists every output file of the site and renders one;
//! `deps` says what each output reads, `lookup` what templates can look up in one snapshot
//! (`load_data` included), `menus` the menus as one output sees them.
//! The outputs that are not templates are made here too, as bytes: `feeds` (Atom, RSS),
//! `sitemap` (sitemap, robots), `calendar` (.ics), `resources` (resources.json), `search` (the
//! Pagefind index). `assets` is the table of static files and made stylesheets (published
//! names, hashes); `i18n` the theme strings of each language (`trans`, `date`); `args` checks the arguments of every template function and filter.

pub(crate) mod args;
pub(crate) mod assets;
pub(crate) mod calendar;
mod clash;
pub(crate) mod context;
pub(crate) mod deps;
pub(crate) mod feeds;
mod files;
pub(crate) mod i18n;
mod images;
pub(crate) mod jobs;
mod languages;
pub(crate) mod lookup;
mod menus;
mod rebase;
pub(crate) mod resources;
pub(crate) mod search;
pub(crate) mod sitemap;
pub(crate) mod theme;

pub(crate) use deps::Dep;
pub(crate) use jobs::{Kind, Output, Rendered, plan_outputs, render};
pub(crate) use lookup::{Index, Lookup};
pub(crate) use theme::{Renderer, Theme, ThemeShortcodes};
