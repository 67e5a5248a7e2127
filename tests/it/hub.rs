//! The real LTC Resource Hub in this repository: it builds, and every internal link in it
//! leads to a file of the output.

use std::path::Path;

use crate::util::{REPO, html_files, internal_target, links, path_str, read, run, served_file};

/// `base_url` of the repository's site.yaml, with a trailing slash.
fn hub_base_url() -> String {
    let config: serde_yaml::Value =
        serde_yaml::from_str(&read(&Path::new(REPO).join("site.yaml"))).expect("site.yaml parses");
    let url = config["base_url"].as_str().expect("site.yaml has a base_url").to_string();
    if url.ends_with('/') { url } else { format!("{url}/") }
}

#[test]
fn hub_builds_and_every_internal_link_resolves() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("out");
    let result = run(&["build", "--root", REPO, "--output", path_str(&out)], tmp.path());
    result.assert_success();
    assert!(out.join("index.html").is_file());
    assert!(out.join("404.html").is_file());

    let base_url = hub_base_url();
    let after_scheme = base_url.split("://").nth(1).unwrap_or_default();
    let base_path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let pages = html_files(&out);
    assert!(pages.len() > 10, "the hub has more than a handful of pages: {pages:?}");
    let mut checked = 0;
    let mut broken = Vec::new();
    for rel in &pages {
        let html = read(&out.join(rel));
        for url in links(&html) {
            let Some(target) = internal_target(&url, rel, &base_url, base_path) else { continue };
            checked += 1;
            if served_file(&out, &target).is_none() {
                broken.push(format!("{rel}: {url}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} internal links found");
    assert!(broken.is_empty(), "internal links that lead nowhere:\n{}", broken.join("\n"));
}
