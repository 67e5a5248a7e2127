//! A page's HTML shown somewhere else: its summary on a listing, or in a feed. Relative links
//! and images (`![pic](pic.png)` in a bundle) point at the page's folder only on the page
//! itself, so here they are resolved against the page's URL (root-relative, with the base
//! path); for feeds, which readers show anywhere, every root-relative URL is then made
//! absolute. `href`, `src` and `srcset` are rewritten, with lol_html (as a browser parses).

use std::borrow::Cow;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// `html` with its relative URLs resolved against the folder URL `base` (`/ltc/blog/post/`)
/// and, when `origin` is given (`https://example.org`), root-relative URLs made absolute.
pub(crate) fn rebase<'a>(html: &'a str, base: &str, origin: Option<&str>) -> Cow<'a, str> {
    if !html.contains("href=") && !html.contains("src") {
        return Cow::Borrowed(html);
    }
    let fix = |url: &str| -> Option<String> {
        let resolved = crate::url::resolve(base, url.trim());
        match origin {
            Some(o) => {
                let root_relative = resolved.as_deref().unwrap_or(url.trim());
                (root_relative.starts_with('/') && !root_relative.starts_with("//"))
                    .then(|| format!("{o}{root_relative}"))
            }
            None => resolved,
        }
    };
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("[href], [src], [srcset]", |el| {
            for name in ["href", "src"] {
                if let Some(new) = el.get_attribute(name).and_then(|v| fix(&v)) {
                    el.set_attribute(name, &new)?;
                }
            }
            if let Some(set) = el.get_attribute("srcset") {
                let new: Vec<String> = set
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        let (url, descriptor) = candidate.split_once(char::is_whitespace).unwrap_or((candidate, ""));
                        let url = fix(url).unwrap_or_else(|| url.to_string());
                        if descriptor.is_empty() { url } else { format!("{url} {}", descriptor.trim()) }
                    })
                    .collect();
                el.set_attribute("srcset", &new.join(", "))?;
            }
            Ok(())
        }));
    match rewrite_str(html, settings) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(html),
    }
}

/// `https://example.org` for the base URL `https://example.org/ltc/`.
pub(crate) fn origin(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    base_url[after_scheme..].find('/').map_or(base_url, |i| &base_url[..after_scheme + i])
}

#[cfg(test)]
mod tests {
    use super::{origin, rebase};

    #[test]
    fn summaries_get_root_relative_urls_and_feeds_absolute_ones() {
        let html = r##"<p><img src="pic.png" alt="a" srcset="pic.png 1x, big/pic.png 2x"> <a href="#fn-1">1</a> <a href="/ltc/x/">x</a> <a href="https://e.org/">e</a></p>"##;
        let listed = rebase(html, "/ltc/blog/post/", None);
        assert!(listed.contains(r#"src="/ltc/blog/post/pic.png""#), "{listed}");
        assert!(listed.contains(r#"srcset="/ltc/blog/post/pic.png 1x, /ltc/blog/post/big/pic.png 2x""#), "{listed}");
        assert!(listed.contains(r##"href="/ltc/blog/post/#fn-1""##), "{listed}");
        assert!(listed.contains(r#"href="/ltc/x/""#) && listed.contains(r#"href="https://e.org/""#), "{listed}");
        let fed = rebase(html, "/ltc/blog/post/", Some("https://h.org"));
        assert!(fed.contains(r#"src="https://h.org/ltc/blog/post/pic.png""#), "{fed}");
        assert!(fed.contains(r#"href="https://h.org/ltc/x/""#) && fed.contains(r#"href="https://e.org/""#), "{fed}");
        assert_eq!(rebase("<p>plain</p>", "/", None), "<p>plain</p>");
    }

    #[test]
    fn origin_is_scheme_and_host() {
        assert_eq!(origin("https://example.org/ltc/"), "https://example.org");
        assert_eq!(origin("http://127.0.0.1:1111/"), "http://127.0.0.1:1111");
    }
}
