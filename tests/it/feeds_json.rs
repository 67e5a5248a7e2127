//! JSON Feed 1.1 (`outputs: { json_feed: true }`, off by default): `feed.json` beside every
//! Atom feed that is written (the site's, each opted-in section's and term's), valid per
//! <https://www.jsonfeed.org/version/1.1/>, and the feed URLs templates see.

use serde_json::Value as J;

use crate::util::{Site, fixture, read};

/// The minimal site with a `tags` taxonomy (its terms with titles) and a blog, both with
/// feeds; `json` turns JSON Feed on. Templates print the feed URLs they see.
fn site(json: bool) -> Site {
    let site = fixture("minimal");
    site.append(
        "site.yaml",
        "description: \"A small site\"\ntaxonomies:\n  - name: tags\n    feed: true\n    terms:\n      rust: \"The Rust language\"\n      misc: \"Other things\"\n",
    );
    if json {
        site.append("site.yaml", "outputs:\n  json_feed: true\n");
    }
    site.write("content/blog/_index.md", "---\ntitle: \"Blog\"\nfeed: true\n---\n");
    site.write(
        "content/blog/hello.md",
        "---\ntitle: \"Hello\"\ndate: 2024-01-01\nupdated: 2024-03-05T10:30:00+02:00\nsummary: \"Hi there\"\ntags: [rust, misc]\n---\n\n## Greetings\n\nHello from the <em>minimal</em> site.\n",
    );
    site.write("templates/taxonomy.html", "{{ taxonomy.title }}\n");
    let urls = "atom={% if X.feed_url %}{{ X.feed_url }}{% else %}none{% endif %} \
                json={% if X.json_feed_url %}{{ X.json_feed_url }}{% else %}none{% endif %}";
    site.write("templates/term.html", &format!("{}\n", urls.replace('X', "term")));
    site.write(
        "templates/index.html",
        &format!("{} {}\n", urls.replace('X', "site"), urls.replace('X', "section").replace("atom=", "home-atom=")),
    );
    let section = read(&site.root.join("templates/section.html"));
    site.write(
        "templates/section.html",
        &section.replace("<body>", &format!("<body>{}", urls.replace('X', "section"))),
    );
    site
}

fn parse(path: &std::path::Path) -> J {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn rfc3339(v: &J) -> chrono::DateTime<chrono::FixedOffset> {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s} is not RFC 3339: {e}"))
}

#[test]
fn json_feed_is_off_by_default() {
    let s = site(false);
    let out = s.build_ok(&[]);
    for f in ["feed.json", "blog/feed.json", "tags/rust/feed.json"] {
        assert!(!out.join(f).exists(), "{f} written without `json_feed: true`");
    }
    assert!(out.join("blog/atom.xml").exists());
    let home = read(&out.join("index.html"));
    assert!(home.contains("atom=/atom.xml json=none"), "{home}");
    assert!(read(&out.join("blog/index.html")).contains("atom=/blog/atom.xml json=none"));
    assert!(read(&out.join("tags/rust/index.html")).contains("atom=/tags/rust/atom.xml json=none"));
}

#[test]
fn json_feeds_are_written_beside_every_atom_feed() {
    let s = site(true);
    let out = s.build_ok(&[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("atom=/atom.xml json=/feed.json"), "{home}");
    assert!(read(&out.join("blog/index.html")).contains("atom=/blog/atom.xml json=/blog/feed.json"));
    assert!(read(&out.join("tags/rust/index.html")).contains("atom=/tags/rust/atom.xml json=/tags/rust/feed.json"));

    let feed = parse(&out.join("feed.json"));
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "Minimal");
    assert_eq!(feed["home_page_url"], "https://example.org/");
    assert_eq!(feed["feed_url"], "https://example.org/feed.json");
    assert_eq!(feed["description"], "A small site");
    assert_eq!(feed["authors"][0]["name"], "Minimal");
    let items = feed["items"].as_array().expect("items is a list");
    assert_eq!(items.len(), 2, "{feed:#}");
    // Newest first, by `updated` else `date`: hello was updated after world's date.
    let hello = &items[0];
    assert_eq!(hello["id"], "https://example.org/blog/hello/");
    assert_eq!(hello["url"], "https://example.org/blog/hello/");
    assert_eq!(hello["title"], "Hello");
    assert_eq!(hello["summary"], "Hi there");
    assert!(hello["content_html"].as_str().is_some_and(|h| !h.is_empty()), "{hello:#}");
    assert_eq!(rfc3339(&hello["date_published"]).to_rfc3339(), "2024-01-01T00:00:00+00:00");
    assert_eq!(rfc3339(&hello["date_modified"]).to_rfc3339(), "2024-03-05T10:30:00+02:00");
    assert_eq!(hello["authors"][0]["name"], "Minimal");
    assert_eq!(hello["tags"], serde_json::json!(["The Rust language", "Other things"]));
    let world = &items[1];
    assert_eq!(world["title"], "World");
    assert!(world.get("tags").is_none() && world.get("summary").is_none(), "{world:#}");
    assert_eq!(world["date_published"], world["date_modified"]);

    let blog = parse(&out.join("blog/feed.json"));
    assert_eq!(blog["title"], "Blog");
    assert_eq!(blog["home_page_url"], "https://example.org/blog/");
    assert_eq!(blog["feed_url"], "https://example.org/blog/feed.json");
    assert_eq!(blog["items"].as_array().map(Vec::len), Some(2));

    let term = parse(&out.join("tags/rust/feed.json"));
    assert_eq!(term["title"], "tags: The Rust language");
    assert_eq!(term["home_page_url"], "https://example.org/tags/rust/");
    assert_eq!(term["feed_url"], "https://example.org/tags/rust/feed.json");
    let urls: Vec<&str> = term["items"].as_array().unwrap().iter().filter_map(|i| i["url"].as_str()).collect();
    assert_eq!(urls, ["https://example.org/blog/hello/"]);
    assert!(out.join("tags/misc/feed.json").exists());
}

#[test]
fn json_feed_urls_follow_a_sub_path_base_url() {
    let s = site(true);
    let out = s.build_ok(&["--base-url", "https://example.org/ltc/"]);
    let feed = parse(&out.join("blog/feed.json"));
    assert_eq!(feed["feed_url"], "https://example.org/ltc/blog/feed.json");
    assert_eq!(feed["items"][0]["url"], "https://example.org/ltc/blog/hello/");
    assert!(read(&out.join("blog/index.html")).contains("json=/ltc/blog/feed.json"));
}

#[test]
fn json_feed_must_be_true_or_false() {
    let s = fixture("minimal");
    s.append("site.yaml", "outputs:\n  json_feeds: true\n");
    s.build(&[]).assert_error().assert_stderr_has(&["json_feeds", "did you mean `json_feed`"]);
    let s = fixture("minimal");
    s.append("site.yaml", "outputs:\n  json_feed: sometimes\n");
    s.build(&[]).assert_error().assert_stderr_has(&["json_feed", "true or false"]);
}
