//! The engine: one pipeline for `build`, `check`, `watch` and `serve`.
//!
//! ```text
//! load (model::load) -> snapshot (Snapshot::new) -> what to redo (redo::redo) -> render
//! (stages::render) -> sink (Staging: a fresh folder swapped in whole; InPlace: only the changed
//! bytes, each file atomic) -> search index (stages::search) -> report
//! ```
//!
//! `build` runs it once into a `Staging` sink. A `Session` (`watch`, `serve`) keeps the last
//! snapshot and what each output read; the watcher's paths become typed `Change`s
//! (`change::classify`), and `redo::redo` — one exhaustive function of the changes and the
//! recorded dependencies — says which outputs to render again. A change of page bodies only
//! patches the last snapshot instead of loading the site again (`model::patch`); everything
//! after that is the same code.

mod anchors;
pub(crate) mod change;
mod model;
pub(crate) mod redo;
pub mod session;
mod sink;
mod snapshot;
mod stages;

use std::path::PathBuf;
use std::time::Instant;

use crate::diagnostics::{self, Diagnostic};
use crate::output;

pub(crate) use model::Caches;
pub use sink::Cancel;
pub(crate) use snapshot::Snapshot;

/// What `ltc-hub build` was asked to do. The default: no output folder given (`ROOT/public`), no
/// base URL override, the default environment, no drafts, one thread per core.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// `--env`: the environment whose `site.ENV.yaml` is layered over site.yaml (`None`:
    /// `LTC_HUB_ENV`, else production).
    pub env: Option<String>,
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
    /// For a rebuild: the kinds of change it saw (`Change::kind`), sorted, each once.
    pub changes: Vec<&'static str>,
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

/// Builds the site into a fresh folder swapped in whole, waiting for (or, with `busy`, refusing)
/// another build of the same output folder; counts its progress in `progress`.
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
        let model = model::load(opts, &mut Caches::default(), model::Sources::FrontMatterOnly)?;
        let snap = Snapshot::new(&opts.root, model)?;
        stages::images(&opts.root, &snap)?;
        progress.outputs.store(snap.outputs.len(), std::sync::atomic::Ordering::Relaxed);
        let sink = sink::Sink::staging(&output, &Default::default())?;
        let todo: Vec<usize> = (0..snap.outputs.len()).collect();
        let mut run = stages::Run::default();
        let written = stages::render(&snap, &todo, &sink, &progress.done, &mut run).and_then(|()| {
            let html = std::mem::take(&mut run.page_html).into_iter().collect();
            stages::search(&snap, &sink, &html, &mut run)
        });
        if let Err(diags) = written {
            sink.abandon();
            return Err(diags);
        }
        let files = run.written;
        let mut swap_warnings = sink.finish().map_err(|(diags, s)| {
            if let Some(s) = s {
                state = s;
            }
            diags
        })?;
        warnings.append(&mut swap_warnings);
        crate::images::prune(&snap.site.images);
        let mut report = Report::of(&snap.site, files, &output, started);
        report.warnings = std::mem::take(&mut warnings);
        Ok(report)
    })
    .map_err(|mut diags| {
        diags.append(&mut warnings);
        fail(diags, state)
    })
}

impl Report {
    fn of(site: &crate::site::Site, files: usize, output: &std::path::Path, started: Instant) -> Report {
        Report {
            pages: site.pages.iter().filter(|p| !p.front.headless).count(),
            sections: site.sections.iter().filter(|s| !s.front.headless).count(),
            terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
            files,
            seconds: started.elapsed().as_secs_f64(),
            output: output.to_path_buf(),
            warnings: Vec::new(),
            changes: Vec::new(),
        }
    }
}

/// `check`: everything `build` validates, without writing, plus the lints of SPEC §7, and with
/// `external` every outside link (`check --external`). Every error and warning found, sorted.
pub fn check_with(
    opts: &BuildOptions,
    external: Option<crate::check::external::Options>,
) -> (Vec<Diagnostic>, Option<crate::check::external::Summary>) {
    let mut summary = None;
    let mut diags = in_pool(opts.jobs, || {
        let snap = Snapshot::new(&opts.root, model::load(opts, &mut Caches::default(), model::Sources::Keep)?)?;
        let site = &snap.site;
        let mut diags = crate::check::markdown_lints(site);
        diags.extend(crate::check::implicit_sections(site));
        diags.extend(crate::check::missing_titles(site));
        diags.extend(crate::check::translation_lints(site));
        diags.extend(crate::check::expiry_lints(site, chrono::Utc::now().timestamp()));
        let html = |o: &crate::render::Output, r: crate::render::Rendered| match r {
            crate::render::Rendered::Bytes(b) if o.path.ends_with(".html") => {
                Some(crate::check::scan(&String::from_utf8_lossy(&b)))
            }
            _ => None,
        };
        let all: Vec<usize> = (0..snap.outputs.len()).collect();
        let mut scanned = Vec::with_capacity(all.len());
        for r in stages::each(&snap, &all, |_, o, r| Ok(html(o, r))) {
            match r {
                Ok(s) => scanned.push(s),
                Err(d) => {
                    scanned.push(None);
                    diags.push(d);
                }
            }
        }
        diags.extend(crate::check::rendered_site(site, &snap.outputs, &scanned));
        if let Some(ext) = external {
            let (found, s) = crate::check::external::run(&opts.root, site, &snap.theme, &snap.outputs, &scanned, ext);
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
pub(crate) fn in_pool<T: Send>(
    jobs: usize,
    f: impl FnOnce() -> Result<T, Vec<Diagnostic>> + Send,
) -> Result<T, Vec<Diagnostic>> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if jobs > 0 {
        pool = pool.num_threads(jobs);
    }
    let pool = pool.build().map_err(|e| {
        vec![Diagnostic::error(format!("cannot start worker threads: {e}")).with_help("try a smaller --jobs")]
    })?;
    pool.install(f)
}
