//! `sitemap.xml` and `robots.txt`.

use crate::site::Site;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// One URL of the sitemap: its location, last change, and its versions in other languages
/// (hreflang, URL), itself included.
type Entry = (String, Option<String>, Vec<(String, String)>);

/// (hreflang, absolute URL) of the items `ids`, which `item` gives as (language, path).
fn versions<'a>(site: &Site, ids: &[usize], item: &dyn Fn(usize) -> (&'a str, &'a str)) -> Vec<(String, String)> {
    ids.iter().map(|&v| item(v)).map(|(lang, path)| (lang.to_string(), site.permalink(path))).collect()
}

/// Every page, section, taxonomy and term, sorted by URL (headless ones have no URL); a page or section in several
/// languages lists every version as an `xhtml:link` alternate.
pub(crate) fn sitemap(site: &Site) -> String {
    let mut entries: Vec<Entry> = Vec::new();
    let t = &site.translations;
    for (id, p) in site.pages.iter().enumerate().filter(|(_, p)| !p.front.headless) {
        let lastmod = p.front.updated.or(p.front.date).map(|d| d.day().format("%Y-%m-%d").to_string());
        let page = |v: usize| (site.pages[v].lang.as_str(), site.pages[v].path.as_str());
        entries.push((site.permalink(&p.path), lastmod, versions(site, t.of_page(id), &page)));
    }
    for (id, s) in site.sections.iter().enumerate().filter(|(_, s)| !s.front.headless) {
        let section = |v: usize| (site.sections[v].lang.as_str(), site.sections[v].path.as_str());
        entries.push((site.permalink(&s.path), None, versions(site, t.of_section(id), &section)));
    }
    for t in &site.taxonomies {
        entries.push((site.permalink(&t.path), None, Vec::new()));
        for term in &t.terms {
            entries.push((site.permalink(&term.path), None, Vec::new()));
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let xhtml = if site.config.multilingual() { " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"" } else { "" };
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{xhtml}>\n",
    );
    for (loc, lastmod, alternates) in entries {
        x.push_str(&format!("  <url>\n    <loc>{}</loc>\n", esc(&loc)));
        if let Some(m) = lastmod {
            x.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
        }
        for (lang, href) in &alternates {
            x.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                esc(lang),
                esc(href)
            ));
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

pub(crate) fn robots(site: &Site) -> String {
    let mut r = String::from("User-agent: *\nAllow: /\n");
    if site.config.outputs.sitemap {
        r.push_str(&format!("Sitemap: {}\n", site.permalink("sitemap.xml")));
    }
    r
}
