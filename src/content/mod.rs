//! Loading the content folder: a sorted walk that finds the home, sections (folders with an
//! `_index.md`, or folders of pages without one), pages (`SEC/slug.md`), page bundles
//! (`SEC/slug/index.md` with files beside it) and other files; then every Markdown file is read
//! and its front matter parsed, in parallel. The result is plain data, with one diagnostic per
//! problem; nothing here knows URLs or templates.

mod classify;
pub(crate) mod collections;
pub(crate) mod date;
pub mod front_matter;
pub mod section_front;
pub(crate) mod title;
pub mod translations;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::config::collections::Collection;
use crate::diagnostics::Diagnostic;
pub use date::Date;
pub use front_matter::PageFront;
pub use section_front::{SectionFront, SortBy};

/// A section as found on disk. The key is its folder relative to `content/`, with `/`
/// separators; the home is `""`.
#[derive(Debug, Clone)]
pub struct SourceSection {
    pub key: String,
    /// `content/KEY/_index.md`, relative to the root, even when the file does not exist.
    pub file: PathBuf,
    pub text: Arc<str>,
    pub body: Range<usize>,
    pub front: SectionFront,
    /// True when the folder has no `_index.md`.
    pub implicit: bool,
    /// The language's code: site.yaml's `language` for `_index.md`, `es` for `_index.es.md`.
    pub lang: String,
}

/// A page as found on disk.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// The path `@/` links use: `case-studies/foo.md` or `case-studies/foo/index.md`.
    pub key: String,
    /// The key of the section the page belongs to.
    pub section: String,
    /// The file stem, or the bundle's folder name.
    pub stem: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub body: Range<usize>,
    pub front: PageFront,
    /// Files beside a bundle's `index.md`: (absolute source, path relative to the bundle).
    pub assets: Vec<(PathBuf, String)>,
    /// The language's code: site.yaml's `language`, or `es` for `foo.es.md`.
    pub lang: String,
    /// The key of the page in the default language, which translations share: `key` itself
    /// for a page in the default language, `blog/foo.md` for `blog/foo.es.md`.
    pub original: String,
}

/// A file under `content/` that is neither Markdown nor part of a bundle; copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub src: PathBuf,
    /// Relative to `content/`, `/`-separated.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct Content {
    pub sections: Vec<SourceSection>,
    pub pages: Vec<SourcePage>,
    pub assets: Vec<Asset>,
}

/// The content folder of `root`.
pub fn dir(root: &Path) -> PathBuf {
    root.join("content")
}

pub(super) enum Job {
    Section { key: String, abs: PathBuf, lang: Option<String> },
    Page { key: String, section: String, stem: String, abs: PathBuf, assets: Vec<(PathBuf, String)>, lang: Lang },
}

/// A page's language (`None`: the default) and its key in the default language.
pub(super) type Lang = Option<(String, String)>;

/// The collection that applies to pages of section `key`: its own, else the nearest ancestor's.
pub fn collection_for<'a>(config: &'a Config, key: &str) -> Option<(&'a str, &'a Collection)> {
    let mut cur = key;
    loop {
        if let Some((k, c)) = config.collections.get_key_value(cur) {
            return Some((k.as_str(), c));
        }
        if cur.is_empty() {
            return None;
        }
        cur = parent(cur);
    }
}

/// Walks `ROOT/content` and loads every section and page, checking front matter against the
/// taxonomies and collections of `config`.
pub fn load(root: &Path, config: &Config) -> (Content, Vec<Diagnostic>) {
    load_cached(root, config, &mut LoadCache::default())
}

/// [`load`], reusing files of `cache` that did not change and remembering the rest.
pub fn load_cached(root: &Path, config: &Config, cache: &mut LoadCache) -> (Content, Vec<Diagnostic>) {
    if cache.config != config.source {
        *cache = LoadCache { keep: cache.keep, config: config.source.clone(), files: HashMap::new() };
    }
    let content_dir = dir(root);
    let mut diags = Vec::new();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error("there is no content/ folder")
                .with_help(format!("create {} with an _index.md for the home page", content_dir.display())),
        );
        return (Content::default(), diags);
    }
    let (files, dirs) = walk(root, config, &content_dir, &mut diags);
    let (jobs, assets) = classify::classify(&content_dir, &files, &dirs, config);
    let mut content = Content { assets, ..Content::default() };
    for (item, mut ds) in read_all(root, config, &jobs, cache) {
        diags.append(&mut ds);
        match item {
            Some(Loaded::Section(s)) => content.sections.push(*s),
            Some(Loaded::Page(p)) => content.pages.push(*p),
            None => {}
        }
    }
    translations::inherit_all(config, &mut content, &mut diags);
    (content, diags)
}

/// Every file and folder below `content_dir`, relative and `/`-separated, in walk order.
/// Hidden files and editor temporary files are skipped; links are followed only inside the site.
fn walk(
    root: &Path,
    config: &Config,
    content_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, BTreeSet<String>) {
    let mut files: Vec<String> = Vec::new();
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    let (found, mut walk_diags) = crate::fs_guard::Scope::new(root, &config.allow_links_to).walk(content_dir, true);
    diags.append(&mut walk_diags);
    for entry in found {
        let Ok(rel) = entry.path.strip_prefix(content_dir) else { continue };
        let Some(rel) = rel_string(rel) else {
            diags.push(
                Diagnostic::error("this file name is not valid UTF-8")
                    .in_file(shown(root, &entry.path))
                    .with_help("rename it using letters, digits and '-'"),
            );
            continue;
        };
        if entry.file_type.is_dir() {
            dirs.insert(rel);
        } else {
            files.push(rel);
        }
    }
    (files, dirs)
}

/// Reads every job in parallel, reusing the results of `cache` for files whose size and time
/// did not change, and remembering the rest in it.
fn read_all(
    root: &Path,
    config: &Config,
    jobs: &[Job],
    cache: &mut LoadCache,
) -> Vec<(Option<Loaded>, Vec<Diagnostic>)> {
    let keep = cache.keep;
    let previous = &cache.files;
    // Each file's result is kept once, shared with the cache; the build gets its own copy.
    let loaded = crate::par::map(jobs, |job| {
        let abs = match job {
            Job::Section { abs, .. } | Job::Page { abs, .. } => abs,
        };
        if !keep {
            return (abs.clone(), None, None, load_one(root, job, config));
        }
        let stamp = LoadCache::stamp(abs);
        let shared = match (stamp, previous.get(abs)) {
            (Some(now), Some((mtime, len, result))) if now == (*mtime, *len) => Arc::clone(result),
            _ => Arc::new(load_one(root, job, config)),
        };
        let mut result = (*shared).clone();
        // A bundle's files are found by the walk, not read from its index.md.
        if let (Job::Page { assets, .. }, Some(Loaded::Page(page))) = (job, &mut result.0) {
            page.assets = assets.clone();
        }
        (abs.clone(), stamp, Some(shared), result)
    });
    let mut files = HashMap::with_capacity(loaded.len());
    let mut results = Vec::with_capacity(loaded.len());
    for (abs, stamp, shared, result) in loaded {
        if let (Some((mtime, len)), Some(shared)) = (stamp, shared) {
            files.insert(abs, (mtime, len, shared));
        }
        results.push(result);
    }
    cache.files = files;
    results
}

/// Reads page `key` (relative to `content/`, in section `section`) again, exactly as [`load`]
/// reads it: for rebuilds that patch one page in place. Bundle assets are not looked for.
pub fn reload_page(root: &Path, config: &Config, key: &str, section: &str) -> (Option<SourcePage>, Vec<Diagnostic>) {
    let job = page_job(root, config, key, section);
    if let Job::Page { abs, .. } = &job
        && let Err(d) = crate::fs_guard::Scope::new(root, &config.allow_links_to).check_path(abs)
    {
        return (None, vec![d]);
    }
    match load_one(root, &job, config) {
        (Some(Loaded::Page(page)), diags) => (Some(*page), diags),
        (_, diags) => (None, diags),
    }
}

/// The job of reading page `key` of `section` (its bundle's files are not looked for).
fn page_job(root: &Path, config: &Config, key: &str, section: &str) -> Job {
    let name = key.rsplit('/').next().unwrap_or(key);
    let (plain, lang) = match translations::split_name(name, config) {
        Some((base, code)) => (join(parent(key), &base), Some((code.to_string(), join(parent(key), &base)))),
        None => (key.to_string(), None),
    };
    let stem = match plain.strip_suffix("/index.md") {
        Some(bundle) => bundle.rsplit('/').next().unwrap_or(bundle),
        None => plain.rsplit('/').next().unwrap_or(&plain).trim_end_matches(".md"),
    };
    let (key, section, stem) = (key.to_string(), section.to_string(), stem.to_string());
    Job::Page { key: key.clone(), section, stem, abs: dir(root).join(key), assets: Vec::new(), lang }
}

/// Files loaded by an earlier build, reused while their size and modification time are the
/// same (for `serve` and `watch`). Dropped whenever site.yaml changes, since the collections
/// decide how front matter is read.
#[derive(Default)]
pub struct LoadCache {
    /// False for a one-off build: nothing is remembered, so nothing is copied or stat'ed.
    pub keep: bool,
    config: String,
    files: HashMap<PathBuf, (std::time::SystemTime, u64, Arc<LoadResult>)>,
}

/// One file's load: what was read, and the problems found.
type LoadResult = (Option<Loaded>, Vec<Diagnostic>);

impl LoadCache {
    /// A cache that remembers files between loads (for `serve` and `watch`).
    pub fn keeping() -> LoadCache {
        LoadCache { keep: true, ..LoadCache::default() }
    }

    /// Forgets the files at `paths` and below them (for folders): the watcher reported them
    /// changed, so they are read again even when their size and time look the same (two saves
    /// within the file system's time granularity, a time set back by a copy).
    pub fn forget(&mut self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        // A reported file is one lookup; only a reported folder needs a pass over every file
        // (hashing every file's ancestors cost 10 ms per rebuild at 10,000 pages). A folder that
        // is gone needs none: its files are not walked again.
        let folders: Vec<&PathBuf> = paths.iter().filter(|p| self.files.remove(*p).is_none() && p.is_dir()).collect();
        if !folders.is_empty() {
            self.files.retain(|file, _| !folders.iter().any(|f| file.starts_with(f)));
        }
    }

    fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }
}

#[derive(Clone)]
enum Loaded {
    Section(Box<SourceSection>),
    Page(Box<SourcePage>),
}

fn load_one(root: &Path, job: &Job, config: &Config) -> (Option<Loaded>, Vec<Diagnostic>) {
    match job {
        Job::Section { key, abs, lang } => {
            let file = shown(root, abs);
            let lang = lang.clone().unwrap_or_else(|| config.language.clone());
            if !abs.exists() {
                let section = SourceSection {
                    key: key.clone(),
                    file,
                    text: Arc::from(""),
                    body: 0..0,
                    front: SectionFront::default(),
                    implicit: true,
                    lang,
                };
                return (Some(Loaded::Section(Box::new(section))), Vec::new());
            }
            let text = match read_text(abs, &file) {
                Ok(t) => t,
                Err(d) => return (None, vec![d]),
            };
            let split = match front_matter::split(&file, &text) {
                Ok(s) => s,
                Err(d) => return (None, vec![d]),
            };
            let mut front = SectionFront::default();
            let mut diags = Vec::new();
            if let Some(range) = split.yaml.clone() {
                match crate::yaml::parse(&file, &text, range.clone()) {
                    Ok(value) => {
                        let mut reader = front_matter::Reader::new(&file, &text, range);
                        let schema = front_matter::Schema {
                            taxonomies: &config.taxonomies,
                            collection: collection_for(config, key),
                            translation: lang != config.language,
                        };
                        front = reader.section(&value, &schema);
                        diags = reader.into_diagnostics();
                    }
                    Err(d) => return (None, vec![d]),
                }
            }
            let section =
                SourceSection { key: key.clone(), file, text, body: split.body, front, implicit: false, lang };
            (Some(Loaded::Section(Box::new(section))), diags)
        }
        Job::Page { abs, .. } => {
            let file = shown(root, abs);
            match read_text(abs, &file) {
                Ok(text) => page_from_text(config, job, file, text),
                Err(d) => (None, vec![d]),
            }
        }
    }
}

/// Page `job` with the text `text` read from `file`, as a build reads it.
fn page_from_text(config: &Config, job: &Job, file: PathBuf, text: Arc<str>) -> (Option<Loaded>, Vec<Diagnostic>) {
    let Job::Page { key, section, stem, assets, lang, .. } = job else { return (None, Vec::new()) };
    let split = match front_matter::split(&file, &text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let Some(range) = split.yaml.clone() else {
        let end = text.find('\n').unwrap_or(text.len());
        let d = Diagnostic::error("this page has no front matter")
            .in_file(&file)
            .at(&text, 0..end)
            .with_help("start the file with a front matter block:\n---\ntitle: \"Page title\"\n---");
        return (None, vec![d]);
    };
    let value = match crate::yaml::parse(&file, &text, range.clone()) {
        Ok(v) => v,
        Err(d) => return (None, vec![d]),
    };
    let mut reader = front_matter::Reader::new(&file, &text, range);
    let collection = collection_for(config, section);
    let schema = front_matter::Schema { taxonomies: &config.taxonomies, collection, translation: lang.is_some() };
    let mut front = reader.page(&value, &schema);
    if front.untitled {
        front.title = title::first_heading(&text[split.body.clone()]).unwrap_or_else(|| title::from_stem(stem));
    }
    let diags = reader.into_diagnostics();
    let page = SourcePage {
        key: key.clone(),
        section: section.clone(),
        stem: stem.clone(),
        file,
        text,
        body: split.body,
        front,
        assets: assets.clone(),
        lang: lang.as_ref().map_or_else(|| config.language.clone(), |(code, _)| code.clone()),
        original: lang.as_ref().map_or_else(|| key.clone(), |(_, original)| original.clone()),
    };
    (Some(Loaded::Page(Box::new(page))), diags)
}

/// What a build would say of page `key` (`trainings/new.md`, `trainings/new/index.md`) if its
/// text were `text` (front matter, taxonomies, collection): for `serve --edit`, before writing.
pub fn check_page_text(root: &Path, config: &Config, key: &str, text: &str) -> Vec<Diagnostic> {
    let section = parent(key.strip_suffix("/index.md").unwrap_or(key));
    let file = shown(root, &dir(root).join(key));
    let text = Arc::from(text.strip_prefix('\u{feff}').unwrap_or(text));
    page_from_text(config, &page_job(root, config, key, section), file, text).1
}

/// Reads a Markdown file as UTF-8 text, without a byte-order mark.
fn read_text(abs: &Path, file: &Path) -> Result<Arc<str>, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(format!("cannot read this file: {e}"))
            .in_file(file)
            .with_help("check that the file exists and can be read")
    })?;
    // `contains` on bytes is a memchr; the position is looked for only in a binary file.
    if bytes.contains(&0) {
        let nul = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        // Shown up to the first NUL byte, with control characters made harmless for a terminal.
        let shown: String = String::from_utf8_lossy(&bytes[..nul])
            .chars()
            .map(|c| if c.is_control() && c != '\n' && c != '\t' { '\u{fffd}' } else { c })
            .chain(std::iter::once('\u{fffd}'))
            .collect();
        let at = shown.len() - '\u{fffd}'.len_utf8();
        let shown: Arc<str> = Arc::from(shown);
        return Err(Diagnostic::error("this looks like a binary file, not Markdown text")
            .in_file(file)
            .at(&shown, at..shown.len())
            .with_label("a NUL byte, which text never contains")
            .with_help(
                "only text files may end in .md; rename or remove it (if it is text, save it as UTF-8, not UTF-16)",
            ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => {
            let s = s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s);
            Ok(Arc::from(s))
        }
        Err(e) => Err(crate::diagnostics::not_utf8(file, &e)),
    }
}

/// `path` relative to the root, for messages.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

fn rel_string(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in rel.components() {
        parts.push(c.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

pub(super) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// The parent of a `/`-separated relative path (`""` at the top).
pub fn parent(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}
