//! Nothing is written outside the output folder, the output folder never swallows the site's
//! own files, and a failed build leaves the previous output exactly as it was.

use crate::util::{assert_same_tree, fixture, invalid, listing, path_str, read, tree};

#[test]
fn slug_with_dot_dot_is_an_error_and_nothing_is_written() {
    let site = invalid("unsafe-slug");
    let before = listing(site.tmp());
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&[
        "content/blog/escape.md:3:7",
        "the slug `../../x` is not allowed",
        "slug: ../../x",
    ]);
    assert_eq!(listing(site.tmp()), before, "nothing at all may be written by a failed build");
}

#[test]
fn alias_with_dot_dot_is_an_error_and_nothing_is_written() {
    let site = invalid("unsafe-alias");
    let before = listing(site.tmp());
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["the alias `../../outside`", "content/blog/moved.md:"]);
    assert!(
        result.stderr.contains("content/blog/moved.md:3:") || result.stderr.contains("content/blog/moved.md:4:"),
        "the error points at the aliases in the front matter:\n{result:?}"
    );
    assert_eq!(listing(site.tmp()), before, "nothing at all may be written by a failed build");
}

#[test]
fn two_pages_with_the_same_url_is_an_error_naming_both_files() {
    let site = invalid("url-clash");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["content/blog/copycat.md", "content/blog/hello.md", "/blog/hello/"]);
    assert!(!site.out().exists());
}

#[test]
fn alias_that_clashes_with_a_page_is_an_error() {
    let site = fixture("minimal");
    site.write("content/blog/moved.md", "---\ntitle: \"Moved\"\naliases: [/blog/hello/]\n---\n");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["content/blog/moved.md", "content/blog/hello.md", "/blog/hello/"]);
}

#[test]
fn output_inside_content_is_refused() {
    let site = fixture("minimal");
    let before = listing(site.tmp());
    let out = site.root.join("content/out");
    let result = site.build(&["--output", path_str(&out)]);
    result.assert_error().assert_stderr_has(&["content/"]);
    assert!(!out.exists(), "nothing is created inside content/");
    assert_eq!(listing(site.tmp()), before);
}

#[test]
fn output_inside_a_theme_is_refused() {
    let site = fixture("basic");
    let before = listing(site.tmp());
    let out = site.root.join("themes/basic/static/out");
    let result = site.build(&["--output", path_str(&out)]);
    result.assert_error().assert_stderr_has(&["themes/"]);
    assert_eq!(listing(site.tmp()), before);
}

#[test]
fn output_equal_to_the_root_is_refused() {
    let site = fixture("minimal");
    let before = tree(site.tmp());
    let result = site.build(&["--output", path_str(&site.root)]);
    result.assert_error().assert_stderr_has(&["site root"]);
    assert_same_tree(&before, &tree(site.tmp()));
}

#[test]
fn output_containing_the_root_is_refused() {
    let site = fixture("minimal");
    let before = tree(site.tmp());
    let result = site.build(&["--output", path_str(site.tmp())]);
    result.assert_error();
    assert_same_tree(&before, &tree(site.tmp()));
}

#[test]
fn output_written_by_someone_else_is_refused() {
    let site = fixture("minimal");
    let out = site.tmp().join("precious");
    std::fs::create_dir(&out).expect("create a folder");
    std::fs::write(out.join("keep.txt"), "not from ltc-hub\n").expect("write a file");
    let result = site.build(&["--output", path_str(&out)]);
    result.assert_error().assert_stderr_has(&["did not write"]);
    assert_eq!(listing(&out), ["", "keep.txt"], "the folder is left as it was");
    assert_eq!(read(&out.join("keep.txt")), "not from ltc-hub\n");
}

#[test]
fn output_that_is_a_file_is_refused() {
    let site = fixture("minimal");
    let out = site.tmp().join("a-file");
    std::fs::write(&out, "x").expect("write a file");
    let result = site.build(&["--output", path_str(&out)]);
    result.assert_error();
    assert_eq!(read(&out), "x");
}

#[test]
fn failed_build_after_a_good_one_leaves_the_output_untouched() {
    let site = fixture("basic");
    let out = site.build_ok(&[]);
    let before = tree(&out);
    site.write("content/blog/broken.md", "---\ntitle: \"Broken\"\ndate: 2017-02-30\n---\n");
    site.remove("content/blog/hello.md");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["the previous output in", "was left untouched"]);
    assert_same_tree(&before, &tree(&out));
    assert!(!site.root.join(".public.building").exists(), "no staging folder is left behind");
}

#[test]
fn failed_render_after_a_good_build_leaves_the_output_untouched_and_no_staging_folder() {
    let site = fixture("basic");
    let out = site.build_ok(&[]);
    let before = tree(&out);
    // An undefined variable only fails while rendering, after the staging folder exists.
    let page = site.root.join("themes/basic/templates/page.html");
    let text = read(&page).replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.no_such_field }}</h1>");
    std::fs::write(&page, text).expect("write the template");
    let result = site.build(&[]);
    result.assert_error();
    assert_same_tree(&before, &tree(&out));
    let leftovers: Vec<String> = listing(&site.root).into_iter().filter(|p| p.contains(".building")).collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
}

#[test]
fn rebuild_removes_stale_files() {
    let site = fixture("basic");
    let out = site.build_ok(&[]);
    assert!(out.join("docs/features/index.html").is_file());
    assert!(out.join("tags/reference/index.html").is_file());
    site.remove("content/docs/features.md");
    site.remove("static/files/root.txt");
    site.build_ok(&[]);
    assert!(!out.join("docs/features").exists(), "a deleted page disappears from the output");
    assert!(!out.join("files/root.txt").exists(), "a deleted static file disappears from the output");
    assert!(!out.join("tags/reference").exists(), "a term nobody uses any more disappears");
    assert!(!site.root.join(".public.building").exists() && !site.root.join(".public.old").exists());
}
