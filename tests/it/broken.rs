//! Broken sites. Each case builds a copy of the `typed` fixture (a small valid site with a typed
//! collection and a closed taxonomy), breaks one thing, and builds again. The second build must
//! fail with exit code 1 (never a panic's 101, never success), point at the file with its line
//! and column, say how to fix it (`help:`), and leave the first build's output exactly as it
//! was, byte for byte. A few inputs that look broken must simply work: a byte-order mark, CRLF
//! line endings, a huge page, a folder of pages without `_index.md`.
//!
//! Every case under `tests/fixtures/invalid/` is held to the same bar at the end of this file.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::util::{
    Output, Site, assert_same_tree, fixture, fixtures_dir, invalid_cases, listing, locations, read, tree, tree_names,
};

type Tree = BTreeMap<String, Vec<u8>>;

/// A copy of `typed`, built once successfully, with what that build wrote.
fn built() -> (Site, Tree) {
    let site = fixture("typed");
    let out = site.build_ok(&[]);
    let before = tree(&out);
    assert!(before.contains_key("trainings/intro/index.html"), "the typed fixture builds its pages");
    (site, before)
}

/// Builds `typed`, applies `breakage`, builds again, and checks the bar: exit code 1, `at`
/// (`FILE:LINE:COL`) and every one of `needles` in stderr, a help line, and the first output
/// untouched. Returns the failed run.
fn breaks(breakage: impl FnOnce(&Site), at: &str, needles: &[&str]) -> Output {
    let (site, before) = built();
    breakage(&site);
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&[at, "help:"]).assert_stderr_has(needles);
    assert_same_tree(&before, &tree(&site.out()));
    let leftovers: Vec<String> =
        listing(site.tmp()).into_iter().filter(|p| p.contains(".building") || p.contains(".old")).collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
    result
}

/// A trainings page with its required fields; `extra` lines go after them (from line 5).
fn training(extra: &str) -> String {
    format!("---\ntitle: \"Broken\"\nhost: \"Ana\"\nstarts: 2024-05-01T10:00:00-05:00\n{extra}---\n\nText.\n")
}

// ---- The file itself ----

#[test]
fn unterminated_front_matter() {
    breaks(
        |s| s.write("content/blog/open.md", "---\ntitle: \"Open\"\n\nThe closing line was forgotten.\n"),
        "content/blog/open.md:1:1",
        &["the front matter is not closed", "add a line with just `---`"],
    );
}

#[test]
fn page_without_front_matter() {
    breaks(
        |s| s.write("content/blog/bare.md", "# Just Markdown\n\nNo front matter at all.\n"),
        "content/blog/bare.md:1:1",
        &["this page has no front matter"],
    );
}

#[test]
fn empty_markdown_file() {
    breaks(|s| s.write("content/blog/empty.md", ""), "content/blog/empty.md:1:1", &["this page has no front matter"]);
}

#[test]
fn front_matter_that_is_a_list() {
    breaks(
        |s| s.write("content/blog/list.md", "---\n- title\n- date\n---\n"),
        "content/blog/list.md:2:1",
        &["the front matter must be `key: value` lines, not a list"],
    );
}

#[test]
fn tab_indentation_in_yaml() {
    breaks(
        |s| s.write("content/blog/tab.md", "---\ntitle: \"Tab\"\ntags:\n\t- news\n---\n"),
        "content/blog/tab.md:4:1",
        &["a tab is used for indentation", "replace the tab"],
    );
}

#[test]
fn duplicate_key_points_at_the_second_one() {
    breaks(
        |s| s.write("content/blog/twice.md", "---\ntitle: \"One\"\ndate: 2024-01-01\ntitle: \"Two\"\n---\n"),
        "content/blog/twice.md:4:1",
        &["duplicate entry with key \"title\"", "each key may appear only once"],
    );
}

#[test]
fn yaml_syntax_error() {
    breaks(
        |s| s.write("content/blog/quote.md", "---\ntitle: \"Unclosed\ndate: 2024-01-01\n---\n"),
        "content/blog/quote.md:2:8",
        &["invalid YAML: this quoted value is never closed", "opened here", "the same quote mark"],
    );
}

#[test]
fn invalid_utf8() {
    let result = breaks(
        |s| s.write_bytes("content/blog/latin1.md", b"---\ntitle: \"Caf\xe9\"\n---\n\nNa\xefve.\n"),
        "content/blog/latin1.md:2:12",
        &["this file is not valid UTF-8 text", "save the file with UTF-8 encoding"],
    );
    assert!(result.stderr.contains("invalid byte"), "the byte is marked:\n{result:?}");
}

#[test]
fn binary_file_with_a_markdown_name() {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    let result = breaks(
        |s| s.write_bytes("content/blog/photo.md", &png),
        "content/blog/photo.md:3:1",
        &["this looks like a binary file", "only text files may end in .md"],
    );
    assert!(
        !result.stderr.contains('\u{1b}') && !result.stderr.contains('\u{1a}'),
        "no raw control bytes reach the terminal"
    );
}

#[test]
fn utf16_file_is_reported_as_not_text() {
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("---\ntitle: x\n---\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    breaks(|s| s.write_bytes("content/blog/utf16.md", &utf16), "content/blog/utf16.md:1:4", &["UTF-16"]);
}

#[test]
fn huge_single_line_with_an_error_at_its_end_fails_cleanly() {
    // One 500 KB line: the marker would sit past column 65,535, where the report drawing
    // library panics; the message must still come, with its line and column.
    let words = 100_000;
    let line = format!("{}[broken](@/blog/nowhere.md)\n", "word ".repeat(words));
    let at = format!("content/blog/long.md:5:{}", words * 5 + 1);
    let result = breaks(
        |s| s.write("content/blog/long.md", &format!("---\ntitle: \"Long\"\n---\n\n{line}")),
        &at,
        &["`@/blog/nowhere.md`", "there is no such page"],
    );
    assert!(result.stderr.len() < 10_000, "the 500 KB line is not printed ({} bytes of stderr)", result.stderr.len());
}

#[test]
fn symlink_loop_under_content() {
    #[cfg(unix)]
    {
        // A folder has no line: the message names the link itself.
        let result = breaks(
            |s| std::os::unix::fs::symlink("..", s.root.join("content/blog/loop")).expect("create a symlink"),
            "content/blog/loop",
            &["points back to a folder that contains it", "remove the link"],
        );
        assert_eq!(result.stderr.matches("× ").count(), 1, "one error for the loop:\n{result:?}");
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = training("format: [café, workshp]\n").replace("\"Ana\"", "\"Zoë\"");
    let result = breaks(
        |s| s.write("content/trainings/x.md", &text),
        "content/trainings/x.md:5:16",
        &["`workshp` is not a term of the taxonomy `format`", "`café` is not a term", "x.md:5:10"],
    );
    assert!(!result.stderr.contains("x.md:5:17"), "not a byte offset:\n{result:?}");
}

#[test]
fn deeply_nested_yaml_fails_cleanly() {
    let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    breaks(
        |s| s.write("content/blog/deep.md", &format!("---\ntitle: \"Deep\"\nextra: {nested}\n---\n")),
        "content/blog/deep.md:3:",
        &["invalid YAML: nested more than 64 levels deep"],
    );
}

// ---- Inputs that look odd but are fine ----

#[test]
fn byte_order_mark_works_and_changes_nothing() {
    let (site, before) = built();
    for rel in ["content/blog/hello.md", "content/trainings/intro.md", "content/_index.md"] {
        let text = read(&site.root.join(rel));
        site.write(rel, &format!("\u{feff}{text}"));
    }
    site.build_ok(&[]);
    assert_same_tree(&before, &tree(&site.out()));
}

#[test]
fn crlf_line_endings_work_and_give_the_same_html() {
    let (site, before) = built();
    for rel in tree_names(&site.root.join("content")) {
        let rel = format!("content/{rel}");
        let text = read(&site.root.join(&rel));
        assert!(!text.contains('\r'));
        site.write(&rel, &text.replace('\n', "\r\n"));
    }
    site.build_ok(&[]);
    assert_same_tree(&before, &tree(&site.out()));
}

#[test]
fn crlf_errors_still_point_at_the_right_line_and_column() {
    breaks(
        |s| s.write("content/trainings/x.md", &training("seats: many\r\n").replace('\n', "\r\n").replace("\r\r", "\r")),
        "content/trainings/x.md:5:8",
        &["`seats` is `many`, but it must be a whole number"],
    );
}

#[test]
fn huge_page_builds() {
    // About 5 MB of Markdown, with equal headings (their ids must be made unique in linear
    // time). 20 MB works too, but takes 15 s in a debug build. The search index is turned off:
    // Pagefind alone takes 40 s on this page in a debug build (4 s in release).
    let (site, _) = built();
    site.append("site.yaml", "outputs:\n  search: false\n");
    let block =
        "## Section\n\nSome *text* with a [link](https://example.org/) and `code`, and more words.\n\n- one\n- two\n\n";
    let body = block.repeat(5_000_000 / block.len());
    site.write("content/blog/huge.md", &format!("---\ntitle: \"Huge\"\n---\n\n{body}"));
    let started = Instant::now();
    site.build_ok(&[]);
    assert!(started.elapsed() < Duration::from_secs(60), "a 5 MB page took {:?}", started.elapsed());
    let html = read(&site.out().join("blog/huge/index.html"));
    assert!(html.len() > 5_000_000 && html.contains("id=\"section-1000\""), "every heading gets its own id");
}

#[test]
fn folder_without_index_is_a_section_and_check_warns() {
    let (site, _) = built();
    site.write("content/notes/first.md", "---\ntitle: \"First note\"\n---\n\nA note.\n");
    site.build_ok(&[]);
    let html = read(&site.out().join("notes/index.html"));
    assert!(html.contains("<h1>Notes</h1>"), "the section is titled from its folder:\n{html}");
    assert!(html.contains("/notes/first/"), "and lists its pages:\n{html}");
    let result = site.check(&[]);
    assert_eq!(result.code, 0, "a warning does not fail check:\n{result:?}");
    assert!(result.stderr.contains("content/notes/ has no _index.md"), "{result:?}");
    let json = site.check(&["--format", "json"]);
    assert!(json.stdout.contains("\"rule\":\"section-index\""), "{json:?}");
    assert!(json.stdout.contains("\"file\":\"content/notes\""), "{json:?}");
}

// ---- Every field type of a collection, each with a value of the wrong type, at its line ----

/// A trainings page whose line 5 is `line`: the build fails at line 5, column `col`.
fn wrong_type(line: &str, col: usize, needles: &[&str]) {
    let at = format!("content/trainings/x.md:5:{col}");
    let result = breaks(|s| s.write("content/trainings/x.md", &training(&format!("{line}\n"))), &at, needles);
    assert!(result.stderr.contains("Build failed with 1 error;"), "exactly one error:\n{result:?}");
}

/// A trainings page whose `host` (a string field, line 4) is written as `value`.
fn wrong_host(value: &str, needles: &[&str]) {
    let text = format!("---\ntitle: \"Broken\"\nstarts: 2024-05-01T10:00:00-05:00\nhost: {value}\n---\n");
    breaks(|s| s.write("content/trainings/x.md", &text), "content/trainings/x.md:4:7", needles);
}

#[test]
fn wrong_type_string() {
    wrong_host("[Ana, Ben]", &["`host` is a list, but it must be one line of text"]);
}

#[test]
fn wrong_type_string_from_yaml_guessing() {
    wrong_host("true", &["`host` is `true` (true/false), but it must be one line of text", "put it in quotes"]);
    wrong_host("1.10", &["`host` is the number 1.1, but it must be one line of text", "put it in quotes"]);
}

#[test]
fn wrong_type_string_with_several_lines() {
    let result = breaks(
        |s| {
            s.write(
                "content/trainings/x.md",
                &training("abstract: Fine\nhost: |\n  Ana\n  Ben\n").replace("host: \"Ana\"\n", ""),
            )
        },
        "content/trainings/x.md:5:1",
        &["`host` is several lines of text, but it must be one line of text", "make the field `text`"],
    );
    assert!(!result.stderr.contains("`Ana\n"), "the value is not pasted into the headline:\n{result:?}");
}

#[test]
fn folded_string_is_one_line() {
    let (site, _) = built();
    site.write("content/trainings/x.md", &training("abstract: >\n  A long abstract\n  folded by YAML.\n"));
    site.write(
        "content/trainings/y.md",
        "---\ntitle: \"Y\"\nhost: >\n  Ana Ruiz\nstarts: 2024-05-01T10:00:00-05:00\n---\n",
    );
    site.build_ok(&[]);
    let html = read(&site.out().join("trainings/y/index.html"));
    assert!(html.contains("<dt>host</dt><dd>&quot;Ana Ruiz&quot;</dd>"), "the trailing newline is dropped:\n{html}");
}

#[test]
fn wrong_type_text() {
    wrong_type("abstract: 12", 11, &["`abstract` is the number 12, but it must be text", "\"12\""]);
}

#[test]
fn wrong_type_integer() {
    wrong_type("seats: \"40\"", 9, &["`seats` is `40`, but it must be a whole number", "without quotes"]);
}

#[test]
fn wrong_type_integer_given_a_fraction() {
    wrong_type("seats: 2.5", 8, &["`seats` is the number 2.5, but it must be a whole number"]);
}

#[test]
fn wrong_type_number() {
    wrong_type("hours: one", 8, &["`hours` is `one`, but it must be a number"]);
}

#[test]
fn wrong_type_boolean() {
    wrong_type("recorded: \"yes\"", 12, &["`recorded` is `yes`, but it must be true or false", "not yes/no"]);
}

#[test]
fn wrong_type_date() {
    wrong_type("day: 5 March 2024", 6, &["`day` is `5 March 2024`, but it must be a date (YYYY-MM-DD)"]);
}

#[test]
fn impossible_date_in_a_date_field() {
    wrong_type("day: 2017-02-30", 6, &["`day` is `2017-02-30`, but it must be a date", "a real calendar date"]);
}

#[test]
fn impossible_publication_date() {
    breaks(
        |s| s.write("content/blog/feb.md", "---\ntitle: \"February\"\ndate: 2017-02-30\n---\n"),
        "content/blog/feb.md:3:7",
        &["`date` is `2017-02-30`, which is not a valid date"],
    );
}

#[test]
fn wrong_type_datetime() {
    breaks(
        |s| s.write("content/trainings/x.md", &training("").replace("2024-05-01T10:00:00-05:00", "2017-04-06")),
        "content/trainings/x.md:4:9",
        &["`starts` is `2017-04-06`, but it must be a date and time", "add the time and the UTC offset"],
    );
}

#[test]
fn wrong_type_datetime_without_offset() {
    let result = breaks(
        |s| {
            let text = training("").replace("starts: 2024-05-01T10:00:00-05:00", "starts: 2024-05-01T10:00:00");
            s.write("content/trainings/x.md", &text);
        },
        "content/trainings/x.md:4:9",
        &["`starts` is `2024-05-01T10:00:00`, but it must be a date and time with its UTC offset", "UTC offset"],
    );
    assert!(result.stderr.contains("e.g. `starts: 2017-05-04T14:00:00-05:00`"), "{result:?}");
}

#[test]
fn wrong_type_url() {
    wrong_type("signup: www.ala.org", 9, &["`signup` is `www.ala.org`, but it must be a web address", "https://"]);
}

#[test]
fn wrong_type_email() {
    wrong_type(
        "contact: ana at example.org",
        10,
        &["`contact` is `ana at example.org`, but it must be an email address"],
    );
}

#[test]
fn value_outside_a_closed_set() {
    wrong_type(
        "level: beginer",
        8,
        &["`level` is `beginer`, which is not one of the allowed values", "did you mean `beginner`?"],
    );
}

#[test]
fn wrong_item_in_a_list_of_strings() {
    wrong_type("audience: [staff, [nested]]", 11, &["`audience` is a list, but it must be one line of text"]);
}

#[test]
fn wrong_item_in_a_list_of_dates_points_at_the_item() {
    wrong_type("sessions: [2024-03-05, 2024-02-30]", 24, &["`sessions` is `2024-02-30`, but it must be a date"]);
}

#[test]
fn scalar_where_a_list_belongs() {
    wrong_type("sessions: 2024-03-05", 11, &["`sessions` must be a list, not text", "`sessions: [first, second]`"]);
}

// ---- Collections and taxonomies ----

#[test]
fn misspelt_field_gets_a_did_you_mean() {
    wrong_type(
        "audiance: [staff]",
        1,
        &["unknown field `audiance` for a page in trainings/", "did you mean `audience`?"],
    );
}

#[test]
fn missing_required_field() {
    breaks(
        |s| s.write("content/trainings/x.md", &training("").replace("host: \"Ana\"\n", "")),
        "content/trainings/x.md:1:1",
        &["this trainings/ page has no `host`, which is required", "add a line `host: …`", "Who leads it"],
    );
}

#[test]
fn term_outside_a_closed_taxonomy() {
    breaks(
        |s| s.write("content/trainings/x.md", &training("format:\n  - webinar\n  - workshp\n")),
        "content/trainings/x.md:7:5",
        &["`workshp` is not a term of the taxonomy `format`", "did you mean `workshop`?"],
    );
}

#[test]
fn collection_for_a_missing_section() {
    breaks(
        |s| s.write("site.yaml", &read(&s.root.join("site.yaml")).replace("  trainings:\n", "  trainigs:\n")),
        "site.yaml:12:3",
        &[
            "site.yaml declares a collection for `trainigs`, but there is no content/trainigs/ folder",
            "did you mean `trainings`?",
        ],
    );
}

#[test]
fn unknown_field_type_in_site_yaml() {
    breaks(
        |s| s.append("site.yaml", "      notes: { type: strng }\n"),
        "site.yaml:27:14",
        &["`strng` is not a field type", "did you mean `string`?"],
    );
}

#[test]
fn unknown_site_yaml_key() {
    breaks(
        |s| s.append("site.yaml", "taxonomy: [a]\n"),
        "site.yaml:27:1",
        &["unknown key `taxonomy`", "did you mean `taxonomies`?"],
    );
}

#[test]
fn unknown_key_in_a_section_index() {
    breaks(
        |s| s.write("content/trainings/_index.md", "---\ntitle: \"Trainings\"\nsort: title\n---\n"),
        "content/trainings/_index.md:3:1",
        &["unknown key `sort` in a section's front matter", "did you mean `sort_by`?"],
    );
}

// ---- URLs and links ----

#[test]
fn duplicate_slugs_point_at_the_slug() {
    breaks(
        |s| {
            s.write(
                "content/trainings/copy.md",
                &training("").replace("title: \"Broken\"\n", "title: \"Copy\"\nslug: intro\n"),
            )
        },
        "content/trainings/copy.md:3:7",
        &["two sources want the same URL /trainings/intro/:", "this slug"],
    );
}

#[test]
fn empty_slug() {
    breaks(
        |s| s.write("content/blog/s.md", "---\ntitle: \"S\"\nslug: \"\"\n---\n"),
        "content/blog/s.md:3:7",
        &["the slug is empty"],
    );
}

#[test]
fn link_to_a_renamed_page_gets_a_did_you_mean() {
    breaks(
        |s| s.write("content/blog/links.md", "---\ntitle: \"Links\"\n---\n\nSee [the intro](@/trainings/intr.md).\n"),
        "content/blog/links.md:5:5",
        &["`@/trainings/intr.md`", "there is no such page", "did you mean `@/trainings/intro.md`?"],
    );
}

#[test]
fn link_to_a_missing_anchor_gets_a_did_you_mean() {
    breaks(
        |s| s.write("content/blog/links.md", "---\ntitle: \"Links\"\n---\n\n[x](@/trainings/intro.md#what-you-lern)\n"),
        "content/blog/links.md:5:1",
        &["has no heading with the id `what-you-lern`", "did you mean `#what-you-learn`?"],
    );
}

// ---- Templates and shortcodes ----

#[test]
fn unknown_template_in_front_matter() {
    breaks(
        |s| s.write("content/trainings/x.md", &training("template: pgae.html\n")),
        "content/trainings/x.md:5:11",
        &["the template `pgae.html` does not exist", "did you mean `page.html`?"],
    );
}

#[test]
fn template_syntax_error() {
    breaks(
        |s| s.write("templates/term.html", "<h1>{{ term.title | }}</h1>\n"),
        "templates/term.html:1:21",
        &["template error"],
    );
}

#[test]
fn unknown_filter_in_a_template() {
    breaks(
        |s| s.write("templates/taxonomy.html", "<h1>{{ taxonomy.title }}</h1>\n<p>{{ taxonomy.title | upcase }}</p>\n"),
        "templates/taxonomy.html:2:24",
        &["template error: Unknown filter `upcase`"],
    );
}

#[test]
fn template_extending_a_missing_template() {
    breaks(
        |s| s.write("templates/term.html", "{% extends \"bsae.html\" %}\n"),
        "templates/term.html:1:12",
        &["`term.html` extends `bsae.html`, which does not exist"],
    );
}

#[test]
fn template_render_error_names_the_page() {
    let result = breaks(
        |s| s.write("templates/page.html", "<h1>{{ page.title }}</h1>\n<p>{{ page.no_such_field }}</p>\n"),
        "templates/page.html:2:12",
        &["template error while rendering content/"],
    );
    assert!(result.stderr.contains("Build failed with"), "{result:?}");
}

#[test]
fn unknown_shortcode() {
    breaks(
        |s| s.write("content/blog/sc.md", "---\ntitle: \"Shortcodes\"\n---\n\nBefore.\n\n{{ boxx() }}\n"),
        "content/blog/sc.md:7:1",
        &["unknown shortcode `boxx`", "did you mean `box`?"],
    );
}

#[test]
fn shortcode_with_unparsable_arguments() {
    breaks(
        |s| s.write("content/blog/sc.md", "---\ntitle: \"Shortcodes\"\n---\n\n{{ seats(count=) }}\n"),
        "content/blog/sc.md:5:4",
        &["shortcode `seats`", "the value of `count`"],
    );
}

#[test]
fn shortcode_with_an_argument_of_the_wrong_type() {
    breaks(
        |s| s.write("content/blog/sc.md", "---\ntitle: \"Shortcodes\"\n---\n\n{{ seats(count=\"many\") }}\n"),
        "content/blog/sc.md:5:1",
        &["shortcode `seats` failed", "templates/shortcodes/seats.html"],
    );
}

#[test]
fn block_shortcode_without_end() {
    breaks(
        |s| s.write("content/blog/sc.md", "---\ntitle: \"Shortcodes\"\n---\n\n{% box() %}\nNever closed.\n"),
        "content/blog/sc.md:5:4",
        &["block shortcode `box` has no `{% end %}`"],
    );
}

// ---- Many at once ----

#[test]
fn errors_in_several_files_are_all_reported_sorted() {
    let result = breaks(
        |s| {
            s.write("content/trainings/x.md", &training("seats: many\n"));
            s.write("content/blog/a.md", "---\ntitle: \"A\"\ndate: 2017-02-30\n---\n");
            s.write("content/blog/b.md", "---\ntitle: \"B\"\n---\n\n[x](@/nowhere.md)\n");
        },
        "content/blog/a.md:3:7",
        &["content/blog/b.md:5:1", "content/trainings/x.md:5:8", "Build failed with 3 errors;"],
    );
    let a = result.stderr.find("content/blog/a.md:3").unwrap_or(usize::MAX);
    let b = result.stderr.find("content/blog/b.md:5").unwrap_or(usize::MAX);
    let x = result.stderr.find("content/trainings/x.md:5").unwrap_or(usize::MAX);
    assert!(a < b && b < x, "sorted by file and line:\n{result:?}");
}

// ---- The invalid/ fixtures, held to the same bar ----

#[test]
fn every_invalid_fixture_meets_the_bar() {
    let mut wrong = Vec::new();
    for case in invalid_cases() {
        let site = fixture("minimal");
        let before = tree(&site.build_ok(&[]));
        site.overlay(&format!("invalid/{case}"));
        let result = site.build(&[]);
        let files = tree_names(&fixtures_dir().join("invalid").join(&case));
        let located = files.iter().any(|f| !locations(&result.stderr, f).is_empty());
        let problems = [
            (result.code != 1, "exit code is not 1"),
            (result.stderr.contains("panicked"), "panicked"),
            (!located, "no FILE:LINE:COL of a file of the case"),
            (!result.stderr.contains("help:"), "no help line"),
            (tree(&site.out()) != before, "the previous output changed"),
        ];
        for (bad, what) in problems {
            if bad {
                wrong.push(format!("{case}: {what}\n{result:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
