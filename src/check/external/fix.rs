//! `check --external --fix-moved`: each permanently redirected link is rewritten to its new
//! address where it is written in a content file, and only there: the bytes of the old address
//! are replaced and every other byte of the file stays as it was. Prints a unified diff.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::Cache;
use super::collect::Links;
use crate::diagnostics::Diagnostic;

/// The byte ranges of old addresses in one file, each with its new address.
type Edits<'a> = Vec<(Range<usize>, &'a str)>;

/// Rewrites moved links in the content files that write them; returns the diff. Only the
/// byte ranges where the links were found are replaced: the same address in inline code, a
/// code block or plain text is not a link and stays as written.
pub(super) fn fix_moved(root: &Path, links: &Links, cache: &Cache) -> Result<String, Diagnostic> {
    // File -> (its text as checked, the ranges of old addresses with their new address).
    let mut edits: BTreeMap<PathBuf, (Arc<str>, Edits)> = BTreeMap::new();
    for (url, uses) in links {
        let Some(entry) = cache.links.get(url).filter(|e| e.status == "moved") else { continue };
        let Some(to) = &entry.moved_to else { continue };
        // Content files only: templates and site.yaml are left for a person to edit.
        for u in uses.iter().filter(|u| u.file.extension().is_some_and(|e| e == "md")) {
            let Some((text, span)) = &u.at else { continue };
            // The address without its `#fragment`, which stays as written.
            let len = text[span.clone()].find('#').unwrap_or(span.len());
            let (_, ranges) = edits.entry(u.file.clone()).or_insert_with(|| (Arc::clone(text), Vec::new()));
            if len > 0 {
                ranges.push((span.start..span.start + len, to.as_str()));
            }
        }
    }
    let mut diff = String::new();
    for (file, (checked, mut ranges)) in edits {
        let path = root.join(&file);
        let before = std::fs::read_to_string(&path).map_err(|e| cannot(&file, &e))?;
        if before != *checked {
            // Edited since it was checked: the ranges no longer fit; a second run fixes it.
            continue;
        }
        ranges.sort_by_key(|(r, _)| (r.start, r.end));
        ranges.dedup_by_key(|(r, _)| r.start);
        let after = rewrite(&before, &ranges);
        if after != before {
            diff.push_str(&unified(&file, &before, &after));
            std::fs::write(&path, &after).map_err(|e| cannot(&file, &e))?;
        }
    }
    Ok(diff)
}

fn cannot(file: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("--fix-moved cannot rewrite {}: {e}", file.display()))
        .in_file(file)
        .with_help("check that the file is writable, then run it again")
}

/// `text` with each of the sorted, non-overlapping `ranges` replaced by its new text.
fn rewrite(text: &str, ranges: &[(Range<usize>, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, new) in ranges {
        out.push_str(&text[at..range.start]);
        out.push_str(new);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A minimal unified diff of two texts with the same number of lines, one hunk per line.
fn unified(file: &Path, before: &str, after: &str) -> String {
    let name = file.to_string_lossy().replace('\\', "/");
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for (n, (a, b)) in before.split('\n').zip(after.split('\n')).enumerate() {
        if a != b {
            out.push_str(&format!("@@ -{0} +{0} @@\n-{a}\n+{b}\n", n + 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn only_the_given_ranges_are_replaced() {
        let text = "[a](https://a.org/x) `https://a.org/x` <https://a.org/x#top>\n";
        assert_eq!(
            rewrite(text, &[(4..19, "https://b.org/y"), (40..55, "https://b.org/y")]),
            "[a](https://b.org/y) `https://a.org/x` <https://b.org/y#top>\n"
        );
    }
}
