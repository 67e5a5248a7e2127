//! The seam between the watcher and the engine: the paths that changed in one burst, sorted
//! into typed changes against the last snapshot. A page whose front matter is unchanged is a
//! body change (and is read here, once); anything that cannot be told apart is `Unknown`,
//! which redoes everything.

use std::path::{Path, PathBuf};

use crate::content::SourcePage;
use crate::site::PageId;

use super::Snapshot;

/// One change of the site's sources since the last snapshot. Page ids are the last snapshot's.
/// What each variant carries names what changed; `redo` needs it only where a change is
/// precise (a body, a template, a copied file): the others redo everything.
#[derive(Debug)]
#[allow(dead_code, reason = "the payloads of the changes that redo everything are read only by Debug (tests, logs)")]
pub(crate) enum Change {
    /// A page's body changed, its front matter did not: the page as read again.
    PageBody(PageId, Box<SourcePage>),
    /// A page's front matter changed (or it no longer reads cleanly).
    PageFront(PageId),
    /// A Markdown file that was not a published page.
    PageAdded(PathBuf),
    /// A published page's file is gone.
    PageRemoved(PageId),
    /// A published page's file is gone and a new Markdown file came in the same burst.
    PageRenamed { from: PageId, to: PathBuf },
    /// A section's `_index.md`: edited, added or removed.
    Section(PathBuf),
    /// A template's text was edited.
    Template(String),
    /// A template was added or removed (which template an output uses can change).
    TemplateSet(String),
    /// A file of a `static/` or `sass/` folder: added, edited or removed.
    Static(PathBuf),
    /// A file under `content/` that is copied as it is, edited.
    Asset(PathBuf),
    /// A file under `content/` that is copied as it is, added or removed (bundles list theirs).
    AssetSet(PathBuf),
    /// A file under `data/`, added, edited or removed, by its path from the root
    /// (`data/grantees.csv`): the outputs that loaded it are rendered again.
    Data(String),
    /// site.yaml.
    Config,
    /// Time passed: a scheduled page came due, or the day changed (`build_date`).
    Clock,
    /// Anything else: a folder, a file outside the folders above, or "anything may have changed".
    Unknown(PathBuf),
}

impl Change {
    /// The variant's name, e.g. `PageBody`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Change::PageBody(..) => "PageBody",
            Change::PageFront(_) => "PageFront",
            Change::PageAdded(_) => "PageAdded",
            Change::PageRemoved(_) => "PageRemoved",
            Change::PageRenamed { .. } => "PageRenamed",
            Change::Section(_) => "Section",
            Change::Template(_) => "Template",
            Change::TemplateSet(_) => "TemplateSet",
            Change::Static(_) => "Static",
            Change::Asset(_) => "Asset",
            Change::AssetSet(_) => "AssetSet",
            Change::Data(_) => "Data",
            Change::Config => "Config",
            Change::Clock => "Clock",
            Change::Unknown(_) => "Unknown",
        }
    }
}

/// Sorts `paths` (absolute, as the watcher reports them) into changes since `last`.
pub(crate) fn classify(
    root: &Path,
    paths: &[PathBuf],
    last: &Snapshot,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Change> {
    let site = &last.site;
    let mut changes = Vec::new();
    if site.build_date != now.date_naive() || site.next_due.is_some_and(|t| t <= now.timestamp()) {
        changes.push(Change::Clock);
    }
    if paths.is_empty() {
        changes.push(Change::Unknown(root.to_path_buf()));
    }
    let content = crate::content::dir(root);
    for path in paths {
        let change = if path == &root.join(crate::config::FILE_NAME) || is_overlay(root, path) {
            Change::Config
        } else if path.is_dir() || path == root {
            Change::Unknown(path.clone())
        } else if let Some(key) = data_key(root, path) {
            Change::Data(key)
        } else if let Ok(rel) = path.strip_prefix(&content) {
            content_change(root, path, rel, last)
        } else if let Some(name) = last.theme.changed_name(path) {
            if path.is_file() && last.theme.has(&name) { Change::Template(name) } else { Change::TemplateSet(name) }
        } else if last.theme.static_dirs.iter().chain(&last.theme.sass_dirs).any(|d| path.starts_with(d)) {
            Change::Static(path.clone())
        } else {
            Change::Unknown(path.clone())
        };
        changes.push(change);
    }
    pair_renames(&mut changes);
    changes
}

/// A `site.ENV.yaml` in the root: whichever environment is built, such a file may be its
/// overlay, so it counts as site.yaml does.
fn is_overlay(root: &Path, path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.parent() == Some(root) && name.starts_with("site.") && name.ends_with(".yaml") && name.len() > 10
}

/// The key of a file under `data/` (`data/grantees.csv`), as `load_data` names it.
fn data_key(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root.join(crate::data::DIR)).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(format!("{}/{}", crate::data::DIR, parts?.join("/")))
}

/// A path under `content/`.
fn content_change(root: &Path, path: &Path, rel: &Path, last: &Snapshot) -> Change {
    let key = rel.to_string_lossy().replace('\\', "/");
    if let Some(&id) = last.index.pages.get(&key) {
        if !path.is_file() {
            return Change::PageRemoved(id);
        }
        let site = &last.site;
        let page = &site.pages[id];
        let section = &site.sections[page.section].key;
        let (mut source, mut diags) = crate::content::reload_page(root, &site.config, &key, section);
        // A translation takes fields from its original, as a full load does.
        if let Some(s) = source.as_mut().filter(|s| s.original != s.key) {
            let original = last.index.pages.get(&s.original).map(|&o| &site.pages[o].front);
            diags.extend(crate::content::translations::inherit(&site.config, s, original));
        }
        return match source {
            Some(s) if diags.is_empty() && s.front == page.front => Change::PageBody(id, Box::new(s)),
            _ => Change::PageFront(id),
        };
    }
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let translated = crate::content::translations::split_name(&name, &last.site.config);
    if name == "_index.md" || translated.is_some_and(|(base, _)| base == "_index.md") {
        Change::Section(path.to_path_buf())
    } else if name.ends_with(".md") {
        Change::PageAdded(path.to_path_buf())
    } else {
        let copied = last.outputs.iter().any(|o| matches!(&o.kind, crate::render::Kind::Copy(src) | crate::render::Kind::Image { src, .. } if src == path));
        if copied && path.is_file() { Change::Asset(path.to_path_buf()) } else { Change::AssetSet(path.to_path_buf()) }
    }
}

/// A page removed and a page added in one burst is a rename.
fn pair_renames(changes: &mut Vec<Change>) {
    let removed = changes.iter().position(|c| matches!(c, Change::PageRemoved(_)));
    let added = changes.iter().position(|c| matches!(c, Change::PageAdded(_)));
    if let (Some(r), Some(a)) = (removed, added)
        && let (Change::PageRemoved(from), Change::PageAdded(to)) = (&changes[r], &changes[a])
    {
        let renamed = Change::PageRenamed { from: *from, to: to.clone() };
        changes[r] = renamed;
        changes.remove(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{BuildOptions, Caches, model};

    /// A copy of the `basic` fixture and its snapshot.
    fn site() -> (tempfile::TempDir, PathBuf, Snapshot) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = root.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let snap = load(&root);
        (tmp, root, snap)
    }

    fn load(root: &Path) -> Snapshot {
        let opts = BuildOptions { root: root.to_path_buf(), jobs: 1, ..Default::default() };
        let model =
            model::load(&opts, &mut Caches::default(), model::Sources::Keep).unwrap_or_else(|d| panic!("{d:?}"));
        Snapshot::new(root, model).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn one(root: &Path, snap: &Snapshot, rel: &str) -> Change {
        let now = chrono::Utc::now();
        let mut changes = classify(root, &[root.join(rel)], snap, now);
        assert_eq!(changes.len(), 1, "{changes:?}");
        changes.remove(0)
    }

    fn append(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, old + text).unwrap();
    }

    #[test]
    fn every_kind_of_path_is_sorted_into_its_change() {
        let (_tmp, root, snap) = site();
        let hello = snap.index.pages["blog/hello.md"];
        append(&root, "content/blog/hello.md", "\nMore words.\n");
        assert!(matches!(one(&root, &snap, "content/blog/hello.md"), Change::PageBody(id, _) if id == hello));
        let text = std::fs::read_to_string(root.join("content/blog/second.md")).unwrap();
        std::fs::write(root.join("content/blog/second.md"), text.replacen("title: ", "title: Now ", 1)).unwrap();
        assert!(matches!(one(&root, &snap, "content/blog/second.md"), Change::PageFront(_)));
        std::fs::write(root.join("content/blog/new.md"), "---\ntitle: New\n---\nBody\n").unwrap();
        assert!(matches!(one(&root, &snap, "content/blog/new.md"), Change::PageAdded(_)));
        std::fs::remove_file(root.join("content/blog/third.md")).unwrap();
        assert!(matches!(one(&root, &snap, "content/blog/third.md"), Change::PageRemoved(_)));
        assert!(matches!(one(&root, &snap, "content/blog/_index.md"), Change::Section(_)));
        assert!(
            matches!(one(&root, &snap, "themes/basic/templates/page.html"), Change::Template(n) if n == "page.html")
        );
        assert!(matches!(one(&root, &snap, "templates/new.html"), Change::TemplateSet(n) if n == "new.html"));
        assert!(matches!(one(&root, &snap, "static/shared.txt"), Change::Static(_)));
        assert!(matches!(one(&root, &snap, "themes/basic/static/css/style.css"), Change::Static(_)));
        assert!(matches!(one(&root, &snap, "content/guides/bundle-page/diagram.png"), Change::Asset(_)));
        assert!(matches!(one(&root, &snap, "content/guides/bundle-page/new.png"), Change::AssetSet(_)));
        assert!(matches!(one(&root, &snap, "site.yaml"), Change::Config));
        assert!(matches!(one(&root, &snap, "data/grantees.csv"), Change::Data(k) if k == "data/grantees.csv"));
        assert!(matches!(one(&root, &snap, "site.staging.yaml"), Change::Config));
        assert!(matches!(one(&root, &snap, "README.md"), Change::Unknown(_)));
        assert!(matches!(one(&root, &snap, "content/guides"), Change::Unknown(_)));
    }

    #[test]
    fn a_page_gone_and_one_new_in_one_burst_is_a_rename() {
        let (_tmp, root, snap) = site();
        std::fs::rename(root.join("content/blog/third.md"), root.join("content/blog/trois.md")).unwrap();
        let paths = [root.join("content/blog/third.md"), root.join("content/blog/trois.md")];
        let changes = classify(&root, &paths, &snap, chrono::Utc::now());
        assert!(matches!(changes.as_slice(), [Change::PageRenamed { .. }]), "{changes:?}");
    }

    #[test]
    fn no_paths_is_unknown_and_a_new_day_is_the_clock() {
        let (_tmp, root, snap) = site();
        assert!(matches!(classify(&root, &[], &snap, chrono::Utc::now()).as_slice(), [Change::Unknown(_)]));
        let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
        let changes = classify(&root, &[root.join("site.yaml")], &snap, tomorrow);
        assert!(matches!(changes.as_slice(), [Change::Clock, Change::Config]), "{changes:?}");
    }

    #[test]
    fn an_expiry_still_to_come_is_when_the_clock_changes_the_site() {
        let (_tmp, root, _) = site();
        let now = chrono::Utc::now();
        let at = now + chrono::Duration::hours(1);
        let stamp = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let page = format!("---\ntitle: Call\nexpires: {stamp}\n---\nBody\n");
        std::fs::write(root.join("content/blog/call.md"), page).unwrap();
        let snap = load(&root);
        assert_eq!(snap.site.next_due, Some(at.timestamp()), "earlier than the 2999 future post");
        let readme = [root.join("README.md")];
        let soon = chrono::Utc::now();
        assert!(!classify(&root, &readme, &snap, soon).iter().any(|c| matches!(c, Change::Clock)));
        let later = now + chrono::Duration::hours(2);
        assert!(matches!(classify(&root, &readme, &snap, later).as_slice(), [Change::Clock, ..]));
    }
}
