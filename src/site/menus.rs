//! Menus with their URLs: each entry of site.yaml's `menus:` resolved against the site's pages
//! (an `@/` target that is no published page or section is an error at its place in site.yaml,
//! with a did-you-mean), then ordered by weight. Pure: which entry is the current page's is
//! decided per output, by `render::menus`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{Config, MenuEntry, Target};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Links, Unresolved};

/// One menu entry with its URL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MenuItem {
    pub(crate) name: String,
    /// Root-relative (`/ltc/trainings/`), or absolute for an outside link.
    pub(crate) url: String,
    pub(crate) children: Vec<MenuItem>,
}

/// Every menu, by name, its entries in order.
pub(crate) type Menus = BTreeMap<String, Vec<MenuItem>>;

/// The menus of `config`, their `@/` targets looked up in `links` (`@/` keys -> URLs).
pub(crate) fn resolve(config: &Config, links: &Links) -> (Menus, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text: Arc<str> = Arc::from(config.source.as_str());
    let menus = config
        .menus
        .iter()
        .map(|(name, entries)| (name.clone(), items(config, links, &text, name, entries, &mut diags)))
        .collect();
    (menus, diags)
}

fn items(
    config: &Config,
    links: &Links,
    text: &Arc<str>,
    menu: &str,
    entries: &[MenuEntry],
    diags: &mut Vec<Diagnostic>,
) -> Vec<MenuItem> {
    let mut order: Vec<&MenuEntry> = entries.iter().collect();
    // Weighted entries first, lightest first; the rest as written (the sort is stable).
    order.sort_by_key(|e| (e.weight.is_none(), e.weight));
    let mut out = Vec::new();
    for e in order {
        let url = match &e.target {
            Target::Page(key) => match links.resolve(key) {
                Ok(url) => url.to_string(),
                Err(why) => {
                    diags.push(unresolved(text, menu, e, key, why));
                    continue;
                }
            },
            Target::Url(url) if url.contains("://") || url.starts_with("mailto:") || url.starts_with("//") => {
                url.clone()
            }
            Target::Url(url) if url.starts_with('/') => {
                crate::url::under_base(&config.base_path, url).unwrap_or_else(|| url.clone())
            }
            Target::Url(url) => crate::url::join(&config.base_path, url),
        };
        let children = items(config, links, text, menu, &e.children, diags);
        out.push(MenuItem { name: e.name.clone(), url, children });
    }
    out
}

fn unresolved(text: &Arc<str>, menu: &str, e: &MenuEntry, key: &str, why: Unresolved) -> Diagnostic {
    let (what, help, label) = match why {
        Unresolved::Headless(found) => {
            ("which has `render: false` and no address", crate::markdown::headless_help(&found), "no address")
        }
        Unresolved::Missing(near) => (
            "which is no published page or section",
            format!(
                "{}write the path of a Markdown file under content/, e.g. `@/trainings/_index.md` for a section or `@/about.md` for a page",
                near.map_or(String::new(), |s| format!("did you mean `@/{s}`? "))
            ),
            "no such page",
        ),
    };
    let d = Diagnostic::error(format!("the entry `{}` of the menu `{menu}` links to `@/{key}`, {what}", e.name))
        .in_file(crate::config::FILE_NAME)
        .with_help(help)
        .with_code("config");
    match &e.at {
        Some(span) => d.at(text, span.clone()).with_label(label),
        None => d,
    }
}
