//! Theme extension: every theme template is also loaded as `THEME/NAME` (e.g. `hub/base.html`),
//! so a root template of the same name can `{% extends "hub/base.html" %}` and override one
//! block instead of copying the whole file (as Zola allows). These second names are aliases of
//! the theme's files: errors point at the theme's file, and they are no page templates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

type Files = BTreeMap<String, (PathBuf, Arc<str>)>;

/// Adds `THEME/NAME` for each of the theme's templates `theme_files` (name -> file), unless a
/// template of that name exists (a real file keeps its name). Returns the names added.
pub(super) fn add_aliases(
    files: &mut Files,
    theme: &str,
    theme_files: BTreeMap<String, (PathBuf, Arc<str>)>,
) -> BTreeSet<String> {
    let mut added = BTreeSet::new();
    for (name, file) in theme_files {
        let alias = format!("{theme}/{name}");
        if !files.contains_key(&alias) {
            files.insert(alias.clone(), file);
            added.insert(alias);
        }
    }
    added
}

/// Pairs of names that are the same file: `NAME` and `THEME/NAME` when the root does not
/// override `NAME`. A closure holding one gets the other, so an edit of the file, by either
/// name, reaches every output that reads it.
pub(super) fn link(closures: &mut BTreeMap<String, Vec<Arc<str>>>, files: &Files, aliases: &BTreeSet<String>) {
    let mut partner: BTreeMap<&str, &str> = BTreeMap::new();
    for alias in aliases {
        let Some((_, plain)) = alias.split_once('/') else { continue };
        if files.get(plain).map(|f| &f.0) == files.get(alias).map(|f| &f.0) {
            partner.insert(plain, alias);
            partner.insert(alias, plain);
        }
    }
    for names in closures.values_mut() {
        let more: Vec<Arc<str>> = names.iter().filter_map(|n| partner.get(n.as_ref())).map(|&p| Arc::from(p)).collect();
        if !more.is_empty() {
            names.extend(more);
            names.sort();
            names.dedup();
        }
    }
}

/// The template name a file under `dirs` (theme first when there is a theme) goes by, for the
/// rebuild engine: a theme file the root overrides goes by `THEME/NAME`, the name still
/// reading it.
pub(super) fn changed_name(
    path: &Path,
    dirs: &[PathBuf],
    theme: Option<&str>,
    files: &Files,
    aliases: &BTreeSet<String>,
) -> Option<String> {
    let (i, rel) = dirs.iter().enumerate().find_map(|(i, d)| Some((i, path.strip_prefix(d).ok()?)))?;
    let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    if let Some(theme) = theme.filter(|_| i == 0) {
        let alias = format!("{theme}/{name}");
        if aliases.contains(&alias) && files.get(&name).map(|f| &f.0) != files.get(&alias).map(|f| &f.0) {
            return Some(alias);
        }
    }
    Some(name)
}
