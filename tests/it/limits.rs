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
