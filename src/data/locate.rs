//! Where a key of a JSON, YAML or TOML data file is written, for errors. The parsers give
//! values without positions, so keys are found in the text: a file's keys appear in the text in
//! the order a depth-first walk of its value meets them (mappings keep their order), so the
//! N-th time the walk meets key `k` is the N-th place `k` is written as a key (`k:`, `"k":`,
//! `k =`). Its value is the rest of that line.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::Value as J;

/// For each mapping of a file (by address) and each of its keys, which occurrence of the key
/// in the text it is.
pub(super) struct Places<'t> {
    text: &'t str,
    nth: HashMap<(usize, String), usize>,
}

impl<'t> Places<'t> {
    pub(super) fn of(text: &'t str, value: &J) -> Places<'t> {
        fn walk(v: &J, counts: &mut HashMap<String, usize>, nth: &mut HashMap<(usize, String), usize>) {
            match v {
                J::Object(map) => {
                    for (k, child) in map {
                        let n = counts.entry(k.clone()).or_default();
                        nth.insert((Places::id(v), k.clone()), *n);
                        *n += 1;
                        walk(child, counts, nth);
                    }
                }
                J::Array(items) => items.iter().for_each(|i| walk(i, counts, nth)),
                _ => {}
            }
        }
        let mut nth = HashMap::new();
        walk(value, &mut HashMap::new(), &mut nth);
        Places { text, nth }
    }

    /// The identity of a mapping value: its address, which checking it in place keeps.
    pub(super) fn id(v: &J) -> usize {
        std::ptr::from_ref(v) as usize
    }

    /// Where `key` of the mapping `id` is written.
    pub(super) fn key(&self, id: usize, key: &str) -> Option<Range<usize>> {
        let n = *self.nth.get(&(id, key.to_string()))?;
        written(self.text, key).nth(n).map(|(k, _)| k)
    }

    /// Where the value of `key` of the mapping `id` is written (the key, when the value is not
    /// on its line).
    pub(super) fn value(&self, id: usize, key: &str) -> Option<Range<usize>> {
        let n = *self.nth.get(&(id, key.to_string()))?;
        written(self.text, key).nth(n).map(|(k, v)| v.unwrap_or(k))
    }
}

/// Each place `key` is written as a key, with its value's span on the same line.
fn written<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = (Range<usize>, Option<Range<usize>>)> + 'a {
    text.match_indices(key).filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        let quoted = matches!(before, Some('"' | '\''));
        let starts = match before {
            None => true,
            Some(c) => c.is_whitespace() || matches!(c, '{' | ',' | '[') || quoted,
        };
        let mut end = at + key.len();
        if quoted {
            end += text[end..].starts_with(['"', '\'']) as usize;
        }
        let rest = &text[end..];
        let sep = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after = &rest[sep..];
        let is_key = !quoted || text[at + key.len()..].starts_with(['"', '\'']);
        if !(starts && is_key && (after.starts_with(':') || after.starts_with('='))) {
            return None;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let flow = text[line_start..at].contains('{') || text[..at].ends_with('"');
        let value = value_span(text, end + sep + 1, flow);
        let key_start = if quoted { at - 1 } else { at };
        Some((key_start..end, value))
    })
}

/// The value starting at or after `from` on its line: a quoted value to its closing quote, else
/// to the end of the line or, in flow style (`{a: 1, b: 2}`, JSON), to the next `,`, `}` or `]`.
fn value_span(text: &str, from: usize, flow: bool) -> Option<Range<usize>> {
    let line = &text[from..];
    let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
    let lead = line.len() - line.trim_start().len();
    let v = &line[lead..];
    let len = match v.chars().next()? {
        q @ ('"' | '\'') => v[1..].find(q).map_or(v.len(), |i| i + 2),
        _ if flow => v.find([',', '}', ']']).unwrap_or(v.len()),
        _ => v.len(),
    };
    let v = v[..len].trim_end();
    (!v.is_empty()).then(|| from + lead..from + lead + v.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_record_s_key_is_its_second_place_in_the_text() {
        let text = "[{\"name\": \"a\", \"amount\": 1},\n {\"name\": \"b\", \"amount\": \"x\"}]";
        let value: J = serde_json::from_str(text).unwrap();
        let places = Places::of(text, &value);
        let second = &value.as_array().unwrap()[1];
        let at = places.value(Places::id(second), "amount").unwrap();
        assert_eq!(&text[at], "\"x\"");
        let yaml = "- name: a\n  amount: 1\n- name: b\n  amount: x\n";
        let value: J = serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap()).unwrap();
        let places = Places::of(yaml, &value);
        let second = &value.as_array().unwrap()[1];
        assert_eq!(&yaml[places.value(Places::id(second), "amount").unwrap()], "x");
        assert_eq!(&yaml[places.key(Places::id(second), "name").unwrap()], "name");
    }
}
