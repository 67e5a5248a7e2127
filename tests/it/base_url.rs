//! Hosting under a sub-path: with `--base-url https://example.org/ltc/` every URL the site
//! writes must start with `/ltc/` (or the full base URL), and still lead to a file.

use crate::util::{Site, attr_values, fixture, html_files, internal_target, links, read, served_file};

const BASE: &str = "https://example.org/ltc/";

fn built_under_sub_path() -> Site {
    let site = fixture("basic");
    site.build_ok(&["--base-url", BASE]);
    site
}

#[test]
fn every_root_relative_url_starts_with_the_sub_path() {
    let site = built_under_sub_path();
    let out = site.out();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for rel in html_files(&out) {
        let html = read(&out.join(&rel));
        for url in links(&html) {
            if url.starts_with('/') && !url.starts_with("//") {
                checked += 1;
                if !url.starts_with("/ltc/") {
                    wrong.push(format!("{rel}: {url}"));
                }
            }
        }
    }
    assert!(checked > 100, "the fixture has many root-relative links; only {checked} found");
    assert!(wrong.is_empty(), "URLs without the /ltc/ sub-path:\n{}", wrong.join("\n"));
}

#[test]
fn every_internal_link_under_a_sub_path_leads_to_a_file() {
    let site = built_under_sub_path();
    let out = site.out();
    let mut broken = Vec::new();
    for rel in html_files(&out) {
        let html = read(&out.join(&rel));
        for url in links(&html) {
            let Some(target) = internal_target(&url, &rel, BASE, "/ltc/") else { continue };
            if served_file(&out, &target).is_none() {
                broken.push(format!("{rel}: {url}"));
            }
        }
    }
    assert!(broken.is_empty(), "links that lead nowhere:\n{}", broken.join("\n"));
}

#[test]
fn markdown_and_internal_links_gain_the_sub_path() {
    let site = built_under_sub_path();
    let first = read(&site.out().join("guides/first/index.html"));
    assert!(first.contains("<a href=\"/ltc/blog/\">root-relative link</a>"), "{first}");
    let features = read(&site.out().join("docs/features/index.html"));
    assert!(features.contains("<a href=\"/ltc/blog/third/#the-rest\">"), "{features}");
}

#[test]
fn alias_redirects_point_into_the_sub_path() {
    let site = built_under_sub_path();
    let html = read(&site.out().join("old/fourth/index.html"));
    assert!(html.contains("content=\"0; url=/ltc/blog/custom-fourth/\""), "{html}");
    assert!(html.contains("href=\"https://example.org/ltc/blog/custom-fourth/\""), "{html}");
}

#[test]
fn sitemap_feeds_and_robots_use_the_sub_path_base_url() {
    let site = built_under_sub_path();
    let out = site.out();
    let sitemap = read(&out.join("sitemap.xml"));
    let locs: Vec<&str> =
        sitemap.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap_or_default()).collect();
    assert!(locs.len() >= 15, "{sitemap}");
    for loc in &locs {
        assert!(loc.starts_with(BASE), "sitemap entry {loc} is not under {BASE}");
    }
    assert!(locs.contains(&"https://example.org/ltc/blog/hello/"), "{sitemap}");
    let robots = read(&out.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://example.org/ltc/sitemap.xml"), "{robots}");
    let atom = read(&out.join("atom.xml"));
    for href in attr_values(&atom, "href") {
        assert!(href.starts_with(BASE), "atom link {href} is not under {BASE}");
    }
    let rss = read(&out.join("rss.xml"));
    assert!(rss.contains("<link>https://example.org/ltc/blog/fifth/</link>"), "{rss}");
    assert!(!rss.contains("https://example.com/"), "the site.yaml base_url is overridden:\n{rss}");
}

#[test]
fn base_url_without_trailing_slash_is_treated_as_a_folder() {
    let site = fixture("basic");
    site.build_ok(&["--base-url", "https://example.org/ltc"]);
    let html = read(&site.out().join("blog/hello/index.html"));
    assert!(html.contains("href=\"/ltc/blog/\""), "{html}");
}
