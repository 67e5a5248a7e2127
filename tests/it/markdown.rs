//! Markdown as rendered into pages: heading ids and the table of contents, the CommonMark
//! extensions, smart punctuation, summaries, `@/` internal links and shortcodes.

use crate::util::{Site, attr_values, fixture, hrefs_between, html_files, read};

fn features() -> (Site, String) {
    let site = fixture("basic");
    site.build_ok(&[]);
    let html = read(&site.out().join("docs/features/index.html"));
    (site, html)
}

fn assert_unique_ids(html: &str) {
    let mut ids = attr_values(html, "id");
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "every id in the page is unique:\n{html}");
}

#[test]
fn headings_get_ids_from_their_text() {
    let (_site, html) = features();
    assert!(html.contains("<h2 id=\"getting-started\">Getting started</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"links\">Links</h2>"), "{html}");
}

#[test]
fn duplicate_headings_get_distinct_ids() {
    let (_site, html) = features();
    assert!(html.contains("<h2 id=\"getting-started\">"), "{html}");
    assert!(html.contains("<h2 id=\"getting-started-1\">"), "the second heading gets a numbered id:\n{html}");
    assert_unique_ids(&html);
}

#[test]
fn custom_heading_id_is_used_and_hidden_from_the_text() {
    let (_site, html) = features();
    assert!(html.contains("<h3 id=\"my-anchor\">Custom anchor</h3>"), "{html}");
    assert!(!html.contains("{#my-anchor}"), "{html}");
}

#[test]
fn page_template_renders_the_table_of_contents() {
    let (_site, html) = features();
    assert_eq!(
        hrefs_between(&html, "<nav class=\"toc\">", "</nav>"),
        ["#getting-started", "#getting-started-1", "#my-anchor", "#links", "#extensions", "#shortcodes"],
        "the toc lists every heading, in order"
    );
    assert!(
        html.contains("<li><a href=\"#getting-started-1\">Getting started</a><ul><li><a href=\"#my-anchor\">Custom anchor</a></li></ul></li>"),
        "the h3 is a child of the h2 before it:\n{html}"
    );
}

#[test]
fn tables_render_with_column_alignment() {
    let (_site, html) = features();
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<th style=\"text-align: right\">Count</th>"), "{html}");
    assert!(html.contains("<td style=\"text-align: right\">12</td>"), "{html}");
}

#[test]
fn footnotes_render_with_reference_and_definition() {
    let (_site, html) = features();
    let reference = html.find("class=\"footnote-reference\"").unwrap_or_else(|| panic!("no reference:\n{html}"));
    let definition = html.find("The footnote text.").unwrap_or_else(|| panic!("no definition:\n{html}"));
    assert!(reference < definition, "{html}");
}

#[test]
fn strikethrough_and_task_lists_render() {
    let (_site, html) = features();
    assert!(html.contains("<del>struck</del>"), "{html}");
    assert!(html.contains("type=\"checkbox\" checked"), "a done task is checked:\n{html}");
    assert_eq!(html.matches("type=\"checkbox\"").count(), 2, "{html}");
}

#[test]
fn smart_punctuation_curls_quotes_and_dashes() {
    let (_site, html) = features();
    for wanted in ["“smart quotes”", "en–dash", "em—dash", "ellipsis…", "don’t"] {
        assert!(html.contains(wanted), "{wanted:?} missing:\n{html}");
    }
}

#[test]
fn internal_links_resolve_to_page_urls() {
    let (site, html) = features();
    let content = &html[html.find("<h2 id=\"links\">").expect("links heading")..];
    for wanted in [
        "<a href=\"/blog/hello/\">Hello post</a>",
        "<a href=\"/blog/third/#the-rest\">Third post, second part</a>",
        "<a href=\"/guides/\">Guides section</a>",
        "<a href=\"/guides/bundle-page/\">The bundle</a>",
        "<a href=\"/blog/custom-fourth/\">Fourth post with its custom slug</a>",
    ] {
        assert!(content.contains(wanted), "{wanted:?} missing:\n{html}");
    }
    let home = read(&site.out().join("index.html"));
    assert!(home.contains("<a href=\"/guides/\">link to the guides</a>"), "links work in _index.md too:\n{home}");
    for rel in html_files(&site.out()) {
        let text = read(&site.out().join(&rel));
        assert!(!text.contains("\"@/"), "{rel} still has an unresolved @/ link:\n{text}");
    }
}

#[test]
fn summary_stops_at_the_more_marker() {
    let site = fixture("basic");
    site.build_ok(&[]);
    let listing = read(&site.out().join("blog/page/2/index.html"));
    let item = &listing[listing.find("/blog/third/").expect("third post listed")..];
    let item = &item[..item.find("</li>").expect("end of item")];
    assert!(item.contains("Teaser before the marker."), "{listing}");
    assert!(!item.contains("Text after the marker"), "the summary ends at <!-- more -->:\n{listing}");
    let full = read(&site.out().join("blog/third/index.html"));
    assert!(full.contains("Teaser before the marker.") && full.contains("Text after the marker"), "{full}");
}

#[test]
fn summary_falls_back_to_front_matter_then_first_paragraph() {
    let site = fixture("basic");
    site.build_ok(&[]);
    let page2 = read(&site.out().join("blog/page/2/index.html"));
    assert!(page2.contains("Summary written in the front matter."), "{page2}");
    let page3 = read(&site.out().join("blog/page/3/index.html"));
    assert!(
        page3.contains("The first post&rsquo;s first paragraph.")
            || page3.contains("The first post’s first paragraph."),
        "{page3}"
    );
    assert!(!page3.contains("A second paragraph"), "only the first paragraph is the summary:\n{page3}");
}

#[test]
fn inline_and_block_shortcodes_render_the_theme_templates() {
    let (_site, html) = features();
    assert!(html.contains("<aside class=\"note note-info\">Inline note text</aside>"), "{html}");
    assert!(
        html.contains("<aside class=\"note note-warning\"><p>Block <strong>body</strong> text.</p>"),
        "a block shortcode gets its inner Markdown rendered as `body`:\n{html}"
    );
    assert!(!html.contains("<p><aside"), "a shortcode alone on its line is not wrapped in <p>:\n{html}");
}

#[test]
fn braces_that_are_not_a_shortcode_call_are_left_as_written() {
    let (_site, html) = features();
    assert!(html.contains("Braces that are not a call: {{ not a call }}"), "{html}");
}

/// The template contract (README, "Context"): shortcodes get `config`, `site` (without
/// taxonomies) and `extra`.
#[test]
fn shortcodes_see_config_site_and_extra() {
    let site = fixture("minimal");
    site.append("site.yaml", "extra:\n  motto: \"Read more\"\n");
    site.write(
        "templates/shortcodes/sitename.html",
        "<span class=\"sitename\">{{ config.title }}|{{ site.title }}|{{ extra.motto }}</span>",
    );
    site.write("content/blog/sc.md", "---\ntitle: \"Shortcode context\"\n---\n\nBy {{ sitename() }}.\n");
    site.build_ok(&[]);
    let html = read(&site.out().join("blog/sc/index.html"));
    assert!(html.contains("<span class=\"sitename\">Minimal|Minimal|Read more</span>"), "{html}");
}

/// Footnotes get ids of their own (`fn-1`, `fnref-1`, never a bare `1` a heading could take),
/// and each definition links back to its reference with an accessible label.
#[test]
fn footnotes_have_unique_ids_and_back_links() {
    let site = fixture("minimal");
    site.write(
        "content/blog/notes.md",
        "---\ntitle: \"Notes\"\n---\n\n## fn-1\n\nOne[^a] and two[^b] and one again[^a].\n\n\
         [^a]: First note.\n\n[^b]: Second note.\n",
    );
    site.build_ok(&[]);
    let html = read(&site.out().join("blog/notes/index.html"));
    assert!(
        html.contains("<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1-1\">1</a></sup>"),
        "{html}"
    );
    assert!(html.contains("<sup class=\"footnote-reference\" id=\"fnref-2\"><a href=\"#fn-2\">2</a></sup>"), "{html}");
    assert!(html.contains("id=\"fnref-1-2\"><a href=\"#fn-1-1\">1</a></sup>"), "a second reference:\n{html}");
    assert!(html.contains("<div class=\"footnote-definition\" id=\"fn-1-1\">"), "{html}");
    assert!(
        html.contains(
            "<p>First note. <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> \
             <a href=\"#fnref-1-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1 (2)\">↩<sup>2</sup></a></p>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<div class=\"footnote-definition\" id=\"fn-2\"><sup class=\"footnote-definition-label\">2</sup>"
        ),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"fn-1\">fn-1</h2>"), "a heading keeps its id, the footnote takes the next:\n{html}");
    assert_unique_ids(&html);
}

fn anchors_site(setting: &str) -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", setting);
    site.write(
        "templates/page.html",
        "<nav>{% for h in page.toc %}[{{ h.title }}]{% endfor %}</nav>\n{{ page.content | safe }}",
    );
    site.write("content/blog/anchors.md", "---\ntitle: \"Anchors\"\n---\n\n## Getting \"started\"\n\nText.\n");
    site
}

/// `markdown: { heading_anchors: before|after }` puts a link to the heading's own id beside its
/// text; the table of contents keeps the bare text.
#[test]
fn heading_anchors_go_before_or_after_the_heading_text() {
    let after = anchors_site("markdown:\n  heading_anchors: after\n");
    after.build_ok(&[]);
    let html = read(&after.out().join("blog/anchors/index.html"));
    let link = "<a class=\"anchor\" href=\"#getting-started\" aria-label=\"Link to this section: \
                Getting “started”\">#</a>";
    assert!(html.contains(&format!("<h2 id=\"getting-started\">Getting “started” {link}</h2>")), "{html}");
    assert!(html.contains("<nav>[Getting “started”]</nav>"), "the toc has no anchor:\n{html}");

    let before = anchors_site("markdown: { heading_anchors: before }\n");
    before.build_ok(&[]);
    let html = read(&before.out().join("blog/anchors/index.html"));
    assert!(html.contains(&format!("<h2 id=\"getting-started\">{link} Getting “started”</h2>")), "{html}");

    let none = anchors_site("markdown:\n  heading_anchors: none\n");
    none.build_ok(&[]);
    let html = read(&none.out().join("blog/anchors/index.html"));
    assert!(html.contains("<h2 id=\"getting-started\">Getting “started”</h2>"), "{html}");
}

#[test]
fn an_unknown_heading_anchors_value_is_an_error_at_its_place() {
    let site = anchors_site("markdown:\n  heading_anchors: befor\n");
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&["heading_anchors", "site.yaml:6:20", "did you mean `before`?"]);
    let site = anchors_site("markdown:\n  heading_anchor: before\n");
    site.build(&[]).assert_error().assert_stderr_has(&["site.yaml:6:3", "did you mean `heading_anchors`?"]);
}

/// A shortcode call inside a block shortcode's body renders, inline or as a block of its own.
#[test]
fn shortcodes_nest_inside_a_block_body() {
    let site = fixture("minimal");
    site.write("templates/shortcodes/badge.html", "<span class=\"badge\">{{ label }}</span>");
    site.write(
        "content/blog/nested.md",
        "---\ntitle: \"Nested\"\n---\n\n{% box() %}\nSee {{ badge(label=\"new\") }} here.\n\n\
         {% box() %}\nInner *box*.\n{% end %}\n\nAfter.\n{% end %}\n\nOutside.\n",
    );
    site.build_ok(&[]);
    let html = read(&site.out().join("blog/nested/index.html"));
    assert!(
        html.contains(
            "<div class=\"box\"><p>See <span class=\"badge\">new</span> here.</p>\n\
             <div class=\"box\"><p>Inner <em>box</em>.</p>\n</div>\n\n<p>After.</p>\n</div>"
        ),
        "{html}"
    );
    assert!(html.contains("<p>Outside.</p>"), "{html}");
    assert!(!html.contains("{%") && !html.contains("{{"), "{html}");
}

#[test]
fn block_shortcodes_nested_too_deep_are_an_error_not_a_crash() {
    let site = fixture("minimal");
    let body = format!("{}x{}", "{% box() %}\n".repeat(40), "\n{% end %}".repeat(40));
    site.write("content/blog/deep.md", &format!("---\ntitle: \"Deep\"\n---\n\n{body}\n"));
    site.build(&[]).assert_error().assert_stderr_has(&["nested more than 32 deep", "deep.md:"]);
}

/// The `markdown` template filter resolves `@/` links as page bodies do; a missing target is an
/// error naming the template.
#[test]
fn the_markdown_filter_resolves_internal_links() {
    let site = fixture("minimal");
    let config = read(&site.root.join("site.yaml")).replace("https://example.org/", "https://example.org/sub/");
    site.write("site.yaml", &format!("{config}extra:\n  blurb: \"Read [hello](@/blog/hello.md#top).\"\n"));
    let index = read(&site.root.join("templates/index.html"));
    let index = index.replace("<ul>", "<div class=\"blurb\">{{ extra.blurb | markdown }}</div>\n<ul>");
    site.write("templates/index.html", &index);
    site.build_ok(&[]);
    let html = read(&site.out().join("index.html"));
    assert!(
        html.contains("<div class=\"blurb\"><p>Read <a href=\"/sub/blog/hello/#top\">hello</a>.</p>\n</div>"),
        "{html}"
    );

    site.write("site.yaml", &read(&site.root.join("site.yaml")).replace("blog/hello.md", "blog/helo.md"));
    site.build(&[]).assert_error().assert_stderr_has(&[
        "index.html",
        "@/blog/helo.md",
        "did you mean `@/blog/hello.md`?",
    ]);
}
