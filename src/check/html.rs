//! Scanning one rendered HTML file for what `check` needs: element ids, link targets and
//! image sources. Uses lol_html's streaming parser, so script and style contents, comments and
//! attribute quoting are handled as a browser would.

use std::cell::RefCell;

use lol_html::{HtmlRewriter, Settings, element};

/// What one HTML file contains.
#[derive(Debug, Default, Clone)]
pub struct Scanned {
    pub ids: Vec<String>,
    /// `href` of `<a>` and `<link>`, `src` of `<img>` and `<script>`.
    pub targets: Vec<String>,
}

pub fn scan(html: &str) -> Scanned {
    let found = RefCell::new(Scanned::default());
    let settings = Settings::new()
        .append_element_content_handler(element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                found.borrow_mut().ids.push(id);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[name]", |el| {
            if let Some(name) = el.get_attribute("name") {
                found.borrow_mut().ids.push(name);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[href], link[href]", |el| {
            if let Some(href) = el.get_attribute("href") {
                found.borrow_mut().targets.push(href);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("img[src], script[src]", |el| {
            if let Some(src) = el.get_attribute("src") {
                found.borrow_mut().targets.push(src);
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // The parser only fails on memory limits we do not set; a partial scan is still useful.
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
    found.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_ids_and_targets_outside_scripts() {
        let s = scan(
            "<h2 id=a>x</h2><a href='/b/#c'>y</a><script>var s = '<a href=\"/no/\">';</script><img src=i.png alt=''>",
        );
        assert_eq!(s.ids, ["a"]);
        assert_eq!(s.targets, ["/b/#c", "i.png"]);
    }
}
