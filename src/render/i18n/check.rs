//! Every `trans(key="…")` a template writes with a literal key is checked against the
//! catalogue of every language of the site (or of its literal `lang="…"`) when the theme is
//! loaded, so a key missing in one language is an error at the template's line before any
//! page renders, whichever pages happen to use it. Keys given by a variable are checked when
//! the call runs.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::Catalogues;
use crate::diagnostics::Diagnostic;

/// Errors for keys missing in a language: one per language and key (at its first use), or
/// one per language that has no catalogue at all.
pub(crate) fn check_templates<'a>(
    cats: &Catalogues,
    templates: impl Iterator<Item = (&'a str, &'a Path, &'a Arc<str>)>,
    languages: &[String],
) -> Vec<Diagnostic> {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut diags = Vec::new();
    for (name, file, text) in templates {
        for call in calls(text) {
            let langs: Vec<&str> = match &call.lang {
                Some(l) => vec![l.as_str()],
                None => languages.iter().map(String::as_str).collect(),
            };
            for lang in langs {
                if cats.get(lang, &call.key).is_some() {
                    continue;
                }
                let no_catalogue = cats.keys(lang).next().is_none();
                let once = if no_catalogue { String::new() } else { call.key.clone() };
                if !seen.insert((lang.to_string(), once)) {
                    continue;
                }
                let (message, help) = cats.missing(&call.key, lang);
                diags.push(
                    Diagnostic::error(format!("template `{name}`: {message}"))
                        .in_file(file)
                        .at(text, call.span.clone())
                        .with_label(format!("not in the `{lang}` catalogue"))
                        .with_help(help)
                        .with_code("i18n"),
                );
            }
        }
    }
    diags
}

/// One `trans(…)` call with a literal key.
struct Call {
    key: String,
    lang: Option<String>,
    /// The key's quoted string in the template.
    span: std::ops::Range<usize>,
}

/// The `trans(` calls of `text` with a literal `key=`, outside `{# … #}` comments.
fn calls(text: &str) -> Vec<Call> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("trans(") {
        let at = from + i;
        from = at + 6;
        let word_before = text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if word_before || in_comment(text, at) {
            continue;
        }
        let args = &text[from..text[from..].find(')').map_or(text.len(), |j| from + j)];
        let Some((key, span)) = literal(args, "key") else { continue };
        let span = from + span.start..from + span.end;
        out.push(Call { key, lang: literal(args, "lang").map(|(l, _)| l), span });
    }
    out
}

/// The literal string value of `name=` in `args`, and the span of its quoted text.
fn literal(args: &str, name: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut from = 0;
    while let Some(i) = args[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = args[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let rest = args[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| before_ok) else { continue };
        let value = rest.trim_start();
        let quote = value.chars().next().filter(|q| matches!(q, '"' | '\'' | '`'))?;
        let end = value[1..].find(quote)?;
        let start = args.len() - value.len();
        return Some((value[1..=end].to_string(), start..start + end + 2));
    }
    None
}

fn in_comment(text: &str, at: usize) -> bool {
    match (text[..at].rfind("{#"), text[..at].rfind("#}")) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_keys_and_langs_are_found_outside_comments() {
        let t =
            r#"{{ trans(key="a.b") }} {# trans(key="no") #} {{ trans(lang='es', key = "c") }} {{ mytrans(key="x") }}"#;
        let found = calls(t);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].key, "a.b");
        assert_eq!(&t[found[0].span.clone()], "\"a.b\"");
        assert_eq!(found[1].key, "c");
        assert_eq!(found[1].lang.as_deref(), Some("es"));
    }
}
