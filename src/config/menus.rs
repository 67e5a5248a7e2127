//! `menus:` and `related:` in site.yaml. Menus are named lists of links for templates
//! (`menus.main`); each entry points at a page (`page: "@/trainings/_index.md"`, checked against
//! the site's pages once they are known, in `site::menus`) or at a URL, with a weight and
//! children. `related:` says how `page.related` ranks pages that share taxonomy terms.
//!
//! ```yaml
//! menus:
//!   main:
//!     - { name: "Case studies", page: "@/case-studies/_index.md", weight: 1 }
//!     - name: "Trainings"
//!       page: "@/trainings/_index.md"
//!       children:
//!         - { name: "Calendar", url: "/calendar.ics" }
//! related: { count: 5, taxonomies: { topic: 1, library_type: 2 } }
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use serde_yaml::{Mapping, Value as Y};

use super::{TaxonomyConfig, Validator};
use crate::diagnostics::did_you_mean;
use crate::yaml;

/// One entry of a menu, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuEntry {
    pub name: String,
    pub target: Target,
    /// Lighter entries come first; entries without a weight after those with one, as written.
    pub weight: Option<i64>,
    pub children: Vec<MenuEntry>,
    /// Where the target is written in site.yaml, for an error about it.
    pub at: Option<Range<usize>>,
}

/// What a menu entry links to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An `@/` page or section key, without the `@/`.
    Page(String),
    /// A URL as written: absolute, root-relative (under the base path) or relative to it.
    Url(String),
}

/// `related:`: how many related pages each page gets and the weight of a shared term of each
/// taxonomy (a taxonomy left out, or weighted 0, does not count).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub count: usize,
    /// Taxonomy name -> weight, in the config's taxonomy order.
    pub taxonomies: Vec<(String, u64)>,
}

const ENTRY_KEYS: &[&str] = &["name", "page", "url", "weight", "children"];
const RELATED_KEYS: &[&str] = &["count", "taxonomies"];
const ENTRY_HELP: &str =
    "write each entry as `- { name: \"Trainings\", page: \"@/trainings/_index.md\" }` or with `url:`";

impl Validator<'_> {
    /// `menus:`, by name.
    pub(super) fn menus(&mut self, map: &Mapping) -> BTreeMap<String, Vec<MenuEntry>> {
        let mut out = BTreeMap::new();
        let Some(value) = map.get("menus") else { return out };
        let Some(menus) = self.mapping_at(value, &[], "menus", "one menu name per line, each a list of entries") else {
            return out;
        };
        for (name, list) in &menus {
            let Some(name) = name.as_str() else { continue };
            out.insert(name.to_string(), self.menu_entries(name, list));
        }
        out
    }

    fn menu_entries(&mut self, menu: &str, list: &Y) -> Vec<MenuEntry> {
        match list {
            Y::Sequence(items) => items.iter().filter_map(|item| self.menu_entry(menu, item)).collect(),
            Y::Null => Vec::new(),
            other => {
                let d = self.err(
                    &["menus"],
                    Some(menu),
                    format!("the menu `{menu}` must be a list of entries, not {}", yaml::type_name(other)),
                    ENTRY_HELP,
                );
                self.diags.push(d);
                Vec::new()
            }
        }
    }

    /// An error at `needle` in the `menus:` block (or at `menus`).
    fn menu_err(&mut self, needle: Option<&str>, message: String, help: &str) {
        let d = self.error(self.item_span("menus", needle), message, help);
        self.diags.push(d);
    }

    fn menu_entry(&mut self, menu: &str, item: &Y) -> Option<MenuEntry> {
        let Y::Mapping(m) = item else {
            let message = format!("an entry of the menu `{menu}` must be a mapping, not {}", yaml::type_name(item));
            self.menu_err(yaml::as_text(item).as_deref(), message, ENTRY_HELP);
            return None;
        };
        for key in m.keys().filter_map(Y::as_str).filter(|k| !ENTRY_KEYS.contains(k)) {
            let hint = did_you_mean(key, ENTRY_KEYS.iter().copied())
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            let help = format!("{hint}a menu entry's keys: {}", ENTRY_KEYS.join(", "));
            self.menu_err(Some(key), format!("unknown key `{key}` in an entry of the menu `{menu}`"), &help);
        }
        let text = |k: &str| m.get(k).and_then(yaml::as_text);
        let Some(name) = text("name") else {
            let needle = text("page").or_else(|| text("url"));
            self.menu_err(needle.as_deref(), format!("an entry of the menu `{menu}` has no `name`"), ENTRY_HELP);
            return None;
        };
        let target = match (text("page"), text("url")) {
            (Some(page), None) => {
                let key = page.strip_prefix("@/").unwrap_or(&page).trim_start_matches('/');
                Target::Page(key.to_string())
            }
            (None, Some(url)) => Target::Url(url),
            (page, _) => {
                let message = match page {
                    Some(_) => format!("the menu entry `{name}` has both `page` and `url`"),
                    None => format!("the menu entry `{name}` has neither `page` nor `url`"),
                };
                self.menu_err(
                    Some(&name),
                    message,
                    "give it one of them: `page: \"@/path.md\"` or `url: \"https://…\"`",
                );
                return None;
            }
        };
        let needle = match &target {
            Target::Page(key) => key.as_str(),
            Target::Url(url) => url.as_str(),
        };
        let at = yaml::item_span(self.yaml(), "menus", needle);
        let weight = match m.get("weight") {
            None | Some(Y::Null) => None,
            Some(w) => match yaml::as_integer(w) {
                Some(w) => Some(w),
                None => {
                    let message = format!("the weight of the menu entry `{name}` must be a whole number");
                    self.menu_err(Some(&name), message, "write e.g. `weight: 10`: lighter entries come first");
                    None
                }
            },
        };
        let children = m.get("children").map(|c| self.menu_entries(menu, c)).unwrap_or_default();
        Some(MenuEntry { name, target, weight, children, at })
    }

    /// `related:`; by default 5 pages, every taxonomy weighing 1.
    pub(super) fn related(&mut self, map: &Mapping, taxonomies: &[TaxonomyConfig]) -> Related {
        let all = || taxonomies.iter().map(|t| (t.name.clone(), 1)).collect();
        let Some(m) = self.sub_map(map, "related", RELATED_KEYS) else {
            return Related { count: 5, taxonomies: all() };
        };
        let count = self.count(&m, &["related"], "count").unwrap_or(5);
        let Some(weights) = m.get("taxonomies") else { return Related { count, taxonomies: all() } };
        let Some(weights) =
            self.mapping_at(weights, &["related"], "taxonomies", "one taxonomy per line with its weight")
        else {
            return Related { count, taxonomies: all() };
        };
        let names: Vec<&str> = taxonomies.iter().map(|t| t.name.as_str()).collect();
        for key in weights.keys().filter_map(Y::as_str).filter(|k| !names.contains(k)) {
            let hint =
                did_you_mean(key, names.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
            let d = self.error(
                self.name_span(&["related", "taxonomies"], key),
                format!("`related.taxonomies` names `{key}`, which is not a taxonomy"),
                &format!("{hint}taxonomies: {}", names.join(", ")),
            );
            self.diags.push(d);
        }
        let mut out = Vec::new();
        for name in names {
            if let Some(w) = self.count(&weights, &["related", "taxonomies"], name) {
                out.push((name.to_string(), w as u64));
            }
        }
        Related { count, taxonomies: out }
    }
}
