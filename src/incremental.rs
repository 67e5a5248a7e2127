//! Rebuilds for `serve` and `watch`: the same pipeline as `build`, but only what an edit can
//! have changed is redone. Files whose size and time are unchanged are not re-read, Markdown
//! whose text, links and theme are unchanged is not re-rendered, and only the outputs that show
//! a changed page are rendered again:
//!
//! - when only the bodies of some pages changed (their front matter, the set of pages, the
//!   sections, site.yaml and the templates are all as before): those pages, the section and
//!   term listings that contain them, their taxonomies, every output whose templates looked
//!   them up (`get_page`, `get_section`, `get_taxonomy`, recorded at render time), the feeds,
//!   sitemap, calendars and resources.json, and the search index;
//! - otherwise every output is rendered again.
//!
//! Either way, a file is written only when its bytes changed, outputs the site no longer has
//! are removed, and the result is byte for byte what a fresh `build` writes (a test checks this
//! on random edit sequences). A failed rebuild writes nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::content::PageFront;
use crate::diagnostics::{self, Diagnostic};
use crate::output::{InPlace, Staging, State, Write};
use crate::render::{Kind, Output, Rendered};
use crate::site::Site;
use crate::{BuildOptions, Caches, Failure, Prepared, Report};

/// What is on disk after the last good rebuild.
struct Last {
    config: String,
    /// Template name -> fingerprint of its text.
    templates: std::collections::BTreeMap<String, u64>,
    /// Page key -> (its text, front matter, section key, fingerprint of its bundle assets).
    pages: HashMap<String, (Arc<str>, PageFront, String, u64)>,
    sections: Vec<(String, Arc<str>)>,
    outputs: HashMap<String, Record>,
    /// Pages' HTML by URL, for the search index.
    page_html: HashMap<String, Arc<String>>,
}

struct Record {
    hash: u64,
    lookups: Vec<String>,
}

/// A site that is rebuilt again and again into one output folder.
pub struct Session {
    opts: BuildOptions,
    output: PathBuf,
    caches: Caches,
    last: Option<Last>,
    /// The model behind the output folder, kept so that an edit of page bodies can be patched
    /// into it instead of loading and assembling the whole site again.
    model: Option<Model>,
    /// What a failed rebuild did to the output, when not "left it as it was" (or "none").
    failed: Option<State>,
}

struct Model {
    prepared: Prepared,
    /// Page key -> page id.
    ids: HashMap<String, usize>,
}

/// Told once the edited pages themselves are written, while the other outputs that show them
/// (listings, feeds, the search index) are still being rendered.
pub struct Early<'a> {
    /// Output paths written so far, relative to the output folder.
    pub written: &'a [String],
    /// Output paths that will change or be checked before the rebuild ends; a path ending in
    /// `/` stands for everything under it.
    pub pending: &'a [String],
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        let output = opts.output.clone().unwrap_or_else(|| opts.root.join("public"));
        let caches = Caches { content: crate::content::LoadCache::keeping(), ..Caches::default() };
        Session { opts, output, caches, last: None, model: None, failed: None }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Brings the output folder up to date, when anything may have changed. On failure
    /// nothing was written.
    pub fn rebuild(&mut self) -> Result<Report, Failure> {
        self.rebuild_changed(&[], &mut |_| {})
    }

    /// Brings the output folder up to date after the files `changed` (absolute paths, as the
    /// watcher reports them; empty when anything may have changed). When only the bodies of
    /// known pages changed, the model is patched in place and `early` is called as soon as
    /// those pages' own files are written. On failure the output folder is as it was.
    pub fn rebuild_changed(
        &mut self,
        changed: &[PathBuf],
        early: &mut (dyn FnMut(&Early) + Send),
    ) -> Result<Report, Failure> {
        let started = Instant::now();
        let output = self.output.clone();
        self.failed = None;
        let result = crate::in_pool(self.opts.jobs, || self.run(changed, early, started));
        result.map_err(|mut diagnostics| {
            diagnostics::sort_capped(&mut diagnostics);
            let state = self.failed.take().unwrap_or_else(|| State::of(&output));
            Failure { diagnostics, output, state }
        })
    }

    fn run(
        &mut self,
        changed: &[PathBuf],
        early: &mut (dyn FnMut(&Early) + Send),
        started: Instant,
    ) -> Result<Report, Vec<Diagnostic>> {
        self.caches.content.forget(changed);
        if let Some(ids) = self.patch_bodies(changed) {
            return self.run_patched(&ids, early, started);
        }
        self.model = None;
        self.run_full(started)
    }

    /// The whole pipeline: load, assemble, render what an edit can have changed.
    fn run_full(&mut self, started: Instant) -> Result<Report, Vec<Diagnostic>> {
        let prepared = crate::prepare_with(&self.opts, &mut self.caches)?;
        crate::output::check_location(&self.opts.root, &self.output).map_err(|d| vec![d])?;
        let Prepared { site, theme, outputs, .. } = &prepared;
        let templates = theme.fingerprints();
        let dirty = self.last.as_ref().and_then(|last| {
            let keys = body_only(last, site)?;
            let ids = site.pages.iter().enumerate().filter(|(_, p)| keys.contains(&p.key)).map(|(i, _)| i).collect();
            let by_pages = dirty(site, outputs, &ids, Some(last));
            let by_templates = template_dirty(theme, outputs, &last.templates, &templates)?;
            Some(by_pages.union(&by_templates).copied().collect::<HashSet<usize>>())
        });

        // Render what is dirty (or everything), in memory first: a failure writes nothing.
        let todo: Vec<usize> = match &dirty {
            Some(set) => (0..outputs.len()).filter(|i| set.contains(i)).collect(),
            None => (0..outputs.len()).collect(),
        };
        let done = render(&prepared, &todo)?;

        let mut page_html: HashMap<String, Arc<String>> =
            self.last.as_ref().map(|l| l.page_html.clone()).unwrap_or_default();
        let mut records: HashMap<String, Record> = HashMap::with_capacity(outputs.len());
        if let Some(last) = &mut self.last {
            // Outputs not rendered again keep their record.
            for o in outputs {
                if let Some(r) = last.outputs.remove(&o.path) {
                    records.insert(o.path.clone(), r);
                }
            }
        }
        let fresh = self.last.is_none();
        let mut writes = changed_writes(&prepared, done, &mut records, &mut page_html, fresh);
        let live: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        // Page outputs by path, and their URLs: looked up once per file, not per pair.
        let page_paths: HashSet<&str> =
            outputs.iter().filter(|o| matches!(o.kind, Kind::Page { .. })).map(|o| o.path.as_str()).collect();
        let page_urls: HashSet<String> =
            page_paths.iter().map(|p| site.url(p.trim_end_matches("index.html"))).collect();
        page_html.retain(|url, _| page_urls.contains(url));

        let same_pages = self.last.as_ref().is_some_and(|l| {
            l.page_html.len() == page_html.len() && l.page_html.keys().all(|k| page_html.contains_key(k))
        });
        let pages_changed = !same_pages || writes.iter().any(|(p, _)| page_paths.contains(p.as_str()));
        let previous_search: Vec<String> = self
            .last
            .as_ref()
            .map_or_else(Vec::new, |l| l.outputs.keys().filter(|p| p.starts_with("pagefind/")).cloned().collect());
        let mut removed: Vec<String> = self.last.as_ref().map_or_else(Vec::new, |l| {
            l.outputs.keys().filter(|p| !live.contains(p.as_str()) && !p.starts_with("pagefind/")).cloned().collect()
        });
        let reindex = pages_changed || self.last.is_none() || previous_search.is_empty();
        let old = self.last.as_ref().map(|l| &l.outputs);
        removed.extend(search_writes(
            &prepared,
            &page_html,
            reindex,
            &previous_search,
            old,
            &mut records,
            &mut writes,
        )?);

        let written = writes.len();
        let warnings = if fresh { self.write_fresh(&writes)? } else { Vec::new() };
        if !fresh && let Err(errors) = self.write_in_place(&writes, &removed) {
            // Records were changed: forget them, so the next rebuild starts fresh.
            self.last = None;
            return Err(errors);
        }

        self.last = Some(Last {
            config: site.config.source.clone(),
            templates,
            pages: site
                .pages
                .iter()
                .map(|p| {
                    let section = site.sections[p.section].key.clone();
                    (p.key.clone(), (Arc::clone(&p.text), p.front.clone(), section, crate::fingerprint(&p.assets)))
                })
                .collect(),
            sections: site.sections.iter().map(|s| (s.key.clone(), Arc::clone(&s.text))).collect(),
            outputs: records,
            page_html,
        });
        let mut report = self.report(&prepared.site, written, started);
        report.warnings = warnings;
        let ids = site.pages.iter().enumerate().map(|(i, p)| (p.key.clone(), i)).collect();
        self.model = Some(Model { prepared, ids });
        Ok(report)
    }

    /// When `changed` holds only pages of the model whose front matter is unchanged, reads and
    /// renders them again and patches them into the model: the ids of the patched pages.
    /// `None` when the edit needs the whole pipeline (anything else changed, a file cannot be
    /// read, or its Markdown has errors: the full pipeline reports those).
    fn patch_bodies(&mut self, changed: &[PathBuf]) -> Option<HashSet<usize>> {
        self.last.as_ref()?;
        let model = self.model.as_mut()?;
        let site = &model.prepared.site;
        if changed.is_empty() || site.build_date != chrono::Utc::now().date_naive() {
            return None;
        }
        if site.next_due.is_some_and(|t| t <= chrono::Utc::now().timestamp()) {
            return None;
        }
        let content = crate::content::dir(&self.opts.root);
        let mut reread = Vec::with_capacity(changed.len());
        for path in changed {
            let key = path.strip_prefix(&content).ok()?.to_str()?.replace('\\', "/");
            let id = *model.ids.get(&key)?;
            let page = &site.pages[id];
            let section = &site.sections[page.section].key;
            let (source, diags) = crate::content::reload_page(&self.opts.root, &site.config, &key, section);
            let source = source.filter(|s| diags.is_empty() && s.front == page.front)?;
            reread.push((id, source));
        }

        // Markdown is rendered as a full build renders it: without site lookups.
        let Model { prepared: Prepared { site, theme, views, .. }, ids: key_ids } = model;
        let lookup = theme.lookup.take();
        let shortcodes = crate::render::ThemeShortcodes { theme: &*theme };
        let md = crate::markdown::Context {
            base_path: &site.config.base_path,
            links: &site.links,
            shortcodes: Some(&shortcodes),
        };
        let rendered =
            crate::par::map(&reread, |(_, s)| Arc::new(crate::markdown::render(&s.text[s.body.clone()], &md)));
        let usable = rendered
            .iter()
            .zip(&reread)
            .all(|(r, (id, _))| r.errors.is_empty() && r.heading_ids == site.pages[*id].rendered.heading_ids);
        if !usable {
            // Errors are reported, and changed heading ids checked, by the full pipeline (which
            // drops this model).
            return None;
        }
        let mut ids = HashSet::new();
        for ((id, source), r) in reread.into_iter().zip(rendered) {
            let page = &mut site.pages[id];
            page.text = source.text;
            page.body = source.body;
            page.rendered = r;
            ids.insert(id);
        }
        // Their headings are as before, so only their own `@/…#anchor` links need checking.
        let site: &Site = site;
        let heading_ids = |key: &str| match key_ids.get(key) {
            Some(&i) => Some(&site.pages[i].rendered.heading_ids),
            None => site.sections.iter().find(|s| crate::section_key(s) == key).map(|s| &s.rendered.heading_ids),
        };
        let items = ids.iter().map(|&i| {
            let p = &site.pages[i];
            (&p.file, &p.text, p.body.start, &p.rendered)
        });
        if !crate::anchor_errors(items, heading_ids).is_empty() {
            return None;
        }
        crate::render::context::patch_pages(site, views, &ids);
        let mut lookup = lookup?;
        crate::patch_lookups(&mut lookup, site, views, &ids.iter().copied().collect::<Vec<_>>());
        theme.lookup.set(Some(lookup));
        Some(ids)
    }

    /// Renders and writes what shows the patched pages `ids`: first the pages themselves (then
    /// `early` is told), then the listings, feeds and search index that show them.
    fn run_patched(
        &mut self,
        ids: &HashSet<usize>,
        early: &mut (dyn FnMut(&Early) + Send),
        started: Instant,
    ) -> Result<Report, Vec<Diagnostic>> {
        let (Some(model), Some(last)) = (self.model.take(), self.last.as_mut()) else {
            return self.run_full(started);
        };
        let Prepared { site, outputs, .. } = &model.prepared;
        let dirty = dirty(site, outputs, ids, Some(last));
        let (first, rest): (Vec<usize>, Vec<usize>) = (0..outputs.len())
            .filter(|i| dirty.contains(i) && !matches!(outputs[*i].kind, Kind::Copy(_)))
            .partition(|&i| matches!(outputs[i].kind, Kind::Page { id, .. } if ids.contains(&id)));

        // The pages themselves.
        let done = render(&model.prepared, &first)?;
        let writes = changed_writes(&model.prepared, done, &mut last.outputs, &mut last.page_html, false);
        let previous: Vec<(String, Option<Vec<u8>>)> =
            writes.iter().map(|(path, _)| (path.clone(), std::fs::read(self.output.join(path)).ok())).collect();
        let mut written = writes.len();
        if let Err(errors) = self.write_in_place(&writes, &[]) {
            self.last = None;
            return Err(errors);
        }
        let search = site.config.outputs.search && written > 0;
        let mut pending: Vec<String> = rest.iter().map(|&i| outputs[i].path.clone()).collect();
        if search {
            pending.push("pagefind/".to_string());
        }
        let first_paths: Vec<String> = writes.iter().map(|(p, _)| p.clone()).collect();
        early(&Early { written: &first_paths, pending: &pending });

        // Everything that shows them.
        let result = (|| {
            let done = render(&model.prepared, &rest)?;
            let Some(last) = self.last.as_mut() else { return Ok(0) };
            let mut writes = changed_writes(&model.prepared, done, &mut last.outputs, &mut last.page_html, false);
            let previous_search: Vec<String> =
                last.outputs.keys().filter(|p| p.starts_with("pagefind/")).cloned().collect();
            // The index's files as they are on disk, to write only those that change.
            let old: HashMap<String, Record> = previous_search
                .iter()
                .filter_map(|p| last.outputs.get(p).map(|r| (p.clone(), Record { hash: r.hash, lookups: Vec::new() })))
                .collect();
            let removed = search_writes(
                &model.prepared,
                &last.page_html,
                search,
                &previous_search,
                Some(&old),
                &mut last.outputs,
                &mut writes,
            )?;
            self.write_in_place(&writes, &removed)?;
            Ok(writes.len())
        })();
        match result {
            Ok(n) => written += n,
            Err(errors) => {
                // Put the pages written first back as they were: a failed rebuild changes nothing.
                let place = InPlace { dir: crate::output::absolute(&self.output) };
                if place.restore(previous).is_err() {
                    self.failed = Some(State::Partial);
                }
                self.last = None;
                return Err(errors);
            }
        }
        if let Some(last) = self.last.as_mut() {
            for &id in ids {
                let p = &site.pages[id];
                if let Some(entry) = last.pages.get_mut(&p.key) {
                    entry.0 = Arc::clone(&p.text);
                }
            }
        }
        let report = self.report(site, written, started);
        self.model = Some(model);
        Ok(report)
    }

    /// The first build: `writes` into a fresh folder, swapped in whole; the swap's warnings.
    fn write_fresh(&mut self, writes: &[(String, Write)]) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let staging = Staging::create(&self.output).map_err(|d| vec![d])?;
        let results = crate::par::map(writes, |(path, w)| match w {
            Write::Bytes(b) => staging.write(path, b),
            Write::Copy(src) => staging.copy(path, src),
        });
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if !errors.is_empty() {
            staging.abandon();
            return Err(errors);
        }
        staging.finish().map_err(|u| {
            self.failed = Some(u.state);
            vec![u.diagnostic]
        })
    }

    /// Writes `writes` into the output folder and removes `removed`, all files written before
    /// any is put in place (see `output::InPlace`); every error found.
    fn write_in_place(&mut self, writes: &[(String, Write)], removed: &[String]) -> Result<(), Vec<Diagnostic>> {
        let place = InPlace { dir: crate::output::absolute(&self.output) };
        place.apply(writes, removed).map_err(|n| {
            if n.changed {
                self.failed = Some(State::Partial);
            }
            n.diagnostics
        })
    }

    fn report(&self, site: &Site, files: usize, started: Instant) -> Report {
        Report {
            pages: site.pages.len(),
            sections: site.sections.len(),
            terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
            files,
            seconds: started.elapsed().as_secs_f64(),
            output: self.output.clone(),
            warnings: Vec::new(),
        }
    }
}

/// An output rendered in memory: its index, its bytes, the site lookups its templates made.
type Done = (usize, Rendered, Vec<String>);

/// Renders outputs `todo` in memory, in parallel.
fn render(prepared: &Prepared, todo: &[usize]) -> Result<Vec<Done>, Vec<Diagnostic>> {
    let Prepared { site, theme, views, outputs } = prepared;
    let rendered = crate::par::map(todo, |&i| {
        let (r, lookups) = crate::render::render_recorded(site, theme, views, &outputs[i]);
        r.map(|r| (i, r, lookups))
    });
    let mut diags = Vec::new();
    let mut done = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(x) => done.push(x),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() { Ok(done) } else { Err(diags) }
}

/// Records what was rendered, keeps pages' HTML for the search index, and returns the files
/// whose bytes differ from what is on disk (all of them for a `fresh` folder).
fn changed_writes(
    prepared: &Prepared,
    done: Vec<Done>,
    records: &mut HashMap<String, Record>,
    page_html: &mut HashMap<String, Arc<String>>,
    fresh: bool,
) -> Vec<(String, Write)> {
    let Prepared { site, outputs, .. } = prepared;
    let mut writes = Vec::new();
    for (i, r, lookups) in done {
        let o = &outputs[i];
        let (hash, write) = match r {
            Rendered::Bytes(b) => {
                if site.config.outputs.search && matches!(o.kind, Kind::Page { .. }) {
                    page_html.insert(
                        site.url(o.path.trim_end_matches("index.html")),
                        Arc::new(String::from_utf8_lossy(&b).into_owned()),
                    );
                }
                (crate::fingerprint(&b), Write::Bytes(b))
            }
            Rendered::Copy(src) => (copy_stamp(&src), Write::Copy(src)),
        };
        let unchanged = !fresh && records.get(&o.path).is_some_and(|rec| rec.hash == hash);
        records.insert(o.path.clone(), Record { hash, lookups });
        if !unchanged {
            writes.push((o.path.clone(), write));
        }
    }
    writes
}

/// The search index, built again from every page's HTML when `reindex`: its changed files are
/// added to `writes` and recorded; returns its files that are gone. Without `reindex`, the
/// records of the index on disk (`previous`, from `old`) are kept.
fn search_writes(
    prepared: &Prepared,
    page_html: &HashMap<String, Arc<String>>,
    reindex: bool,
    previous: &[String],
    old: Option<&HashMap<String, Record>>,
    records: &mut HashMap<String, Record>,
    writes: &mut Vec<(String, Write)>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let Prepared { site, outputs, .. } = prepared;
    if !site.config.outputs.search {
        // Switched off: the index on disk goes.
        for p in previous {
            records.remove(p);
        }
        return Ok(previous.to_vec());
    }
    if !reindex {
        for p in previous {
            if let Some(r) = old.and_then(|o| o.get(p)) {
                records.insert(p.clone(), Record { hash: r.hash, lookups: Vec::new() });
            }
        }
        return Ok(Vec::new());
    }
    // In output order, as `build` gives them: Pagefind's files depend on the order.
    let list: Vec<(String, String)> = outputs
        .iter()
        .filter(|o| matches!(o.kind, Kind::Page { .. }))
        .filter_map(|o| {
            let url = site.url(o.path.trim_end_matches("index.html"));
            page_html.get(&url).map(|h| (url, h.as_str().to_string()))
        })
        .collect();
    let files = crate::output::search::index(&site.config.language, list).map_err(|d| vec![d])?;
    let fresh: HashSet<String> = files.iter().map(|(p, _)| format!("pagefind/{p}")).collect();
    let removed: Vec<String> = previous.iter().filter(|p| !fresh.contains(*p)).cloned().collect();
    for p in &removed {
        records.remove(p);
    }
    for (path, bytes) in files {
        let path = format!("pagefind/{path}");
        let hash = crate::fingerprint(&bytes);
        let unchanged = old.and_then(|o| o.get(&path)).is_some_and(|r| r.hash == hash);
        records.insert(path.clone(), Record { hash, lookups: Vec::new() });
        if !unchanged {
            writes.push((path, Write::Bytes(bytes)));
        }
    }
    Ok(removed)
}

/// A copied file's identity: its source's size and modification time.
fn copy_stamp(src: &Path) -> u64 {
    let meta = std::fs::metadata(src).ok();
    let stamp = meta.map(|m| (m.len(), m.modified().ok()));
    crate::fingerprint(&(src, stamp))
}

/// When only page bodies changed, the keys of those pages; `None` when anything else did.
/// When templates changed that outputs render directly (and no other template names), the
/// outputs that use them; `None` when a change can reach further (a base template, a partial,
/// a shortcode, a template added or removed).
fn template_dirty(
    theme: &crate::render::Theme,
    outputs: &[Output],
    before: &std::collections::BTreeMap<String, u64>,
    now: &std::collections::BTreeMap<String, u64>,
) -> Option<HashSet<usize>> {
    if before.len() != now.len() || before.keys().ne(now.keys()) {
        return None;
    }
    let changed: Vec<&String> = now.iter().filter(|(n, fp)| before.get(*n) != Some(fp)).map(|(n, _)| n).collect();
    if changed.iter().any(|n| n.starts_with("shortcodes/") || theme.is_referenced(n)) {
        return None;
    }
    let uses = |o: &Output| match &o.kind {
        Kind::Page { template, .. }
        | Kind::Section { template, .. }
        | Kind::Taxonomy { template, .. }
        | Kind::Term { template, .. } => changed.contains(&template),
        Kind::NotFound => changed.iter().any(|c| *c == "404.html"),
        _ => false,
    };
    Some(outputs.iter().enumerate().filter(|(_, o)| uses(o)).map(|(i, _)| i).collect())
}

fn body_only(last: &Last, site: &Site) -> Option<HashSet<String>> {
    if last.config != site.config.source || last.pages.len() != site.pages.len() {
        return None;
    }
    let sections: Vec<(String, Arc<str>)> =
        site.sections.iter().map(|s| (s.key.clone(), Arc::clone(&s.text))).collect();
    if sections.len() != last.sections.len()
        || sections.iter().zip(&last.sections).any(|(a, b)| a.0 != b.0 || a.1 != b.1)
    {
        return None;
    }
    let mut changed = HashSet::new();
    for p in &site.pages {
        let (text, front, section, assets) = last.pages.get(&p.key)?;
        if *front != p.front || *section != site.sections[p.section].key {
            return None;
        }
        // A bundle asset added or removed changes the page's `assets`, as a body edit would.
        if (!Arc::ptr_eq(text, &p.text) && **text != *p.text) || *assets != crate::fingerprint(&p.assets) {
            changed.insert(p.key.clone());
        }
    }
    Some(changed)
}

/// The outputs that show any of the pages `ids`.
fn dirty(site: &Site, outputs: &[Output], ids: &HashSet<usize>, last: Option<&Last>) -> HashSet<usize> {
    let mut lookups: HashSet<String> = HashSet::new();
    for &i in ids {
        let p = &site.pages[i];
        lookups.insert(format!("page:{}", p.key));
        let sec = &site.sections[p.section].key;
        lookups.insert(if sec.is_empty() { "section:_index.md".into() } else { format!("section:{sec}/_index.md") });
        for tax in p.front.taxonomies.keys() {
            lookups.insert(format!("taxonomy:{tax}"));
        }
    }
    let shows = |list: &[usize]| list.iter().any(|p| ids.contains(p));
    let mut set = HashSet::new();
    for (i, o) in outputs.iter().enumerate() {
        let by_kind = match &o.kind {
            Kind::Page { id, .. } => ids.contains(id),
            Kind::Section { id, .. } => shows(&site.sections[*id].pages),
            Kind::Term { tax, term, .. } => shows(&site.taxonomies[*tax].terms[*term].pages),
            Kind::Taxonomy { tax, .. } => site.taxonomies[*tax].terms.iter().any(|t| shows(&t.pages)),
            Kind::EventIcs { event } => ids.contains(&site.events[*event].page),
            Kind::Atom | Kind::Rss | Kind::Sitemap | Kind::Calendar | Kind::Resources => true,
            Kind::Copy(_) => true, // cheap to check: written only if the source changed
            Kind::NotFound | Kind::Alias { .. } | Kind::Robots => false,
        };
        let by_lookup =
            last.and_then(|l| l.outputs.get(&o.path)).is_none_or(|r| r.lookups.iter().any(|k| lookups.contains(k)));
        if by_kind || by_lookup {
            set.insert(i);
        }
    }
    set
}
