//! The output list's own checks, before anything is written: every path is a plain relative
//! path, no two sources want the same path, and no path is needed both as a file and as a
//! folder (an alias `/style.css/` under a static `style.css`). Each error names both sources
//! and points at the `slug:` or alias item that asked for the path, when one did.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::jobs::{Kind, Output};
use crate::diagnostics::Diagnostic;
use crate::site::{Page, Site};

/// Every unsafe, doubled or file-and-folder path among `outs`.
pub(super) fn check(site: &Site, outs: &[Output]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: BTreeMap<&str, &Output> = BTreeMap::new();
    for o in outs {
        if !crate::fs_guard::is_safe_relative(&o.path) {
            diags.push(
                Diagnostic::error(format!("`{}` is not a safe output path", o.path))
                    .in_file(&o.owner)
                    .with_help("rename the file or folder using letters, digits and '-'"),
            );
            continue;
        }
        if let Some(first) = seen.insert(&o.path, o) {
            let url = crate::url::join(&site.config.base_path, o.path.trim_end_matches("index.html"));
            let d = Diagnostic::error(format!(
                "two sources want the same URL {url}: {} and {}",
                first.owner.display(),
                o.owner.display()
            ))
            .in_file(&o.owner)
            .with_help("rename one of the files, or give one of them a different `slug:` (or remove a clashing alias)");
            diags.push(point_at_source(site, d, [o, first]));
        }
    }
    // A file at `a/b` and another output at `a/b/…`: one of them cannot be written.
    let mut reported = BTreeSet::new();
    for (path, o) in &seen {
        for (i, _) in path.match_indices('/') {
            let prefix = &path[..i];
            let Some(file) = seen.get(prefix) else { continue };
            if !reported.insert(prefix) {
                continue;
            }
            let d = Diagnostic::error(format!(
                "`{prefix}` would have to be both a file and a folder: {} writes the file `{prefix}`, and {} writes `{path}` inside it",
                file.owner.display(),
                o.owner.display()
            ))
            .in_file(&o.owner)
            .with_help("rename the file, or change the alias or `slug:` so that neither path lies inside the other");
            diags.push(point_at_source(site, d, [*o, *file]));
        }
    }
    diags
}

/// `d` pointed at the `slug:` or alias item behind the first of `outs` that has one.
fn point_at_source(site: &Site, d: Diagnostic, outs: [&Output; 2]) -> Diagnostic {
    match outs.into_iter().find_map(|x| source_span(site, x)) {
        Some((page, span, label)) => d.in_file(&page.file).at(&page.text, span).with_label(label),
        None => d,
    }
}

/// The page behind `o` and the span in its front matter of what asked for `o`'s path: the
/// `slug:` value of a page that sets one, or the item of `aliases` of an alias.
fn source_span<'a>(site: &'a Site, o: &Output) -> Option<(&'a Page, Range<usize>, &'static str)> {
    let (id, alias) = match &o.kind {
        Kind::Page { id, .. } => (*id, false),
        Kind::EventIcs { event } => (site.events.get(*event)?.page, false),
        Kind::Alias { page } => (*page, true),
        _ => return None,
    };
    let page = site.pages.get(id)?;
    let front = &page.text[..page.body.start];
    if alias {
        let (written, _) = page.front.aliases.iter().zip(&page.alias_files).find(|(_, file)| **file == o.path)?;
        return Some((page, crate::yaml::item_span(front, "aliases", written)?, "this alias"));
    }
    page.front.slug.as_ref()?;
    Some((page, crate::yaml::key_span(front, &[], "slug")?, "this slug"))
}
