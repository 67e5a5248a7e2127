//! Symbolic links never publish files from outside the site. A link is followed only when its
//! target lies inside the site's root (or inside a folder site.yaml's `allow_links_to` names);
//! any other link makes `build` and `check` fail with an error naming the link and its target,
//! before anything outside is read or copied. Also: editor backup files are never published, and
//! a file that another output needs as a folder is an error naming both sources.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::util::{Site, assert_same_tree, fixture, read, tree, tree_names};

const SECRET: &str = "TOP-SECRET-CONTENTS";

/// A `minimal` site built once, with a secret file and a secret folder beside its root (in the
/// temporary folder, outside `site/`).
fn site_with_secrets() -> Site {
    let site = fixture("minimal");
    std::fs::write(site.tmp().join("secret.txt"), SECRET).expect("write the secret");
    std::fs::write(site.tmp().join("secret.md"), format!("---\ntitle: \"{SECRET}\"\n---\n\n{SECRET}\n"))
        .expect("write the secret page");
    std::fs::create_dir(site.tmp().join("secret-dir")).expect("create the secret folder");
    std::fs::write(site.tmp().join("secret-dir/key.txt"), SECRET).expect("write the secret key");
    site.build_ok(&[]);
    site
}

/// Creates the link `ROOT/LINK` pointing at `target`, with the folders it needs.
fn plant(site: &Site, link: &str, target: &Path) {
    let at = site.root.join(link);
    std::fs::create_dir_all(at.parent().expect("a parent")).expect("create folders");
    symlink(target, &at).unwrap_or_else(|e| panic!("link {}: {e}", at.display()));
}

fn real(path: &Path) -> String {
    std::fs::canonicalize(path).expect("canonicalize").display().to_string()
}

/// After `breakage` (which links something outside, at `link`, to `target`): `build` exits 1
/// naming the link and the target, with a help line, the secret in no output and never
/// printed, the previous output untouched; `check` fails the same way.
fn refused(site: &Site, link: &str, target: &Path) {
    let before = tree(&site.out());
    let target = real(target);
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&[link, &target, "points outside the site", "help:", "allow_links_to"]);
    assert!(!result.stderr.contains(SECRET), "the secret is never printed:\n{result:?}");
    assert_same_tree(&before, &tree(&site.out()));
    let check = site.check(&[]);
    assert_eq!(check.code, 1, "check fails too:\n{check:?}");
    assert!(check.stderr.contains(link) && check.stderr.contains(&target), "check names the link:\n{check:?}");
    assert!(!check.stderr.contains(SECRET), "check never prints the secret:\n{check:?}");
}

#[test]
fn link_in_static_to_a_file_outside_is_refused() {
    let site = site_with_secrets();
    plant(&site, "static/shadow", &site.tmp().join("secret.txt"));
    refused(&site, "static/shadow", &site.tmp().join("secret.txt"));
}

#[test]
fn link_in_static_to_a_folder_outside_is_refused_before_copying() {
    let site = site_with_secrets();
    plant(&site, "static/home", &site.tmp().join("secret-dir"));
    refused(&site, "static/home", &site.tmp().join("secret-dir"));
}

#[test]
fn link_in_the_themes_static_folder_is_refused() {
    let site = site_with_secrets();
    site.append("site.yaml", "theme: t\n");
    std::fs::create_dir_all(site.root.join("themes/t/static")).expect("create the theme");
    site.build_ok(&[]);
    plant(&site, "themes/t/static/shadow", &site.tmp().join("secret.txt"));
    refused(&site, "themes/t/static/shadow", &site.tmp().join("secret.txt"));
}

#[test]
fn theme_folder_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    std::fs::create_dir_all(site.tmp().join("outside-theme/static")).expect("create a theme outside");
    std::fs::write(site.tmp().join("outside-theme/static/key.txt"), SECRET).expect("write");
    site.append("site.yaml", "theme: t\n");
    plant(&site, "themes/t", &site.tmp().join("outside-theme"));
    refused(&site, "themes/t", &site.tmp().join("outside-theme"));
}

#[test]
fn template_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    plant(&site, "templates/leak.html", &site.tmp().join("secret.txt"));
    refused(&site, "templates/leak.html", &site.tmp().join("secret.txt"));
}

#[test]
fn site_yaml_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    let outside = site.tmp().join("site.yaml");
    std::fs::rename(site.root.join("site.yaml"), &outside).expect("move site.yaml out");
    plant(&site, "site.yaml", &outside);
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["site.yaml", &real(&outside), "points outside the site"]);
    assert_eq!(site.check(&[]).code, 1);
}

#[test]
fn page_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    plant(&site, "content/blog/leak.md", &site.tmp().join("secret.md"));
    refused(&site, "content/blog/leak.md", &site.tmp().join("secret.md"));
}

#[test]
fn content_asset_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    plant(&site, "content/blog/leak.txt", &site.tmp().join("secret.txt"));
    refused(&site, "content/blog/leak.txt", &site.tmp().join("secret.txt"));
}

#[test]
fn content_folder_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    plant(&site, "content/leak", &site.tmp().join("secret-dir"));
    refused(&site, "content/leak", &site.tmp().join("secret-dir"));
}

#[test]
fn bundle_file_that_is_a_link_outside_is_refused() {
    let site = site_with_secrets();
    site.write("content/blog/bundle/index.md", "---\ntitle: \"Bundle\"\n---\n\nText.\n");
    site.build_ok(&[]);
    plant(&site, "content/blog/bundle/data.txt", &site.tmp().join("secret.txt"));
    refused(&site, "content/blog/bundle/data.txt", &site.tmp().join("secret.txt"));
}

#[test]
fn links_inside_the_root_are_followed() {
    let site = fixture("minimal");
    site.write("assets/style.css", "body{color:red}");
    site.write("media/logo.svg", "<svg/>");
    site.write("pages/linked.md", "---\ntitle: \"Linked\"\n---\n\nLinked text.\n");
    plant(&site, "static/style.css", Path::new("../assets/style.css"));
    plant(&site, "static/img", &site.root.join("media"));
    plant(&site, "content/blog/linked.md", Path::new("../../pages/linked.md"));
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("style.css")), "body{color:red}");
    assert_eq!(read(&out.join("img/logo.svg")), "<svg/>");
    assert!(read(&out.join("blog/linked/index.html")).contains("Linked text."));
    assert_eq!(site.check(&[]).code, 0);
}

#[test]
fn folders_allowed_in_site_yaml_may_be_linked_to() {
    let site = site_with_secrets();
    std::fs::create_dir(site.tmp().join("shared-media")).expect("create the shared folder");
    std::fs::write(site.tmp().join("shared-media/photo.txt"), "JPEG").expect("write");
    site.append("site.yaml", "allow_links_to: [\"../shared-media\"]\n");
    plant(&site, "static/media", &site.tmp().join("shared-media"));
    plant(&site, "static/photo.txt", &site.tmp().join("shared-media/photo.txt"));
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("media/photo.txt")), "JPEG");
    assert_eq!(read(&out.join("photo.txt")), "JPEG");
    // The allowance is for that folder only.
    plant(&site, "static/shadow", &site.tmp().join("secret.txt"));
    refused(&site, "static/shadow", &site.tmp().join("secret.txt"));
}

#[test]
fn allowed_folder_must_be_a_list_of_paths() {
    let site = fixture("minimal");
    site.append("site.yaml", "allow_links_to: 3\n");
    site.build(&[]).assert_error().assert_stderr_has(&["site.yaml:5:", "`allow_links_to` must be a list"]);
}

#[test]
fn dangling_link_is_an_error_naming_it() {
    let site = site_with_secrets();
    let gone = site.tmp().join("gone.css");
    plant(&site, "static/gone.css", &gone);
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&[
        "static/gone.css",
        &gone.display().to_string(),
        "does not exist",
        "help:",
    ]);
    let result = site.check(&[]);
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains("static/gone.css"), "{result:?}");
}

#[test]
fn editor_files_are_never_published() {
    let site = fixture("minimal");
    let temps = [
        "content/blog/hello.md~",
        "content/blog/#hello.md#",
        "content/blog/notes.txt~",
        "content/blog/.hello.md.swp",
        "content/blog/hello.md___jb_tmp___",
        "static/style.css~",
        "static/#style.css#",
        "static/.style.css.swp",
    ];
    for t in temps {
        site.write(t, "scratch");
    }
    site.write("static/style.css", "body{}");
    site.write("content/blog/notes.txt", "notes");
    // Emacs lock files are dangling links.
    plant(&site, "content/blog/.#hello.md", Path::new("user@host.1234:1700000000"));
    plant(&site, "static/.#style.css", Path::new("user@host.1234:1700000000"));
    let out = site.build_ok(&[]);
    let names = tree_names(&out);
    assert!(names.contains(&"style.css".to_string()) && names.contains(&"blog/notes.txt".to_string()), "{names:?}");
    let leaked: Vec<&String> = names
        .iter()
        .filter(|n| n.contains('~') || n.contains('#') || n.contains(".sw") || n.contains("jb_tmp"))
        .collect();
    assert!(leaked.is_empty(), "editor files published: {leaked:?}");
    assert_eq!(site.check(&[]).code, 0);
}

#[test]
fn alias_that_needs_a_static_file_as_folder_names_both_sources() {
    let site = fixture("minimal");
    site.write("static/style.css", "body{}");
    site.write("content/blog/moved.md", "---\ntitle: \"Moved\"\naliases:\n  - /old/\n  - /style.css/\n---\n");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["content/blog/moved.md:5:5", "static/style.css", "help:"]);
    assert!(!result.stderr.contains("Is a directory"), "{result:?}");
    assert!(!site.out().exists());
}

#[test]
fn page_that_needs_a_static_file_as_folder_names_both_sources() {
    let site = fixture("minimal");
    site.write("static/blog", "not a folder");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["static/blog", "content/blog/"]);
    assert!(!result.stderr.contains("Is a directory") && !result.stderr.contains("Not a directory"), "{result:?}");
}

#[test]
fn serve_refuses_a_page_replaced_by_a_link_outside() {
    // The same front matter and headings: serve's fast path for body edits would re-read it.
    let site = site_with_secrets();
    let page = site.root.join("content/blog/hello.md");
    let secret = site.tmp().join("secret-hello.md");
    let front = read(&page).split("## Greetings").next().expect("front matter").to_string();
    std::fs::write(&secret, format!("{front}## Greetings\n\n{SECRET}\n")).expect("write the secret page");
    let out = site.tmp().join("served");
    let opts =
        ltc_hub::BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = ltc_hub::incremental::Session::new(opts);
    session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let before = tree(&out);
    std::fs::remove_file(&page).expect("remove the page");
    symlink(&secret, &page).expect("link the page");
    let failure = session.rebuild_changed(std::slice::from_ref(&page), &mut |_| {}).expect_err("refused");
    let messages: Vec<String> = failure.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    assert!(
        messages.iter().any(|m| m.contains("content/blog/hello.md") && m.contains("points outside the site")),
        "{messages:?}"
    );
    assert_same_tree(&before, &tree(&out));
}

#[test]
fn a_loop_through_two_links_is_an_error_not_a_hang() {
    let site = fixture("minimal");
    std::fs::create_dir(site.root.join("elsewhere")).expect("create a folder");
    plant(&site, "content/blog/x", Path::new("../../elsewhere"));
    plant(&site, "elsewhere/back", Path::new("../content"));
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["content/blog/x/back", "points back to a folder that contains it"]);
}

#[test]
fn git_folders_are_never_published_nor_linked_to() {
    // In CI, .git/config often holds the token the checkout used.
    let site = fixture("minimal");
    site.write(".git/config", &format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"));
    // A static folder that is a checkout of its own is published without its .git.
    site.write("static/vendor/.git/config", SECRET);
    site.write("static/vendor/lib.js", "lib");
    let out = site.build_ok(&[]);
    assert_eq!(tree_names(&out).iter().filter(|n| n.starts_with("vendor/")).collect::<Vec<_>>(), ["vendor/lib.js"]);
    let before = tree(&out);
    plant(&site, "static/gitconfig", Path::new("../.git/config"));
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["static/gitconfig", "version-control folder", ".git/config", "help:"]);
    assert!(!result.stderr.contains(SECRET), "{result:?}");
    assert_same_tree(&before, &tree(&site.out()));
}
