//! Rebuilds for `serve` and `watch`: the pipeline of `build`, kept between runs. A session
//! keeps the last snapshot, a record of every output (its fingerprint and the lookups it
//! made) and the caches. Each rebuild sorts the changed paths into `Change`s, makes the next
//! snapshot (patching the last one when only page bodies changed), asks `redo::redo` which
//! outputs to render, and writes only the files whose bytes changed (the first build writes a
//! fresh folder and swaps it in whole). The result is byte for byte what a fresh `build` writes
//! (`tests/it/incremental.rs`). A failed rebuild leaves the output folder as it was.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use crate::diagnostics::{self, Diagnostic};
use crate::output::State;
use crate::render::Kind;
use crate::site::PageId;

use super::change::{self, Change};
use super::sink::{Cancel, Record, Sink};
use super::stages::{self, Run};
use super::{BuildOptions, Caches, Failure, Report, Snapshot, model};

/// What is on disk after the last good rebuild.
struct Last {
    snap: Snapshot,
    /// Output path -> what was written there.
    records: HashMap<String, Record>,
    /// With search on: every page's HTML by URL, for the search index.
    page_html: HashMap<String, Arc<String>>,
}

/// A site that is rebuilt again and again into one output folder.
pub struct Session {
    opts: BuildOptions,
    output: PathBuf,
    caches: Caches,
    last: Option<Last>,
    /// Paths changed since the last good rebuild: a failed rebuild's stay to be applied.
    unapplied: Vec<PathBuf>,
    /// What a failed rebuild did to the output, when not "left it as it was" (or "none").
    failed: Option<State>,
    /// Stops every write of this session for good.
    cancel: Arc<Cancel>,
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
        Session {
            opts,
            output,
            caches: Caches::keeping(),
            last: None,
            unapplied: Vec::new(),
            failed: None,
            cancel: Arc::default(),
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// What stops this session's writes for good, from another thread (a second Ctrl-C).
    pub fn canceller(&self) -> Arc<Cancel> {
        Arc::clone(&self.cancel)
    }

    /// Brings the output folder up to date, when anything may have changed. On failure the
    /// output folder is as it was.
    pub fn rebuild(&mut self) -> Result<Report, Failure> {
        self.rebuild_changed(&[], &mut |_| {})
    }

    /// Brings the output folder up to date after the files `changed` (absolute paths, as the
    /// watcher reports them; empty when anything may have changed). When page bodies changed,
    /// `early` is called as soon as those pages' own files are written. On failure the output
    /// folder is as it was.
    pub fn rebuild_changed(
        &mut self,
        changed: &[PathBuf],
        early: &mut (dyn FnMut(&Early) + Send),
    ) -> Result<Report, Failure> {
        let started = Instant::now();
        let output = self.output.clone();
        self.failed = None;
        let anything = changed.is_empty();
        let result = super::in_pool(self.opts.jobs, || self.run(changed, early, started));
        result.map_err(|mut diagnostics| {
            // Not applied: the next rebuild looks at these paths again.
            if anything {
                self.unapplied.push(self.opts.root.clone());
            }
            self.unapplied.extend(changed.iter().cloned());
            diagnostics::sort_capped(&mut diagnostics);
            let state = self.failed.take().unwrap_or_else(|| State::of(&output));
            Failure { diagnostics, output, state }
        })
    }

    /// The typed changes since the last good rebuild (everything, for the first).
    fn changes(&mut self, changed: &[PathBuf]) -> Vec<Change> {
        let root = &self.opts.root;
        let mut paths: Vec<PathBuf> = self.unapplied.iter().chain(changed).cloned().collect();
        paths.sort();
        paths.dedup();
        // Reported files are read again even when their size and time look the same.
        self.caches.content.forget(&paths);
        match &self.last {
            Some(last) if !changed.is_empty() => change::classify(root, &paths, &last.snap, chrono::Utc::now()),
            _ => vec![Change::Unknown(root.clone())],
        }
    }

    /// The next snapshot: the last one patched when only page bodies changed, else loaded.
    fn snapshot(&mut self, changes: &[Change]) -> Result<Snapshot, Vec<Diagnostic>> {
        let bodies: Vec<(PageId, &crate::content::SourcePage)> = changes
            .iter()
            .filter_map(|c| match c {
                Change::PageBody(id, page) => Some((*id, &**page)),
                _ => None,
            })
            .collect();
        if let Some(last) = &self.last
            && !bodies.is_empty()
            && bodies.len() == changes.len()
            && let Some(snap) = last.snap.patched(&bodies)
        {
            return Ok(snap);
        }
        let model = model::load(&self.opts, &mut self.caches, model::Sources::Keep)?;
        Snapshot::cached(&self.opts.root, model, &mut self.caches)
    }

    fn run(
        &mut self,
        changed: &[PathBuf],
        early: &mut (dyn FnMut(&Early) + Send),
        started: Instant,
    ) -> Result<Report, Vec<Diagnostic>> {
        let changes = self.changes(changed);
        let snap = self.snapshot(&changes)?;
        crate::output::check_location(&self.opts.root, &self.output).map_err(|d| vec![d])?;
        stages::images(&self.opts.root, &snap)?;
        let last = self.last.as_ref().map(|l| (l.snap.outputs.as_slice(), &l.records));
        let todo = super::redo::redo(&changes, &snap, last);
        // The edited pages themselves first, so that serve can reload them early.
        let edited: HashSet<PageId> =
            changes.iter().filter_map(|c| if let Change::PageBody(id, _) = c { Some(*id) } else { None }).collect();
        let (first, rest): (Vec<usize>, Vec<usize>) =
            todo.iter().partition(|&&i| matches!(snap.outputs[i].kind, Kind::Page { id, .. } if edited.contains(&id)));
        let mut warnings = Vec::new();
        let (records, page_html, written) = match self.last.take() {
            None => {
                let (records, html, written, w) = self.write_fresh(&snap)?;
                warnings = w;
                (records, html, written)
            }
            Some(last) => match self.write_in_place(&snap, &last, &first, &rest, early) {
                Ok(x) => x,
                Err(e) => {
                    if self.failed.is_none() {
                        self.last = Some(last);
                    }
                    return Err(e);
                }
            },
        };
        let mut report = Report::of(&snap.site, written, &self.output, started);
        report.warnings = warnings;
        report.changes = changes.iter().map(Change::kind).collect();
        report.changes.sort_unstable();
        report.changes.dedup();
        crate::images::prune(&snap.site.images);
        self.last = Some(Last { snap, records, page_html });
        self.unapplied.clear();
        Ok(report)
    }

    /// The first build: every output into a fresh folder, swapped in whole.
    #[allow(clippy::type_complexity)]
    fn write_fresh(
        &mut self,
        snap: &Snapshot,
    ) -> Result<(HashMap<String, Record>, HashMap<String, Arc<String>>, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
        let sink = Sink::staging(&self.output, &self.cancel)?;
        let mut run = Run { recording: true, ..Run::default() };
        let all: Vec<usize> = (0..snap.outputs.len()).collect();
        let result = stages::render(snap, &all, &sink, &AtomicUsize::new(0), &mut run).and_then(|()| {
            let html: HashMap<String, Arc<String>> = run.page_html.iter().cloned().collect();
            stages::search(snap, &sink, &html, &mut run).map(|()| html)
        });
        let html = match result {
            Ok(html) => html,
            Err(diags) => {
                sink.abandon();
                return Err(diags);
            }
        };
        let warnings = sink.finish().map_err(|(diags, state)| {
            self.failed = state;
            diags
        })?;
        Ok((run.records.into_iter().collect(), html, run.written, warnings))
    }

    /// A rebuild into the live folder: outputs `first` (the edited pages), then `early` is
    /// told, then `rest` and the search index; only changed bytes are written, and removed
    /// outputs deleted. A failure after `first` puts those files back.
    #[allow(clippy::type_complexity)]
    fn write_in_place(
        &mut self,
        snap: &Snapshot,
        last: &Last,
        first: &[usize],
        rest: &[usize],
        early: &mut (dyn FnMut(&Early) + Send),
    ) -> Result<(HashMap<String, Record>, HashMap<String, Arc<String>>, usize), Vec<Diagnostic>> {
        let sink = Sink::in_place(&self.output, &last.records, &self.cancel);
        let done = AtomicUsize::new(0);
        let mut run = Run { recording: true, ..Run::default() };
        let mut previous = Vec::new();
        let mut written = 0;
        if !first.is_empty() {
            stages::render(snap, first, &sink, &done, &mut run)?;
            previous = run.writes.iter().map(|(p, _)| (p.clone(), std::fs::read(self.output.join(p)).ok())).collect();
            self.apply(&sink, &run.writes, &[])?;
            let paths: Vec<String> = run.writes.drain(..).map(|(p, _)| p).collect();
            written = paths.len();
            run.written = 0;
            // Still to come: the other outputs to render, the files to remove, the search index.
            let live: HashSet<&str> = snap.outputs.iter().map(|o| o.path.as_str()).collect();
            let mut pending: Vec<String> = rest.iter().map(|&i| snap.outputs[i].path.clone()).collect();
            pending.extend(last.records.keys().filter(|p| !live.contains(p.as_str())).cloned());
            if snap.site.config.outputs.search {
                pending.push("pagefind/".to_string());
            }
            early(&Early { written: &paths, pending: &pending });
        }
        let result = self.finish_in_place(snap, last, rest, &sink, &done, run);
        match result {
            Ok((records, html, n)) => Ok((records, html, written + n)),
            Err(e) => {
                if !previous.is_empty() && !sink.restore(previous) {
                    self.failed = Some(State::Partial);
                }
                Err(e)
            }
        }
    }

    /// The outputs `rest` and the search index, written in place; the new records.
    #[allow(clippy::type_complexity)]
    fn finish_in_place(
        &mut self,
        snap: &Snapshot,
        last: &Last,
        rest: &[usize],
        sink: &Sink,
        done: &AtomicUsize,
        mut run: Run,
    ) -> Result<(HashMap<String, Record>, HashMap<String, Arc<String>>, usize), Vec<Diagnostic>> {
        stages::render(snap, rest, sink, done, &mut run)?;
        let site = &snap.site;
        let mut html = HashMap::new();
        let was_searched = last.records.keys().any(|p| p.starts_with("pagefind/"));
        if site.config.outputs.search {
            html = last.page_html.clone();
            html.extend(run.page_html.drain(..));
            let urls: HashSet<String> = snap
                .outputs
                .iter()
                .filter(|o| matches!(o.kind, Kind::Page { .. }))
                .map(|o| site.url(o.path.trim_end_matches("index.html")))
                .collect();
            html.retain(|url, _| urls.contains(url));
            let same_pages = html.len() == last.page_html.len() && html.keys().all(|k| last.page_html.contains_key(k));
            if run.pages_changed || !same_pages || !was_searched {
                stages::search(snap, sink, &html, &mut run)?;
            }
        }
        // Outputs not rendered again keep their records; the rest is what this run recorded.
        let live: HashSet<&str> = snap.outputs.iter().map(|o| o.path.as_str()).collect();
        let searched: Option<HashSet<&str>> = run.search_files.as_ref().map(|f| f.iter().map(String::as_str).collect());
        // Images templates resized: those of outputs rendered now are in this run's records,
        // those of outputs not rendered again stay.
        let now: HashSet<&str> = run.records.iter().map(|(p, _)| p.as_str()).collect();
        let extras: HashSet<&str> = last
            .records
            .iter()
            .filter(|(p, _)| live.contains(p.as_str()) && !now.contains(p.as_str()))
            .flat_map(|(_, r)| r.extras.iter().map(String::as_str))
            .collect();
        let keep = |path: &str| match &searched {
            _ if live.contains(path) || now.contains(path) || extras.contains(path) => true,
            Some(files) => files.contains(path),
            None => site.config.outputs.search && path.starts_with("pagefind/"),
        };
        let mut records: HashMap<String, Record> =
            last.records.iter().filter(|(p, _)| keep(p)).map(|(p, r)| (p.clone(), r.clone())).collect();
        let removed: Vec<String> = last.records.keys().filter(|p| !keep(p)).cloned().collect();
        self.apply(sink, &run.writes, &removed)?;
        records.extend(run.records);
        Ok((records, html, run.writes.len()))
    }

    /// Writes in place; a failure that changed the folder is remembered for the message.
    fn apply(
        &mut self,
        sink: &Sink,
        writes: &[(String, crate::output::Write)],
        removed: &[String],
    ) -> Result<(), Vec<Diagnostic>> {
        sink.apply(writes, removed).map_err(|(diags, changed)| {
            if changed {
                self.failed = Some(State::Partial);
            }
            diags
        })
    }
}
