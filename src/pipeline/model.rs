//! Load: site.yaml, the theme, `content/`, the plan of what is published where, every page's
//! Markdown, anchors, events, listings and taxonomies — the model a snapshot is made of. And
//! the patch of a model whose page bodies alone changed. The caches that let a rebuild skip
//! unchanged work live here, in one place, and are handed to the stages that use them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::SourcePage;
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::render::Theme;
use crate::site::{self, PageId, Site};

use super::BuildOptions;

/// What `serve` and `watch` keep between rebuilds, reused only while their inputs are the
/// same: files by size and time, Markdown by text (and links and shortcodes), page views by
/// rendering and config, and pages' HTML for the search index.
#[derive(Default)]
pub(crate) struct Caches {
    pub(crate) content: crate::content::LoadCache,
    /// Page or section file -> (its text, links fingerprint, shortcodes fingerprint, rendering).
    markdown: HashMap<PathBuf, (Arc<str>, u64, u64, Arc<markdown::Rendered>)>,
    pub(crate) views: crate::render::context::ViewCache,
    /// Image probes by file size and time.
    images: crate::images::ProbeCache,
}

/// A loaded site and its theme, before views and outputs are made.
pub(crate) struct Model {
    pub(crate) site: Site,
    pub(crate) theme: Arc<Theme>,
    pub(crate) assets: Arc<Vec<crate::content::Asset>>,
}

impl Caches {
    /// Caches that remember files between loads (for a session).
    pub(crate) fn keeping() -> Caches {
        let images = crate::images::ProbeCache::keeping();
        Caches { content: crate::content::LoadCache::keeping(), images, ..Caches::default() }
    }
}

/// Whether a model keeps its pages' Markdown sources once they are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sources {
    /// For `check` (its lints read the Markdown) and sessions (a rebuild compares and re-renders).
    Keep,
    /// For a one-off `build`: only the front matter is read after Markdown is rendered (template
    /// names, error places), so a page keeps only that. A fifth of the peak at 100,000 pages.
    FrontMatterOnly,
}

/// Loads and renders the model: everything a build does before rendering templates.
pub(crate) fn load(opts: &BuildOptions, caches: &mut Caches, sources: Sources) -> Result<Model, Vec<Diagnostic>> {
    let config = crate::config::load_env(&opts.root, opts.base_url.as_deref(), opts.env.as_deref())?;
    let mut diags = Vec::new();
    let mut theme = match crate::render::theme::load(&opts.root, &config) {
        Ok(t) => Some(t),
        Err(mut ds) => {
            diags.append(&mut ds);
            None
        }
    };
    if let Some(theme) = &mut theme {
        theme.set_config_globals(&config);
    }
    let (data, mut ds) = crate::data::load(&opts.root, &config);
    diags.append(&mut ds);
    let (content, mut ds) = crate::content::load_cached(&opts.root, &config, &mut caches.content);
    diags.append(&mut ds);
    let assets = Arc::new(content.assets.clone());
    let now = chrono::Utc::now().timestamp();
    let (plan, mut ds) = site::plan(&config, content, opts.drafts, now);
    diags.append(&mut ds);
    let site::Plan { mut pages, mut sections, links, next_due, expiries, translations } = plan;
    let (menus, mut ds) = site::menus::resolve(&config, &links);
    diags.append(&mut ds);
    let files = image_files(&opts.root, &config, theme.as_ref(), &assets, &pages);
    let (images, mut ds) = crate::images::catalog(&opts.root, &config.images, files, &mut caches.images);
    diags.append(&mut ds);
    let images = Arc::new(images);
    render_markdown(&config, &links, theme.as_ref(), &images, &mut pages, &mut sections, caches);
    diags.extend(markdown_errors(&pages, &sections));
    diags.extend(super::anchors::check_anchors(&pages, &sections));
    if sources == Sources::FrontMatterOnly {
        for p in &mut pages {
            p.text = Arc::from(&p.text[..p.body.start]);
            p.body = p.body.start..p.body.start;
        }
    }
    let Some(theme) = theme else { return Err(diags) };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let (events, diags) = site::events::events(&pages);
    if !diags.is_empty() {
        return Err(diags);
    }
    let taxonomies = site::assemble(&config, &pages, &mut sections);
    let build_date = chrono::Utc::now().date_naive();
    let pages: Vec<Arc<site::Page>> = pages.into_iter().map(Arc::new).collect();
    let related = match theme.mentions("related") {
        true => site::related::related(&config.related, &pages, &taxonomies),
        false => Vec::new(),
    };
    let (links, data, menus, related) = (Arc::new(links), Arc::new(data), Arc::new(menus), Arc::new(related));
    let site = Site {
        config,
        pages,
        sections,
        taxonomies,
        events,
        build_date,
        links,
        next_due,
        expiries,
        images,
        data,
        menus,
        related,
        translations: Arc::new(translations),
    };
    Ok(Model { site, theme: Arc::new(theme), assets })
}

/// Every file a build publishes that may be an image: (published path, source), from the
/// theme's and the root's `static/` (the root's win), `content/` and bundles.
fn image_files(
    root: &std::path::Path,
    config: &crate::config::Config,
    theme: Option<&Theme>,
    assets: &[crate::content::Asset],
    pages: &[site::Page],
) -> Vec<(String, PathBuf)> {
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    let scope = crate::fs_guard::Scope::new(root, &config.allow_links_to);
    for dir in theme.map_or(&[][..], |t| &t.static_dirs[..]) {
        for entry in scope.walk(dir, false).0.into_iter().filter(|e| e.file_type.is_file()) {
            let Ok(rel) = entry.path.strip_prefix(dir) else { continue };
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.insert(rel, entry.path);
        }
    }
    files.extend(assets.iter().map(|a| (site::asset_path(&a.rel), a.src.clone())));
    // A headless page's bundle files are not published: it has no folder to put them in.
    let published = pages.iter().filter(|p| !p.front.headless);
    files.extend(published.flat_map(|p| p.assets.iter().map(|(src, rel)| (format!("{}{rel}", p.path), src.clone()))));
    files.into_iter().collect()
}

/// Markdown, in parallel: pages, then sections. A file's rendering is reused when its text,
/// every page's URL, the shortcode templates, the Markdown settings and the images it shows
/// are the same.
fn render_markdown(
    config: &crate::config::Config,
    links: &markdown::Links,
    theme: Option<&Theme>,
    images: &crate::images::Catalog,
    pages: &mut [site::Page],
    sections: &mut [site::Section],
    caches: &mut Caches,
) {
    let shortcodes = theme.map(|t| crate::render::ThemeShortcodes { theme: t });
    let md = markdown::Context {
        base_path: &config.base_path,
        links,
        shortcodes: shortcodes.as_ref().map(|s| s as &dyn markdown::Shortcodes),
        heading_anchors: config.heading_anchors,
        highlight: config.highlight.enabled,
        images: None,
        lang: None,
    };
    // The Markdown settings are part of the key: a site.yaml edit that changes them renders again.
    let settings = (config.heading_anchors as u8, config.highlight.enabled);
    let links_fp = crate::hash::fingerprint(&(links.sorted(), settings, images.fingerprint()));
    let theme_fp = theme.map_or(0, Theme::shortcodes_fingerprint);
    let cached = &caches.markdown;
    let same_images =
        |r: &markdown::Rendered| r.images.iter().all(|(src, st)| images.of_src(src).is_some_and(|i| i.stamp == *st));
    let render_md = |file: &PathBuf, text: &Arc<str>, body: &std::ops::Range<usize>, dir: &str, lang: &str| match cached
        .get(file)
    {
        Some((t, l, th, r)) if Arc::ptr_eq(t, text) && *l == links_fp && *th == theme_fp && same_images(r) => {
            Arc::clone(r)
        }
        _ => {
            let images = crate::images::PageImages { catalog: images, dir, base_path: &config.base_path };
            let lang = (lang != config.language).then_some(lang);
            Arc::new(markdown::render(&text[body.clone()], &markdown::Context { images: Some(images), lang, ..md }))
        }
    };
    let rendered = crate::par::map(pages, |p| render_md(&p.file, &p.text, &p.body, &p.path, &p.lang));
    for (p, r) in pages.iter_mut().zip(rendered) {
        p.rendered = r;
    }
    let rendered = crate::par::map(sections, |s| render_md(&s.file, &s.text, &s.body, &s.path, &s.lang));
    for (s, r) in sections.iter_mut().zip(rendered) {
        s.rendered = r;
    }
    let entry = |file: &PathBuf, text: &Arc<str>, r: &Arc<markdown::Rendered>| {
        (file.clone(), (Arc::clone(text), links_fp, theme_fp, Arc::clone(r)))
    };
    if !caches.content.keep {
        return; // a one-off build or check: nothing is rendered twice
    }
    caches.markdown = pages
        .iter()
        .map(|p| entry(&p.file, &p.text, &p.rendered))
        .chain(sections.iter().map(|s| entry(&s.file, &s.text, &s.rendered)))
        .collect();
}

/// Markdown problems as diagnostics on their files.
fn markdown_errors(pages: &[site::Page], sections: &[site::Section]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let items = pages
        .iter()
        .map(|p| (&p.file, &p.text, p.body.start, &p.rendered))
        .chain(sections.iter().map(|s| (&s.file, &s.text, s.body.start, &s.rendered)));
    for (file, text, offset, rendered) in items {
        for e in &rendered.errors {
            diags.push(
                Diagnostic::error(e.message.clone())
                    .in_file(file)
                    .at(text, e.span.start + offset..e.span.end + offset)
                    .with_help(e.help.clone())
                    .with_code("markdown"),
            );
        }
    }
    diags
}

/// `site` with the pages `bodies` (re-read, front matter unchanged) rendered again, sharing
/// every other page. `None` when the patch cannot stand for a fresh load — a body with
/// Markdown errors, changed heading ids, a broken anchor — so that the full load reports it.
pub(crate) fn patch(
    site: &Site,
    theme: &Theme,
    index: &crate::render::Index,
    bodies: &[(PageId, &SourcePage)],
) -> Option<Site> {
    let shortcodes = crate::render::ThemeShortcodes { theme };
    let md = markdown::Context {
        base_path: &site.config.base_path,
        links: &site.links,
        shortcodes: Some(&shortcodes),
        heading_anchors: site.config.heading_anchors,
        highlight: site.config.highlight.enabled,
        images: None,
        lang: None,
    };
    let rendered = crate::par::map(bodies, |(id, s)| {
        let images = crate::images::PageImages {
            catalog: &site.images,
            dir: &site.pages[*id].path,
            base_path: &site.config.base_path,
        };
        let page = &site.pages[*id];
        let lang = (page.lang != site.config.language).then_some(page.lang.as_str());
        Arc::new(markdown::render(&s.text[s.body.clone()], &markdown::Context { images: Some(images), lang, ..md }))
    });
    let usable = rendered
        .iter()
        .zip(bodies)
        .all(|(r, (id, _))| r.errors.is_empty() && r.heading_ids == site.pages[*id].rendered.heading_ids);
    if !usable {
        return None;
    }
    let mut next = site.clone();
    for ((id, source), r) in bodies.iter().zip(rendered) {
        let mut page = (*site.pages[*id]).clone();
        page.text = Arc::clone(&source.text);
        page.body = source.body.clone();
        page.rendered = r;
        next.pages[*id] = Arc::new(page);
    }
    // Their headings are as before, so only their own `@/…#anchor` links need checking.
    let heading_ids = |key: &str| match index.pages.get(key) {
        Some(&i) => Some(&next.pages[i].rendered.heading_ids),
        None => index.sections.get(key).map(|&s| &next.sections[s].rendered.heading_ids),
    };
    let items = bodies.iter().map(|(i, _)| {
        let p = &next.pages[*i];
        (&p.file, &p.text, p.body.start, &p.rendered)
    });
    super::anchors::anchor_errors(items, heading_ids).is_empty().then_some(next)
}
