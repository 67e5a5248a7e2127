//! 100 seeded random edit sequences on the `incremental` fixture (4 tests of 25, which run in
//! parallel). Each sequence draws its options (drafts as `serve` shows them or not, a base URL
//! with a path or not, 1 or 2 threads), builds, then makes a few steps of one to three edits
//! each, drawn from every `edits::Kind`. A step is told to the session as the watcher reports
//! it (`rebuild_changed` with the changed paths), or one time in five as "anything may have
//! changed" (`rebuild`). After each step:
//!
//! - when a fresh `build` of the same files succeeds, the rebuild must succeed, its output folder
//!   must hold the same files with the same bytes, a file must have been written only when its
//!   bytes changed, the pages announced early (`Early::written`) must already have had their
//!   final bytes, and every file changed after that must have been announced as pending;
//! - when a fresh build fails, the rebuild must fail too, with the same errors, and leave the
//!   output folder exactly as it was (no file written, not even with the same bytes, no folder
//!   made or removed). `Broken` edits do this on purpose; a later step puts the
//!   files back (`Fix`), sometimes after another edit made while the site is broken.
//!
//! A failure prints the seed, the options and every step; `LTC_HUB_SEED=0x… cargo test --test it
//! incremental::sequences` runs that one sequence again, and `LTC_HUB_SEEDS=500` runs 500 seeds
//! per test instead of 25.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::Path;

use ltc_hub::BuildOptions;
use ltc_hub::incremental::{Early, Session};

use super::Rng;
use super::edits::{self, Fs, Kind, State};
use crate::util::{assert_same_tree, fixture_in_memory, tree};

/// Steps per sequence (a `Broken` edit in the last one gets one more step, to fix it).
const STEPS: usize = 6;
const PER_TEST: u64 = 25;

/// Every variant of the engine's `Change` (`src/pipeline/change.rs`) but `Clock` (the day
/// changing; its unit test sets the clock): each test's sequences must make the engine see each.
const CHANGES: &[&str] = &[
    "PageBody",
    "PageFront",
    "PageAdded",
    "PageRemoved",
    "PageRenamed",
    "Section",
    "Template",
    "TemplateSet",
    "Static",
    "Asset",
    "AssetSet",
    "Config",
    "Data",
    "Unknown",
];

/// What a run of sequences did, to check that it covered what it should.
#[derive(Default)]
struct Covered {
    kinds: BTreeSet<Kind>,
    /// The engine's `Change` variants the rebuilds saw (`Report::changes`).
    changes: BTreeSet<&'static str>,
    /// Rebuilds that took the page-body fast path (told the browser early).
    early: usize,
    /// Steps whose rebuild failed (as a fresh build did).
    failed: usize,
    /// Steps told only "anything may have changed".
    untold: usize,
}

fn run_test(test: u64) {
    let seeds: Vec<u64> = match std::env::var("LTC_HUB_SEED") {
        Ok(s) if test == 0 => vec![u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("LTC_HUB_SEED in hex")],
        Ok(_) => return,
        Err(_) => {
            // LTC_HUB_SEEDS=N runs N seeds per test instead (a longer search for rare bugs).
            let n = std::env::var("LTC_HUB_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(PER_TEST);
            (0..n).map(|i| 0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(test * n + i + 1) | 1).collect()
        }
    };
    let mut covered = Covered::default();
    for &seed in &seeds {
        let mut log = Vec::new();
        let run = std::panic::catch_unwind(AssertUnwindSafe(|| sequence(seed, &mut log, &mut covered)));
        if let Err(panic) = run {
            eprintln!(
                "\nThe incremental sequence with seed {seed:#x} failed (replay: LTC_HUB_SEED={seed:#x} cargo test --test it incremental::sequences):\n  {}\n",
                log.join("\n  ")
            );
            std::panic::resume_unwind(panic);
        }
    }
    eprintln!(
        "incremental sequences {test}: {} seeds, {} rebuilds failed as fresh builds did, {} took the fast path, {} were told nothing; kinds {:?}",
        seeds.len(),
        covered.failed,
        covered.early,
        covered.untold,
        covered.kinds
    );
    if seeds.len() > 1 {
        let missing: Vec<&Kind> = edits::ALL.iter().filter(|k| !covered.kinds.contains(k)).collect();
        assert!(missing.is_empty(), "these edit kinds were never applied: {missing:?}");
        let unseen: Vec<&&str> = CHANGES.iter().filter(|c| !covered.changes.contains(*c)).collect();
        assert!(unseen.is_empty(), "the engine never saw these changes: {unseen:?} (saw {:?})", covered.changes);
        assert!(covered.early >= 3, "the page-body fast path was taken only {} times", covered.early);
        assert!(covered.failed >= 3, "only {} rebuilds failed", covered.failed);
        assert!(covered.untold >= 5, "only {} rebuilds were told nothing", covered.untold);
    }
}

#[test]
fn random_edit_sequences_0() {
    run_test(0);
}

#[test]
fn random_edit_sequences_1() {
    run_test(1);
}

#[test]
fn random_edit_sequences_2() {
    run_test(2);
}

#[test]
fn random_edit_sequences_3() {
    run_test(3);
}

/// One sequence; `log` says what was done, for the failure message.
fn sequence(seed: u64, log: &mut Vec<String>, covered: &mut Covered) {
    let site = fixture_in_memory("incremental");
    let mut rng = Rng(seed);
    let drafts = rng.below(2) == 0;
    let base_url = (rng.below(3) == 0).then(|| "http://127.0.0.1:1111/sub/".to_string());
    let jobs = 1 + rng.below(2);
    let mut state = State::new();
    // The search index costs more to build: on in one sequence in eight (and toggled by edits).
    state.config.outputs[3] = rng.below(8) == 0;
    let out = site.tmp().join("served");
    let opts = BuildOptions {
        root: site.root.clone(),
        output: Some(out.clone()),
        base_url,
        drafts,
        jobs,
        ..Default::default()
    };
    log.push(format!(
        "seed {seed:#x}: drafts {drafts}, base_url {:?}, jobs {jobs}, search {}",
        opts.base_url, state.config.outputs[3]
    ));
    std::fs::write(site.root.join("site.yaml"), state.config.yaml()).unwrap();

    let mut session = Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("the first build failed: {:?}", f.diagnostics));
    let mut step = 1;
    while step <= STEPS || !state.fixes.is_empty() {
        let mut fs = Fs::new(&site.root);
        let mut done = Vec::new();
        let mut kinds: Vec<Kind> = Vec::new();
        if !state.fixes.is_empty() {
            // While broken: fix it (now or after one more edit), maybe with another edit.
            if step > STEPS || rng.below(3) > 0 {
                kinds.push(Kind::Fix);
            }
            if kinds.is_empty() || rng.below(3) == 0 {
                kinds.push(*rng.choose(&[Kind::Static, Kind::Asset, Kind::Unknown]));
            }
        } else {
            let n = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3][rng.below(10)];
            kinds.extend((0..n).map(|_| *rng.choose(edits::DRAW)));
        }
        for (i, kind) in kinds.into_iter().enumerate() {
            let (kind, what) = edits::apply(kind, &mut fs, &mut rng, step * 10 + i, &mut state);
            covered.kinds.insert(kind);
            done.push(what);
        }
        let told = rng.below(5) > 0 || fs.same_stamp;
        log.push(format!("step {step} ({}): {}", if told { "rebuild_changed" } else { "rebuild" }, done.join("; ")));
        covered.untold += usize::from(!told);
        let changed = fs.changed();
        check_step(&mut session, &opts, told.then_some(&changed[..]), covered, log);
        step += 1;
    }
}

/// Rebuilds after one step and checks the result against a fresh build.
fn check_step(
    session: &mut Session,
    opts: &BuildOptions,
    changed: Option<&[std::path::PathBuf]>,
    covered: &mut Covered,
    log: &mut Vec<String>,
) {
    let out = opts.output.clone().unwrap();
    let before = tree(&out);
    let stamps = stamps(&out);
    let folders_before = folders(&out);
    let mut early: Vec<(String, Option<Vec<u8>>)> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let result = match changed {
        Some(paths) => session.rebuild_changed(paths, &mut |e: &Early| {
            for path in e.written {
                early.push((path.clone(), std::fs::read(out.join(path)).ok()));
            }
            pending.extend(e.pending.iter().cloned());
        }),
        None => session.rebuild(),
    };
    covered.early += usize::from(!early.is_empty());
    if let Ok(report) = &result {
        covered.changes.extend(report.changes.iter().copied());
    }
    let fresh_dir = out.with_file_name("fresh");
    let fresh = ltc_hub::build(&BuildOptions { output: Some(fresh_dir.clone()), ..opts.clone() });
    match (result, fresh) {
        (Ok(_), Ok(_)) => {
            let (expected, actual) = (tree(&fresh_dir), tree(&out));
            assert_same_tree(&expected, &actual);
            assert_eq!(folders(&fresh_dir), folders(&out), "the folders differ (one left empty?)");
            for (path, bytes) in &early {
                assert!(
                    bytes.as_ref() == expected.get(path),
                    "{path} was announced early (Early::written) before it had its final bytes"
                );
            }
            if !early.is_empty() {
                // Browsers reload once told; a file changed after that must have been pending,
                // so that a request for it waits instead of getting the old bytes.
                let announced = |p: &String| {
                    early.iter().any(|(w, _)| w == p)
                        || pending.iter().any(|q| q == p || (q.ends_with('/') && p.starts_with(q.as_str())))
                };
                let names: BTreeSet<&String> = before.keys().chain(actual.keys()).collect();
                let late: Vec<&&String> =
                    names.iter().filter(|p| before.get(**p) != actual.get(**p) && !announced(p)).collect();
                assert!(late.is_empty(), "changed after the early reload without being pending: {late:?}");
            }
            assert_rewrote_only_changes(&before, &actual, &stamps, &self::stamps(&out));
        }
        (Err(failure), Err(expected)) => {
            assert_eq!(messages(&expected.diagnostics), messages(&failure.diagnostics), "the errors differ");
            assert_eq!(failure.state, ltc_hub::output::State::Kept, "the failed rebuild did not keep the output");
            // Nothing written, not even the same bytes again, and no folder made or removed.
            assert_same_tree(&before, &tree(&out));
            assert_eq!(stamps, self::stamps(&out), "a failed rebuild wrote files");
            assert_eq!(folders_before, folders(&out), "a failed rebuild changed the folders");
            covered.failed += 1;
            log.push(format!("  failed, as a fresh build does: {}", messages(&expected.diagnostics).join("; ")));
        }
        (Ok(_), Err(expected)) => {
            panic!("the rebuild succeeded, but a fresh build fails with: {:#?}", messages(&expected.diagnostics))
        }
        (Err(failure), Ok(_)) => {
            panic!(
                "the rebuild failed, but a fresh build succeeds; the rebuild said: {:#?}",
                messages(&failure.diagnostics)
            )
        }
    };
    if fresh_dir.exists() {
        std::fs::remove_dir_all(&fresh_dir).unwrap();
    }
}

/// Every folder under `dir`, empty or not.
fn folders(dir: &Path) -> Vec<String> {
    let mut all = crate::util::listing(dir);
    all.retain(|p| dir.join(p).is_dir());
    all
}

/// Each diagnostic's file and message, as a user reads them.
fn messages(diagnostics: &[ltc_hub::diagnostics::Diagnostic]) -> Vec<String> {
    let mut all: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.file.as_deref().map_or(String::new(), |f| f.display().to_string()), d.message))
        .collect();
    all.sort();
    all
}

/// Each output file's identity and modification time: a file written again (even with the same
/// bytes) gets a new one.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    crate::util::tree_names(dir)
        .into_iter()
        .filter_map(|name| {
            let meta = std::fs::metadata(dir.join(&name)).ok()?;
            Some((name, (meta.ino(), meta.modified().ok()?)))
        })
        .collect()
}

/// Only files whose bytes changed may have been written again.
fn assert_rewrote_only_changes(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    stamps_before: &BTreeMap<String, (u64, std::time::SystemTime)>,
    stamps_after: &BTreeMap<String, (u64, std::time::SystemTime)>,
) {
    let needless: Vec<&String> = after
        .iter()
        .filter(|(name, bytes)| before.get(*name) == Some(bytes) && stamps_before.get(*name) != stamps_after.get(*name))
        .map(|(name, _)| name)
        .collect();
    assert!(needless.is_empty(), "written again with the same bytes: {needless:?}");
}
