//! Shortcodes in Markdown: `{{ name(arg=value) }}` inline and `{% name(arg=value) %}…{% end %}`
//! as a block. Calls are found outside code, replaced by placeholders before the Markdown is
//! parsed, and their output is put back into the HTML afterwards, so the Markdown parser never
//! sees (or mangles) shortcode output. Any `{{` that is not a call of a known shape is left as
//! written. Rendering the call is delegated to a [`Shortcodes`] implementation.

use std::ops::Range;

/// An argument value as written in a call.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<ArgValue>),
}

/// Renders shortcodes; implemented by the template layer.
pub trait Shortcodes: Sync {
    /// Names of every shortcode the theme has, for "did you mean".
    fn names(&self) -> Vec<String>;
    fn has(&self, name: &str) -> bool;
    /// Renders one call. `body` is the block's inner Markdown, already rendered to HTML; `lang`
    /// is the page's language when it is not the default (the template sees it as `lang`).
    fn render(
        &self,
        name: &str,
        args: &[(String, ArgValue)],
        body: Option<&str>,
        lang: Option<&str>,
    ) -> Result<String, String>;
}

pub(crate) const OPEN: char = '\u{E000}';
pub(crate) const CLOSE: char = '\u{E001}';

/// A problem with a call, at a byte range of the original text.
pub(crate) struct CallError {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// The text with calls replaced, the outputs to put back, and how to map offsets back.
pub(crate) struct Expanded {
    pub text: String,
    pub outputs: Vec<String>,
    /// (start in new text, length in new text, start in old text, length in old text)
    edits: Vec<(usize, usize, usize, usize)>,
    pub errors: Vec<CallError>,
}

impl Expanded {
    /// Maps an offset in the expanded text back to the original text.
    pub(super) fn original_offset(&self, new: usize) -> usize {
        // The last edit starting at or before `new` (edits are in text order).
        let i = self.edits.partition_point(|&(ns, ..)| ns <= new);
        let Some(&(ns, nl, os, ol)) = i.checked_sub(1).map(|i| &self.edits[i]) else { return new };
        if new < ns + nl {
            return os;
        }
        (new + os + ol).saturating_sub(ns + nl)
    }

    /// Puts the shortcode outputs back into rendered HTML.
    pub(super) fn restore(&self, html: &str) -> String {
        if self.outputs.is_empty() {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(OPEN) {
            let after = &rest[i + OPEN.len_utf8()..];
            let Some(j) = after.find(CLOSE) else { break };
            let index: Option<usize> = after[..j].parse().ok();
            let Some(output) = index.and_then(|n| self.outputs.get(n)) else {
                out.push_str(&rest[..i + OPEN.len_utf8()]);
                rest = after;
                continue;
            };
            // A placeholder alone in a paragraph is a block: drop the <p> around it.
            let mut head = &rest[..i];
            let mut tail = &after[j + CLOSE.len_utf8()..];
            if head.ends_with("<p>") && tail.starts_with("</p>") {
                head = &head[..head.len() - 3];
                tail = &tail[4..];
            }
            out.push_str(head);
            out.push_str(output);
            rest = tail;
        }
        out.push_str(rest);
        out
    }
}

/// Finds and renders every call in `text` outside `code` ranges (sorted byte ranges).
pub(crate) fn expand(
    text: &str,
    code: &[Range<usize>],
    shortcodes: &dyn Shortcodes,
    lang: Option<&str>,
    inner: &dyn Fn(&str, usize) -> String,
) -> Expanded {
    let mut ex = Expanded {
        text: String::with_capacity(text.len()),
        outputs: Vec::new(),
        edits: Vec::new(),
        errors: Vec::new(),
    };
    let mut copied = 0;
    let mut pos = 0;
    let ends = super::blocks::ends(text, code);
    while let Some(found) = text[pos..].find(['{']) {
        let start = pos + found;
        pos = start + 1;
        let block = match text.get(start..start + 2) {
            Some("{{") => false,
            Some("{%") => true,
            _ => continue,
        };
        if in_code(code, start) {
            continue;
        }
        let Some(call) = parse_call(text, start, block, &ends) else { continue };
        let call = match call {
            Ok(c) => c,
            Err(e) => {
                pos = e.span.end.max(pos);
                ex.errors.push(e);
                continue;
            }
        };
        pos = call.end;
        let output = if !shortcodes.has(&call.name) {
            let names = shortcodes.names();
            let hint = crate::diagnostics::did_you_mean(&call.name, names.iter().map(String::as_str))
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            let known = if names.is_empty() {
                "this theme has no shortcodes".to_string()
            } else {
                format!("shortcodes of this theme: {}", names.join(", "))
            };
            ex.errors.push(CallError {
                span: start..call.name_end,
                message: format!("unknown shortcode `{}`", call.name),
                help: format!("{hint}{known}; to show the braces as text, put the call in `code`"),
            });
            String::new()
        } else {
            let body = call.body.as_ref().map(|r| inner(&text[r.clone()], r.start));
            match shortcodes.render(&call.name, &call.args, body.as_deref(), lang) {
                Ok(html) => html,
                Err(message) => {
                    ex.errors.push(CallError {
                        span: start..call.name_end,
                        message: format!("shortcode `{}` failed: {message}", call.name),
                        help: format!(
                            "check the arguments against the theme's templates/shortcodes/{}.html",
                            call.name
                        ),
                    });
                    String::new()
                }
            }
        };
        ex.text.push_str(&text[copied..start]);
        let placeholder = format!("{OPEN}{}{CLOSE}", ex.outputs.len());
        ex.edits.push((ex.text.len(), placeholder.len(), start, call.end - start));
        ex.text.push_str(&placeholder);
        ex.outputs.push(output);
        copied = call.end;
    }
    ex.text.push_str(&text[copied..]);
    ex
}

/// Whether `at` lies in one of the sorted, disjoint `code` ranges.
pub(super) fn in_code(code: &[Range<usize>], at: usize) -> bool {
    let i = code.partition_point(|r| r.end <= at);
    code.get(i).is_some_and(|r| r.contains(&at))
}

/// The deepest list nesting of an argument value; deeper input is an error, not a stack overflow.
const MAX_DEPTH: usize = 32;

struct Call {
    name: String,
    name_end: usize,
    args: Vec<(String, ArgValue)>,
    body: Option<Range<usize>>,
    end: usize,
}

/// Parses a call at `start`. `None` when the text there is not shaped like a call (left alone).
fn parse_call(text: &str, start: usize, block: bool, ends: &super::blocks::Ends) -> Option<Result<Call, CallError>> {
    let mut p = Parser { text, pos: start + 2, deep: None };
    p.ws();
    let name_start = p.pos;
    let name = p.ident()?;
    let name_end = p.pos;
    if name == "end" && block {
        return None;
    }
    p.ws();
    if !p.eat("(") {
        return None;
    }
    let args = match parse_args(&mut p, &name, name_start) {
        Ok(args) => args,
        Err(e) => return Some(Err(e)),
    };
    p.ws();
    let close = if block { "%}" } else { "}}" };
    if !p.eat(close) {
        return Some(Err(CallError {
            span: name_start..p.pos.max(name_start + 1),
            message: format!("shortcode `{name}` is not closed with `{close}`"),
            help: if block { "write {% name(args) %} … {% end %}" } else { "write {{ name(args) }}" }.into(),
        }));
    }
    let mut body = None;
    let mut end = p.pos;
    if block {
        let Some(&(at, after)) = ends.get(&start) else {
            return Some(Err(CallError {
                span: name_start..name_end,
                message: format!("block shortcode `{name}` has no `{{% end %}}`"),
                help: "close the block with a line `{% end %}`".into(),
            }));
        };
        body = Some(p.pos..at);
        end = after;
    }
    Some(Ok(Call { name, name_end, args, body, end }))
}

/// The arguments of a call, from after its `(` through its `)`.
fn parse_args(p: &mut Parser, name: &str, name_start: usize) -> Result<Vec<(String, ArgValue)>, CallError> {
    let err = |p: &Parser, message: String, help: &str| {
        Err(CallError { span: name_start..p.pos.max(name_start + 1), message, help: help.to_string() })
    };
    let mut args = Vec::new();
    // The names seen so far: a linear scan of `args` made 100,000 arguments take 16 s.
    let mut seen = std::collections::HashSet::new();
    loop {
        p.ws();
        if p.eat(")") {
            break;
        }
        let Some(key) = p.ident() else {
            return err(
                p,
                format!("shortcode `{name}`: expected an argument name"),
                "write arguments as name=value, separated by commas, e.g. {{ video(id=\"abc\", width=640) }}",
            );
        };
        if !seen.insert(key.clone()) {
            let key_start = p.pos - key.len();
            return Err(CallError {
                span: key_start..p.pos,
                message: format!("shortcode `{name}`: the argument `{key}` is given twice"),
                help: format!("give each argument once: remove one of the two `{key}=…`"),
            });
        }
        p.ws();
        if !p.eat("=") {
            return err(
                p,
                format!("shortcode `{name}`: argument `{key}` has no value"),
                "write arguments as name=value, with strings in quotes",
            );
        }
        p.ws();
        let Some(value) = p.value(0) else {
            if let Some(at) = p.deep {
                return Err(CallError {
                    span: at..at + 1,
                    message: format!(
                        "shortcode `{name}`: the value of `{key}` is nested more than {MAX_DEPTH} lists deep"
                    ),
                    help: "a shortcode argument is a string, number, true/false or a list of them; close the `[`s"
                        .into(),
                });
            }
            return err(
                p,
                format!("shortcode `{name}`: the value of `{key}` is not a string, number, true/false or list"),
                "put text in double quotes, e.g. title=\"World Café\"",
            );
        };
        args.push((key, value));
        p.ws();
        if p.eat(",") {
            continue;
        }
        if p.eat(")") {
            break;
        }
        return err(
            p,
            format!("shortcode `{name}`: expected `,` or `)` after an argument"),
            "separate arguments with commas and close the call with `)`",
        );
    }
    Ok(args)
}

pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
    /// Where a value was found nested too deep, if it was.
    pub(super) deep: Option<usize>,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }
    pub(super) fn ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }
    pub(super) fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    pub(super) fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if len == 0 || rest.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        let ident = rest[..len].to_string();
        self.pos += len;
        Some(ident)
    }
    fn value(&mut self, depth: usize) -> Option<ArgValue> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if first == '"' || first == '\'' {
            let mut out = String::new();
            let mut chars = rest[1..].char_indices();
            while let Some((i, c)) = chars.next() {
                if c == first {
                    self.pos += i + 2;
                    return Some(ArgValue::Str(out));
                }
                if c == '\\' {
                    if let Some((_, n)) = chars.next() {
                        out.push(match n {
                            'n' => '\n',
                            other => other,
                        });
                    }
                } else {
                    out.push(c);
                }
            }
            return None;
        }
        if first == '[' {
            if depth == MAX_DEPTH {
                self.deep = Some(self.pos);
                return None;
            }
            self.pos += 1;
            let mut items = Vec::new();
            loop {
                self.ws();
                if self.eat("]") {
                    return Some(ArgValue::List(items));
                }
                items.push(self.value(depth + 1)?);
                self.ws();
                if !self.eat(",") {
                    self.ws();
                    return self.eat("]").then_some(ArgValue::List(items));
                }
            }
        }
        for (word, b) in [("true", true), ("false", false)] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Some(ArgValue::Bool(b));
            }
        }
        let len = rest.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.' || c == '+')).unwrap_or(rest.len());
        let num = rest[..len].to_string();
        let value =
            if let Ok(i) = num.parse::<i64>() { ArgValue::Int(i) } else { ArgValue::Float(num.parse::<f64>().ok()?) };
        self.pos += len;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Shortcodes for Echo {
        fn names(&self) -> Vec<String> {
            vec!["note".into()]
        }
        fn has(&self, name: &str) -> bool {
            name == "note"
        }
        fn render(
            &self,
            _: &str,
            args: &[(String, ArgValue)],
            body: Option<&str>,
            _: Option<&str>,
        ) -> Result<String, String> {
            Ok(format!("<aside>{:?}|{}</aside>", args, body.unwrap_or("")))
        }
    }

    #[test]
    fn calls_are_expanded_and_other_braces_left() {
        let text = "a {{ note(x=1, s=\"hi\") }} b {{ not a call }} {% note() %}in{% end %}";
        let ex = expand(text, &[], &Echo, None, &|s, _| s.to_uppercase());
        assert!(ex.errors.is_empty());
        let html = ex.restore(&ex.text);
        assert!(html.contains("<aside>[(\"x\", Int(1)), (\"s\", Str(\"hi\"))]|</aside>"));
        assert!(html.contains("{{ not a call }}"));
        assert!(html.contains("|IN</aside>"));
    }

    #[test]
    fn unknown_shortcode_is_reported_with_a_hint() {
        let ex = expand("{{ nots(x=1) }}", &[], &Echo, None, &|s, _| s.to_string());
        assert_eq!(ex.errors.len(), 1);
        assert!(ex.errors[0].help.contains("did you mean `note`"));
    }

    #[test]
    fn offsets_map_back_through_placeholders() {
        let text = "{{ note() }} tail";
        let ex = expand(text, &[], &Echo, None, &|s, _| s.to_string());
        let tail_new = ex.text.find("tail").unwrap();
        assert_eq!(ex.original_offset(tail_new), text.find("tail").unwrap());
    }
}
