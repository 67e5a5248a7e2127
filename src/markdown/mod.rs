//! Markdown to HTML, as a pure call: `render(text, &Context) -> Rendered` with the body, the
//! summary, the table of contents, heading ids and the `@/` links found, for checking later.
//! Shortcodes are expanded first (through the [`Shortcodes`] trait, which `render/`
//! implements with Tera), so this module knows nothing about templates.

mod anchors;
mod blocks;
mod footnotes;
mod highlight;
mod images;
mod links;
mod lint;
mod render;
mod shortcodes;

pub use anchors::HeadingAnchors;
pub use highlight::{stylesheet, unknown_languages};
pub use links::{Links, Unresolved, headless_help};
pub use lint::{Lint, lint_markdown};
pub use render::{Context, Excerpt, InternalLink, RenderError, Rendered, TocEntry, options, render};
pub use shortcodes::{ArgValue, Shortcodes};
