//! Where rendered bytes go. `Staging`: a fresh folder beside the output, every file written as
//! it is rendered, swapped in whole at the end (`build`, and a session's first build).
//! `InPlace`: the live folder; a file is written only when its bytes differ from what the last
//! build wrote, all of them at the end, each atomically (`output::InPlace`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};

use crate::diagnostics::Diagnostic;
use crate::output::{InPlace, Staging, State, Write};
use crate::render::{Dep, Rendered};

/// What a session remembers of one output file: its bytes' fingerprint (a copied file's: its
/// source's size and time) and the lookups its templates made.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) hash: u64,
    pub(crate) lookups: Vec<Dep>,
    /// Files its templates published besides it (`resize_image`).
    pub(crate) extras: Vec<String>,
}

pub(crate) enum Sink<'a> {
    Staging(Staging, Arc<Cancel>),
    InPlace { place: InPlace, before: &'a HashMap<String, Record>, cancel: Arc<Cancel> },
}

/// Stops a session's writes for good (a second Ctrl-C): once [`Cancel::stop`] returns, no
/// write is under way and none will start, so the folders it wrote into can be removed.
#[derive(Debug, Default)]
pub struct Cancel {
    stopped: AtomicBool,
    writing: AtomicUsize,
}

impl Cancel {
    /// Refuses every later write and waits (at most 2 s) for those under way to end.
    pub fn stop(&self) {
        self.stopped.store(true, SeqCst);
        let started = std::time::Instant::now();
        while self.writing.load(SeqCst) > 0 && started.elapsed() < std::time::Duration::from_secs(2) {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Runs the write `f` unless stopped (then the error is `stopped`'s).
    fn guard<T, E>(&self, stopped: impl FnOnce(Diagnostic) -> E, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.writing.fetch_add(1, SeqCst);
        let result = if self.stopped.load(SeqCst) {
            Err(stopped(Diagnostic::error("the build was stopped").with_help("start it again")))
        } else {
            f()
        };
        self.writing.fetch_sub(1, SeqCst);
        result
    }

    fn write<T>(&self, f: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
        self.guard(|d| d, f)
    }
}

/// What the sink made of one output: its fingerprint (when asked for) and, in place, the
/// write to do when its bytes changed.
pub(crate) struct Put {
    pub(crate) hash: Option<u64>,
    pub(crate) write: Option<Write>,
}

impl<'a> Sink<'a> {
    pub(crate) fn staging(output: &Path, cancel: &Arc<Cancel>) -> Result<Sink<'a>, Vec<Diagnostic>> {
        let staging = cancel.write(|| Staging::create(output)).map_err(|d| vec![d])?;
        Ok(Sink::Staging(staging, Arc::clone(cancel)))
    }

    pub(crate) fn in_place(output: &Path, before: &'a HashMap<String, Record>, cancel: &Arc<Cancel>) -> Sink<'a> {
        Sink::InPlace { place: InPlace { dir: crate::output::absolute(output) }, before, cancel: Arc::clone(cancel) }
    }

    /// Takes one rendered output; `record` asks for its fingerprint (always taken in place).
    pub(crate) fn put(&self, path: &str, r: Rendered, record: bool) -> Result<Put, Diagnostic> {
        let hash = |r: &Rendered| match r {
            Rendered::Bytes(b) => crate::hash::fingerprint(b),
            Rendered::Copy(src) | Rendered::Link(src) => copy_stamp(src),
        };
        match self {
            Sink::Staging(staging, cancel) => {
                let hash = record.then(|| hash(&r));
                cancel.write(|| match r {
                    Rendered::Bytes(b) => staging.write(path, &b),
                    Rendered::Copy(src) => staging.copy(path, &src),
                    Rendered::Link(src) => staging.link(path, &src),
                })?;
                Ok(Put { hash, write: None })
            }
            Sink::InPlace { before, .. } => {
                let h = hash(&r);
                let unchanged = before.get(path).is_some_and(|rec| rec.hash == h);
                let write = (!unchanged).then_some(match r {
                    Rendered::Bytes(b) => Write::Bytes(b),
                    Rendered::Copy(src) | Rendered::Link(src) => Write::Copy(src),
                });
                Ok(Put { hash: Some(h), write })
            }
        }
    }

    /// In place: writes `writes` and removes `removed`, every file written before any is put
    /// in place. On failure, whether the folder was changed. (Staging wrote as it went.)
    pub(crate) fn apply(&self, writes: &[(String, Write)], removed: &[String]) -> Result<(), (Vec<Diagnostic>, bool)> {
        match self {
            Sink::Staging(..) => Ok(()),
            Sink::InPlace { place, cancel, .. } => cancel
                .guard(|d| (vec![d], false), || place.apply(writes, removed).map_err(|n| (n.diagnostics, n.changed))),
        }
    }

    /// Puts `previous` (path, bytes or none) back, after a later step of a rebuild failed.
    pub(crate) fn restore(&self, previous: Vec<(String, Option<Vec<u8>>)>) -> bool {
        match self {
            Sink::Staging(..) => true,
            Sink::InPlace { place, .. } => place.restore(previous).is_ok(),
        }
    }

    /// The staging folder swapped into place: the swap's warnings, or its failure and what it
    /// did to the output folder.
    pub(crate) fn finish(self) -> Result<Vec<Diagnostic>, (Vec<Diagnostic>, Option<State>)> {
        match self {
            Sink::Staging(staging, cancel) => {
                cancel.guard(|d| (vec![d], None), || staging.finish().map_err(|u| (vec![u.diagnostic], Some(u.state))))
            }
            Sink::InPlace { .. } => Ok(Vec::new()),
        }
    }

    /// Drops what was written to a staging folder.
    pub(crate) fn abandon(self) {
        if let Sink::Staging(staging, _) = self {
            staging.abandon();
        }
    }
}

/// A copied file's identity: its source's size and modification time.
fn copy_stamp(src: &Path) -> u64 {
    let meta = std::fs::metadata(src).ok();
    let stamp = meta.map(|m| (m.len(), m.modified().ok()));
    crate::hash::fingerprint(&(src, stamp))
}
