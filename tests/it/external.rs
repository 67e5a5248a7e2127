//! `check --external` against local HTTP servers started by each test (loopback only): every
//! kind of answer, the politeness limits, the cache (two failures a day apart, TTL) with the
//! fake clock `LTC_HUB_NOW` of debug builds, and `--fix-moved`.

mod server;

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{BIN, Output, Site, fixture, path_str, read, tree};
use server::{Server, refused_base};

/// The minimal site with `content/blog/links.md` holding `body` (its first line is line 6) and
/// `links:` settings in site.yaml.
fn site_with(body: &str, settings: &str) -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", &format!("links:\n{settings}"));
    site.write("content/blog/links.md", &format!("---\ntitle: \"Links\"\ndate: 2024-01-02\n---\n\n{body}"));
    site
}

/// Runs `ltc-hub check --root ROOT ARGS…` with the clock at `now` (when given).
fn check_at(bin: &str, site: &Site, now: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(bin);
    cmd.args(["check", "--root", path_str(&site.root)]).args(args).current_dir(site.tmp()).env("NO_COLOR", "1");
    match now {
        Some(t) => cmd.env("LTC_HUB_NOW", t),
        None => cmd.env_remove("LTC_HUB_NOW"),
    };
    let out = cmd.output().expect("run ltc-hub");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn external(site: &Site, now: Option<&str>, args: &[&str]) -> Output {
    let mut all = vec!["--external", "--format", "json"];
    all.extend_from_slice(args);
    let out = check_at(BIN, site, now, &all);
    assert!(!out.stderr.contains("panicked"), "{out:?}");
    out
}

/// The JSON findings on links.md: (rule, line, severity, message).
fn findings(out: &Output) -> Vec<(String, u64, String, String)> {
    out.stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}\n{out:?}")))
        .filter(|v| v["file"].as_str().is_some_and(|f| f.ends_with("links.md")))
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (s("rule"), v["line"].as_u64().unwrap_or(0), s("severity"), s("message"))
        })
        .collect()
}

fn on_line(found: &[(String, u64, String, String)], line: u64) -> Vec<(String, String)> {
    found.iter().filter(|f| f.1 == line).map(|f| (f.0.clone(), f.3.clone())).collect()
}

#[test]
fn each_answer_is_told_apart_and_points_at_its_line() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let (b, r) = (&s.base, refused_base());
    let body = format!(
        "- [ok]({b}/ok)\n- [404]({b}/404)\n- [410]({b}/410)\n- [old]({b}/old)\n- [loop]({b}/loop-a)\n\
         - [busy]({b}/busy)\n- [slow]({b}/slow)\n- [refused]({r}/page)\n- [anchor]({b}/ok#here)\n\
         - [missing]({b}/ok#nowhere)\n- [no head]({b}/no-head)\n- [temporary]({b}/temporary)\n\
         - [404 again]({b}/404)\n- [tls]({tls}/ok)\n- [forbidden]({b}/403)\n",
        tls = b.replace("http:", "https:")
    );
    let site = site_with(&body, "  timeout: 500ms\n  spacing: 0ms\n");
    let started = Instant::now();
    let out = external(&site, None, &[]);
    assert_eq!(out.code, 0, "findings are warnings without --strict:\n{out:?}");
    let found = findings(&out);
    let one = |line: u64, rule: &str, text: &str| {
        let here = on_line(&found, line);
        assert!(
            here.iter().any(|(r, m)| r == rule && m.contains(text)),
            "line {line}: want {rule} {text:?}, got {here:?}\n{out:?}"
        );
    };
    one(7, "external-failing", "404 Not Found");
    one(8, "external-failing", "410 Gone");
    one(9, "external-moved", &format!("moved permanently to `{b}/ok`"));
    one(10, "external-failing", "redirect loop");
    one(12, "external-failing", "no answer within 500ms (timeout)");
    one(13, "external-failing", "connection refused");
    one(15, "external-anchor", "no element with id `nowhere`");
    one(18, "external-failing", "404 Not Found");
    one(19, "external-failing", "TLS: the secure connection failed");
    one(20, "external-unverified", "could not be verified: 403 Forbidden");
    for quiet in [6, 11, 14, 16, 17] {
        assert!(on_line(&found, quiet).is_empty(), "line {quiet} works: {:?}\n{out:?}", on_line(&found, quiet));
    }
    // Each URL is asked once however often it is written: HEAD, then GET when HEAD fails.
    assert_eq!(s.hits_on("/404"), 2, "{:?}", s.hits());
    assert!(s.hits().contains(&"HEAD /no-head".to_string()) && s.hits().contains(&"GET /no-head".to_string()));
    // 429 with Retry-After: 1 was waited for, then asked again.
    assert_eq!(s.hits_on("/busy"), 2, "{:?}", s.hits());
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(started.elapsed() < Duration::from_secs(10), "the timeout applies: {:?}", started.elapsed());
    // --strict fails on the missing anchor, not on links that failed only once or moved.
    let strict = external(&site, None, &["--strict"]);
    assert_eq!(strict.code, 1, "{strict:?}");
    let errors: Vec<_> = findings(&strict).into_iter().filter(|f| f.2 == "error").map(|f| f.0).collect();
    assert_eq!(errors, ["external-anchor"], "{strict:?}");
}

#[test]
fn a_link_is_broken_only_after_two_failures_a_day_apart() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let site = site_with(&format!("[gone]({}/404)\n", s.base), "  spacing: 0ms\n");
    let first = external(&site, Some("2026-01-01T00:00:00Z"), &["--strict"]);
    assert_eq!(first.code, 0, "one failure is a warning, even with --strict:\n{first:?}");
    let f = findings(&first);
    assert_eq!((f[0].0.as_str(), f[0].1, f[0].2.as_str()), ("external-failing", 6, "warning"), "{first:?}");
    assert!(f[0].3.contains("failing since 2026-01-01 00:00 UTC"), "{first:?}");

    let later = external(&site, Some("2026-01-01T23:59:59Z"), &["--strict"]);
    assert_eq!(later.code, 0, "under a day after the first failure:\n{later:?}");
    assert_eq!(findings(&later)[0].0, "external-failing");

    let next_day = external(&site, Some("2026-01-02T00:00:00Z"), &["--strict"]);
    assert_eq!(next_day.code, 1, "{next_day:?}");
    let f = findings(&next_day);
    assert_eq!((f[0].0.as_str(), f[0].2.as_str()), ("external-broken", "error"), "{next_day:?}");
    assert!(f[0].3.contains("is broken: 404 Not Found (failing since 2026-01-01 00:00 UTC)"), "{next_day:?}");
    let lenient = external(&site, Some("2026-01-02T01:00:00Z"), &[]);
    assert_eq!(lenient.code, 0, "broken links are warnings without --strict:\n{lenient:?}");
    assert_eq!(findings(&lenient)[0].2, "warning");

    let cache = read(&site.root.join(".ltc-hub/links.json"));
    assert!(cache.contains("\"first_failure\": \"2026-01-01T00:00:00Z\""), "{cache}");
    assert!(cache.contains("\"checked\": \"2026-01-02T01:00:00Z\""), "{cache}");
}

#[test]
fn a_second_run_within_the_ttl_asks_nothing() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let body = format!("[a]({0}/a) and [b]({0}/b), [robots not welcome]({0}/skipped/x)\n", s.base);
    let site = site_with(&body, "  ttl: 7d\n  spacing: 0ms\n  skip: [\"*/skipped/*\"]\n");
    let first = external(&site, Some("2026-03-01T00:00:00Z"), &[]);
    assert_eq!((first.code, s.hits().len()), (0, 2), "skipped links are not asked: {first:?}");
    let cache = site.root.join(".ltc-hub/links.json");
    let bytes = read(&cache);
    let again = check_at(BIN, &site, Some("2026-03-07T23:00:00Z"), &["--external"]);
    assert_eq!(s.hits().len(), 2, "within the TTL nothing is asked: {:?}", s.hits());
    again
        .assert_stderr_has(&["2 checked (0 requests, 2 answered from .ltc-hub/links.json within the TTL), 1 skipped."]);
    assert_eq!(read(&cache), bytes, "nothing new, so the cache keeps its bytes");
    external(&site, Some("2026-03-08T00:00:00Z"), &[]);
    assert_eq!(s.hits().len(), 4, "after the TTL both are asked again: {:?}", s.hits());
    site.write(".ltc-hub/links.json", "<<<<<<< HEAD\n");
    let damaged = check_at(BIN, &site, Some("2026-03-08T01:00:00Z"), &["--external"]);
    assert_eq!(s.hits().len(), 6, "a damaged cache is started afresh: {:?}", s.hits());
    damaged.assert_stderr_has(&["links.json could not be read", "every link is asked afresh"]);
    assert!(read(&cache).starts_with("{\n  \"version\": 1,"), "{}", read(&cache));
}

#[test]
fn one_host_never_gets_more_requests_at_once_than_its_limit() {
    let s = Server::start("127.0.0.1", Duration::from_millis(40));
    let body: String = (0..12).map(|i| format!("- [p{i}]({}/p/{i})\n", s.base)).collect();
    let site = site_with(&body, "  per_host: 1\n  spacing: 0ms\n");
    let out = external(&site, None, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(s.hits().len(), 12, "{:?}", s.hits());
    assert_eq!(s.max_in_flight(), 1, "per_host: 1 was exceeded");
}

#[test]
fn fix_moved_rewrites_only_the_links_bytes() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let b = &s.base;
    let body = format!(
        "Intro  with  odd   spacing.\n[old]({b}/old) then [again]({b}/old \"t\")\n\
         <{b}/old-too#here> stays an autolink; [fine]({b}/ok) is untouched.\n\ttab\r\n\
         Written as code, `{b}/old` is not a link and stays.\nlast line without newline"
    );
    let site = site_with(&body, "  spacing: 0ms\n");
    let file = site.root.join("content/blog/links.md");
    let before_tree = tree(&site.root.join("content"));
    let before = read(&file);
    let out = check_at(BIN, &site, None, &["--external", "--fix-moved"]);
    assert_eq!(out.code, 0, "{out:?}");
    let want = before
        .replace(&format!("{b}/old-too#"), &format!("{b}/ok#"))
        .replace(&format!("{b}/old)"), &format!("{b}/ok)"))
        .replace(&format!("{b}/old \""), &format!("{b}/ok \""));
    assert_ne!(want, before);
    assert_eq!(read(&file), want, "only the moved links' bytes change");
    let mut after_tree = tree(&site.root.join("content"));
    after_tree.remove("blog/links.md");
    let mut before_tree = before_tree;
    before_tree.remove("blog/links.md");
    assert_eq!(after_tree, before_tree, "no other content file changes");
    assert!(
        out.stdout.contains("--- a/content/blog/links.md\n+++ b/content/blog/links.md\n@@ -7 +7 @@\n-[old]("),
        "{out:?}"
    );
    assert!(out.stdout.contains(&format!("+<{b}/ok#here> stays")), "{out:?}");
}

#[test]
fn a_link_in_a_template_points_at_the_template() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let site = site_with("No links here.\n", "  spacing: 0ms\n");
    let page = site.root.join("templates/page.html");
    let html = read(&page)
        .replace("</article>", &format!("</article>\n<footer><a href=\"{}/old\">Partner</a></footer>", s.base));
    site.write("templates/page.html", &html);
    let out = external(&site, None, &["--fix-moved"]);
    assert_eq!(out.code, 0, "{out:?}");
    let line = html.lines().position(|l| l.contains("<footer>")).unwrap() as u64 + 1;
    let found: Value = serde_json::from_str(out.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!((found["file"].as_str(), found["line"].as_u64()), (Some("templates/page.html"), Some(line)), "{out:?}");
    let message = found["message"].as_str().unwrap();
    assert!(
        message.contains("has moved permanently") && message.ends_with("(shown by a template; on 3 pages)"),
        "{out:?}"
    );
    assert_eq!(read(&page), html, "--fix-moved leaves templates to a person");
    assert_eq!(s.hits_on("/old"), 1, "asked once for all pages: {:?}", s.hits());
}

#[test]
fn a_url_field_of_the_front_matter_is_checked_at_its_line() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let site = fixture("typed");
    site.write(
        "content/trainings/basic.md",
        &format!(
            "---\ntitle: \"Basics\"\nhost: \"Ben Ode\"\nstarts: 2024-04-01T10:00:00Z\nsignup: {}/410\n---\n\nBody.\n",
            s.base
        ),
    );
    let out = external(&site, None, &[]);
    let hit = out.stdout.lines().find(|l| l.contains("/410")).unwrap_or_else(|| panic!("no finding: {out:?}"));
    let found: Value = serde_json::from_str(hit).unwrap();
    assert_eq!(found["file"], "content/trainings/basic.md", "{out:?}");
    assert_eq!((found["line"].as_u64(), found["column"].as_u64()), (Some(5), Some(9)), "{out:?}");
    assert_eq!(found["rule"], "external-failing");
}

#[test]
fn the_default_check_stays_offline() {
    let s = Server::start("127.0.0.1", Duration::ZERO);
    let body = format!("[a]({}/404) [b](https://nonexistent.invalid/page) [c]({}/x)\n", s.base, refused_base());
    let site = site_with(&body, "  spacing: 0ms\n");
    let out = site.check(&[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("external"), "{out:?}");
    assert!(s.hits().is_empty());
    assert!(!site.root.join(".ltc-hub").exists());
}

/// The speed check of issue 14 (run by hand; see the README): 1,000 distinct URLs on 50 hosts
/// (127.0.0.1 … 127.0.0.50, the limit is per host name) that each answer after 100 ms.
/// `LTC_HUB_BIN=target/release/ltc-hub cargo test --test it external::speed -- --ignored --nocapture`
#[test]
#[ignore]
fn speed_1000_urls_on_50_hosts() {
    let bin = std::env::var("LTC_HUB_BIN").unwrap_or_else(|_| BIN.to_string());
    let ips: Vec<String> = (1..=50).map(|i| format!("127.0.0.{i}")).collect();
    let servers = server::many(&ips, Duration::from_millis(100));
    let body: String = (0..1000).map(|i| format!("- [l{i}]({}/page/{i})\n", servers[&ips[i % 50]].base)).collect();
    let site = site_with(&body, "  ttl: 7d\n");
    let started = Instant::now();
    let out = check_at(&bin, &site, None, &["--external"]);
    let took = started.elapsed();
    assert_eq!(out.code, 0, "{out:?}");
    let hits: usize = servers.values().map(|s| s.hits().len()).sum();
    let max = servers.values().map(Server::max_in_flight).max().unwrap_or(0);
    println!("first run: {took:?}, {hits} requests, at most {max} in flight on one host");
    let started = Instant::now();
    let again = check_at(&bin, &site, None, &["--external"]);
    let hits_after: usize = servers.values().map(|s| s.hits().len()).sum();
    println!("second run: {:?}, {} new requests", started.elapsed(), hits_after - hits);
    assert_eq!(again.code, 0);
    assert_eq!((hits, hits_after), (1000, 1000));
    assert!(max <= 2, "the default per_host is 2");
    assert!(took < Duration::from_secs(10), "{took:?}");
}
