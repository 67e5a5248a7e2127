//! What each `Change` variant redoes, on the `basic` fixture: the output paths `redo` returns.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::*;
use crate::pipeline::{BuildOptions, Caches, model};
use crate::render::Dep;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic")
}

fn snapshot() -> Snapshot {
    let opts = BuildOptions { root: root(), jobs: 1, ..Default::default() };
    let model = model::load(&opts, &mut Caches::default(), model::Sources::Keep).unwrap_or_else(|d| panic!("{d:?}"));
    Snapshot::new(&opts.root, model).unwrap_or_else(|d| panic!("{d:?}"))
}

/// Every output recorded with no lookups, except `index.html`, which looked up `docs/features.md`.
fn records(snap: &Snapshot) -> HashMap<String, Record> {
    let features = snap.index.pages["docs/features.md"];
    snap.outputs
        .iter()
        .map(|o| {
            let lookups = if o.path == "index.html" { vec![Dep::Page(features)] } else { Vec::new() };
            (o.path.clone(), Record { hash: 0, lookups, extras: Vec::new() })
        })
        .collect()
}

fn redone(snap: &Snapshot, changes: &[Change]) -> BTreeSet<String> {
    let records = records(snap);
    redo(changes, snap, Some((snap.outputs.as_slice(), &records)))
        .into_iter()
        .map(|i| snap.outputs[i].path.clone())
        .collect()
}

fn all(snap: &Snapshot) -> BTreeSet<String> {
    snap.outputs.iter().map(|o| o.path.clone()).collect()
}

fn body(snap: &Snapshot, key: &str) -> Change {
    let id = snap.index.pages[key];
    let p = &snap.site.pages[id];
    let source =
        crate::content::reload_page(&root(), &snap.site.config, key, &snap.site.sections[p.section].key).0.unwrap();
    Change::PageBody(id, Box::new(source))
}

#[test]
fn a_page_body_redoes_the_page_its_listings_feeds_and_lookups_of_it() {
    let snap = snapshot();
    let got = redone(&snap, &[body(&snap, "docs/features.md")]);
    for path in ["docs/features/index.html", "docs/index.html", "atom.xml", "rss.xml", "sitemap.xml", "index.html"] {
        assert!(got.contains(path), "{path} not redone: {got:?}");
    }
    for path in ["blog/hello/index.html", "blog/index.html", "404.html", "robots.txt", "css/style.css"] {
        assert!(!got.contains(path), "{path} redone: {got:?}");
    }
    // Its terms' pages and their taxonomy lists, and no other term.
    let features = &snap.site.pages[snap.index.pages["docs/features.md"]];
    for (t, tax) in snap.site.taxonomies.iter().enumerate() {
        for term in &tax.terms {
            let listed = term.pages.contains(&snap.index.pages["docs/features.md"]);
            assert_eq!(got.contains(&format!("{}index.html", term.path)), listed, "term {}", term.path);
        }
        let any = features.front.taxonomies.contains_key(&tax.config.name);
        assert_eq!(got.contains(&format!("{}index.html", snap.site.taxonomies[t].path)), any);
    }
}

#[test]
fn a_template_edit_redoes_the_outputs_that_render_it_or_extend_it() {
    let snap = snapshot();
    let got = redone(&snap, &[Change::Template("page.html".into())]);
    assert!(got.contains("blog/hello/index.html") && got.contains("docs/features/index.html"));
    assert!(!got.contains("guides/first/index.html"), "guides pages use guides/page.html: {got:?}");
    assert!(!got.contains("blog/index.html") && !got.contains("atom.xml"));
    // Every template extends base.html: every output rendered through a template.
    let base = redone(&snap, &[Change::Template("base.html".into())]);
    assert!(base.contains("guides/first/index.html") && base.contains("blog/index.html") && base.contains("404.html"));
    assert!(!base.contains("atom.xml") && !base.contains("css/style.css"));
}

#[test]
fn a_shortcode_edit_redoes_everything_that_shows_page_bodies() {
    let snap = snapshot();
    let got = redone(&snap, &[Change::Template("shortcodes/note.html".into())]);
    assert!(got.contains("blog/hello/index.html") && got.contains("blog/index.html") && got.contains("atom.xml"));
    assert!(!got.contains("css/style.css") && !got.contains("robots.txt"));
}

#[test]
fn a_static_file_or_asset_redoes_only_its_copy() {
    let snap = snapshot();
    let css = root().join("themes/basic/static/css/style.css");
    assert_eq!(redone(&snap, &[Change::Static(css)]), BTreeSet::from(["css/style.css".to_string()]));
    let asset = root().join("content/guides/bundle-page/files/data.csv");
    let csv = "guides/bundle-page/files/data.csv".to_string();
    assert_eq!(redone(&snap, &[Change::Asset(asset)]), BTreeSet::from([csv]));
    // An image a page shows: the image, its variants, the page and what shows the page.
    let image = root().join("content/guides/bundle-page/diagram.png");
    let shown = redone(&snap, &[Change::Asset(image)]);
    for path in ["guides/bundle-page/diagram.png", "guides/bundle-page/index.html", "guides/index.html", "atom.xml"] {
        assert!(shown.contains(path), "{path} in {shown:?}");
    }
    assert!(shown.iter().any(|p| p.ends_with("-12.webp")), "{shown:?}");
    assert!(!shown.contains("guides/bundle-page/files/data.csv"), "{shown:?}");
    // A theme file the root's static/ overrides is not published: nothing to redo.
    let shadowed = root().join("themes/basic/static/shared.txt");
    assert!(redone(&snap, &[Change::Static(shadowed)]).is_empty());
}

#[test]
fn changes_of_the_site_shape_redo_everything() {
    let snap = snapshot();
    let features = snap.index.pages["docs/features.md"];
    let everything = all(&snap);
    let shape = [
        Change::PageFront(features),
        Change::PageAdded(root().join("content/blog/new.md")),
        Change::PageRemoved(features),
        Change::PageRenamed { from: features, to: root().join("content/docs/renamed.md") },
        Change::Section(root().join("content/blog/_index.md")),
        Change::TemplateSet("blog/page.html".into()),
        Change::AssetSet(root().join("content/guides/bundle-page/new.png")),
        Change::Config,
        Change::Clock,
        Change::Unknown(root().join("README.md")),
    ];
    for change in shape {
        assert_eq!(redone(&snap, std::slice::from_ref(&change)), everything, "{change:?}");
    }
}

#[test]
fn outputs_new_or_defined_differently_are_always_redone() {
    let snap = snapshot();
    let mut records = records(&snap);
    records.remove("blog/hello/index.html");
    let got: BTreeSet<String> = redo(&[], &snap, Some((snap.outputs.as_slice(), &records)))
        .into_iter()
        .map(|i| snap.outputs[i].path.clone())
        .collect();
    assert_eq!(got, BTreeSet::from(["blog/hello/index.html".to_string()]));
    // No last snapshot: everything.
    assert_eq!(redo(&[], &snap, None).len(), snap.outputs.len());
}

#[test]
fn a_data_file_redoes_only_the_outputs_that_loaded_it() {
    let snap = snapshot();
    let mut records = records(&snap);
    let key: std::sync::Arc<str> = std::sync::Arc::from("data/grantees.csv");
    records.get_mut("blog/hello/index.html").unwrap().lookups.push(Dep::Data(key));
    let redone = |changes: &[Change]| -> BTreeSet<String> {
        redo(changes, &snap, Some((snap.outputs.as_slice(), &records)))
            .into_iter()
            .map(|i| snap.outputs[i].path.clone())
            .collect()
    };
    let got = redone(&[Change::Data("data/grantees.csv".into())]);
    assert_eq!(got, BTreeSet::from(["blog/hello/index.html".to_string()]));
    assert!(redone(&[Change::Data("data/other.csv".into())]).is_empty());
}
