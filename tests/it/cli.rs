//! The command line: the summary line, `--quiet`, the default root, and usage errors (exit 2).

use crate::util::{fixture, path_str, run, tree};

#[test]
fn build_prints_one_summary_line_with_the_counts() {
    let site = fixture("basic");
    let result = site.build(&[]);
    result.assert_success();
    let lines: Vec<&str> = result.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "build prints exactly one line:\n{result:?}");
    let line = lines[0];
    let files = tree(&site.out()).len();
    // 15 published pages; home, blog, docs, field-notes, guides, guides/advanced; the terms
    // intro, news, reference, updates (tags) and small-rural (library_type).
    let expected_start =
        format!("Built 15 pages, 6 sections, 5 terms: {files} files written to {} in ", site.out().display());
    assert!(line.starts_with(&expected_start), "summary line {line:?} should start with {expected_start:?}");
    let seconds = line[expected_start.len()..].strip_suffix(" s").expect("the line ends in \" s\"");
    seconds.parse::<f64>().unwrap_or_else(|_| panic!("{seconds:?} should be a number of seconds"));
}

#[test]
fn quiet_build_prints_nothing() {
    let site = fixture("basic");
    let result = site.build(&["--quiet"]);
    result.assert_success();
    assert_eq!(result.stdout, "", "--quiet prints nothing on stdout");
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn root_defaults_to_the_current_folder() {
    let site = fixture("minimal");
    let result = run(&["build"], &site.root);
    result.assert_success();
    assert!(site.root.join("public/index.html").is_file(), "the default output is ROOT/public");
    assert!(site.root.join("public/blog/hello/index.html").is_file());
}

#[test]
fn output_flag_chooses_the_output_folder() {
    let site = fixture("minimal");
    let (out, result) = site.build_into("elsewhere", &[]);
    result.assert_success();
    assert!(out.join("index.html").is_file());
    assert!(!site.out().exists(), "nothing is written to ROOT/public when --output is given");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = fixture("minimal");
    let result = site.build(&["--no-such-flag"]);
    assert_eq!(result.code, 2, "usage errors exit with 2:\n{result:?}");
    assert!(result.stderr.contains("--no-such-flag"), "stderr names the flag:\n{result:?}");
    assert!(!site.out().exists(), "a usage error builds nothing");
}

#[test]
fn missing_subcommand_is_a_usage_error() {
    let site = fixture("minimal");
    let result = run(&[], &site.root);
    assert_eq!(result.code, 2, "{result:?}");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let site = fixture("minimal");
    let result = run(&["bulid"], &site.root);
    assert_eq!(result.code, 2, "{result:?}");
}

#[test]
fn non_numeric_jobs_is_a_usage_error() {
    let site = fixture("minimal");
    let result = site.build(&["--jobs", "many"]);
    assert_eq!(result.code, 2, "{result:?}");
    assert!(!site.out().exists());
}

#[test]
fn help_exits_successfully() {
    let site = fixture("minimal");
    let result = run(&["build", "--help"], &site.root);
    assert_eq!(result.code, 0, "{result:?}");
    assert!(result.stdout.contains("--base-url"), "help lists the flags:\n{result:?}");
}

#[test]
fn root_without_site_yaml_is_an_error_not_a_crash() {
    let site = fixture("minimal");
    let empty = site.tmp().join("empty");
    std::fs::create_dir(&empty).expect("create a folder");
    let result = run(&["build", "--root", path_str(&empty)], site.tmp());
    result.assert_error().assert_stderr_has(&["site.yaml"]);
    assert!(!empty.join("public").exists());
}
