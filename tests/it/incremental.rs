//! Incremental rebuilds (`serve`, `watch`) must write exactly what a fresh build writes. A
//! seeded random sequence of editor actions is applied to the `basic` fixture; after each, the
//! session's output is compared byte for byte with a fresh `build` of the same files.
//! `sequences` runs 100 more sequences on the `incremental` fixture with every kind of edit
//! (`edits`), and `precise` checks which files a rebuild writes.

mod edits;
mod precise;
mod sequences;

use std::path::Path;

use ltc_hub::BuildOptions;
use ltc_hub::incremental::Session;

use crate::util::{assert_same_tree, fixture, fixture_in_memory, tree};

/// A small deterministic generator (xorshift), so a failure replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn choose<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn edit(root: &Path, rng: &mut Rng, step: usize) -> String {
    let pages =
        ["content/blog/hello.md", "content/blog/second.md", "content/blog/third.md", "content/docs/features.md"];
    let append = |rel: &str, text: &str| {
        let path = root.join(rel);
        if let Ok(mut body) = std::fs::read_to_string(&path) {
            body.push_str(text);
            std::fs::write(&path, body).unwrap();
        }
    };
    match rng.next() % 9 {
        0..=2 => {
            let page = rng.pick(&pages);
            append(page, &format!("\n\nEdit {step}: more *words* and [a link](@/blog/hello.md).\n"));
            format!("body of {page}")
        }
        3 => {
            let page = rng.pick(&pages);
            let path = root.join(page);
            if let Ok(text) = std::fs::read_to_string(&path) {
                std::fs::write(&path, text.replacen("title: \"", &format!("title: \"T{step} "), 1)).unwrap();
            }
            format!("title of {page}")
        }
        4 => {
            let rel = format!("content/blog/new-{step}.md");
            std::fs::write(
                root.join(&rel),
                format!(
                    "---\ntitle: \"New {step}\"\ndate: 2024-02-{:02}\ntags: [news]\n---\n\nNew page {step}.\n",
                    step % 27 + 1
                ),
            )
            .unwrap();
            format!("new {rel}")
        }
        5 => {
            let dir = root.join("content/blog");
            let victim = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("new-"))
                .min();
            match victim {
                Some(v) => {
                    std::fs::remove_file(&v).unwrap();
                    format!("delete {}", v.display())
                }
                None => "nothing to delete".into(),
            }
        }
        6 => {
            let from = root.join("content/docs/features.md");
            let to = root.join("content/docs/features-renamed.md");
            if from.exists() {
                std::fs::rename(&from, &to).unwrap();
                "rename features.md".into()
            } else if to.exists() {
                std::fs::rename(&to, &from).unwrap();
                "rename features back".into()
            } else {
                "no rename".into()
            }
        }
        7 if step.is_multiple_of(2) => {
            append("themes/basic/templates/base.html", &format!("\n<!-- template edit {step} -->\n"));
            "base template edit".into()
        }
        7 => {
            // A leaf template: only the outputs that render it change.
            let path = root.join("themes/basic/templates/page.html");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = match text.find("<article") {
                Some(i) => format!(
                    "{}<article data-step=\"{step}\"{}",
                    &text[..i],
                    &text[i + "<article".len()..].trim_start_matches(|c: char| c != '>')
                ),
                None => text,
            };
            std::fs::write(&path, text).unwrap();
            "page template edit".into()
        }
        _ => {
            std::fs::write(root.join("static/extra.txt"), format!("static {step}\n")).unwrap();
            "static edit".into()
        }
    }
}

#[test]
fn incremental_rebuilds_equal_a_fresh_build_after_random_edits() {
    let site = fixture_in_memory("basic");
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("first build failed: {:?}", f.diagnostics));
    let mut rng = Rng(0x5eed_1234_abcd);
    for step in 0..30 {
        let what = edit(&site.root, &mut rng, step);
        // Editors' saves can land within one clock tick; make sure sizes or times differ.
        std::thread::sleep(std::time::Duration::from_millis(5));
        session.rebuild().unwrap_or_else(|f| panic!("step {step} ({what}) failed: {:?}", f.diagnostics));
        let fresh = site.tmp().join(format!("fresh-{step}"));
        ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..opts.clone() })
            .unwrap_or_else(|f| panic!("fresh build at step {step} failed: {:?}", f.diagnostics));
        assert_same_tree(&tree(&fresh), &tree(&out));
        std::fs::remove_dir_all(&fresh).unwrap();
    }
}

#[test]
fn a_body_edit_rewrites_only_the_files_that_show_the_page() {
    let site = fixture("basic");
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts);
    let first = session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let mut body = std::fs::read_to_string(site.root.join("content/docs/features.md")).unwrap();
    body.push_str("\n\nOne more sentence.\n");
    std::fs::write(site.root.join("content/docs/features.md"), body).unwrap();
    let second = session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(second.files < first.files / 2, "rewrote {} of {} files", second.files, first.files);
    assert!(second.files >= 1);
    let html = std::fs::read_to_string(out.join("docs/features/index.html")).unwrap();
    assert!(html.contains("One more sentence."));
}

#[test]
fn a_leaf_template_edit_rewrites_only_its_outputs_and_equals_a_fresh_build() {
    let site = fixture("basic");
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts.clone());
    let first = session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let path = site.root.join("themes/basic/templates/taxonomy.html");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("<h1>", "<h1 class=\"edited\">", 1)).unwrap();
    let second = session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(second.files >= 1 && second.files < first.files / 4, "rewrote {} of {} files", second.files, first.files);
    let fresh = site.tmp().join("fresh");
    ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..opts })
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_same_tree(&tree(&fresh), &tree(&out));
}

/// Every file under `root` but the output folders, with its bytes.
fn snapshot(root: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.path().strip_prefix(root).unwrap().starts_with("out"))
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The paths that differ between two snapshots, as the watcher reports them.
fn changed_paths(
    before: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
    after: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> =
        before.keys().chain(after.keys()).filter(|p| before.get(*p) != after.get(*p)).cloned().collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn rebuilds_told_what_changed_equal_a_fresh_build_after_random_edits() {
    // As `serve` runs them: the watcher's changed paths are passed, so page-body edits take the
    // fast path that patches the model in place and tells the browser early.
    let site = fixture_in_memory("basic");
    let out = site.root.join("out/served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("first build failed: {:?}", f.diagnostics));
    let mut rng = Rng(0x00fa_57ba_7c4e);
    let mut early_calls = 0;
    let mut before = snapshot(&site.root);
    for step in 0..40 {
        let what = edit(&site.root, &mut rng, step);
        let after = snapshot(&site.root);
        let changed = changed_paths(&before, &after);
        before = after;
        let mut told = false;
        session
            .rebuild_changed(&changed, &mut |early| {
                told = true;
                // The edited pages are on disk when the browser is told.
                for path in early.written {
                    assert!(out.join(path).is_file(), "{path} told before it was written");
                }
            })
            .unwrap_or_else(|f| panic!("step {step} ({what}) failed: {:?}", f.diagnostics));
        early_calls += usize::from(told);
        let fresh = site.tmp().join(format!("fresh-{step}"));
        ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..opts.clone() })
            .unwrap_or_else(|f| panic!("fresh build at step {step} failed: {:?}", f.diagnostics));
        assert_same_tree(&tree(&fresh), &tree(&out));
        std::fs::remove_dir_all(&fresh).unwrap();
    }
    assert!(early_calls >= 5, "the fast path was taken only {early_calls} times");
}

#[test]
fn a_body_edit_that_breaks_a_listing_changes_nothing_on_disk() {
    // The page itself renders, so it is written first; the section listing then fails. The page
    // must be put back as it was, and the error reported.
    let site = fixture("basic");
    let out = site.root.join("out/served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let section = site.root.join("themes/basic/templates/section.html");
    let text = std::fs::read_to_string(&section).unwrap();
    let guard = "{% block main %}{% for p in section.pages %}{% if \"BREAKS-THE-LISTING\" in p.content %}\
                 {{ throw(message=\"a listed page says BREAKS-THE-LISTING\") }}{% endif %}{% endfor %}";
    std::fs::write(&section, text.replacen("{% block main %}", guard, 1)).unwrap();
    let mut session = Session::new(opts);
    session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let before = tree(&out);

    let page = site.root.join("content/docs/features.md");
    let mut body = std::fs::read_to_string(&page).unwrap();
    body.push_str("\n\nBREAKS-THE-LISTING\n");
    std::fs::write(&page, body).unwrap();
    let mut told = false;
    let failure = session.rebuild_changed(std::slice::from_ref(&page), &mut |_| told = true).unwrap_err();
    assert!(told, "the page edit should have taken the fast path");
    let messages: Vec<String> = failure.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    assert!(messages.iter().any(|m| m.contains("BREAKS-THE-LISTING")), "{messages:?}");
    assert_same_tree(&before, &tree(&out));
}
