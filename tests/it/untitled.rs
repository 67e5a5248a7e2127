//! Pages without `title` (issue 13, point 9): titled from their first `# heading`, else their
//! file name; `check` warns `missing-title` at the file; a collection can still require it.

use crate::util::*;

#[test]
fn a_page_without_title_takes_its_first_heading_or_its_file_name() {
    let site = fixture("minimal");
    site.write(
        "content/blog/from-heading.md",
        "---\ndate: 2024-02-01\n---\n\nIntro.\n\n```\n# not this\n```\n\n# The Real Title #\n\nText.\n",
    );
    site.write("content/blog/my-first_post.md", "---\ndate: 2024-02-02\n---\n\nNo heading.\n");
    let out = site.build_ok(&[]);
    let page = read(&out.join("blog/from-heading/index.html"));
    assert!(page.contains("<title>The Real Title</title>"), "{page}");
    let page = read(&out.join("blog/my-first_post/index.html"));
    assert!(page.contains("<title>My first post</title>"), "{page}");
    let listing = read(&out.join("blog/index.html"));
    assert!(listing.contains(">The Real Title</a>") && listing.contains(">My first post</a>"), "{listing}");
}

#[test]
fn check_warns_missing_title_at_the_file() {
    let site = fixture("minimal");
    site.write("content/blog/no-title.md", "---\ndate: 2024-02-01\n---\n\n# Found\n");
    let result = site.check(&[]);
    result.assert_success().assert_stderr_has(&[
        "content/blog/no-title.md:1:1",
        "this page has no `title`, so it is titled \"Found\"",
        "Checked: 0 errors, 1 warning.",
    ]);
    let json = site.check(&["--format", "json"]);
    let line: serde_json::Value = serde_json::from_str(json.stdout.trim()).expect("one JSON finding");
    assert_eq!(
        (&line["rule"], &line["severity"], &line["file"], &line["line"]),
        (&"missing-title".into(), &"warning".into(), &"content/blog/no-title.md".into(), &1.into())
    );
}

#[test]
fn a_collection_can_require_title() {
    let site = invalid("missing-title");
    site.build(&[])
        .assert_error()
        .assert_stderr_has(&["content/blog/untitled.md:1:", "this page has no `title`, which blog/ pages require"]);
}
