//! `ROOT/.ltc-hub/links.json`: what `check --external` learnt about each outside link, so that
//! a link that worked is not asked again within the TTL, and a link is called broken only when
//! it failed on two checks at least a day apart. Sorted by URL, fields in a fixed order, times
//! in UTC to the second: the same results give the same bytes, so the file can be committed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A failure becomes "broken" when it still fails this long after the first failure.
pub(crate) const BROKEN_AFTER_SECS: i64 = 86_400;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Cache {
    pub version: u32,
    pub links: BTreeMap<String, Entry>,
}

/// One URL's history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// When it was last asked.
    pub checked: String,
    /// `ok`, `moved`, `failing` or `unverified`.
    pub status: String,
    /// What the last answer was, e.g. `404 Not Found` or `timed out after 20s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For `moved`: the address the permanent redirect leads to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<String>,
    /// The first failure since the last success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_failure: Option<String>,
    /// Fragments looked for on the page, and whether each was found.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fragments: BTreeMap<String, bool>,
}

pub(crate) fn path(root: &Path) -> PathBuf {
    root.join(".ltc-hub").join("links.json")
}

/// Reads the cache; a missing file is an empty cache. A damaged one is an empty cache too (it
/// is only a memory), with the reason, for a warning.
pub(crate) fn load(root: &Path) -> (Cache, Option<String>) {
    let Ok(text) = std::fs::read_to_string(path(root)) else { return (Cache::default(), None) };
    match serde_json::from_str(&text) {
        Ok(c) => (c, None),
        Err(e) => (Cache::default(), Some(e.to_string())),
    }
}

/// Writes the cache atomically (a temporary file renamed over the old one).
pub(crate) fn save(root: &Path, cache: &Cache) -> std::io::Result<()> {
    let file = path(root);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(&Cache { version: 1, links: cache.links.clone() })?;
    text.push('\n');
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &file)
}

/// The time now, in whole seconds. Debug builds read `LTC_HUB_NOW` (RFC 3339, e.g.
/// `2026-01-02T00:00:00Z`) instead, so tests can move the clock; release builds never do.
pub(crate) fn now() -> DateTime<Utc> {
    #[cfg(debug_assertions)]
    if let Some(t) = std::env::var("LTC_HUB_NOW").ok().and_then(|s| parse_time(&s)) {
        return t;
    }
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

pub(crate) fn format_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| t.with_timezone(&Utc))
}

impl Entry {
    /// Whether the last answer still holds at `now`: a success younger than the TTL.
    pub(crate) fn fresh(&self, now: DateTime<Utc>, ttl: std::time::Duration, fragments: &[&str]) -> bool {
        let ok = matches!(self.status.as_str(), "ok" | "moved");
        let age = parse_time(&self.checked).map(|t| (now - t).num_seconds());
        let young = age.is_some_and(|a| a >= 0 && (a as u64) < ttl.as_secs());
        ok && young && fragments.iter().all(|f| self.fragments.contains_key(*f))
    }

    /// Whether a failing link has failed for at least a day, so it is reported as broken.
    pub(crate) fn broken(&self) -> bool {
        let (Some(first), Some(last)) = (self.first_failure.as_deref().and_then(parse_time), parse_time(&self.checked))
        else {
            return false;
        };
        self.status == "failing" && (last - first).num_seconds() >= BROKEN_AFTER_SECS
    }

    /// Records an answer at `now`, keeping the failure history.
    pub(crate) fn record(
        &mut self,
        now: DateTime<Utc>,
        status: &str,
        detail: Option<String>,
        moved_to: Option<String>,
    ) {
        let stamp = format_time(now);
        match status {
            "ok" | "moved" => {
                self.last_success = Some(stamp.clone());
                self.first_failure = None;
            }
            "failing" if self.first_failure.is_none() => {
                self.first_failure = Some(stamp.clone());
            }
            _ => {}
        }
        self.checked = stamp;
        self.status = status.to_string();
        self.detail = detail;
        self.moved_to = moved_to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    #[test]
    fn broken_only_after_two_failures_a_day_apart() {
        let mut e = Entry::default();
        e.record(at("2026-01-01T00:00:00Z"), "failing", Some("404".into()), None);
        assert!(!e.broken());
        e.record(at("2026-01-01T23:59:59Z"), "failing", Some("404".into()), None);
        assert!(!e.broken());
        e.record(at("2026-01-02T00:00:00Z"), "failing", Some("404".into()), None);
        assert!(e.broken());
        e.record(at("2026-01-03T00:00:00Z"), "ok", None, None);
        assert!(!e.broken());
        assert_eq!(e.first_failure, None);
    }

    #[test]
    fn successes_are_fresh_within_the_ttl() {
        let mut e = Entry::default();
        e.record(at("2026-01-01T00:00:00Z"), "ok", None, None);
        let week = std::time::Duration::from_secs(7 * 86_400);
        assert!(e.fresh(at("2026-01-07T23:00:00Z"), week, &[]));
        assert!(!e.fresh(at("2026-01-08T00:00:00Z"), week, &[]));
        assert!(!e.fresh(at("2026-01-02T00:00:00Z"), week, &["intro"]));
    }
}
