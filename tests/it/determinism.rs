//! Two builds of the same input write the same bytes, whatever the output folder or the
//! number of threads.

use crate::util::{assert_same_tree, fixture, tree};

#[test]
fn two_builds_into_different_folders_are_byte_identical() {
    let site = fixture("basic");
    let (a, first) = site.build_into("out-a", &[]);
    first.assert_success();
    let (b, second) = site.build_into("out-b", &[]);
    second.assert_success();
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 40, "the fixture writes many files, got {}", ta.len());
    assert_same_tree(&ta, &tb);
}

#[test]
fn one_thread_and_two_threads_build_byte_identical_sites() {
    let site = fixture("basic");
    let (a, first) = site.build_into("jobs-1", &["--jobs", "1", "--drafts"]);
    first.assert_success();
    let (b, second) = site.build_into("jobs-2", &["--jobs", "2", "--drafts"]);
    second.assert_success();
    assert_same_tree(&tree(&a), &tree(&b));
}

#[test]
fn rebuilding_in_place_gives_the_same_bytes() {
    let site = fixture("basic");
    let out = site.build_ok(&[]);
    let first = tree(&out);
    site.build_ok(&[]);
    assert_same_tree(&first, &tree(&out));
}
