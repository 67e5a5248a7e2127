//! `check --external`: every outside link of the site asked once, politely, with its results
//! kept in `ROOT/.ltc-hub/links.json` (see `cache`). `collect` finds the links and where they are
//! written, `http` asks them, `report` turns the cache into findings, `fix` rewrites permanent
//! redirects in the Markdown.

pub(crate) mod cache;
pub(crate) mod collect;
mod fix;
pub(crate) mod http;
mod report;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::check::Scanned;
use crate::diagnostics::Diagnostic;
use crate::render::Output;
use crate::site::Site;
use http::{Answer, Checker};

pub use report::counts_for_strict;

/// How `check --external` was asked to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Broken links are errors (exit 1) instead of warnings.
    pub strict: bool,
    /// Rewrite permanent redirects in the Markdown sources.
    pub fix_moved: bool,
}

/// What the external check did, for the closing lines.
#[derive(Debug, Default)]
pub struct Summary {
    pub links: usize,
    pub requests: usize,
    pub from_cache: usize,
    pub skipped: usize,
    /// The unified diff of `--fix-moved`'s edits (empty when nothing changed).
    pub diff: String,
}

impl Summary {
    pub fn line(&self) -> String {
        format!(
            "External links: {} checked ({} request{}, {} answered from .ltc-hub/links.json within the TTL), {} skipped.",
            self.links,
            self.requests,
            if self.requests == 1 { "" } else { "s" },
            self.from_cache,
            self.skipped
        )
    }
}

/// Checks every outside link and returns the findings on the files they are written in.
pub fn run(
    root: &Path,
    site: &Site,
    theme: &crate::render::Theme,
    outputs: &[Output],
    scanned: &[Option<Scanned>],
    opts: Options,
) -> (Vec<Diagnostic>, Summary) {
    let settings = &site.config.links;
    let mut links = collect::collect(site, theme, outputs, scanned);
    let before = links.len();
    links.retain(|url, _| !settings.skip.iter().any(|p| matches_pattern(p, url)));
    let mut summary = Summary { links: links.len(), skipped: before - links.len(), ..Summary::default() };
    let (mut cache, damaged) = cache::load(root);
    let mut diags = Vec::new();
    if let Some(why) = damaged {
        diags.push(
            Diagnostic::warning(format!("{} could not be read ({why}); every link is asked afresh", cache::path(root).display()))
                .with_help("it is rewritten now; failures count from this run (a merge conflict in it is best solved by deleting it)"),
        );
    }
    let now = cache::now();
    let mut ask: Vec<(String, Vec<String>)> = Vec::new();
    for (url, uses) in &links {
        let fragments: BTreeSet<String> = uses.iter().filter_map(|u| wanted_fragment(u.fragment.as_deref())).collect();
        let fragments: Vec<String> = fragments.into_iter().collect();
        let refs: Vec<&str> = fragments.iter().map(String::as_str).collect();
        match cache.links.get(url) {
            Some(e) if e.fresh(now, settings.ttl, &refs) => summary.from_cache += 1,
            _ => ask.push((url.clone(), fragments)),
        }
    }
    match ask_all(settings, &ask) {
        Ok((answers, requests)) => {
            summary.requests = requests;
            for ((url, fragments), answer) in ask.iter().zip(answers) {
                let entry = cache.links.entry(url.clone()).or_default();
                remember(entry, now, answer, fragments);
            }
        }
        Err(why) => diags.push(Diagnostic::error(why).with_code("external-link")),
    }
    cache.links.retain(|url, _| links.contains_key(url));
    if let Err(e) = cache::save(root, &cache) {
        diags.push(
            Diagnostic::warning(format!("cannot write {}: {e}", cache::path(root).display()))
                .with_help("check that the folder is writable; without it every link is asked again next time"),
        );
    }
    diags.extend(report::findings(&links, &cache, opts.strict));
    if opts.fix_moved {
        match fix::fix_moved(root, &links, &cache) {
            Ok(diff) => summary.diff = diff,
            Err(d) => diags.push(d),
        }
    }
    (diags, summary)
}

/// Asks every URL on a small tokio runtime; returns the answers in order and the request count.
fn ask_all(
    settings: &crate::config::link_check::LinkCheck,
    ask: &[(String, Vec<String>)],
) -> Result<(Vec<Answer>, usize), String> {
    if ask.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let checker = Arc::new(Checker::new(settings)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the link checker's runtime: {e}"))?;
    let answers = runtime.block_on(async {
        let tasks: Vec<_> = ask
            .iter()
            .map(|(url, fragments)| {
                let (checker, url, want) = (Arc::clone(&checker), url.clone(), !fragments.is_empty());
                tokio::spawn(async move { checker.check(&url, want).await })
            })
            .collect();
        let mut out = Vec::with_capacity(tasks.len());
        for t in tasks {
            out.push(t.await.unwrap_or_else(|e| Answer::Failed(format!("the check stopped: {e}"))));
        }
        out
    });
    Ok((answers, checker.requests.load(std::sync::atomic::Ordering::Relaxed)))
}

/// Records one answer, with which of the wanted fragments the page has.
fn remember(entry: &mut cache::Entry, now: chrono::DateTime<chrono::Utc>, answer: Answer, fragments: &[String]) {
    let found = |ids: &Option<std::collections::HashSet<String>>| {
        // A page that is not HTML has no ids to check; its fragments are taken as found.
        fragments.iter().map(|f| (f.clone(), ids.as_ref().is_none_or(|ids| ids.contains(f)))).collect()
    };
    match answer {
        Answer::Ok { ids } => {
            entry.record(now, "ok", None, None);
            entry.fragments = found(&ids);
        }
        Answer::Moved { to, ids } => {
            entry.record(now, "moved", None, Some(to));
            entry.fragments = found(&ids);
        }
        Answer::Failed(why) => entry.record(now, "failing", Some(why), None),
        Answer::Unverified(why) => entry.record(now, "unverified", Some(why), None),
    }
}

/// A fragment worth looking for: not empty, not `top` (browsers scroll up), not a text
/// fragment (`:~:text=`), percent-decoded.
fn wanted_fragment(fragment: Option<&str>) -> Option<String> {
    let f = crate::check::decode(fragment?);
    (!f.is_empty() && f != "top" && !f.starts_with(":~:")).then_some(f)
}

/// Whether `url` matches a skip pattern: `*` stands for any run of characters; a pattern
/// without `*` matches URLs that start with it.
pub fn matches_pattern(pattern: &str, url: &str) -> bool {
    if !pattern.contains('*') {
        return url.starts_with(pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !url.starts_with(first) || url.len() < first.len() + last.len() || !url.ends_with(last) {
        return false;
    }
    let mut rest = &url[first.len()..url.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// `300ms`, `20s`, `5m`.
pub fn human_duration(d: Duration) -> String {
    match d.as_millis() {
        ms if ms < 1000 || ms % 1000 != 0 => format!("{ms}ms"),
        ms if ms % 60_000 == 0 => format!("{}m", ms / 60_000),
        ms => format!("{}s", ms / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_patterns() {
        assert!(matches_pattern("https://www.linkedin.com/", "https://www.linkedin.com/in/x"));
        assert!(matches_pattern("*linkedin.com/*", "https://www.linkedin.com/in/x"));
        assert!(matches_pattern("https://*.ala.org/*/x", "https://www.ala.org/a/b/x"));
        assert!(!matches_pattern("https://*.ala.org/*/x", "https://www.ala.org/a/b/y"));
        assert!(!matches_pattern("https://a.org/", "http://a.org/"));
    }

    #[test]
    fn durations_read_as_written() {
        assert_eq!(human_duration(Duration::from_millis(300)), "300ms");
        assert_eq!(human_duration(Duration::from_secs(20)), "20s");
        assert_eq!(human_duration(Duration::from_secs(120)), "2m");
    }
}
