//! Which files a rebuild writes, as a user sees them: after one edit, exactly the output files
//! whose bytes change are written again (a new inode and time), every other file is left alone,
//! and the result is what a fresh build writes. The edits are the precise cases the engine
//! knows: a page body, a summary looked up by `get_page`, a leaf template, a static file, a
//! bundle asset, a file outside the site's sources, site.yaml.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use ltc_hub::BuildOptions;
use ltc_hub::incremental::Session;

use crate::util::{Site, assert_same_tree, fixture_in_memory, read, tree, tree_names};

/// The `incremental` fixture served by a session, as `serve` runs it.
struct Served {
    site: Site,
    opts: BuildOptions,
    session: Session,
}

impl Served {
    fn new() -> Served {
        let site = fixture_in_memory("incremental");
        let out = site.tmp().join("served");
        let opts = BuildOptions { root: site.root.clone(), output: Some(out), jobs: 2, ..Default::default() };
        let mut session = Session::new(opts.clone());
        session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        Served { site, opts, session }
    }

    fn out(&self) -> PathBuf {
        self.opts.output.clone().unwrap()
    }

    /// Rewrites the site's file `rel` through `f`, rebuilds as the watcher tells it, checks the
    /// output against a fresh build and returns the output files written again or added.
    fn edit(&mut self, rel: &str, f: impl FnOnce(&str) -> String) -> BTreeSet<String> {
        let path = self.site.root.join(rel);
        let text = f(&read(&path));
        self.change(&[rel], || std::fs::write(&path, text).unwrap())
    }

    /// Runs `change`, which changes the site's files `rels`, and rebuilds as `edit` does.
    fn change(&mut self, rels: &[&str], change: impl FnOnce()) -> BTreeSet<String> {
        let before = stamps(&self.out());
        // Past the file system's clock tick, so a file written again gets a new time.
        std::thread::sleep(std::time::Duration::from_millis(20));
        change();
        let paths: Vec<PathBuf> = rels.iter().map(|r| self.site.root.join(r)).collect();
        self.session.rebuild_changed(&paths, &mut |_| {}).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        let fresh = self.site.tmp().join("fresh");
        ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..self.opts.clone() })
            .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        assert_same_tree(&tree(&fresh), &tree(&self.out()));
        std::fs::remove_dir_all(&fresh).unwrap();
        let after = stamps(&self.out());
        after.iter().filter(|(name, stamp)| before.get(*name) != Some(stamp)).map(|(name, _)| name.clone()).collect()
    }

    fn html(&self, rel: &str) -> String {
        read(&self.out().join(rel))
    }
}

/// Each output file's inode and modification time.
fn stamps(dir: &std::path::Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    tree_names(dir)
        .into_iter()
        .map(|name| {
            let meta = std::fs::metadata(dir.join(&name)).unwrap();
            (name, (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn a_page_body_edit_rewrites_only_that_page_and_what_shows_its_text() {
    let mut served = Served::new();
    // Not the first paragraph: listings show only the summary, so they keep their bytes. The
    // home page shows word counts of tagged pages through get_taxonomy.
    let written = served.edit("content/docs/usage.md", |t| format!("{t}\nOne more sentence.\n"));
    assert_eq!(written, set(&["docs/usage/index.html", "index.html"]));
    let written = served.edit("content/about.md", |t| format!("{t}\nMore about it.\n"));
    assert_eq!(written, set(&["about/index.html"]));
    assert!(served.html("docs/usage/index.html").contains("One more sentence."));
}

#[test]
fn a_summary_edit_rewrites_the_listings_and_the_pages_that_look_it_up() {
    let mut served = Served::new();
    let written =
        served.edit("content/docs/install.md", |t| t.replace("Install it first.", "Install it before anything."));
    // The page, the docs listing and resources.json (summaries), and docs/usage, whose template
    // shows install's summary through get_page; nothing in the blog, nor the home page.
    let expected = ["docs/index.html", "docs/install/index.html", "docs/usage/index.html", "resources.json"];
    assert_eq!(written, set(&expected));
    assert!(served.html("docs/usage/index.html").contains("Install it before anything."));
}

#[test]
fn a_leaf_template_edit_rewrites_only_the_outputs_that_use_it() {
    let mut served = Served::new();
    let term = "themes/inc/templates/term.html";
    let written = served.edit(term, |t| t.replacen("<!--m-->", "<!--m--><p>edited</p>", 1));
    let terms: BTreeSet<String> = tree_names(&served.out())
        .into_iter()
        .filter(|n| (n.starts_with("tags/") || n.starts_with("category/")) && n.matches('/').count() >= 2)
        .collect();
    assert!(terms.contains("tags/news/index.html"), "{terms:?}");
    assert_eq!(written, terms);

    let docs = "themes/inc/templates/docs/page.html";
    let written = served.edit(docs, |t| t.replacen("<!--m-->", "<!--m--><p>edited</p>", 1));
    assert_eq!(written, set(&["docs/install/index.html", "docs/usage/index.html"]));
}

#[test]
fn a_static_file_edit_rewrites_only_that_file() {
    let mut served = Served::new();
    assert_eq!(served.edit("static/files/data.json", |_| "{\"version\": 2}\n".into()), set(&["files/data.json"]));
    assert_eq!(
        served.edit("themes/inc/static/css/site.css", |t| format!("{t}p {{ margin: 0; }}\n")),
        set(&["css/site.css"])
    );
    // The theme's shared.txt is under the root's file of the same name: nothing changes.
    assert_eq!(served.edit("themes/inc/static/shared.txt", |_| "theme, edited\n".into()), set(&[]));
    assert_eq!(served.html("shared.txt"), "shared, from the root\n");
}

#[test]
fn a_bundle_asset_edit_rewrites_only_that_asset() {
    let mut served = Served::new();
    let written = served.edit("content/blog/bundle/files/notes.txt", |t| format!("{t}More notes.\n"));
    assert_eq!(written, set(&["blog/bundle/files/notes.txt"]));
}

#[test]
fn an_edit_outside_the_sites_sources_rewrites_nothing() {
    let mut served = Served::new();
    assert_eq!(served.edit("README.md", |t| format!("{t}\nMore.\n")), set(&[]));
}

#[test]
fn a_config_edit_rewrites_the_pages_but_copies_no_file_again() {
    let mut served = Served::new();
    let written = served.edit("site.yaml", |t| t.replace("Footer text", "New footer"));
    let html: BTreeSet<String> = tree_names(&served.out())
        .into_iter()
        .filter(|n| n.ends_with(".html") && !n.starts_with("old/")) // aliases are bare redirects
        .collect();
    assert_eq!(written, html);
    assert!(served.html("about/index.html").contains("New footer"));
}

#[test]
fn a_bundle_asset_added_or_removed_is_listed_on_its_page() {
    // A bug found by the random sequences: the page's `assets` kept the old list, since
    // neither the page's view nor its output were redone when only its folder changed.
    let mut served = Served::new();
    let asset = "content/blog/bundle/extra.txt";
    let path = served.site.root.join(asset);
    let written = served.change(&[asset], || std::fs::write(&path, "extra\n").unwrap());
    assert!(written.contains("blog/bundle/extra.txt") && written.contains("blog/bundle/index.html"), "{written:?}");
    assert!(served.html("blog/bundle/index.html").contains("/blog/bundle/extra.txt"));

    let dot = "content/blog/bundle/dot.svg";
    let path = served.site.root.join(dot);
    let written = served.change(&[dot], || std::fs::remove_file(&path).unwrap());
    assert!(written.contains("blog/bundle/index.html"), "{written:?}");
    assert!(!served.html("blog/bundle/index.html").contains("dot.svg"));
}

#[test]
fn turning_the_search_index_off_removes_its_files() {
    // A bug found by the random sequences: `outputs: search: false` left pagefind/ in place.
    let mut served = Served::new();
    let written = served.edit("site.yaml", |t| t.replace("search: false", "search: true"));
    assert!(written.contains("pagefind/pagefind.js"), "{written:?}");
    served.edit("site.yaml", |t| t.replace("search: true", "search: false"));
    assert!(!served.out().join("pagefind").exists());
}

/// In docs/usage.md, "daily" becomes "often" (the same size), and the file keeps its time:
/// as two saves within the file system's time granularity look (a second on HFS+, FAT and some
/// network shares), or a copy that keeps times. The watcher reports the file all the same.
fn same_size_and_time_edit(root: &std::path::Path) {
    let path = root.join(USAGE);
    let time = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, read(&path).replace("Use it daily.", "Use it often.")).unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(time).unwrap();
}

const USAGE: &str = "content/docs/usage.md";

#[test]
fn a_reported_edit_that_keeps_the_size_and_time_is_read_again() {
    // With a static file changed too, the whole pipeline runs; its file cache, which goes by
    // size and time, must not keep the old text of a file the watcher reported.
    let mut served = Served::new();
    let root = served.site.root.clone();
    served.change(&[USAGE, "static/files/data.json"], || {
        std::fs::write(root.join("static/files/data.json"), "{}\n").unwrap();
        same_size_and_time_edit(&root);
    });
    assert!(served.html("docs/usage/index.html").contains("Use it often."));
}

#[test]
fn an_edit_read_by_the_fast_path_stays_after_the_next_full_rebuild() {
    // Alone, the edit takes the fast path, which reads the page itself. The next rebuild (a
    // static file) runs the whole pipeline, whose file cache must not bring the old text back.
    let mut served = Served::new();
    let root = served.site.root.clone();
    served.change(&[USAGE], || same_size_and_time_edit(&root));
    assert!(served.html("docs/usage/index.html").contains("Use it often."));
    served.edit("static/files/data.json", |_| "{}\n".into());
    assert!(served.html("docs/usage/index.html").contains("Use it often."));
}

#[test]
fn a_page_edit_rewrites_its_sections_feed() {
    let mut served = Served::new();
    let written = served.edit("content/blog/_index.md", |t| t.replacen("---\n", "---\nfeed: true\n", 1));
    assert!(written.contains("blog/atom.xml") && written.contains("blog/rss.xml"), "{written:?}");
    let written =
        served.edit("content/blog/alpha.md", |t| t.replace("Alpha's first paragraph.", "Alpha's new opening."));
    assert!(written.contains("blog/atom.xml") && written.contains("blog/rss.xml"), "{written:?}");
    assert!(!written.iter().any(|w| w.starts_with("docs/")), "{written:?}");
    assert!(served.html("blog/atom.xml").contains("new opening."));
}

#[test]
fn a_page_edit_rewrites_its_terms_feeds() {
    let mut served = Served::new();
    let written = served.edit("site.yaml", |t| t.replace("  - tags\n", "  - name: tags\n    feed: true\n"));
    assert!(written.contains("tags/intro/atom.xml") && written.contains("tags/news/rss.xml"), "{written:?}");
    let written =
        served.edit("content/blog/alpha.md", |t| t.replace("Alpha's first paragraph.", "Alpha's new opening."));
    assert!(written.contains("tags/intro/atom.xml") && written.contains("tags/news/rss.xml"), "{written:?}");
    assert!(served.html("tags/intro/atom.xml").contains("new opening."));
}

#[test]
fn a_data_file_edit_rewrites_only_the_outputs_that_load_it() {
    let mut served = Served::new();
    let written = served.edit("data/partners.csv", |t| t.replace("Springfield,", "Shelbyville,"));
    assert_eq!(written, set(&["index.html"]));
    assert!(served.html("index.html").contains("<li>Shelbyville (Springfield)</li>"));
    let written = served.edit("data/links.yaml", |t| t.replace("Install guide", "Setup guide"));
    assert_eq!(written, set(&["docs/install/index.html", "docs/usage/index.html"]));
}
