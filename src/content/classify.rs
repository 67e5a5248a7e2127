//! Which files of `content/` are sections, pages, bundles, translations and plain files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Asset, Job, join, parent, translations};
use crate::config::Config;

/// A file's name without its language, and the language (`None`: the default).
type Plain = (String, Option<String>);

/// What to read (every section, implicit ones included, its translations, and every page with
/// its bundle's files), and the other files of `content/`, which are copied as they are.
pub(super) fn classify(
    content_dir: &Path,
    files: &[String],
    dirs: &BTreeSet<String>,
    config: &Config,
) -> (Vec<Job>, Vec<Asset>) {
    // A file's name without its language (`index.es.md` -> `index.md`, when `es` is declared).
    let plain = |rel: &str| -> Plain {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        match translations::split_name(name, config) {
            Some((base, code)) => (base, Some(code.to_string())),
            None => (name.to_string(), None),
        }
    };
    // A bundle is a folder with `index.md` (or its translation) and no `_index.md` (nor one);
    // all below it belongs to it.
    let with =
        |want: &str| -> BTreeSet<&str> { files.iter().filter(|f| plain(f).0 == want).map(|f| parent(f)).collect() };
    let section_dirs = with("_index.md");
    let bundles: BTreeSet<String> = with("index.md")
        .into_iter()
        .filter(|d| !d.is_empty() && dirs.contains(*d) && !section_dirs.contains(d))
        .map(str::to_string)
        .collect();
    let bundle_of = |rel: &str| -> Option<String> {
        let mut cur = parent(rel);
        loop {
            if bundles.contains(cur) {
                return Some(cur.to_string());
            }
            if cur.is_empty() {
                return None;
            }
            cur = parent(cur);
        }
    };

    let mut sections: BTreeSet<String> = BTreeSet::from([String::new()]);
    let mut translated: Vec<(String, String, String)> = Vec::new(); // (key, rel, lang)
    let mut bundle_assets: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    let mut page_files: Vec<(String, Option<String>, Plain)> = Vec::new(); // (rel, bundle dir, plain name)
    let mut assets = Vec::new();
    for rel in files {
        match bundle_of(rel) {
            Some(b) if parent(rel) == b && plain(rel).0 == "index.md" => {
                sections.insert(parent(&b).to_string());
                page_files.push((rel.clone(), Some(b), plain(rel)));
            }
            Some(b) => {
                let inner = rel[b.len() + 1..].to_string();
                bundle_assets.entry(b).or_default().push((content_dir.join(rel), inner));
            }
            None if rel.ends_with(".md") => {
                let dir = parent(rel).to_string();
                match plain(rel) {
                    (name, Some(lang)) if name == "_index.md" => translated.push((dir.clone(), rel.clone(), lang)),
                    (name, None) if name == "_index.md" => {}
                    named => page_files.push((rel.clone(), None, named)),
                }
                sections.insert(dir);
            }
            None => assets.push(Asset { src: content_dir.join(rel), rel: rel.clone() }),
        }
    }

    let mut jobs: Vec<Job> = sections
        .iter()
        .map(|key| Job::Section { key: key.clone(), abs: content_dir.join(join(key, "_index.md")), lang: None })
        .collect();
    jobs.extend(translated.into_iter().map(|(key, rel, lang)| Job::Section {
        key,
        abs: content_dir.join(rel),
        lang: Some(lang),
    }));
    for (rel, bundle, (name, lang)) in page_files {
        let (section, stem) = match &bundle {
            Some(b) => (parent(b).to_string(), b.rsplit('/').next().unwrap_or(b).to_string()),
            None => (parent(&rel).to_string(), name.trim_end_matches(".md").to_string()),
        };
        let lang = lang.map(|code| (code, join(parent(&rel), &name)));
        let assets = bundle.and_then(|b| bundle_assets.get(&b).cloned()).unwrap_or_default();
        jobs.push(Job::Page { abs: content_dir.join(&rel), key: rel, section, stem, assets, lang });
    }
    (jobs, assets)
}
