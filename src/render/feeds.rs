//! Atom, RSS and JSON Feed 1.1 feeds of the most recent dated pages. The XML is written by
//! hand from the model, with every text escaped, the JSON through serde_json (keys in a fixed
//! order); no build time goes in, so two builds write the same bytes.

use serde_json::{Value as J, json};

use crate::site::Site;

/// A feed's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
    /// JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>).
    Json,
}

impl Format {
    /// The feed's file name in its folder.
    pub(crate) fn file(self) -> &'static str {
        match self {
            Format::Atom => "atom.xml",
            Format::Rss => "rss.xml",
            Format::Json => "feed.json",
        }
    }

    /// The format's name, for messages: `Atom`, `RSS`, `JSON`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Atom => "Atom",
            Format::Rss => "RSS",
            Format::Json => "JSON",
        }
    }

    /// The formats written for a feed: Atom and RSS, and JSON Feed when `site.yaml` turns it on.
    pub(crate) fn written(site: &Site) -> &'static [Format] {
        if site.config.outputs.json_feed {
            &[Format::Atom, Format::Rss, Format::Json]
        } else {
            &[Format::Atom, Format::Rss]
        }
    }
}

/// Which feed: the site's (every page of a language, at its home), a section's or a term's.
pub(crate) struct Feed<'a> {
    pub title: String,
    /// The folder the feed is written in and links to: `""`, `es/`, `case-studies/`, `tags/rust/`.
    pub dir: std::borrow::Cow<'a, str>,
    /// The pages it may show; `None` for every page of its language.
    pub pages: Option<&'a [usize]>,
    /// The language of its pages.
    pub lang: &'a str,
}

impl<'a> Feed<'a> {
    /// The feed of every page in language `lang`, at its home.
    pub(crate) fn site(site: &'a Site, lang: &'a str) -> Feed<'a> {
        let dir = site.config.language_prefix(lang).into();
        Feed { title: site.config.title_in(lang).to_string(), dir, pages: None, lang }
    }

    /// Section `id`'s feed, titled as the section.
    pub(crate) fn section(site: &Site, id: usize) -> Feed<'_> {
        let s = &site.sections[id];
        Feed { title: s.title.clone(), dir: s.path.as_str().into(), pages: Some(&s.pages), lang: &s.lang }
    }

    /// A term's feed, titled "Taxonomy: term" with the term's readable title.
    pub(crate) fn term(site: &Site, tax: usize, term: usize) -> Feed<'_> {
        let t = &site.taxonomies[tax];
        let term = &t.terms[term];
        let name = t.config.terms.as_ref().and_then(|m| m.get(&term.slug)).unwrap_or(&term.name);
        let (dir, pages) = (term.path.as_str().into(), Some(term.pages.as_slice()));
        Feed { title: format!("{}: {name}", t.config.title), dir, pages, lang: &t.lang }
    }

    /// The page the feed belongs to (the site's base URL for the site's feed).
    fn home(&self, site: &Site) -> String {
        if self.dir.is_empty() { site.config.base_url.clone() } else { site.permalink(&self.dir) }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The pages a feed shows: dated pages, newest first, at most `feed_limit`.
fn recent(site: &Site, feed: &Feed) -> Vec<usize> {
    let all: Vec<usize>;
    let candidates = match feed.pages {
        Some(p) => p,
        None if site.config.multilingual() => {
            all = (0..site.pages.len()).filter(|&i| site.pages[i].lang == feed.lang).collect();
            &all
        }
        None => {
            all = (0..site.pages.len()).filter(|&i| !site.pages[i].front.headless).collect();
            &all
        }
    };
    let mut ids: Vec<usize> = candidates.iter().copied().filter(|&i| site.pages[i].front.date.is_some()).collect();
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&site.pages[a], &site.pages[b]);
        let key = |p: &crate::site::Page| p.front.updated.or(p.front.date).map_or(0, |d| d.timestamp());
        key(pb).cmp(&key(pa)).then_with(|| pa.key.cmp(&pb.key))
    });
    ids.truncate(site.config.feed_limit.max(1));
    ids
}

/// The page's summary HTML with every link and image absolute, as a feed reader needs them.
fn summary(site: &Site, p: &crate::site::Page) -> String {
    let html = p
        .rendered
        .more
        .clone()
        .or_else(|| p.front.summary.as_deref().map(esc))
        .or_else(|| p.rendered.first_paragraph().map(str::to_string))
        .unwrap_or_default();
    let origin = super::rebase::origin(&site.config.base_url);
    super::rebase::rebase(&html, &site.url(&p.path), Some(origin)).into_owned()
}

/// `atom.xml`.
pub(crate) fn atom(site: &Site, feed: &Feed) -> String {
    let ids = recent(site, feed);
    let home = feed.home(site);
    let updated = ids
        .iter()
        .filter_map(|&i| site.pages[i].front.updated.or(site.pages[i].front.date))
        .max_by_key(|d| d.timestamp())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.to_rfc3339());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    x.push_str(&format!(" xml:lang=\"{}\">\n", esc(feed.lang)));
    x.push_str(&format!("  <title>{}</title>\n", esc(&feed.title)));
    if let Some(d) = site.config.description_in(feed.lang) {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(d)));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        esc(&site.permalink(&format!("{}atom.xml", feed.dir)))
    ));
    x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&home)));
    x.push_str(&format!("  <id>{}</id>\n  <updated>{updated}</updated>\n", esc(&home)));
    x.push_str("  <generator>ltc-hub</generator>\n");
    for &i in &ids {
        let p = &site.pages[i];
        let link = site.permalink(&p.path);
        let published = p.front.date.map(|d| d.to_rfc3339()).unwrap_or_default();
        let updated = p.front.updated.or(p.front.date).map(|d| d.to_rfc3339()).unwrap_or_default();
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", esc(&p.front.title)));
        x.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&link)));
        x.push_str(&format!("    <id>{}</id>\n", esc(&link)));
        x.push_str(&format!("    <published>{published}</published>\n    <updated>{updated}</updated>\n"));
        x.push_str(&format!("    <author><name>{}</name></author>\n", esc(&site.config.title)));
        x.push_str(&format!("    <summary type=\"html\">{}</summary>\n", esc(&summary(site, p))));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `rss.xml`.
pub(crate) fn rss(site: &Site, feed: &Feed) -> String {
    let ids = recent(site, feed);
    let home = feed.home(site);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    x.push_str(&format!("  <title>{}</title>\n", esc(&feed.title)));
    x.push_str(&format!("  <link>{}</link>\n", esc(&home)));
    x.push_str(&format!(
        "  <description>{}</description>\n",
        esc(site.config.description_in(feed.lang).unwrap_or(site.config.title_in(feed.lang)))
    ));
    x.push_str(&format!("  <language>{}</language>\n", esc(feed.lang)));
    x.push_str(&format!(
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        esc(&site.permalink(&format!("{}rss.xml", feed.dir)))
    ));
    x.push_str("  <generator>ltc-hub</generator>\n");
    for &i in &ids {
        let p = &site.pages[i];
        let link = site.permalink(&p.path);
        x.push_str("  <item>\n");
        x.push_str(&format!("    <title>{}</title>\n", esc(&p.front.title)));
        x.push_str(&format!("    <link>{}</link>\n    <guid>{}</guid>\n", esc(&link), esc(&link)));
        if let Some(d) = p.front.date {
            x.push_str(&format!("    <pubDate>{}</pubDate>\n", d.to_rfc2822()));
        }
        x.push_str(&format!("    <description>{}</description>\n", esc(&summary(site, p))));
        x.push_str("  </item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// `feed.json`: JSON Feed 1.1, each item's `content_html` the summary Atom and RSS carry.
pub(crate) fn json(site: &Site, feed: &Feed) -> String {
    let ids = recent(site, feed);
    let author = json!([{ "name": site.config.title }]);
    let items: Vec<J> = ids
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let url = site.permalink(&p.path);
            let mut item = json!({
                "id": url,
                "url": url,
                "title": p.front.title,
                "content_html": summary(site, p),
            });
            let fields = [
                ("summary", p.front.summary.as_deref().map(J::from)),
                ("date_published", p.front.date.map(|d| J::from(d.to_rfc3339()))),
                ("date_modified", p.front.updated.or(p.front.date).map(|d| J::from(d.to_rfc3339()))),
                ("authors", Some(author.clone())),
                ("tags", Some(J::from(tags(site, p))).filter(|t| t.as_array().is_some_and(|a| !a.is_empty()))),
            ];
            if let Some(map) = item.as_object_mut() {
                map.extend(fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))));
            }
            item
        })
        .collect();
    let mut out = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home(site),
        "feed_url": site.permalink(&format!("{}feed.json", feed.dir)),
    });
    if let Some(map) = out.as_object_mut() {
        if let Some(d) = site.config.description_in(feed.lang) {
            map.insert("description".into(), J::from(d));
        }
        map.insert("language".into(), J::from(feed.lang));
        map.insert("authors".into(), author);
        map.insert("items".into(), J::from(items));
    }
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// A page's terms as JSON Feed tags: each term's readable title (site.yaml's `terms:`), else
/// its name, once, in the order of the site's taxonomies.
fn tags(site: &Site, p: &crate::site::Page) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tax in &site.config.taxonomies {
        for name in p.front.taxonomies.get(&tax.name).into_iter().flatten() {
            let slug = crate::slug::slugify(name);
            let title = tax.terms.as_ref().and_then(|t| t.get(&slug)).unwrap_or(name);
            if !tags.contains(title) {
                tags.push(title.clone());
            }
        }
    }
    tags
}

/// The feed in `format`.
pub(crate) fn write(site: &Site, feed: &Feed, format: Format) -> String {
    match format {
        Format::Atom => atom(site, feed),
        Format::Rss => rss(site, feed),
        Format::Json => json(site, feed),
    }
}
