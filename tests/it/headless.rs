//! Headless content (issue 13, point 9): `render: false` on a page or a section's `_index.md`
//! makes content that templates look up (`get_page`, `get_section`) but that has no URL and no
//! file of its own, and is in no listing, term, feed, sitemap, calendar or resources.json.

use ltc_hub::BuildOptions;
use ltc_hub::incremental::Session;

use crate::util::*;

/// The `minimal` fixture with tags, feeds, term templates and a home that looks up `blog/hidden.md`.
fn site() -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", "taxonomies: [tags]\n");
    site.write(
        "content/blog/hello.md",
        "---\ntitle: \"Hello\"\ndate: 2024-01-01\ntags: [news]\n---\n\n## Greetings\n\nHello from the minimal site.\n",
    );
    site.write(
        "content/blog/hidden.md",
        "---\ntitle: \"Hidden\"\ndate: 2024-03-01\ntags: [news, secret]\nrender: false\n---\n\nThe *headless* text.\n",
    );
    site.write(
        "templates/index.html",
        "{% set h = get_page(path=\"blog/hidden.md\") %}<p>{{ h.title }}|{{ h.content | safe }}|{{ h.url is none }}|{{ h.permalink is none }}|{{ h.path is none }}</p>\n",
    );
    site.write("templates/taxonomy.html", "{% for t in taxonomy.terms %}{{ t.name }} ({{ t.count }}) {% endfor %}");
    site.write(
        "templates/term.html",
        "{% for p in term.pages %}{{ p.title }};{% endfor %}{% for s in term.sections %}[{{ s.title }}]{% endfor %}",
    );
    site
}

#[test]
fn a_headless_page_is_written_nowhere_but_get_page_finds_it() {
    let site = site();
    let out = site.build_ok(&[]);
    assert!(!out.join("blog/hidden").exists(), "no folder for a headless page");
    let home = read(&out.join("index.html"));
    assert_eq!(home, "<p>Hidden|<p>The <em>headless</em> text.</p>\n|true|true|true</p>\n");
    let blog = read(&out.join("blog/index.html"));
    assert!(blog.contains("Hello") && !blog.contains("Hidden"), "{blog}");
    assert_eq!(read(&out.join("tags/news/index.html")), "Hello;");
    assert_eq!(read(&out.join("tags/index.html")), "news (1) ");
    assert!(!out.join("tags/secret").exists(), "a term only a headless page carries has no page");
    for file in ["atom.xml", "rss.xml", "sitemap.xml", "resources.json"] {
        let text = read(&out.join(file));
        assert!(!text.contains("hidden") && !text.contains("Hidden"), "{file}: {text}");
        assert!(text.contains("hello"), "{file} lists the other pages: {text}");
    }
    let check = site.check(&[]);
    check.assert_success();
    assert!(!check.stderr.contains("hidden"), "check says nothing of the headless page:\n{check:?}");
}

#[test]
fn a_headless_section_has_no_page_but_its_pages_do() {
    let site = site();
    site.write(
        "content/blog/_index.md",
        "---\ntitle: \"Blog\"\nrender: false\nfeed: true\npaginate_by: 1\n---\nAbout the blog.\n",
    );
    site.write(
        "templates/index.html",
        "{% set b = get_section(path=\"blog/_index.md\") %}<p>{{ b.title }}|{{ b.content | safe }}|{{ b.url is none }}|{% for p in b.pages %}{{ p.title }};{% endfor %}|{% for s in section.subsections %}{{ s.title }}{% endfor %}</p>\n",
    );
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("index.html")), "<p>Blog|<p>About the blog.</p>\n|true|World;Hello;|</p>\n");
    for gone in ["blog/index.html", "blog/page/2/index.html", "blog/atom.xml", "blog/rss.xml"] {
        assert!(!out.join(gone).exists(), "{gone} is written for a headless section");
    }
    assert!(out.join("blog/hello/index.html").is_file(), "the pages of a headless section are published");
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(!sitemap.contains("<loc>https://example.org/blog/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/blog/hello/</loc>"), "{sitemap}");
}

#[test]
fn a_link_to_a_headless_page_is_an_error_at_the_link() {
    let site = site();
    site.write(
        "content/blog/world.md",
        "---\ntitle: \"World\"\ndate: 2024-02-01\n---\n\nSee [the hidden page](@/blog/hidden.md).\n",
    );
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/world.md:6:5",
        "this link points to `@/blog/hidden.md`, which has `render: false` and no address",
        "remove `render: false`",
    ]);
}

#[test]
fn a_link_or_menu_entry_to_a_headless_section_is_an_error() {
    let site = site();
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nrender: false\n---\n");
    site.write("content/blog/world.md", "---\ntitle: \"World\"\n---\n\n[All posts](@/blog/)\n");
    site.append("site.yaml", "menus:\n  main:\n    - { name: \"Blog\", page: \"@/blog/_index.md\" }\n");
    let run = site.build(&[]);
    run.assert_error().assert_stderr_has(&[
        "content/blog/world.md:5:1",
        "this link points to `@/blog/_index.md`, which has `render: false`",
        "site.yaml:8:",
        "the entry `Blog` of the menu `main` links to `@/blog/_index.md`, which has `render: false`",
    ]);
}

#[test]
fn get_url_of_a_headless_page_is_an_error_naming_render_false() {
    let site = site();
    site.write("templates/page.html", "{{ get_url(path=\"@/blog/hidden.md\") }}");
    site.build(&[]).assert_error().assert_stderr_has(&["`@/blog/hidden.md` has `render: false`"]);
}

#[test]
fn aliases_of_headless_content_are_an_error() {
    let site = site();
    site.write("content/blog/hidden.md", "---\ntitle: \"Hidden\"\nrender: false\naliases: [\"/old/\"]\n---\n");
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nrender: false\naliases:\n  - /news/\n---\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/hidden.md:4:1",
        "content/blog/_index.md:4:1",
        "`aliases` on content with `render: false`",
    ]);
}

#[test]
fn render_must_be_true_or_false() {
    let site = site();
    site.write("content/blog/hidden.md", "---\ntitle: \"Hidden\"\nrender: \"no\"\n---\n");
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nrender: 0\n---\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/hidden.md:3:9",
        "content/blog/_index.md:3:9",
        "write `render: true` or `render: false`",
    ]);
}

#[test]
fn collections_take_render_as_a_built_in_key() {
    let site = site();
    site.append("site.yaml", "collections:\n  blog:\n    fields:\n      place: string\n");
    let out = site.build_ok(&[]);
    assert!(out.join("blog/hello/index.html").is_file());
    assert!(!out.join("blog/hidden").exists());
    site.append("site.yaml", "      render: boolean\n");
    site.build(&[]).assert_error().assert_stderr_has(&["`render` is already a front matter field of every page"]);
}

#[test]
fn turning_render_off_and_on_under_serve_equals_a_fresh_build() {
    let site = site();
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let edits: [(&str, &str); 5] = [
        (
            "content/blog/hidden.md",
            "---\ntitle: \"Hidden\"\ndate: 2024-03-01\ntags: [news, secret]\n---\n\nNow shown.\n",
        ),
        ("content/blog/_index.md", "---\ntitle: \"Blog\"\nrender: false\n---\n"),
        (
            "content/blog/hidden.md",
            "---\ntitle: \"Hidden\"\ndate: 2024-03-01\ntags: [news]\nrender: false\n---\n\nHidden again.\n",
        ),
        (
            "content/blog/hidden.md",
            "---\ntitle: \"Hidden\"\ndate: 2024-03-01\ntags: [news]\nrender: false\n---\n\nA body edit.\n",
        ),
        ("content/blog/_index.md", "---\ntitle: \"Blog\"\ntags: [news, sections-only]\n---\n"),
    ];
    for (step, (file, text)) in edits.iter().enumerate() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        site.write(file, text);
        session
            .rebuild_changed(&[site.root.join(file)], &mut |_| {})
            .unwrap_or_else(|f| panic!("step {step}: {:?}", f.diagnostics));
        let fresh = site.tmp().join(format!("fresh-{step}"));
        ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..opts.clone() })
            .unwrap_or_else(|f| panic!("fresh build at step {step}: {:?}", f.diagnostics));
        assert_same_tree(&tree(&fresh), &tree(&out));
    }
    assert!(out.join("blog/index.html").is_file() && !out.join("blog/hidden").exists());
    assert_eq!(read(&out.join("tags/sections-only/index.html")), "[Blog]");
    assert!(read(&out.join("index.html")).contains("A body edit."), "the page that shows it is rendered again");
}
