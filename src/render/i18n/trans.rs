//! `trans(key=…, lang=…, count=…, NAME=…)`: one message of the catalogues, in `lang` (else
//! the template's `lang` variable, else the site's language), its plural form chosen by
//! `count`, its `{NAME}` placeholders filled from the arguments of those names. A key ending
//! in `_html` is HTML written by the theme: it is not escaped, its placeholder values are
//! (unless marked `safe`).

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::{Catalogues, Message};

pub(crate) fn register_trans(tera: &mut Tera, cats: Arc<Catalogues>) {
    tera.register_function("trans", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        trans(&cats, &kwargs, state)
    });
}

/// The language a call asks for: its `lang=`, else the template's `lang`, else the site's.
pub(super) fn lang_of(cats: &Catalogues, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    if let Some(lang) = kwargs.get::<String>("lang")? {
        return Ok(lang);
    }
    Ok(state.get::<Value>("lang")?.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| cats.default.clone()))
}

fn trans(cats: &Catalogues, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let key: String = kwargs.must_get("key")?;
    let lang = lang_of(cats, kwargs, state)?;
    let Some(message) = cats.get(&lang, &key) else {
        let (message, help) = cats.missing(&key, &lang);
        return Err(tera::Error::message(format!("trans: {message}; {help}")));
    };
    let names = cats.placeholders(&key);
    let mut allowed = vec!["key", "lang", "count"];
    allowed.extend(names.iter().map(String::as_str).filter(|n| *n != "count"));
    crate::render::args::only("trans", kwargs, &allowed)?;
    let count = kwargs.get::<i64>("count")?;
    let text = match message {
        Message::Text(s) => s.as_str(),
        Message::Plural(forms) => {
            let n = count.ok_or_else(|| {
                tera::Error::message(format!("trans: `{key}` has plural forms: give the number as `count=`"))
            })?;
            plural(forms, n)
        }
        Message::List(_) => {
            return Err(tera::Error::message(format!(
                "trans: `{key}` is a list (month or day names, for the `date` filter), not a message"
            )));
        }
    };
    let html = key.ends_with("_html");
    let filled = fill(text, |name| {
        let value = if name == "count" { count.map(Value::from) } else { kwargs.get::<Value>(name)? };
        let value = value.ok_or_else(|| {
            tera::Error::message(format!("trans: `{key}` in `{lang}` (\"{text}\") needs the argument `{name}=`"))
        })?;
        if html { state.escape_if_needed(&value) } else { Ok(value.to_string()) }
    })?;
    Ok(if html { Value::safe_string(&filled) } else { Value::from(filled) })
}

/// The form for `n`: `zero` for 0 when the message has one, `one` for 1, else `other` (the
/// rule of English and Spanish).
fn plural(forms: &BTreeMap<String, String>, n: i64) -> &str {
    let form = match n {
        0 if forms.contains_key("zero") => "zero",
        1 | -1 if forms.contains_key("one") => "one",
        _ => "other",
    };
    forms.get(form).or_else(|| forms.get("other")).map_or("", String::as_str)
}

/// `text` with each `{name}` (ASCII letters, digits, `_`) replaced by `value(name)`; other
/// braces are kept as written.
fn fill(text: &str, mut value: impl FnMut(&str) -> TeraResult<String>) -> TeraResult<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        if name_len > 0 && after.as_bytes().get(name_len) == Some(&b'}') {
            out.push_str(&value(&after[..name_len])?);
            rest = &after[name_len + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let got = fill("Page {current} of {total} {x y} {", |n| Ok(n.to_uppercase())).unwrap();
        assert_eq!(got, "Page CURRENT of TOTAL {x y} {");
    }

    #[test]
    fn plural_forms_follow_the_count() {
        let forms: BTreeMap<String, String> =
            [("one", "{count} page"), ("other", "{count} pages")].map(|(a, b)| (a.into(), b.into())).into();
        assert_eq!(plural(&forms, 1), "{count} page");
        assert_eq!(plural(&forms, 0), "{count} pages");
        assert_eq!(plural(&forms, 12), "{count} pages");
    }
}
