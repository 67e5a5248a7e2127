//! The content model as a user sees it in the output: the home, sections (nested, and implicit
//! ones), pretty page URLs, slugs, bundles and their assets, static files, aliases, template
//! selection, and front matter and `site.yaml` values reaching templates.

use crate::util::{Site, fixture, hrefs_between, items_between, read, tree_names};

fn built() -> Site {
    let site = fixture("basic");
    site.build_ok(&[]);
    site
}

fn page(site: &Site, rel: &str) -> String {
    read(&site.out().join(rel))
}

#[test]
fn home_page_is_rendered_with_the_index_template() {
    let site = built();
    let home = page(&site, "index.html");
    assert!(home.contains("data-template=\"index\""), "{home}");
    assert!(home.contains("<h1>Welcome to Basic</h1>"), "{home}");
    assert!(home.contains("The home page body"), "the body of content/_index.md is rendered:\n{home}");
    assert_eq!(
        hrefs_between(&home, "<ul class=\"sections\">", "</ul>"),
        ["/blog/", "/docs/", "/field-notes/", "/guides/"],
        "the home lists the top-level sections"
    );
}

#[test]
fn pages_get_pretty_urls() {
    let site = built();
    for rel in [
        "blog/hello/index.html",
        "blog/second/index.html",
        "guides/first/index.html",
        "guides/advanced/alpha/index.html",
        "docs/features/index.html",
    ] {
        assert!(site.out().join(rel).is_file(), "{rel} should be written");
    }
    assert!(!site.out().join("blog/hello.html").exists());
    assert!(!site.out().join("blog/hello.md").exists(), "Markdown sources are not copied");
}

#[test]
fn nested_sections_get_their_own_page_and_are_listed_by_their_parent() {
    let site = built();
    let advanced = page(&site, "guides/advanced/index.html");
    assert!(advanced.contains("<h1>Advanced guides</h1>"), "{advanced}");
    assert!(advanced.contains("Nested section, ordered by title."), "{advanced}");
    let guides = page(&site, "guides/index.html");
    assert_eq!(hrefs_between(&guides, "<ul class=\"subsections\">", "</ul>"), ["/guides/advanced/"]);
    let alpha = page(&site, "guides/advanced/alpha/index.html");
    assert!(
        alpha.contains("In <a href=\"/guides/advanced/\">Advanced guides</a>"),
        "a page knows its section:\n{alpha}"
    );
}

#[test]
fn folder_without_index_becomes_a_section_titled_from_its_name() {
    let site = built();
    let notes = page(&site, "field-notes/index.html");
    assert!(notes.contains("<h1>Field Notes</h1>"), "{notes}");
    assert_eq!(items_between(&notes, "<ol class=\"pages\">", "</ol>"), ["/field-notes/visit/"]);
}

#[test]
fn slug_in_front_matter_sets_the_url() {
    let site = built();
    let fourth = page(&site, "blog/custom-fourth/index.html");
    assert!(fourth.contains("<h1>Fourth post</h1>"), "{fourth}");
    assert!(!site.out().join("blog/fourth").exists(), "the file name is not used when slug is set");
}

#[test]
fn bundle_assets_are_copied_next_to_the_page() {
    let site = built();
    let src = site.root.join("content/guides/bundle-page");
    let out = site.out().join("guides/bundle-page");
    let pixels = |p: &std::path::Path| image::open(p).expect("a PNG").to_rgba8().into_raw();
    assert_eq!(pixels(&out.join("diagram.png")), pixels(&src.join("diagram.png")), "encoded again, same pixels");
    assert_eq!(std::fs::read(out.join("files/data.csv")).ok(), std::fs::read(src.join("files/data.csv")).ok());
    let html = read(&out.join("index.html"));
    assert!(html.contains("<img src=\"/guides/bundle-page/diagram.png\" srcset="), "{html}");
    assert!(html.contains(" width=\"12\" height=\"8\" alt=\"A tiny diagram\""), "{html}");
    assert!(html.contains("<a href=\"files/data.csv\">data file</a>"), "{html}");
    assert_eq!(
        hrefs_between(&html, "<ul class=\"assets\">", "</ul>"),
        ["/guides/bundle-page/diagram.png", "/guides/bundle-page/files/data.csv"],
        "page.assets lists the bundle's files as URLs"
    );
    assert!(!out.join("index.md").exists(), "the bundle's Markdown is not copied");
}

#[test]
fn other_files_in_content_are_copied_as_they_are() {
    let site = built();
    assert_eq!(page(&site, "blog/notes.txt"), "A plain attachment beside the posts.\n");
}

#[test]
fn root_and_theme_static_files_are_copied_and_the_root_wins() {
    let site = built();
    // The theme's stylesheet, minified as every published stylesheet is by default (`css:`).
    assert_eq!(read(&site.root.join("themes/basic/static/css/style.css")), "body { font-family: sans-serif; }\n");
    assert_eq!(page(&site, "css/style.css"), "body{font-family:sans-serif}");
    assert!(site.out().join("img/logo.svg").is_file());
    assert_eq!(page(&site, "files/root.txt"), "from the root static folder\n");
    assert_eq!(page(&site, "shared.txt"), "from the root (overrides the theme)\n");
}

#[test]
fn aliases_write_redirect_pages_to_the_new_url() {
    let site = built();
    for rel in ["old/fourth/index.html", "blog/old-fourth.html"] {
        let html = page(&site, rel);
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/blog/custom-fourth/\">"),
            "{rel} redirects to the page's new URL:\n{html}"
        );
        assert!(html.contains("href=\"https://example.com/blog/custom-fourth/\""), "canonical link:\n{html}");
        assert!(html.contains("<a href=\"/blog/custom-fourth/\">"), "a link for browsers without refresh:\n{html}");
    }
}

#[test]
fn template_in_front_matter_selects_the_template() {
    let site = built();
    let special = page(&site, "docs/special/index.html");
    assert!(special.contains("data-template=\"special\""), "{special}");
    assert!(special.contains("<title>Special layout (special) | Basic &amp; Co</title>"), "{special}");
}

#[test]
fn section_page_template_renders_the_pages_of_that_section() {
    let site = built();
    for rel in ["guides/first/index.html", "guides/advanced/alpha/index.html", "guides/bundle-page/index.html"] {
        let html = page(&site, rel);
        assert!(html.contains("data-template=\"guides/page\""), "{rel} uses guides/page.html:\n{html}");
    }
    for rel in ["blog/hello/index.html", "docs/features/index.html", "field-notes/visit/index.html"] {
        let html = page(&site, rel);
        assert!(html.contains("data-template=\"page\""), "{rel} uses page.html:\n{html}");
    }
}

#[test]
fn unknown_front_matter_keys_reach_page_params() {
    let site = built();
    let html = page(&site, "docs/features/index.html");
    assert!(html.contains("<p class=\"param\" data-key=\"audience\">librarians</p>"), "{html}");
    assert!(html.contains("<p class=\"param\" data-key=\"rating\">5</p>"), "{html}");
    assert!(html.contains("<p class=\"badge\">gold</p>"), "front matter extra reaches page.extra:\n{html}");
    assert!(!html.contains("data-key=\"title\""), "known keys are not params:\n{html}");
    assert!(!html.contains("data-key=\"tags\""), "taxonomies are not params:\n{html}");
}

#[test]
fn site_extra_reaches_every_template() {
    let site = built();
    for rel in ["index.html", "blog/index.html", "blog/hello/index.html", "tags/news/index.html", "404.html"] {
        let html = page(&site, rel);
        assert!(html.contains("<p class=\"tagline\">Tagline from site.yaml extra</p>"), "{rel}:\n{html}");
        assert!(html.contains("<nav class=\"extra-nav\"><a href=\"/guides/\">All guides</a>"), "{rel}:\n{html}");
    }
}

#[test]
fn titles_are_html_escaped() {
    let site = built();
    let html = page(&site, "blog/hello/index.html");
    assert!(html.contains("<title>Hello, world | Basic &amp; Co</title>"), "{html}");
    assert!(!html.contains("Basic & Co"), "a bare & is never written:\n{html}");
}

/// What the README's "Names starting with `_` or `.`" says, file by file.
#[test]
fn names_starting_with_dot_are_left_out_of_content_and_templates_and_underscore_is_plain() {
    let site = fixture("minimal");
    let page = |title: &str| format!("---\ntitle: \"{title}\"\n---\n\nText.\n");
    site.write("content/blog/_note.md", &page("Note"));
    site.write("content/_drafts/d.md", &page("D"));
    site.write("content/blog/_data.csv", "a,b\n");
    site.write("content/blog/.hidden.md", &page("Hidden"));
    site.write("content/.private/p.md", &page("Private"));
    site.write("content/blog/.notes.txt", "x\n");
    site.write("static/.well-known/security.txt", "Contact: x\n");
    site.write("static/.htaccess", "x\n");
    site.write("static/_priv/a.txt", "x\n");
    site.write("static/.git/config", "x\n");
    site.write("templates/_partials/note.html", "<p class=\"note\">from a partial</p>");
    site.write("templates/.broken.html", "{{ never read");
    let tpl = read(&site.root.join("templates/page.html"));
    site.write("templates/page.html", &tpl.replace("</article>", "{% include \"_partials/note.html\" %}</article>"));
    let out = site.build_ok(&[]);
    let files = tree_names(&out);
    for present in [
        "blog/_note/index.html",
        "_drafts/index.html",
        "_drafts/d/index.html",
        "blog/_data.csv",
        ".well-known/security.txt",
        ".htaccess",
        "_priv/a.txt",
    ] {
        assert!(files.iter().any(|f| f == present), "{present} is published: {files:?}");
    }
    for absent in ["hidden", "private", ".notes.txt", ".git"] {
        assert!(!files.iter().any(|f| f.contains(absent)), "nothing of {absent}: {files:?}");
    }
    assert!(read(&out.join("blog/_note/index.html")).contains("from a partial"));
}
