//! `resources.json`: every published page with its URL, title, section, summary, dates, terms
//! (with their readable labels) and typed fields, for other library sites to embed the hub's
//! listings. The records are wrapped with what the file is, the version of this shape, the
//! licence (`extra.licence` in site.yaml, else null), the build date and each taxonomy's
//! labels. The shape is documented in the README and kept stable; pages are sorted by URL.

use serde_json::{Map, Value as J, json};

use crate::site::Site;

/// The version of the shape below; raise it when a key changes meaning or goes away.
const VERSION: u32 = 2;

/// A term's readable label: its title in site.yaml's `terms:`, else its name (as templates do).
fn label<'a>(tax: &'a crate::site::Taxonomy, slug: &str, name: &'a str) -> &'a str {
    tax.config.terms.as_ref().and_then(|t| t.get(slug)).map_or(name, String::as_str)
}

/// One page's terms: `{ taxonomy: [{ slug, label, url }] }`, in front matter order.
fn terms(site: &Site, p: &crate::site::Page) -> J {
    let mut terms = Map::new();
    // The term pages of the page's language, else the default language's.
    let own = site.taxonomies.iter().any(|t| t.lang == p.lang);
    let lang = if own { p.lang.as_str() } else { site.config.language.as_str() };
    for tax in site.taxonomies.iter().filter(|t| t.lang == lang) {
        let Some(names) = p.front.taxonomies.get(&tax.config.name) else { continue };
        let list = names
            .iter()
            .map(|name| {
                let slug = crate::slug::slugify(name);
                // Every term with a slug has a page (site::assemble), at TAXONOMY/SLUG/.
                let url = (!slug.is_empty()).then(|| site.permalink(&format!("{}{slug}/", tax.path)));
                json!({ "slug": slug, "label": label(tax, &slug, name), "url": url })
            })
            .collect();
        terms.insert(tax.config.name.clone(), J::Array(list));
    }
    J::Object(terms)
}

/// Each taxonomy's title, URL and labels: `{ name: { title, url, terms: { slug: label } } }`.
fn taxonomies(site: &Site) -> J {
    let mut out = Map::new();
    for tax in site.taxonomies.iter().filter(|t| t.lang == site.config.language) {
        let labels: Map<String, J> =
            tax.terms.iter().map(|t| (t.slug.clone(), J::from(label(tax, &t.slug, &t.name)))).collect();
        out.insert(
            tax.config.name.clone(),
            json!({ "title": tax.config.title, "url": site.permalink(&tax.path), "terms": labels }),
        );
    }
    J::Object(out)
}

pub(crate) fn resources(site: &Site) -> String {
    let events: std::collections::HashSet<usize> = site.events.iter().map(|e| e.page).collect();
    let mut ids: Vec<usize> = (0..site.pages.len()).filter(|&i| !site.pages[i].front.headless).collect();
    ids.sort_by(|&a, &b| site.pages[a].path.cmp(&site.pages[b].path));
    let pages: Vec<J> = ids
        .into_iter()
        .map(|id| {
            let p = &site.pages[id];
            let section = &site.sections[p.section];
            let fields = serde_json::to_value(&p.front.params).unwrap_or(J::Null);
            json!({
                "url": site.permalink(&p.path),
                "path": site.url(&p.path),
                "title": p.front.title,
                "lang": p.lang,
                "section": section.key,
                "section_title": section.title,
                "summary": p.front.summary.clone().or_else(|| p.rendered.first_paragraph_text.clone()),
                "date": p.front.date.map(|d| d.to_text()),
                "updated": p.front.updated.map(|d| d.to_text()),
                "terms": terms(site, p),
                "fields": fields,
                "calendar": events.contains(&id).then(|| site.ics_path(id)).flatten().map(|path| site.permalink(&path)),
                "source": p.file.to_string_lossy().replace('\\', "/"),
            })
        })
        .collect();
    let licence = site.config.extra.get("licence").and_then(|l| l.as_str()).map(str::to_string);
    let doc = json!({
        "format": "ltc-hub resources",
        "version": VERSION,
        "generated": site.build_date.format("%Y-%m-%d").to_string(),
        "licence": licence,
        "site": {
            "title": site.config.title,
            "url": site.config.base_url,
            "description": site.config.description,
        },
        "taxonomies": taxonomies(site),
        "pages": pages,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into()) + "\n"
}
