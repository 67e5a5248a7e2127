//! `languages:`: the languages a site is written in besides its default (`language:`), each
//! with its own title, description and switches.
//!
//! ```yaml
//! language: en            # the default language, published at the root
//! languages:
//!   es:                   # published under /es/
//!     name: "Español"     # the language's own name, for a language switcher
//!     title: "Centro de recursos LTC"
//!     description: "…"
//!     feeds: true         # /es/atom.xml (default: outputs.feeds)
//!     search: true        # the search index of its pages (default: outputs.search)
//!     taxonomies: true    # /es/TAXONOMY/TERM/ pages (default: true)
//! ```

use serde_yaml::{Mapping, Value as Y};

use super::Validator;

const LANGUAGE_KEYS: &[&str] = &["name", "title", "description", "feeds", "search", "taxonomies"];

/// A language besides the default one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    /// The code, as in `page.es.md` and `/es/`: lowercase, e.g. `es`, `pt-br`.
    pub code: String,
    /// Its own name (`Español`); the code when not given.
    pub name: String,
    /// The site's title in this language; the site's title when not given.
    pub title: Option<String>,
    pub description: Option<String>,
    pub feeds: bool,
    pub search: bool,
    pub taxonomies: bool,
}

/// True for a lowercase language code: two or three letters, then `-` parts of letters and
/// digits (`es`, `fil`, `pt-br`, `zh-hant`).
pub(crate) fn is_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

impl Validator<'_> {
    /// `languages:`, in the order written. `default` is `language:`, which cannot be repeated.
    pub(super) fn languages(&mut self, map: &Mapping, default: &str, outputs: &super::Outputs) -> Vec<Language> {
        let mut out = Vec::new();
        let Some(value) = map.get("languages") else { return out };
        let help = "one language code per line, e.g. `es: { title: \"Centro de recursos\" }`";
        let Some(list) = self.mapping_at(value, &[], "languages", help) else { return out };
        if !is_code(default) {
            let d = self.err(
                &[],
                Some("language"),
                format!("`language: {default}` is not a language code, and `languages:` needs one"),
                "write a lowercase code such as `en`, `es` or `pt-br`",
            );
            self.diags.push(d);
        }
        for (key, spec) in &list {
            let Some(code) = key.as_str() else { continue };
            if !is_code(code) || code == default {
                let why = if code == default { "is the default `language:`" } else { "is not a language code" };
                let span = self.name_span(&["languages"], code);
                let d = self.error(
                    span,
                    format!("`{code}` under `languages` {why}"),
                    "list the other languages by their lowercase code, e.g. `es:` or `pt-br:`; the default language is `language:`",
                );
                self.diags.push(d);
                continue;
            }
            let here = ["languages", code];
            let spec = match spec {
                Y::Null => Mapping::new(),
                other => match self.mapping_at(other, &here[..1], code, "give it keys such as `title:`") {
                    Some(m) => m,
                    None => continue,
                },
            };
            self.unknown_keys(&spec, &here, LANGUAGE_KEYS);
            let language = Language {
                code: code.to_string(),
                name: self.string(&spec, &here, "name").unwrap_or_else(|| code.to_string()),
                title: self.string(&spec, &here, "title"),
                description: self.string(&spec, &here, "description"),
                feeds: self.boolean(&spec, &here, "feeds").unwrap_or(outputs.feeds),
                search: self.boolean(&spec, &here, "search").unwrap_or(outputs.search),
                taxonomies: self.boolean(&spec, &here, "taxonomies").unwrap_or(true),
            };
            out.push(language);
        }
        out
    }
}

impl super::Config {
    /// The language `code` besides the default, if site.yaml declares it.
    pub fn lang(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// True when the site is in more than one language.
    pub fn multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// Every language's code, the default first.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str()).chain(self.languages.iter().map(|l| l.code.as_str()))
    }

    /// Where a language's pages are published, relative to the base path: `""` for the
    /// default, `es/` for the others.
    pub fn language_prefix(&self, code: &str) -> String {
        if code == self.language { String::new() } else { format!("{code}/") }
    }

    /// The site's description in language `code`.
    pub fn description_in(&self, code: &str) -> Option<&str> {
        self.lang(code).and_then(|l| l.description.as_deref()).or(self.description.as_deref())
    }

    /// The site's title in language `code`.
    pub fn title_in(&self, code: &str) -> &str {
        self.lang(code).and_then(|l| l.title.as_deref()).unwrap_or(&self.title)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_codes_are_lowercase_tags() {
        for ok in ["es", "fil", "pt-br", "zh-hant"] {
            assert!(super::is_code(ok), "{ok}");
        }
        for bad in ["e", "ES", "espanol", "es_", "es-", "../x", ""] {
            assert!(!super::is_code(bad), "{bad}");
        }
    }
}
