//! Where things go: which pages are published, each section's and page's path, and the
//! alias files. Every path built here is relative, made only of safe segments, so nothing a
//! slug or alias says can point outside the output folder; unsafe input is an error that says
//! what to write instead.

use std::collections::{HashMap, HashSet};

use super::{Page, Section, SectionId};
use crate::config::Config;
use crate::content::{Content, SourcePage};
use crate::diagnostics::Diagnostic;
use crate::slug::slugify;

/// The published pages and sections with their paths, and the `@/` link map.
pub(crate) struct Plan {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// `@/` keys (`case-studies/foo.md`, `case-studies/_index.md`) to root-relative URLs, and
    /// the keys of headless pages and sections.
    pub links: crate::markdown::Links,
    /// The earliest moment (seconds since the epoch) still to come at which a page comes due
    /// (its future `date`) or expires (its `expires`): once it has passed, the same content
    /// plans differently.
    pub next_due: Option<i64>,
    /// Every page with `expires:` that would be published but for it, for `check`.
    pub expiries: Vec<super::expiry::Expiry>,
    /// Which pages and sections translate one another.
    pub translations: super::translations::Translations,
}

/// The longest file or folder name most file systems take, in bytes.
const MAX_NAME: usize = 255;

/// True when `s` is safe as one URL path segment as written.
fn is_safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
}

/// A folder or file name as a URL segment: kept when already safe, else slugified.
pub(crate) fn url_segment(name: &str) -> String {
    if is_safe_segment(name) { name.to_string() } else { slugify(name) }
}

/// Where a content file that is not a page is published: its folders as URL segments, its
/// name as it is (`Annual Reports/report.pdf` -> `annual-reports/report.pdf`).
pub(crate) fn asset_path(rel: &str) -> String {
    let (dirs, last) = rel.rsplit_once('/').map_or(("", rel), |(d, l)| (d, l));
    let mut path: String = dirs.split('/').filter(|s| !s.is_empty()).map(|s| format!("{}/", url_segment(s))).collect();
    path.push_str(last);
    path
}

fn section_path(key: &str) -> String {
    if key.is_empty() {
        return String::new();
    }
    let mut path = String::new();
    for seg in key.split('/') {
        path.push_str(&url_segment(seg));
        path.push('/');
    }
    path
}

fn title_from_folder(key: &str) -> String {
    let name = key.rsplit('/').next().unwrap_or(key);
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    words.join(" ")
}

/// Decides what is published and where. `now` is the build time (seconds since the epoch).
pub(crate) fn plan(config: &Config, content: Content, drafts: bool, now: i64) -> (Plan, Vec<Diagnostic>) {
    let mut diags = unknown_collections(config, &content);
    let (mut sections, index, translated) = default_sections(config, content.sections, drafts, &mut diags);
    let in_lang = super::translations::plan_sections(
        config,
        translated,
        &content.pages,
        &mut sections,
        &index,
        drafts,
        &mut diags,
    );

    let mut pages = Vec::new();
    let mut next_due: Option<i64> = None;
    let mut expiries = Vec::new();
    for p in content.pages {
        let section = match p.lang == config.language {
            true => index.get(&p.section),
            false => in_lang.get(&(p.lang.clone(), p.section.clone())),
        };
        let Some(&section) = section else { continue }; // under a draft section
        let future = p.front.date.is_some_and(|d| d.timestamp() > now);
        let expired = super::expiry::note(&p, drafts, now, &mut expiries, &mut next_due);
        if !drafts && (p.front.draft || future || expired) {
            continue;
        }
        let slug = match page_slug(&p) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if p.front.headless {
            headless_aliases(&p.file, &p.text, p.body.start, &p.front.aliases, &mut diags);
        }
        let aliases = if p.front.headless { &[][..] } else { &p.front.aliases[..] };
        let alias_files = collect_aliases(aliases, &mut diags, |alias, why| {
            front_error(
                &p,
                ("aliases", alias),
                format!("the alias `{alias}` {why}"),
                "write an alias as a path inside this site, e.g. `/old-name/` or `/resources/old-guide/`",
            )
        });
        let path = format!("{}{}/", sections[section].path, slug);
        pages.push(Page {
            key: p.key,
            file: p.file,
            text: p.text,
            body: p.body,
            section,
            front: p.front,
            slug,
            path,
            rendered: Default::default(),
            assets: p.assets,
            alias_files,
            lang: p.lang,
            original: p.original,
        });
    }

    let links = links(config, &pages, &sections);
    let translations = super::translations::group(config, &pages, &sections);
    (Plan { pages, sections, links, next_due, expiries, translations }, diags)
}

/// The default language's sections, with drafts (and everything under a draft section) left
/// out, their index by key, and the other languages' `_index.LANG.md` files.
fn default_sections(
    config: &Config,
    all: Vec<crate::content::SourceSection>,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Section>, HashMap<String, SectionId>, Vec<crate::content::SourceSection>) {
    let (mut sources, translated): (Vec<_>, Vec<_>) = all.into_iter().partition(|s| s.lang == config.language);
    sources.sort_by(|a, b| a.key.cmp(&b.key));

    let mut sections: Vec<Section> = Vec::new();
    let mut index: HashMap<String, SectionId> = HashMap::new();
    let mut hidden: Vec<String> = Vec::new();
    for s in sources {
        let under_hidden = hidden.iter().any(|h| s.key.starts_with(&format!("{h}/")));
        if !s.key.is_empty() && ((s.front.draft && !drafts) || under_hidden) {
            hidden.push(s.key.clone());
            continue;
        }
        let parent = ancestors(&s.key).find_map(|a| index.get(a).copied());
        let depth = parent.map_or(0, |p| sections[p].depth + 1);
        let title = match (&s.front.title, s.key.is_empty()) {
            (Some(t), _) => t.clone(),
            (None, true) => config.title.clone(),
            (None, false) => title_from_folder(&s.key),
        };
        let id = sections.len();
        if let Some(p) = parent {
            sections[p].subsections.push(id);
        }
        index.insert(s.key.clone(), id);
        let alias_files = match s.front.headless {
            true => headless_aliases(&s.file, &s.text, s.body.start, &s.front.aliases, diags),
            false => collect_aliases(&s.front.aliases, diags, |alias, why| section_alias_error(&s, alias, why)),
        };
        sections.push(Section {
            alias_files,
            path: section_path(&s.key),
            key: s.key,
            file: s.file,
            text: s.text,
            body: s.body,
            front: s.front,
            implicit: s.implicit,
            title,
            parent,
            depth,
            subsections: Vec::new(),
            pages: Vec::new(),
            rendered: Default::default(),
            lang: s.lang,
            translation: false,
        });
    }
    (sections, index, translated)
}

/// The `@/` link map: the URL of every page and section, but headless ones, which have none.
fn links(config: &Config, pages: &[Page], sections: &[Section]) -> crate::markdown::Links {
    let mut urls = HashMap::with_capacity(pages.len() + sections.len());
    let mut headless = HashSet::new();
    let items = pages
        .iter()
        .map(|p| (p.key.clone(), p.front.headless, &p.path))
        .chain(sections.iter().map(|s| (super::section_key(s), s.front.headless, &s.path)));
    for (key, is_headless, path) in items {
        if is_headless {
            headless.insert(key);
        } else {
            urls.insert(key, crate::url::join(&config.base_path, path));
        }
    }
    crate::markdown::Links::new(urls, headless)
}

/// `aliases` of a headless page or section (`render: false`) are an error: they would redirect
/// to an address that is never written. No alias file is made.
fn headless_aliases(
    file: &std::path::Path,
    text: &std::sync::Arc<str>,
    body: usize,
    aliases: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if aliases.is_empty() {
        return Vec::new();
    }
    let d = Diagnostic::error(
        "`aliases` on content with `render: false`: they would redirect to an address that is never written",
    )
    .in_file(file)
    .with_help("remove the `aliases`, or remove `render: false` so that the content gets its page")
    .with_code("front-matter");
    diags.push(match crate::yaml::key_name_span(&text[..body.min(text.len())], &[], "aliases") {
        Some(span) => d.at(text, span).with_label("no address to redirect to"),
        None => d,
    });
    Vec::new()
}

/// The output files of `aliases`; each bad one is an error made by `error(alias, why)`.
pub(super) fn collect_aliases(
    aliases: &[String],
    diags: &mut Vec<Diagnostic>,
    error: impl Fn(&str, &str) -> Diagnostic,
) -> Vec<String> {
    let mut files = Vec::new();
    for alias in aliases {
        match alias_file(alias) {
            Ok(f) => files.push(f),
            Err(why) => diags.push(error(alias, &why)),
        }
    }
    files
}

/// Collections declared for sections that do not exist.
fn unknown_collections(config: &Config, content: &Content) -> Vec<Diagnostic> {
    let keys: Vec<&str> = content.sections.iter().map(|s| s.key.as_str()).filter(|k| !k.is_empty()).collect();
    let text: std::sync::Arc<str> = std::sync::Arc::from(config.source.as_str());
    config
        .collections
        .keys()
        .filter(|name| !keys.contains(&name.as_str()))
        .map(|name| {
            let hint = crate::diagnostics::did_you_mean(name, keys.iter().copied())
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            let d = Diagnostic::error(format!(
                "site.yaml declares a collection for `{name}`, but there is no content/{name}/ folder"
            ))
            .in_file(crate::config::FILE_NAME)
            .with_help(format!("{hint}sections: {}", keys.join(", ")));
            match crate::yaml::key_name_span(&text, &["collections"], name) {
                Some(span) => d.at(&text, span),
                None => d,
            }
        })
        .collect()
}

/// `a/b/c` -> `a/b`, `a`, `` (the home).
fn ancestors(key: &str) -> impl Iterator<Item = &str> {
    let mut cur = Some(key);
    std::iter::from_fn(move || {
        let k = cur?;
        if k.is_empty() {
            cur = None;
            return None;
        }
        let parent = crate::content::parent(k);
        cur = Some(parent);
        Some(parent)
    })
}

fn front_error<'a>(p: &SourcePage, at: impl Into<At<'a>>, message: String, help: &str) -> Diagnostic {
    let at = at.into();
    let yaml_start = 4.min(p.text.len());
    let yaml_end = p.body.start.min(p.text.len());
    let yaml = p.text.get(yaml_start..yaml_end).unwrap_or("");
    let d = Diagnostic::error(message).in_file(&p.file).with_help(help);
    let span = match at.item {
        Some(item) => crate::yaml::item_span(yaml, at.key, item),
        None => crate::yaml::key_span(yaml, &[], at.key),
    };
    match span {
        Some(span) => d.at(&p.text, span.start + yaml_start..span.end + yaml_start).with_code("front-matter"),
        None => d,
    }
}

/// An alias of a section's `_index.md` that is not a path inside the site.
pub(super) fn section_alias_error(s: &crate::content::SourceSection, alias: &str, why: &str) -> Diagnostic {
    let d = Diagnostic::error(format!("the alias `{alias}` {why}"))
        .in_file(&s.file)
        .with_help("write an alias as a path inside this site, e.g. `/old-name/` or `/resources/old-guide/`")
        .with_code("front-matter");
    match crate::yaml::item_span(&s.text[..s.body.start], "aliases", alias) {
        Some(span) => d.at(&s.text, span),
        None => d,
    }
}

/// A front matter key, or one item written under it.
struct At<'a> {
    key: &'a str,
    item: Option<&'a str>,
}

impl<'a> From<&'a str> for At<'a> {
    fn from(key: &'a str) -> Self {
        At { key, item: None }
    }
}

impl<'a> From<(&'a str, &'a str)> for At<'a> {
    fn from((key, item): (&'a str, &'a str)) -> Self {
        At { key, item: Some(item) }
    }
}

fn page_slug(p: &SourcePage) -> Result<String, Diagnostic> {
    match &p.front.slug {
        None => {
            let s = url_segment(&p.stem);
            if s.is_empty() {
                return Err(Diagnostic::error("this file's name gives an empty URL")
                    .in_file(&p.file)
                    .with_help("rename the file using letters or digits, or set `slug:` in the front matter"));
            }
            Ok(s)
        }
        Some(slug) if slug.len() > MAX_NAME => Err(front_error(
            p,
            "slug",
            format!("the slug is {} bytes long, more than a file name may have ({MAX_NAME})", slug.len()),
            "shorten the slug to a few words",
        )),
        Some(slug) if is_safe_segment(slug) => Ok(slug.clone()),
        Some(slug) => {
            let suggestion = slugify(slug);
            let help = if suggestion.is_empty() {
                "a slug may contain only letters, digits, '-', '_' and '.'".to_string()
            } else {
                format!("a slug is one word of letters, digits, '-', '_' and '.'; did you mean `slug: {suggestion}`?")
            };
            Err(front_error(
                p,
                "slug",
                if slug.trim().is_empty() {
                    "the slug is empty".to_string()
                } else {
                    format!("the slug `{slug}` is not allowed: it must not contain '/', spaces or `..`")
                },
                &help,
            ))
        }
    }
}

/// The output file of an alias, e.g. `/old/path/` -> `old/path/index.html`.
fn alias_file(alias: &str) -> Result<String, String> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        return Err("is a full URL; an alias must be a path on this site".into());
    }
    if a.contains(['\\', '?', '#', '\0']) {
        return Err("contains `\\`, `?` or `#`".into());
    }
    let segs: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    if segs.is_empty() {
        return Err("is the home page itself".into());
    }
    if segs.iter().any(|s| *s == ".." || *s == ".") {
        return Err("points outside the site (`..` is not allowed)".into());
    }
    if let Some(long) = segs.iter().find(|s| s.len() > MAX_NAME) {
        return Err(format!("has a part {} bytes long, more than a file name may have ({MAX_NAME})", long.len()));
    }
    let joined = segs.join("/");
    if joined.ends_with(".html") || joined.ends_with(".htm") { Ok(joined) } else { Ok(format!("{joined}/index.html")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(alias_file("/old/path/").unwrap(), "old/path/index.html");
        assert_eq!(alias_file("old.html").unwrap(), "old.html");
        assert!(alias_file("../../etc/x").is_err());
        assert!(alias_file("https://evil.example/").is_err());
        assert!(alias_file("/").is_err());
    }

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(title_from_folder("trainings/online-learning"), "Online Learning");
    }
}
