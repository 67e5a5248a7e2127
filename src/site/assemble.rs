//! Listings: each section's pages in its sort order, taxonomies with their terms, and how a
//! listing is cut into pagers. Pure functions over the planned model.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

use super::{Page, Section, Taxonomy, Term};
use crate::config::Config;
use crate::content::SortBy;
use crate::slug::slugify;

/// Orders every section's pages and builds the taxonomies. Headless pages and sections
/// (`render: false`) are in no listing: not in their section's pages, its subsections, or a term.
pub(crate) fn assemble(config: &Config, pages: &[Page], sections: &mut [Section]) -> Vec<Taxonomy> {
    for (id, page) in pages.iter().enumerate().filter(|(_, p)| !p.front.headless) {
        sections[page.section].pages.push(id);
    }
    for section in sections.iter_mut() {
        let by = section.front.sort_by;
        section.pages.sort_by(|&a, &b| compare(by, &pages[a], &pages[b]));
    }
    let order: Vec<(Option<i64>, String)> = sections.iter().map(|s| (s.front.weight, s.title.to_lowercase())).collect();
    let headless: Vec<bool> = sections.iter().map(|s| s.front.headless).collect();
    for section in sections.iter_mut() {
        section.subsections.retain(|&s| !headless[s]);
        section
            .subsections
            .sort_by(|&a, &b| weight_order(order[a].0, order[b].0).then_with(|| order[a].1.cmp(&order[b].1)));
    }
    let mut taxonomies: Vec<Taxonomy> =
        config.taxonomies.iter().map(|t| taxonomy(t, pages, sections, &config.language, "")).collect();
    for lang in config.languages.iter().filter(|l| l.taxonomies) {
        let prefix = config.language_prefix(&lang.code);
        taxonomies.extend(config.taxonomies.iter().map(|t| taxonomy(t, pages, sections, &lang.code, &prefix)));
    }
    taxonomies
}

/// Taxonomy `config`'s terms with the pages and sections in language `lang` that carry them (a
/// term only sections carry is a term too, with a page of its own), published under `prefix`
/// (`es/`).
fn taxonomy(
    config: &crate::config::TaxonomyConfig,
    pages: &[Page],
    sections: &[Section],
    lang: &str,
    prefix: &str,
) -> Taxonomy {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    let path = format!("{prefix}{}/", config.slug);
    for (id, page) in pages.iter().enumerate().filter(|(_, p)| !p.front.headless) {
        if page.lang != lang {
            continue;
        }
        for name in page.front.taxonomies.get(&config.name).into_iter().flatten() {
            if let Some(term) = entry(&mut terms, &path, name).filter(|t| t.pages.last() != Some(&id)) {
                term.pages.push(id);
            }
        }
    }
    for (id, section) in sections.iter().enumerate().filter(|(_, s)| !s.front.headless && s.lang == lang) {
        for name in section.front.taxonomies.get(&config.name).into_iter().flatten() {
            if let Some(term) = entry(&mut terms, &path, name).filter(|t| t.sections.last() != Some(&id)) {
                term.sections.push(id);
            }
        }
    }
    let mut terms: Vec<Term> = terms.into_values().collect();
    for term in &mut terms {
        term.pages.sort_by(|&a, &b| compare(SortBy::Date, &pages[a], &pages[b]));
        term.sections.sort_by(|&a, &b| section_order(&sections[a], &sections[b]));
    }
    terms.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug)));
    Taxonomy { config: config.clone(), lang: lang.to_string(), path, terms }
}

/// The term `name` of `terms` (made if new); none for a name without letters or digits.
fn entry<'a>(terms: &'a mut BTreeMap<String, Term>, path: &str, name: &str) -> Option<&'a mut Term> {
    let slug = slugify(name);
    (!slug.is_empty()).then(|| {
        terms.entry(slug.clone()).or_insert_with(|| Term {
            name: name.to_string(),
            path: format!("{path}{slug}/"),
            slug,
            pages: Vec::new(),
            sections: Vec::new(),
        })
    })
}

/// Sections in the order of subsections: by weight, then title, then source path.
fn section_order(a: &Section, b: &Section) -> Ordering {
    weight_order(a.front.weight, b.front.weight)
        .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
        .then_with(|| a.key.cmp(&b.key))
}

fn weight_order(a: Option<i64>, b: Option<i64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of pages in a listing; ties are broken by the source path so output is stable.
fn compare(by: SortBy, a: &Page, b: &Page) -> Ordering {
    let title = |p: &Page| p.front.title.to_lowercase();
    let primary = match by {
        SortBy::Date => {
            let (da, db) = (a.front.date.map(|d| d.timestamp()), b.front.date.map(|d| d.timestamp()));
            match (da, db) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => title(a).cmp(&title(b)),
            }
        }
        SortBy::Weight => weight_order(a.front.weight, b.front.weight).then_with(|| title(a).cmp(&title(b))),
        SortBy::Title => title(a).cmp(&title(b)),
    };
    primary.then_with(|| a.key.cmp(&b.key))
}

/// One page of a paginated listing.
#[derive(Debug, Clone)]
pub(crate) struct Pager {
    /// 1-based.
    pub index: usize,
    /// Which items of the listing it shows.
    pub items: Range<usize>,
    /// Relative to the base path: the listing's own path for the first, `PATH/page/N/` after.
    pub path: String,
}

/// Cuts a listing of `total` items at `path` into pagers of `per` (0: one pager with all).
pub(crate) fn pagers(path: &str, total: usize, per: usize) -> Vec<Pager> {
    if per == 0 || total <= per {
        return vec![Pager { index: 1, items: 0..total, path: path.to_string() }];
    }
    (0..total.div_ceil(per))
        .map(|i| Pager {
            index: i + 1,
            items: i * per..((i + 1) * per).min(total),
            path: if i == 0 { path.to_string() } else { format!("{path}page/{}/", i + 1) },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_cover_every_item_once() {
        let p = pagers("sec/", 25, 10);
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].items, 20..25);
        assert_eq!(p[1].path, "sec/page/2/");
        assert_eq!(pagers("sec/", 5, 0).len(), 1);
        assert_eq!(pagers("sec/", 0, 10)[0].items, 0..0);
    }
}
