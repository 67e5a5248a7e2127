//! `watch` during mass changes: a real `git checkout` (and deleting and recreating `content/`)
//! in a temporary repository while `watch` runs. A thread reads the published sitemap again
//! and again during the burst: it may only ever list the site before or the site after, never
//! a part of it; every rebuild the log shows is of the whole final state, and the output ends
//! equal to a fresh build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::harness::{Running, read_tree, wait_for};
use crate::util::{Site, count, fixture, path_str, tree};

/// How many pages the `more` branch adds.
const TRAININGS: usize = 480;

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=ltc-hub tests", "-c", "user.email=tests@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// The serve fixture as a git repository with two branches: `main`, the fixture as it is, and
/// `more`, with a trainings section of [`TRAININGS`] pages and the blog pages changed. `main` is
/// checked out.
fn repo() -> Site {
    let site = fixture("serve");
    site.write(".gitignore", "/public/\n/.public.*\n/fresh-*/\n/.ltc-hub/\n");
    git(&site.root, &["init", "-q", "-b", "main"]);
    git(&site.root, &["add", "-A"]);
    git(&site.root, &["commit", "-q", "-m", "main"]);
    git(&site.root, &["checkout", "-q", "-b", "more"]);
    site.write("content/trainings/_index.md", "---\ntitle: \"Trainings\"\n---\nEvery training.\n");
    for i in 0..TRAININGS {
        let text = format!("---\ntitle: \"Training {i}\"\n---\nTraining number {i}, in full.\n");
        site.write(&format!("content/trainings/t-{i:03}.md"), &text);
    }
    site.write("content/blog/hello.md", "---\ntitle: \"Hello\"\ndate: 2024-01-01\n---\nHello from the branch.\n");
    site.write("content/blog/world.md", "---\ntitle: \"World\"\ndate: 2024-01-02\n---\nWorld from the branch.\n");
    git(&site.root, &["add", "-A"]);
    git(&site.root, &["commit", "-q", "-m", "more"]);
    git(&site.root, &["checkout", "-q", "main"]);
    site
}

/// Reads `out/sitemap.xml` on a thread of its own until finished, keeping every distinct
/// number of URLs it listed.
struct Sampler {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<BTreeSet<usize>>>,
    thread: JoinHandle<usize>,
}

impl Sampler {
    fn start(out: &Path) -> Sampler {
        let sitemap = out.join("sitemap.xml");
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        let thread = {
            let (stop, seen) = (Arc::clone(&stop), Arc::clone(&seen));
            std::thread::spawn(move || {
                let mut reads = 0;
                while !stop.load(Ordering::Relaxed) {
                    if let Ok(text) = std::fs::read_to_string(&sitemap) {
                        seen.lock().expect("samples").insert(count(&text, "<loc>"));
                        reads += 1;
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                reads
            })
        };
        Sampler { stop, seen, thread }
    }

    /// Every distinct URL count seen.
    fn finish(self) -> BTreeSet<usize> {
        self.stop.store(true, Ordering::Relaxed);
        let reads = self.thread.join().expect("the sampler");
        assert!(reads > 10, "the sitemap was read only {reads} times");
        self.seen.lock().expect("samples").clone()
    }
}

/// A fresh `build` of the root as it is now (outside it): its files and its sitemap's URL count.
fn fresh(site: &Site, name: &str) -> (std::collections::BTreeMap<String, Vec<u8>>, usize) {
    let dir = site.tmp().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    site.build(&["--output", path_str(&dir)]).assert_success();
    let urls = count(&std::fs::read_to_string(dir.join("sitemap.xml")).expect("a sitemap"), "<loc>");
    (tree(&dir), urls)
}

/// The page counts of every successful build line after the first `skip` build lines.
fn rebuilt_pages(run: &Running, skip: usize) -> Vec<usize> {
    let lines: Vec<String> =
        run.stdout().into_iter().filter(|l| l.contains(" rebuilt ") || l.contains(" Built ")).skip(skip).collect();
    lines
        .iter()
        .filter_map(|l| {
            let at = l.find("uilt ")? + "uilt ".len();
            l[at..].split(' ').next()?.parse().ok()
        })
        .collect()
}

/// `watch` on `site`, once its first build has ended; returns it and its output folder.
fn watch(site: &Site) -> (Running, PathBuf) {
    let run = Running::start(&["watch", "--root", path_str(&site.root)], site.tmp());
    wait_for("the first build", &run, || run.builds() >= 1);
    (run, site.root.join("public"))
}

/// Runs `change` while sampling the output, then checks that the output ends equal to a fresh
/// build, the sitemap never listed anything but the site before or after, and the change
/// rebuilt once (at most `most` times) and only ever the complete final site.
fn assert_whole(site: &Site, run: &Running, out: &Path, most: usize, change: impl FnOnce()) {
    let before_builds = run.settled_builds(super::QUIET);
    let before_urls = count(&std::fs::read_to_string(out.join("sitemap.xml")).expect("a sitemap"), "<loc>");
    let sampler = Sampler::start(out);
    change();
    let (expected, after_urls) = fresh(site, "fresh-build");
    wait_for("the output to equal a fresh build", run, || read_tree(out).as_ref() == Some(&expected));
    let builds = run.settled_builds(super::QUIET) - before_builds;
    let seen = sampler.finish();
    let allowed = BTreeSet::from([before_urls, after_urls]);
    assert!(
        seen.is_subset(&allowed),
        "the sitemap listed {seen:?} URLs; only {before_urls} (before) or {after_urls} (after) are whole sites:\n{}",
        run.transcript()
    );
    assert!((1..=most).contains(&builds), "expected one rebuild, saw {builds}:\n{}", run.transcript());
    let pages = rebuilt_pages(run, before_builds);
    let final_pages = *pages.last().expect("a successful rebuild");
    assert!(
        pages.iter().all(|p| *p == final_pages),
        "a rebuild of part of the change was published: pages {pages:?}:\n{}",
        run.transcript()
    );
    assert!(!run.stderr().contains("failed"), "no build may fail:\n{}", run.transcript());
}

#[test]
fn git_checkout_of_480_files_rebuilds_once_with_the_whole_branch() {
    let site = repo();
    let (run, out) = watch(&site);
    assert_whole(&site, &run, &out, 1, || git(&site.root, &["checkout", "-q", "more"]));
    assert!(std::fs::read_to_string(out.join("trainings/t-479/index.html")).is_ok(), "the whole branch is out");
    assert_whole(&site, &run, &out, 1, || git(&site.root, &["checkout", "-q", "main"]));
    assert!(!out.join("trainings").exists(), "the branch's pages are gone");
}

#[test]
fn git_stash_and_pop_of_480_files_rebuild_once_each() {
    let site = repo();
    // The branch's trainings as uncommitted work on `main`.
    git(&site.root, &["checkout", "-q", "more", "--", "content"]);
    let (run, out) = watch(&site);
    assert_whole(&site, &run, &out, 1, || git(&site.root, &["stash", "push", "-q", "--include-untracked"]));
    assert!(!out.join("trainings").exists(), "the stash took the trainings away");
    assert_whole(&site, &run, &out, 1, || git(&site.root, &["stash", "pop", "-q"]));
    assert!(out.join("trainings/t-479/index.html").is_file(), "the pop brought them back");
}

#[test]
fn deleting_and_recreating_content_never_publishes_part_of_it() {
    let site = repo();
    git(&site.root, &["checkout", "-q", "more"]);
    let (run, out) = watch(&site);
    let content = site.root.join("content");
    assert_whole(&site, &run, &out, 1, || {
        std::fs::remove_dir_all(&content).expect("rm -rf content");
        git(&site.root, &["checkout", "--", "content"]);
    });
    assert_whole(&site, &run, &out, 2, || {
        let away = site.root.join("content.x");
        std::fs::rename(&content, &away).expect("mv content content.x");
        let cp = Command::new("cp").arg("-r").arg(&away).arg(&content).status().expect("run cp");
        assert!(cp.success());
    });
    assert!(out.join("trainings/t-479/index.html").is_file());
}
