//! `expires:` in front matter: a page is left out of the site from that moment on, everywhere
//! a page can appear (its own file, listings, terms, sitemap, feeds), unless `--drafts`; `check`
//! warns about pages that expired or expire within 30 days; a bad value is an error at its place.

use crate::util::{fixture, html_files, read};

/// A day `days` from today (UTC), as `YYYY-MM-DD`.
fn day_from_now(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

fn with_calls() -> crate::util::Site {
    let site = fixture("basic");
    site.write(
        "content/blog/closed-call.md",
        "---\ntitle: \"Closed call\"\ndate: 2020-01-01\ntags: [grants]\nexpires: 2021-03-01T17:00:00-05:00\n---\n\nToo late.\n",
    );
    let open =
        format!("---\ntitle: \"Open call\"\ndate: 2020-01-02\nexpires: {}\n---\n\nApply now.\n", day_from_now(10));
    site.write("content/blog/open-call.md", &open);
    site.write(
        "content/blog/standing-offer.md",
        "---\ntitle: \"Standing offer\"\nexpires: 2999-01-01\n---\n\nAlways.\n",
    );
    site
}

#[test]
fn an_expired_page_is_left_out_and_one_still_to_expire_is_built() {
    let site = with_calls();
    let out = site.build_ok(&[]);
    assert!(!out.join("blog/closed-call").exists(), "an expired page is not written");
    assert!(!out.join("tags/grants").exists(), "a term used only by an expired page has no page");
    for rel in html_files(&out) {
        let html = read(&out.join(&rel));
        assert!(!html.contains("closed-call") && !html.contains("Closed call"), "{rel}:\n{html}");
    }
    for rel in ["sitemap.xml", "atom.xml", "rss.xml"] {
        assert!(!read(&out.join(rel)).contains("closed-call"), "{rel}");
    }
    assert!(read(&out.join("blog/open-call/index.html")).contains("<h1>Open call</h1>"));
    assert!(read(&out.join("blog/standing-offer/index.html")).contains("<h1>Standing offer</h1>"));
    assert!(read(&out.join("sitemap.xml")).contains("https://example.com/blog/open-call/"));
}

#[test]
fn drafts_flag_shows_expired_pages() {
    let site = with_calls();
    let out = site.build_ok(&["--drafts"]);
    assert!(read(&out.join("blog/closed-call/index.html")).contains("<h1>Closed call</h1>"));
    assert!(out.join("tags/grants/index.html").is_file());
}

#[test]
fn check_warns_about_expired_pages_and_pages_expiring_soon() {
    let site = with_calls();
    let result = site.check(&["--format", "json"]);
    assert_eq!(result.code, 0, "expiry findings are warnings:\n{result:?}");
    let findings: Vec<serde_json::Value> = result.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let expiry: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "expired" || f["rule"] == "expires-soon")
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f}");
            (f["rule"].as_str().unwrap(), f["file"].as_str().unwrap(), f["line"].as_u64(), f["column"].as_u64())
        })
        .collect();
    assert_eq!(
        expiry,
        [
            ("expired", "content/blog/closed-call.md", Some(5), Some(10)),
            ("expires-soon", "content/blog/open-call.md", Some(4), Some(10)),
        ],
        "the page expiring in 2999 is not listed: {findings:#?}"
    );
    let human = site.check(&[]);
    human.assert_stderr_has(&["content/blog/closed-call.md:5:10", "expired on 2021-03-01T17:00:00-05:00"]);
    human.assert_stderr_has(&[
        "content/blog/open-call.md:4:10",
        &format!("expires on {} (in 10 days)", day_from_now(10)),
    ]);
}

#[test]
fn a_bad_expires_value_is_an_error_at_its_place() {
    let site = fixture("basic");
    site.write("content/blog/bad.md", "---\ntitle: \"Bad\"\nexpires: next week\n---\n\nText.\n");
    let build = site.build(&[]);
    build.assert_error().assert_stderr_has(&[
        "content/blog/bad.md:3:10",
        "`expires` is `next week`, which is not a valid date",
        "expires: 2017-05-04",
    ]);
}
