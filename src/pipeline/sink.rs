//! Where rendered bytes go. `Staging`: a fresh folder beside the output, every file written as
//! it is rendered, swapped in whole at the end (`build`, and a session's first build).
//! `InPlace`: the live folder; a file is written only when its bytes differ from what the last
//! build wrote, all of them at the end, each atomically (`output::InPlace`).

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::{InPlace, Staging, State, Write};
use crate::render::{Dep, Rendered};

/// What a session remembers of one output file: its bytes' fingerprint (a copied file's: its
/// source's size and time) and the lookups its templates made.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub(crate) hash: u64,
    pub(crate) lookups: Vec<Dep>,
}

pub(crate) enum Sink<'a> {
    Staging(Staging),
    InPlace { place: InPlace, before: &'a HashMap<String, Record> },
}

/// What the sink made of one output: its fingerprint (when asked for) and, in place, the
/// write to do when its bytes changed.
pub(crate) struct Put {
    pub(crate) hash: Option<u64>,
    pub(crate) write: Option<Write>,
}

impl<'a> Sink<'a> {
    pub(crate) fn staging(output: &Path) -> Result<Sink<'a>, Vec<Diagnostic>> {
        Staging::create(output).map(Sink::Staging).map_err(|d| vec![d])
    }

    pub(crate) fn in_place(output: &Path, before: &'a HashMap<String, Record>) -> Sink<'a> {
        Sink::InPlace { place: InPlace { dir: crate::output::absolute(output) }, before }
    }

    /// Takes one rendered output; `record` asks for its fingerprint (always taken in place).
    pub(crate) fn put(&self, path: &str, r: Rendered, record: bool) -> Result<Put, Diagnostic> {
        let hash = |r: &Rendered| match r {
            Rendered::Bytes(b) => crate::hash::fingerprint(b),
            Rendered::Copy(src) => copy_stamp(src),
        };
        match self {
            Sink::Staging(staging) => {
                let hash = record.then(|| hash(&r));
                match r {
                    Rendered::Bytes(b) => staging.write(path, &b)?,
                    Rendered::Copy(src) => staging.copy(path, &src)?,
                }
                Ok(Put { hash, write: None })
            }
            Sink::InPlace { before, .. } => {
                let h = hash(&r);
                let unchanged = before.get(path).is_some_and(|rec| rec.hash == h);
                let write = (!unchanged).then_some(match r {
                    Rendered::Bytes(b) => Write::Bytes(b),
                    Rendered::Copy(src) => Write::Copy(src),
                });
                Ok(Put { hash: Some(h), write })
            }
        }
    }

    /// In place: writes `writes` and removes `removed`, every file written before any is put
    /// in place. On failure, whether the folder was changed. (Staging wrote as it went.)
    pub(crate) fn apply(&self, writes: &[(String, Write)], removed: &[String]) -> Result<(), (Vec<Diagnostic>, bool)> {
        match self {
            Sink::Staging(_) => Ok(()),
            Sink::InPlace { place, .. } => place.apply(writes, removed).map_err(|n| (n.diagnostics, n.changed)),
        }
    }

    /// Puts `previous` (path, bytes or none) back, after a later step of a rebuild failed.
    pub(crate) fn restore(&self, previous: Vec<(String, Option<Vec<u8>>)>) -> bool {
        match self {
            Sink::Staging(_) => true,
            Sink::InPlace { place, .. } => place.restore(previous).is_ok(),
        }
    }

    /// The staging folder swapped into place: the swap's warnings, or its failure and what it
    /// did to the output folder.
    pub(crate) fn finish(self) -> Result<Vec<Diagnostic>, (Vec<Diagnostic>, Option<State>)> {
        match self {
            Sink::Staging(staging) => staging.finish().map_err(|u| (vec![u.diagnostic], Some(u.state))),
            Sink::InPlace { .. } => Ok(Vec::new()),
        }
    }

    /// Drops what was written to a staging folder.
    pub(crate) fn abandon(self) {
        if let Sink::Staging(staging) = self {
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
