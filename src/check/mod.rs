//! `ltc-hub check`: the SPEC §7 lints on top of everything `build` validates. Markdown lints
//! (alt text, link text, heading levels, duplicate ids) point at the content file and line;
//! checks on the rendered site (every internal link and `#anchor` resolves, ids are unique
//! within a page, every page is linked from some listing) name the page and, where the link is
//! written in the page's Markdown, its line.

mod expiry;
pub mod external;
pub(crate) mod html;
mod languages;

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Severity};
use crate::render::{Kind, Output};
use crate::site::Site;
pub use html::{Scanned, scan};
pub use languages::translation_lints;

/// Markdown lints of every page and section, as warnings on their files (with highlighting
/// on, fenced code in a language there is no grammar for too).
pub fn markdown_lints(site: &Site) -> Vec<Diagnostic> {
    let items = site
        .pages
        .iter()
        .map(|p| (&p.file, &p.text, p.body.clone()))
        .chain(site.sections.iter().map(|s| (&s.file, &s.text, s.body.clone())));
    let mut out = Vec::new();
    for (file, text, body) in items {
        let mut lints = crate::markdown::lint_markdown(&text[body.clone()]);
        if site.config.highlight.enabled {
            lints.extend(crate::markdown::unknown_languages(&text[body.clone()]));
        }
        for l in lints {
            let span = l.error.span.start + body.start..l.error.span.end + body.start;
            out.push(
                Diagnostic::warning(l.error.message)
                    .in_file(file)
                    .at(text, span)
                    .with_help(l.error.help)
                    .with_code(l.rule),
            );
        }
    }
    out
}

/// Pages that expired or expire within 30 days (`expired`, `expires-soon`), as warnings.
pub fn expiry_lints(site: &Site, now: i64) -> Vec<Diagnostic> {
    expiry::lint(&site.expiries, now)
}

/// Sections made from folders without an `_index.md`.
pub fn implicit_sections(site: &Site) -> Vec<Diagnostic> {
    site.sections
        .iter()
        .filter(|s| s.implicit && !s.key.is_empty() && !s.translation)
        .map(|s| {
            Diagnostic::warning(format!(
                "content/{}/ has no _index.md, so the section is titled \"{}\" from its folder name",
                s.key, s.title
            ))
            .in_file(format!("content/{}", s.key))
            .with_help(format!("add {} with at least `title:` in its front matter", s.file.display()))
            .with_code("section-index")
        })
        .collect()
}

/// Pages without `title` in their front matter (`missing-title`), titled from their first
/// `# heading` or file name.
pub fn missing_titles(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| p.front.untitled)
        .map(|p| {
            let end = p.text.find('\n').unwrap_or(p.text.len());
            Diagnostic::warning(format!("this page has no `title`, so it is titled \"{}\"", p.front.title))
                .in_file(&p.file)
                .at(&p.text, 0..end)
                .with_help("add a line such as `title: \"World Café\"` to the front matter")
                .with_code("missing-title")
        })
        .collect()
}

/// Where an href leads inside the site: (output path, fragment), or `None` if it leads out.
fn resolve(site: &Site, from: &str, href: &str) -> Option<Result<(String, Option<String>), String>> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(decode(f))),
        None => (href, None),
    };
    let rest = rest.split('?').next().unwrap_or(rest);
    let path = if rest.is_empty() {
        from.to_string()
    } else if let Some(p) = rest.strip_prefix(site.config.base_url.as_str()) {
        p.to_string()
    } else if rest.starts_with("//") || rest.contains(':') {
        return None; // another site, mailto:, tel:, javascript:
    } else if let Some(abs) = rest.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(site.config.base_path.as_str()) {
            Some(p) => p.to_string(),
            None => return Some(Err(format!("`{href}` is outside the site's base path {}", site.config.base_path))),
        }
    } else {
        let dir = from.rfind('/').map_or("", |i| &from[..=i]);
        normalize(&format!("{dir}{rest}"))
    };
    let path = decode(&path);
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path };
    Some(Ok((file, fragment)))
}

fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            ".." => {
                out.pop();
            }
            "." => {}
            s => out.push(s),
        }
    }
    out.join("/")
}

pub(crate) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..(i + 3).min(s.len())], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Links, anchors, duplicate ids and unlisted pages across the rendered site.
pub fn rendered_site(site: &Site, outputs: &[Output], scanned: &[Option<Scanned>]) -> Vec<Diagnostic> {
    let mut files: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    files.insert("404.html");
    let ids: HashMap<&str, HashSet<&str>> = outputs
        .iter()
        .zip(scanned)
        .filter_map(|(o, s)| Some((o.path.as_str(), s.as_ref()?.ids.iter().map(String::as_str).collect())))
        .collect();
    let mut linked: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (o, s) in outputs.iter().zip(scanned) {
        let Some(s) = s else { continue };
        let page = page_of(site, o);
        let mut seen: HashSet<&str> = HashSet::new();
        for id in &s.ids {
            if !seen.insert(id) {
                let message = format!("the id `{id}` appears more than once on {}", url_of(site, o));
                out.push(
                    Diagnostic { severity: Severity::Warning, ..on_page(site, o, page.clone(), None, message) }
                        .with_help(
                            "ids must be unique within a page; rename a heading ({#other-id}) or fix the template",
                        )
                        .with_code("duplicate-id"),
                );
            }
        }
        for href in &s.targets {
            let Some(target) = resolve(site, &o.path, href) else { continue };
            let (file, fragment) = match target {
                Ok(t) => t,
                Err(why) => {
                    out.push(on_page(site, o, page.clone(), Some(href), why).with_help("write links inside the site as @/section/page.md in Markdown, or with get_url() in templates").with_code("link"));
                    continue;
                }
            };
            if file != o.path {
                linked.insert(file.clone());
            }
            // The search index is written after rendering, so `check` does not know its files.
            let search_file = site.config.outputs.search && file.starts_with("pagefind/");
            if !files.contains(file.as_str()) && !search_file {
                out.push(
                    on_page(
                        site,
                        o,
                        page.clone(),
                        Some(href),
                        format!("{} links to `{href}`, which does not exist in the built site", url_of(site, o)),
                    )
                    .with_help("fix the address, or link pages as @/section/page.md so the build checks them")
                    .with_code("link"),
                );
                continue;
            }
            if let (Some(f), Some(known)) = (fragment, ids.get(file.as_str()))
                && !f.is_empty()
                && !known.contains(f.as_str())
            {
                let hint = crate::diagnostics::did_you_mean(&f, known.iter().copied())
                    .map_or(String::new(), |s| format!("did you mean `#{s}`? "));
                out.push(
                    on_page(
                        site,
                        o,
                        page.clone(),
                        Some(href),
                        format!("{} links to `{href}`, but that page has no element with id `{f}`", url_of(site, o)),
                    )
                    .with_help(format!("{hint}anchors are heading ids: `## When to use it` gets `#when-to-use-it`"))
                    .with_code("anchor"),
                );
            }
        }
    }
    for p in site.pages.iter().filter(|p| !p.front.headless) {
        let file = format!("{}index.html", p.path);
        if !linked.contains(&file) {
            out.push(
                Diagnostic::warning(format!("no listing or page links to {}", site.url(&p.path)))
                    .in_file(&p.file)
                    .with_help("readers can only reach it by its address; check that its section's template lists its pages, or link it from another page")
                    .with_code("unlisted"),
            );
        }
    }
    out
}

pub(crate) fn page_of<'a>(site: &'a Site, o: &Output) -> Option<PageSource<'a>> {
    match &o.kind {
        Kind::Page { id, .. } => site.pages.get(*id).map(|p| (p.file.as_path(), &p.text, p.body.clone())),
        Kind::Section { id, .. } => site.sections.get(*id).map(|s| (s.file.as_path(), &s.text, s.body.clone())),
        _ => None,
    }
}

/// A content file: its path, text and body range.
pub(crate) type PageSource<'a> = (&'a std::path::Path, &'a std::sync::Arc<str>, std::ops::Range<usize>);

fn url_of(site: &Site, o: &Output) -> String {
    site.url(o.path.trim_end_matches("index.html"))
}

/// An error on the content file behind `o`, at `href` when the Markdown contains it.
fn on_page(site: &Site, o: &Output, page: Option<PageSource>, href: Option<&str>, message: String) -> Diagnostic {
    let _ = site;
    let d = Diagnostic::error(message).in_file(&o.owner);
    match (page, href) {
        (Some((file, text, body)), Some(h)) => match written_at(site, text, body, h) {
            Some(span) => d.in_file(file).at(text, span),
            None => d.in_file(file),
        },
        (Some((file, _, _)), None) => d.in_file(file),
        _ => d,
    }
}

/// Where `href` is written in a content file's Markdown body (its first occurrence), as a byte
/// range of the whole file.
pub(crate) fn written_at(
    site: &Site,
    text: &str,
    body: std::ops::Range<usize>,
    h: &str,
) -> Option<std::ops::Range<usize>> {
    let i = text[body.clone()].find(h).or_else(|| {
        let bare = h.strip_prefix(site.config.base_path.as_str()).map(|r| format!("/{r}"))?;
        text[body.clone()].find(&bare)
    })?;
    Some(body.start + i..body.start + i + h.len().min(text.len() - body.start - i))
}
