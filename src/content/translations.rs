//! Translations: `name.es.md` beside `name.md` (bundles: `index.es.md`, sections:
//! `_index.es.md`) is the page in `es` when site.yaml declares `es` under `languages:`. A
//! translation holds the words; what is not words is taken from the default-language page:
//! `date`, `weight`, `template`, `image`, `expires` when it does not set them, taxonomy terms,
//! and the collection fields declared `translate: false` (setting one differently is an error).

use serde_yaml::Value as Y;

use super::{Content, SourcePage};
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// `name.es.md` -> (`name.md`, `es`) when `es` is a language of `config` besides the default.
pub(crate) fn split_name<'a>(name: &'a str, config: &Config) -> Option<(String, &'a str)> {
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || config.lang(code).is_none() {
        return None;
    }
    Some((format!("{base}.md"), code))
}

/// Applies [`inherit`] to every translation of `content`, from its default-language page.
pub(crate) fn inherit_all(config: &Config, content: &mut Content, diags: &mut Vec<Diagnostic>) {
    if !config.multilingual() {
        return;
    }
    let originals: std::collections::HashMap<&str, usize> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == config.language)
        .map(|(i, p)| (p.key.as_str(), i))
        .collect();
    let pairs: Vec<(usize, Option<usize>)> = (0..content.pages.len())
        .filter(|&i| content.pages[i].lang != config.language)
        .map(|i| (i, originals.get(content.pages[i].original.as_str()).copied()))
        .collect();
    for (t, o) in pairs {
        let original = o.map(|o| content.pages[o].front.clone());
        diags.extend(inherit(config, &mut content.pages[t], original.as_ref()));
    }
}

/// Fills translation `page` from its default-language page's front matter `original` (`None`:
/// there is none, so the fields that are not translated need their own value). Returns the
/// conflicts: a field that is not translated, set to another value than the original's.
pub fn inherit(config: &Config, page: &mut SourcePage, original: Option<&super::PageFront>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(orig) = original else {
        own_values(config, page, &mut diags);
        return diags;
    };
    let f = &mut page.front;
    f.date = f.date.or(orig.date);
    f.weight = f.weight.or(orig.weight);
    f.expires = f.expires.or(orig.expires);
    f.template = f.template.take().or_else(|| orig.template.clone());
    f.image = f.image.take().or_else(|| orig.image.clone());
    for tax in &config.taxonomies {
        let theirs = orig.taxonomies.get(&tax.name);
        match (page.front.taxonomies.get(&tax.name), theirs) {
            (Some(mine), Some(theirs)) if mine == theirs => {}
            (Some(_), _) => diags.push(conflict(page, &tax.name, theirs.map(|t| Y::from(t.clone())))),
            (None, Some(theirs)) => {
                page.front.taxonomies.insert(tax.name.clone(), theirs.clone());
            }
            (None, None) => {}
        }
    }
    let Some((_, collection)) = super::collection_for(config, &page.section) else { return diags };
    for name in collection.fields.iter().filter(|(_, f)| !f.translate).map(|(n, _)| n) {
        let key = Y::String(name.clone());
        let theirs = orig.params.get(&key);
        match (page.front.params.get(&key), theirs) {
            (Some(mine), Some(theirs)) if mine == theirs => {}
            (Some(_), _) => diags.push(conflict(page, name, theirs.cloned())),
            (None, Some(theirs)) => {
                page.front.params.insert(key, theirs.clone());
            }
            (None, None) => {}
        }
    }
    // In the original's order, then the translation's own keys.
    let mut params = serde_yaml::Mapping::new();
    for key in orig.params.keys() {
        if let Some(v) = page.front.params.remove(key) {
            params.insert(key.clone(), v);
        }
    }
    params.extend(std::mem::take(&mut page.front.params));
    page.front.params = params;
    diags
}

/// A translation with no default-language page: its fields that are not translated take their
/// defaults, and the required ones must be written.
fn own_values(config: &Config, page: &mut SourcePage, diags: &mut Vec<Diagnostic>) {
    let Some((section, collection)) = super::collection_for(config, &page.section) else { return };
    for (name, field) in collection.fields.iter().filter(|(_, f)| !f.translate) {
        let key = Y::String(name.clone());
        if page.front.params.contains_key(&key) {
            continue;
        }
        if let Some(default) = &field.default {
            page.front.params.insert(key, default.clone());
        } else if field.required {
            let d = at(page, None, format!("this {section}/ page has no `{name}`, which is required"));
            diags.push(d.with_help(format!(
                "add `{name}: …` ({}), or add the page in the default language (content/{}), which this translation would take it from",
                field.ty.describe(),
                page.original
            )));
        }
    }
}

/// The error for field `name` of translation `page` set to another value than the original's.
fn conflict(page: &SourcePage, name: &str, theirs: Option<Y>) -> Diagnostic {
    let shown = match &theirs {
        Some(v) => format!("`{}`", serde_yaml::to_string(v).unwrap_or_default().trim().replace('\n', " ")),
        None => "nothing".into(),
    };
    let original = format!("content/{}", page.original);
    let message = format!("`{name}` is not translated: this translation must not set it differently from {original}");
    at(page, Some(name), message)
        .with_label(format!("{original} has {shown}"))
        .with_help(format!("remove `{name}` from this file: it is taken from {original}"))
}

/// An error at key `key` of `page`'s front matter (at its start when `None`).
fn at(page: &SourcePage, key: Option<&str>, message: String) -> Diagnostic {
    let yaml = super::front_matter::split(&page.file, &page.text).ok().and_then(|s| s.yaml).unwrap_or(0..0);
    let reader = super::front_matter::Reader::new(&page.file, &page.text, yaml);
    reader.err(key.unwrap_or(""), message, String::new()).with_code("translation")
}

/// The `@/` key of `key`'s translation in `code`: `blog/foo.md` -> `blog/foo.es.md`,
/// `blog/_index.md` (or `blog/`) -> `blog/_index.es.md`, `""` -> `_index.es.md`.
pub fn key_in(key: &str, code: &str) -> String {
    match key.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{code}.md"),
        None if key.trim_end_matches('/').is_empty() => format!("_index.{code}.md"),
        None => format!("{}/_index.{code}.md", key.trim_end_matches('/')),
    }
}
