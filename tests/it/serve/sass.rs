//! `serve` and Sass: saving a partial compiles again the stylesheet that imports it, and a
//! fingerprinted stylesheet's new name reaches the pages, which reload.

use super::harness::serve;
use super::page_has;
use crate::util::{fixture, read};

/// The `href` of the page's stylesheet link.
fn stylesheet(html: &str) -> String {
    let at = html.find("rel=\"stylesheet\" href=\"").expect("a stylesheet link") + "rel=\"stylesheet\" href=\"".len();
    html[at..].split('"').next().unwrap_or_default().to_string()
}

#[test]
fn a_saved_partial_recompiles_its_stylesheet_under_a_new_fingerprint() {
    let site = fixture("serve");
    let config = read(&site.root.join("site.yaml"));
    site.write("site.yaml", &format!("{config}fingerprint: [\"site.css\"]\n"));
    site.write("sass/_colours.scss", "$accent: #c00;\n");
    site.write("sass/site.scss", "@use \"colours\";\nbody { color: colours.$accent; }\n");
    let base = read(&site.root.join("templates/base.html"));
    site.write(
        "templates/base.html",
        &base.replace("get_url(path='style.css')", "get_url(path='site.css', cachebust=true)"),
    );
    let served = serve(&site, &[]);
    let first = stylesheet(&page_has(&served, "/", "rel=\"stylesheet\"").text());
    assert!(first.starts_with("/site.") && first.ends_with(".css"), "{first}");
    assert_eq!(served.get(&first).text(), "body{color:#c00}");

    site.write("sass/_colours.scss", "$accent: teal;\n");
    let home = served.wait_page("a new stylesheet name on the home page", "/", |r| stylesheet(&r.text()) != first);
    let second = stylesheet(&home.text());
    assert_eq!(served.get(&second).text(), "body{color:teal}");
    assert_eq!(served.get(&first).status, 404, "the old name is gone");
    served.assert_matches_build(&site);
}
