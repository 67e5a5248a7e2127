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
use crate::output::{InPlace, Staging};
use crate::render::{Kind, Output, Rendered};
use crate::site::Site;
use crate::{BuildOptions, Caches, Failure, Prepared, Report};

/// What is on disk after the last good rebuild.
struct Last {
    config: String,
    /// Template name -> fingerprint of its text.
    templates: std::collections::BTreeMap<String, u64>,
    pages: HashMap<String, (Arc<str>, PageFront, String)>,
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
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        let output = opts.output.clone().unwrap_or_else(|| opts.root.join("public"));
        let caches = Caches { content: crate::content::LoadCache::keeping(), ..Caches::default() };
        Session { opts, output, caches, last: None }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// Brings the output folder up to date. On failure nothing was written.
    pub fn rebuild(&mut self) -> Result<Report, Failure> {
        let started = Instant::now();
        let output = self.output.clone();
        let result = crate::in_pool(self.opts.jobs, || self.run(started));
        result.map_err(|mut diagnostics| {
            diagnostics::sort(&mut diagnostics);
            Failure { diagnostics, output }
        })
    }

    fn run(&mut self, started: Instant) -> Result<Report, Vec<Diagnostic>> {
        let prepared = crate::prepare_with(&self.opts, &mut self.caches)?;
        crate::output::check_location(&self.opts.root, &self.output).map_err(|d| vec![d])?;
        let Prepared { site, theme, views, outputs } = prepared;
        let templates = theme.fingerprints();
        let dirty = self.last.as_ref().and_then(|last| {
            let by_pages = dirty(&site, &outputs, &body_only(last, &site)?, Some(last));
            let by_templates = template_dirty(&theme, &outputs, &last.templates, &templates)?;
            Some(by_pages.union(&by_templates).copied().collect::<HashSet<usize>>())
        });

        // Render what is dirty (or everything), in memory first: a failure writes nothing.
        let todo: Vec<usize> = match &dirty {
            Some(set) => (0..outputs.len()).filter(|i| set.contains(i)).collect(),
            None => (0..outputs.len()).collect(),
        };
        let rendered = crate::par::map(&todo, |&i| {
            let (r, lookups) = crate::render::render_recorded(&site, &theme, &views, &outputs[i]);
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
        if !diags.is_empty() {
            return Err(diags);
        }

        let mut page_html: HashMap<String, Arc<String>> =
            self.last.as_ref().map(|l| l.page_html.clone()).unwrap_or_default();
        let mut records: HashMap<String, Record> = HashMap::with_capacity(outputs.len());
        if let Some(last) = &mut self.last {
            // Outputs not rendered again keep their record.
            for o in &outputs {
                if let Some(r) = last.outputs.remove(&o.path) {
                    records.insert(o.path.clone(), r);
                }
            }
        }
        let mut writes: Vec<(String, Write)> = Vec::new();
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
            let unchanged = records.get(&o.path).is_some_and(|rec| rec.hash == hash) && self.last.is_some();
            records.insert(o.path.clone(), Record { hash, lookups });
            if !unchanged {
                writes.push((o.path.clone(), write));
            }
        }
        let live: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        // Page outputs by path, and their URLs: looked up once per file, not per pair.
        let page_paths: HashSet<&str> =
            outputs.iter().filter(|o| matches!(o.kind, Kind::Page { .. })).map(|o| o.path.as_str()).collect();
        let page_urls: HashSet<String> =
            page_paths.iter().map(|p| site.url(p.trim_end_matches("index.html"))).collect();
        page_html.retain(|url, _| page_urls.contains(url));

        // The search index is built from every page's HTML, whenever a page changed.
        let mut search_files: Vec<(String, Vec<u8>)> = Vec::new();
        let same_pages = self.last.as_ref().is_some_and(|l| {
            l.page_html.len() == page_html.len() && l.page_html.keys().all(|k| page_html.contains_key(k))
        });
        let pages_changed = !same_pages || writes.iter().any(|(p, _)| page_paths.contains(p.as_str()));
        let previous_search: Vec<String> = self
            .last
            .as_ref()
            .map_or_else(Vec::new, |l| l.outputs.keys().filter(|p| p.starts_with("pagefind/")).cloned().collect());
        if site.config.outputs.search && (pages_changed || self.last.is_none() || previous_search.is_empty()) {
            // In output order, as `build` gives them: Pagefind's files depend on the order.
            let list: Vec<(String, String)> = outputs
                .iter()
                .filter(|o| matches!(o.kind, Kind::Page { .. }))
                .filter_map(|o| {
                    let url = site.url(o.path.trim_end_matches("index.html"));
                    page_html.get(&url).map(|h| (url, h.as_str().to_string()))
                })
                .collect();
            search_files = crate::output::search::index(&site.config.language, list).map_err(|d| vec![d])?;
        }
        let mut removed: Vec<String> = self.last.as_ref().map_or_else(Vec::new, |l| {
            l.outputs.keys().filter(|p| !live.contains(p.as_str()) && !p.starts_with("pagefind/")).cloned().collect()
        });
        if !search_files.is_empty() {
            let fresh: HashSet<String> = search_files.iter().map(|(p, _)| format!("pagefind/{p}")).collect();
            removed.extend(previous_search.iter().filter(|p| !fresh.contains(*p)).cloned());
        } else if let Some(last) = &self.last {
            // Index unchanged: keep its records.
            for p in &previous_search {
                if let Some(r) = last.outputs.get(p) {
                    records.insert(p.clone(), Record { hash: r.hash, lookups: Vec::new() });
                }
            }
        }
        for (path, bytes) in search_files {
            let path = format!("pagefind/{path}");
            let hash = crate::fingerprint(&bytes);
            let unchanged = self.last.as_ref().and_then(|l| l.outputs.get(&path)).is_some_and(|r| r.hash == hash);
            records.insert(path.clone(), Record { hash, lookups: Vec::new() });
            if !unchanged {
                writes.push((path, Write::Bytes(bytes)));
            }
        }

        let written = writes.len();
        if self.last.is_none() {
            // The first build starts from a fresh folder, swapped in whole.
            let staging = Staging::create(&self.output).map_err(|d| vec![d])?;
            let results = crate::par::map(&writes, |(path, w)| match w {
                Write::Bytes(b) => staging.write(path, b),
                Write::Copy(src) => staging.copy(path, src),
            });
            let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
            if !errors.is_empty() {
                staging.abandon();
                return Err(errors);
            }
            staging.finish().map_err(|d| vec![d])?;
        } else {
            let place = InPlace { dir: crate::output::absolute(&self.output) };
            let results = crate::par::map(&writes, |(path, w)| match w {
                Write::Bytes(b) => place.write(path, b),
                Write::Copy(src) => place.copy(path, src),
            });
            let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
            for path in &removed {
                if let Err(d) = place.remove(path) {
                    errors.push(d);
                }
            }
            if !errors.is_empty() {
                // The folder is now partly updated: forget it, so the next rebuild starts fresh.
                self.last = None;
                return Err(errors);
            }
        }

        self.last = Some(Last {
            config: site.config.source.clone(),
            templates,
            pages: site
                .pages
                .iter()
                .map(|p| (p.key.clone(), (Arc::clone(&p.text), p.front.clone(), site.sections[p.section].key.clone())))
                .collect(),
            sections: site.sections.iter().map(|s| (s.key.clone(), Arc::clone(&s.text))).collect(),
            outputs: records,
            page_html,
        });
        Ok(Report {
            pages: site.pages.len(),
            sections: site.sections.len(),
            terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
            files: written,
            seconds: started.elapsed().as_secs_f64(),
            output: self.output.clone(),
            warnings: Vec::new(),
        })
    }
}

enum Write {
    Bytes(Vec<u8>),
    Copy(PathBuf),
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
        let (text, front, section) = last.pages.get(&p.key)?;
        if *front != p.front || *section != site.sections[p.section].key {
            return None;
        }
        if !Arc::ptr_eq(text, &p.text) && **text != *p.text {
            changed.insert(p.key.clone());
        }
    }
    Some(changed)
}

/// The outputs that show any of the `changed` pages.
fn dirty(site: &Site, outputs: &[Output], changed: &HashSet<String>, last: Option<&Last>) -> HashSet<usize> {
    let ids: HashSet<usize> =
        site.pages.iter().enumerate().filter(|(_, p)| changed.contains(&p.key)).map(|(i, _)| i).collect();
    let mut lookups: HashSet<String> = HashSet::new();
    for &i in &ids {
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
