//! `links:` in site.yaml: how `check --external` treats outside links.
//!
//! ```yaml
//! links:
//!   ttl: 7d          # re-check a link that worked after this long
//!   skip: ["*.linkedin.com/*", "https://example.org/members/*"]
//!   timeout: 20s     # per request
//!   per_host: 2      # requests in flight to one host name at a time
//!   spacing: 100ms   # between the starts of two requests to one host name
//! ```

use std::time::Duration;

use serde_yaml::{Mapping, Value as Y};

use super::Validator;
use crate::yaml;

pub(crate) const KEYS: &[&str] = &["ttl", "skip", "timeout", "per_host", "spacing"];

/// The validated `links:` settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkCheck {
    pub ttl: Duration,
    /// URL patterns not to check; `*` matches any run of characters.
    pub skip: Vec<String>,
    pub timeout: Duration,
    pub per_host: usize,
    pub spacing: Duration,
}

impl Default for LinkCheck {
    fn default() -> Self {
        LinkCheck {
            ttl: Duration::from_secs(7 * 86_400),
            skip: Vec::new(),
            timeout: Duration::from_secs(20),
            per_host: 2,
            spacing: Duration::from_millis(100),
        }
    }
}

/// Reads `500ms`, `20s`, `15m`, `12h`, `7d`.
pub(crate) fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let n: u64 = s[..split].parse().ok()?;
    let unit = match &s[split..] {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    Some(Duration::from_millis(n.checked_mul(unit)?))
}

impl Validator<'_> {
    pub(super) fn link_check(&mut self, map: &Mapping) -> LinkCheck {
        let mut out = LinkCheck::default();
        let Some(m) = self.sub_map(map, "links", KEYS) else { return out };
        let parents = &["links"];
        for (key, slot) in [("ttl", &mut out.ttl), ("timeout", &mut out.timeout), ("spacing", &mut out.spacing)] {
            match m.get(key) {
                None | Some(Y::Null) => {}
                Some(Y::String(s)) if parse_duration(s).is_some() => *slot = parse_duration(s).unwrap_or(*slot),
                Some(_) => {
                    let d = self.err(
                        parents,
                        Some(key),
                        format!("`links.{key}` must be a duration such as 500ms, 20s, 12h or 7d"),
                        "write a whole number followed by ms, s, m, h or d",
                    );
                    self.diags.push(d);
                }
            }
        }
        if let Some(n) = self.count(&m, parents, "per_host") {
            out.per_host = n.max(1);
        }
        out.skip = self.skip_patterns(&m);
        out
    }

    fn skip_patterns(&mut self, m: &Mapping) -> Vec<String> {
        let help = "write a list of URL patterns, e.g. `skip: [\"https://www.linkedin.com/*\"]`";
        match m.get("skip") {
            None | Some(Y::Null) => Vec::new(),
            Some(Y::Sequence(list)) if list.iter().all(|i| matches!(i, Y::String(s) if !s.trim().is_empty())) => {
                list.iter().filter_map(|i| i.as_str().map(|s| s.trim().to_string())).collect()
            }
            Some(other) => {
                let what = if matches!(other, Y::Sequence(_)) {
                    "a list with a non-text item"
                } else {
                    yaml::type_name(other)
                };
                let d = self.err(
                    &["links"],
                    Some("skip"),
                    format!("`links.skip` must be a list of patterns, not {what}"),
                    help,
                );
                self.diags.push(d);
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    fn parse(text: &str) -> Result<super::super::Config, Vec<crate::diagnostics::Diagnostic>> {
        super::super::parse(&Arc::from(format!("title: t\nbase_url: https://e.org/\n{text}")), None)
    }

    #[test]
    fn durations_and_patterns_are_read() {
        let c = parse("links:\n  ttl: 12h\n  timeout: 300ms\n  per_host: 1\n  skip: [\"https://x.org/*\"]\n").unwrap();
        assert_eq!(c.links.ttl, Duration::from_secs(12 * 3600));
        assert_eq!(c.links.timeout, Duration::from_millis(300));
        assert_eq!(c.links.per_host, 1);
        assert_eq!(c.links.skip, ["https://x.org/*"]);
        assert_eq!(parse("").unwrap().links, super::LinkCheck::default());
    }

    #[test]
    fn a_bad_duration_points_at_its_line() {
        let errs = parse("links:\n  ttl: a week\n").unwrap_err();
        assert!(errs[0].message.contains("`links.ttl` must be a duration"), "{}", errs[0].message);
        assert_eq!(errs[0].line_col().map(|(l, _)| l), Some(4));
    }
}
