//! Drafts and pages dated in the future: left out unless `--drafts`, everywhere a page can
//! appear (its own file, listings, pagers, terms, sitemap, feeds).

use crate::util::{fixture, html_files, items_between, read};

#[test]
fn drafts_and_future_pages_are_left_out_without_the_flag() {
    let site = fixture("basic");
    let out = site.build_ok(&[]);
    assert!(!out.join("blog/draft-post").exists(), "a draft is not written");
    assert!(!out.join("blog/future-post").exists(), "a future page is not written");
    assert!(!out.join("tags/secret").exists(), "a term used only by a draft has no page");
    assert!(!out.join("tags/someday").exists(), "a term used only by a future page has no page");
    assert!(!out.join("blog/page/4").exists(), "drafts do not count towards pagination");
    for rel in html_files(&out) {
        let html = read(&out.join(&rel));
        for hidden in ["draft-post", "future-post", "Draft post", "Future post"] {
            assert!(!html.contains(hidden), "{rel} mentions {hidden}:\n{html}");
        }
    }
    for rel in ["sitemap.xml", "atom.xml", "rss.xml"] {
        let xml = read(&out.join(rel));
        assert!(!xml.contains("draft-post") && !xml.contains("future-post"), "{rel}:\n{xml}");
    }
}

#[test]
fn drafts_flag_includes_drafts_and_future_pages() {
    let site = fixture("basic");
    let out = site.build_ok(&["--drafts"]);
    assert!(read(&out.join("blog/draft-post/index.html")).contains("<h1>Draft post</h1>"));
    assert!(read(&out.join("blog/future-post/index.html")).contains("<h1>Future post</h1>"));
    let first = items_between(&read(&out.join("blog/index.html")), "<ol class=\"pages\">", "</ol>");
    assert_eq!(first, ["/blog/future-post/", "/blog/draft-post/"], "newest first, drafts included");
    assert!(out.join("blog/page/4/index.html").is_file(), "7 pages by 2 make 4 pagers");
    assert!(out.join("tags/secret/index.html").is_file());
    assert!(out.join("tags/someday/index.html").is_file());
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("https://example.com/blog/draft-post/"), "{sitemap}");
}

#[test]
fn pages_under_a_draft_section_are_left_out() {
    let site = fixture("basic");
    site.write("content/guides/advanced/_index.md", "---\ntitle: \"Advanced guides\"\ndraft: true\n---\n");
    let out = site.build_ok(&[]);
    assert!(!out.join("guides/advanced").exists(), "a draft section and its pages are not written");
    let guides = read(&out.join("guides/index.html"));
    assert!(!guides.contains("/guides/advanced/"), "{guides}");
    let out = site.build_ok(&["--drafts"]);
    assert!(out.join("guides/advanced/alpha/index.html").is_file());
}
