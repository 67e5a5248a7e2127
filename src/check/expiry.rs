//! `expired` and `expires-soon`: pages whose `expires:` has passed (they are no longer
//! published) or comes within [`SOON`], as warnings at the `expires:` line.

use crate::diagnostics::Diagnostic;
use crate::site::expiry::Expiry;

/// How far ahead `expires-soon` looks: 30 days, in seconds.
const SOON: i64 = 30 * DAY;

const DAY: i64 = 24 * 60 * 60;

/// A warning for each page that expired before `now` or expires within 30 days of it.
pub(crate) fn lint(expiries: &[Expiry], now: i64) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in expiries {
        let at = e.at.timestamp();
        let when = e.at.to_text();
        let d = if at <= now {
            Diagnostic::warning(format!("this page expired on {when}, so it is no longer published"))
                .with_help(
                    "delete the page, or move `expires:` later to publish it again (`--drafts` and `serve` show it)",
                )
                .with_code("expired")
        } else if at - now <= SOON {
            let days = (at - now + DAY - 1) / DAY; // counted up: "in 1 day" until it expires
            let days = if days == 1 { "1 day".to_string() } else { format!("{days} days") };
            Diagnostic::warning(format!("this page expires on {when} (in {days}); it is then left out of the site"))
                .with_help("move `expires:` later if the page should stay published")
                .with_code("expires-soon")
        } else {
            continue;
        };
        let d = d.in_file(&e.file);
        let yaml = e.text.get(e.yaml.clone()).unwrap_or("");
        out.push(match crate::yaml::key_span(yaml, &[], "expires") {
            Some(s) => d.at(&e.text, s.start + e.yaml.start..s.end + e.yaml.start),
            None => d,
        });
    }
    out
}
