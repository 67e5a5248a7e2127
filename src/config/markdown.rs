//! `markdown:` in site.yaml: how pages' Markdown is rendered (`heading_anchors`, and the
//! highlighting of fenced code: `highlight`, `highlight_theme`, `highlight_theme_dark`).

use serde_yaml::Mapping;

use super::Validator;
use crate::diagnostics::did_you_mean;

/// Where a heading's anchor link goes, if anywhere (the Markdown stage writes it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HeadingAnchors {
    #[default]
    None,
    Before,
    After,
}

/// Syntax highlighting of fenced code blocks: on or off, and the themes `syntax.css` is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// `markdown.highlight` (default off, as in Zola: code stays `<pre><code class="language-X">`).
    pub enabled: bool,
    /// The light theme's name.
    pub theme: String,
    /// The dark theme's name (inside `@media (prefers-color-scheme: dark)`), or none.
    pub theme_dark: Option<String>,
}

impl Default for Highlight {
    fn default() -> Highlight {
        Highlight { enabled: false, theme: "InspiredGitHub".into(), theme_dark: Some("base16-ocean.dark".into()) }
    }
}

/// The themes highlighting knows (syntect's defaults; `markdown::highlight`'s tests check that
/// each one loads).
pub const HIGHLIGHT_THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (light)",
    "Solarized (dark)",
    "base16-ocean.light",
    "base16-ocean.dark",
    "base16-eighties.dark",
    "base16-mocha.dark",
];

const KEYS: &[&str] = &["heading_anchors", "highlight", "highlight_theme", "highlight_theme_dark"];
const ANCHORS: &[&str] = &["none", "before", "after"];

impl Validator<'_> {
    pub(super) fn markdown(&mut self, map: &Mapping) -> (HeadingAnchors, Highlight) {
        let Some(m) = self.sub_map(map, "markdown", KEYS) else {
            return (HeadingAnchors::None, Highlight::default());
        };
        let parents = &["markdown"];
        let anchors = match self.string(&m, parents, "heading_anchors").as_deref() {
            None | Some("none") => HeadingAnchors::None,
            Some("before") => HeadingAnchors::Before,
            Some("after") => HeadingAnchors::After,
            Some(other) => {
                let message = format!("`markdown.heading_anchors` is `{other}`, which is not a place for anchor links");
                self.not_one_of(other, ANCHORS, "heading_anchors", message);
                HeadingAnchors::None
            }
        };
        let enabled = self.boolean(&m, parents, "highlight").unwrap_or(false);
        let mut highlight = Highlight { enabled, ..Highlight::default() };
        if let Some(theme) = self.highlight_theme(&m, "highlight_theme") {
            highlight.theme = theme;
        }
        match self.highlight_theme(&m, "highlight_theme_dark").as_deref() {
            Some("none") => highlight.theme_dark = None,
            Some(theme) => highlight.theme_dark = Some(theme.to_string()),
            None => {}
        }
        (anchors, highlight)
    }

    /// A theme's name under `markdown.KEY`, when it is one of [`HIGHLIGHT_THEMES`] (or `none`
    /// for the dark theme).
    fn highlight_theme(&mut self, m: &Mapping, key: &str) -> Option<String> {
        let name = self.string(m, &["markdown"], key)?;
        if HIGHLIGHT_THEMES.contains(&name.as_str()) || (key == "highlight_theme_dark" && name == "none") {
            return Some(name);
        }
        let message = format!("`markdown.{key}` is `{name}`, which is not a highlighting theme");
        self.not_one_of(&name, HIGHLIGHT_THEMES, key, message);
        None
    }

    /// An error at `markdown.KEY`: `value` is none of `allowed`, with a did-you-mean.
    fn not_one_of(&mut self, value: &str, allowed: &[&str], key: &str, message: String) {
        let help = match did_you_mean(value, allowed.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Write one of: {}", allowed.join(", ")),
            None => format!("write one of: {}", allowed.join(", ")),
        };
        let d = self.err(&["markdown"], Some(key), message, &help);
        self.diags.push(d);
    }
}
