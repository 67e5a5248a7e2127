//! Failures found by an adversarial review of issue 10's fixes (symbolic links, the output's
//! lock), each run with the real binary on a temporary site.
#![cfg(unix)]

use crate::swap::{finish, spawn_holding_lock};
use crate::util::{fixture, path_str};
use std::os::unix::fs::symlink;

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
