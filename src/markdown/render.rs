//! One Markdown document to HTML. Events from pulldown-cmark are adjusted in one pass: heading
//! ids are generated (or taken from `{#id}`) and de-duplicated, `@/SEC/slug.md` links become
//! URLs, root-relative links gain the base path, and a table of contents, a summary and a word
//! count are collected. Errors carry byte ranges of the original text.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::HeadingAnchors;
use super::links::Links;
use super::shortcodes::{self, Shortcodes};

/// What rendering needs to know about the rest of the site.
pub struct Context<'a> {
    /// `/` or `/ltc/`.
    pub base_path: &'a str,
    /// `@/` link keys (`case-studies/foo.md`) to root-relative URLs.
    pub links: &'a Links,
    pub shortcodes: Option<&'a dyn Shortcodes>,
    /// Whether headings get an anchor link, before or after their text.
    pub heading_anchors: super::HeadingAnchors,
    /// Whether fenced code is highlighted (`markdown.highlight`).
    pub highlight: bool,
    /// The published images the page can show as `<picture>` (`None`: images stay `<img>`).
    pub images: Option<crate::images::PageImages<'a>>,
    /// The page's language when it is not the default: its `@/` links go to the page's
    /// version in that language where there is one.
    pub lang: Option<&'a str>,
}

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct TocEntry {
    pub level: u32,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// An `@/` link, to check its `#anchor` once every page is rendered.
#[derive(Debug, Clone)]
pub struct InternalLink {
    pub target: String,
    pub anchor: Option<String>,
    pub span: Range<usize>,
    /// In a translation, a link to a page that has no version in its language: it goes to
    /// the default language's (and `check` says so).
    pub untranslated: bool,
}

/// A problem found while rendering, at a byte range of the input text.
#[derive(Debug, Clone)]
pub struct RenderError {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Rendered HTML, kept once as the template value that `page.content` shares (a page's HTML is
/// the largest thing a build holds; a second copy for templates cost 70 MB at 10,000 pages).
#[derive(Debug, Clone)]
pub struct Html(pub tera::Value);

impl Default for Html {
    fn default() -> Html {
        Html(tera::Value::safe_string(""))
    }
}

impl std::ops::Deref for Html {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Html,
    /// The HTML before `<!-- more -->`, if the text has the marker.
    pub more: Option<String>,
    /// The HTML of the first paragraph: see [`Rendered::first_paragraph`].
    pub first_para: Option<Excerpt>,
    /// The plain text of the first paragraph (for feeds, calendars, resources.json).
    pub first_paragraph_text: Option<String>,
    pub toc: Vec<TocEntry>,
    pub heading_ids: Vec<String>,
    pub word_count: usize,
    pub links: Vec<InternalLink>,
    pub errors: Vec<RenderError>,
    /// The published images shown as `<picture>`: (source file, stamp), in order.
    pub images: Vec<(std::path::PathBuf, u64)>,
}

/// Some HTML of a page: where it is in the page's HTML, or a copy when it is not found there.
#[derive(Debug, Clone)]
pub enum Excerpt {
    Within(Range<usize>),
    Own(String),
}

impl Rendered {
    /// The HTML of the first paragraph. Most often the same bytes are in `html`, so only their
    /// place is kept (a copy cost 60 MB at 100,000 pages, for a fallback most sites never use).
    pub fn first_paragraph(&self) -> Option<&str> {
        match self.first_para.as_ref()? {
            Excerpt::Within(range) => self.html.get(range.clone()),
            Excerpt::Own(html) => Some(html),
        }
    }
}

/// The pulldown-cmark extensions ltc-hub's Markdown turns on (public for `examples/floor.rs`,
/// which must parse exactly as a build does).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How deep Markdown blocks and inline elements may nest inside each other: far past any real
/// page, and well before the depth at which browsers and the search indexer slow down.
const MAX_NESTING: usize = 100;

/// How deep block shortcodes may nest inside each other's bodies.
const MAX_SHORTCODE_NESTING: usize = 32;

thread_local! {
    /// How many block bodies the current thread is rendering inside each other.
    static NESTED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Renders `text` (a Markdown body) to HTML.
pub fn render(text: &str, ctx: &Context) -> Rendered {
    let mut out = Rendered::default();
    let expanded = match ctx.shortcodes {
        Some(sc) if text.contains("{{") || text.contains("{%") => {
            let code = code_ranges(text);
            // A block's body is Markdown too: its errors and links count, at their place in `text`.
            let found = std::cell::RefCell::new((Vec::new(), Vec::new()));
            let inner = |body: &str, offset: usize| {
                // Shortcodes in the body render too, to a depth far past any real page.
                let depth = NESTED.get();
                let shortcodes = if depth < MAX_SHORTCODE_NESTING {
                    ctx.shortcodes
                } else {
                    found.borrow_mut().0.push(RenderError {
                        span: offset..(offset + 1).min(text.len()),
                        message: format!("block shortcodes are nested more than {MAX_SHORTCODE_NESTING} deep"),
                        help: "put fewer blocks inside each other".to_string(),
                    });
                    None
                };
                NESTED.set(depth + 1);
                let r = render(body, &Context { shortcodes, ..*ctx });
                NESTED.set(depth);
                let mut found = found.borrow_mut();
                let shift = |s: &Range<usize>| s.start + offset..s.end + offset;
                found.0.extend(r.errors.iter().map(|e| RenderError { span: shift(&e.span), ..e.clone() }));
                found.1.extend(r.links.iter().map(|l| InternalLink { span: shift(&l.span), ..l.clone() }));
                r.html.to_string()
            };
            let ex = shortcodes::expand(text, &code, sc, ctx.lang, &inner);
            let (errors, links) = found.into_inner();
            out.errors.extend(errors);
            out.links.extend(links);
            Some(ex)
        }
        _ => None,
    };
    let source = expanded.as_ref().map_or(text, |e| e.text.as_str());
    let original = |offset: usize| expanded.as_ref().map_or(offset, |e| e.original_offset(offset));
    if let Some(ex) = &expanded {
        for e in &ex.errors {
            out.errors.push(RenderError { span: e.span.clone(), message: e.message.clone(), help: e.help.clone() });
        }
    }

    let mut events: Vec<Event> = Vec::with_capacity(source.len() / 16);
    let mut used_ids = UsedIds::default();
    let mut footnotes = false;
    let mut headings: Vec<(u32, String, String)> = Vec::new();
    let mut heading_at: Option<(usize, String)> = None; // (event index, text so far)
    let mut more_at: Option<usize> = None;
    let mut first_para: Option<Range<usize>> = None;
    let mut para_start: Option<usize> = None;
    let (mut depth, mut too_deep) = (0usize, false);
    let mut image: Option<super::images::Pending> = None;

    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING && !too_deep {
            too_deep = true;
            let at = original(range.start);
            out.errors.push(RenderError {
                span: at..(at + 1).min(text.len()),
                message: format!("this Markdown is nested more than {MAX_NESTING} levels deep"),
                help: "quotes, lists or emphasis inside each other this deep cannot be read or indexed; \
                       flatten them"
                    .to_string(),
            });
        }
        let event = match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading_at = Some((events.len(), String::new()));
                Event::Start(Tag::Heading { level, id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((index, title)) = heading_at.take() {
                    let title = title.trim().to_string();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
                        let wanted = match id.take() {
                            Some(given) => given.to_string(),
                            None => {
                                let s = crate::slug::slugify(&title);
                                if s.is_empty() { "section".to_string() } else { s }
                            }
                        };
                        let unique = unique_id(&mut used_ids, wanted);
                        *id = Some(CowStr::from(unique.clone()));
                        let link = match ctx.heading_anchors {
                            HeadingAnchors::None => None,
                            at => Some(CowStr::from(super::anchors::link(at, &unique, &title))),
                        };
                        match (ctx.heading_anchors, link) {
                            (HeadingAnchors::Before, Some(link)) => events[index + 1] = Event::InlineHtml(link),
                            (HeadingAnchors::After, Some(link)) => events.push(Event::InlineHtml(link)),
                            _ => {}
                        }
                        headings.push((level_number(level), unique, title));
                    }
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url =
                    super::links::rewrite_url(dest_url, ctx, original(range.start)..original(range.end), &mut out);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                match &mut image {
                    Some(p) => p.nested += 1, // an image in an image's alt text
                    None => image = super::images::start(ctx, &dest_url, &title, events.len()),
                }
                let dest_url =
                    super::links::rewrite_url(dest_url, ctx, original(range.start)..original(range.end), &mut out);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::End(TagEnd::Image) if image.is_some() => match image.take() {
                Some(mut p) if p.nested > 0 => {
                    p.nested -= 1;
                    image = Some(p);
                    event
                }
                Some(p) => super::images::finish(ctx, p, &mut events, &mut out),
                None => event,
            },
            Event::Text(t) => {
                out.word_count += t.split_whitespace().count();
                if let Some((_, title)) = &mut heading_at {
                    title.push_str(&t);
                }
                Event::Text(t)
            }
            Event::Code(t) => {
                out.word_count += t.split_whitespace().count();
                if let Some((_, title)) = &mut heading_at {
                    title.push_str(&t);
                }
                Event::Code(t)
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => {
                if more_at.is_none() {
                    more_at = Some(events.len());
                }
                Event::Html(h)
            }
            Event::Start(Tag::Paragraph) => {
                if first_para.is_none() && para_start.is_none() {
                    para_start = Some(events.len());
                }
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                if let (None, Some(start)) = (&first_para, para_start) {
                    first_para = Some(start..events.len() + 1);
                }
                Event::End(TagEnd::Paragraph)
            }
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                footnotes = true;
                event
            }
            other => other,
        };
        let opens_heading = matches!(event, Event::Start(Tag::Heading { .. }));
        events.push(event);
        if opens_heading && ctx.heading_anchors == HeadingAnchors::Before {
            events.push(Event::InlineHtml(CowStr::Borrowed(""))); // the link, once the id is known
        }
    }
    if footnotes {
        super::footnotes::rewrite(&mut events, &mut used_ids);
    }
    super::highlight::rewrite(&mut events, ctx.highlight);

    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    let restore = |h: String| match &expanded {
        Some(ex) => ex.restore(&h),
        None => h,
    };
    if let Some(at) = more_at {
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, events[..at].iter().cloned());
        out.more = Some(restore(summary));
    }
    let mut first_html = None;
    if let Some(range) = first_para.clone() {
        let text = plain_text(&events[range.clone()]);
        out.first_paragraph_text = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, events[range].iter().cloned());
        first_html = Some(restore(summary));
    }
    let html = restore(html);
    out.first_para = first_html.map(|p| match html.find(&p) {
        Some(at) => Excerpt::Within(at..at + p.len()),
        None => Excerpt::Own(p),
    });
    out.html = Html(tera::Value::safe_string(&html));
    out.heading_ids = headings.iter().map(|(_, id, _)| id.clone()).collect();
    out.toc = build_toc(headings);
    out
}

/// The text of some events, breaks as spaces, markup left out.
pub(super) fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

fn level_number(level: HeadingLevel) -> u32 {
    level as u32
}

/// The ids a page has given out, and the next suffix to try for each.
pub(super) type UsedIds = (HashSet<String>, HashMap<String, usize>);

/// `wanted`, or `wanted-1`, `wanted-2`, ... when a page already has it.
pub(super) fn unique_id(used: &mut UsedIds, wanted: String) -> String {
    // The next suffix to try is kept per id, so thousands of equal headings stay linear.
    let (ids, next) = used;
    if ids.insert(wanted.clone()) {
        return wanted;
    }
    let n = next.entry(wanted.clone()).or_insert(1);
    loop {
        let candidate = format!("{wanted}-{n}");
        *n += 1;
        if ids.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// Byte ranges of code blocks and inline code, where shortcodes are not expanded.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(s) = block_start.take() {
                    ranges.push(s..range.end);
                }
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

fn build_toc(headings: Vec<(u32, String, String)>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry { level, id, title, children: Vec::new() };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> Rendered {
        let urls = HashMap::from([("sec/a.md".to_string(), "/sec/a/".to_string())]);
        let links = Links::new(urls, Default::default());
        render(
            text,
            &Context {
                base_path: "/ltc/",
                links: &links,
                shortcodes: None,
                heading_anchors: Default::default(),
                highlight: false,
                images: None,
                lang: None,
            },
        )
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = html("# Intro\n\n## Partners\n\n## Partners\n\n### Given {#mine}\n");
        assert!(r.html.contains("<h2 id=\"partners\">"));
        assert!(r.html.contains("<h2 id=\"partners-1\">"));
        assert!(r.html.contains("<h3 id=\"mine\">"));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].children[0].id, "mine");
    }

    #[test]
    fn internal_links_resolve_and_missing_ones_are_errors() {
        let r = html("[a](@/sec/a.md#x) [b](@/sec/b.md) [c](/abs/)");
        assert!(r.html.contains("href=\"/sec/a/#x\""));
        assert!(r.html.contains("href=\"/ltc/abs/\""));
        assert_eq!(r.errors.len(), 1);
        assert!(r.errors[0].help.contains("@/sec/a.md"));
        assert_eq!(r.links[0].anchor.as_deref(), Some("x"));
    }

    #[test]
    fn summary_is_before_more_marker() {
        let r = html("First para.\n\n<!-- more -->\n\nRest.");
        assert_eq!(r.more.as_deref(), Some("<p>First para.</p>\n"));
        assert_eq!(r.first_paragraph(), Some("<p>First para.</p>\n"));
    }
}
