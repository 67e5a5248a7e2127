//! YAML tags (`!custom value`) are not part of ltc-hub's YAML: serde_yaml keeps them as a
//! tagged value, which templates would see as a mapping `{"!custom": value}`. They are refused
//! where they are written.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde_yaml::Value;

use crate::diagnostics::Diagnostic;

/// The first tag in `value`, depth first, in the order written.
pub(super) fn first_tag(value: &Value) -> Option<String> {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Tagged(t) => return Some(t.tag.to_string()),
            Value::Sequence(items) => stack.extend(items.iter().rev()),
            Value::Mapping(map) => {
                let entries: Vec<_> = map.iter().collect();
                for (k, v) in entries.into_iter().rev() {
                    stack.push(v);
                    stack.push(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// The error for `tag`, at the place it is first written in `text[range]`.
pub(super) fn tag_error(file: &Path, text: &Arc<str>, range: &Range<usize>, tag: &str) -> Diagnostic {
    let yaml = &text[range.clone()];
    let at = yaml
        .match_indices(tag)
        .find(|(i, _)| yaml[i + tag.len()..].chars().next().is_none_or(|c| c.is_whitespace() || ",]}".contains(c)))
        .map_or(range.start, |(i, _)| range.start + i);
    Diagnostic::error(format!("the YAML tag `{tag}` is not supported"))
        .in_file(file)
        .at(text, at..at + tag.len())
        .with_label("tag")
        .with_help(format!(
            "remove `{tag}`; if the value is text that starts with `!`, put it in quotes, e.g. \"{tag} …\""
        ))
        .with_code("yaml")
}
