//! Errors a user can make, each reported with exit code 1 (never a panic), the file, line and
//! column relative to the site root, and a help line; several errors in one run are all shown.

use crate::util::{Output, fixture, invalid, invalid_cases, read};

/// Builds the invalid case and checks it fails with exactly one error, showing `needles`.
fn fails_with(case: &str, needles: &[&str]) -> Output {
    let site = invalid(case);
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(needles).assert_stderr_has(&["help:", "Build failed with 1 error;"]);
    assert!(!site.out().exists(), "a failed first build writes no output");
    result
}

#[test]
fn broken_yaml_front_matter_reports_file_and_line() {
    fails_with(
        "yaml-syntax",
        &["invalid YAML", "content/blog/broken.md:3:16", "title: Dialogue: a guide", "must be quoted"],
    );
}

#[test]
fn unterminated_front_matter_is_reported() {
    fails_with("unterminated-front-matter", &["the front matter is not closed", "content/blog/open.md:1:1"]);
}

#[test]
fn missing_title_is_reported() {
    fails_with(
        "missing-title",
        &["this page has no `title`, which blog/ pages require", "content/blog/untitled.md:1:"],
    );
}

#[test]
fn impossible_date_is_reported_at_its_value() {
    fails_with(
        "invalid-date",
        &["`date` is `2017-02-30`, which is not a valid date", "content/blog/bad-date.md:3:7", "YYYY-MM-DD"],
    );
}

#[test]
fn unknown_site_yaml_key_suggests_the_right_one() {
    fails_with("unknown-config-key", &["unknown key `taxonomy`", "site.yaml:3:1", "did you mean `taxonomies`?"]);
}

#[test]
fn unknown_template_in_front_matter_is_reported() {
    fails_with(
        "unknown-template",
        &["the template `fancy.html` does not exist", "content/blog/templated.md:3:11", "page.html"],
    );
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    fails_with("template-syntax", &["template error", "templates/page.html:4:21", "{{ page.title | }}"]);
}

#[test]
fn template_render_error_names_the_template_and_the_page() {
    let site = fixture("minimal");
    site.write(
        "templates/page.html",
        "<!DOCTYPE html>\n<html><head><title>{{ page.title }}</title></head>\n<body>{{ page.no_such_field }}</body></html>\n",
    );
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["templates/page.html:3:", "content/blog/hello.md"]);
}

#[test]
fn link_to_a_missing_page_reports_file_and_line() {
    fails_with("missing-page-link", &["`@/blog/nowhere.md`", "there is no such page", "content/blog/linker.md:7:5"]);
}

#[test]
fn link_to_a_missing_anchor_reports_file_and_line() {
    fails_with(
        "missing-anchor",
        &["`@/blog/hello.md` has no heading with the id `nowhere`", "content/blog/anchor.md:5:9", "greetings"],
    );
}

#[test]
fn broken_link_inside_a_block_shortcode_is_reported() {
    fails_with("link-in-shortcode-body", &["`@/blog/nowhere.md`", "there is no such page", "content/blog/boxed.md:6:"]);
}

#[test]
fn several_errors_in_several_files_are_reported_in_one_run() {
    let site = invalid("several-errors");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&[
        "content/blog/no-title.md:2:",
        "the page's `title` is empty",
        "content/blog/bad-date.md:3:7",
        "`date` is `2023-13-01`",
        "content/notes/broken-link.md:5:3",
        "`@/notes/missing.md`",
        "Build failed with 3 errors;",
    ]);
    assert_eq!(result.stderr.matches("help:").count(), 3, "each error has its help line:\n{result:?}");
}

#[test]
fn every_invalid_fixture_fails_with_exit_code_1() {
    let mut wrong = Vec::new();
    for case in invalid_cases() {
        let site = invalid(&case);
        let result = site.build(&[]);
        if result.code != 1 || result.stderr.contains("panicked") {
            wrong.push(format!("{case}: {result:?}"));
        }
    }
    assert!(wrong.is_empty(), "invalid sites must fail with exit code 1:\n{}", wrong.join("\n\n"));
}

#[test]
fn errors_show_the_offending_line_of_the_file() {
    let result = fails_with("invalid-date", &[]);
    let source = read(&crate::util::fixtures_dir().join("invalid/invalid-date/content/blog/bad-date.md"));
    let line = source.lines().nth(2).expect("line 3");
    assert!(result.stderr.contains(&format!("3 │ {line}")), "the line is quoted with its number:\n{result:?}");
}

#[test]
fn empty_title_is_reported_at_its_value() {
    fails_with("empty-title", &["the page's `title` is empty", "content/blog/blank.md:2:8"]);
}

#[test]
fn wrong_types_in_site_yaml_are_errors_at_their_value_with_their_help() {
    let site = fixture("minimal");
    let yaml = read(&site.root.join("site.yaml"));
    site.write("site.yaml", &format!("{yaml}outputs:\n  sitemap:\n  robots: yes please\nfeed:\n  limit: -3\n"));
    let lines = yaml.lines().count();
    let (sitemap, robots, limit) = (lines + 2, lines + 3, lines + 5);
    site.build(&[]).assert_error().assert_stderr_has(&[
        "`sitemap` must be true or false, not nothing",
        &format!("site.yaml:{sitemap}:3"),
        "`robots` must be true or false, not text",
        &format!("site.yaml:{robots}:11"),
        "write `true` or `false`",
        "`limit` must be a whole number, not a number",
        &format!("site.yaml:{limit}:10"),
        "write a number such as 10 (0 turns it off)",
        "Build failed with 3 errors;",
    ]);
}
