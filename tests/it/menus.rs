//! Menus and related pages (issue 13, point 5): `menus:` in site.yaml with `@/` targets checked,
//! `current` and `active` marks per output, and `page.related` ranked by shared terms.

use crate::util::*;

const MENU: &str = "menus:\n  main:\n    - { name: \"Home\", page: \"@/_index.md\", weight: 1 }\n    - name: \"Blog\"\n      page: \"@/blog/_index.md\"\n      weight: 2\n      children:\n        - { name: \"Hello\", page: \"@/blog/hello.md\" }\n        - { name: \"Elsewhere\", url: \"https://example.com/\" }\n    - { name: \"About\", url: \"/about/\" }\n";

const NAV: &str = "{% for e in menus.main %}<a href=\"{{ e.url }}\"{% if e.current %} aria-current=\"page\"{% elif e.active %} aria-current=\"true\"{% endif %}>{{ e.name }}</a>{% for c in e.children %}<i href=\"{{ c.url }}\"{% if c.current %} aria-current=\"page\"{% endif %}>{{ c.name }}</i>{% endfor %}{% endfor %}";

#[test]
fn menus_mark_the_current_page_and_its_ancestors() {
    let site = fixture("minimal");
    site.append("site.yaml", MENU);
    for t in ["index.html", "section.html", "page.html"] {
        site.write(&format!("templates/{t}"), NAV);
    }
    let out = site.build_ok(&["--base-url", "https://example.org/sub/"]);
    let hello = read(&out.join("blog/hello/index.html"));
    assert_eq!(
        hello,
        "<a href=\"/sub/\">Home</a><a href=\"/sub/blog/\" aria-current=\"true\">Blog</a><i href=\"/sub/blog/hello/\" aria-current=\"page\">Hello</i><i href=\"https://example.com/\">Elsewhere</i><a href=\"/sub/about/\">About</a>"
    );
    let blog = read(&out.join("blog/index.html"));
    assert!(blog.contains("<a href=\"/sub/blog/\" aria-current=\"page\">Blog</a>"), "{blog}");
    assert!(blog.contains("<a href=\"/sub/\">Home</a>"), "the home entry is no ancestor of every page: {blog}");
    let home = read(&out.join("index.html"));
    assert!(home.contains("<a href=\"/sub/\" aria-current=\"page\">Home</a><a href=\"/sub/blog/\">Blog</a>"), "{home}");
}

#[test]
fn a_menu_entry_to_a_missing_page_is_an_error_with_did_you_mean() {
    let site = fixture("minimal");
    site.append("site.yaml", "menus:\n  main:\n    - { name: \"Hello\", page: \"@/blog/helo.md\" }\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "site.yaml:7:",
        "the entry `Hello` of the menu `main` links to `@/blog/helo.md`",
        "did you mean `@/blog/hello.md`?",
    ]);
}

#[test]
fn a_misspelt_menu_key_is_an_error() {
    let site = fixture("minimal");
    site.append("site.yaml", "menus:\n  main:\n    - { name: \"Hello\", pgae: \"@/blog/hello.md\" }\n");
    site.build(&[]).assert_error().assert_stderr_has(&["site.yaml:7:", "unknown key `pgae`", "did you mean `page`?"]);
}

/// Five pages sharing tags and topics with `a`, of several scores and dates.
fn related_site() -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", "taxonomies: [tags, topic]\nrelated: { count: 3, taxonomies: { tags: 1, topic: 3 } }\n");
    let page = |slug: &str, date: &str, tags: &str, topic: &str| {
        site.write(
            &format!("content/blog/{slug}.md"),
            &format!("---\ntitle: \"{slug}\"\ndate: {date}\ntags: [{tags}]\ntopic: [{topic}]\n---\nText.\n"),
        );
    };
    page("a", "2024-01-01", "x, y", "t");
    page("b", "2024-01-02", "x", "");
    page("c", "2024-01-03", "x, y", "");
    page("d", "2024-01-04", "", "t");
    page("e", "2024-01-05", "y", "");
    page("f", "2024-01-05", "x", "");
    site.write("templates/page.html", "{% for r in page.related %}{{ r.title }} {% endfor %}");
    site.write("templates/taxonomy.html", "");
    site.write("templates/term.html", "");
    site
}

#[test]
fn related_pages_rank_by_weighted_shared_terms_then_date_then_path() {
    let site = related_site();
    let out = site.build_ok(&[]);
    // d shares the topic (3); c shares two tags (2); e and f one tag each, same date: by path; b
    // is older. Three are kept.
    assert_eq!(read(&out.join("blog/a/index.html")), "d c e ");
    assert_eq!(read(&out.join("blog/hello/index.html")), "", "no terms, nothing related");
}

#[test]
fn related_pages_default_to_every_taxonomy_and_five_pages() {
    let site = related_site();
    let text = read(&site.root.join("site.yaml"));
    site.write("site.yaml", &text.replace("related: { count: 3, taxonomies: { tags: 1, topic: 3 } }\n", ""));
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("blog/a/index.html")), "c e f d b ");
}

#[test]
fn a_related_weight_for_an_unknown_taxonomy_is_an_error() {
    let site = fixture("minimal");
    site.append("site.yaml", "taxonomies: [tags]\nrelated:\n  taxonomies:\n    tag: 1\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "site.yaml:8:5",
        "`tag`, which is not a taxonomy",
        "did you mean `tags`?",
    ]);
}
