//! The findings of `check --external`, one per place a link is written, from what the cache
//! now knows about each URL.

use super::cache::{Cache, Entry};
use super::collect::{Links, Use};
use super::wanted_fragment;
use crate::diagnostics::Diagnostic;

/// Rules that never fail `check --strict`: a link that failed once (it may be back tomorrow),
/// a permanent redirect (it still works), and a server that would not say.
const LENIENT: &[&str] = &["external-failing", "external-moved", "external-unverified"];

/// Whether a warning makes `check --strict` fail.
pub fn counts_for_strict(d: &Diagnostic) -> bool {
    !d.code.is_some_and(|c| LENIENT.contains(&c))
}

pub(super) fn findings(links: &Links, cache: &Cache, strict: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (url, uses) in links {
        let Some(entry) = cache.links.get(url) else { continue };
        for u in uses {
            if let Some(d) = finding(url, u, entry, strict) {
                out.push(place(d, u));
            }
        }
    }
    out
}

fn finding(url: &str, u: &Use, entry: &Entry, strict: bool) -> Option<Diagnostic> {
    let detail = entry.detail.as_deref().unwrap_or("no answer");
    let serious = |m: String| if strict { Diagnostic::error(m) } else { Diagnostic::warning(m) };
    match entry.status.as_str() {
        "failing" if entry.broken() => Some(
            serious(format!("`{url}` is broken: {detail} (failing since {})", shown(&entry.first_failure)))
                .with_help(format!(
                    "fix the address or remove the link; an archived copy may be at https://web.archive.org/web/2/{url}"
                ))
                .with_code("external-broken"),
        ),
        "failing" => Some(
            Diagnostic::warning(format!(
                "`{url}` failed: {detail} (failing since {}; it is reported as broken if it still fails a day or more after that)",
                shown(&entry.first_failure)
            ))
            .with_help("nothing to do yet if the site is only down for a while; check it in a browser")
            .with_code("external-failing"),
        ),
        "unverified" => Some(
            Diagnostic::warning(format!("`{url}` could not be verified: {detail}"))
                .with_help("open it in a browser; if it works and the server keeps refusing robots, add it to `links: { skip: [...] }` in site.yaml")
                .with_code("external-unverified"),
        ),
        "ok" | "moved" => fragment_or_moved(url, u, entry, serious),
        _ => None,
    }
}

fn fragment_or_moved(url: &str, u: &Use, entry: &Entry, serious: impl Fn(String) -> Diagnostic) -> Option<Diagnostic> {
    let fragment = wanted_fragment(u.fragment.as_deref());
    if let Some(f) = fragment.filter(|f| entry.fragments.get(f) == Some(&false)) {
        return Some(
            serious(format!("`{url}#{f}`: the page has no element with id `{f}`"))
                .with_help("the page may have been reorganised: open it, find the part you meant and copy its new #anchor, or link the page without one")
                .with_code("external-anchor"),
        );
    }
    let to = entry.moved_to.as_deref().filter(|_| entry.status == "moved")?;
    Some(
        Diagnostic::warning(format!("`{url}` has moved permanently to `{to}`"))
            .with_help("write the new address (`ltc-hub check --external --fix-moved` does it in the Markdown)")
            .with_code("external-moved"),
    )
}

/// Puts a finding on the file, and on the link's position when it is written there.
fn place(mut d: Diagnostic, u: &Use) -> Diagnostic {
    if u.pages > 0 {
        let place = if u.at.is_some() { "shown by a template" } else { "written in a template or front matter" };
        let s = if u.pages == 1 { "" } else { "s" };
        d.message.push_str(&format!(" ({place}; on {} page{s})", u.pages));
    }
    let d = d.in_file(&u.file);
    match &u.at {
        Some((text, span)) => d.at(text, span.clone()),
        None => d,
    }
}

/// `2026-01-01 00:00 UTC` from the cache's time stamp.
fn shown(stamp: &Option<String>) -> String {
    match stamp.as_deref() {
        Some(s) if s.len() >= 16 => format!("{} {} UTC", &s[..10], &s[11..16]),
        Some(s) => s.to_string(),
        None => "now".into(),
    }
}
