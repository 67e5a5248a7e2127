//! How deep YAML nests, found by one linear pass over the text before it is parsed. The YAML
//! parser takes time quadratic in the depth of flow collections (`[[[[…`, `{a: {a: …`), so
//! 100,000 of them took more than a minute before its own recursion limit stopped it; this pass
//! stops such input at the place where it gets too deep. It is a conservative estimate, not a
//! parser: block nesting counts one level per indentation step and per `- `/`? ` on a line, flow
//! nesting one level per open `[` or `{` outside quotes and comments.

/// Deeper nesting is an error. Front matter and site.yaml need a handful of levels.
pub(super) const MAX_DEPTH: usize = 64;

/// The byte offset where `yaml` first nests deeper than `limit`, if it does.
pub(super) fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    let mut scan = Scan { limit, indents: Vec::new(), flow: 0, base: 0, quote: None, literal: None };
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(at) = scan.line(line) {
            return Some(start + at);
        }
    }
    None
}

struct Scan {
    limit: usize,
    /// Columns of the enclosing block collections.
    indents: Vec<usize>,
    /// Open flow collections, and the block depth they started at.
    flow: usize,
    base: usize,
    /// The quote mark of a quoted scalar that continues on the next line.
    quote: Option<u8>,
    /// The indentation of the line that started a `|` or `>` block scalar.
    literal: Option<usize>,
}

impl Scan {
    /// Scans one line (without its line break); the offset in it where the limit is crossed.
    fn line(&mut self, line: &str) -> Option<usize> {
        let b = line.as_bytes();
        let indent = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
        if let Some(parent) = self.literal {
            if indent == b.len() || indent > parent {
                return None;
            }
            self.literal = None;
        }
        if self.quote.is_some() || self.flow > 0 {
            return self.flow_from(b, 0);
        }
        if indent == b.len() || b[indent] == b'#' || line.starts_with("---") || line.starts_with("...") {
            return None;
        }
        while self.indents.last().is_some_and(|&i| i >= indent) {
            self.indents.pop();
        }
        self.indents.push(indent);
        let mut pos = indent;
        // Compact nesting: `- - - a`, `? - a`.
        while matches!(b.get(pos), Some(b'-' | b'?')) && matches!(b.get(pos + 1), None | Some(b' ')) {
            pos += 1;
            while b.get(pos) == Some(&b' ') {
                pos += 1;
            }
            self.indents.push(pos);
            if self.indents.len() > self.limit {
                return Some(pos.min(b.len().saturating_sub(1)));
            }
        }
        if self.indents.len() > self.limit {
            return Some(indent);
        }
        let value = self.value_start(b, pos)?;
        self.node(b, value, indent)
    }

    /// Where the value of a `key: value` line starts (or the line's content, when it has no key).
    fn value_start(&mut self, b: &[u8], pos: usize) -> Option<usize> {
        let mut key_end = pos;
        if let Some(&q @ (b'"' | b'\'')) = b.get(pos) {
            key_end = match closing_quote(b, pos + 1, q) {
                Some(end) => end + 1,
                None => {
                    self.quote = Some(q);
                    return None;
                }
            };
            if b.get(key_end) != Some(&b':') {
                return None; // a quoted value, not a key
            }
        } else if matches!(b.get(pos), Some(b'[' | b'{')) {
            return Some(pos);
        }
        let rest = &b[key_end..];
        let colon = (0..rest.len()).find(|&i| {
            rest[i] == b':' && matches!(rest.get(i + 1), None | Some(b' '))
                || rest[i] == b'#' && i > 0 && rest[i - 1] == b' '
        })?;
        if rest[colon] == b'#' {
            return None;
        }
        let mut v = key_end + colon + 1;
        while b.get(v) == Some(&b' ') {
            v += 1;
        }
        // Anchors and tags before the value: `&name`, `!tag`.
        while matches!(b.get(v), Some(b'&' | b'!')) {
            while b.get(v).is_some_and(|&c| c != b' ') {
                v += 1;
            }
            while b.get(v) == Some(&b' ') {
                v += 1;
            }
        }
        Some(v)
    }

    /// What the value at `v` opens: a flow collection, a block scalar or a multi-line quote.
    fn node(&mut self, b: &[u8], v: usize, indent: usize) -> Option<usize> {
        match b.get(v) {
            Some(b'[' | b'{') => {
                self.base = self.indents.len();
                self.flow_from(b, v)
            }
            Some(b'|' | b'>') => {
                self.literal = Some(indent);
                None
            }
            Some(&q @ (b'"' | b'\'')) => {
                if closing_quote(b, v + 1, q).is_none() {
                    self.quote = Some(q);
                }
                None
            }
            _ => None,
        }
    }

    /// Scans flow context (or a quoted scalar carried over) from `pos` to the end of the line.
    fn flow_from(&mut self, b: &[u8], mut pos: usize) -> Option<usize> {
        let mut prev = b'[';
        while pos < b.len() {
            let c = b[pos];
            if let Some(q) = self.quote {
                match closing_quote(b, pos, q) {
                    Some(end) if self.flow > 0 => {
                        self.quote = None;
                        pos = end + 1;
                        prev = q;
                        continue;
                    }
                    Some(_) => self.quote = None,
                    None => {}
                }
                return None;
            }
            match c {
                b'"' | b'\'' if matches!(prev, b'[' | b'{' | b',' | b':' | b' ') => self.quote = Some(c),
                b'#' if prev == b' ' => return None,
                b'[' | b'{' => {
                    self.flow += 1;
                    if self.base + self.flow > self.limit {
                        return Some(pos);
                    }
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    if self.flow == 0 {
                        return None; // closed: the rest is a comment or nothing
                    }
                }
                _ => {}
            }
            prev = c;
            pos += 1;
        }
        None
    }
}

/// The offset of the quote mark that closes a scalar opened with `q`, searching from `from`.
fn closing_quote(b: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            c if c == q && q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == q => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_yaml_is_shallow() {
        let yaml = "title: \"It's: [here\"\nlist: [a, [b, c], {d: e}]\nnested:\n  deeper:\n    - x: 'don''t ['\n      y: [z]\ntext: |\n  [[[[[[\n    {{{{\nafter: it's [ok\n";
        assert_eq!(too_deep(yaml, 5), None);
        assert_eq!(too_deep(yaml, 4), Some(yaml.find("[z]").unwrap()));
        assert_eq!(too_deep(yaml, 3), Some(yaml.find("- x").unwrap() + 2));
    }

    #[test]
    fn flow_and_block_nesting_are_counted_where_they_cross() {
        let flow = format!("k: {}", "[".repeat(10));
        assert_eq!(too_deep(&flow, 5), Some(3 + 4));
        let maps = format!("k: {}", "{a: ".repeat(10));
        assert_eq!(too_deep(&maps, 5), Some(3 + 4 * 4));
        let dashes = format!("k:\n  {}a\n", "- ".repeat(10));
        assert!(too_deep(&dashes, 5).is_some_and(|at| at > 3));
        let multi = "k: [\n  [\n    [\n      [\n";
        assert_eq!(too_deep(multi, 3), Some(multi.find("    [").unwrap() + 4));
        assert_eq!(too_deep("k: [a, \"]]]\", '[[['] # [[[\nb: 1\n", 2), None);
    }
}
