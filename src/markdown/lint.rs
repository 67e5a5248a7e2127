//! Accessibility and structure lints on one Markdown body, for `ltc-hub check`: images
//! without alt text, links without text, skipped heading levels, and explicit heading ids used
//! twice. A separate pass from rendering, so `build` pays nothing for it.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::render::{RenderError, options};

/// A lint finding: rule id, span in the text, message, help.
#[derive(Debug, Clone)]
pub struct Lint {
    pub rule: &'static str,
    pub error: RenderError,
}

fn lint(rule: &'static str, span: Range<usize>, message: String, help: &str) -> Lint {
    Lint { rule, error: RenderError { span, message, help: help.to_string() } }
}

/// Lints `text`; `top_level` is the heading level the template gives the title (1).
pub fn lint_markdown(text: &str) -> Vec<Lint> {
    let mut out = Vec::new();
    let mut last_level: u32 = 1;
    let mut ids: HashMap<String, Range<usize>> = HashMap::new();
    // (start span, text seen, is image)
    let mut open: Vec<(Range<usize>, String, bool)> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = level as u32;
                if level > last_level + 1 {
                    out.push(lint(
                        "heading-skipped",
                        range.clone(),
                        format!("this heading is level {level}, but the one before it is level {last_level}"),
                        "screen reader users navigate by heading level; use one more `#` than the heading above (the page title is level 1)",
                    ));
                }
                last_level = level;
                if let Some(id) = id {
                    if ids.contains_key(id.as_ref()) {
                        out.push(lint(
                            "duplicate-id",
                            range.clone(),
                            format!("the heading id `{id}` is used twice on this page"),
                            "give each heading a different {#id}",
                        ));
                    }
                    ids.insert(id.to_string(), range.clone());
                }
            }
            Event::Start(Tag::Link { .. }) => open.push((range.clone(), String::new(), false)),
            Event::Start(Tag::Image { .. }) => open.push((range.clone(), String::new(), true)),
            Event::Text(t) | Event::Code(t) => {
                for item in open.iter_mut() {
                    item.1.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((span, alt, _)) = open.pop() {
                    if alt.trim().is_empty() {
                        out.push(lint(
                            "image-alt",
                            span,
                            "this image has no alt text".into(),
                            "describe the image for people who cannot see it: ![A librarian leading a World Café](photo.jpg)",
                        ));
                    }
                    // The image's alt text counts as text of a link around it.
                    if let Some(parent) = open.last_mut() {
                        parent.1.push_str(&alt);
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((span, label, _)) = open.pop() {
                    if label.trim().is_empty() {
                        out.push(lint(
                            "link-text",
                            span,
                            "this link has no text".into(),
                            "write what the link leads to between the brackets: [the 90-day plan](@/turning-outward/90-day-plan.md)",
                        ));
                    }
                    if let Some(parent) = open.last_mut() {
                        parent.1.push_str(&label);
                    }
                }
            }
            _ => {}
        }
    }
    // A heading's range includes its line break; the finding ends on the heading's own line.
    for l in &mut out {
        let span = &mut l.error.span;
        while span.end > span.start && matches!(text.as_bytes()[span.end - 1], b'\n' | b'\r') {
            span.end -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<&'static str> {
        lint_markdown(text).iter().map(|l| l.rule).collect()
    }

    #[test]
    fn finds_missing_alt_empty_links_and_skipped_levels() {
        assert_eq!(rules("![](a.png)"), ["image-alt"]);
        assert_eq!(rules("[](x)"), ["link-text"]);
        assert!(rules("[![logo](a.png)](x)").is_empty());
        assert_eq!(rules("## A\n\n#### B\n"), ["heading-skipped"]);
        assert!(rules("## A\n\n### B\n\n## C\n").is_empty());
        assert_eq!(rules("## A {#x}\n\n## B {#x}\n"), ["duplicate-id"]);
    }
}
