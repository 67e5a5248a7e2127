//! One build at a time per output folder, a swap that never leaves the output path without a
//! whole site, the repair of a swap that was cut short, and failure messages that say only what
//! is true. Faults are injected through `LTC_HUB_INJECT`, which only debug builds read (see
//! ARCHITECTURE.md), so nothing here depends on timing luck.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::serve::harness::{self, Running, wait_for};
use crate::util::{BIN, Output, Site, assert_same_tree, fixture, path_str, tree};

/// Runs `ltc-hub build --root ROOT ARGS…` with `LTC_HUB_INJECT=inject` (none when empty).
fn build_injected(site: &Site, inject: &str, args: &[&str]) -> Output {
    finish(spawn(site, inject, args))
}

fn spawn(site: &Site, inject: &str, args: &[&str]) -> Child {
    command(site, inject, args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start ltc-hub")
}

fn command(site: &Site, inject: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["build", "--root", path_str(&site.root)]).args(args).current_dir(site.tmp()).env("NO_COLOR", "1");
    if inject.is_empty() {
        cmd.env_remove("LTC_HUB_INJECT");
    } else {
        cmd.env("LTC_HUB_INJECT", inject);
    }
    cmd
}

/// Starts a build of `site` into `ROOT/public` that holds the output's lock for 3 s before it
/// writes anything, and waits until it holds it: the process and its pid.
pub(crate) fn spawn_holding_lock(site: &Site) -> (Child, String) {
    let lock = site.root.join(".public.lock");
    let first = spawn(site, "hold-lock-ms=3000", &[]);
    let pid = first.id().to_string();
    let deadline = Instant::now() + harness::LIMIT;
    while std::fs::read_to_string(&lock).map(|t| t.trim() != pid).unwrap_or(true) {
        assert!(Instant::now() < deadline, "the first build never wrote its pid into {}", lock.display());
        std::thread::sleep(Duration::from_millis(10));
    }
    (first, pid)
}

pub(crate) fn finish(child: Child) -> Output {
    let out = child.wait_with_output().expect("wait for ltc-hub");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh build of the site into `TMP/fresh`, to compare an output with.
fn fresh(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let dir = site.tmp().join("fresh");
    let _ = std::fs::remove_dir_all(&dir);
    site.build(&["--output", path_str(&dir)]).assert_success();
    tree(&dir)
}

/// The names beside the output that a build may leave: `.public.building`, `.public.old`.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .expect("list the root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".building") || n.ends_with(".old"))
        .collect();
    names.sort();
    names
}

/// Asserts that stderr says each of `needles`, however miette wrapped its lines (whitespace
/// and the `│` of continued lines are ignored).
fn says(out: &Output, needles: &[&str]) {
    let flat = |t: &str| t.chars().filter(|c| !c.is_whitespace() && *c != '│').collect::<String>();
    let text = flat(&out.stderr);
    for n in needles {
        assert!(text.contains(&flat(n)), "stderr should say {n:?}:\n{out:?}");
    }
}

/// The file count of a "Built … N files written" summary.
fn files_written(stdout: &str) -> usize {
    let at = stdout.find(" files written").unwrap_or_else(|| panic!("no summary in {stdout:?}"));
    stdout[..at].rsplit(' ').next().and_then(|n| n.parse().ok()).expect("a file count")
}

#[test]
fn a_second_build_waits_for_the_first_and_with_no_wait_fails_naming_its_pid() {
    let site = fixture("basic");
    let (first, pid) = spawn_holding_lock(&site);

    let refused = site.build(&["--no-wait"]);
    assert_eq!(refused.code, 1, "{refused:?}");
    says(&refused, &[&format!("process {pid}"), ".public.lock", "nothing was written"]);

    let second = spawn(&site, "", &[]);
    let (first, second) = (finish(first), finish(second));
    first.assert_success();
    second.assert_success();
    says(&second, &["Waiting", &format!("process {pid}")]);
    let expected = fresh(&site);
    let got = tree(&site.out());
    assert_same_tree(&expected, &got);
    assert_eq!(files_written(&first.stdout), got.len(), "{first:?}");
    assert_eq!(files_written(&second.stdout), got.len(), "{second:?}");
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));
    assert!(!got.keys().any(|k| k.contains("lock")), "the lock file is not published");
}

#[test]
fn two_builds_started_together_both_leave_a_whole_site() {
    let site = fixture("basic");
    let (a, b) = (spawn(&site, "", &[]), spawn(&site, "", &[]));
    let (a, b) = (finish(a), finish(b));
    a.assert_success();
    b.assert_success();
    let got = tree(&site.out());
    assert_same_tree(&fresh(&site), &got);
    assert_eq!(files_written(&a.stdout), got.len());
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));
}

#[test]
fn killed_between_the_two_renames_the_next_build_puts_the_output_back_and_says_so() {
    let site = fixture("minimal");
    let out = site.build_ok(&[]);
    let before = tree(&out);
    site.write("content/blog/new.md", "---\ntitle: \"New\"\n---\nNew page.\n");
    // Two renames (as where RENAME_EXCHANGE is missing), killed between them.
    let killed = build_injected(&site, "no-exchange,kill-between-renames", &[]);
    assert_ne!(killed.code, 0, "{killed:?}");
    assert!(!out.exists(), "the injected kill left no output folder");
    assert_eq!(leftovers(&site.root), [".public.building", ".public.old"]);

    // The next build fails, but first puts the previous output back, and says so.
    site.write("content/blog/broken.md", "---\ntitle: \"Broken\"\ndate: 2017-02-30\n---\n");
    let failed = site.build(&[]);
    failed.assert_error();
    says(&failed, &["put back", ".public.old", "was left untouched"]);
    assert_same_tree(&before, &tree(&out));
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));

    site.remove("content/blog/broken.md");
    site.build(&[]).assert_success();
    assert_same_tree(&fresh(&site), &tree(&out));
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));
}

#[cfg(target_os = "linux")]
#[test]
fn killed_right_after_the_exchange_the_output_is_already_the_whole_new_site() {
    let site = fixture("minimal");
    let out = site.build_ok(&[]);
    site.write("content/blog/new.md", "---\ntitle: \"New\"\n---\nNew page.\n");
    let killed = build_injected(&site, "kill-between-renames", &[]);
    assert_ne!(killed.code, 0, "{killed:?}");
    assert_same_tree(&fresh(&site), &tree(&out));
    site.build(&[]).assert_success();
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));
}

#[test]
fn an_old_copy_that_cannot_be_removed_is_a_warning_and_later_builds_still_work() {
    let site = fixture("minimal");
    let out = site.build_ok(&[]);
    // A file in the output that cannot be deleted (as an immutable file), simulated.
    std::fs::write(out.join("pinned.txt"), "x").expect("write a file");
    site.write("content/blog/new.md", "---\ntitle: \"New\"\n---\nNew page.\n");
    let built = build_injected(&site, "undeletable=pinned.txt", &[]);
    built.assert_success();
    says(&built, &["⚠", "could not be removed", "remove it by hand", ".public.old"]);
    assert!(!built.stderr.contains("left untouched"), "{built:?}");
    assert!(built.stdout.contains("Built"), "{built:?}");
    assert_same_tree(&fresh(&site), &tree(&out));

    // The leftover is still there and still cannot be removed: the next build works anyway.
    site.write("content/blog/newer.md", "---\ntitle: \"Newer\"\n---\nNewer page.\n");
    let again = build_injected(&site, "undeletable=pinned.txt", &[]);
    again.assert_success();
    says(&again, &["could not be removed"]);
    assert_same_tree(&fresh(&site), &tree(&out));

    // Once it can be removed, it is, silently.
    let clean = site.build(&[]);
    clean.assert_success();
    assert!(!clean.stderr.contains('⚠'), "{clean:?}");
    assert!(leftovers(&site.root).is_empty(), "{:?}", leftovers(&site.root));
}

#[test]
fn a_failed_first_build_does_not_claim_a_previous_output() {
    let site = fixture("minimal");
    site.write("content/blog/broken.md", "---\ntitle: \"Broken\"\ndate: 2017-02-30\n---\n");
    let failed = site.build(&[]);
    failed.assert_error();
    says(&failed, &["nothing was written"]);
    assert!(!failed.stderr.contains("left untouched"), "{failed:?}");
    assert!(!site.out().exists());
}

#[test]
fn a_refused_output_says_nothing_was_written() {
    let site = fixture("minimal");
    let result = site.build(&["--output", path_str(&site.root)]);
    result.assert_error();
    says(&result, &["site root", "nothing was written"]);
    assert!(!result.stderr.contains("previous output"), "{result:?}");
}

#[test]
fn an_output_inside_the_root_is_allowed_but_not_inside_static_or_templates() {
    let site = fixture("minimal");
    site.build(&["--output", "site/site-out"]).assert_success();
    assert!(site.root.join("site-out/index.html").is_file());
    for refused in ["static/out", "templates/out"] {
        let result = site.build(&["--output", path_str(&site.root.join(refused))]);
        let folder = refused.split('/').next().unwrap_or_default();
        says(result.assert_error(), &[&format!("lies inside {folder}/"), "overwrite the site's own files"]);
        assert!(!site.root.join(refused).exists(), "nothing is written there");
    }
}

#[test]
fn watch_holds_the_lock_for_its_lifetime() {
    let site = fixture("serve");
    let run = Running::start(&["watch", "--root", path_str(&site.root)], site.tmp());
    wait_for("the first build", &run, || run.builds() >= 1);
    let pid = run.pid().to_string();
    let build = site.build(&["--no-wait"]);
    assert_eq!(build.code, 1, "{build:?}");
    says(&build, &[&format!("process {pid}")]);
    let second = crate::util::run(&["watch", "--root", path_str(&site.root)], site.tmp());
    assert_eq!(second.code, 1, "{second:?}");
    says(&second, &[&format!("process {pid}")]);
}

/// Starts `watch` on `site` with the second file written in place failing, as on a full disk;
/// writes `rel` as `text` once the first build is done, and checks that the rebuild fails,
/// says the output was left untouched, and is: the output as it was before.
fn watch_full_disk(site: &Site, rel: &str, text: &str) -> Running {
    let args = ["watch", "--root", path_str(&site.root)];
    let run = Running::start_with_env(&args, site.tmp(), &[("LTC_HUB_INJECT", "fail-write=2")]);
    wait_for("the first build", &run, || run.builds() >= 1);
    let before = tree(&site.out());
    site.write(rel, text);
    wait_for("the failed rebuild", &run, || run.stderr().contains("build failed"));
    assert!(run.stderr().contains("was left untouched"), "{}", run.transcript());
    assert_same_tree(&before, &tree(&site.out()));
    let temps: Vec<String> =
        crate::util::listing(&site.out()).into_iter().filter(|p| p.contains("ltc-hub-tmp")).collect();
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
    run
}

#[test]
fn watch_on_a_full_disk_changes_nothing_and_says_so() {
    let site = fixture("serve");
    // A new page: the page, its listing, the feeds and sitemap; the second of them fails.
    let run =
        watch_full_disk(&site, "content/blog/new.md", "---\ntitle: \"New\"\ndate: 2024-02-01\n---\nA new page.\n");

    // The next rebuild writes the whole site.
    site.write("content/blog/new.md", "---\ntitle: \"New\"\ndate: 2024-02-01\n---\nA new page, again.\n");
    let expected = fresh(&site);
    wait_for("the output to equal a build", &run, || harness::read_tree(&site.out()).as_ref() == Some(&expected));
}

#[test]
fn watch_on_a_full_disk_puts_back_the_pages_it_wrote_first() {
    let site = fixture("serve");
    // A page-body edit writes the page first (write 1), then its listings and feeds (write 2
    // fails): the page is put back.
    let edit = "---\ntitle: \"Hello\"\ndate: 2024-01-01\ntags: [greeting]\n---\nEdited.\n";
    watch_full_disk(&site, "content/blog/hello.md", edit);
}
