//! Listings: sort orders, pagination, taxonomy and term pages.

use crate::util::{Site, fixture, hrefs_between, items_between, read};

fn built() -> Site {
    let site = fixture("basic");
    site.build_ok(&[]);
    site
}

fn listed(site: &Site, rel: &str) -> Vec<String> {
    items_between(&read(&site.out().join(rel)), "<ol class=\"pages\">", "</ol>")
}

#[test]
fn section_sorted_by_weight_lists_lightest_first() {
    let site = built();
    assert_eq!(
        listed(&site, "guides/index.html"),
        ["/guides/second/", "/guides/first/", "/guides/third/", "/guides/bundle-page/"]
    );
}

#[test]
fn section_sorted_by_title_lists_alphabetically() {
    let site = built();
    assert_eq!(
        listed(&site, "guides/advanced/index.html"),
        ["/guides/advanced/alpha/", "/guides/advanced/mid/", "/guides/advanced/zeta/"]
    );
}

#[test]
fn section_sorted_by_date_lists_newest_first_across_pagers() {
    let site = built();
    let mut all = listed(&site, "blog/index.html");
    all.extend(listed(&site, "blog/page/2/index.html"));
    all.extend(listed(&site, "blog/page/3/index.html"));
    assert_eq!(all, ["/blog/fifth/", "/blog/custom-fourth/", "/blog/third/", "/blog/second/", "/blog/hello/"]);
}

#[test]
fn paginated_section_writes_numbered_pagers() {
    let site = built();
    let out = site.out();
    assert_eq!(listed(&site, "blog/index.html").len(), 2);
    assert_eq!(listed(&site, "blog/page/2/index.html").len(), 2);
    assert_eq!(listed(&site, "blog/page/3/index.html").len(), 1);
    assert!(!out.join("blog/page/4").exists(), "5 pages by 2 make 3 pagers");
    let middle = read(&out.join("blog/page/2/index.html"));
    assert!(middle.contains("Page 2 of 3"), "{middle}");
    assert!(middle.contains("<a rel=\"prev\" href=\"/blog/\">"), "the first pager is the section's own URL:\n{middle}");
    assert!(middle.contains("<a rel=\"next\" href=\"/blog/page/3/\">"), "{middle}");
    let last = read(&out.join("blog/page/3/index.html"));
    assert!(!last.contains("rel=\"next\""), "{last}");
}

#[test]
fn unpaginated_section_lists_every_page_on_one_pager() {
    let site = built();
    let guides = read(&site.out().join("guides/index.html"));
    assert!(guides.contains("Page 1 of 1"), "{guides}");
    assert!(!site.out().join("guides/page").exists());
}

#[test]
fn taxonomy_page_lists_terms_with_counts() {
    let site = built();
    let tags = read(&site.out().join("tags/index.html"));
    assert_eq!(
        hrefs_between(&tags, "<ul class=\"terms\">", "</ul>"),
        ["/tags/intro/", "/tags/news/", "/tags/reference/", "/tags/updates/"],
        "terms are sorted by name"
    );
    for wanted in [">intro</a> (1)", ">news</a> (4)", ">reference</a> (1)", ">updates</a> (2)"] {
        assert!(tags.contains(wanted), "{wanted:?} missing:\n{tags}");
    }
}

#[test]
fn term_page_lists_its_pages_newest_first() {
    let site = built();
    assert_eq!(
        listed(&site, "tags/news/index.html"),
        ["/blog/fifth/", "/blog/custom-fourth/", "/blog/second/", "/blog/hello/"]
    );
    let news = read(&site.out().join("tags/news/index.html"));
    assert!(news.contains("<h1>news</h1>"), "{news}");
}

#[test]
fn taxonomy_title_and_name_come_from_site_yaml() {
    let site = built();
    let index = read(&site.out().join("library_type/index.html"));
    assert!(index.contains("<h1>Library type</h1>"), "{index}");
    assert_eq!(listed(&site, "library_type/small-rural/index.html"), ["/blog/fifth/"]);
}

#[test]
fn pages_link_to_their_terms_in_front_matter_order() {
    let site = built();
    let html = read(&site.out().join("blog/custom-fourth/index.html"));
    assert_eq!(
        hrefs_between(&html, "<p class=\"terms\" data-taxonomy=\"tags\">", "</p>"),
        ["/tags/news/", "/tags/updates/"]
    );
    let fifth = read(&site.out().join("blog/fifth/index.html"));
    assert_eq!(
        hrefs_between(&fifth, "<p class=\"terms\" data-taxonomy=\"library_type\">", "</p>"),
        ["/library_type/small-rural/"]
    );
}
