//! Events: pages whose front matter has a `starts` date-time (a training, a webinar), or only a
//! `day` (a date: an all-day event, when the time of day is not known). Their own time is
//! `starts`/`ends` with the offset as written, and `time_zone` names the IANA zone the event
//! was announced in; `date` stays the publication date, so future events publish.
//! Pure functions; the calendar files are written by `output::calendar`.

use chrono::{DateTime, FixedOffset, Offset, TimeZone};
use chrono_tz::Tz;

use super::Page;
use crate::diagnostics::Diagnostic;

/// One event of the site.
#[derive(Debug, Clone)]
pub struct Event {
    pub page: usize,
    pub when: When,
    pub time_zone: Option<Tz>,
    pub location: Option<String>,
}

/// When an event happens.
#[derive(Debug, Clone, Copy)]
pub enum When {
    Timed { starts: DateTime<FixedOffset>, ends: Option<DateTime<FixedOffset>> },
    AllDay(chrono::NaiveDate),
}

impl When {
    /// For ordering: the start instant (an all-day event counts from midnight UTC).
    pub fn sort_key(&self) -> i64 {
        match self {
            When::Timed { starts, .. } => starts.timestamp(),
            When::AllDay(d) => d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp()),
        }
    }
}

fn param<'a>(page: &'a Page, key: &str) -> Option<&'a str> {
    page.front.params.get(key).and_then(|v| v.as_str())
}

fn instant(page: &Page, key: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&param(page, key)?.trim().replacen(' ', "T", 1)).ok()
}

/// True when the page has a `starts` or `day` field: it is meant to be an event.
pub(crate) fn is_event(page: &Page) -> bool {
    page.front.params.contains_key("starts") || page.front.params.contains_key("day")
}

/// Reads the event of page `id`; problems are errors on the page's front matter.
pub(crate) fn event(id: usize, page: &Page) -> Result<Event, Diagnostic> {
    let err = |key: &str, message: String, help: String| {
        let yaml_end = page.body.start.min(page.text.len());
        let yaml = page.text.get(..yaml_end).unwrap_or("");
        let d = Diagnostic::error(message).in_file(&page.file).with_help(help).with_code("event");
        match crate::yaml::key_span(yaml, &[], key) {
            Some(span) => d.at(&page.text, span),
            None => d,
        }
    };
    if !page.front.params.contains_key("starts") {
        let day = param(page, "day").and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
        let day = day.ok_or_else(|| err("day", "`day` is not a date".into(), "write e.g. `day: 2017-06-23`".into()))?;
        let location = param(page, "location").map(str::to_string);
        return Ok(Event { page: id, when: When::AllDay(day), time_zone: None, location });
    }
    let starts = instant(page, "starts").ok_or_else(|| {
        err(
            "starts",
            "`starts` is not a date and time with its UTC offset".into(),
            "write e.g. `starts: 2017-04-06T14:00:00-05:00`".into(),
        )
    })?;
    let ends = match page.front.params.get("ends") {
        None => None,
        Some(_) => Some(instant(page, "ends").ok_or_else(|| {
            err(
                "ends",
                "`ends` is not a date and time with its UTC offset".into(),
                "write e.g. `ends: 2017-04-06T15:00:00-05:00`".into(),
            )
        })?),
    };
    if let Some(end) = ends
        && end < starts
    {
        return Err(err(
            "ends",
            "the event ends before it starts".into(),
            "check the dates, times and offsets of `starts` and `ends`".into(),
        ));
    }
    let time_zone = match param(page, "time_zone") {
        None => None,
        Some(name) => match name.trim().parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
                let hint = crate::diagnostics::did_you_mean(name, names)
                    .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                return Err(err(
                    "time_zone",
                    format!("`{name}` is not a time zone name"),
                    format!("{hint}use an IANA name such as America/Chicago, America/New_York or America/Los_Angeles"),
                ));
            }
        },
    };
    if let Some(tz) = time_zone {
        for (key, t) in std::iter::once(("starts", starts)).chain(ends.map(|e| ("ends", e))) {
            let actual = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
            if actual != *t.offset() {
                let local = t.with_timezone(&tz);
                return Err(err(
                    key,
                    format!(
                        "`{key}` is written with the offset {}, but {} was at {} on that date",
                        t.offset(),
                        tz.name(),
                        actual
                    ),
                    format!(
                        "if the local time is right, write `{key}: {}` ({}); if the offset is right, fix `time_zone`",
                        t.naive_local()
                            .and_local_timezone(actual)
                            .single()
                            .map_or_else(|| local.to_rfc3339(), |x| x.to_rfc3339()),
                        local.format("%Z"),
                    ),
                ));
            }
        }
    }
    let location = param(page, "location").map(str::to_string);
    Ok(Event { page: id, when: When::Timed { starts, ends }, time_zone, location })
}

/// Every event of the site, in start order, and the problems found. A headless page
/// (`render: false`) is no event: it has no page for a calendar to link to.
pub(crate) fn events(pages: &[Page]) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (id, p) in pages.iter().enumerate().filter(|(_, p)| !p.front.headless && is_event(p)) {
        match event(id, p) {
            Ok(e) => out.push(e),
            Err(d) => diags.push(d),
        }
    }
    out.sort_by(|a, b| {
        a.when.sort_key().cmp(&b.when.sort_key()).then_with(|| pages[a.page].key.cmp(&pages[b.page].key))
    });
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_checked_against_the_zone() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let april = DateTime::parse_from_rfc3339("2017-04-06T14:00:00-05:00").unwrap();
        assert_eq!(tz.offset_from_utc_datetime(&april.naive_utc()).fix(), *april.offset());
        let wrong = DateTime::parse_from_rfc3339("2017-04-06T14:00:00-06:00").unwrap();
        assert_ne!(tz.offset_from_utc_datetime(&wrong.naive_utc()).fix(), *wrong.offset());
    }
}
