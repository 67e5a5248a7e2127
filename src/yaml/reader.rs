//! The one typed reader of YAML mappings, for site.yaml and for front matter alike: typed
//! getters that leave a wrong value out and record a diagnostic at the place the key is written
//! in the file. What differs between the two files is data, not code: the file's name, where the
//! YAML lies in the text, the diagnostic's code, where an error without a place points, and each
//! getter's help text ([`Expect`]).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde_yaml::{Mapping, Value as Y};

use crate::diagnostics::Diagnostic;

/// Reads values out of one YAML document, collecting diagnostics.
pub struct Reader<'a> {
    /// The file, as shown in messages.
    pub file: &'a Path,
    /// The whole file.
    pub text: &'a Arc<str>,
    /// Where the YAML is in `text` (all of it for site.yaml; the block between `---` lines for
    /// front matter). Spans given to and returned by the reader are relative to it.
    pub block: Range<usize>,
    /// The diagnostics' code (`config`, `front-matter`).
    pub code: &'static str,
    /// Where an error points when its key cannot be found in the text (absolute); `None`: at
    /// no place, only the file.
    pub fallback: Option<Range<usize>>,
    /// A second file layered over this one (`site.ENV.yaml` over site.yaml): keys are looked
    /// up there first, and an error at such a key names that file.
    pub overlay: Option<Layer<'a>>,
    pub diags: Vec<Diagnostic>,
}

/// A whole YAML file layered over the reader's own.
#[derive(Clone, Copy)]
pub struct Layer<'a> {
    pub file: &'a Path,
    pub text: &'a Arc<str>,
}

/// What a typed getter expects, for its error "`KEY` must be WHAT, not FOUND".
pub struct Expect<'h> {
    pub what: &'static str,
    pub help: &'h str,
    /// The label under the value, if any.
    pub label: Option<&'static str>,
    /// Whether `key: ` with nothing (null) counts as absent (else it is the wrong type).
    pub null_is_absent: bool,
}

impl<'a> Reader<'a> {
    /// The YAML text.
    pub fn yaml(&self) -> &'a str {
        &self.text[self.block.clone()]
    }

    /// Where `key` (under `parents`) is written: its value if on the same line, else the key.
    pub fn value_span(&self, parents: &[&str], key: &str) -> Option<Range<usize>> {
        self.layered(|yaml| super::key_span(yaml, parents, key))
    }

    /// Spans in the overlay are given past the end of the block (shifted by `block.len() + 1`),
    /// so that [`Reader::error`] knows which file they are in.
    fn layered(&self, find: impl Fn(&str) -> Option<Range<usize>>) -> Option<Range<usize>> {
        let shift = self.block.len() + 1;
        let over = self.overlay.and_then(|o| find(&o.text[..]).map(|s| s.start + shift..s.end + shift));
        over.or_else(|| find(self.yaml()))
    }

    /// Where the name of `key` (under `parents`) is written.
    pub fn name_span(&self, parents: &[&str], key: &str) -> Option<Range<usize>> {
        self.layered(|yaml| super::key_name_span(yaml, parents, key))
    }

    /// Where `needle` is written inside top-level `key`'s block (one list item), or `key`'s value.
    pub fn item_span(&self, key: &str, needle: Option<&str>) -> Option<Range<usize>> {
        match needle {
            Some(n) => self.layered(|yaml| super::item_span(yaml, key, n)),
            None => self.value_span(&[], key),
        }
    }

    /// An error at `span` (relative to the block), or at the fallback place.
    pub fn error(&self, span: Option<Range<usize>>, message: String, help: &str) -> Diagnostic {
        let shift = self.block.len() + 1;
        if let (Some(o), Some(s)) = (self.overlay, span.as_ref().filter(|s| s.start >= shift)) {
            let d = Diagnostic::error(message).in_file(o.file).with_help(help).with_code(self.code);
            return d.at(o.text, s.start - shift..s.end - shift);
        }
        let span = span.map(|s| s.start + self.block.start..s.end + self.block.start).or(self.fallback.clone());
        let d = Diagnostic::error(message).in_file(self.file).with_help(help).with_code(self.code);
        match span {
            Some(span) => d.at(self.text, span),
            None => d,
        }
    }

    /// The value of `key` in `map` converted by `convert`; `None` when absent (or null, if
    /// `expect` says so). A value `convert` refuses is an error at the value, and `None`.
    pub fn get<T>(
        &mut self,
        map: &Mapping,
        parents: &[&str],
        key: &str,
        expect: &Expect,
        convert: impl FnOnce(&Y) -> Option<T>,
    ) -> Option<T> {
        let value = map.get(key)?;
        if matches!(value, Y::Null) && expect.null_is_absent {
            return None;
        }
        if let Some(v) = convert(value) {
            return Some(v);
        }
        let message = format!("`{key}` must be {}, not {}", expect.what, super::type_name(value));
        let d = self.error(self.value_span(parents, key), message, expect.help);
        self.diags.push(match expect.label {
            Some(label) => d.with_label(label),
            None => d,
        });
        None
    }
}

/// Text, a number or true/false, as text.
pub fn as_text(value: &Y) -> Option<String> {
    match value {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// (Tagged values are never taken for what they tag: `yaml::tags` refuses them.)
pub fn as_bool(value: &Y) -> Option<bool> {
    match value {
        Y::Bool(b) => Some(*b),
        _ => None,
    }
}

/// A whole number, zero or more.
pub fn as_count(value: &Y) -> Option<usize> {
    match value {
        Y::Number(n) => n.as_u64().map(|n| n as usize),
        _ => None,
    }
}

/// A whole number, possibly negative.
pub fn as_integer(value: &Y) -> Option<i64> {
    match value {
        Y::Number(n) => n.as_i64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader<'a>(text: &'a Arc<str>, block: Range<usize>, fallback: Option<Range<usize>>) -> Reader<'a> {
        Reader { file: Path::new("f.md"), text, block, code: "test", fallback, overlay: None, diags: Vec::new() }
    }

    const TEXT: Expect =
        Expect { what: "text", help: "write text", label: Some("expected text"), null_is_absent: true };

    #[test]
    fn a_wrong_value_is_an_error_at_its_place_in_the_file() {
        let text: Arc<str> = Arc::from("---\ntitle: [a]\nn:\n---\n");
        let mut r = reader(&text, 4..18, Some(0..3));
        let map: Mapping = serde_yaml::from_str(&text[4..18]).unwrap();
        assert_eq!(r.get(&map, &[], "title", &TEXT, as_text), None);
        assert_eq!(r.get(&map, &[], "n", &TEXT, as_text), None, "null is absent");
        assert_eq!(r.get(&map, &[], "missing", &TEXT, as_text), None);
        assert_eq!(r.diags.len(), 1);
        let d = &r.diags[0];
        assert_eq!(d.message, "`title` must be text, not a list");
        assert_eq!(d.span, Some(11..14));
        assert_eq!(d.label.as_deref(), Some("expected text"));
    }

    #[test]
    fn null_can_be_the_wrong_type_and_a_lost_key_points_at_the_fallback() {
        let text: Arc<str> = Arc::from("on:\n");
        let mut r = reader(&text, 0..4, None);
        let map: Mapping = serde_yaml::from_str(&text).unwrap();
        let flag = Expect { what: "true or false", help: "write `true`", label: None, null_is_absent: false };
        assert_eq!(r.get(&map, &[], "on", &flag, as_bool), None);
        assert_eq!(r.diags[0].message, "`on` must be true or false, not nothing");
        assert_eq!(r.error(None, "x".into(), "h").span, None);
        let r = reader(&text, 0..4, Some(0..2));
        assert_eq!(r.error(None, "x".into(), "h").span, Some(0..2));
    }
}
