//! The site model: pages, sections and taxonomies with their URLs, built once from the loaded
//! content and then only read. Pure functions, no I/O: `plan` decides what is published and
//! where each item goes (checking slugs, aliases and URL clashes), `assemble` orders listings
//! and builds taxonomies once Markdown is rendered.

mod assemble;
pub(crate) mod events;
pub(crate) mod expiry;
pub(crate) mod menus;
pub(crate) mod related;
pub(crate) mod translations;
mod urls;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, TaxonomyConfig};
use crate::content::{PageFront, SectionFront};
use crate::markdown::Rendered;

pub(crate) use assemble::{Pager, assemble, pagers};
pub(crate) use urls::{Plan, asset_path, plan};

pub(crate) type PageId = usize;
pub(crate) type SectionId = usize;

#[derive(Debug, Clone)]
pub struct Page {
    pub key: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub body: std::ops::Range<usize>,
    pub section: SectionId,
    pub front: PageFront,
    pub slug: String,
    /// Relative to the base path, e.g. `case-studies/foo/`.
    pub path: String,
    /// Shared, so that rebuilds and template views reuse it without copying the HTML.
    pub rendered: Arc<Rendered>,
    pub assets: Vec<(PathBuf, String)>,
    /// Alias output paths (relative, cleaned), e.g. `old/path/index.html`.
    pub alias_files: Vec<String>,
    /// The language's code (site.yaml's `language` unless the page is a translation).
    pub lang: String,
    /// The `@/` key of the page in the default language (its own key unless a translation).
    pub original: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub key: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub body: std::ops::Range<usize>,
    pub front: SectionFront,
    pub implicit: bool,
    pub title: String,
    /// Alias output paths of the section's `aliases`, as for a page.
    pub alias_files: Vec<String>,
    /// `""` for the home, else e.g. `case-studies/`.
    pub path: String,
    pub parent: Option<SectionId>,
    pub depth: usize,
    pub subsections: Vec<SectionId>,
    /// Published pages, in the section's sort order.
    pub pages: Vec<PageId>,
    /// Shared, so that rebuilds and template views reuse it without copying the HTML.
    pub rendered: Arc<Rendered>,
    /// The language's code.
    pub lang: String,
    /// In a language besides the default (`_index.es.md`, or made for its pages).
    pub translation: bool,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Newest first.
    pub pages: Vec<PageId>,
    /// The sections whose `_index.md` carries the term, by weight, then title.
    pub sections: Vec<SectionId>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    /// The language of its pages; a taxonomy is listed once per language.
    pub lang: String,
    pub path: String,
    /// Sorted by name.
    pub terms: Vec<Term>,
}

/// The whole site, ready to render. Never changed once made: a rebuild makes a new one, sharing
/// the pages it keeps (`Arc`).
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Arc<Page>>,
    /// The home is section 0.
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// Pages with a `starts` time, in start order.
    pub events: Vec<events::Event>,
    pub build_date: chrono::NaiveDate,
    /// `@/` keys to root-relative URLs, as Markdown links see them (headless keys have none).
    pub links: Arc<crate::markdown::Links>,
    /// When a page left out for its future date becomes due, or a page expires (see
    /// [`Plan::next_due`]).
    pub next_due: Option<i64>,
    /// Pages with `expires:`, published or left out for it, for `check`.
    pub expiries: Vec<expiry::Expiry>,
    /// Every published image, probed, with its variants.
    pub images: Arc<crate::images::Catalog>,
    /// The data files, for `load_data`.
    pub(crate) data: Arc<crate::data::DataFiles>,
    /// site.yaml's menus with their URLs.
    pub(crate) menus: Arc<menus::Menus>,
    /// Each page's related pages (empty when no template mentions `related`).
    pub(crate) related: Arc<Vec<Vec<PageId>>>,
    /// Which pages and sections translate one another.
    pub(crate) translations: Arc<translations::Translations>,
}

/// The `@/` key of a section: `_index.md`, `case-studies/_index.md`.
pub(crate) fn section_key(s: &Section) -> String {
    let name = if s.translation { format!("_index.{}.md", s.lang) } else { "_index.md".to_string() };
    if s.key.is_empty() { name } else { format!("{}/{name}", s.key) }
}

impl Site {
    /// The calendar file of page `id`, if it is an event and calendars are on.
    pub fn ics_path(&self, id: PageId) -> Option<String> {
        let p = &self.pages[id];
        (self.config.outputs.calendar && self.events.iter().any(|e| e.page == id))
            .then(|| format!("{}{}.ics", p.path, p.slug))
    }
}

impl Site {
    /// Root-relative URL of a path relative to the base path.
    pub fn url(&self, path: &str) -> String {
        crate::url::join(&self.config.base_path, path)
    }

    /// Absolute URL of a path relative to the base path.
    pub fn permalink(&self, path: &str) -> String {
        crate::url::join(&self.config.base_url, path)
    }
}
