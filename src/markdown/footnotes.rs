//! Footnotes with ids of their own. pulldown-cmark names a footnote's definition by its label
//! (`id="1"`), which a heading or another page's anchor can take; here a definition is
//! `fn-N` and its references `fnref-N`, `fnref-N-2`, ... (N is the footnote's number, in order of
//! first use), each made unique against the page's heading ids, and every definition links back
//! to each of its references, as Zola writes them.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::render::UsedIds;

/// One footnote: its number, its definition's id and its references' ids.
struct Note {
    number: usize,
    id: String,
    refs: Vec<String>,
}

/// Replaces the footnote events of `events` by HTML with unique ids and back-links. Heading ids
/// are already in `used`, so a heading keeps its id and a footnote takes the next free one.
pub(super) fn rewrite(events: &mut [Event], used: &mut UsedIds) {
    let mut notes: HashMap<String, Note> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut note = |label: &str, notes: &mut HashMap<String, Note>| {
        if !notes.contains_key(label) {
            order.push(label.to_string());
            notes.insert(label.to_string(), Note { number: order.len(), id: String::new(), refs: Vec::new() });
        }
    };
    // References first, in order, so their ids count up through the page.
    for event in events.iter() {
        match event {
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => note(label, &mut notes),
            _ => {}
        }
    }
    for label in &order {
        let n = &notes[label].number;
        let id = super::render::unique_id(used, format!("fn-{n}"));
        notes.get_mut(label).expect("noted above").id = id;
    }
    for event in events.iter_mut() {
        if let Event::FootnoteReference(label) = event {
            let Note { number, id, refs } = notes.get_mut(label.as_ref()).expect("noted above");
            let wanted =
                if refs.is_empty() { format!("fnref-{number}") } else { format!("fnref-{number}-{}", refs.len() + 1) };
            let ref_id = super::render::unique_id(used, wanted);
            let html =
                format!("<sup class=\"footnote-reference\" id=\"{ref_id}\"><a href=\"#{id}\">{number}</a></sup>");
            refs.push(ref_id);
            *event = Event::InlineHtml(CowStr::from(html));
        }
    }
    // Then definitions, which know every reference's id wherever they stand.
    let mut current: Option<&Note> = None;
    for i in 0..events.len() {
        let html = match &events[i] {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let note = &notes[label.as_ref()];
                current = Some(note);
                let (id, n) = (&note.id, note.number);
                format!(
                    "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{n}</sup>"
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let links = current.take().map(back_links).unwrap_or_default();
                match events[i - 1] {
                    // Inside the last paragraph, as Zola and GitHub place them.
                    Event::End(TagEnd::Paragraph) if !links.is_empty() => {
                        events[i - 1] = Event::Html(CowStr::from(format!(" {links}</p>\n")));
                        "</div>\n".to_string()
                    }
                    _ => format!("{links}</div>\n"),
                }
            }
            _ => continue,
        };
        events[i] = Event::Html(CowStr::from(html));
    }
}

/// `↩` links to each reference of `note`, the second and later ones numbered.
fn back_links(note: &Note) -> String {
    let n = note.number;
    let links: Vec<String> = note
        .refs
        .iter()
        .enumerate()
        .map(|(k, id)| match k {
            0 => format!("<a href=\"#{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {n}\">↩</a>"),
            _ => {
                let k = k + 1;
                format!(
                    "<a href=\"#{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {n} ({k})\">↩<sup>{k}</sup></a>"
                )
            }
        })
        .collect();
    links.join(" ")
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Context, render};

    #[test]
    fn a_definition_before_its_reference_still_links_back() {
        let links = crate::markdown::Links::default();
        let ctx = Context {
            base_path: "/",
            links: &links,
            shortcodes: None,
            heading_anchors: Default::default(),
            highlight: false,
            images: None,
            lang: None,
        };
        let r = render("[^x]: Early.\n\n- item\n\nText[^x].\n\n[^unused]: Never cited.\n", &ctx);
        assert!(r.html.starts_with("<div class=\"footnote-definition\" id=\"fn-1\">"), "{}", &*r.html);
        assert!(r.html.contains("Early. <a href=\"#fnref-1\" class=\"footnote-backref\""), "{}", &*r.html);
        assert!(r.html.contains("id=\"fnref-1\"><a href=\"#fn-1\">1</a>"), "{}", &*r.html);
        assert!(r.html.contains("id=\"fn-2\"><sup class=\"footnote-definition-label\">2</sup>"), "{}", &*r.html);
        assert!(r.html.contains("<p>Never cited.</p>\n</div>"), "no back-link without a reference: {}", &*r.html);
    }
}
