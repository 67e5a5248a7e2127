//! `expires:` in a page's front matter: from that moment on the page is left out of the site,
//! the same gate as a future `date` (`--drafts`, and so `serve`, show it). The earliest expiry
//! still to come is a moment the site plans differently (`Plan::next_due`).

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::{Date, SourcePage};

/// A page's `expires:`, where it is written, for `check`'s `expired` / `expires-soon` lints.
#[derive(Debug, Clone)]
pub struct Expiry {
    pub file: PathBuf,
    pub text: Arc<str>,
    /// The front matter block in `text`.
    pub yaml: Range<usize>,
    pub at: Date,
}

/// Records page `p`'s expiry (unless it is a draft left out anyway) and, when it is still to
/// come, makes it a candidate for `next_due`, as is a future `date`. True when `p` has expired
/// at `now`.
pub(crate) fn note(
    p: &SourcePage,
    drafts: bool,
    now: i64,
    expiries: &mut Vec<Expiry>,
    next_due: &mut Option<i64>,
) -> bool {
    let expired = p.front.expires.is_some_and(|e| e.timestamp() <= now);
    if p.front.draft && !drafts {
        return expired;
    }
    if let Some(at) = p.front.expires {
        let yaml = 4.min(p.text.len())..p.body.start.min(p.text.len());
        expiries.push(Expiry { file: p.file.clone(), text: p.text.clone(), yaml, at });
    }
    if !drafts && !expired {
        let due = [p.front.date, p.front.expires].into_iter().flatten().map(|d| d.timestamp()).filter(|&t| t > now);
        if let Some(t) = due.min() {
            *next_due = Some(next_due.map_or(t, |n| n.min(t)));
        }
    }
    expired
}
