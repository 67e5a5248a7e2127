//! `markdown:` in site.yaml: how pages' Markdown is rendered (`heading_anchors`).

use serde_yaml::Mapping;

use super::Validator;
use crate::diagnostics::did_you_mean;

/// Where a heading's anchor link goes, if anywhere (the Markdown stage writes it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HeadingAnchors {
    #[default]
    None,
    Before,
    After,
}

const KEYS: &[&str] = &["heading_anchors"];
const ANCHORS: &[&str] = &["none", "before", "after"];

impl Validator<'_> {
    pub(super) fn markdown(&mut self, map: &Mapping) -> HeadingAnchors {
        let Some(m) = self.sub_map(map, "markdown", KEYS) else {
            return HeadingAnchors::None;
        };
        let parents = &["markdown"];
        match self.string(&m, parents, "heading_anchors").as_deref() {
            None | Some("none") => HeadingAnchors::None,
            Some("before") => HeadingAnchors::Before,
            Some("after") => HeadingAnchors::After,
            Some(other) => {
                let help = match did_you_mean(other, ANCHORS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? Write one of: {}", ANCHORS.join(", ")),
                    None => format!("write one of: {}", ANCHORS.join(", ")),
                };
                let message = format!("`markdown.heading_anchors` is `{other}`, which is not a place for anchor links");
                let d = self.err(parents, Some("heading_anchors"), message, &help);
                self.diags.push(d);
                HeadingAnchors::None
            }
        }
    }
}
