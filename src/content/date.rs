//! Dates as editors write them in front matter: `2017-05-04`, or a full date and time with its
//! offset (`2017-05-04T14:00:00-05:00`). Impossible dates such as `2017-02-30` are rejected.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// A publication date: a calendar day, or an instant with the offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Date {
    Day(NaiveDate),
    Time(DateTime<FixedOffset>),
}

impl Date {
    /// Parses the forms editors use; `None` when the text is not one of them.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return (s.len() == 10).then_some(Date::Day(d));
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Date::Time(t));
        }
        // A space instead of `T`, or no offset at all (read as UTC).
        let s2 = s.replacen(' ', "T", 1);
        if let Ok(t) = DateTime::parse_from_rfc3339(&s2) {
            return Some(Date::Time(t));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
            if let Ok(t) = NaiveDateTime::parse_from_str(&s2, fmt) {
                return Some(Date::Time(Utc.from_utc_datetime(&t).fixed_offset()));
            }
        }
        None
    }

    /// Seconds since the epoch (a day counts from midnight UTC), for sorting and comparing.
    pub fn timestamp(&self) -> i64 {
        match self {
            Date::Day(d) => d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp()),
            Date::Time(t) => t.timestamp(),
        }
    }

    /// `YYYY-MM-DD` for a day, RFC 3339 for an instant.
    pub fn to_text(&self) -> String {
        match self {
            Date::Day(d) => d.format("%Y-%m-%d").to_string(),
            Date::Time(t) => t.to_rfc3339(),
        }
    }

    /// The calendar day, as written.
    pub fn day(&self) -> NaiveDate {
        match self {
            Date::Day(d) => *d,
            Date::Time(t) => t.date_naive(),
        }
    }

    /// RFC 3339 instant, as feeds and sitemaps want it.
    pub fn to_rfc3339(&self) -> String {
        match self {
            Date::Day(d) => format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
            Date::Time(t) => t.to_rfc3339(),
        }
    }

    /// RFC 2822, as RSS wants it.
    pub fn to_rfc2822(&self) -> String {
        match self {
            Date::Day(d) => d.and_hms_opt(0, 0, 0).map_or_else(String::new, |t| t.and_utc().to_rfc2822()),
            Date::Time(t) => t.to_rfc2822(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_are_rejected() {
        assert!(Date::parse("2017-02-30").is_none());
        assert!(Date::parse("2017-2-3").is_none());
        assert!(Date::parse("2017-02-28").is_some());
    }

    #[test]
    fn times_keep_their_offset() {
        let d = Date::parse("2017-05-04T14:00:00-05:00").unwrap();
        assert_eq!(d.to_text(), "2017-05-04T14:00:00-05:00");
        assert!(Date::parse("2017-05-04 14:00").is_some());
    }
}
