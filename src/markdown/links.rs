//! The `@/` link map: each published page's and section's key (`blog/hello.md`,
//! `blog/_index.md`) with its root-relative URL, and the keys of headless content
//! (`render: false`), which exists but has no URL. Page bodies, the `markdown` filter, menus and
//! `get_url` all resolve `@/` keys here, so a link to headless content says so instead of
//! "no such page".

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::CowStr;

use super::render::{Context, InternalLink, RenderError, Rendered};

/// `@/` keys to URLs, and the keys that have none because they are headless.
#[derive(Debug, Default, Clone)]
pub struct Links {
    urls: HashMap<String, String>,
    headless: HashSet<String>,
}

/// Why an `@/` key has no URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved<'a> {
    /// The page or section exists, with `render: false`; the key as found.
    Headless(String),
    /// Nothing has that key; the nearest key, if one is close.
    Missing(Option<&'a str>),
}

impl Links {
    pub fn new(urls: HashMap<String, String>, headless: HashSet<String>) -> Links {
        Links { urls, headless }
    }

    /// The URL of `key`, or of the section `key/_index.md` (a link may name a section by its
    /// folder, `@/blog`).
    pub fn resolve(&self, key: &str) -> Result<&str, Unresolved<'_>> {
        let section = format!("{}/_index.md", key.trim_end_matches('/'));
        if let Some(url) = self.urls.get(key).or_else(|| self.urls.get(&section)) {
            return Ok(url);
        }
        match [key, section.as_str()].into_iter().find(|k| self.headless.contains(*k)) {
            Some(found) => Err(Unresolved::Headless(found.to_string())),
            None => {
                Err(Unresolved::Missing(crate::diagnostics::did_you_mean(key, self.urls.keys().map(String::as_str))))
            }
        }
    }

    /// Every key with its URL, and the headless keys, in order (for fingerprints).
    pub fn sorted(&self) -> (BTreeMap<&str, &str>, BTreeSet<&str>) {
        (
            self.urls.iter().map(|(k, u)| (k.as_str(), u.as_str())).collect(),
            self.headless.iter().map(String::as_str).collect(),
        )
    }
}

impl Unresolved<'_> {
    /// The message and help for a Markdown link to `key` (`@/` written before it).
    pub fn explain(&self, key: &str) -> (String, String) {
        match self {
            Unresolved::Headless(found) => (
                format!("this link points to `@/{found}`, which has `render: false` and no address"),
                headless_help(found),
            ),
            Unresolved::Missing(near) => (
                format!("this link points to `@/{key}`, and there is no such page"),
                near.map_or_else(
                    || "the path is relative to content/, e.g. @/case-studies/some-library.md".to_string(),
                    |s| format!("did you mean `@/{s}`?"),
                ),
            ),
        }
    }
}

/// The help for a link to headless content at `key` (`@/` written before it).
pub fn headless_help(key: &str) -> String {
    format!(
        "`@/{key}` has `render: false`, so it has no address to link to; link to a published page, or remove `render: false` from it (templates can still show it with get_page or get_section)"
    )
}

/// `@/` links become URLs (missing or headless targets are errors; in a translation, the
/// target's version in the same language where there is one); root-relative links gain the
/// base path.
pub(super) fn rewrite_url<'a>(dest: CowStr<'a>, ctx: &Context, span: Range<usize>, out: &mut Rendered) -> CowStr<'a> {
    let Some(target) = dest.strip_prefix("@/") else {
        return crate::url::under_base(ctx.base_path, &dest).map_or(dest, CowStr::from);
    };
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (target, None),
    };
    let path = path.trim_start_matches("./");
    let key = if path.is_empty() { "_index.md".to_string() } else { path.to_string() };
    let translated = ctx.lang.map(|code| crate::content::translations::key_in(&key, code));
    let in_lang = translated.and_then(|t| ctx.links.resolve(&t).ok().map(|url| (t, url)));
    let (target, found, untranslated) = match in_lang {
        Some((t, url)) => (t, Ok(url), false),
        None => {
            let own = |code: &str| key.ends_with(&format!(".{code}.md"));
            let untranslated = ctx.lang.is_some_and(|code| !own(code));
            (key.clone(), ctx.links.resolve(&key), untranslated)
        }
    };
    match found {
        Ok(url) => {
            out.links.push(InternalLink { target, anchor: anchor.clone(), span, untranslated });
            let mut full = url.to_string();
            if let Some(a) = anchor {
                full.push('#');
                full.push_str(&a);
            }
            CowStr::from(full)
        }
        Err(why) => {
            let (message, help) = why.explain(&key);
            out.errors.push(RenderError { span, message, help });
            dest
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headless_keys_are_found_but_give_no_url() {
        let urls = HashMap::from([("blog/_index.md".to_string(), "/blog/".to_string())]);
        let links = Links::new(urls, HashSet::from(["blog/hidden.md".to_string(), "faq/_index.md".to_string()]));
        assert_eq!(links.resolve("blog"), Ok("/blog/"));
        assert_eq!(links.resolve("blog/hidden.md"), Err(Unresolved::Headless("blog/hidden.md".into())));
        assert_eq!(links.resolve("faq/"), Err(Unresolved::Headless("faq/_index.md".into())));
        assert_eq!(links.resolve("blog/_indx.md"), Err(Unresolved::Missing(Some("blog/_index.md"))));
    }
}
