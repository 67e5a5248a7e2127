//! The `date` filter: a `YYYY-MM-DD` or RFC 3339 date formatted with chrono's `format`, its
//! month and day names (`%B`, `%b`, `%A`, `%a`) and AM/PM (`%p`) in the language `lang=` (else
//! the template's `lang`, else the site's), taken from the catalogue's `date.months`,
//! `date.months_short`, `date.weekdays`, `date.weekdays_short` (Monday first) and
//! `date.am_pm`. The site's default language may leave them out: it then gets chrono's
//! English names, as before catalogues existed. Output depends on nothing but the date, the
//! format and the catalogue: no system locale is read.

use std::sync::Arc;

use chrono::{Datelike, Timelike};
use tera::{Kwargs, State, Tera, TeraResult};

use super::{Catalogues, Message};
use crate::content::Date;

pub(crate) fn register_date(tera: &mut Tera, cats: Arc<Catalogues>) {
    tera.register_filter("date", move |s: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
        crate::render::args::only("date", &kwargs, &["format", "lang"])?;
        let format: String = kwargs.get("format")?.unwrap_or_else(|| "%Y-%m-%d".to_string());
        let date = Date::parse(s).ok_or_else(|| tera::Error::message(format!("`{s}` is not a date")))?;
        let lang = super::trans::lang_of(&cats, &kwargs, state)?;
        let format = localize(&cats, &lang, &format, &date)?;
        let mut out = String::new();
        use std::fmt::Write;
        let result = match date {
            Date::Day(d) => write!(out, "{}", d.format(&format)),
            Date::Time(t) => write!(out, "{}", t.format(&format)),
        };
        result.map_err(|_| tera::Error::message(format!("`{format}` is not a valid date format")))?;
        Ok(out)
    });
}

/// `format` with the names of `date` in `lang` written in place of `%B`, `%b`/`%h`, `%A`,
/// `%a` and `%p` (a `%` in a name doubled, for chrono). Other specifiers are kept.
fn localize(cats: &Catalogues, lang: &str, format: &str, date: &Date) -> TeraResult<String> {
    let (month, weekday, hour) = match date {
        Date::Day(d) => (d.month0(), d.weekday().num_days_from_monday(), 0),
        Date::Time(t) => (t.month0(), t.weekday().num_days_from_monday(), t.hour()),
    };
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::from('%');
        while let Some(&(_, f)) = chars.peek() {
            chars.next();
            spec.push(f);
            if !matches!(f, '-' | '_' | '0' | '^' | '#' | ':' | '.' | '3' | '6' | '9') {
                break;
            }
        }
        let wanted = match spec.chars().last() {
            Some('B') if spec.len() == 2 => Some(("date.months", 12, month as usize)),
            Some('b' | 'h') if spec.len() == 2 => Some(("date.months_short", 12, month as usize)),
            Some('A') if spec.len() == 2 => Some(("date.weekdays", 7, weekday as usize)),
            Some('a') if spec.len() == 2 => Some(("date.weekdays_short", 7, weekday as usize)),
            Some('p') if spec.len() == 2 => Some(("date.am_pm", 2, usize::from(hour >= 12))),
            _ => None,
        };
        match wanted.map(|(key, n, i)| name(cats, lang, key, n, i, &spec)).transpose()? {
            Some(Some(word)) => out.push_str(&word.replace('%', "%%")),
            _ => out.push_str(&spec),
        }
    }
    Ok(out)
}

/// Item `i` of the list `key` of `lang` (which must have `n` items). `None` when the site's
/// default language has no such list: chrono's English names are then used.
fn name(cats: &Catalogues, lang: &str, key: &str, n: usize, i: usize, spec: &str) -> TeraResult<Option<String>> {
    match cats.get(lang, key) {
        Some(Message::List(items)) if items.len() == n => Ok(items.get(i).cloned()),
        None if lang == cats.default => Ok(None),
        Some(_) => Err(tera::Error::message(format!(
            "date: `{spec}` needs `{key}` in the `{lang}` catalogue to be a list of {n} names (January or Monday first)"
        ))),
        None => {
            let (message, help) = cats.missing(key, lang);
            Err(tera::Error::message(format!(
                "date: `{spec}` needs `{key}`, a list of {n} names (January or Monday first): {message}; {help}"
            )))
        }
    }
}
