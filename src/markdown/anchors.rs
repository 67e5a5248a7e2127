//! Heading anchor links (`markdown: { heading_anchors: before|after }` in site.yaml): a link to
//! the heading's own id beside its text, so a reader can copy a link to the section.

pub use crate::config::HeadingAnchors;

/// The anchor link of a heading with `id` and plain text `title`, with the space that separates
/// it from the text on the side `at` says.
pub(super) fn link(at: HeadingAnchors, id: &str, title: &str) -> String {
    let mut a = String::with_capacity(80 + id.len() * 2 + title.len());
    if at == HeadingAnchors::After {
        a.push(' ');
    }
    a.push_str("<a class=\"anchor\" href=\"#");
    // Ids come from slugs or `{#id}`; escaped all the same, as pulldown-cmark escapes them.
    let _ = pulldown_cmark_escape::escape_href(&mut a, id);
    a.push_str("\" aria-label=\"Link to this section: ");
    let _ = pulldown_cmark_escape::escape_html(&mut a, title);
    a.push_str("\">#</a>");
    if at == HeadingAnchors::Before {
        a.push(' ');
    }
    a
}
