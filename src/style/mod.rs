//! Stylesheets: Sass compiled to CSS (`sass`), and every published stylesheet — compiled Sass
//! and the `.css` files of `static/` — bundled and minified as site.yaml's `css:` says (`css`).
//! The result is the bytes each stylesheet is published with and the source files it read (a
//! change to any of them makes it again). Nothing here renders templates or writes files.

pub(crate) mod css;
pub(crate) mod sass;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fs_guard::Scope;

/// One stylesheet the build makes (rather than copies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Style {
    pub css: Arc<str>,
    /// Source files read to make it: the entry (a `.scss` or `.css` file) first.
    pub reads: Vec<PathBuf>,
}

/// Every stylesheet the build makes, by output path: each Sass entry of `sass_dirs` (a theme's
/// `sass/`, then the root's), and, unless `css:` says to publish CSS as written, each `.css`
/// file of `statics` (output path -> source file). A Sass output replaces a static file of
/// the same output path.
pub(crate) fn build(
    root: &Path,
    config: &Config,
    sass_dirs: &[PathBuf],
    statics: &BTreeMap<String, PathBuf>,
) -> (BTreeMap<String, Style>, Vec<Diagnostic>) {
    let scope = Scope::new(root, &config.allow_links_to);
    let mut diags = Vec::new();
    let entries: Vec<(String, PathBuf)> = sass::entries(&scope, sass_dirs, &mut diags).into_iter().collect();
    let compiled = crate::par::map(&entries, |(_, entry)| {
        let dir = sass_dirs.iter().find(|d| entry.starts_with(d)).map_or(root, PathBuf::as_path);
        sass::compile(root, &scope, dir, entry)
    });
    let mut texts = BTreeMap::new();
    let mut made = BTreeMap::new();
    for ((path, _), result) in entries.into_iter().zip(compiled) {
        match result {
            Ok(c) => {
                texts.insert(path.clone(), c.css.clone());
                made.insert(path, Style { css: Arc::from(c.css), reads: c.reads });
            }
            Err(d) => diags.push(d),
        }
    }
    if config.css.as_written() || !diags.is_empty() {
        return (made, diags);
    }
    let files: BTreeMap<String, PathBuf> =
        statics.iter().filter(|(p, _)| !texts.contains_key(*p)).map(|(p, s)| (p.clone(), s.clone())).collect();
    let published = css::Published { files: &files, texts: &texts };
    let sheets: Vec<&String> = texts.keys().chain(files.keys()).filter(|p| p.ends_with(".css")).collect();
    let processed = crate::par::map(&sheets, |path| css::process(path, config.css, &published));
    for (path, result) in sheets.into_iter().zip(processed) {
        match result {
            Ok((css, read)) => {
                let mut reads = Vec::new();
                for p in &read {
                    match (made.get(p), files.get(p)) {
                        (Some(style), _) => reads.extend(style.reads.iter().cloned()),
                        (None, Some(src)) => reads.push(src.clone()),
                        (None, None) => {}
                    }
                }
                reads.dedup();
                made.insert(path.clone(), Style { css: Arc::from(css), reads });
            }
            Err(failed) => diags.push(css_error(root, &failed, &files, &made)),
        }
    }
    (made, diags)
}

/// A lightningcss error as a diagnostic at the file and place it names.
fn css_error(
    root: &Path,
    failed: &css::Failed,
    files: &BTreeMap<String, PathBuf>,
    made: &BTreeMap<String, Style>,
) -> Diagnostic {
    let help = "fix the CSS at the marked place, or publish stylesheets as written with `css: { minify: false, bundle: false }` in site.yaml";
    let d = Diagnostic::error(format!("CSS error: {}", failed.message)).with_help(help).with_code("css");
    let Some((path, line, col)) = &failed.at else { return d };
    if let Some(src) = files.get(path) {
        let d = d.in_file(crate::content::shown(root, src));
        return match std::fs::read_to_string(src) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                let at = crate::diagnostics::offset_of(&text, *line, *col);
                let end = text[at..].find(['\n', ';', '{', '}']).map_or(text.len(), |i| at + i.max(1));
                d.at(&text, at..end).with_label(failed.message.clone())
            }
            Err(_) => d,
        };
    }
    match made.get(path).and_then(|s| s.reads.first()) {
        Some(entry) => d.in_file(crate::content::shown(root, entry)),
        None => d,
    }
}
