//! Editor actions on a copy of the `incremental` fixture, one kind per `Change` variant of the
//! rebuild engine, so a failure names the kind of change the engine got wrong. Each action
//! records the paths the watcher would report (files created, modified and deleted, folders
//! created and removed, both names of a rename) and returns a line saying what it did, for the
//! replay log.

use std::path::{Path, PathBuf};

use super::Rng;

mod content;
mod theme;

/// The kinds of edit, named after the engine's `Change` variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Body text only: append, a heading, an `@/` link, a shortcode call, the summary.
    PageBody,
    /// Title, date, taxonomy terms, weight, draft, aliases, summary, slug, params, event time.
    PageFront,
    PageAdded,
    PageRemoved,
    /// Within its section or to another one; bundles are renamed as folders.
    PageRenamed,
    /// An `_index.md`: title, body, sort_by, paginate_by, weight; sections added and removed.
    Section,
    /// A base template, a leaf, an included partial, a shortcode, one calling `get_*`.
    Template,
    TemplateAdded,
    TemplateRemoved,
    /// In `static/` and in the theme's `static/`.
    Static,
    /// A bundle's file next to its `index.md`.
    Asset,
    /// site.yaml: title, extra values, paginate_by, feed limit, taxonomies, outputs.
    Config,
    /// A file under `data/`: a row or record edited, added or removed; a file no template reads.
    Data,
    /// Files and folders elsewhere in the root.
    Unknown,
    /// An edit that breaks the build (bad YAML, a template error, a dead `@/` link, ...).
    Broken,
    /// Puts back what `Broken` changed.
    Fix,
}

/// The kinds a step draws from, each as often as it is listed.
pub const DRAW: &[Kind] = &[
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageBody,
    Kind::PageFront,
    Kind::PageFront,
    Kind::PageFront,
    Kind::PageAdded,
    Kind::PageAdded,
    Kind::PageRemoved,
    Kind::PageRemoved,
    Kind::PageRenamed,
    Kind::PageRenamed,
    Kind::Section,
    Kind::Section,
    Kind::Template,
    Kind::Template,
    Kind::Template,
    Kind::TemplateAdded,
    Kind::TemplateRemoved,
    Kind::Static,
    Kind::Static,
    Kind::Asset,
    Kind::Asset,
    Kind::Config,
    Kind::Config,
    Kind::Data,
    Kind::Unknown,
    Kind::Broken,
];

/// Every kind a sequence test must have applied at least once.
pub const ALL: &[Kind] = &[
    Kind::PageBody,
    Kind::PageFront,
    Kind::PageAdded,
    Kind::PageRemoved,
    Kind::PageRenamed,
    Kind::Section,
    Kind::Template,
    Kind::TemplateAdded,
    Kind::TemplateRemoved,
    Kind::Static,
    Kind::Asset,
    Kind::Config,
    Kind::Data,
    Kind::Unknown,
    Kind::Broken,
    Kind::Fix,
];

/// Pages that are never removed, renamed or made drafts: templates and links point at them.
pub const STABLE: &[&str] = &["blog/alpha.md", "docs/install.md"];

/// Writes into the site and records what the watcher would report.
pub struct Fs<'a> {
    pub root: &'a Path,
    changed: Vec<PathBuf>,
    /// A file changed but kept its size and time: only a rebuild told the paths can see it.
    pub same_stamp: bool,
}

impl<'a> Fs<'a> {
    pub fn new(root: &'a Path) -> Fs<'a> {
        Fs { root, changed: Vec::new(), same_stamp: false }
    }

    /// The reported paths, each once, in the order they changed.
    pub fn changed(&self) -> Vec<PathBuf> {
        let mut seen = std::collections::HashSet::new();
        self.changed.iter().filter(|p| seen.insert(*p)).cloned().collect()
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root.join(rel).exists()
    }

    pub fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join(rel)).ok()
    }

    pub fn write(&mut self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&mut self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        self.create_parents(&path);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self.changed.push(path);
    }

    /// Rewrites a file through `f`, when it exists.
    pub fn edit(&mut self, rel: &str, f: impl FnOnce(&str) -> String) -> bool {
        let Some(text) = self.read(rel) else { return false };
        self.write(rel, &f(&text));
        true
    }

    /// Reports `rel` as changed (for a change made without these helpers).
    pub fn touched(&mut self, rel: &str) {
        self.changed.push(self.root.join(rel));
    }

    pub fn remove(&mut self, rel: &str) {
        let path = self.root.join(rel);
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self.changed.push(path);
    }

    /// Removes a folder and all it holds: the watcher reports each file and folder.
    pub fn remove_dir(&mut self, rel: &str) {
        let path = self.root.join(rel);
        let inside: Vec<PathBuf> = walkdir::WalkDir::new(&path)
            .contents_first(true)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .collect();
        std::fs::remove_dir_all(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self.changed.extend(inside);
    }

    pub fn mkdir(&mut self, rel: &str) {
        let path = self.root.join(rel);
        self.create_parents(&path.join("x"));
    }

    /// A rename (of a file or a whole folder): the watcher reports both names.
    pub fn rename(&mut self, from: &str, to: &str) {
        let (from, to) = (self.root.join(from), self.root.join(to));
        self.create_parents(&to);
        std::fs::rename(&from, &to).unwrap_or_else(|e| panic!("rename {}: {e}", from.display()));
        self.changed.push(from);
        self.changed.push(to);
    }

    fn create_parents(&mut self, path: &Path) {
        let mut missing: Vec<PathBuf> =
            path.ancestors().skip(1).take_while(|d| !d.exists()).map(Path::to_path_buf).collect();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
        }
        missing.reverse();
        self.changed.extend(missing);
    }

    /// The files under the root-relative folder `rel`, root-relative with `/`, sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        let dir = self.root.join(rel);
        walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(self.root).unwrap();
                rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
            })
            .collect()
    }
}

/// site.yaml, as values: the tests write it from this, so an edit is a change of one value.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub tagline: String,
    pub footer: String,
    pub extra_count: Option<u64>,
    pub paginate_by: Option<u64>,
    pub feed_limit: u64,
    pub category: bool,
    pub series: bool,
    /// sitemap, robots, feeds, search, calendar, resources_json.
    pub outputs: [bool; 6],
}

pub const OUTPUTS: [&str; 6] = ["sitemap", "robots", "feeds", "search", "calendar", "resources_json"];

impl Config {
    /// The fixture's own site.yaml.
    pub fn new() -> Config {
        Config {
            title: "Incremental".into(),
            base_url: "https://example.com/".into(),
            language: "en".into(),
            description: "Edits, rebuilt.".into(),
            tagline: "First tagline".into(),
            footer: "Footer text".into(),
            extra_count: None,
            paginate_by: Some(3),
            feed_limit: 4,
            category: true,
            series: false,
            outputs: [true, true, true, false, true, true],
        }
    }

    pub fn yaml(&self) -> String {
        let mut y = format!(
            "title: {:?}\nbase_url: {:?}\nlanguage: {}\ndescription: {:?}\ntheme: inc\ntaxonomies:\n  - tags\n",
            self.title, self.base_url, self.language, self.description
        );
        if self.category {
            y.push_str("  - name: category\n    title: Category\n");
        }
        if self.series {
            y.push_str("  - name: series\n    paginate_by: 1\n");
        }
        if let Some(n) = self.paginate_by {
            y.push_str(&format!("pagination:\n  paginate_by: {n}\n"));
        }
        y.push_str(&format!("feed:\n  limit: {}\noutputs:\n", self.feed_limit));
        for (name, on) in OUTPUTS.iter().zip(self.outputs) {
            y.push_str(&format!("  {name}: {on}\n"));
        }
        y.push_str(&format!("extra:\n  tagline: {:?}\n  footer: {:?}\n", self.tagline, self.footer));
        if let Some(n) = self.extra_count {
            y.push_str(&format!("  count: {n}\n"));
        }
        y
    }
}

/// What a sequence remembers between its edits.
pub struct State {
    pub config: Config,
    /// What puts back the last `Broken` edit: (file, its bytes before, or none to remove it).
    pub fixes: Vec<(String, Option<Vec<u8>>)>,
}

impl State {
    pub fn new() -> State {
        State { config: Config::new(), fixes: Vec::new() }
    }
}

/// Applies one edit of `kind` (or of the kind it falls back to when there is nothing to do
/// it on, e.g. no page left to remove): the kind done and what was done.
pub fn apply(kind: Kind, fs: &mut Fs, rng: &mut Rng, step: usize, state: &mut State) -> (Kind, String) {
    match kind {
        Kind::PageBody => content::page_body(fs, rng, step),
        Kind::PageFront => content::page_front(fs, rng, step),
        Kind::PageAdded => content::page_added(fs, rng, step),
        Kind::PageRemoved => content::page_removed(fs, rng, step),
        Kind::PageRenamed => content::page_renamed(fs, rng, step),
        Kind::Section => content::section(fs, rng, step),
        Kind::Asset => content::asset(fs, rng, step),
        Kind::Template => theme::template(fs, rng, step),
        Kind::TemplateAdded | Kind::TemplateRemoved => theme::template_toggle(fs, rng, kind),
        Kind::Static => theme::static_file(fs, rng, step),
        Kind::Config => theme::config(fs, rng, step, state),
        Kind::Data => theme::data(fs, rng, step),
        Kind::Unknown => theme::unknown(fs, rng, step),
        Kind::Broken => theme::broken(fs, rng, step, state),
        Kind::Fix => fix(fs, state),
    }
}

fn fix(fs: &mut Fs, state: &mut State) -> (Kind, String) {
    let mut done = Vec::new();
    for (rel, bytes) in std::mem::take(&mut state.fixes) {
        match bytes {
            Some(b) => fs.write_bytes(&rel, &b),
            None if fs.exists(&rel) => fs.remove(&rel),
            None => {}
        }
        done.push(rel);
    }
    (Kind::Fix, format!("Fix: put back {}", done.join(", ")))
}

/// Every page's path below `content/` (not `_index.md`, not hidden files), sorted.
pub fn pages(fs: &Fs) -> Vec<String> {
    fs.files("content")
        .into_iter()
        .filter(|p| p.ends_with(".md") && !p.ends_with("_index.md") && !p.rsplit('/').next().unwrap().starts_with('.'))
        .map(|p| p["content/".len()..].to_string())
        .collect()
}

/// The text after the front matter.
pub fn body(text: &str) -> &str {
    match text.strip_prefix("---\n").and_then(|rest| rest.find("\n---\n").map(|i| &rest[i + 5..])) {
        Some(body) => body,
        None => text,
    }
}

/// Sets the one-line front matter field `key` to `value`, or removes it (`None`).
pub fn set_field(text: &str, key: &str, value: Option<&str>) -> String {
    let Some(rest) = text.strip_prefix("---\n") else { return text.to_string() };
    let Some(end) = rest.find("\n---\n") else { return text.to_string() };
    let (front, after) = (&rest[..end], &rest[end + 1..]);
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = Vec::new();
    let mut done = false;
    for line in front.lines() {
        if line.starts_with(&prefix) {
            if let Some(v) = value {
                lines.push(format!("{key}: {v}"));
            }
            done = true;
        } else {
            lines.push(line.to_string());
        }
    }
    if !done && let Some(v) = value {
        lines.push(format!("{key}: {v}"));
    }
    format!("---\n{}\n{after}", lines.join("\n"))
}

/// The value of the one-line front matter field `key`.
pub fn field<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let front = &text[..text.len() - body(text).len()];
    front.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':')).map(str::trim)
}
