//! CSS through lightningcss: a published stylesheet's local `@import`s inlined (`bundle`) and
//! the result minified (`minify`). Files are named by their output paths (`css/site.css`), so
//! an import resolves as the browser would resolve it, against the importing file's URL, to
//! whichever file the build publishes there (a theme's, the root's, or compiled Sass).
//! Imports of other sites (`https://…`, `//…`) and root-relative ones (`/x.css`) are left as
//! written.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lightningcss::rules::CssRule;
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::traits::ToCss;

use crate::config::Css;

/// What the build publishes, by output path: static files (read from disk) and compiled Sass.
pub(crate) struct Published<'a> {
    pub files: &'a BTreeMap<String, PathBuf>,
    pub texts: &'a BTreeMap<String, String>,
}

/// Where CSS went wrong: the message and, when known, (output path of the file, 1-based line,
/// 1-based column).
pub(crate) struct Failed {
    pub message: String,
    pub at: Option<(String, usize, usize)>,
}

/// The stylesheet published at `path`, bundled and minified as `css` says, and the output
/// paths of every file it read (itself first).
pub(crate) fn process(path: &str, css: Css, published: &Published) -> Result<(String, Vec<String>), Failed> {
    let mut b = Bundle { published, read: Vec::new(), external: Vec::new(), stack: Vec::new() };
    let text = if css.bundle {
        let body = b.file(path)?;
        let mut text = b.external.concat();
        text.push_str(&body);
        text
    } else {
        b.read(path)?
    };
    let options = ParserOptions { filename: path.to_string(), ..ParserOptions::default() };
    let mut sheet = StyleSheet::parse(&text, options).map_err(|e| failed(e.to_string(), e.kind.to_string(), e.loc))?;
    if css.minify {
        sheet.minify(MinifyOptions::default()).map_err(|e| failed(e.to_string(), e.kind.to_string(), e.loc))?;
    }
    let printed = sheet
        .to_css(PrinterOptions { minify: css.minify, ..PrinterOptions::default() })
        .map_err(|e| failed(e.to_string(), e.kind.to_string(), e.loc))?;
    Ok((printed.code, b.read))
}

fn failed(full: String, kind: String, loc: Option<lightningcss::error::ErrorLocation>) -> Failed {
    match loc {
        Some(l) => Failed { message: kind, at: Some((l.filename, l.line as usize + 1, l.column.max(1) as usize)) },
        None => Failed { message: full, at: None },
    }
}

/// One stylesheet being bundled: the files read, and the imports of other sites, which must
/// stay at the top.
struct Bundle<'a> {
    published: &'a Published<'a>,
    read: Vec<String>,
    external: Vec<String>,
    /// The files being inlined, outermost first (an import loop is an error).
    stack: Vec<String>,
}

impl Bundle<'_> {
    fn read(&mut self, path: &str) -> Result<String, Failed> {
        let text = match (self.published.texts.get(path), self.published.files.get(path)) {
            (Some(text), _) => text.clone(),
            (None, Some(src)) => std::fs::read_to_string(src)
                .map_err(|e| Failed { message: format!("cannot read {}: {e}", src.display()), at: None })?,
            (None, None) => {
                return Err(Failed { message: format!("`{path}` is not published by this site"), at: None });
            }
        };
        self.read.push(path.to_string());
        Ok(text)
    }

    /// The CSS of `path` with its local imports replaced by their files' CSS (each file once),
    /// as text; its imports of other sites go to `external`.
    fn file(&mut self, path: &str) -> Result<String, Failed> {
        let text = self.read(path)?;
        let options = ParserOptions { filename: path.to_string(), ..ParserOptions::default() };
        let mut sheet =
            StyleSheet::parse(&text, options).map_err(|e| failed(e.to_string(), e.kind.to_string(), e.loc))?;
        self.stack.push(path.to_string());
        let mut out = String::new();
        let mut kept = Vec::new();
        for rule in std::mem::take(&mut sheet.rules.0) {
            let CssRule::Import(import) = rule else {
                kept.push(rule);
                continue;
            };
            let at = |message: String| Failed {
                message,
                at: Some((path.to_string(), import.loc.line as usize + 1, import.loc.column.max(1) as usize)),
            };
            let printed = |v: &dyn Fn() -> Result<String, lightningcss::error::PrinterError>| {
                v().map_err(|e| at(format!("cannot print an `@import` condition: {e}")))
            };
            let Some(target) = resolve(&import.url, path) else {
                self.external.push(printed(&|| import.to_css_string(PrinterOptions::default()))?);
                continue;
            };
            if self.stack.contains(&target) {
                return Err(at(format!("`{}` imports itself, through `{target}`", import.url)));
            }
            if !self.published.texts.contains_key(&target) && !self.published.files.contains_key(&target) {
                return Err(at(format!(
                    "`{}` (`/{target}`) is not a file the site publishes, from static/ or sass/",
                    import.url
                )));
            }
            if self.read.contains(&target) {
                continue; // each file once, where it is first imported
            }
            let mut body = self.file(&target)?;
            if !import.media.media_queries.is_empty() {
                let media = printed(&|| import.media.to_css_string(PrinterOptions::default()))?;
                body = format!("@media {media} {{\n{body}}}\n");
            }
            if let Some(supports) = &import.supports {
                body = format!(
                    "@supports {} {{\n{body}}}\n",
                    printed(&|| supports.to_css_string(PrinterOptions::default()))?
                );
            }
            if let Some(layer) = &import.layer {
                let name = match layer {
                    Some(name) => printed(&|| name.to_css_string(PrinterOptions::default()))?,
                    None => String::new(),
                };
                body = format!("@layer {name} {{\n{body}}}\n");
            }
            out.push_str(&body);
        }
        sheet.rules.0 = kept;
        let rest =
            sheet.to_css(PrinterOptions::default()).map_err(|e| failed(e.to_string(), e.kind.to_string(), e.loc))?;
        out.push_str(&rest.code);
        out.push('\n');
        self.stack.pop();
        Ok(out)
    }
}

/// The output path an `@import` of `specifier` in the file at output path `from` names, as the
/// browser resolves it (`..` stops at the site's root); `None` for another site's file or a
/// root-relative URL, left as written.
fn resolve(specifier: &str, from: &str) -> Option<String> {
    let spec = specifier.trim();
    let spec = spec.split(['?', '#']).next().unwrap_or("");
    let resolved = crate::url::resolve(&crate::url::join("/", from), spec)?;
    Some(resolved.trim_start_matches('/').to_string())
}
