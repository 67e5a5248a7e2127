//! `@/page.md#anchor` links: the anchor must be a heading id of the target page or section.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// `@/page.md#anchor` links whose anchor is not a heading id of the target.
pub(super) fn check_anchors(pages: &[crate::site::Page], sections: &[crate::site::Section]) -> Vec<Diagnostic> {
    let mut ids: HashMap<String, &Vec<String>> = HashMap::new();
    for p in pages {
        ids.insert(p.key.clone(), &p.rendered.heading_ids);
    }
    for s in sections {
        ids.insert(crate::site::section_key(s), &s.rendered.heading_ids);
    }
    let items = pages
        .iter()
        .map(|p| (&p.file, &p.text, p.body.start, &p.rendered))
        .chain(sections.iter().map(|s| (&s.file, &s.text, s.body.start, &s.rendered)));
    anchor_errors(items, |key| ids.get(key).copied())
}

/// "did you mean", else the target's first headings.
fn anchor_hint(anchor: &str, known: &[String]) -> String {
    if let Some(s) = crate::diagnostics::did_you_mean(anchor, known.iter().map(String::as_str)) {
        return format!("did you mean `#{s}`?");
    }
    match known.len() {
        0 => "headings there: none".to_string(),
        n @ 1..=20 => format!("headings there: {}", known[..n].join(", ")),
        n => format!("headings there: {}, and {} more", known[..20].join(", "), n - 20),
    }
}

/// [`check_anchors`] for the links of some files, with `heading_ids` telling each target's ids.
pub(super) fn anchor_errors<'a>(
    items: impl Iterator<Item = (&'a PathBuf, &'a Arc<str>, usize, &'a Arc<crate::markdown::Rendered>)>,
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
            // Hints only for the errors a file shows (crate::diagnostics::MAX_PER_FILE): each costs a
            // pass over the target's headings.
            found += 1;
            let hint =
                if found > crate::diagnostics::MAX_PER_FILE { String::new() } else { anchor_hint(anchor, known) };
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
