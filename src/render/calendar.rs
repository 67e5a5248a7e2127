//! iCalendar files (RFC 5545): `calendar.ics` with every event of the site, and one `.ics` per
//! event page. Events are built with the `icalendar` crate (escaping, line folding); it cannot
//! emit VTIMEZONE components, so those are generated here from the IANA database (chrono-tz):
//! one STANDARD/DAYLIGHT pair per year an event falls in. UIDs come from page paths and
//! DTSTAMP from the page's dates, so two builds write the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, Event as IcsEvent, EventLike};

use crate::site::Site;
use crate::site::events::{Event, When};

/// The host part of the base URL, for UIDs.
fn host(site: &Site) -> &str {
    let rest = site.config.base_url.split("://").nth(1).unwrap_or("ltc-hub");
    rest.split('/').next().unwrap_or(rest)
}

fn to_ics(site: &Site, e: &Event) -> IcsEvent {
    let p = &site.pages[e.page];
    // One event in every language: the UID is the default-language page's.
    let first = site.translations.of_page(e.page).first().map(|&v| &site.pages[v]);
    let own = first.filter(|o| o.lang == site.config.language).map_or(p.path.as_str(), |o| o.path.as_str());
    let uid = format!("{}@{}", own.trim_end_matches('/').replace('/', "."), host(site));
    let fallback = DateTime::from_timestamp(e.when.sort_key(), 0).unwrap_or_default();
    let stamp = p
        .front
        .updated
        .or(p.front.date)
        .map_or(fallback, |d| DateTime::from_timestamp(d.timestamp(), 0).unwrap_or(fallback));
    let at = |t: DateTime<chrono::FixedOffset>| match e.time_zone {
        Some(tz) => CalendarDateTime::WithTimezone {
            date_time: t.with_timezone(&tz).naive_local(),
            tzid: tz.name().to_string(),
        },
        None => CalendarDateTime::Utc(t.with_timezone(&Utc)),
    };
    let mut ev = IcsEvent::new();
    ev.uid(&uid).timestamp(stamp).summary(&p.front.title).url(&site.permalink(&p.path));
    match e.when {
        When::Timed { starts, ends } => {
            ev.starts(at(starts));
            if let Some(end) = ends {
                ev.ends(at(end));
            }
        }
        When::AllDay(day) => {
            // DTEND is exclusive (RFC 5545, 3.6.1): a one-day event ends the next day.
            ev.starts(day).ends(day.succ_opt().unwrap_or(day));
        }
    }
    if let Some(text) = p.front.summary.as_deref().or(p.rendered.first_paragraph_text.as_deref()) {
        ev.description(text);
    }
    if let Some(loc) = &e.location {
        ev.location(loc);
    }
    ev.done()
}

/// The events of language `lang`'s calendar: its own pages' and, for a language besides the
/// default, the default language's events that have no version in it.
pub(crate) fn events_in<'a>(site: &'a Site, lang: &str) -> Vec<&'a Event> {
    let in_lang = |e: &Event| site.pages[e.page].lang == lang;
    let untranslated = |e: &Event| {
        lang != site.config.language
            && site.pages[e.page].lang == site.config.language
            && !site.translations.of_page(e.page).iter().any(|&v| site.pages[v].lang == lang)
    };
    site.events.iter().filter(|e| in_lang(e) || untranslated(e)).collect()
}

/// A calendar of `events`, with the VTIMEZONEs they use.
pub(crate) fn calendar(site: &Site, events: &[&Event], name: &str) -> String {
    // The product id names the site (RFC 5545 §3.7.3); the crate escapes it as TEXT.
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", format!("-//ltc-hub//{}//EN", site.config.title).as_str()))
        .append_property(("CALSCALE", "GREGORIAN"));
    cal.name(name);
    for e in events {
        cal.push(to_ics(site, e));
    }
    let text = cal.done().to_string();
    // VTIMEZONE components go before the events.
    let mut zones: BTreeMap<&str, (Tz, BTreeSet<i32>)> = BTreeMap::new();
    for e in events {
        if let (Some(tz), When::Timed { starts, ends }) = (e.time_zone, e.when) {
            let entry = zones.entry(tz.name()).or_insert((tz, BTreeSet::new()));
            entry.1.insert(starts.with_timezone(&tz).year());
            if let Some(end) = ends {
                entry.1.insert(end.with_timezone(&tz).year());
            }
        }
    }
    let vtimezones: String = zones.values().map(|(tz, years)| vtimezone(*tz, years)).collect();
    match text.find("BEGIN:VEVENT") {
        Some(i) => format!("{}{}{}", &text[..i], vtimezones, &text[i..]),
        None => text,
    }
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// A VTIMEZONE for `tz` covering `years`: its UTC offset changes in those years.
fn vtimezone(tz: Tz, years: &BTreeSet<i32>) -> String {
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    for &year in years {
        let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)) else { continue };
        let start = start.and_utc();
        let mut transitions = Vec::new();
        let mut t = start;
        let mut current = offset_at(t);
        while t.year() == year {
            let next = t + Duration::days(1);
            let after = offset_at(next);
            if after != current {
                // Narrow the change down to the minute.
                let (mut lo, mut hi) = (0i64, 24 * 60);
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2;
                    if offset_at(t + Duration::minutes(mid)) == current { lo = mid } else { hi = mid }
                }
                transitions.push((t + Duration::minutes(hi), current, after));
                current = after;
            }
            t = next;
        }
        if transitions.is_empty() {
            let name = tz.from_utc_datetime(&start.naive_utc()).format("%Z").to_string();
            out.push_str(&format!(
                "BEGIN:STANDARD\r\nDTSTART:{year}0101T000000\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nTZNAME:{name}\r\nEND:STANDARD\r\n",
                o = offset_text(current)
            ));
        }
        for (at, from, to) in transitions {
            let kind = if to > from { "DAYLIGHT" } else { "STANDARD" };
            let local = (at + Duration::seconds(from as i64)).naive_utc();
            let name = tz.from_utc_datetime(&at.naive_utc()).format("%Z").to_string();
            out.push_str(&format!(
                "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{name}\r\nEND:{kind}\r\n",
                local.format("%Y%m%dT%H%M%S"),
                offset_text(from),
                offset_text(to),
            ));
        }
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chicago_2017_has_both_changes() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let v = vtimezone(tz, &BTreeSet::from([2017]));
        assert!(v.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20170312T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nTZNAME:CDT"
        ));
        assert!(v.contains(
            "BEGIN:STANDARD\r\nDTSTART:20171105T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST"
        ));
        let phoenix: Tz = "America/Phoenix".parse().unwrap();
        assert!(vtimezone(phoenix, &BTreeSet::from([2017])).contains("TZOFFSETFROM:-0700\r\nTZOFFSETTO:-0700"));
    }
}
