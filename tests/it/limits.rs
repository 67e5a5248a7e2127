//! No input takes the tool down: deep nesting is cut off with one error at its place (never a
//! stack overflow, exit 134), inputs that used to take quadratic time finish fast, and one file
//! shows at most 20 errors, then how many more it has.

use std::time::{Duration, Instant};

use crate::util::{Output, Site, fixture, locations};

/// A `minimal` site with `content/blog/bad.md` holding `text`.
fn site_with(text: &str) -> Site {
    let site = fixture("minimal");
    site.write("content/blog/bad.md", text);
    site
}

/// Runs `build` and `check` on the site: each must fail with exit 1 (not crash), within
/// `limit`, and name `file` with a line; returns the build's output.
fn both_fail_fast(site: &Site, file: &str, limit: Duration) -> Output {
    let started = Instant::now();
    let built = site.build(&[]);
    let took = started.elapsed();
    built.assert_error();
    assert!(took < limit, "build took {took:?}:\n{built:?}");
    assert!(!locations(&built.stderr, file).is_empty(), "the error should name {file} with a line:\n{built:?}");
    let started = Instant::now();
    let checked = site.check(&[]);
    let took = started.elapsed();
    assert_eq!(checked.code, 1, "check should fail with exit code 1:\n{checked:?}");
    assert!(took < limit, "check took {took:?}:\n{checked:?}");
    assert!(!locations(&checked.stderr, file).is_empty(), "check should name {file} with a line:\n{checked:?}");
    built
}

#[test]
fn deeply_nested_shortcode_argument_is_an_error_not_a_crash() {
    let site = site_with(&format!("---\ntitle: Deep\n---\n\nText.\n\n{{{{ box(x={}\n", "[".repeat(20_000)));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(10));
    out.assert_stderr_has(&["content/blog/bad.md:7:", "nested"]);
}

#[test]
fn thousands_of_unclosed_block_shortcodes_are_fast_and_capped_at_20_errors() {
    let site = site_with(&format!("---\ntitle: Open\n---\n\n{}", "{% box() %}\n".repeat(10_000)));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(5));
    out.assert_stderr_has(&[
        "has no `{% end %}`",
        "content/blog/bad.md: and 9980 more errors in this file",
        "Build failed with 10000 errors",
    ]);
    assert_eq!(out.stderr.matches("has no `{% end %}`").count(), 20, "{out:?}");
}

#[test]
fn a_shortcode_argument_given_twice_is_an_error_at_the_second() {
    let site = site_with("---\ntitle: Twice\n---\n\n{{ box(body=\"a\", body=\"b\") }}\n");
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&["content/blog/bad.md:5:18", "`body` is given twice"]);
}

#[test]
fn deeply_nested_yaml_in_front_matter_is_one_error_at_its_place() {
    let site = site_with(&format!("---\ntitle: Deep\nlist: {}\n---\n\nText.\n", "[".repeat(20_000)));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(5));
    out.assert_stderr_has(&["content/blog/bad.md:3:", "nested more than 64 levels deep", "Build failed with 1 error;"]);
}

#[test]
fn deeply_nested_yaml_mappings_in_site_yaml_are_cut_off_fast() {
    let site = fixture("minimal");
    site.append("site.yaml", &format!("extra:\n  deep: {}\n", "{a: ".repeat(20_000)));
    let out = both_fail_fast(&site, "site.yaml", Duration::from_secs(5));
    out.assert_stderr_has(&["site.yaml:6:", "nested more than 64 levels deep"]);
}

#[test]
fn deeply_nested_block_yaml_is_cut_off() {
    let site = site_with(&format!("---\ntitle: Deep\nlist:\n  {}a\n---\n\nText.\n", "- ".repeat(20_000)));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(5));
    out.assert_stderr_has(&["content/blog/bad.md:4:", "nested more than 64 levels deep"]);
}

#[test]
fn an_alias_bomb_is_refused_at_the_aliases() {
    let mut yaml = String::from(
        "---\ntitle: Laughs\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"]) {
        yaml.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    let site = site_with(&format!("{yaml}---\n\nText.\n"));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(5));
    out.assert_stderr_has(&["content/blog/bad.md:4:8", "aliases"]);
}

#[test]
fn a_yaml_tag_on_any_field_is_an_error_at_the_tag() {
    let site = site_with("---\ntitle: Tagged\nsubtitle: !custom hello\n---\n\nText.\n");
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&["content/blog/bad.md:3:11", "YAML tag `!custom`"]);
    let site = fixture("minimal");
    site.append("site.yaml", "extra:\n  logo: !image logo.png\n");
    site.build(&[]).assert_error().assert_stderr_has(&["site.yaml:6:9", "YAML tag `!image`"]);
}

/// Builds `minimal` with `templates` written over it; the build must fail naming `at`.
fn template_loop(templates: &[(&str, &str)], at: &str, needles: &[&str]) {
    let site = fixture("minimal");
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&[at]).assert_stderr_has(needles);
}

#[test]
fn circular_templates_name_the_file_and_line_that_closes_the_loop() {
    template_loop(
        &[("page.html", "<p>\n{% include \"page.html\" %}\n")],
        "templates/page.html:2:12",
        &["`page.html` includes itself"],
    );
    template_loop(
        &[("page.html", "{% extends \"page.html\" %}\n")],
        "templates/page.html:1:12",
        &["`page.html` extends itself"],
    );
    template_loop(
        &[
            ("page.html", "<p>\n{% include \"a.html\" %}\n"),
            ("a.html", "x\n{% include \"b.html\" %}\n"),
            ("b.html", "y\n{% include \"a.html\" %}\n"),
        ],
        "templates/b.html:2:12",
        &["a.html → b.html → a.html"],
    );
    template_loop(
        &[("shortcodes/box.html", "<div>\n{% include \"shortcodes/box.html\" %}</div>\n")],
        "templates/shortcodes/box.html:2:12",
        &["`shortcodes/box.html` includes itself"],
    );
}

#[test]
fn invalid_utf8_in_site_yaml_is_shown_at_its_line_naming_the_file_once() {
    let site = fixture("minimal");
    let mut bytes = std::fs::read(site.root.join("site.yaml")).unwrap();
    bytes.extend_from_slice(b"description: \"caf\xe9\"\n");
    site.write_bytes("site.yaml", &bytes);
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&["site.yaml:5:18", "this file is not valid UTF-8 text", "UTF-8 encoding"]);
    assert_eq!(out.stderr.matches("site.yaml").count(), 1, "the file is named once:\n{out:?}");
}

#[test]
fn taxonomy_terms_without_letters_or_digits_are_errors_at_the_term() {
    let site = fixture("minimal");
    site.append("site.yaml", "taxonomies:\n  - tags\n");
    site.write("content/blog/bad.md", "---\ntitle: Terms\ntags: [ok, \"..\", \"/\", \" \", \"\"]\n---\n\nText.\n");
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&[
        "content/blog/bad.md:3:13",
        "the term `..` in `tags` has no letters or digits",
        "content/blog/bad.md:3:19",
        "the term `/` in `tags`",
        "an empty term in `tags`",
        "Build failed with 4 errors",
    ]);
    let site = fixture("minimal");
    site.append("site.yaml", "taxonomies:\n  - tags\n");
    site.write("content/blog/bad.md", "---\ntitle: Terms\ntags: \"\"\n---\n\nText.\n");
    site.build(&[]).assert_error().assert_stderr_has(&["content/blog/bad.md:3:", "an empty term in `tags`"]);
}

#[test]
fn a_url_field_takes_http_and_https_and_says_so() {
    let page = |signup: &str| {
        format!(
            "---\ntitle: \"Link\"\nhost: \"Ana\"\nstarts: 2024-05-01T10:00:00-05:00\nsignup: {signup}\n---\n\nText.\n"
        )
    };
    let site = fixture("typed");
    site.write("content/trainings/x.md", &page("http://www.ala.org/"));
    site.build(&[]).assert_success();
    site.write("content/trainings/x.md", &page("ftp://www.ala.org/"));
    site.build(&[])
        .assert_error()
        .assert_stderr_has(&["content/trainings/x.md:5:9", "must be a web address starting with http:// or https://"]);
}

#[test]
fn calendars_name_the_site_in_their_prodid_escaped() {
    let site = fixture("typed");
    let yaml = crate::util::read(&site.root.join("site.yaml")).replace("title: \"Typed\"", "title: \"Café; a, b\"");
    site.write("site.yaml", &yaml);
    let out = site.build_ok(&[]);
    for rel in ["calendar.ics", "trainings/intro/intro.ics"] {
        let ics = crate::util::read(&out.join(rel));
        assert!(ics.contains("\r\nPRODID:-//ltc-hub//Café\\; a\\, b//EN\r\n"), "{rel}:\n{ics}");
        assert_eq!(ics.matches("PRODID:").count(), 1, "{rel}:\n{ics}");
    }
}

#[test]
fn a_duplicate_id_in_a_rendered_page_is_a_warning_as_documented() {
    let site = fixture("typed");
    let page = crate::util::read(&site.root.join("templates/page.html"))
        .replace("<article>", "<article id=\"what-you-learn\">");
    site.write("templates/page.html", &page);
    let out = site.check(&["--format", "json"]);
    let dup: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|f| f["rule"] == "duplicate-id")
        .collect();
    assert!(!dup.is_empty(), "{out:?}");
    assert!(dup.iter().all(|f| f["severity"] == "warning"), "{dup:?}");
    assert_eq!(out.code, 0, "warnings alone do not fail check:\n{out:?}");
    assert_eq!(site.check(&["--strict"]).code, 1, "but they do with --strict");
}

#[test]
fn thousands_of_broken_anchors_to_a_page_with_thousands_of_headings_are_fast() {
    let body: String = (0..2000).map(|i| format!("## Part {i}\n\n[see](@/blog/bad.md#nope-{i})\n\n")).collect();
    let site = site_with(&format!("---\ntitle: Anchors\n---\n\n{body}"));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(5));
    out.assert_stderr_has(&[
        "has no heading with the id `nope-0`",
        "and 1980 more errors in this file",
        "Build failed with 2000 errors",
    ]);
}

#[test]
fn a_closed_term_without_letters_or_digits_is_an_error_in_site_yaml() {
    let site = fixture("typed");
    let yaml = crate::util::read(&site.root.join("site.yaml")).replace("[webinar, workshop]", "[webinar, \"..\"]");
    site.write("site.yaml", &yaml);
    site.build(&[]).assert_error().assert_stderr_has(&["site.yaml:9:12", "the term `..` has no letters or digits"]);
}

#[test]
fn a_chain_of_thousands_of_included_templates_is_an_error_not_a_crash() {
    let site = fixture("minimal");
    site.write("templates/page.html", "<p>\n{% include \"c0.html\" %}\n");
    for i in 0..3000 {
        site.write(&format!("templates/c{i}.html"), &format!("{{% include \"c{}.html\" %}}\n", i + 1));
    }
    site.write("templates/c3000.html", "end\n");
    let out = site.build(&[]);
    out.assert_error().assert_stderr_has(&[
        "templates/page.html:2:12",
        "`page.html` starts a chain of includes and extends 3002 templates deep",
    ]);
}

/// Markdown nested past 100 levels (quotes in quotes, lists in lists) is one error where the
/// limit is crossed: no reader can follow it, and the search indexer's time grows with the
/// square of the depth (400,000 `>` took 18 s).
#[test]
fn markdown_nested_past_a_hundred_levels_is_one_error_at_its_place() {
    let site = site_with(&format!("---\ntitle: Deep\n---\n\nText.\n\n{}quoted\n", "> ".repeat(20_000)));
    let out = both_fail_fast(&site, "content/blog/bad.md", Duration::from_secs(10));
    out.assert_stderr_has(&["content/blog/bad.md:7:", "nested more than 100 levels deep"]);
    assert_eq!(out.stderr.matches("nested more than 100 levels deep").count(), 1, "{out:?}");
    let ok = site_with(&format!("---\ntitle: Fine\n---\n\n{}quoted\n", "> ".repeat(30)));
    ok.build_ok(&[]);
}

/// The per-file cap is for people reading a terminal: `check --format json` and `github` are
/// read by programs (CI annotations), which get every finding with its line.
#[test]
fn machine_formats_carry_every_finding_uncapped() {
    let site = site_with(&format!("---\ntitle: Open\n---\n\n{}", "{% box() %}\n".repeat(30)));
    for format in ["json", "github"] {
        let out = site.check(&["--format", format]);
        assert_eq!(out.code, 1, "{out:?}");
        assert_eq!(
            out.stdout.matches("block shortcode `box` has no").count(),
            30,
            "{format}: every finding:\n{}",
            out.stdout
        );
        assert!(!out.stdout.contains("more errors in this file"), "{format}:\n{}", out.stdout);
    }
    let human = site.check(&[]);
    assert_eq!(human.stderr.matches("has no `{% end %}`").count(), 20, "{human:?}");
}
