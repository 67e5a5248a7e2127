//! `allow_links_to`: the folders outside the site's root that symbolic links may point into
//! (`fs_guard` enforces it). A list of paths, relative ones taken from the root.

use std::path::PathBuf;

use serde_yaml::{Mapping, Value as Y};

use super::Validator;
use crate::yaml;

impl Validator<'_> {
    pub(super) fn allow_links_to(&mut self, map: &Mapping) -> Vec<PathBuf> {
        let help = "write a list of folders, e.g. `allow_links_to: [\"/srv/shared-media\", \"../photos\"]`";
        self.text_list(map, "allow_links_to", "each folder of `allow_links_to` must be a path", help)
            .into_iter()
            .map(PathBuf::from)
            .collect()
    }

    /// The top-level `key`, a list of texts (each trimmed); an error at the key for anything
    /// else, and for each entry that is not a non-empty text (`each` says what it must be).
    pub(super) fn text_list(&mut self, map: &Mapping, key: &str, each: &str, help: &str) -> Vec<String> {
        let list = match map.get(key) {
            None | Some(Y::Null) => return Vec::new(),
            Some(Y::Sequence(list)) => list,
            Some(other) => {
                let d =
                    self.err(&[], Some(key), format!("`{key}` must be a list, not {}", yaml::type_name(other)), help);
                self.diags.push(d);
                return Vec::new();
            }
        };
        let mut texts = Vec::new();
        for item in list {
            match item {
                Y::String(s) if !s.trim().is_empty() => texts.push(s.trim().to_string()),
                other => {
                    let what = if matches!(other, Y::String(_)) { "empty text" } else { yaml::type_name(other) };
                    let d = self.err(&[], Some(key), format!("{each}, not {what}"), help);
                    self.diags.push(d);
                }
            }
        }
        texts
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    fn parse(text: &str) -> Result<super::super::Config, Vec<crate::diagnostics::Diagnostic>> {
        super::super::parse(&Arc::from(format!("title: t\nbase_url: https://e.org/\n{text}")), None)
    }

    #[test]
    fn folders_are_read_as_written() {
        let c = parse("allow_links_to: [\"/srv/media\", ../photos]\n").unwrap();
        assert_eq!(c.allow_links_to, [std::path::PathBuf::from("/srv/media"), "../photos".into()]);
        assert!(parse("").unwrap().allow_links_to.is_empty());
    }

    #[test]
    fn items_must_be_paths() {
        let errs = parse("allow_links_to:\n  - /srv/media\n  - 3\n  - \"\"\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].message.contains("must be a path, not a number"), "{}", errs[0].message);
        assert_eq!(errs[0].line_col().map(|(l, _)| l), Some(3));
    }
}
