//! Checking one front matter value against its collection field's type. Values come out
//! normalized (dates as `YYYY-MM-DD`, date-times as RFC 3339 with their offset) so templates
//! and `resources.json` see one form. YAML's implicit typing is not trusted for text: `no`,
//! `1.10` or `01234` in a text field is an error that says to quote it, never a silent change.

use serde_yaml::Value as Y;

use crate::config::collections::{FieldType, Scalar};
use crate::diagnostics::did_you_mean;

/// Why a value does not fit, and how to fix it.
#[derive(Debug)]
pub(crate) struct Mismatch {
    pub message: String,
    pub help: String,
    /// The offending text inside the value (for lists: the item), to point at.
    pub needle: Option<String>,
}

/// Checks `value` against `ty`; returns the normalized value.
pub(crate) fn check(field: &str, ty: &FieldType, value: &Y) -> Result<Y, Mismatch> {
    match ty {
        FieldType::One(s) => check_scalar(field, s, value),
        FieldType::List(s) => match value {
            Y::Sequence(items) => {
                let one = |item: &Y| {
                    check_scalar(field, s, item).map_err(|m| Mismatch {
                        // Say that one item is wrong, not the whole list.
                        message: m.message.replacen(&format!("`{field}` is "), &format!("an item of `{field}` is "), 1),
                        ..m
                    })
                };
                items.iter().map(one).collect::<Result<Vec<_>, _>>().map(Y::Sequence)
            }
            Y::Null => Ok(Y::Sequence(Vec::new())),
            other => Err(Mismatch {
                message: format!("`{field}` must be a list, not {}", crate::yaml::type_name(other)),
                help: format!("write `{field}: [first, second]`, or one `- item` per line below `{field}:`"),
                needle: None,
            }),
        },
    }
}

fn shown(value: &Y) -> String {
    match value {
        Y::String(s) if s.trim_end().contains('\n') => "several lines of text".into(),
        Y::String(s) => format!("`{}`", s.trim_end()),
        Y::Number(n) => format!("the number {n}"),
        Y::Bool(b) => format!("`{b}` (true/false)"),
        Y::Null => "empty".into(),
        other => crate::yaml::type_name(other).to_string(),
    }
}

fn needle(value: &Y) -> Option<String> {
    match value {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn check_scalar(field: &str, ty: &Scalar, value: &Y) -> Result<Y, Mismatch> {
    let fail = |help: String| Mismatch {
        message: format!("`{field}` is {}, but it must be {}", shown(value), ty.describe()),
        help,
        needle: needle(value),
    };
    let quote_hint = |v: &Y| match v {
        Y::Number(_) | Y::Bool(_) => format!(
            "YAML reads it as {}; put it in quotes to keep it as text: \"{}\"",
            shown(v),
            needle(v).unwrap_or_default()
        ),
        _ => "write the text on the same line, in quotes if it contains ':' or '#'".to_string(),
    };
    match ty {
        Scalar::String => match value {
            // `key: >` folds a long value into one line, ending in a newline.
            Y::String(s) if !s.trim_end_matches('\n').contains('\n') => Ok(Y::String(s.trim_end_matches('\n').into())),
            Y::String(_) => {
                Err(fail("a one-line field cannot hold several lines; shorten it or make the field `text`".into()))
            }
            other => Err(fail(quote_hint(other))),
        },
        Scalar::Text => match value {
            Y::String(_) => Ok(value.clone()),
            other => Err(fail(quote_hint(other))),
        },
        Scalar::Integer => match value {
            Y::Number(n) if n.as_i64().is_some() => Ok(value.clone()),
            _ => Err(fail(format!("write digits only, without quotes or commas, e.g. `{field}: 5000`"))),
        },
        Scalar::Number => match value {
            Y::Number(_) => Ok(value.clone()),
            _ => Err(fail(format!("write a number without quotes, e.g. `{field}: 2.5`"))),
        },
        Scalar::Boolean => match value {
            Y::Bool(_) => Ok(value.clone()),
            _ => Err(fail(format!("write `{field}: true` or `{field}: false` (not yes/no, not in quotes)"))),
        },
        Scalar::Date => {
            let ok = value.as_str().and_then(|s| {
                chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().filter(|_| s.trim().len() == 10)
            });
            match ok {
                Some(d) => Ok(Y::String(d.format("%Y-%m-%d").to_string())),
                None => Err(fail(format!("write a real calendar date as YYYY-MM-DD, e.g. `{field}: 2017-05-04`"))),
            }
        }
        Scalar::Datetime => {
            let text = value.as_str().unwrap_or("").trim();
            match chrono::DateTime::parse_from_rfc3339(&text.replacen(' ', "T", 1)) {
                Ok(t) => Ok(Y::String(t.to_rfc3339())),
                Err(_) => {
                    let help = if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
                        format!(
                            "add the time and the UTC offset of its time zone, e.g. `{field}: {text}T14:00:00-05:00` for 2 p.m. Central Daylight Time"
                        )
                    } else {
                        format!(
                            "write the date, the time and the UTC offset, e.g. `{field}: 2017-05-04T14:00:00-05:00`"
                        )
                    };
                    Err(fail(help))
                }
            }
        }
        Scalar::Url => match value.as_str() {
            Some(s) if is_url(s) => Ok(value.clone()),
            _ => Err(fail(format!("write the full address, e.g. `{field}: https://www.ala.org/`"))),
        },
        Scalar::Email => match value.as_str() {
            Some(s) if is_email(s) => Ok(value.clone()),
            _ => Err(fail(format!("write one address such as `{field}: name@example.org`"))),
        },
        Scalar::OneOf(values) => {
            let text = needle(value).unwrap_or_default();
            if values.contains(&text) {
                return Ok(Y::String(text));
            }
            let hint = did_you_mean(&text, values.iter().map(String::as_str))
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            Err(Mismatch {
                message: format!("`{field}` is {}, which is not one of the allowed values", shown(value)),
                help: format!("{hint}allowed: {}", values.join(", ")),
                needle: needle(value),
            })
        }
    }
}

fn is_url(s: &str) -> bool {
    let s = s.trim();
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.starts_with('.') && !s.contains(char::is_whitespace)
    })
}

fn is_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: Scalar, v: &str) -> Result<Y, Mismatch> {
        check("f", &FieldType::One(s), &serde_yaml::from_str(v).unwrap())
    }

    #[test]
    fn each_type_accepts_its_values_and_rejects_others() {
        assert!(one(Scalar::String, "hello").is_ok());
        assert!(one(Scalar::String, "true").is_err());
        assert!(one(Scalar::String, "1.10").is_err());
        assert!(one(Scalar::Integer, "5000").is_ok());
        assert!(one(Scalar::Integer, "'5,000'").is_err());
        assert!(one(Scalar::Number, "2.5").is_ok());
        assert!(one(Scalar::Boolean, "yes").is_err());
        assert!(one(Scalar::Date, "2017-02-30").is_err());
        assert_eq!(one(Scalar::Date, "2017-02-03").unwrap(), Y::String("2017-02-03".into()));
        assert!(one(Scalar::Datetime, "2017-02-03").is_err());
        assert!(one(Scalar::Datetime, "2017-02-03T14:00:00-05:00").is_ok());
        assert!(one(Scalar::Url, "www.ala.org").is_err());
        assert!(one(Scalar::Url, "https://www.ala.org/x").is_ok());
        assert!(one(Scalar::Email, "a@b").is_err());
        assert!(one(Scalar::Email, "a@b.org").is_ok());
        let e = one(Scalar::OneOf(vec!["webinar".into(), "workshop".into()]), "webinr").unwrap_err();
        assert!(e.help.contains("did you mean `webinar`"));
    }

    #[test]
    fn lists_check_every_item() {
        let ty = FieldType::List(Scalar::Integer);
        assert!(check("f", &ty, &serde_yaml::from_str("[1, 2]").unwrap()).is_ok());
        assert!(check("f", &ty, &serde_yaml::from_str("[1, x]").unwrap()).is_err());
        assert!(check("f", &ty, &serde_yaml::from_str("3").unwrap()).is_err());
    }
}
