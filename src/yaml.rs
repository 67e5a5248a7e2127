//! YAML helpers shared by `site.yaml` and front matter: parsing into `serde_yaml::Value` with
//! parse errors turned into diagnostics, and finding where a key sits in the text so that a
//! later check (a wrong type, an unknown key) can point at the exact line and value.
//! serde_yaml gives positions only for syntax errors, so positions of keys are recovered here
//! from the text by indentation, which is exact for the block-style YAML editors write.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, offset_of};

mod depth;
mod reader;
mod tags;

pub use reader::{Expect, Layer, Reader, as_bool, as_count, as_integer, as_text};

/// Parses `text[range]` as YAML. Errors point into the whole `text` (`file` names it).
pub fn parse(file: &std::path::Path, text: &Arc<str>, range: Range<usize>) -> Result<serde_yaml::Value, Diagnostic> {
    let yaml = &text[range.clone()];
    if let Some(tab) = leading_tab(yaml) {
        let at = range.start + tab;
        return Err(Diagnostic::error("a tab is used for indentation; YAML allows only spaces")
            .in_file(file)
            .at(text, at..at + 1)
            .with_label("tab")
            .with_help("replace the tab at the start of this line with spaces")
            .with_code("yaml"));
    }
    if let Some(deep) = depth::too_deep(yaml, depth::MAX_DEPTH) {
        let at = range.start + deep;
        return Err(Diagnostic::error(format!("invalid YAML: nested more than {} levels deep", depth::MAX_DEPTH))
            .in_file(file)
            .at(text, at..at + 1)
            .with_label("too deep")
            .with_help(
                "close the brackets `]` and `}` that are left open, or indent less: a value needs only a few levels",
            )
            .with_code("yaml"));
    }
    let value = serde_yaml::from_str::<serde_yaml::Value>(yaml).map_err(|e| parse_error(file, text, &range, &e))?;
    match tags::first_tag(&value) {
        Some(tag) => Err(tags::tag_error(file, text, &range, &tag)),
        None => Ok(value),
    }
}

/// A serde_yaml error as a diagnostic at its place in the whole file.
fn parse_error(file: &std::path::Path, text: &Arc<str>, range: &Range<usize>, e: &serde_yaml::Error) -> Diagnostic {
    let yaml = &text[range.clone()];
    let (at, msg) = match e.location() {
        Some(loc) => (range.start + offset_of(yaml, loc.line(), loc.column()), e.to_string()),
        None => (range.start, e.to_string()),
    };
    // serde_yaml appends " at line L column C", relative to the block; ours is absolute.
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    // serde_yaml points a duplicate key at its mapping; point at the second occurrence.
    let at = duplicate_key(yaml, at - range.start, &msg).map_or(at, |i| range.start + i);
    // An alias bomb is refused as a whole; point at the first alias.
    let (at, msg) = match msg.contains("repetition limit").then(|| first_alias(yaml)).flatten() {
        Some(i) => (range.start + i, "these aliases would repeat values billions of times".to_string()),
        None => (at, msg),
    };
    let help = yaml_help(&msg);
    let end = (at + 1).min(text.len());
    // A quote left open is found only where the text ends; point at where it was opened.
    if let Some(i) = unclosed_quote(yaml, &e.to_string()) {
        let at = range.start + i;
        return Diagnostic::error("invalid YAML: this quoted value is never closed")
            .in_file(file)
            .at(text, at..at + 1)
            .with_label("opened here")
            .with_help("end the value with the same quote mark on the same line, e.g. title: \"World Café\"; for a quote inside a value, use the other kind: title: 'The \"turn outward\" idea'")
            .with_code("yaml");
    }
    Diagnostic::error(format!("invalid YAML: {msg}")).in_file(file).at(text, at..end).with_help(help).with_code("yaml")
}

/// Where an unclosed quoted value starts: serde_yaml's message ends with ", while scanning a
/// quoted scalar at line L column C" (relative to the block).
fn unclosed_quote(yaml: &str, msg: &str) -> Option<usize> {
    let (_, context) = msg.split_once(", while scanning a quoted scalar at line ")?;
    let (line, col) = context.split_once(" column ")?;
    Some(offset_of(yaml, line.trim().parse().ok()?, col.trim().parse().ok()?))
}

/// The offset of the first alias (`*name`) in `yaml`, outside quotes and comments.
fn first_alias(yaml: &str) -> Option<usize> {
    let b = yaml.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let after_space = i == 0 || matches!(b[i - 1], b' ' | b'\n' | b'[' | b'{' | b',');
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if after_space => quote = Some(c),
            (None, b'#') if after_space => i += yaml[i..].find('\n').unwrap_or(b.len() - i),
            (None, b'*') if after_space && b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn yaml_help(msg: &str) -> String {
    if msg.contains("aliases would repeat") {
        "an alias (`*name`) repeats the value of its anchor (`&name`); these nest so that the page would hold billions of values: write the values out instead".into()
    } else if msg.contains("duplicate") {
        "each key may appear only once; remove or rename one of them".into()
    } else if msg.contains("mapping values are not allowed") {
        "a value containing ': ' must be quoted, e.g. title: \"Dialogue: a guide\"".into()
    } else if msg.contains("did not find expected") {
        "check the indentation and that quotes and brackets are closed".into()
    } else {
        "front matter and site.yaml are YAML: `key: value`, one per line; quote values that contain ':' or '#'".into()
    }
}

/// Where the duplicate key named in `msg` is written the second time, at or after `from`, at
/// the indentation of its first occurrence.
fn duplicate_key(yaml: &str, from: usize, msg: &str) -> Option<usize> {
    let key = msg.split_once("duplicate entry with key \"")?.1.strip_suffix('"')?;
    let bytes = yaml.as_bytes();
    let from = bytes[..from.min(bytes.len())].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut first_indent = None;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start < from {
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start_matches(' ');
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let indent = body.len() - item.len();
        if split_key(trimmed).is_some_and(|(k, _)| k == key) {
            match first_indent {
                None => first_indent = Some(indent),
                Some(i) if i == indent => return Some(start + indent),
                Some(_) => {}
            }
        }
    }
    None
}

/// The byte offset of the first tab used for indentation, if any.
fn leading_tab(yaml: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(offset + i);
        }
        offset += line.len();
    }
    None
}

/// Where `key` (under the nesting `parents`) is written in `yaml`: the span of its value if it
/// has one on the same line, else of the key. Offsets are relative to `yaml`.
pub fn key_span(yaml: &str, parents: &[&str], key: &str) -> Option<Range<usize>> {
    find_key(yaml, parents, key).map(|(k, v)| v.unwrap_or(k))
}

/// Where `key` (under `parents`) is written: the span of the key name itself.
pub fn key_name_span(yaml: &str, parents: &[&str], key: &str) -> Option<Range<usize>> {
    find_key(yaml, parents, key).map(|(k, _)| k)
}

/// The spans of a key's name and, if on the same line, its value.
fn find_key(yaml: &str, parents: &[&str], key: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let mut offset = 0;
    let mut indent_limit: Option<usize> = None; // children must be indented more than this
    let mut want = parents.iter().copied().chain(std::iter::once(key)).peekable();
    let mut target = want.next()?;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = body.len() - trimmed.len();
        match indent_limit {
            Some(limit) if indent <= limit => return None, // left the parent mapping
            None if indent > 0 => continue,                // nested under another key
            _ => {}
        }
        let (k, rest) = match split_key(trimmed) {
            Some(kv) => kv,
            None => continue,
        };
        if k != target {
            continue;
        }
        match want.next() {
            Some(next) => {
                indent_limit = Some(indent);
                target = next;
            }
            None => {
                let key_start = start + indent + (trimmed.len() - trimmed.trim_start_matches("- ").len());
                let key_span = key_start..key_start + k.len();
                let value = rest.trim();
                let value = value.split(" #").next().unwrap_or(value).trim_end();
                if value.is_empty() {
                    return Some((key_span, None));
                }
                let value_start =
                    start + indent + (trimmed.len() - rest.len()) + (rest.len() - rest.trim_start().len());
                return Some((key_span, Some(value_start..value_start + value.len())));
            }
        }
    }
    None
}

/// Where the text `needle` is written inside top-level `key`'s block (its line and the more
/// indented lines after it), e.g. one item of a list. Falls back to the key's span.
pub fn item_span(yaml: &str, key: &str, needle: &str) -> Option<Range<usize>> {
    let (key_span, _) = find_key(yaml, &[], key)?;
    let line_start = yaml[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = yaml[key_span.start..].find('\n').map_or(yaml.len(), |i| key_span.start + i + 1);
    for line in yaml[end..].split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        if !(line.starts_with(' ') || t.starts_with("- ") || t.trim().is_empty()) {
            break;
        }
        end += line.len();
    }
    let block = &yaml[key_span.end..end];
    match block.find(needle) {
        Some(i) if !needle.is_empty() => Some(key_span.end + i..key_span.end + i + needle.len()),
        _ => Some(line_start.max(key_span.start)..key_span.end),
    }
}

/// Splits `key: rest` (the key possibly quoted); `None` for lines that are not a mapping entry.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let line = line.strip_prefix("- ").unwrap_or(line);
    let (key, rest) = if let Some(q) = line.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], q[end + 1..].strip_prefix(':')?)
    } else {
        let colon = line.find(':')?;
        let after = &line[colon + 1..];
        if !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        (line[..colon].trim_end(), after)
    };
    Some((key, rest))
}

/// A short name for the YAML type of `value`, for messages.
pub fn type_name(value: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => "nothing",
        Y::Bool(_) => "true/false",
        Y::Number(_) => "a number",
        Y::String(_) => "text",
        Y::Sequence(_) => "a list",
        Y::Mapping(_) => "a mapping",
        Y::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_span_points_at_value() {
        let y = "title: Hello\nouter:\n  inner: 3\n  other: x\n";
        assert_eq!(&y[key_span(y, &[], "title").unwrap()], "Hello");
        assert_eq!(&y[key_span(y, &["outer"], "other").unwrap()], "x");
        assert_eq!(&y[key_span(y, &[], "outer").unwrap()], "outer");
        assert!(key_span(y, &[], "inner").is_none());
    }
}
