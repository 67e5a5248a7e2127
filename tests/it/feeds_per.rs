//! Feeds per section and per taxonomy term: opt-in (`feed: true` in a section's `_index.md`, in
//! a taxonomy of site.yaml), written at the section's or term's path with only its pages.

use crate::util::{Site, count, fixture, read};

/// The minimal site with a `tags` taxonomy and its templates; `feeds` opts the blog and the
/// taxonomy in.
fn site(feeds: bool) -> Site {
    let site = fixture("minimal");
    let feed = if feeds { "\nfeed: true" } else { "" };
    site.append("site.yaml", &format!("taxonomies:\n  - name: tags{}\n", feed.replace('\n', "\n    ")));
    site.write("content/blog/_index.md", &format!("---\ntitle: \"Blog\"{feed}\n---\n"));
    site.write("content/notes/_index.md", "---\ntitle: \"Notes\"\n---\n");
    site.write("content/notes/n.md", "---\ntitle: \"A note\"\ndate: 2024-03-01\ntags: [rust]\n---\n\nNoted.\n");
    site.write(
        "content/blog/hello.md",
        &read(&site.root.join("content/blog/hello.md")).replace("date:", "tags: [rust]\ndate:"),
    );
    site.write("templates/taxonomy.html", "{{ taxonomy.title }}\n");
    site.write(
        "templates/term.html",
        "{{ term.name }} feed={% if term.feed_url %}{{ term.feed_url }}{% else %}none{% endif %}\n",
    );
    let section = read(&site.root.join("templates/section.html"));
    site.write(
        "templates/section.html",
        &section
            .replace("<body>", "<body>feed={% if section.feed_url %}{{ section.feed_url }}{% else %}none{% endif %}"),
    );
    site
}

#[test]
fn section_and_term_feeds_exist_only_when_opted_in() {
    let off = site(false);
    let out = off.build_ok(&[]);
    assert!(read(&out.join("blog/index.html")).contains("feed=none"));
    assert!(read(&out.join("tags/rust/index.html")).contains("feed=none"));
    for f in ["blog/atom.xml", "blog/rss.xml", "tags/rust/atom.xml", "tags/rust/rss.xml"] {
        assert!(!out.join(f).exists(), "{f} written without opting in");
    }

    let s = site(true);
    let out = s.build_ok(&[]);
    assert!(!out.join("notes/atom.xml").exists());
    assert!(read(&out.join("blog/index.html")).contains("feed=/blog/atom.xml"));
    assert!(read(&out.join("notes/index.html")).contains("feed=none"));
    assert!(read(&out.join("tags/rust/index.html")).contains("feed=/tags/rust/atom.xml"));
    let atom = read(&out.join("blog/atom.xml"));
    assert!(atom.contains("<title>Blog</title>"), "{atom}");
    assert!(atom.contains("href=\"https://example.org/blog/atom.xml\""), "{atom}");
    assert_eq!(count(&atom, "<entry>"), 2, "{atom}");
    assert!(atom.contains("https://example.org/blog/hello/") && !atom.contains("A note"), "{atom}");
    let rss = read(&out.join("blog/rss.xml"));
    assert_eq!(count(&rss, "<item>"), 2, "{rss}");
    assert!(rss.contains("https://example.org/blog/rss.xml"), "{rss}");

    let term = read(&out.join("tags/rust/atom.xml"));
    assert!(term.contains("<title>tags: rust</title>"), "{term}");
    assert_eq!(count(&term, "<entry>"), 2, "{term}");
    assert!(term.contains("A note") && term.contains("Hello") && !term.contains("World"), "{term}");
    assert_eq!(count(&read(&out.join("tags/rust/rss.xml")), "<item>"), 2);
}

#[test]
fn a_section_feed_respects_the_feed_limit() {
    let s = site(true);
    s.append("site.yaml", "feed:\n  limit: 1\n");
    let out = s.build_ok(&[]);
    let atom = read(&out.join("blog/atom.xml"));
    assert_eq!(count(&atom, "<entry>"), 1, "{atom}");
    assert!(atom.contains("World"), "the newest page: {atom}");
}

#[test]
fn a_misspelt_feed_key_is_an_error_with_a_suggestion() {
    // Under a collection a section's unknown keys are errors (elsewhere they are `section.params`).
    let s = fixture("minimal");
    s.append("site.yaml", "collections:\n  blog:\n    fields:\n      place: string\n");
    s.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nfeeds: true\n---\n");
    s.build(&[]).assert_error().assert_stderr_has(&["feeds", "did you mean `feed`"]);
    let s = fixture("minimal");
    s.append("site.yaml", "taxonomies:\n  - name: tags\n    feeds: true\n");
    s.build(&[]).assert_error().assert_stderr_has(&["feeds", "did you mean `feed`"]);
}
