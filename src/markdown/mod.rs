//! Markdown to HTML, as a pure call: `render(text, &Context) -> Rendered` with the body, the
//! summary, the table of contents, heading ids and the `@/` links found, for checking later.
//! Shortcodes are expanded first (through the [`Shortcodes`] trait, which `render/`
//! implements with Tera), so this module knows nothing about templates.

mod lint;
mod render;
mod shortcodes;

pub use lint::{Lint, lint_markdown};
pub use render::{Context, Excerpt, InternalLink, RenderError, Rendered, TocEntry, options, render};
pub use shortcodes::{ArgValue, Shortcodes};

/// A URL- and id-safe form of `text`: lowercase letters and digits (any script) joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            if dash {
                out.push('-');
                dash = false;
            }
            out.push('_');
        } else if c == '\'' || c == '’' {
            // "library's" -> "librarys", as Hugo and Zola do.
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugify_makes_url_safe_names() {
        assert_eq!(slugify("Working with Partners"), "working-with-partners");
        assert_eq!(slugify("World Café: when?"), "world-café-when");
        assert_eq!(slugify("library_types"), "library_types");
        assert_eq!(slugify("The library's plan"), "the-librarys-plan");
        assert_eq!(slugify("../../x"), "x");
    }
}
