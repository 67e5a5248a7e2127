//! What an output reads, as typed dependencies. Each output kind says what it reads
//! ([`implicit`], one exhaustive match: a new kind cannot be added without saying it), and the
//! lookups its templates make while rendering are recorded as the same `Dep`s
//! (`lookup::Lookup`). The engine decides what a change must redo from these alone.

use std::path::PathBuf;
use std::sync::Arc;

use super::jobs::{Kind, Output};
use super::theme::Theme;
use crate::site::{PageId, SectionId, Site};

/// One thing an output reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// A page's view: front matter, rendered body, table of contents, summary.
    Page(PageId),
    /// A section with the views of its pages (its listing, `get_section`).
    Section(SectionId),
    /// A taxonomy with the pages of every term (its list page, `get_taxonomy`).
    Taxonomy(usize),
    /// One term of a taxonomy with its pages.
    Term(usize, usize),
    /// Every published page (feeds, sitemap, calendars, resources.json).
    AllPages,
    /// A template's text, by name (every template the output's template extends or includes).
    Template(Arc<str>),
    /// A file copied as it is, by its source path.
    File(PathBuf),
    /// site.yaml: every output reads it.
    Config,
    /// A data file, by its path from the root (`data/grantees.csv`): read by `load_data`.
    Data(Arc<str>),
}

/// What rendering `o` reads, besides the lookups its templates make: into `deps`, cleared
/// first (a caller asking for every output's dependencies allocates once).
pub(crate) fn implicit(o: &Output, site: &Site, theme: &Theme, deps: &mut Vec<Dep>) {
    deps.clear();
    deps.push(Dep::Config);
    let template = match &o.kind {
        Kind::Page { id, template } => {
            deps.push(Dep::Page(*id));
            // Its `<picture>`s name the images' variants.
            deps.extend(site.pages[*id].rendered.images.iter().map(|(src, _)| Dep::File(src.clone())));
            Some(template.as_str())
        }
        Kind::Section { id, template, .. } => {
            deps.push(Dep::Section(*id));
            Some(template.as_str())
        }
        Kind::Taxonomy { tax, template } => {
            deps.push(Dep::Taxonomy(*tax));
            Some(template.as_str())
        }
        Kind::Term { tax, term, template, .. } => {
            deps.push(Dep::Term(*tax, *term));
            Some(template.as_str())
        }
        Kind::SectionFeed { id, .. } => {
            deps.push(Dep::Section(*id));
            None
        }
        Kind::TermFeed { tax, term, .. } => {
            deps.push(Dep::Term(*tax, *term));
            None
        }
        Kind::NotFound => theme.has("404.html").then_some("404.html"),
        // A redirect shows the page's title and URL: front matter, which changes the site's shape.
        Kind::Alias { .. } | Kind::SectionAlias { .. } | Kind::Robots => None,
        // The stylesheet is made of site.yaml's themes alone.
        Kind::SyntaxCss => None,
        Kind::EventIcs { event } => {
            deps.push(Dep::Page(site.events[*event].page));
            None
        }
        // The forms read site.yaml, and which sections' pages are bundles.
        Kind::SiteFeed { .. } | Kind::Calendar { .. } | Kind::Resources | Kind::Sitemap | Kind::Cms { .. } => {
            deps.push(Dep::AllPages);
            None
        }
        Kind::Copy(src) | Kind::Image { src, .. } => {
            deps.push(Dep::File(src.clone()));
            None
        }
        Kind::Style { reads, .. } => {
            deps.extend(reads.iter().map(|p| Dep::File(p.clone())));
            None
        }
    };
    if let Some(name) = template {
        deps.extend(theme.closure(name).map(|n| Dep::Template(Arc::clone(n))));
    }
}
