//! `ltc-hub check`: its three output formats, its exit codes (errors fail, warnings only with
//! `--strict`), every lint rule on a page that breaks it, and that it never writes anything.
//! Also the README's "When the build fails": its three messages must be what the tool prints.

use serde_json::Value;

use crate::util::{Site, fixture, listing, read, run};

/// The `typed` fixture plus one page that trips every Markdown and rendered-site rule, a page
/// no listing shows, and a folder without `_index.md`.
fn linted() -> Site {
    let site = fixture("typed");
    site.write_bytes("content/blog/pic.png", &crate::images::png(4, 4));
    site.write(
        "content/blog/lints.md",
        "---\ntitle: \"Lints\"\n---\n\n#### Too deep\n\n![](/blog/pic.png)\n\n[](@/blog/hello.md)\n\n\
         ## One {#same}\n\n## Two {#same}\n\n[gone](/nowhere/)\n\n[no anchor](/blog/hello/#nope)\n",
    );
    site.write("content/orphan.md", "---\ntitle: \"Orphan\"\n---\n\nNobody links here.\n");
    site.write("content/notes/first.md", "---\ntitle: \"First note\"\n---\n\nA note.\n");
    site
}

/// The findings of `check --format json`, each line parsed.
fn json_findings(site: &Site, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let result = site.check(&all);
    assert!(!result.stderr.contains("panicked"), "{result:?}");
    let findings = result
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{result:?}")))
        .collect();
    (result.code, findings)
}

fn find<'a>(findings: &'a [Value], rule: &str) -> &'a Value {
    findings.iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("no `{rule}` finding in {findings:#?}"))
}

#[test]
fn json_lines_have_the_documented_shape() {
    let (code, findings) = json_findings(&linted(), &[]);
    assert_eq!(code, 1, "link and anchor errors fail the check");
    assert!(findings.len() >= 8, "{findings:#?}");
    let keys = ["severity", "rule", "file", "line", "column", "end_line", "end_column", "message", "help"];
    for f in &findings {
        let obj = f.as_object().expect("each line is an object");
        let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = keys.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "exactly the documented keys: {f}");
        assert!(f["severity"] == "error" || f["severity"] == "warning", "{f}");
        assert!(f["message"].is_string() && f["help"].is_string() && f["file"].is_string(), "{f}");
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(f[k].is_null() || f[k].as_u64().is_some_and(|n| n >= 1), "{k} counts from 1: {f}");
        }
        if let (Some(l), Some(e)) = (f["line"].as_u64(), f["end_line"].as_u64()) {
            assert!(e >= l, "the span ends after it starts: {f}");
        }
    }
}

#[test]
fn every_rule_fires_at_its_place() {
    let (_, findings) = json_findings(&linted(), &[]);
    // (rule, severity, file, line)
    let expected: [(&str, &str, &str, Option<u64>); 8] = [
        ("heading-skipped", "warning", "content/blog/lints.md", Some(5)),
        ("image-alt", "warning", "content/blog/lints.md", Some(7)),
        ("link-text", "warning", "content/blog/lints.md", Some(9)),
        ("duplicate-id", "warning", "content/blog/lints.md", Some(13)),
        ("link", "error", "content/blog/lints.md", Some(15)),
        ("anchor", "error", "content/blog/lints.md", Some(17)),
        ("unlisted", "warning", "content/orphan.md", None),
        ("section-index", "warning", "content/notes", None),
    ];
    for (rule, severity, file, line) in expected {
        let f = find(&findings, rule);
        assert_eq!(f["severity"], severity, "{f}");
        assert_eq!(f["file"], file, "{f}");
        if let Some(line) = line {
            assert_eq!(f["line"], line, "{f}");
            assert_eq!(f["end_line"], line, "a one-line finding ends on its line: {f}");
        }
    }
    assert_eq!(find(&findings, "link")["column"], 8, "the link's address is marked");
    assert!(find(&findings, "anchor")["message"].as_str().unwrap().contains("no element with id `nope`"));
}

#[test]
fn duplicate_id_from_a_template_is_found_in_the_rendered_page() {
    let site = fixture("typed");
    let page = read(&site.root.join("templates/page.html")).replace("<article>", "<article id=\"what-you-learn\">");
    site.write("templates/page.html", &page);
    let (_, findings) = json_findings(&site, &[]);
    let f = find(&findings, "duplicate-id");
    assert!(
        f["message"].as_str().unwrap().contains("`what-you-learn` appears more than once on /trainings/intro/"),
        "{f}"
    );
    assert_eq!(f["file"], "content/trainings/intro.md");
}

#[test]
fn github_format_prints_workflow_commands() {
    let result = linted().check(&["--format", "github"]);
    assert_eq!(result.code, 1, "{result:?}");
    assert!(
        result.stdout.contains("::error file=content/blog/lints.md,line=15,col=8::/blog/lints/ links to `/nowhere/`"),
        "{result:?}"
    );
    assert!(result.stdout.contains("::warning file=content/blog/lints.md,line=7,col=1::this image has no alt text"));
    assert!(result.stdout.contains("::warning file=content/orphan.md::no listing or page links to /orphan/"));
    for line in result.stdout.lines() {
        assert!(line.starts_with("::error ") || line.starts_with("::warning "), "one command per line: {line:?}");
    }
}

#[test]
fn human_format_shows_the_snippet_and_a_summary() {
    let result = linted().check(&[]);
    assert_eq!(result.code, 1, "{result:?}");
    result.assert_stderr_has(&[
        "content/blog/lints.md:7:1",
        "this image has no alt text",
        "help: describe the image",
        "Checked: 2 errors, 6 warnings.",
    ]);
    assert_eq!(result.stdout, "", "human findings go to stderr");
}

#[test]
fn a_clean_site_passes_even_with_strict() {
    let site = fixture("typed");
    let result = site.check(&["--strict"]);
    assert_eq!(result.code, 0, "{result:?}");
    assert!(result.stderr.contains("Checked: 0 errors, 0 warnings."), "{result:?}");
    let json = site.check(&["--format", "json"]);
    assert_eq!((json.code, json.stdout.as_str()), (0, ""), "no findings, no lines");
}

#[test]
fn warnings_pass_unless_strict() {
    let site = fixture("typed");
    site.write_bytes("content/blog/pic.png", &crate::images::png(4, 4));
    site.write("content/blog/alt.md", "---\ntitle: \"Alt\"\n---\n\n![](/blog/pic.png)\n");
    let relaxed = site.check(&[]);
    assert_eq!(relaxed.code, 0, "warnings alone do not fail:\n{relaxed:?}");
    assert!(relaxed.stderr.contains("Checked: 0 errors, 1 warning."), "{relaxed:?}");
    let strict = site.check(&["--strict"]);
    assert_eq!(strict.code, 1, "--strict fails on warnings:\n{strict:?}");
    assert_eq!(site.check(&["--strict", "--format", "json"]).code, 1);
}

#[test]
fn errors_fail_and_check_reports_what_build_reports() {
    let site = fixture("typed");
    site.write("content/trainings/x.md", "---\ntitle: \"X\"\nhost: \"A\"\nstarts: 2024-05-01\n---\n");
    let (code, findings) = json_findings(&site, &[]);
    assert_eq!(code, 1);
    let f = find(&findings, "front-matter");
    assert_eq!(
        (f["file"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
        (Some("content/trainings/x.md"), Some(4), Some(9))
    );
    assert_eq!(f["end_column"], 19, "the span covers the value");
    let build = site.build(&[]);
    build.assert_error().assert_stderr_has(&["content/trainings/x.md:4:9"]);
}

#[test]
fn check_writes_nothing() {
    for site in [linted(), fixture("typed")] {
        let before = listing(site.tmp());
        let _ = site.check(&[]);
        let _ = site.check(&["--format", "json", "--drafts"]);
        assert!(!site.out().exists(), "check creates no public/");
        assert_eq!(listing(site.tmp()), before, "check changes no file or folder");
    }
}

#[test]
fn check_of_a_missing_root_is_an_error_not_a_crash() {
    let site = fixture("typed");
    let result = run(&["check", "--root", "no-such-folder", "--format", "json"], site.tmp());
    assert_eq!(result.code, 1, "{result:?}");
    let f: Value = serde_json::from_str(result.stdout.lines().next().expect("one finding")).expect("JSON");
    assert!(f["message"].as_str().unwrap().contains("site.yaml"), "{f}");
}

#[test]
fn readme_json_example_is_real() {
    let (code, findings) = json_findings(&fixture("readme-errors"), &[]);
    assert_eq!(code, 1);
    let f = &findings[0];
    let readme = read(&std::path::Path::new(crate::util::REPO).join("README.md"));
    let example = readme
        .lines()
        .find(|l| l.starts_with("{\"severity\":\"error\",\"rule\":\"front-matter\""))
        .expect("the example");
    let shown = example.split(",\"message\"").next().expect("the example's fields before the message");
    let real = f.to_string();
    assert!(real.starts_with(shown), "the README's JSON example:\n{example}\nwhat check prints:\n{real}");
    let message_start = example.split("\"message\":\"").nth(1).and_then(|m| m.split('…').next()).expect("message");
    assert!(f["message"].as_str().unwrap().starts_with(message_start), "{real}");
    let help_start = example.split("\"help\":\"").nth(1).and_then(|m| m.split('…').next()).expect("help");
    assert!(f["help"].as_str().unwrap().starts_with(help_start.trim_end()), "{real}");
}

/// The README's "When the build fails" messages, one per blank-line-separated block.
fn readme_messages() -> Vec<String> {
    let readme = read(&std::path::Path::new(crate::util::REPO).join("README.md"));
    let section = &readme[readme.find("## When the build fails").expect("the README has the section")..];
    let start = section.find("```\n").expect("a code block") + 4;
    let block = &section[start..];
    let block = &block[..block.find("```").expect("the code block ends")];
    block.split("\n\n").map(|m| m.trim_end().to_string()).filter(|m| !m.is_empty()).collect()
}

#[test]
fn readme_error_messages_are_real() {
    let messages = readme_messages();
    assert_eq!(messages.len(), 3, "three messages: {messages:#?}");
    let site = fixture("readme-errors");
    let build = site.build(&[]);
    build.assert_error().assert_stderr_has(&["Build failed with 5 errors;"]);
    let check = site.check(&[]);
    assert_eq!(check.code, 1);
    for m in &messages {
        assert!(build.stderr.contains(m.as_str()), "the README's message is not what build prints:\n{m}\n\n{build:?}");
        assert!(check.stderr.contains(m.as_str()), "the README's message is not what check prints:\n{m}\n\n{check:?}");
    }
}
