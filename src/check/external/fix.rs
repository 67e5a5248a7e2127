//! `check --external --fix-moved`: each permanently redirected link is rewritten to its new
//! address where it is written in a content file, and only there: the bytes of the old address
//! are replaced and every other byte of the file stays as it was. Prints a unified diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cache::Cache;
use super::collect::Links;
use crate::diagnostics::Diagnostic;

/// Rewrites moved links in the content files that write them; returns the diff.
pub fn fix_moved(root: &Path, links: &Links, cache: &Cache) -> Result<String, Diagnostic> {
    // File -> (old address as written, new address).
    let mut edits: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    for (url, uses) in links {
        let Some(entry) = cache.links.get(url).filter(|e| e.status == "moved") else { continue };
        let Some(to) = &entry.moved_to else { continue };
        // Content files only: templates and site.yaml are left for a person to edit.
        for u in uses.iter().filter(|u| u.file.extension().is_some_and(|e| e == "md")) {
            let Some((text, span)) = &u.at else { continue };
            let written = text[span.clone()].split('#').next().unwrap_or_default().to_string();
            let list = edits.entry(u.file.clone()).or_default();
            if !written.is_empty() && !list.iter().any(|(w, _)| *w == written) {
                list.push((written, to.clone()));
            }
        }
    }
    let mut diff = String::new();
    for (file, pairs) in edits {
        let path = root.join(&file);
        let before = std::fs::read_to_string(&path).map_err(|e| cannot(&file, &e))?;
        let after = rewrite(&before, &pairs);
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

/// Replaces each whole occurrence of an old address (not a prefix of a longer one).
fn rewrite(text: &str, pairs: &[(String, String)]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for (old, new) in pairs {
        let mut from = 0;
        while let Some(i) = text[from..].find(old.as_str()) {
            let (start, end) = (from + i, from + i + old.len());
            let before_ok = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '/');
            let after_ok = text[end..].chars().next().is_none_or(|c| ")]>\"'#` \t\r\n|".contains(c));
            if before_ok && after_ok && !spans.iter().any(|&(s, e, _)| start < e && s < end) {
                spans.push((start, end, new));
            }
            from = end;
        }
    }
    spans.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new) in spans {
        out.push_str(&text[at..start]);
        out.push_str(new);
        at = end;
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
    fn only_whole_addresses_are_replaced() {
        let pairs = [("https://a.org/x".to_string(), "https://b.org/y".to_string())];
        let text = "[a](https://a.org/x) [b](https://a.org/x/deeper) <https://a.org/x#top> https://a.org/xy\n";
        assert_eq!(
            rewrite(text, &pairs),
            "[a](https://b.org/y) [b](https://a.org/x/deeper) <https://b.org/y#top> https://a.org/xy\n"
        );
    }
}
