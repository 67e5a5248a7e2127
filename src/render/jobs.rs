//! Every file a build writes, decided before anything is rendered: pages, sections and their
//! pagers, taxonomies, terms, the 404 page, alias redirects, feeds, sitemap, robots.txt, theme
//! and root static files, and content assets. Two outputs wanting the same path is an error
//! naming both sources. Then each output is rendered and written, in parallel.

use std::path::{Path, PathBuf};

use tera::{Context, Value};

use super::context::{self, Views};
use super::feeds::Format;
use super::theme::{Renderer, Theme};
use crate::diagnostics::Diagnostic;
use crate::site::{Pager, Site, pagers};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Page {
        id: usize,
        template: String,
    },
    Section {
        id: usize,
        pager: usize,
        template: String,
    },
    Taxonomy {
        tax: usize,
        template: String,
    },
    Term {
        tax: usize,
        term: usize,
        pager: usize,
        template: String,
    },
    NotFound,
    Alias {
        page: usize,
    },
    /// A redirect to a section, from one of its `_index.md`'s `aliases`.
    SectionAlias {
        section: usize,
    },
    /// The site's `atom.xml`, `rss.xml` or `feed.json`, of every page in language `lang`
    /// (under its prefix, `es/atom.xml`, for a language besides the default).
    SiteFeed {
        format: Format,
        lang: String,
    },
    /// A section's `atom.xml`, `rss.xml` or `feed.json`, when its `_index.md` says `feed: true`.
    SectionFeed {
        id: usize,
        format: Format,
    },
    /// A term's `atom.xml`, `rss.xml` or `feed.json`, when its taxonomy says `feed: true`.
    TermFeed {
        tax: usize,
        term: usize,
        format: Format,
    },
    /// `calendar.ics` of the events in language `lang` (`es/calendar.ics` besides the default).
    Calendar {
        lang: String,
    },
    EventIcs {
        event: usize,
    },
    Resources,
    Sitemap,
    Robots,
    /// `admin/config.yml` (`config: true`) or `admin/index.html`: the Decap CMS forms
    /// (`outputs.cms`).
    Cms {
        config: bool,
    },
    /// `syntax.css`, the highlighting stylesheet: when `markdown.highlight` is on and some
    /// template mentions `syntax_css` (the hub's do not: it shows no code).
    SyntaxCss,
    Copy(PathBuf),
    /// A published raster image (`variant: None`) or one of its variants, from the image cache.
    Image {
        src: PathBuf,
        variant: Option<crate::images::Variant>,
    },
    /// A stylesheet the build makes (Sass compiled, CSS bundled or minified): `name` is the path
    /// templates call it by (`style.css`), `reads` the files it was made from, `hash` its bytes'.
    Style {
        name: String,
        reads: Vec<PathBuf>,
        hash: u64,
    },
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder, e.g. `case-studies/foo/index.html`.
    pub path: String,
    pub kind: Kind,
    /// The source that asked for this file (for clash messages).
    pub owner: PathBuf,
}

fn index_file(path: &str) -> String {
    format!("{path}index.html")
}

/// The template for a page or section: front matter's, then `TOP/NAME`, then `NAME`.
#[allow(clippy::too_many_arguments)]
fn pick(
    theme: &Theme,
    given: Option<&str>,
    top: &str,
    name: &str,
    fallback: Option<&str>,
    owner: &Path,
    text: &std::sync::Arc<str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(given) = given {
        if theme.has(given) {
            return Some(given.to_string());
        }
        let names: Vec<&str> = theme.names().collect();
        let hint = crate::diagnostics::did_you_mean(given, names.iter().copied())
            .map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let mut d = Diagnostic::error(format!("the template `{given}` does not exist in the theme"))
            .in_file(owner)
            .with_help(format!(
                "{hint}templates available: {}",
                names.iter().filter(|n| !n.starts_with("shortcodes/")).copied().collect::<Vec<_>>().join(", ")
            ));
        if let Some(span) = crate::yaml::key_span(text, &[], "template") {
            d = d.at(text, span);
        }
        diags.push(d);
        return None;
    }
    let specific = format!("{top}/{name}");
    // A section named like the theme is no `THEME/NAME` second name of the theme's template.
    if !top.is_empty() && theme.has(&specific) && !theme.is_alias(&specific) {
        return Some(specific);
    }
    for candidate in std::iter::once(name).chain(fallback) {
        if theme.has(candidate) {
            return Some(candidate.to_string());
        }
    }
    diags.push(
        Diagnostic::error(format!("the theme has no `{name}` template, needed for {}", owner.display()))
            .with_help(format!("add templates/{name} to the theme")),
    );
    None
}

/// Lists every output of the site. Errors: missing templates, clashing paths.
pub(crate) fn plan_outputs(
    root: &Path,
    site: &Site,
    theme: &Theme,
    content_assets: &[crate::content::Asset],
    assets: &super::assets::Assets,
) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut outs: Vec<Output> = Vec::new();
    page_outputs(root, site, theme, &mut outs, &mut diags);
    section_outputs(site, theme, &mut outs, &mut diags);
    taxonomy_outputs(site, theme, &mut outs, &mut diags);
    super::files::site_outputs(site, &mut outs);
    if site.config.highlight.enabled && theme.mentions("syntax_css") {
        let owner = "the highlighting stylesheet (markdown.highlight)".into();
        outs.push(Output { path: context::SYNTAX_CSS.into(), kind: Kind::SyntaxCss, owner });
    }
    for a in content_assets {
        let path = crate::site::asset_path(&a.rel);
        outs.push(Output { path, kind: Kind::Copy(a.src.clone()), owner: crate::content::shown(root, &a.src) });
    }
    outs.extend(assets.outputs(root));
    image_outputs(&site.images, &mut outs);
    diags.extend(super::clash::check(site, &outs));
    (outs, diags)
}

/// The first folder of a section key: `case-studies` for `case-studies/rural`.
fn top_of(key: &str) -> String {
    key.split('/').next().unwrap_or("").to_string()
}

/// Each page, its alias redirects and its bundle's files; nothing of a headless page.
fn page_outputs(root: &Path, site: &Site, theme: &Theme, outs: &mut Vec<Output>, diags: &mut Vec<Diagnostic>) {
    for (id, p) in site.pages.iter().enumerate().filter(|(_, p)| !p.front.headless) {
        let top = top_of(&site.sections[p.section].key);
        if let Some(template) =
            pick(theme, p.front.template.as_deref(), &top, "page.html", None, &p.file, &p.text, diags)
        {
            outs.push(Output { path: index_file(&p.path), kind: Kind::Page { id, template }, owner: p.file.clone() });
        }
        for file in &p.alias_files {
            outs.push(Output { path: file.clone(), kind: Kind::Alias { page: id }, owner: p.file.clone() });
        }
        for (src, rel) in &p.assets {
            outs.push(Output {
                path: format!("{}{}", p.path, rel),
                kind: Kind::Copy(src.clone()),
                owner: crate::content::shown(root, src),
            });
        }
    }
}

/// Each section's pagers and feeds; nothing of a headless section.
fn section_outputs(site: &Site, theme: &Theme, outs: &mut Vec<Output>, diags: &mut Vec<Diagnostic>) {
    for (id, s) in site.sections.iter().enumerate().filter(|(_, s)| !s.front.headless) {
        let (name, fallback) =
            if s.key.is_empty() { ("index.html", Some("section.html")) } else { ("section.html", None) };
        let top = top_of(&s.key);
        let Some(template) = pick(theme, s.front.template.as_deref(), &top, name, fallback, &s.file, &s.text, diags)
        else {
            continue;
        };
        for file in &s.alias_files {
            outs.push(Output { path: file.clone(), kind: Kind::SectionAlias { section: id }, owner: s.file.clone() });
        }
        let per = s.front.paginate_by.unwrap_or(site.config.paginate_by);
        for (i, pager) in pagers(&s.path, s.pages.len(), per).iter().enumerate() {
            outs.push(Output {
                path: index_file(&pager.path),
                kind: Kind::Section { id, pager: i, template: template.clone() },
                owner: s.file.clone(),
            });
        }
        if s.front.feed {
            for &format in Format::written(site) {
                let path = format!("{}{}", s.path, format.file());
                outs.push(Output { path, kind: Kind::SectionFeed { id, format }, owner: s.file.clone() });
            }
        }
    }
}

/// Each taxonomy's list page and its terms' pagers.
fn taxonomy_outputs(site: &Site, theme: &Theme, outs: &mut Vec<Output>, diags: &mut Vec<Diagnostic>) {
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let owner = PathBuf::from(format!("site.yaml (taxonomy {})", tax.config.name));
        let specific = |name: &str| {
            let s = format!("{}/{name}", tax.config.name);
            if theme.has(&s) && !theme.is_alias(&s) {
                Some(s)
            } else if theme.has(name) {
                Some(name.to_string())
            } else {
                None
            }
        };
        match (specific("taxonomy.html"), specific("term.html")) {
            (Some(list), Some(single)) => {
                outs.push(Output {
                    path: index_file(&tax.path),
                    kind: Kind::Taxonomy { tax: t, template: list },
                    owner: owner.clone(),
                });
                let per = tax.config.paginate_by.unwrap_or(site.config.paginate_by);
                for (i, term) in tax.terms.iter().enumerate() {
                    for (n, pager) in pagers(&term.path, term.pages.len(), per).iter().enumerate() {
                        outs.push(Output {
                            path: index_file(&pager.path),
                            kind: Kind::Term { tax: t, term: i, pager: n, template: single.clone() },
                            owner: owner.clone(),
                        });
                    }
                    if tax.config.feed {
                        for &format in Format::written(site) {
                            let path = format!("{}{}", term.path, format.file());
                            let kind = Kind::TermFeed { tax: t, term: i, format };
                            outs.push(Output { path, kind, owner: owner.clone() });
                        }
                    }
                }
            }
            _ => diags.push(
                Diagnostic::error(format!(
                    "the theme has no taxonomy.html and term.html, needed for the taxonomy `{}`",
                    tax.config.name
                ))
                .in_file("site.yaml")
                .with_help("add templates/taxonomy.html and templates/term.html to the theme, or remove the taxonomy"),
            ),
        }
    }
}

/// Published raster images are encoded again (their copy becomes `Kind::Image`), each with
/// its variants beside it.
fn image_outputs(images: &crate::images::Catalog, outs: &mut Vec<Output>) {
    let mut variants = Vec::new();
    for o in outs.iter_mut() {
        let Kind::Copy(src) = &o.kind else { continue };
        let Some(image) = images.of_src(src).filter(|i| i.meta.format.processed() && i.path == o.path) else {
            continue;
        };
        for v in &image.variants {
            let kind = Kind::Image { src: src.clone(), variant: Some(v.clone()) };
            variants.push(Output { path: image.variant_path(v), kind, owner: o.owner.clone() });
        }
        o.kind = Kind::Image { src: src.clone(), variant: None };
    }
    outs.append(&mut variants);
}

/// One output, rendered: bytes to write, a file to copy, or a file to link (an image cache
/// entry: a hard link where the file system allows it, else a copy).
pub(crate) enum Rendered {
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Link(PathBuf),
}

/// What every template sees: the output's path and URL, the menus, and `lang`, the language of
/// what is rendered (the default language for outputs of no language), with `alternates`
/// (none here; a page's or section's own are set by its output).
fn base_context(site: &Site, path: &str, index: usize, lang: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value(super::lookup::OUTPUT_VAR, Value::from(index));
    ctx.insert_value("lang", Value::from(lang));
    ctx.insert_value("alternates", super::languages::none());
    ctx.insert_value("current_path", Value::from(path));
    let url = site.url(path);
    ctx.insert_value("menus", super::menus::view(site, &url));
    ctx.insert_value("current_url", Value::from(url));
    ctx
}

/// Renders output `o`, number `index` of the snapshot `r` is bound to: its lookups are
/// recorded under that number.
pub(crate) fn render(r: &Renderer, o: &Output, index: usize) -> Result<Rendered, Diagnostic> {
    let (site, views): (&Site, &Views) = (&r.lookup.site, &r.lookup.views);
    let base_context = |site: &Site, path: &str, lang: &str| base_context(site, path, index, lang);
    let html =
        |template: &str, ctx: &Context| r.render(template, ctx, &o.owner).map(|s| Rendered::Bytes(s.into_bytes()));
    match &o.kind {
        Kind::Page { id, template } => {
            let p = &site.pages[*id];
            let mut ctx = base_context(site, &p.path, &p.lang);
            ctx.insert_value("alternates", super::languages::page_alternates(site, *id));
            ctx.insert_value("page", context::with_related(site, views, *id));
            ctx.insert_value("section", views.section_summaries[p.section].clone());
            html(template, &ctx)
        }
        Kind::Section { id, pager, template } => {
            let s = &site.sections[*id];
            let per = s.front.paginate_by.unwrap_or(site.config.paginate_by);
            let all: Vec<Value> = s.pages.iter().map(|&p| views.pages[p].clone()).collect();
            let list: Vec<Pager> = pagers(&s.path, s.pages.len(), per);
            let mut ctx = base_context(site, &list[*pager].path, &s.lang);
            if *pager == 0 {
                ctx.insert_value("alternates", super::languages::section_alternates(site, *id));
            }
            ctx.insert_value("section", views.sections[*id].clone());
            ctx.insert_value("paginator", context::paginator(site, &all, &list, *pager, per));
            html(template, &ctx)
        }
        Kind::Taxonomy { tax, template } => {
            let t = &site.taxonomies[*tax];
            let mut ctx = base_context(site, &t.path, &t.lang);
            ctx.insert_value("taxonomy", views.taxonomies[*tax].clone());
            html(template, &ctx)
        }
        Kind::Term { tax, term, pager, template } => {
            let t = &site.taxonomies[*tax];
            let term_model = &t.terms[*term];
            let per = t.config.paginate_by.unwrap_or(site.config.paginate_by);
            let all: Vec<Value> = term_model.pages.iter().map(|&p| views.pages[p].clone()).collect();
            let list = pagers(&term_model.path, term_model.pages.len(), per);
            let mut ctx = base_context(site, &list[*pager].path, &t.lang);
            ctx.insert_value("taxonomy", views.taxonomy_summaries[*tax].clone());
            ctx.insert_value("term", views.terms[*tax][*term].clone());
            ctx.insert_value("paginator", context::paginator(site, &all, &list, *pager, per));
            html(template, &ctx)
        }
        Kind::NotFound => {
            if r.has("404.html") {
                html("404.html", &base_context(site, "404.html", &site.config.language))
            } else {
                let page = format!(
                    "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Page not found</title>\n</head>\n<body>\n<main>\n<h1>Page not found</h1>\n<p><a href=\"{}\">Back to the home page</a></p>\n</main>\n</body>\n</html>\n",
                    esc(&site.config.language),
                    esc(&site.config.base_path)
                );
                Ok(Rendered::Bytes(page.into_bytes()))
            }
        }
        Kind::Alias { page } => {
            let p = &site.pages[*page];
            Ok(Rendered::Bytes(redirect(site, &p.front.title, &p.path).into_bytes()))
        }
        Kind::SectionAlias { section } => {
            let s = &site.sections[*section];
            Ok(Rendered::Bytes(redirect(site, &s.title, &s.path).into_bytes()))
        }
        Kind::SiteFeed { .. }
        | Kind::SectionFeed { .. }
        | Kind::TermFeed { .. }
        | Kind::Calendar { .. }
        | Kind::EventIcs { .. }
        | Kind::Resources
        | Kind::Sitemap
        | Kind::Robots
        | Kind::Cms { .. }
        | Kind::SyntaxCss => Ok(Rendered::Bytes(super::files::bytes(site, &o.kind).into_bytes())),
        Kind::Copy(src) => Ok(Rendered::Copy(src.clone())),
        Kind::Image { src, variant } => match site.images.of_src(src) {
            Some(image) => Ok(Rendered::Link(site.images.cached(image, variant.as_ref()))),
            None => Ok(Rendered::Copy(src.clone())),
        },
        Kind::Style { name, .. } => match r.lookup.assets.get(name).and_then(|a| a.style.as_ref()) {
            Some(style) => Ok(Rendered::Bytes(style.css.as_bytes().to_vec())),
            None => Err(Diagnostic::error(format!("the stylesheet `{name}` is not made by this build"))),
        },
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The redirect page of an alias to `path`, titled `title`.
fn redirect(site: &Site, title: &str, path: &str) -> String {
    let url = esc(&site.url(path));
    let permalink = esc(&site.permalink(path));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{}</a>.</p>\n</body>\n</html>\n",
        esc(&site.config.language),
        esc(title),
        esc(title)
    )
}
