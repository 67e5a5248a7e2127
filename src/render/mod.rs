//! Rendering: the only module that knows Tera. `theme` loads templates, `context` builds the
//! views templates see, `jobs` lists every output file of the site and renders them in
//! parallel into the output staging folder.

mod clash;
pub mod context;
pub mod jobs;
pub mod theme;

pub use jobs::{Kind, Output, Rendered, inspect, plan_outputs, render_recorded, run};
pub use theme::{Lookup, Theme, ThemeShortcodes};
