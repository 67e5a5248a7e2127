//! `allow_links_to`: the folders outside the site's root that symbolic links may point into
//! (`fs_guard` enforces it). A list of paths, relative ones taken from the root.

use std::path::PathBuf;

use serde_yaml::{Mapping, Value as Y};

use super::Validator;
use crate::yaml;

impl Validator<'_> {
    pub(super) fn allow_links_to(&mut self, map: &Mapping) -> Vec<PathBuf> {
        let key = "allow_links_to";
        let help = "write a list of folders, e.g. `allow_links_to: [\"/srv/shared-media\", \"../photos\"]`";
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
        let mut folders = Vec::new();
        for item in list {
            match item {
                Y::String(s) if !s.trim().is_empty() => folders.push(PathBuf::from(s.trim())),
                other => {
                    let what = if matches!(other, Y::String(_)) { "empty text" } else { yaml::type_name(other) };
                    let d =
                        self.err(&[], Some(key), format!("each folder of `{key}` must be a path, not {what}"), help);
                    self.diags.push(d);
                }
            }
        }
        folders
    }
}
