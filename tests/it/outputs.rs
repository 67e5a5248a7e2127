//! The files beside the pages: 404.html, sitemap.xml, robots.txt, the Atom and RSS feeds, and
//! the `outputs:` switches of site.yaml that turn them off.

use crate::util::{Site, count, fixture, pos, read, tree_names};

fn built() -> Site {
    let site = fixture("basic");
    site.build_ok(&[]);
    site
}

/// Every published page of the basic fixture, as a path below the base URL.
const PAGES: &[&str] = &[
    "blog/hello/",
    "blog/second/",
    "blog/third/",
    "blog/custom-fourth/",
    "blog/fifth/",
    "guides/first/",
    "guides/second/",
    "guides/third/",
    "guides/bundle-page/",
    "guides/advanced/alpha/",
    "guides/advanced/mid/",
    "guides/advanced/zeta/",
    "docs/features/",
    "docs/special/",
    "field-notes/visit/",
];

#[test]
fn not_found_page_uses_the_theme_template() {
    let site = built();
    let html = read(&site.out().join("404.html"));
    assert!(html.contains("data-template=\"404\""), "{html}");
    assert!(html.contains("<h1>Page not found</h1>"), "{html}");
    assert!(html.contains("<a href=\"/\">Back to the home page</a>"), "{html}");
}

#[test]
fn not_found_page_is_written_without_a_theme_template() {
    let site = fixture("minimal");
    site.build_ok(&[]);
    let html = read(&site.out().join("404.html"));
    assert!(html.contains("Page not found"), "{html}");
}

#[test]
fn sitemap_lists_every_page_permalink() {
    let site = built();
    let xml = read(&site.out().join("sitemap.xml"));
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), "{xml}");
    for page in PAGES {
        let loc = format!("<loc>https://example.com/{page}</loc>");
        assert!(xml.contains(&loc), "{loc} missing:\n{xml}");
    }
    assert!(xml.contains("<loc>https://example.com/</loc>"), "the home is listed:\n{xml}");
    assert!(xml.contains("<loc>https://example.com/tags/news/</loc>"), "terms are listed:\n{xml}");
    assert_eq!(count(&xml, "<url>"), count(&xml, "</url>"), "{xml}");
    assert!(xml.contains("<lastmod>2024-05-01</lastmod>"), "dated pages have lastmod:\n{xml}");
    assert!(xml.trim_end().ends_with("</urlset>"), "{xml}");
}

#[test]
fn robots_txt_points_to_the_sitemap() {
    let site = built();
    let robots = read(&site.out().join("robots.txt"));
    assert!(robots.lines().any(|l| l == "Sitemap: https://example.com/sitemap.xml"), "{robots}");
    assert!(robots.contains("User-agent: *"), "{robots}");
}

#[test]
fn atom_feed_holds_the_newest_pages_newest_first() {
    let site = built();
    let xml = read(&site.out().join("atom.xml"));
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""), "{xml}");
    assert!(xml.trim_end().ends_with("</feed>"), "{xml}");
    assert_eq!(count(&xml, "<entry>"), 3, "feed.limit is 3 in the fixture:\n{xml}");
    assert_eq!(count(&xml, "<entry>"), count(&xml, "</entry>"), "{xml}");
    let fifth = pos(&xml, "href=\"https://example.com/blog/fifth/\"");
    let fourth = pos(&xml, "href=\"https://example.com/blog/custom-fourth/\"");
    let third = pos(&xml, "href=\"https://example.com/blog/third/\"");
    assert!(fifth < fourth && fourth < third, "newest first:\n{xml}");
    assert!(!xml.contains("blog/second/"), "older pages are past the limit:\n{xml}");
    assert!(xml.contains("<title>Basic &amp; Co</title>"), "{xml}");
}

#[test]
fn rss_feed_holds_the_newest_pages_newest_first() {
    let site = built();
    let xml = read(&site.out().join("rss.xml"));
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<rss version=\"2.0\""), "{xml}");
    assert!(xml.trim_end().ends_with("</rss>"), "{xml}");
    assert_eq!(count(&xml, "<item>"), 3, "{xml}");
    assert_eq!(count(&xml, "<item>"), count(&xml, "</item>"), "{xml}");
    let fifth = pos(&xml, "<link>https://example.com/blog/fifth/</link>");
    let fourth = pos(&xml, "<link>https://example.com/blog/custom-fourth/</link>");
    let third = pos(&xml, "<link>https://example.com/blog/third/</link>");
    assert!(fifth < fourth && fourth < third, "newest first:\n{xml}");
    assert!(xml.contains("<pubDate>Wed, 1 May 2024 00:00:00 +0000</pubDate>"), "RFC 2822 dates:\n{xml}");
}

#[test]
fn outputs_switches_turn_feeds_sitemap_and_robots_off() {
    let site = fixture("basic");
    site.append("site.yaml", "outputs:\n  sitemap: false\n  robots: false\n  feeds: false\n");
    site.build_ok(&[]);
    let names = tree_names(&site.out());
    for off in ["sitemap.xml", "robots.txt", "atom.xml", "rss.xml"] {
        assert!(!names.iter().any(|n| n == off), "{off} should not be written: {names:?}");
    }
    assert!(names.iter().any(|n| n == "404.html"), "404.html is always written");
    assert!(names.iter().any(|n| n == "blog/hello/index.html"));
}

#[test]
fn robots_txt_without_a_sitemap_has_no_sitemap_line() {
    let site = fixture("basic");
    site.append("site.yaml", "outputs:\n  sitemap: false\n");
    site.build_ok(&[]);
    assert!(!site.out().join("sitemap.xml").exists());
    let robots = read(&site.out().join("robots.txt"));
    assert!(!robots.contains("Sitemap:"), "robots.txt must not point to a sitemap that is not written:\n{robots}");
    assert!(site.out().join("atom.xml").is_file(), "other outputs stay on");
}
