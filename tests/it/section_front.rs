//! A section's `_index.md` (issue 13, point 9): `aliases` redirect to the section, other keys
//! are `section.params`, unless a collection is declared for the section.

use crate::util::*;

#[test]
fn section_aliases_redirect_and_unknown_keys_are_params() {
    let site = fixture("minimal");
    site.write(
        "content/blog/_index.md",
        "---\ntitle: \"Blog\"\naliases: [\"/news/\", \"/old/blog.html\"]\nlayout: list\nmenu: { weight: 2 }\n---\n",
    );
    site.write(
        "templates/section.html",
        "<h1>{{ section.title }}</h1><p>{{ section.params.layout }} {{ section.params.menu.weight }}</p>",
    );
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("blog/index.html")), "<h1>Blog</h1><p>list 2</p>");
    for file in ["news/index.html", "old/blog.html"] {
        let redirect = read(&out.join(file));
        assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/blog/\">"), "{redirect}");
        assert!(redirect.contains("<title>Moved: Blog</title>"), "{redirect}");
    }
}

#[test]
fn a_section_alias_outside_the_site_is_an_error_at_its_item() {
    let site = fixture("minimal");
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\naliases:\n  - \"../../etc\"\n---\n");
    site.build(&[]).assert_error().assert_stderr_has(&["content/blog/_index.md:4:", "the alias `../../etc`"]);
}

#[test]
fn a_section_key_typo_under_a_collection_stays_an_error() {
    let site = fixture("minimal");
    site.append("site.yaml", "collections:\n  blog:\n    fields:\n      place: string\n");
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nsort_bx: weight\n---\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/_index.md:3:1",
        "unknown key `sort_bx` in a section's front matter",
        "did you mean `sort_by`?",
    ]);
}
