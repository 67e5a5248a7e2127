//! The taxonomy views: `taxonomy`, `term` (with its `pages` and `sections`), and the term
//! entries of `page.taxonomies` and `section.taxonomies`.

use tera::Value;
use tera::value::{Key, Map};

use super::{extend, feed_url, map, opt_str};
use crate::render::feeds::Format;
use crate::site::Site;

pub(super) fn term_summary(site: &Site, t: usize, k: usize) -> Value {
    let tax = &site.taxonomies[t];
    let term = &tax.terms[k];
    let title = tax.config.terms.as_ref().and_then(|t| t.get(&term.slug)).unwrap_or(&term.name);
    map(vec![
        ("name", Value::from(term.name.as_str())),
        ("title", Value::from(title.as_str())),
        ("slug", Value::from(term.slug.as_str())),
        ("url", Value::from(site.url(&term.path))),
        ("permalink", Value::from(site.permalink(&term.path))),
        ("path", Value::from(term.path.as_str())),
        ("count", Value::from(term.pages.len())),
        ("taxonomy", Value::from(tax.config.name.as_str())),
        ("feed_url", feed_url(site, tax.config.feed, &term.path, Format::Atom)),
        ("json_feed_url", feed_url(site, tax.config.feed, &term.path, Format::Json)),
    ])
}

/// A term with its pages and the summaries of the sections that carry it (`sections`: every
/// section's summary, with its subsections).
pub(super) fn term_view(
    site: &Site,
    pages: &[Value],
    sections: &[Value],
    summary: &Value,
    t: usize,
    k: usize,
) -> Value {
    let term = &site.taxonomies[t].terms[k];
    let list: Vec<Value> = term.pages.iter().map(|&p| pages[p].clone()).collect();
    let carrying: Vec<Value> = term.sections.iter().map(|&s| sections[s].clone()).collect();
    extend(summary, vec![("pages", Value::from(list)), ("sections", Value::from(carrying))])
}

/// A taxonomy with `terms` (summaries for `site.taxonomies`, full term views for its pages).
pub(super) fn taxonomy_view(site: &Site, t: usize, terms: Vec<Value>) -> Value {
    let tax = &site.taxonomies[t];
    map(vec![
        ("name", Value::from(tax.config.name.as_str())),
        ("title", Value::from(tax.config.title.as_str())),
        ("description", opt_str(tax.config.description.as_deref())),
        ("slug", Value::from(tax.config.slug.as_str())),
        ("url", Value::from(site.url(&tax.path))),
        ("permalink", Value::from(site.permalink(&tax.path))),
        ("path", Value::from(tax.path.as_str())),
        ("terms", Value::from(terms)),
    ])
}

/// The entries of `page.taxonomies` for the pages `ids`: one value per taxonomy (its index in
/// the config) and term name, shared by every page that lists the term (a term's values cost
/// about 500 bytes, times each page that lists it: 250 MB at 100,000 pages).
pub(super) type TermValues<'a> = std::collections::HashMap<(usize, &'a str, &'a str), Value>;

pub(super) fn term_values<'a>(site: &'a Site, ids: impl Iterator<Item = usize>) -> TermValues<'a> {
    let mut values = TermValues::new();
    for id in ids {
        let (front, lang) = (&site.pages[id].front, site.pages[id].lang.as_str());
        for (t, tax) in site.config.taxonomies.iter().enumerate() {
            for name in front.taxonomies.get(&tax.name).into_iter().flatten() {
                values.entry((t, lang, name.as_str())).or_insert_with(|| entry(site, tax, name, lang));
            }
        }
    }
    values
}

/// One term as `page.taxonomies` and `section.taxonomies` list it in language `lang`:
/// `{name, title, slug, url}`.
fn entry(site: &Site, tax: &crate::config::TaxonomyConfig, name: &str, lang: &str) -> Value {
    let slug = crate::slug::slugify(name);
    let path = format!("{}{}/{}/", crate::render::languages::term_prefix(site, lang), tax.slug, slug);
    let title = tax.terms.as_ref().and_then(|t| t.get(&slug)).map_or(name, String::as_str);
    map(vec![
        ("name", Value::from(name)),
        ("title", Value::from(title)),
        ("slug", Value::from(slug.as_str())),
        ("url", Value::from(site.url(&path))),
    ])
}

/// `section.taxonomies` of section `id`: taxonomy name -> its terms in front matter order, only
/// the taxonomies the section sets (the shape of `page.taxonomies`).
pub(super) fn section_taxonomies(site: &Site, id: usize) -> Value {
    let (front, lang) = (&site.sections[id].front, site.sections[id].lang.as_str());
    let mut out = Map::new();
    for tax in &site.config.taxonomies {
        let Some(names) = front.taxonomies.get(&tax.name) else { continue };
        let terms: Vec<Value> = names.iter().map(|name| entry(site, tax, name, lang)).collect();
        out.insert(Key::from(tax.name.clone()), Value::from(terms));
    }
    Value::from(out)
}
