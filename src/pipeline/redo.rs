//! Which outputs a change must render again: one function of the changes and what each output
//! read (`render::deps::implicit`, plus the lookups recorded when it was last rendered). Both
//! matches are exhaustive, so a new `Change` or a new `Dep` cannot be forgotten here. Outputs
//! the last snapshot did not have, or had with another definition, are always rendered.

use std::collections::{HashMap, HashSet};

use crate::render::{Dep, Kind, Output};
use crate::site::{PageId, SectionId, Site};

use super::Snapshot;
use super::change::Change;
use super::sink::Record;

/// The listings a page is part of.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    pages: HashSet<PageId>,
    sections: HashSet<SectionId>,
    taxonomies: HashSet<usize>,
    terms: HashSet<(usize, usize)>,
}

impl Reach {
    /// What shows the pages whose Markdown shows the image `src`.
    fn showing(site: &Site, src: &std::path::Path) -> Reach {
        let mut reach = Reach::default();
        for (id, p) in site.pages.iter().enumerate() {
            if p.rendered.images.iter().any(|(s, _)| s == src) {
                let r = Reach::of(site, id);
                reach.pages.insert(id);
                reach.sections.extend(r.sections);
                reach.taxonomies.extend(r.taxonomies);
                reach.terms.extend(r.terms);
            }
        }
        reach
    }

    fn of(site: &Site, page: PageId) -> Reach {
        let mut reach = Reach::default();
        for (id, s) in site.sections.iter().enumerate() {
            if s.pages.contains(&page) {
                reach.sections.insert(id);
            }
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                if term.pages.contains(&page) {
                    reach.taxonomies.insert(t);
                    reach.terms.insert((t, k));
                }
            }
        }
        reach
    }
}

/// True when `change` can change what `dep` gives an output. `reach` is the change's page's
/// listings (for a body change).
pub(crate) fn affects(change: &Change, reach: &Reach, dep: &Dep) -> bool {
    match change {
        Change::PageBody(id, _) => match dep {
            Dep::Page(p) => p == id,
            Dep::Section(s) => reach.sections.contains(s),
            Dep::Taxonomy(t) => reach.taxonomies.contains(t),
            Dep::Term(t, k) => reach.terms.contains(&(*t, *k)),
            Dep::AllPages => true,
            Dep::Template(_) | Dep::File(_) | Dep::Config | Dep::Data(_) => false,
        },
        Change::Template(name) => match dep {
            Dep::Template(t) => **t == **name,
            // Shortcodes are rendered into page bodies.
            Dep::Page(_) | Dep::Section(_) | Dep::Taxonomy(_) | Dep::Term(..) | Dep::AllPages => {
                name.starts_with("shortcodes/")
            }
            Dep::File(_) | Dep::Config | Dep::Data(_) => false,
        },
        Change::Static(path) | Change::Asset(path) => match dep {
            Dep::File(p) => p == path,
            // Pages showing it as a `<picture>` name its variants, and so does what shows them.
            Dep::Page(p) => reach.pages.contains(p),
            Dep::Section(s) => reach.sections.contains(s),
            Dep::Taxonomy(t) => reach.taxonomies.contains(t),
            Dep::Term(t, k) => reach.terms.contains(&(*t, *k)),
            Dep::AllPages => !reach.pages.is_empty(),
            Dep::Template(_) | Dep::Config | Dep::Data(_) => false,
        },
        // Only the outputs that loaded the file read it.
        Change::Data(key) => match dep {
            Dep::Data(d) => **d == **key,
            Dep::Page(_)
            | Dep::Section(_)
            | Dep::Taxonomy(_)
            | Dep::Term(..)
            | Dep::AllPages
            | Dep::Template(_)
            | Dep::File(_)
            | Dep::Config => false,
        },
        // These change the site's shape (which pages exist, their order, titles, URLs, terms,
        // which template renders what): everything is rendered again, and only changed bytes
        // are written.
        Change::PageFront(_)
        | Change::PageAdded(_)
        | Change::PageRemoved(_)
        | Change::PageRenamed { .. }
        | Change::Section(_)
        | Change::TemplateSet(_)
        | Change::AssetSet(_)
        | Change::Config
        | Change::Clock
        | Change::Unknown(_) => true,
    }
}

/// The indexes of `snap`'s outputs to render again after `changes`, given the last snapshot's
/// outputs and the record of each (by output path: its hash and the lookups it made). Everything when
/// there is no last snapshot.
pub(crate) fn redo(
    changes: &[Change],
    snap: &Snapshot,
    last: Option<(&[Output], &HashMap<String, Record>)>,
) -> Vec<usize> {
    let outputs = &snap.outputs;
    let Some((before, records)) = last else { return (0..outputs.len()).collect() };
    let reach: Vec<Reach> = changes
        .iter()
        .map(|c| match c {
            Change::PageBody(id, _) => Reach::of(&snap.site, *id),
            Change::Static(path) | Change::Asset(path) => Reach::showing(&snap.site, path),
            _ => Reach::default(),
        })
        .collect();
    let same_list = std::ptr::eq(before, outputs.as_slice());
    let old: HashMap<&str, &Kind> =
        if same_list { HashMap::new() } else { before.iter().map(|o| (o.path.as_str(), &o.kind)).collect() };
    let reads = |dep: &Dep| changes.iter().zip(&reach).any(|(c, r)| affects(c, r, dep));
    let mut deps = Vec::new();
    (0..outputs.len())
        .filter(|&i| {
            let o = &outputs[i];
            let defined_as_before = same_list || old.get(o.path.as_str()).is_some_and(|k| **k == o.kind);
            let Some(record) = records.get(&o.path).filter(|_| defined_as_before) else { return true };
            crate::render::deps::implicit(o, &snap.site, &snap.theme, &mut deps);
            deps.iter().chain(&record.lookups).any(reads)
        })
        .collect()
}

#[cfg(test)]
#[path = "redo_tests.rs"]
mod tests;
