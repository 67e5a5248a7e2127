//! `css:` and `fingerprint:` in site.yaml: what is done to stylesheets (minified, their local
//! `@import`s inlined) and which theme and static files get content-hashed names.

use serde_yaml::Mapping;

use super::Validator;

const CSS_KEYS: &[&str] = &["minify", "bundle"];

/// `css:`: what the build does to every `.css` file it publishes from `static/` or Sass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Css {
    /// Whitespace and comments dropped, colours and numbers shortened (lightningcss).
    pub minify: bool,
    /// `@import "local.css"` replaced by that file's rules.
    pub bundle: bool,
}

impl Default for Css {
    fn default() -> Self {
        Css { minify: true, bundle: true }
    }
}

impl Css {
    /// True when CSS is published as written.
    pub fn as_written(&self) -> bool {
        !self.minify && !self.bundle
    }
}

/// `fingerprint:`: globs of output paths (`style.css`, `*.js`) whose files are published under
/// a name carrying a hash of their bytes (`style.3f2a1c9e.css`).
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    /// The globs as written.
    pub globs: Vec<String>,
    set: globset::GlobSet,
}

impl Fingerprint {
    /// True when the file published at `path` (relative to the output, e.g. `css/site.css`)
    /// gets a hashed name.
    pub fn matches(&self, path: &str) -> bool {
        !self.globs.is_empty() && self.set.is_match(path)
    }
}

impl Validator<'_> {
    pub(super) fn css(&mut self, map: &Mapping) -> Css {
        let Some(m) = self.sub_map(map, "css", CSS_KEYS) else { return Css::default() };
        let minify = self.boolean(&m, &["css"], "minify").unwrap_or(true);
        let bundle = self.boolean(&m, &["css"], "bundle").unwrap_or(true);
        Css { minify, bundle }
    }

    pub(super) fn fingerprint(&mut self, map: &Mapping) -> Fingerprint {
        let key = "fingerprint";
        let help = "write a list of paths or globs of static files, e.g. `fingerprint: [\"style.css\", \"*.js\"]`";
        let mut globs = Vec::new();
        let mut set = globset::GlobSetBuilder::new();
        for glob in self.text_list(map, key, "each entry of `fingerprint` must be a glob", help) {
            let glob = glob.trim_start_matches('/').to_string();
            match globset::Glob::new(&glob) {
                Ok(g) => {
                    set.add(g);
                    globs.push(glob);
                }
                Err(e) => {
                    let d = self.err(&[], Some(key), format!("`{glob}` is not a valid glob: {}", e.kind()), help);
                    self.diags.push(d);
                }
            }
        }
        let set = set.build().unwrap_or_default();
        Fingerprint { globs, set }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    fn parse(text: &str) -> Result<super::super::Config, Vec<crate::diagnostics::Diagnostic>> {
        super::super::parse(&Arc::from(format!("title: t\nbase_url: https://e.org/\n{text}")), None)
    }

    #[test]
    fn css_is_minified_and_bundled_unless_told_otherwise() {
        let c = parse("").unwrap();
        assert_eq!((c.css.minify, c.css.bundle), (true, true));
        let c = parse("css: { minify: false }\n").unwrap();
        assert_eq!((c.css.minify, c.css.bundle), (false, true));
        let e = parse("css: { minfy: false }\n").unwrap_err();
        assert!(e[0].help.as_deref().unwrap().contains("did you mean `minify`"), "{e:?}");
    }

    #[test]
    fn fingerprint_globs_match_output_paths() {
        let c = parse("fingerprint: [\"style.css\", \"*.js\"]\n").unwrap();
        assert!(c.fingerprint.matches("style.css"));
        assert!(c.fingerprint.matches("js/app.js"));
        assert!(!c.fingerprint.matches("css/style.css"));
        assert!(!parse("").unwrap().fingerprint.matches("style.css"));
        let e = parse("fingerprint: [\"a[.css\"]\n").unwrap_err();
        assert_eq!(e[0].line_col(), Some((3, 14)), "{e:?}");
        assert!(e[0].message.contains("`a[.css` is not a valid glob"), "{e:?}");
    }
}
