//! Every outside `http(s)` link of the site, once, with every place it is written: the
//! Markdown line (found as `check` finds internal links), a front matter value, or, when the
//! link comes from a template, the first page it appears on.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde_yaml::Value as Y;

use crate::check::{PageSource, Scanned, page_of, written_at};
use crate::config::collections::{FieldType, Scalar};
use crate::render::{Output, Theme};
use crate::site::Site;

/// One place a link is written.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    pub file: PathBuf,
    /// The file's text and the link's byte range in it, when the link is written there.
    pub at: Option<(Arc<str>, Range<usize>)>,
    /// The `#fragment`, if the link has one (without `#`).
    pub fragment: Option<String>,
    /// How many rendered pages show the link from a template (0 for Markdown and front matter).
    pub pages: usize,
}

/// Links by URL without fragment, in URL order.
pub(crate) type Links = BTreeMap<String, Vec<Use>>;

/// Splits an outside link into (URL without fragment, fragment); `None` for anything else.
pub(crate) fn external(href: &str, base_url: &str) -> Option<(String, Option<String>)> {
    let h = href.trim();
    let scheme = h.get(..8).unwrap_or(h).to_ascii_lowercase();
    if !(scheme.starts_with("http://") || scheme.starts_with("https://")) || h.starts_with(base_url) {
        return None;
    }
    Some(match h.split_once('#') {
        Some((u, f)) => (u.to_string(), Some(f.to_string()).filter(|f| !f.is_empty())),
        None => (h.to_string(), None),
    })
}

/// Every outside link in the rendered pages and in URL-typed front matter fields; links that
/// only templates write point at the first template that has them.
pub(crate) fn collect(site: &Site, theme: &Theme, outputs: &[Output], scanned: &[Option<Scanned>]) -> Links {
    let mut links = Links::new();
    for (o, s) in outputs.iter().zip(scanned) {
        let Some(s) = s else { continue };
        let page = page_of(site, o);
        // Where the search for each href goes on: its second use is its second occurrence.
        let mut next: HashMap<&str, usize> = HashMap::new();
        for href in &s.targets {
            let Some((url, fragment)) = external(href, &site.config.base_url) else { continue };
            let from = next.get(href.as_str()).copied().unwrap_or(0);
            let at = page.as_ref().and_then(|p| locate(site, p, href, from).or_else(|| locate(site, p, href, 0)));
            if let Some((_, span)) = &at {
                next.insert(href, span.end);
            }
            let file = match (&page, &at) {
                (Some((file, _, _)), _) => file.to_path_buf(),
                (None, _) => o.owner.clone(),
            };
            let pages = usize::from(at.is_none());
            add(&mut links, url, Use { file, at, fragment, pages });
        }
    }
    front_matter_urls(site, &mut links);
    // Links on pages but not in their files: from a template, or from site.yaml's `extra`.
    let config: Arc<str> = Arc::from(site.config.source.as_str());
    let config_file = std::path::Path::new(crate::config::FILE_NAME);
    let sources: Vec<(&std::path::Path, &Arc<str>)> = theme.sources().chain([(config_file, &config)]).collect();
    for (url, uses) in &mut links {
        for u in uses.iter_mut().filter(|u| u.at.is_none()) {
            if let Some((file, text, i)) = sources.iter().find_map(|(f, t)| Some((f, t, t.find(url.as_str())?))) {
                u.file = file.to_path_buf();
                u.at = Some((Arc::clone(text), i..i + url.len()));
            }
        }
    }
    links
}

/// Where `href` is written in the page's Markdown from byte `from` on, else in its front matter.
fn locate(site: &Site, (_, text, body): &PageSource, href: &str, from: usize) -> Option<(Arc<str>, Range<usize>)> {
    let written = href.replace("&amp;", "&");
    let span = written_at(site, text, body.start.max(from)..body.end, &written).or_else(|| {
        let i = text[..body.start].find(&written)?;
        Some(i..i + written.len())
    })?;
    Some((Arc::clone(text), span))
}

/// Adds a use, merging template links (no position) into one use per file-less link.
fn add(links: &mut Links, url: String, new: Use) {
    let uses = links.entry(url).or_default();
    let same = |u: &Use| match (&u.at, &new.at) {
        (Some((_, a)), Some((_, b))) => u.file == new.file && a == b && u.fragment == new.fragment,
        (None, None) => u.fragment == new.fragment,
        _ => false,
    };
    match uses.iter_mut().find(|u| same(u)) {
        Some(u) => u.pages += new.pages,
        None => uses.push(new),
    }
}

/// Values of `type: url` fields (one or a list) of every page's collection.
fn front_matter_urls(site: &Site, links: &mut Links) {
    for p in &site.pages {
        let Some(section) = site.sections.get(p.section) else { continue };
        let Some(collection) = site.config.collections.get(&section.key) else { continue };
        for (name, field) in &collection.fields {
            if !matches!(field.ty, FieldType::One(Scalar::Url) | FieldType::List(Scalar::Url)) {
                continue;
            }
            let values: Vec<&str> = match p.front.params.get(name.as_str()) {
                Some(Y::String(s)) => vec![s.as_str()],
                Some(Y::Sequence(list)) => list.iter().filter_map(Y::as_str).collect(),
                _ => Vec::new(),
            };
            for v in values {
                let Some((url, fragment)) = external(v, &site.config.base_url) else { continue };
                let at = p.text[..p.body.start].find(v).map(|i| (Arc::clone(&p.text), i..i + v.len()));
                add(links, url, Use { file: p.file.clone(), at, fragment, pages: 0 });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::external;

    #[test]
    fn only_outside_http_links_count() {
        let base = "https://hub.org/";
        assert_eq!(external("https://a.org/x#y", base), Some(("https://a.org/x".into(), Some("y".into()))));
        assert_eq!(external("HTTP://a.org/", base), Some(("HTTP://a.org/".into(), None)));
        assert_eq!(external("https://hub.org/page/", base), None);
        assert_eq!(external("mailto:a@b.org", base), None);
        assert_eq!(external("/local/", base), None);
    }
}
