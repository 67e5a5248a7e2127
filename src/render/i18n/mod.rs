//! Theme strings: the catalogues of the words a theme writes itself ("Search", "Next page",
//! month names), one YAML file per language, and the `trans` function and `date` filter that
//! read them. A theme ships `themes/NAME/i18n/LANG.yaml`; the site's own `i18n/LANG.yaml`
//! overrides it key by key. Catalogues are read once per load, with the templates, and never
//! change afterwards: a rebuild after an edit of one loads them again.
//!
//! Keys are flat (`search.button: Search`) or nested maps, joined with dots. A value is a
//! string; a list of strings (the month and day names under `date.`); or a map of plural forms
//! (`one`, `other`) for `trans(…, count=N)`. `{name}` in a string is filled from the call's
//! argument `name`.

mod check;
mod dates;
mod trans;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

pub(crate) use check::check_templates;
pub(crate) use dates::register_date;
pub(crate) use trans::register_trans;

/// The folder of catalogues, in a theme and in the root.
pub(crate) const DIR: &str = "i18n";

/// The languages whose catalogues must hold every key the templates use: the site's.
pub(crate) fn languages(config: &crate::config::Config) -> Vec<String> {
    config.language_codes().map(str::to_string).collect()
}

/// The plural categories a plural message may name (CLDR's); `other` is required.
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One message of a catalogue.
#[derive(Debug, Clone, Hash, PartialEq)]
pub(crate) enum Message {
    Text(String),
    /// Plural form -> text (`one`, `other`, …).
    Plural(BTreeMap<String, String>),
    List(Vec<String>),
}

/// Every language's messages, the theme's and the root's merged (the root's win).
#[derive(Debug, Default, Hash)]
pub(crate) struct Catalogues {
    /// Language -> key -> message.
    langs: BTreeMap<String, BTreeMap<String, Message>>,
    /// The site's default language (site.yaml's `language`).
    pub(crate) default: String,
    /// Where a missing key can be added, shown to the user: the theme's catalogue folder, if
    /// there is a theme, and the root's.
    places: Vec<PathBuf>,
}

impl Catalogues {
    /// The message `key` of `lang`.
    pub(crate) fn get(&self, lang: &str, key: &str) -> Option<&Message> {
        self.langs.get(lang)?.get(key)
    }

    /// Every key of `lang`, for "did you mean".
    fn keys(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.langs.get(lang).into_iter().flat_map(|m| m.keys().map(String::as_str))
    }

    /// The files a key of `lang` can be added to, e.g. `themes/hub/i18n/es.yaml or i18n/es.yaml`.
    fn files_for(&self, lang: &str) -> String {
        self.places
            .iter()
            .map(|p| p.join(format!("{lang}.yaml")).display().to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    }

    /// The error text for `key` missing in `lang`, with a did-you-mean and where to add it.
    pub(crate) fn missing(&self, key: &str, lang: &str) -> (String, String) {
        if !self.langs.contains_key(lang) {
            let message = format!("there is no catalogue of theme strings for the language `{lang}` (key `{key}`)");
            return (message, format!("write {} with the theme's keys in that language", self.files_for(lang)));
        }
        let message = format!("the key `{key}` is missing from the `{lang}` catalogue");
        let hint = crate::diagnostics::did_you_mean(key, self.keys(lang))
            .map_or(String::new(), |s| format!("did you mean `{s}`? "));
        (message, format!("{hint}add `{key}: …` to {}", self.files_for(lang)))
    }

    /// The `{name}` placeholders the message `key` uses in any language.
    fn placeholders(&self, key: &str) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for texts in self.langs.values().filter_map(|m| m.get(key)) {
            let all: Vec<&str> = match texts {
                Message::Text(s) => vec![s.as_str()],
                Message::Plural(forms) => forms.values().map(String::as_str).collect(),
                Message::List(_) => Vec::new(),
            };
            for name in all.into_iter().flat_map(placeholder_names) {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
        names
    }
}

/// The `{name}` placeholders of `text` (names of ASCII letters, digits and `_`).
fn placeholder_names(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split('}').next()?;
        let ok =
            rest.len() > name.len() && !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        ok.then_some(name)
    })
}

/// Loads the catalogues of the theme `theme` (if any) and of the root. Errors name the
/// catalogue file, line and column.
pub(crate) fn load(
    root: &Path,
    theme: Option<&str>,
    default: &str,
    scope: &crate::fs_guard::Scope,
) -> (Catalogues, Vec<Diagnostic>) {
    let mut dirs = Vec::new();
    if let Some(theme) = theme {
        dirs.push(root.join("themes").join(theme).join(DIR));
    }
    dirs.push(root.join(DIR));
    let mut cats = Catalogues { default: default.to_string(), ..Default::default() };
    cats.places = dirs.iter().map(|d| crate::content::shown(root, d)).collect();
    let mut diags = Vec::new();
    for dir in &dirs {
        let (found, mut walk_diags) = scope.walk(dir, true);
        diags.append(&mut walk_diags);
        let mut files: Vec<PathBuf> = found
            .into_iter()
            .filter(|e| e.file_type.is_file() && e.path.parent() == Some(dir.as_path()))
            .filter(|e| e.path.extension().is_some_and(|x| x == "yaml"))
            .map(|e| e.path)
            .collect();
        files.sort();
        for path in files {
            let Some(lang) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
            let shown = crate::content::shown(root, &path);
            match read(&path, &shown) {
                Ok(messages) => cats.langs.entry(lang).or_default().extend(messages),
                Err(mut d) => diags.append(&mut d),
            }
        }
    }
    (cats, diags)
}

/// One catalogue file's messages by key.
fn read(path: &Path, shown: &Path) -> Result<BTreeMap<String, Message>, Vec<Diagnostic>> {
    let text: Arc<str> = match std::fs::read_to_string(path) {
        Ok(t) => Arc::from(t),
        Err(e) => {
            let d = Diagnostic::error(format!("cannot read this catalogue: {e}")).in_file(shown);
            return Err(vec![d.with_help("save it as UTF-8 text")]);
        }
    };
    let value = crate::yaml::parse(shown, &text, 0..text.len()).map_err(|d| vec![d])?;
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    match &value {
        serde_yaml::Value::Mapping(_) => flatten(&value, "", &mut out, &mut |key, what| {
            let (parents, last) = key.rsplit_once('.').map_or((Vec::new(), key), |(p, l)| (p.split('.').collect(), l));
            let mut d = Diagnostic::error(format!("`{key}` in this catalogue is {what}"))
                .in_file(shown)
                .with_help("a message is a string, a list of strings (month and day names), or a map of plural forms `one:` and `other:`");
            if let Some(span) = crate::yaml::key_span(&text, &parents, last) {
                d = d.at(&text, span);
            }
            diags.push(d);
        }),
        serde_yaml::Value::Null => {}
        other => diags.push(
            Diagnostic::error(format!(
                "a catalogue is a map of keys to strings, not {}",
                crate::yaml::type_name(other)
            ))
            .in_file(shown)
            .with_help("write one `key: text` per line"),
        ),
    }
    if diags.is_empty() { Ok(out) } else { Err(diags) }
}

/// Nested maps to dotted keys. Calls `bad(key, what)` for values that are no message.
fn flatten(
    value: &serde_yaml::Value,
    prefix: &str,
    out: &mut BTreeMap<String, Message>,
    bad: &mut dyn FnMut(&str, &str),
) {
    use serde_yaml::Value as Y;
    let Y::Mapping(map) = value else { return };
    for (k, v) in map {
        let name = match k {
            Y::String(s) => s.clone(),
            Y::Number(n) => n.to_string(),
            Y::Bool(b) => b.to_string(),
            _ => continue,
        };
        let key = if prefix.is_empty() { name } else { format!("{prefix}.{name}") };
        match v {
            Y::Mapping(m) if is_plural(m) => {
                let forms = m.iter().filter_map(|(f, t)| Some((f.as_str()?.to_string(), scalar(t)?))).collect();
                out.insert(key, Message::Plural(forms));
            }
            Y::Mapping(_) => flatten(v, &key, out, bad),
            Y::Sequence(items) => match items.iter().map(scalar).collect::<Option<Vec<_>>>() {
                Some(list) => {
                    out.insert(key, Message::List(list));
                }
                None => bad(&key, "a list with something other than strings in it"),
            },
            other => match scalar(other) {
                Some(s) => {
                    out.insert(key, Message::Text(s));
                }
                None => bad(&key, "empty"),
            },
        }
    }
}

/// A map whose keys are all plural forms, `other` among them, with text values.
fn is_plural(m: &serde_yaml::Mapping) -> bool {
    m.keys().all(|k| k.as_str().is_some_and(|k| PLURAL_FORMS.contains(&k)))
        && m.contains_key("other")
        && m.values().all(|v| scalar(v).is_some())
}

fn scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(yaml: &str) -> BTreeMap<String, Message> {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let mut out = BTreeMap::new();
        flatten(&v, "", &mut out, &mut |k, w| panic!("{k} {w}"));
        out
    }

    #[test]
    fn nested_keys_join_with_dots_and_plural_maps_stay_whole() {
        let m =
            cats("search:\n  button: Search\npages:\n  one: '{count} page'\n  other: '{count} pages'\nflat.key: x\n");
        assert_eq!(m.get("search.button"), Some(&Message::Text("Search".into())));
        assert_eq!(m.get("flat.key"), Some(&Message::Text("x".into())));
        assert!(matches!(m.get("pages"), Some(Message::Plural(f)) if f.len() == 2));
    }

    #[test]
    fn placeholders_are_found() {
        let names: Vec<&str> = placeholder_names("Page {current} of {total}, {not a name} {x").collect();
        assert_eq!(names, ["current", "total"]);
    }
}
