//! ltc-hub: a static site generator for the Libraries Transforming Communities resource hub.
//!
//! Data flows one way: `config::load` -> `content::load` -> `site::plan` -> Markdown rendering
//! (parallel) -> `site::assemble` -> `render::plan_outputs` -> `render::run` (parallel, into a
//! staging folder) -> `output::Staging::finish`, all under the output's lock. Every stage returns
//! its diagnostics instead of stopping, so one build reports every problem it finds.

// Diagnostics are returned by value on the error path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fs_guard;
mod hash;
pub mod incremental;
pub mod markdown;
pub mod output;
pub mod par;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
mod slug;
mod url;
pub mod yaml;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use diagnostics::Diagnostic;

/// What `ltc-hub build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Threads; 0 means one per core.
    pub jobs: usize,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub files: usize,
    pub seconds: f64,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

impl Report {
    /// The one summary line `build` prints.
    pub fn summary(&self) -> String {
        format!(
            "Built {} pages, {} sections, {} terms: {} files written to {} in {:.2} s",
            self.pages,
            self.sections,
            self.terms,
            self.files,
            self.output.display(),
            self.seconds
        )
    }
}

/// Why a build failed: every error found, and what became of the output folder.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    /// The output folder.
    pub output: PathBuf,
    /// Whether the previous output was kept (or there was none, or nothing was written).
    pub state: output::State,
}

impl Failure {
    /// What became of the output folder, for the line after the errors.
    pub fn outcome(&self) -> String {
        self.state.describe(&self.output)
    }
}

/// Builds the site, waiting for any other build into the same output folder to finish first.
/// On failure, `Failure::state` says what became of the output folder.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    build_with_progress(opts, &Progress::default())
}

/// How far a build has got, for a progress display: the build stores into it as it goes, and
/// whoever shows it (the CLI, from another thread) reads it. It knows nothing of terminals.
#[derive(Debug, Default)]
pub struct Progress {
    /// The outputs to render and write; 0 while content is still being read and its Markdown
    /// rendered.
    pub outputs: std::sync::atomic::AtomicUsize,
    /// The outputs rendered and written so far; equal to `outputs` while the search index is
    /// written and the output folder swapped in.
    pub done: std::sync::atomic::AtomicUsize,
    /// True while the build waits for another one to release the output folder.
    pub waiting: std::sync::atomic::AtomicBool,
}

/// `build`, counting its progress in `progress`.
pub fn build_with_progress(opts: &BuildOptions, progress: &Progress) -> Result<Report, Failure> {
    build_with(opts, progress, &output::Busy::Wait(&|_| {}))
}

/// `build`, counting its progress in `progress`; `busy` says what to do when another process
/// holds the output's lock.
pub fn build_with(opts: &BuildOptions, progress: &Progress, busy: &output::Busy) -> Result<Report, Failure> {
    let started = Instant::now();
    let output = opts.output.clone().unwrap_or_else(|| opts.root.join("public"));
    let fail = |mut diagnostics: Vec<Diagnostic>, state| {
        diagnostics::sort_capped(&mut diagnostics);
        Failure { diagnostics, output: output.clone(), state }
    };
    let waiting = |message: &str| {
        progress.waiting.store(true, std::sync::atomic::Ordering::Relaxed);
        if let output::Busy::Wait(tell) = busy {
            tell(message);
        }
    };
    let busy = match busy {
        output::Busy::Wait(_) => output::Busy::Wait(&waiting),
        output::Busy::Fail(help) => output::Busy::Fail(help),
    };
    // Refused output folders and a lock held elsewhere: nothing is written, not even the lock.
    let claimed = output::check_location(&opts.root, &output).and_then(|()| output::claim(&output, &busy));
    let (_lock, mut warnings) = claimed.map_err(|d| fail(vec![d], output::State::NotWritten))?;
    progress.waiting.store(false, std::sync::atomic::Ordering::Relaxed);
    let mut state = output::State::of(&output);
    in_pool(opts.jobs, || {
        let Prepared { site, theme, views, outputs } = prepare(opts)?;
        let staging = output::Staging::create(&output).map_err(|d| vec![d])?;
        progress.outputs.store(outputs.len(), std::sync::atomic::Ordering::Relaxed);
        let (files, diags) = render::run(&site, &theme, &views, &outputs, &staging, &progress.done);
        if !diags.is_empty() {
            staging.abandon();
            return Err(diags);
        }
        let mut swap_warnings = staging.finish().map_err(|u| {
            state = u.state;
            vec![u.diagnostic]
        })?;
        warnings.append(&mut swap_warnings);
        Ok(Report {
            pages: site.pages.len(),
            sections: site.sections.len(),
            terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
            files,
            seconds: started.elapsed().as_secs_f64(),
            output: output.clone(),
            warnings: std::mem::take(&mut warnings),
        })
    })
    .map_err(|mut diags| {
        diags.append(&mut warnings);
        fail(diags, state)
    })
}

/// Everything `build` validates, without writing, plus the lints of SPEC §7: returns every
/// error and warning found, sorted.
pub fn check(opts: &BuildOptions) -> Vec<Diagnostic> {
    check_with(opts, None).0
}

/// `check`, and with `external` also every outside link (`check --external`).
pub fn check_with(
    opts: &BuildOptions,
    external: Option<check::external::Options>,
) -> (Vec<Diagnostic>, Option<check::external::Summary>) {
    let mut summary = None;
    let mut diags = in_pool(opts.jobs, || {
        let Prepared { site, theme, views, outputs } = prepare(opts)?;
        let mut diags = check::markdown_lints(&site);
        diags.extend(check::implicit_sections(&site));
        let (scanned, mut errors) = render::inspect(&site, &theme, &views, &outputs, |_, html| check::scan(html));
        diags.append(&mut errors);
        diags.extend(check::rendered_site(&site, &outputs, &scanned));
        if let Some(ext) = external {
            let (found, s) = check::external::run(&opts.root, &site, &theme, &outputs, &scanned, ext);
            diags.extend(found);
            summary = Some(s);
        }
        Ok(diags)
    })
    .unwrap_or_else(|diags| diags);
    diagnostics::sort(&mut diags);
    (diags, summary)
}

/// Runs `f` on a rayon pool of `jobs` threads (0: one per core).
fn in_pool<T: Send>(jobs: usize, f: impl FnOnce() -> Result<T, Vec<Diagnostic>> + Send) -> Result<T, Vec<Diagnostic>> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if jobs > 0 {
        pool = pool.num_threads(jobs);
    }
    let pool = pool.build().map_err(|e| {
        vec![Diagnostic::error(format!("cannot start worker threads: {e}")).with_help("try a smaller --jobs")]
    })?;
    pool.install(f)
}

/// A site loaded, rendered to Markdown, assembled, with its template views and output list.
struct Prepared {
    site: site::Site,
    theme: render::Theme,
    views: render::context::Views,
    outputs: Vec<render::Output>,
}

fn prepare(opts: &BuildOptions) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_with(opts, &mut Caches::default())
}

fn prepare_with(opts: &BuildOptions, caches: &mut Caches) -> Result<Prepared, Vec<Diagnostic>> {
    let (site, mut theme, assets) = load_with(opts, caches)?;
    let views = render::context::build_cached(&site, &mut caches.views);
    register_lookups(&theme, &site, &views);
    theme.tera.global_context().insert_value("config", views.config.clone());
    theme.tera.global_context().insert_value("site", views.site.clone());
    theme.tera.global_context().insert_value("extra", views.extra.clone());
    let (outputs, diags) = render::plan_outputs(&opts.root, &site, &theme, &assets);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Prepared { site, theme, views, outputs })
}

/// What `serve` and `watch` keep between rebuilds: files read and Markdown rendered, reused
/// only while their inputs are the same (see `incremental`).
#[derive(Default)]
pub(crate) struct Caches {
    pub(crate) content: content::LoadCache,
    /// Page or section file -> (its text, links fingerprint, theme fingerprint, rendering).
    markdown: HashMap<PathBuf, (Arc<str>, u64, u64, Arc<markdown::Rendered>)>,
    /// Page views for templates, reused while a page's rendering and the config are the same.
    views: render::context::ViewCache,
}

/// Loads and renders the model: everything a build does before writing.
#[allow(clippy::type_complexity)]
pub(crate) fn load_with(
    opts: &BuildOptions,
    caches: &mut Caches,
) -> Result<(site::Site, render::Theme, Vec<content::Asset>), Vec<Diagnostic>> {
    let config = config::load(&opts.root, opts.base_url.as_deref())?;
    let mut diags = Vec::new();
    let mut theme = match render::theme::load(&opts.root, &config) {
        Ok(t) => Some(t),
        Err(mut ds) => {
            diags.append(&mut ds);
            None
        }
    };
    if let Some(theme) = &mut theme {
        theme.set_config_globals(&config);
    }
    let (content, mut ds) = content::load_cached(&opts.root, &config, &mut caches.content);
    diags.append(&mut ds);
    let assets = content.assets.clone();
    let now = chrono::Utc::now().timestamp();
    let (plan, mut ds) = site::plan(&config, content, opts.drafts, now);
    diags.append(&mut ds);
    let site::Plan { mut pages, mut sections, links, next_due } = plan;

    // Markdown, in parallel: pages, then sections.
    let shortcodes = theme.as_ref().map(|t| render::ThemeShortcodes { theme: t });
    let md = markdown::Context {
        base_path: &config.base_path,
        links: &links,
        shortcodes: shortcodes.as_ref().map(|s| s as &dyn markdown::Shortcodes),
    };
    // A file's rendering is reused when its text, every page's URL and the theme are the same.
    let links_fp = hash::fingerprint(&links.iter().collect::<std::collections::BTreeMap<_, _>>());
    let theme_fp = theme.as_ref().map_or(0, render::Theme::shortcodes_fingerprint);
    let cached = &caches.markdown;
    let render_md = |file: &PathBuf, text: &Arc<str>, body: &std::ops::Range<usize>| match cached.get(file) {
        Some((t, l, th, r)) if Arc::ptr_eq(t, text) && *l == links_fp && *th == theme_fp => Arc::clone(r),
        _ => Arc::new(markdown::render(&text[body.clone()], &md)),
    };
    let rendered = par::map(&pages, |p| render_md(&p.file, &p.text, &p.body));
    for (p, r) in pages.iter_mut().zip(rendered) {
        p.rendered = r;
    }
    let rendered = par::map(&sections, |s| render_md(&s.file, &s.text, &s.body));
    for (s, r) in sections.iter_mut().zip(rendered) {
        s.rendered = r;
    }
    caches.markdown = pages
        .iter()
        .map(|p| (p.file.clone(), (Arc::clone(&p.text), links_fp, theme_fp, Arc::clone(&p.rendered))))
        .chain(
            sections
                .iter()
                .map(|s| (s.file.clone(), (Arc::clone(&s.text), links_fp, theme_fp, Arc::clone(&s.rendered)))),
        )
        .collect();
    diags.extend(markdown_errors(&pages, &sections));
    diags.extend(check_anchors(&pages, &sections));
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
    Ok((site::Site { config, pages, sections, taxonomies, events, build_date, links, next_due }, theme, assets))
}

fn register_lookups(theme: &render::Theme, site: &site::Site, views: &render::context::Views) {
    let mut links = HashMap::new();
    let mut pages = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        links.insert(p.key.clone(), site.url(&p.path));
        pages.insert(p.key.clone(), views.pages[i].clone());
    }
    for s in &site.sections {
        links.insert(section_key(s), site.url(&s.path));
    }
    let mut lookup = render::Lookup {
        base_path: site.config.base_path.clone(),
        links,
        pages,
        sections: HashMap::new(),
        taxonomies: HashMap::new(),
    };
    patch_lookups(&mut lookup, site, views, &[]);
    theme.lookup.set(Some(lookup));
}

/// Puts the views of pages `ids`, and of every section and taxonomy, into `lookup`.
fn patch_lookups(lookup: &mut render::Lookup, site: &site::Site, views: &render::context::Views, ids: &[usize]) {
    for &i in ids {
        lookup.pages.insert(site.pages[i].key.clone(), views.pages[i].clone());
    }
    for (s, view) in site.sections.iter().zip(&views.sections) {
        lookup.sections.insert(section_key(s), view.clone());
    }
    for (t, view) in site.taxonomies.iter().zip(&views.taxonomies) {
        lookup.taxonomies.insert(t.config.name.clone(), view.clone());
    }
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

/// `@/page.md#anchor` links whose anchor is not a heading id of the target.
fn check_anchors(pages: &[site::Page], sections: &[site::Section]) -> Vec<Diagnostic> {
    let mut ids: HashMap<String, &Vec<String>> = HashMap::new();
    for p in pages {
        ids.insert(p.key.clone(), &p.rendered.heading_ids);
    }
    for s in sections {
        ids.insert(section_key(s), &s.rendered.heading_ids);
    }
    let items = pages
        .iter()
        .map(|p| (&p.file, &p.text, p.body.start, &p.rendered))
        .chain(sections.iter().map(|s| (&s.file, &s.text, s.body.start, &s.rendered)));
    anchor_errors(items, |key| ids.get(key).copied())
}

/// "did you mean", else the target's first headings.
fn anchor_hint(anchor: &str, known: &[String]) -> String {
    if let Some(s) = diagnostics::did_you_mean(anchor, known.iter().map(String::as_str)) {
        return format!("did you mean `#{s}`?");
    }
    match known.len() {
        0 => "headings there: none".to_string(),
        n @ 1..=20 => format!("headings there: {}", known[..n].join(", ")),
        n => format!("headings there: {}, and {} more", known[..20].join(", "), n - 20),
    }
}

/// The `@/` key of a section: `_index.md`, `case-studies/_index.md`.
fn section_key(s: &site::Section) -> String {
    if s.key.is_empty() { "_index.md".to_string() } else { format!("{}/_index.md", s.key) }
}

/// [`check_anchors`] for the links of some files, with `heading_ids` telling each target's ids.
fn anchor_errors<'a>(
    items: impl Iterator<Item = (&'a PathBuf, &'a Arc<str>, usize, &'a Arc<markdown::Rendered>)>,
    heading_ids: impl Fn(&str) -> Option<&'a Vec<String>>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut id_sets: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for (file, text, offset, rendered) in items {
        let mut found = 0;
        for link in &rendered.links {
            let (Some(anchor), Some(known)) = (&link.anchor, heading_ids(&link.target)) else { continue };
            let ids = id_sets.entry(&link.target).or_insert_with(|| known.iter().map(String::as_str).collect());
            if ids.contains(anchor.as_str()) {
                continue;
            }
            // Hints only for the errors a file shows (diagnostics::MAX_PER_FILE): each costs a
            // pass over the target's headings.
            found += 1;
            let hint = if found > diagnostics::MAX_PER_FILE { String::new() } else { anchor_hint(anchor, known) };
            diags.push(
                Diagnostic::error(format!("`@/{}` has no heading with the id `{anchor}`", link.target))
                    .in_file(file)
                    .at(text, link.span.start + offset..link.span.end + offset)
                    .with_help(hint)
                    .with_code("anchor"),
            );
        }
    }
    diags
}
