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
    summary_seconds(line, &expected_start);
}

/// The seconds at the end of a summary line that starts with `expected_start`.
fn summary_seconds(line: &str, expected_start: &str) -> f64 {
    assert!(line.starts_with(expected_start), "summary line {line:?} should start with {expected_start:?}");
    let seconds = line[expected_start.len()..].strip_suffix(" s").expect("the line ends in \" s\"");
    seconds.parse::<f64>().unwrap_or_else(|_| panic!("{seconds:?} should be a number of seconds"))
}

/// The progress bar is for terminals only: a build whose output is captured, long enough for the
/// bar (over a second, in a debug build), prints the summary line and nothing else, not even
/// with a `TERM` that could draw it.
#[test]
fn long_build_with_captured_output_prints_only_the_summary() {
    const EXTRA: usize = 600;
    let site = fixture("minimal");
    for i in 0..EXTRA {
        site.write(
            &format!("content/blog/post-{i}.md"),
            &format!("---\ntitle: \"Post {i}\"\ndate: 2024-02-01\n---\n\n## Part {i}\n\nSome *text* for post {i}.\n"),
        );
    }
    let out = std::process::Command::new(crate::util::BIN)
        .args(["build", "--root", path_str(&site.root)])
        .current_dir(site.tmp())
        .env("TERM", "xterm-256color")
        .output()
        .expect("run ltc-hub");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stderr, "", "no progress (nor anything else) on captured stderr");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one summary line:\n{stdout}");
    assert!(stdout.ends_with(" s\n") && !stdout.contains(['\r', '\x1b']), "{stdout:?}");
    let files = tree(&site.out()).len();
    let expected_start = format!(
        "Built {} pages, 2 sections, 0 terms: {files} files written to {} in ",
        EXTRA + 2,
        site.out().display()
    );
    let seconds = summary_seconds(lines[0], &expected_start);
    if seconds < 1.0 {
        println!("note: the build took {seconds} s, under the progress bar's one second");
    }
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
