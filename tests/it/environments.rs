//! Environments: `--env NAME` or `LTC_HUB_ENV` layers `site.NAME.yaml` over site.yaml, and
//! templates see `config.environment`.

use std::process::Command;

use crate::util::{BIN, REPO, fixture, locations, path_str, read, run};

const INDEX: &str = "<!DOCTYPE html><html><head><title>{{ site.title }}</title></head>\
<body><p id=env>{{ config.environment }}</p><p id=extra>{{ config.extra.a }}-{{ config.extra.b }}</p></body></html>\n";

fn site_with_overlay() -> crate::util::Site {
    let site = fixture("minimal");
    site.write("templates/index.html", INDEX);
    site.append("site.yaml", "extra:\n  a: base-a\n  b: base-b\n");
    site.write("site.staging.yaml", "title: \"Minimal (staging)\"\nextra:\n  b: staged-b\n");
    site
}

#[test]
fn the_overlay_is_merged_and_templates_see_the_environment() {
    let site = site_with_overlay();
    let html = read(&site.build_ok(&["--env", "staging"]).join("index.html"));
    assert!(html.contains("<title>Minimal (staging)</title>"), "{html}");
    assert!(html.contains("<p id=env>staging</p>"), "{html}");
    assert!(html.contains("<p id=extra>base-a-staged-b</p>"), "mappings merge key by key: {html}");

    let html = read(&site.build_ok(&[]).join("index.html"));
    assert!(html.contains("<title>Minimal</title>"), "{html}");
    assert!(html.contains("<p id=env>production</p>"), "{html}");
    assert!(html.contains("<p id=extra>base-a-base-b</p>"), "{html}");
}

#[test]
fn ltc_hub_env_names_the_environment_when_env_is_not_given() {
    let site = site_with_overlay();
    let out = Command::new(BIN)
        .args(["build", "--root", path_str(&site.root)])
        .current_dir(site.tmp())
        .env("NO_COLOR", "1")
        .env("LTC_HUB_ENV", "staging")
        .output()
        .expect("run ltc-hub");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = read(&site.out().join("index.html"));
    assert!(html.contains("<p id=env>staging</p>"), "{html}");
}

#[test]
fn an_error_in_the_overlay_points_into_the_overlay() {
    let site = site_with_overlay();
    site.write("site.staging.yaml", "# staging\nfeed:\n  limit: many\n");
    let result = site.build(&["--env", "staging"]);
    result.assert_error().assert_stderr_has(&["`limit` must be a whole number"]);
    assert_eq!(locations(&result.stderr, "site.staging.yaml"), vec![(3, 10)], "{}", result.stderr);

    site.write("site.staging.yaml", "titel: \"Staging\"\n");
    let result = site.build(&["--env", "staging"]);
    result.assert_error().assert_stderr_has(&["unknown key `titel`", "did you mean `title`?"]);
    assert_eq!(locations(&result.stderr, "site.staging.yaml"), vec![(1, 1)], "{}", result.stderr);

    site.write("site.staging.yaml", "extra: [unclosed\n");
    let result = site.build(&["--env", "staging"]);
    result.assert_error();
    assert!(!locations(&result.stderr, "site.staging.yaml").is_empty(), "{}", result.stderr);
}

#[test]
fn a_named_environment_without_its_file_is_an_error_listing_the_files_present() {
    let site = site_with_overlay();
    site.write("site.preview.yaml", "title: Preview\n");
    let result = site.check(&["--env", "stagin"]);
    assert_ne!(result.code, 0, "{result:?}");
    assert!(result.stderr.contains("site.stagin.yaml"), "{result:?}");
    assert!(result.stderr.contains("site.preview.yaml, site.staging.yaml"), "{result:?}");

    // production is the default, and its overlay is optional.
    site.build(&["--env", "production"]).assert_success();
}

#[test]
fn the_hubs_staging_build_says_noindex() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("out");
    run(&["build", "--root", REPO, "--output", path_str(&out), "--env", "staging"], tmp.path()).assert_success();
    let html = read(&out.join("index.html"));
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#), "{html}");

    let out = tmp.path().join("prod");
    run(&["build", "--root", REPO, "--output", path_str(&out)], tmp.path()).assert_success();
    assert!(!read(&out.join("index.html")).contains("noindex"));
}
