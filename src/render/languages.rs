//! What templates see of a site's languages: `page.translations` and `section.translations`
//! (every version, itself included, in language order), the `alternates` of the output being
//! rendered (for `<link rel="alternate" hreflang>`, with `x-default`), and `site.languages`.

use tera::Value;

use super::context::map;
use crate::site::{PageId, SectionId, Site};

/// One version of a page or section: its language, title and path.
struct Version<'a> {
    lang: &'a str,
    title: &'a str,
    path: &'a str,
}

fn versions_of_page(site: &Site, id: PageId) -> Vec<Version<'_>> {
    let p = |i: PageId| &site.pages[i];
    site.translations
        .of_page(id)
        .iter()
        .map(|&i| Version { lang: &p(i).lang, title: &p(i).front.title, path: &p(i).path })
        .collect()
}

fn versions_of_section(site: &Site, id: SectionId) -> Vec<Version<'_>> {
    let s = |i: SectionId| &site.sections[i];
    site.translations
        .of_section(id)
        .iter()
        .map(|&i| Version { lang: &s(i).lang, title: &s(i).title, path: &s(i).path })
        .collect()
}

fn list(site: &Site, versions: &[Version]) -> Value {
    let one = |v: &Version| {
        map(vec![
            ("lang", Value::from(v.lang)),
            ("title", Value::from(v.title)),
            ("url", Value::from(site.url(v.path))),
            ("permalink", Value::from(site.permalink(v.path))),
            ("path", Value::from(v.path)),
        ])
    };
    Value::from(versions.iter().map(one).collect::<Vec<_>>())
}

/// `page.translations`: every version of page `id`, itself included (empty when it has none).
pub(crate) fn page_translations(site: &Site, id: PageId) -> Value {
    list(site, &versions_of_page(site, id))
}

/// `section.translations`, as for a page.
pub(crate) fn section_translations(site: &Site, id: SectionId) -> Value {
    list(site, &versions_of_section(site, id))
}

/// The `alternates` of an output showing page `id`: see [`alternates`].
pub(crate) fn page_alternates(site: &Site, id: PageId) -> Value {
    alternates(site, &versions_of_page(site, id))
}

/// The `alternates` of an output showing section `id`: see [`alternates`].
pub(crate) fn section_alternates(site: &Site, id: SectionId) -> Value {
    alternates(site, &versions_of_section(site, id))
}

/// `{hreflang, href}` for each version (absolute URLs), then `x-default`: the default
/// language's version, else the first. Empty when there is one version.
fn alternates(site: &Site, versions: &[Version]) -> Value {
    if versions.len() < 2 {
        return Value::from(Vec::<Value>::new());
    }
    let one = |lang: &str, path: &str| {
        map(vec![("hreflang", Value::from(lang)), ("href", Value::from(site.permalink(path)))])
    };
    let mut out: Vec<Value> = versions.iter().map(|v| one(v.lang, v.path)).collect();
    let default = versions.iter().find(|v| v.lang == site.config.language).unwrap_or(&versions[0]);
    out.push(one("x-default", default.path));
    Value::from(out)
}

/// `site.languages`: every language, the default first: `code`, `name`, `title`,
/// `description`, its home's `url` and `permalink`, and its Atom feed's `feed_url` (none when
/// its feeds are off).
pub(crate) fn languages(site: &Site) -> Value {
    let c = &site.config;
    let one = |code: &str, name: &str, description: Option<&str>| {
        let home = c.language_prefix(code);
        let feeds = c.lang(code).map_or(c.outputs.feeds, |l| l.feeds);
        let feed = format!("{home}{}", super::feeds::Format::Atom.file());
        map(vec![
            ("code", Value::from(code)),
            ("feed_url", if feeds { Value::from(site.url(&feed)) } else { Value::none() }),
            ("name", Value::from(name)),
            ("title", Value::from(c.title_in(code))),
            ("description", description.map_or_else(Value::none, Value::from)),
            ("url", Value::from(site.url(&home))),
            ("permalink", Value::from(site.permalink(&home))),
        ])
    };
    let default = one(&c.language, &c.language, c.description.as_deref());
    let others =
        c.languages.iter().map(|l| one(&l.code, &l.name, l.description.as_deref().or(c.description.as_deref())));
    Value::from(std::iter::once(default).chain(others).collect::<Vec<_>>())
}

/// A list of the hreflang alternates for outputs that have none.
pub(crate) fn none() -> Value {
    Value::from(Vec::<Value>::new())
}

/// Where language `lang`'s term pages are: under its prefix when it has them, else the default's.
pub(crate) fn term_prefix(site: &Site, lang: &str) -> String {
    match site.config.lang(lang) {
        Some(l) if l.taxonomies => site.config.language_prefix(lang),
        _ => String::new(),
    }
}
