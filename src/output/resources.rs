//! `resources.json`: every published page with its URL, title, section, summary, dates, terms
//! and typed fields, for other library sites to embed the hub's listings. The shape is
//! documented in the README and kept stable; pages are sorted by URL.

use serde_json::{Map, Value as J, json};

use crate::site::Site;

pub fn resources(site: &Site) -> String {
    let mut ids: Vec<usize> = (0..site.pages.len()).collect();
    ids.sort_by(|&a, &b| site.pages[a].path.cmp(&site.pages[b].path));
    let items: Vec<J> = ids
        .into_iter()
        .map(|id| {
            let p = &site.pages[id];
            let section = &site.sections[p.section];
            let mut terms = Map::new();
            for tax in &site.config.taxonomies {
                if let Some(names) = p.front.taxonomies.get(&tax.name) {
                    terms.insert(tax.name.clone(), json!(names));
                }
            }
            let fields = serde_json::to_value(&p.front.params).unwrap_or(J::Null);
            json!({
                "url": site.permalink(&p.path),
                "path": site.url(&p.path),
                "title": p.front.title,
                "section": section.key,
                "section_title": section.title,
                "summary": p.front.summary.clone().or_else(|| p.rendered.first_paragraph_text.clone()),
                "date": p.front.date.map(|d| d.to_text()),
                "updated": p.front.updated.map(|d| d.to_text()),
                "terms": J::Object(terms),
                "fields": fields,
                "source": p.file.to_string_lossy().replace('\\', "/"),
            })
        })
        .collect();
    serde_json::to_string_pretty(&J::Array(items)).unwrap_or_else(|_| "[]".into()) + "\n"
}
