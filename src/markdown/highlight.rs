//! Fenced code blocks, highlighted at build time (`markdown: { highlight: true }`): syntect's
//! grammars turn each line into `<span class="z-…">` scopes, and `syntax.css` (made from a light
//! and a dark theme) colours them. The fence's info string carries the language and Zola's
//! annotations: ```` ```rust,linenos,linenostart=5,hl_lines=2-3 7,hide_lines=1 ````. Grammars and
//! themes load once per process, on first use. An unknown language is written as plain escaped
//! code (and `check` warns, [`unknown_languages`]). Nothing here panics on what a page says: a
//! grammar that fails on a line leaves the rest of the block plain.

use std::ops::RangeInclusive;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::lint::Lint;
use super::render::{RenderError, options};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Classes are the scope's atoms prefixed: `z-keyword z-control z-rust`, as Zola writes them.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// Languages that mean plain text: no highlighting, and no warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none"];

/// Other names people give languages that syntect knows by another.
const ALIASES: &[(&str, &str)] = &[("shell", "sh"), ("console", "sh"), ("jsonc", "json")];

/// A fence's info string, read: the language and the annotations.
#[derive(Debug, Default)]
struct Fence<'a> {
    language: Option<&'a str>,
    linenos: bool,
    start: usize,
    hl_lines: Vec<RangeInclusive<usize>>,
    hide_lines: Vec<RangeInclusive<usize>>,
    /// Whether anything but the language was given.
    annotated: bool,
}

fn fence(info: &str) -> Fence<'_> {
    let mut f = Fence { start: 1, ..Fence::default() };
    for (i, token) in info.split(',').map(str::trim).enumerate() {
        let (key, value) = token.split_once('=').map_or((token, None), |(k, v)| (k.trim(), Some(v.trim())));
        match (key, value) {
            ("", None) => continue,
            ("linenos", None) => f.linenos = true,
            ("linenostart", Some(v)) => f.start = v.parse().unwrap_or(1),
            ("hl_lines", Some(v)) => f.hl_lines.extend(ranges(v)),
            ("hide_lines", Some(v)) => f.hide_lines.extend(ranges(v)),
            (lang, None) if i == 0 => {
                f.language = Some(lang);
                continue;
            }
            _ => {}
        }
        f.annotated = true;
    }
    f
}

/// `2-3 7` (or `2-3;7`): lines 2 to 3 and line 7. Anything else is skipped.
fn ranges(value: &str) -> impl Iterator<Item = RangeInclusive<usize>> + '_ {
    value.split([' ', ';']).filter_map(|r| match r.split_once('-') {
        Some((a, b)) => {
            let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            Some(a.min(b)..=a.max(b))
        }
        None => r.trim().parse().ok().map(|n| n..=n),
    })
}

/// The grammar for a fence's language, if syntect has one (plain-text names have none).
fn syntax(language: &str) -> Option<&'static SyntaxReference> {
    let lower = language.to_ascii_lowercase();
    let name = ALIASES.iter().find(|(a, _)| *a == lower).map_or(lower.as_str(), |(_, to)| to);
    if PLAIN.contains(&name) {
        return None;
    }
    SYNTAXES.find_syntax_by_token(name)
}

/// Whether `language` is plain text or a language there is a grammar for.
fn known(language: &str) -> bool {
    PLAIN.contains(&language.to_ascii_lowercase().as_str()) || syntax(language).is_some()
}

/// The HTML of a code block whose fence says `info` (`""` for an indented block), or `None`
/// to leave it as pulldown-cmark writes it (`<pre><code class="language-X">`): highlighting
/// off and no annotations to honour.
pub(super) fn code_block(info: &str, code: &str, highlight: bool) -> Option<String> {
    let f = fence(info);
    if !highlight && !f.annotated {
        return None;
    }
    let mut html = String::with_capacity(code.len() * 3 + 120);
    open(&mut html, &f, highlight);
    let mut lines = Lines::new(f.language.filter(|_| highlight).and_then(syntax));
    // The grammars expect every line to end with its line break (pulldown-cmark's code does).
    let owned;
    let code = if code.is_empty() || code.ends_with('\n') {
        code
    } else {
        owned = format!("{code}\n");
        &owned
    };
    if f.linenos {
        html.push_str("<table><tbody>");
    }
    for (i, line) in code.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let shown = lines.next(line);
        if f.hide_lines.iter().any(|r| r.contains(&n)) {
            continue;
        }
        let marked = f.hl_lines.iter().any(|r| r.contains(&n));
        if f.linenos {
            html.push_str("<tr><td>");
            mark(&mut html, marked, &(f.start + i).to_string());
            html.push_str("</td><td>");
        }
        mark(&mut html, marked, &shown);
        if f.linenos {
            html.push_str("</td></tr>");
        }
    }
    if f.linenos {
        html.push_str("</tbody></table>");
    }
    html.push_str("</code></pre>\n");
    Some(html)
}

/// `<pre data-lang="rust" class="language-rust z-code"><code class="language-rust" data-lang="rust">`.
fn open(html: &mut String, f: &Fence, highlight: bool) {
    let mut lang = String::new();
    if let Some(l) = f.language {
        let _ = pulldown_cmark_escape::escape_html(&mut lang, l);
    }
    html.push_str("<pre");
    if f.linenos {
        html.push_str(" data-linenos");
    }
    let mut classes = Vec::new();
    if !lang.is_empty() {
        html.push_str(&format!(" data-lang=\"{lang}\""));
        classes.push(format!("language-{lang}"));
    }
    if highlight {
        classes.push("z-code".to_string());
    }
    if !classes.is_empty() {
        html.push_str(&format!(" class=\"{}\"", classes.join(" ")));
    }
    html.push_str("><code");
    if !lang.is_empty() {
        html.push_str(&format!(" class=\"language-{lang}\" data-lang=\"{lang}\""));
    }
    html.push('>');
}

fn mark(html: &mut String, marked: bool, inner: &str) {
    if marked {
        html.push_str("<mark>");
        html.push_str(inner);
        html.push_str("</mark>");
    } else {
        html.push_str(inner);
    }
}

/// One code block's lines, highlighted in order (a line's colours depend on the lines before).
/// Each line's HTML stands alone: the scopes still open at its start are opened again and all
/// are closed at its end, so a line can sit in a table cell or a `<mark>`.
struct Lines {
    parser: Option<(ParseState, ScopeStack)>,
}

impl Lines {
    fn new(syntax: Option<&SyntaxReference>) -> Lines {
        Lines { parser: syntax.map(|s| (ParseState::new(s), ScopeStack::new())) }
    }

    fn next(&mut self, line: &str) -> String {
        if let Some((state, stack)) = &mut self.parser {
            let mut html = String::with_capacity(line.len() * 4);
            for scope in stack.as_slice() {
                open_span(&mut html, *scope);
            }
            let classed = state
                .parse_line(line, &SYNTAXES)
                .ok()
                .and_then(|ops| line_tokens_to_classed_spans(line, &ops, STYLE, stack).ok());
            if let Some((spans, _)) = classed {
                html.push_str(&spans);
                html.push_str(&"</span>".repeat(stack.len()));
                return html;
            }
            self.parser = None; // the grammar failed here: the rest of the block is plain
        }
        let mut plain = String::with_capacity(line.len() + 16);
        let _ = pulldown_cmark_escape::escape_html(&mut plain, line);
        plain
    }
}

fn open_span(html: &mut String, scope: Scope) {
    html.push_str("<span class=\"");
    for (i, atom) in scope.build_string().split('.').enumerate() {
        if i > 0 {
            html.push(' ');
        }
        html.push_str("z-");
        html.push_str(atom);
    }
    html.push_str("\">");
}

/// Replaces each code block in `events` (start, text, end) with its HTML, in place: the number
/// of events stays the same, so indices kept into them (the summary's, the first paragraph's)
/// still hold.
pub(super) fn rewrite(events: &mut [Event], highlight: bool) {
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::CodeBlock(kind)) = &events[i] else {
            i += 1;
            continue;
        };
        let info = match kind {
            CodeBlockKind::Fenced(info) => info.clone(),
            CodeBlockKind::Indented => CowStr::Borrowed(""),
        };
        let end = (i + 1..events.len()).find(|&j| matches!(events[j], Event::End(TagEnd::CodeBlock)));
        let Some(end) = end else { return };
        if !highlight && !fence(&info).annotated {
            i = end + 1; // as pulldown-cmark writes it, without copying the code
            continue;
        }
        let code: String = events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if let Some(html) = code_block(&info, &code, highlight) {
            events[i] = Event::Html(CowStr::from(html));
            for e in &mut events[i + 1..=end] {
                *e = Event::Html(CowStr::Borrowed(""));
            }
        }
        i = end + 1;
    }
}

/// `syntax.css`: the light theme's colours for the `z-` classes, and the dark theme's inside
/// `@media (prefers-color-scheme: dark)`. Unknown theme names (site.yaml refuses them) give no
/// rules.
pub fn stylesheet(light: &str, dark: Option<&str>) -> String {
    let css = |name: &str| {
        THEMES.themes.get(name).and_then(|t| css_for_theme_with_class_style(t, STYLE).ok()).unwrap_or_default()
    };
    let mut out = String::from("/* Syntax highlighting for fenced code (ltc-hub, markdown.highlight). */\n");
    out.push_str(&css(light));
    if let Some(dark) = dark {
        out.push_str("\n@media (prefers-color-scheme: dark) {\n");
        for line in css(dark).lines() {
            if !line.is_empty() {
                out.push_str("  ");
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("}\n");
    }
    out
}

/// Code blocks whose language there is no grammar for (`unknown-language`), at the language
/// as written in the fence, with a did-you-mean.
pub fn unknown_languages(text: &str) -> Vec<Lint> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else { continue };
        let Some(lang) = fence(&info).language else { continue };
        if known(lang) {
            continue;
        }
        let line = &text[range.start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let fence_end = line.trim_start().trim_start_matches(['`', '~']).as_ptr() as usize - line.as_ptr() as usize;
        let at = line[fence_end..].find(lang).map_or(range.start, |i| range.start + fence_end + i);
        let hint = suggest(lang).map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let error = RenderError {
            span: at..at + lang.len(),
            message: format!("there is no highlighting for the language `{lang}`, so this code is shown plain"),
            help: format!("{hint}write a language the README lists, or `text` for plain code"),
        };
        out.push(Lint { rule: "unknown-language", error });
    }
    out
}

/// The language a misspelt `lang` most likely meant: fewest edits (a swap of two letters is
/// one), then the closest length (`rsut` is `rust`, not `rst`), then by name.
fn suggest(lang: &str) -> Option<String> {
    let lower = lang.to_ascii_lowercase();
    SYNTAXES
        .syntaxes()
        .iter()
        .flat_map(|s| s.file_extensions.iter().cloned().chain(std::iter::once(s.name.to_ascii_lowercase())))
        .filter(|n| !n.contains(' '))
        .map(|n| (strsim::osa_distance(&lower, &n), n.len().abs_diff(lower.len()), n))
        .filter(|(d, _, _)| *d <= 2 && *d < lower.len())
        .min()
        .map(|(_, _, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_configurable_theme_exists() {
        for name in crate::config::HIGHLIGHT_THEMES {
            assert!(THEMES.themes.contains_key(*name), "{name}");
        }
        assert_eq!(THEMES.themes.len(), crate::config::HIGHLIGHT_THEMES.len());
    }

    #[test]
    fn fence_reads_annotations_ranges_and_lists() {
        let f = fence("rust, linenos, linenostart=5, hl_lines=2-3 7, hide_lines=1");
        assert_eq!(f.language, Some("rust"));
        assert!(f.linenos && f.annotated);
        assert_eq!(f.start, 5);
        assert_eq!(f.hl_lines, vec![2..=3, 7..=7]);
        assert_eq!(f.hide_lines, vec![1..=1]);
        assert!(!fence("rust").annotated);
        assert_eq!(fence("").language, None);
        assert_eq!(ranges("4-2 x 9").collect::<Vec<_>>(), vec![2..=4, 9..=9]);
    }

    #[test]
    fn lines_stand_alone_and_escape() {
        let html = code_block("rust", "fn main() {\n    let s = \"<b>\";\n}\n", true).unwrap();
        assert!(html.starts_with("<pre data-lang=\"rust\" class=\"language-rust z-code\"><code class=\"language-rust\" data-lang=\"rust\"><span class=\"z-source z-rust\">"), "{html}");
        assert!(html.contains("&lt;b&gt;") && !html.contains("<b>"), "{html}");
        assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
        assert!(html.ends_with("</code></pre>\n"));
    }

    #[test]
    fn off_without_annotations_leaves_the_block_alone() {
        assert!(code_block("rust", "x\n", false).is_none());
        let plain = code_block("rust,linenos", "a < b\n", false).unwrap();
        assert!(plain.contains("<td>1</td><td>a &lt; b\n</td>") && !plain.contains("z-code"), "{plain}");
    }

    #[test]
    fn unknown_language_points_at_its_name_with_a_hint() {
        let text = "Intro\n\n```rsut,linenos\nx\n```\n\n```text\ny\n```\n";
        let lints = unknown_languages(text);
        assert_eq!(lints.len(), 1);
        assert_eq!(&text[lints[0].error.span.clone()], "rsut");
        assert!(lints[0].error.help.contains("did you mean `rust`?"), "{}", lints[0].error.help);
    }
}
