//! `sitemap.xml` and `robots.txt`.

use crate::site::Site;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Every page, section, taxonomy and term, sorted by URL (headless ones have no URL).
pub(crate) fn sitemap(site: &Site) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for p in site.pages.iter().filter(|p| !p.front.headless) {
        let lastmod = p.front.updated.or(p.front.date).map(|d| d.day().format("%Y-%m-%d").to_string());
        entries.push((site.permalink(&p.path), lastmod));
    }
    for s in site.sections.iter().filter(|s| !s.front.headless) {
        entries.push((site.permalink(&s.path), None));
    }
    for t in &site.taxonomies {
        entries.push((site.permalink(&t.path), None));
        for term in &t.terms {
            entries.push((site.permalink(&term.path), None));
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        x.push_str(&format!("  <url>\n    <loc>{}</loc>\n", esc(&loc)));
        if let Some(m) = lastmod {
            x.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
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
