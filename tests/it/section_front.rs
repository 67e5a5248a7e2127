//! A section's `_index.md` (issue 13, point 9): `aliases` redirect to the section, taxonomy
//! terms are checked as a page's and reach `section.taxonomies` and `term.sections`, other keys
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

/// The `minimal` fixture with a closed `library_type` and an open `tags` taxonomy, and templates
/// that show `section.taxonomies`, `term.sections` and `term.pages`.
fn terms_site() -> Site {
    let site = fixture("minimal");
    site.append(
        "site.yaml",
        "taxonomies:\n  - name: library_type\n    terms: { rural: \"Small and rural\", urban: \"Urban\" }\n  - tags\n",
    );
    site.write(
        "templates/section.html",
        "{% for name, terms in section.taxonomies %}{{ name }}:{% for t in terms %} {{ t.name }} ({{ t.title }}, {{ t.url }}){% endfor %};{% endfor %}",
    );
    site.write("templates/taxonomy.html", "{% for t in taxonomy.terms %}{{ t.name }} {% endfor %}");
    site.write(
        "templates/term.html",
        "{% for s in term.sections %}{{ s.title }} {{ s.permalink }};{% endfor %}|{% for p in term.pages %}{{ p.title }};{% endfor %}",
    );
    site
}

#[test]
fn section_terms_reach_section_taxonomies_and_term_sections() {
    let site = terms_site();
    site.write(
        "content/blog/_index.md",
        "---\ntitle: \"Blog\"\nlibrary_type: [rural]\ntags: [only-sections, x]\n---\n",
    );
    site.write("content/news/_index.md", "---\ntitle: \"Amber news\"\nlibrary_type: rural\n---\n");
    site.write("content/faq/_index.md", "---\ntitle: \"FAQ\"\nrender: false\nlibrary_type: [rural]\n---\n");
    site.write(
        "content/blog/hello.md",
        "---\ntitle: \"Hello\"\ndate: 2024-01-01\nlibrary_type: [rural]\n---\n## Greetings\n",
    );
    let out = site.build_ok(&[]);
    assert_eq!(
        read(&out.join("blog/index.html")),
        "library_type: rural (Small and rural, /library_type/rural/);tags: only-sections (only-sections, /tags/only-sections/) x (x, /tags/x/);"
    );
    assert_eq!(
        read(&out.join("library_type/rural/index.html")),
        "Amber news https://example.org/news/;Blog https://example.org/blog/;|Hello;",
        "sections by title, the headless one left out"
    );
    assert_eq!(read(&out.join("tags/only-sections/index.html")), "Blog https://example.org/blog/;|");
    assert_eq!(read(&out.join("tags/index.html")), "only-sections x ");
    assert!(!out.join("library_type/urban").exists(), "a term nothing carries has no page");
}

#[test]
fn a_section_term_outside_a_closed_list_is_an_error_with_did_you_mean() {
    let site = terms_site();
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nlibrary_type:\n  - rurl\n---\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/_index.md:4:5",
        "`rurl` is not a term of the taxonomy `library_type`",
        "did you mean `rural`?",
    ]);
}

#[test]
fn section_terms_are_taken_under_a_collection_and_suggested_for_typos() {
    let site = terms_site();
    site.append("site.yaml", "collections:\n  blog:\n    fields:\n      place: string\n");
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nlibrary_type: [urban]\n---\n");
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("library_type/urban/index.html")), "Blog https://example.org/blog/;|");
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nlibrary_typ: [urban]\n---\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/_index.md:3:1",
        "unknown key `library_typ` in a section's front matter",
        "did you mean `library_type`?",
    ]);
}
