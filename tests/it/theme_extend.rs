//! Theme extension: a template in the root's `templates/` extends the theme's template of the
//! same name as `THEME/NAME` (`{% extends "hub/base.html" %}`) and overrides one block. The
//! `themeext` fixture rebrands the theme `hub` this way; a section named `hub` still gets the
//! root's templates.

use std::collections::BTreeSet;
use std::path::PathBuf;

use ltc_hub::BuildOptions;
use ltc_hub::incremental::Session;

use crate::util::{assert_same_tree, count, fixture, fixture_in_memory, read, tree, tree_names};

#[test]
fn a_root_template_extends_the_themes_template_and_overrides_one_block() {
    let site = fixture("themeext");
    let out = site.build_ok(&[]);
    for rel in ["docs/install/index.html", "hub/launch/index.html"] {
        let html = read(&out.join(rel));
        // The theme's base around the root's blocks: its header and footer, the root's brand.
        assert!(html.starts_with("<!DOCTYPE html>"), "{rel}: {html}");
        assert!(
            html.contains("<header class=\"theme-header\"><span class=\"brand\">Library brand</span></header>"),
            "{rel}: {html}"
        );
        assert!(html.contains("<footer class=\"theme-footer\">Theme footer</footer>"), "{rel}: {html}");
        assert!(!html.contains("Hub brand"), "{rel}: {html}");
        // The theme's page with the root's byline (the section `hub` is no `hub/page.html`).
        assert!(html.contains("<p class=\"byline\">Library byline</p>"), "{rel}: {html}");
        assert!(!html.contains("Theme byline"), "{rel}: {html}");
    }
    let install = read(&out.join("docs/install/index.html"));
    assert!(install.contains("<title>Install</title>") && install.contains("Install it first."), "{install}");
    // The theme's section template, through the root's base.
    let home = read(&out.join("index.html"));
    assert!(home.contains("<title>Rebranded</title>") && home.contains("Library brand"), "{home}");
    // Other root templates extending the theme's under other names.
    let docs = read(&out.join("docs/index.html"));
    assert!(
        docs.contains("<title>Listing: Docs</title>") && docs.contains("<a href=\"/docs/install/\">Install</a>"),
        "{docs}"
    );
    let special = read(&out.join("docs/special/index.html"));
    assert!(special.contains("Special byline") && special.contains("Library brand"), "{special}");
}

#[test]
fn extending_a_theme_template_that_does_not_exist_is_an_error_at_the_extends() {
    let site = fixture("themeext");
    site.write("templates/page.html", "{% extends \"hub/pgae.html\" %}\n{% block byline %}x{% endblock byline %}\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "`page.html` extends `hub/pgae.html`, which does not exist",
        "templates/page.html:1:12",
        "did you mean `hub/page.html`?",
    ]);
}

#[test]
fn errors_in_an_extended_theme_template_name_the_themes_file_once() {
    let site = fixture("themeext");
    site.write("themes/hub/templates/partials/footer.html", "<footer>{{ site.title | shout }}</footer>\n");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["themes/hub/templates/partials/footer.html:1:"]);
    assert_eq!(count(&result.stderr, "themes/hub/templates/partials/footer.html:1:"), 1, "{result:?}");

    let site = fixture("themeext");
    let base = read(&site.root.join("themes/hub/templates/base.html"));
    site.write("themes/hub/templates/base.html", &base.replace("<main>", "{{ nope }}<main>"));
    site.build(&[]).assert_error().assert_stderr_has(&["themes/hub/templates/base.html:4:4"]);
}

#[test]
fn a_page_template_typo_does_not_suggest_the_themes_names() {
    let site = fixture("themeext");
    site.write("content/docs/install.md", "---\ntitle: \"Install\"\ntemplate: pgae.html\n---\n");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["did you mean `page.html`?", "templates available: "]);
    assert!(!result.stderr.contains("hub/"), "{result:?}");
}

/// The output files a session's rebuild wrote again after `rel` was rewritten through `f`,
/// checked against a fresh build.
fn rebuild_after(
    site: &crate::util::Site,
    session: &mut Session,
    opts: &BuildOptions,
    rel: &str,
    f: impl FnOnce(&str) -> String,
) -> BTreeSet<String> {
    let out = opts.output.clone().unwrap();
    let stamp = |name: &String| {
        let meta = std::fs::metadata(out.join(name)).unwrap();
        (std::os::unix::fs::MetadataExt::ino(&meta), meta.modified().unwrap())
    };
    let before: Vec<(String, _)> = tree_names(&out)
        .into_iter()
        .map(|n| {
            let s = stamp(&n);
            (n, s)
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = site.root.join(rel);
    std::fs::write(&path, f(&read(&path))).unwrap();
    session.rebuild_changed(&[path], &mut |_| {}).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let fresh = site.tmp().join("fresh");
    ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..opts.clone() })
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_same_tree(&tree(&fresh), &tree(&out));
    std::fs::remove_dir_all(&fresh).unwrap();
    before.into_iter().filter(|(n, s)| !out.join(n).exists() || stamp(n) != *s).map(|(n, _)| n).collect()
}

#[test]
fn editing_an_extended_theme_template_rerenders_the_pages_that_use_it() {
    let site = fixture_in_memory("themeext");
    let out: PathBuf = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let html: BTreeSet<String> = tree_names(&out).into_iter().filter(|n| n.ends_with("index.html")).collect();
    let pages: BTreeSet<String> = ["docs/install/index.html", "hub/launch/index.html"].map(String::from).into();
    let mut theme_pages = pages.clone();
    theme_pages.insert("docs/special/index.html".into());

    // The theme's base, which only the root's base extends: every HTML output.
    let written = rebuild_after(&site, &mut session, &opts, "themes/hub/templates/base.html", |t| {
        t.replace("<main>", "<main class=\"edited\">")
    });
    assert_eq!(written, html);
    assert!(read(&out.join("docs/install/index.html")).contains("<main class=\"edited\">"));

    // The theme's page, which the root's page and special.html extend: the pages only.
    let written = rebuild_after(&site, &mut session, &opts, "themes/hub/templates/page.html", |t| {
        t.replace("<article>", "<article class=\"edited\">")
    });
    assert_eq!(written, theme_pages);
    assert!(read(&out.join("docs/special/index.html")).contains("<article class=\"edited\">"));

    // The root's page: the pages only.
    let written =
        rebuild_after(&site, &mut session, &opts, "templates/page.html", |t| t.replace("Library byline", "Our byline"));
    assert_eq!(written, pages);
    assert!(read(&out.join("docs/install/index.html")).contains("Our byline"));

    // The theme's section, which the root does not override: the sections rendered with it
    // and docs, whose listing.html extends it as `hub/section.html`.
    let written = rebuild_after(&site, &mut session, &opts, "themes/hub/templates/section.html", |t| {
        t.replace("<ul>", "<ul class=\"edited\">")
    });
    assert_eq!(written, ["index.html", "docs/index.html", "hub/index.html"].map(String::from).into());
    assert!(read(&out.join("docs/index.html")).contains("<ul class=\"edited\">"));
}
