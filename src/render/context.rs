//! Template views: the `page`, `section`, `taxonomy`, `term`, `paginator` and `site` values
//! that templates see. Each page's view is built once and shared (Tera values are reference
//! counted), so a listing of 5,000 pages costs 5,000 pointer copies, not 5,000 serializations.

use tera::Value;
use tera::value::{Key, Map};

use super::feeds::Format;
use crate::markdown::{Rendered, TocEntry};
use crate::site::{Pager, Site};
use terms::{TermValues, section_taxonomies, taxonomy_view, term_summary, term_values, term_view};

mod terms;

/// Builds a map value from pairs.
pub(crate) fn map(pairs: Vec<(&'static str, Value)>) -> Value {
    let mut m = Map::with_capacity(pairs.len());
    for (k, v) in pairs {
        m.insert(Key::from(k), v);
    }
    Value::from(m)
}

/// Adds pairs to a copy of a map value.
fn extend(base: &Value, pairs: Vec<(&'static str, Value)>) -> Value {
    let mut m = base.as_map().cloned().unwrap_or_default();
    for (k, v) in pairs {
        m.insert(Key::from(k), v);
    }
    Value::from(m)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

fn yaml(v: &serde_yaml::Value) -> Value {
    Value::from_serializable(v)
}

/// Every view of the site, built once per snapshot (cloning it copies only pointers).
#[derive(Clone)]
pub struct Views {
    pub pages: Vec<Value>,
    pub section_summaries: Vec<Value>,
    pub sections: Vec<Value>,
    pub taxonomy_summaries: Vec<Value>,
    pub taxonomies: Vec<Value>,
    /// Per taxonomy, per term: the full term view (with `pages`).
    pub terms: Vec<Vec<Value>>,
    pub site: Value,
    pub config: Value,
    pub extra: Value,
    /// Per page, `page.related` (empty when the site computes no related pages).
    pub related: Vec<Value>,
}

fn summary_html(r: &Rendered, description: Option<&str>) -> Option<String> {
    r.more
        .clone()
        .or_else(|| description.map(pulldown_cmark_escape_html))
        .or_else(|| r.first_paragraph().map(str::to_string))
}

/// A page's summary HTML as listings show it: its relative links and images resolved against
/// the page's URL, so they work on any page.
fn page_summary(site: &Site, p: &crate::site::Page) -> Option<String> {
    let html = summary_html(&p.rendered, p.front.summary.as_deref())?;
    Some(match super::rebase::rebase(&html, &site.url(&p.path), None) {
        std::borrow::Cow::Borrowed(_) => html,
        std::borrow::Cow::Owned(s) => s,
    })
}

fn pulldown_cmark_escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Page views kept between rebuilds: page key -> (its rendering, fingerprint of the config and
/// the page's bundle assets, view). A view is reused only for the same rendering (so the same
/// text) under the same config with the same assets.
#[derive(Default)]
pub(crate) struct ViewCache {
    pages: std::collections::HashMap<String, (std::sync::Arc<Rendered>, u64, Value)>,
}

/// Every view of `site`, reusing the page views of `cache` and keeping this build's in it (a
/// session's); `None` for a one-off build, which keeps nothing.
pub(crate) fn build_cached(site: &Site, mut cache: Option<&mut ViewCache>) -> Views {
    let ids: Vec<usize> = (0..site.pages.len()).collect();
    let config = crate::hash::fingerprint(&site.config.source);
    let empty = std::collections::HashMap::new();
    let previous = cache.as_ref().map_or(&empty, |c| &c.pages);
    let kept: Vec<Option<Value>> = crate::par::map(&ids, |&id| {
        let p = &site.pages[id];
        match previous.get(&p.key) {
            Some((r, c, v)) if std::sync::Arc::ptr_eq(r, &p.rendered) && *c == view_key(site, config, id) => {
                Some(v.clone())
            }
            _ => None,
        }
    });
    let new = || ids.iter().copied().filter(|&id| kept[id].is_none());
    let shared = Shared { terms: term_values(site, new()), tocs: toc_values(site, new()) };
    let pages = crate::par::map(&ids, |&id| kept[id].clone().unwrap_or_else(|| page_view(site, id, &shared)));
    drop(shared);
    if let Some(cache) = cache.as_mut() {
        cache.pages = site
            .pages
            .iter()
            .zip(&pages)
            .enumerate()
            .map(|(id, (p, v))| {
                (p.key.clone(), (std::sync::Arc::clone(&p.rendered), view_key(site, config, id), v.clone()))
            })
            .collect();
    }
    let section_summaries: Vec<Value> = (0..site.sections.len()).map(|id| section_summary(site, id, &[])).collect();
    // Summaries with their subsections filled in, deepest first.
    let mut with_subs = section_summaries.clone();
    let mut order: Vec<usize> = (0..site.sections.len()).collect();
    order.sort_by_key(|&id| std::cmp::Reverse(site.sections[id].depth));
    for id in order {
        let subs: Vec<Value> = site.sections[id].subsections.iter().map(|&s| with_subs[s].clone()).collect();
        with_subs[id] = extend(&section_summaries[id], vec![("subsections", Value::from(subs))]);
    }
    let sections: Vec<Value> = (0..site.sections.len()).map(|id| section_view(site, &pages, &with_subs, id)).collect();

    let mut taxonomy_summaries = Vec::new();
    let mut taxonomies = Vec::new();
    let mut terms = Vec::new();
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let term_summaries: Vec<Value> = (0..tax.terms.len()).map(|k| term_summary(site, t, k)).collect();
        let term_views: Vec<Value> =
            term_summaries.iter().enumerate().map(|(k, s)| term_view(site, &pages, &with_subs, s, t, k)).collect();
        taxonomy_summaries.push(taxonomy_view(site, t, term_summaries));
        taxonomies.push(taxonomy_view(site, t, term_views.clone()));
        terms.push(term_views);
    }

    let top: Vec<Value> = site
        .sections
        .first()
        .map_or_else(Vec::new, |home| home.subsections.iter().map(|&s| with_subs[s].clone()).collect());
    let config = yaml(&site.config.raw);
    let extra = yaml(&site.config.extra);
    let site_value = map(vec![
        ("title", Value::from(site.config.title.as_str())),
        ("description", opt_str(site.config.description.as_deref())),
        ("language", Value::from(site.config.language.as_str())),
        ("base_url", Value::from(site.config.base_url.as_str())),
        ("base_path", Value::from(site.config.base_path.as_str())),
        ("build_date", Value::from(site.build_date.format("%Y-%m-%d").to_string())),
        ("home", with_subs.first().cloned().unwrap_or_else(Value::none)),
        ("sections", Value::from(top)),
        ("taxonomies", Value::from(taxonomy_summaries.clone())),
        ("syntax_css", syntax_css(site)),
        ("feed_url", feed_url(site, site.config.outputs.feeds, "", Format::Atom)),
        ("json_feed_url", feed_url(site, site.config.outputs.feeds, "", Format::Json)),
        ("languages", super::languages::languages(site)),
    ]);
    Views {
        pages,
        section_summaries: with_subs,
        sections,
        taxonomy_summaries,
        taxonomies,
        terms,
        site: site_value,
        config,
        extra,
        related: related_views(site),
    }
}

/// What besides its rendering a page's view is made of: the config, its bundle's files, and
/// for a page in several languages its versions (their titles and paths) and the front matter
/// it takes from its original.
fn view_key(site: &Site, config: u64, id: usize) -> u64 {
    let p = &site.pages[id];
    let versions = site.translations.of_page(id);
    if versions.is_empty() && p.lang == site.config.language {
        return crate::hash::fingerprint(&(config, &p.assets));
    }
    let titles: Vec<(&str, &str)> =
        versions.iter().map(|&v| (site.pages[v].front.title.as_str(), site.pages[v].path.as_str())).collect();
    crate::hash::fingerprint(&(config, &p.assets, titles, format!("{:?}", p.front)))
}

/// Each page's `related` list: the related pages' title, description, date and URLs (front
/// matter only, so that a body edit elsewhere never changes it).
fn related_views(site: &Site) -> Vec<Value> {
    let one = |ids: &Vec<usize>| {
        let list = ids.iter().map(|&r| {
            let p = &site.pages[r];
            map(vec![
                ("title", Value::from(p.front.title.as_str())),
                ("description", opt_str(p.front.summary.as_deref())),
                ("date", p.front.date.map_or_else(Value::none, |d| Value::from(d.to_text()))),
                ("url", Value::from(site.url(&p.path))),
                ("permalink", Value::from(site.permalink(&p.path))),
                ("path", Value::from(p.path.as_str())),
                ("section", Value::from(site.sections[p.section].key.as_str())),
            ])
        });
        Value::from(list.collect::<Vec<_>>())
    };
    crate::par::map(&site.related, one)
}

/// Page `id`'s view with its `related` pages, when the site computes them.
pub(crate) fn with_related(site: &Site, views: &Views, id: usize) -> Value {
    let page = &views.pages[id];
    match views.related.get(id) {
        Some(related) if !site.related.is_empty() => extend(page, vec![("related", related.clone())]),
        _ => page.clone(),
    }
}

/// Replaces the views of pages `ids` after their Markdown changed (front matter, order and
/// membership of every listing being the same), and every listing that holds them. What is
/// left equals what [`build`] makes of the patched site.
pub(crate) fn patch_pages(site: &Site, views: &mut Views, ids: &std::collections::HashSet<usize>) {
    let shared = Shared { terms: term_values(site, ids.iter().copied()), tocs: toc_values(site, ids.iter().copied()) };
    for &id in ids {
        views.pages[id] = page_view(site, id, &shared);
    }
    let holds = |list: &[usize]| list.iter().any(|p| ids.contains(p));
    for id in 0..site.sections.len() {
        if holds(&site.sections[id].pages) {
            views.sections[id] = section_view(site, &views.pages, &views.section_summaries, id);
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let mut changed = false;
        for (k, term) in tax.terms.iter().enumerate() {
            if holds(&term.pages) {
                let summary = term_summary(site, t, k);
                views.terms[t][k] = term_view(site, &views.pages, &views.section_summaries, &summary, t, k);
                changed = true;
            }
        }
        if changed {
            views.taxonomies[t] = taxonomy_view(site, t, views.terms[t].clone());
        }
    }
}

/// A section with its pages, for its own listing and `get_section`.
fn section_view(site: &Site, pages: &[Value], with_subs: &[Value], id: usize) -> Value {
    let list: Vec<Value> = site.sections[id].pages.iter().map(|&p| pages[p].clone()).collect();
    extend(&with_subs[id], vec![("pages", Value::from(list))])
}

/// `page.toc` entries: one value per distinct heading (level, id, title and the entries under
/// it), shared by every page that has it. Sites repeat their headings ("Background", "What we
/// did"); an entry's value costs about 600 bytes, 300 MB at 100,000 pages of 5 headings.
type TocValues<'a> = std::collections::HashMap<&'a TocEntry, Value>;

fn toc_values<'a>(site: &'a Site, ids: impl Iterator<Item = usize>) -> TocValues<'a> {
    fn add<'a>(values: &mut TocValues<'a>, e: &'a TocEntry) {
        if values.contains_key(e) {
            return;
        }
        for c in &e.children {
            add(values, c);
        }
        let children: Vec<Value> = e.children.iter().map(|c| values[c].clone()).collect();
        // The fields in TocEntry's order, as Value::from_serializable would make them.
        let value = map(vec![
            ("level", Value::from(e.level)),
            ("id", Value::from(e.id.as_str())),
            ("title", Value::from(e.title.as_str())),
            ("children", Value::from(children)),
        ]);
        values.insert(e, value);
    }
    let mut values = TocValues::new();
    for id in ids {
        for e in &site.pages[id].rendered.toc {
            add(&mut values, e);
        }
    }
    values
}

/// The values that page views share, for the pages being viewed.
struct Shared<'a> {
    terms: TermValues<'a>,
    tocs: TocValues<'a>,
}

fn page_view(site: &Site, id: usize, shared: &Shared) -> Value {
    let terms = &shared.terms;
    let p = &site.pages[id];
    let section = &site.sections[p.section];
    let r = &p.rendered;
    let mut taxonomies = Map::new();
    for (t, tax) in site.config.taxonomies.iter().enumerate() {
        let Some(names) = p.front.taxonomies.get(&tax.name) else { continue };
        let terms: Vec<Value> = names.iter().map(|name| terms[&(t, p.lang.as_str(), name.as_str())].clone()).collect();
        taxonomies.insert(Key::from(tax.name.clone()), Value::from(terms));
    }
    let published = p.assets.iter().filter(|_| !p.front.headless);
    let assets: Vec<Value> = published.map(|(_, rel)| Value::from(site.url(&format!("{}{}", p.path, rel)))).collect();
    let [url, permalink, path] = address(site, &p.path, p.front.headless);
    let aliases: Vec<Value> = p.front.aliases.iter().map(|a| Value::from(a.as_str())).collect();
    map(vec![
        ("title", Value::from(p.front.title.as_str())),
        ("description", opt_str(p.front.description.as_deref().or(p.front.summary.as_deref()))),
        ("image", opt_str(share_image(p).as_deref())),
        ("summary", page_summary(site, p).map_or_else(Value::none, |s| Value::safe_string(&s))),
        ("content", r.html.0.clone()),
        ("url", url),
        ("permalink", permalink),
        ("path", path),
        ("slug", Value::from(p.slug.as_str())),
        ("section", Value::from(section.key.as_str())),
        ("date", p.front.date.map_or_else(Value::none, |d| Value::from(d.to_text()))),
        ("updated", p.front.updated.map_or_else(Value::none, |d| Value::from(d.to_text()))),
        ("draft", Value::from(p.front.draft)),
        ("weight", p.front.weight.map_or_else(Value::none, Value::from)),
        ("toc", Value::from(r.toc.iter().map(|e| shared.tocs[e].clone()).collect::<Vec<_>>())),
        ("word_count", Value::from(r.word_count)),
        ("reading_time", Value::from(r.word_count.div_ceil(200).max(1))),
        ("taxonomies", Value::from(taxonomies)),
        ("params", Value::from_serializable(&p.front.params)),
        ("extra", yaml(&p.front.extra)),
        ("aliases", Value::from(aliases)),
        ("assets", Value::from(assets)),
        ("source", Value::from(p.file.to_string_lossy().replace('\\', "/"))),
        ("ics_url", site.ics_path(id).map_or_else(Value::none, |path| Value::from(site.url(&path)))),
        ("lang", Value::from(p.lang.as_str())),
        ("translations", super::languages::page_translations(site, id)),
    ])
}

/// A page's `image:` as the published path `image_meta` and `resize_image` take: a file of the
/// page's bundle (`case-studies/x/photo.jpg`), else a path under the site's root (`/share.png`).
fn share_image(p: &crate::site::Page) -> Option<String> {
    let image = p.front.image.as_deref()?;
    if let Some(rooted) = image.strip_prefix('/') {
        return Some(rooted.to_string());
    }
    let own = p.assets.iter().any(|(_, rel)| rel == image);
    Some(if own { format!("{}{}", p.path, image) } else { image.to_string() })
}

/// `url`, `permalink` and `path` of a page or section at `path`: none when it is headless.
fn address(site: &Site, path: &str, headless: bool) -> [Value; 3] {
    match headless {
        true => [Value::none(), Value::none(), Value::none()],
        false => [Value::from(site.url(path)), Value::from(site.permalink(path)), Value::from(path)],
    }
}

fn section_summary(site: &Site, id: usize, _: &[Value]) -> Value {
    let s = &site.sections[id];
    let [url, permalink, path] = address(site, &s.path, s.front.headless);
    let feed = s.front.feed && !s.front.headless;
    map(vec![
        ("title", Value::from(s.title.as_str())),
        ("description", opt_str(s.front.description.as_deref())),
        ("content", s.rendered.html.0.clone()),
        ("url", url),
        ("permalink", permalink),
        ("path", path),
        ("key", Value::from(s.key.as_str())),
        ("depth", Value::from(s.depth)),
        ("weight", s.front.weight.map_or_else(Value::none, Value::from)),
        ("extra", yaml(&s.front.extra)),
        ("params", Value::from_serializable(&s.front.params)),
        ("taxonomies", section_taxonomies(site, id)),
        ("source", Value::from(s.file.to_string_lossy().replace('\\', "/"))),
        ("page_count", Value::from(s.pages.len())),
        ("subsections", Value::from(Vec::<Value>::new())),
        ("feed_url", feed_url(site, feed, &s.path, Format::Atom)),
        ("json_feed_url", feed_url(site, feed, &s.path, Format::Json)),
        ("lang", Value::from(s.lang.as_str())),
        ("translations", super::languages::section_translations(site, id)),
    ])
}

/// The URL of the feed in `format` at `path` when it is written (`feed` says the folder has
/// feeds, and `format` is among those written), else none.
fn feed_url(site: &Site, feed: bool, path: &str, format: Format) -> Value {
    if feed && Format::written(site).contains(&format) {
        Value::from(site.url(&format!("{path}{}", format.file())))
    } else {
        Value::none()
    }
}

/// Where the highlighting stylesheet is written, relative to the output folder.
pub(crate) const SYNTAX_CSS: &str = "syntax.css";

/// `site.syntax_css`: the stylesheet's URL when highlighting is on, else none. It is written
/// when some template mentions `syntax_css`.
fn syntax_css(site: &Site) -> Value {
    if site.config.highlight.enabled { Value::from(site.url(SYNTAX_CSS)) } else { Value::none() }
}

/// The `site` shortcodes see: what is known before the site is assembled.
pub(crate) fn partial_site(config: &crate::config::Config) -> Value {
    map(vec![
        ("title", Value::from(config.title.as_str())),
        ("description", opt_str(config.description.as_deref())),
        ("language", Value::from(config.language.as_str())),
        ("base_url", Value::from(config.base_url.as_str())),
        ("base_path", Value::from(config.base_path.as_str())),
    ])
}

/// The `paginator` of one pager of a listing whose items are `all`.
pub(crate) fn paginator(site: &Site, all: &[Value], pagers: &[Pager], index: usize, per: usize) -> Value {
    let pager = &pagers[index];
    let url = |i: usize| Value::from(site.url(&pagers[i].path));
    map(vec![
        ("pages", Value::from(all[pager.items.clone()].to_vec())),
        ("current_index", Value::from(pager.index)),
        ("number_pagers", Value::from(pagers.len())),
        ("paginate_by", Value::from(if per == 0 { all.len() } else { per })),
        ("total_pages", Value::from(all.len())),
        ("first", url(0)),
        ("last", url(pagers.len() - 1)),
        ("previous", if index > 0 { url(index - 1) } else { Value::none() }),
        ("next", if index + 1 < pagers.len() { url(index + 1) } else { Value::none() }),
    ])
}
