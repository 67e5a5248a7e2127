//! A section's front matter (`_index.md`): its own fields, taxonomy terms (checked as a page's
//! are: closed term lists, terms with no address), `render: false`, and every other key kept as
//! `section.params`, or, when a collection is declared for the section, an error with a
//! did-you-mean. Read by the same [`Reader`] as a page's front matter.

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value as Y};

use super::front_matter::{Reader, Schema};
use crate::diagnostics::did_you_mean;

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Date,
    Weight,
    Title,
}

/// The fields of an `_index.md`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    pub draft: bool,
    /// `render: false`: the section has no page of its own (no URL, no listing, no feed), but
    /// templates find it with `get_section` and its pages are published as usual.
    pub headless: bool,
    pub weight: Option<i64>,
    /// `feed: true`: the section gets `atom.xml` and `rss.xml` at its path.
    pub feed: bool,
    pub extra: Y,
    /// Old URLs that redirect to the section.
    pub aliases: Vec<String>,
    /// Taxonomy name -> terms, in the order written, as for a page.
    pub taxonomies: IndexMap<String, Vec<String>>,
    /// Every other key, in the order written (when no collection is declared for the section).
    pub params: Mapping,
}

const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "paginate_by",
    "template",
    "draft",
    "render",
    "weight",
    "feed",
    "aliases",
    "extra",
];

impl Reader<'_> {
    /// Reads an `_index.md`'s front matter. Taxonomy terms are checked against `schema`'s
    /// taxonomies; other unknown keys become `params`, or are errors when a collection is
    /// declared for the section.
    pub fn section(&mut self, value: &Y, schema: &Schema) -> SectionFront {
        let Some(map) = self.mapping(value) else { return SectionFront::default() };
        let typed = schema.collection.is_some();
        let mut params = Mapping::new();
        let mut taxonomies = IndexMap::new();
        for (key, value) in &map {
            let k = key.as_str().unwrap_or("");
            if SECTION_KEYS.contains(&k) {
                continue;
            }
            if let Some(tax) = schema.taxonomies.iter().find(|t| t.name == k) {
                let terms = self.string_list(&map, k);
                self.check_terms(tax, &terms);
                taxonomies.insert(k.to_string(), terms);
            } else if !typed {
                params.insert(key.clone(), value.clone());
            } else {
                self.unknown_section_key(k, schema);
            }
        }
        SectionFront {
            title: self.text(&map, "title"),
            description: self.text(&map, "description"),
            sort_by: self.sort_by(&map),
            paginate_by: self.paginate_by(&map),
            template: self.text(&map, "template"),
            draft: self.boolean(&map, "draft"),
            headless: self.flag(&map, "render") == Some(false),
            weight: self.integer(&map, "weight"),
            feed: self.boolean(&map, "feed"),
            extra: map.get("extra").cloned().unwrap_or(Y::Mapping(Mapping::new())),
            aliases: self.string_list(&map, "aliases"),
            taxonomies,
            params,
        }
    }

    /// A key a section under a collection may not set, with a did-you-mean among the section's
    /// keys and the site's taxonomies.
    fn unknown_section_key(&mut self, k: &str, schema: &Schema) {
        let known: Vec<&str> =
            SECTION_KEYS.iter().copied().chain(schema.taxonomies.iter().map(|t| t.name.as_str())).collect();
        let help = match did_you_mean(k, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? A section's _index.md may set: {}", known.join(", ")),
            None => {
                format!("a section's _index.md may set: {}; put anything else under `extra:`", known.join(", "))
            }
        };
        let d = self.err_key(k, format!("unknown key `{k}` in a section's front matter"), help);
        self.diags.push(d.with_label("unknown key"));
    }

    fn sort_by(&mut self, map: &Mapping) -> SortBy {
        match self.text(map, "sort_by").as_deref() {
            None | Some("date") => SortBy::Date,
            Some("weight") => SortBy::Weight,
            Some("title") => SortBy::Title,
            Some(other) => {
                let hint = did_you_mean(other, ["date", "weight", "title"])
                    .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                let d = self.err(
                    "sort_by",
                    format!("`sort_by` is `{other}`, which is not a sort order"),
                    format!("{hint}use one of: date, weight, title"),
                );
                self.diags.push(d.with_label("unknown sort order"));
                SortBy::Date
            }
        }
    }

    fn paginate_by(&mut self, map: &Mapping) -> Option<usize> {
        match self.integer(map, "paginate_by") {
            Some(n) if n < 0 => {
                let d = self.err(
                    "paginate_by",
                    "`paginate_by` cannot be negative".into(),
                    "use 0 to turn pagination off".into(),
                );
                self.diags.push(d);
                None
            }
            other => other.map(|n| n as usize),
        }
    }
}
