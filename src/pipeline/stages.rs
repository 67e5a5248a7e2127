//! The stages after the snapshot, shared by `build`, `check` and every rebuild: render
//! outputs in parallel (`each`, the one render loop), hand them to the sink (`render`), and
//! build the search index from the pages' HTML (`search`).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostic;
use crate::output::Write;
use crate::render::{Dep, Kind, Output, Rendered};

use super::Snapshot;
use super::sink::{Put, Record, Sink};

/// What the render and search stages did.
#[derive(Default)]
pub(crate) struct Run {
    /// Remember each output's fingerprint and lookups (a session does).
    pub(crate) recording: bool,
    /// Files written (staging) or to write (in place, in `writes`).
    pub(crate) written: usize,
    /// In place: the files whose bytes changed.
    pub(crate) writes: Vec<(String, Write)>,
    /// The records of the outputs rendered, when `recording`.
    pub(crate) records: Vec<(String, Record)>,
    /// True when some page's bytes changed (or were written fresh).
    pub(crate) pages_changed: bool,
    /// With search on: the HTML of the pages rendered, by URL.
    pub(crate) page_html: Vec<(String, Arc<String>)>,
    /// The search index's files, when it was built (relative to the output folder).
    pub(crate) search_files: Option<Vec<String>>,
}

impl Run {
    /// Counts what the sink made of the output at `path` (a page when `page`), and records it.
    fn took(&mut self, sink: &Sink, path: &str, put: Put, page: bool, lookups: Vec<Dep>, extras: Vec<String>) {
        let written = put.write.is_some() || matches!(sink, Sink::Staging(..));
        if let Some(w) = put.write {
            self.writes.push((path.to_string(), w));
        }
        if written {
            self.written += 1;
            self.pages_changed |= page;
        }
        if let Some(hash) = put.hash.filter(|_| self.recording) {
            self.records.push((path.to_string(), Record { hash, lookups, extras }));
        }
    }
}

/// Renders outputs `todo` of `snap` in parallel and hands each to `f`, in `todo`'s order.
/// Publishes the images templates resized (`resize_image`), each path once; returns them by
/// the output that asked. A path that is also a planned output is an error.
fn publish(
    snap: &Snapshot,
    sink: &Sink,
    made: Vec<(usize, String, std::path::PathBuf)>,
    run: &mut Run,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<usize, Vec<String>> {
    let mut by_output: HashMap<usize, Vec<String>> = HashMap::new();
    if made.is_empty() {
        return by_output;
    }
    let planned: std::collections::HashSet<&str> = snap.outputs.iter().map(|o| o.path.as_str()).collect();
    let mut done = std::collections::HashSet::new();
    for (i, path, cache) in made {
        by_output.entry(i).or_default().push(path.clone());
        if planned.contains(path.as_str()) {
            diags.push(
                Diagnostic::error(format!("resize_image: `{path}` is also a file of the site"))
                    .with_help("rename that file"),
            );
        } else if done.insert(path.clone()) {
            match sink.put(&path, Rendered::Link(cache), run.recording) {
                Ok(put) => run.took(sink, &path, put, false, Vec::new(), Vec::new()),
                Err(d) => diags.push(d),
            }
        }
    }
    by_output
}

/// Makes the image cache entries the snapshot's image outputs link to (the images not
/// processed before: decoded once each, in parallel).
pub(crate) fn images(root: &std::path::Path, snap: &Snapshot) -> Result<(), Vec<Diagnostic>> {
    let diags = crate::images::process(root, &snap.site.images);
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

pub(crate) fn each<R: Send>(
    snap: &Snapshot,
    todo: &[usize],
    f: impl Fn(usize, &Output, Rendered) -> Result<R, Diagnostic> + Sync + Send,
) -> Vec<Result<R, Diagnostic>> {
    crate::par::map(todo, |&i| {
        let o = &snap.outputs[i];
        crate::render::render(&snap.renderer, o, i).and_then(|r| f(i, o, r))
    })
}

/// Renders outputs `todo` into `sink`, counting them in `done`; adds to `run`. Every error.
pub(crate) fn render(
    snap: &Snapshot,
    todo: &[usize],
    sink: &Sink,
    done: &AtomicUsize,
    run: &mut Run,
) -> Result<(), Vec<Diagnostic>> {
    let search = snap.site.config.outputs.search;
    let recording = run.recording;
    let results = each(snap, todo, |i, o, r| {
        let page = matches!(o.kind, Kind::Page { .. });
        let html = match &r {
            Rendered::Bytes(b) if search && page => Some(Arc::new(String::from_utf8_lossy(b).into_owned())),
            _ => None,
        };
        let put = sink.put(&o.path, r, recording);
        done.fetch_add(1, Ordering::Relaxed);
        put.map(|put| (i, put, html))
    });
    let recorded = snap.renderer.lookup.take();
    let mut lookups: HashMap<usize, Vec<Dep>> = HashMap::new();
    for (i, dep) in recorded.seen {
        lookups.entry(i).or_default().push(dep);
    }
    let mut diags = Vec::new();
    let made = publish(snap, sink, recorded.made, run, &mut diags);
    for result in results {
        let (i, put, html) = match result {
            Ok(x) => x,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let o = &snap.outputs[i];
        let mut deps = lookups.remove(&i).unwrap_or_default();
        if recorded.unattributed {
            // A lookup that could not be tied to its output: assume every output made it.
            deps.push(Dep::AllPages);
        }
        let extras = made.get(&i).cloned().unwrap_or_default();
        run.took(sink, &o.path, put, matches!(o.kind, Kind::Page { .. }), deps, extras);
        if let Some(html) = html {
            run.page_html.push((snap.site.url(o.path.trim_end_matches("index.html")), html));
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// The search index (with search on), built from every page's HTML in output order (Pagefind's
/// files depend on the order), into `sink`. `html` holds every page's HTML by URL.
pub(crate) fn search(
    snap: &Snapshot,
    sink: &Sink,
    html: &HashMap<String, Arc<String>>,
    run: &mut Run,
) -> Result<(), Vec<Diagnostic>> {
    let site = &snap.site;
    if !site.config.outputs.search {
        return Ok(());
    }
    // A language with `search: false` is left out; the others are indexed by their `<html lang>`.
    let searched = |id: usize| site.config.lang(&site.pages[id].lang).is_none_or(|l| l.search);
    let list: Vec<(String, String)> = snap
        .outputs
        .iter()
        .filter(|o| matches!(o.kind, Kind::Page { id, .. } if searched(id)))
        .filter_map(|o| {
            let url = site.url(o.path.trim_end_matches("index.html"));
            html.get(&url).map(|h| (url, h.as_str().to_string()))
        })
        .collect();
    let forced = (!site.config.multilingual()).then_some(site.config.language.as_str());
    let files = crate::render::search::index(forced, list).map_err(|d| vec![d])?;
    let mut names = Vec::with_capacity(files.len());
    let mut diags = Vec::new();
    for (path, bytes) in files {
        let path = format!("pagefind/{path}");
        match sink.put(&path, Rendered::Bytes(bytes), run.recording) {
            Ok(put) => run.took(sink, &path, put, false, Vec::new(), Vec::new()),
            Err(d) => diags.push(d),
        }
        names.push(path);
    }
    run.search_files = Some(names);
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}
