//! Failures found by an adversarial review of issue 10's fixes (symbolic links, the output's
//! lock), each run with the real binary on a temporary site.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::swap::{finish, spawn_holding_lock};
use crate::util::{BIN, Output, Site, fixture, path_str};

const SECRET: &str = "TOP-SECRET-CONTENTS";

/// A second build of the same output folder, named through a symbolic link to it, is still
/// the same output: it must wait for the first (or, with `--no-wait`, fail naming it), not
/// write into the same `.public.building` at the same time (which published a half site and
/// said "Built").
#[test]
fn a_build_through_a_link_to_the_output_folder_takes_the_same_lock() {
    let site = fixture("minimal");
    site.build_ok(&[]);
    let alias = site.tmp().join("out-link");
    symlink(site.out(), &alias).expect("link to the output");
    let (first, pid) = spawn_holding_lock(&site);
    let second = site.build(&["--no-wait", "--output", path_str(&alias)]);
    finish(first).assert_success();
    assert_eq!(second.code, 1, "the second build must not write while the first holds the lock:\n{second:?}");
    assert!(second.stderr.contains(&format!("process {pid}")), "it names the holder:\n{second:?}");
    assert!(second.stderr.contains("nothing was written"), "{second:?}");
}

/// A folder named in `allow_links_to` may hold the site itself (`..`) or a repository: a link
/// into its `.git` is still refused, as the walk never enters one either.
#[test]
fn allow_links_to_never_opens_a_version_control_folder() {
    for (allowed, git) in [("..", "site/.git"), ("../shared", "shared/.git")] {
        let site = fixture("minimal");
        site.build_ok(&[]);
        let before = crate::util::tree(&site.out());
        let git_dir = site.tmp().join(git);
        std::fs::create_dir_all(&git_dir).expect("create .git");
        std::fs::write(git_dir.join("config"), SECRET).expect("write the config");
        site.append("site.yaml", &format!("allow_links_to: [\"{allowed}\"]\n"));
        std::fs::create_dir_all(site.root.join("static")).expect("create static/");
        symlink(git_dir.join("config"), site.root.join("static/config")).expect("plant the link");
        let result = site.build(&[]);
        result.assert_error().assert_stderr_has(&["static/config", "version-control folder"]);
        assert_eq!(crate::util::tree(&site.out()), before, "the previous output is untouched ({allowed})");
        assert!(!result.stderr.contains(SECRET), "{result:?}");
    }
}

/// Runs `ltc-hub COMMAND --root ROOT` and kills it if it has not ended within 10 s: a read
/// that blocks shows as a failed assertion, not a test that never ends.
fn run_within(site: &Site, command: &str) -> Output {
    let mut child = Command::new(BIN)
        .args([command, "--root", path_str(&site.root)])
        .current_dir(site.tmp())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ltc-hub");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("poll ltc-hub").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ltc-hub {command} was still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    finish(child)
}

/// A named pipe where a page, an asset or site.yaml should be (an unlucky host: a tool's
/// socket or fifo left in the folder) is an error naming it; reading it used to wait forever.
#[test]
fn a_named_pipe_in_the_site_is_an_error_not_a_hang() {
    for (fifo, shown) in [
        ("content/blog/pipe.md", "content/blog/pipe.md"),
        ("content/blog/pipe.png", "content/blog/pipe.png"),
        ("static/pipe.css", "static/pipe.css"),
        ("site.yaml", "site.yaml"),
    ] {
        let site = fixture("minimal");
        let path = site.root.join(fifo);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        let _ = std::fs::remove_file(&path);
        let made = Command::new("mkfifo").arg(&path).status().expect("run mkfifo");
        assert!(made.success(), "mkfifo {}", path.display());
        for command in ["build", "check"] {
            let out = run_within(&site, command);
            assert_eq!(out.code, 1, "{command} with a pipe at {fifo}:\n{out:?}");
            assert!(
                out.stderr.contains(shown) && out.stderr.contains("named pipe"),
                "{command} names {fifo}:\n{out:?}"
            );
        }
    }
}

/// A shortcode call with 50,000 arguments is read in linear time (each name was compared with
/// every earlier one: 100,000 arguments took 16 s in a release build), and a name given twice
/// at its end is still found, at its place.
#[test]
fn a_shortcode_with_fifty_thousand_arguments_is_read_fast() {
    let site = fixture("minimal");
    let args: Vec<String> = (0..50_000).map(|i| format!("a{i}=1")).collect();
    site.write("content/blog/many.md", &format!("---\ntitle: Many\n---\n\n{{{{ box({}, a7=2) }}}}\n", args.join(",")));
    let started = Instant::now();
    let out = site.build(&[]);
    let took = started.elapsed();
    out.assert_error().assert_stderr_has(&["content/blog/many.md:5:", "`a7` is given twice"]);
    assert!(took < Duration::from_secs(5), "build took {took:?}");
}

/// A slug or an alias segment longer than a file name may be (255 bytes) is an error at its
/// line in the front matter; it was `cannot write blog/aaa…/index.html: File name too long`,
/// naming no source, with a help about disk space.
#[test]
fn a_slug_or_alias_longer_than_a_file_name_is_an_error_at_its_line() {
    let long = "a".repeat(300);
    for (key, value) in [("slug", long.clone()), ("aliases", format!("[\"/old/{long}/\"]"))] {
        let site = fixture("minimal");
        site.write("content/blog/long.md", &format!("---\ntitle: Long\n{key}: {value}\n---\n\nText.\n"));
        let out = site.build(&[]);
        out.assert_error().assert_stderr_has(&["content/blog/long.md:3:", "255"]);
        assert!(!out.stderr.contains("File name too long"), "{key}:\n{out:?}");
    }
}

/// Folders nested 1,500 deep in `content/` (a file system allows about 2,000 one-letter
/// levels) overflowed the stack, exit 134 with no file named, after 20 s; they are one error
/// at the folder past the limit, for `build` and `check`. 128 levels are fine.
#[test]
fn folders_nested_too_deep_are_an_error_not_a_crash() {
    let site = fixture("minimal");
    let mut dir = site.root.join("content/blog");
    for _ in 0..1_500 {
        dir.push("a");
    }
    std::fs::create_dir_all(&dir).expect("create the nested folders");
    std::fs::write(dir.join("deep.md"), "---\ntitle: Deep\n---\n\nText.\n").expect("write the page");
    let too_deep = format!("content/blog/{}", vec!["a"; 128].join("/"));
    for command in ["build", "check"] {
        let out = run_within(&site, command);
        assert_eq!(out.code, 1, "{command}:\n{out:?}");
        // miette wraps the long path: compare without line breaks and margins.
        let flat: String = out.stderr.chars().filter(|c| !c.is_whitespace() && *c != '│').collect();
        assert!(flat.contains(&format!("{too_deep}:thisfolderisnestedmorethan128")), "{command}:\n{out:?}");
    }
    let keep = site.root.join(format!("content/blog/{}", vec!["a"; 127].join("/")));
    std::fs::remove_dir_all(keep.join("a")).expect("cut the folders at 127 below content/blog");
    std::fs::write(keep.join("deep.md"), "---\ntitle: Deep\n---\n\nText.\n").expect("write the page");
    let checked = site.check(&[]);
    assert_eq!(checked.code, 0, "128 levels are fine:\n{checked:?}");
}

/// A file or link target named with control characters cannot write to the terminal or a CI
/// log: no escape sequence and no line of its own ("FAKE: Build succeeded") gets through;
/// the characters are shown escaped.
#[test]
fn control_characters_in_names_are_shown_escaped() {
    let site = fixture("minimal");
    std::fs::create_dir_all(site.root.join("static")).expect("create static/");
    symlink("nowhere\u{1b}[31mRED\nFAKE: Build succeeded", site.root.join("static/x")).expect("plant the link");
    symlink("/nonexistent", site.root.join("static/y\u{1b}[2J\nFAKE2")).expect("plant the second link");
    for command in ["build", "check"] {
        let result = run_within(&site, command);
        assert_eq!(result.code, 1, "{command}: {result:?}");
        assert!(!result.stderr.contains('\u{1b}'), "{command}: no escape sequence may reach the terminal:\n{result:?}");
        assert!(
            !result.stderr.lines().any(|l| l.trim_start().starts_with("FAKE")),
            "{command}: no line may be forged:\n{}",
            result.stderr
        );
        assert!(result.stderr.contains("\\u{1b}[31mRED\\nFAKE"), "{command}: shown escaped:\n{}", result.stderr);
        assert!(result.stderr.contains("static/y\\u{1b}[2J\\nFAKE2"), "{command}: the name too:\n{}", result.stderr);
    }
}
