//! The sections of the languages besides the default, and which pages and sections translate
//! one another. A language's section exists when it has its own `_index.LANG.md`, holds pages
//! of the language (or sections that do), or is the home (`/es/`, always); a section without its
//! own `_index.LANG.md` takes the default one's settings and title, with no text. A translated
//! `_index.LANG.md` takes the settings it does not write (`sort_by`, `paginate_by`, `template`,
//! `weight`, `feed`) from the default `_index.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::{Page, PageId, Section, SectionId};
use crate::config::Config;
use crate::content::{SourcePage, SourceSection};
use crate::diagnostics::Diagnostic;

/// Which pages and sections are versions of one another, each list in language order (the
/// default first, then `languages:`' order), itself included. Only items with at least one
/// translation are here: a site in one language has none.
#[derive(Debug, Default, Clone)]
pub(crate) struct Translations {
    pub pages: HashMap<PageId, Arc<Vec<PageId>>>,
    pub sections: HashMap<SectionId, Arc<Vec<SectionId>>>,
}

impl Translations {
    /// The versions of page `id`, itself included (empty when it has no translation).
    pub(crate) fn of_page(&self, id: PageId) -> &[PageId] {
        self.pages.get(&id).map_or(&[], |v| v.as_slice())
    }

    /// The versions of section `id`, itself included (empty when it has no translation).
    pub(crate) fn of_section(&self, id: SectionId) -> &[SectionId] {
        self.sections.get(&id).map_or(&[], |v| v.as_slice())
    }
}

/// The sections of every language besides the default, appended to `sections` (which holds the
/// default language's, `index` by key). Returns (language, key) -> id for placing pages.
pub(crate) fn plan_sections(
    config: &Config,
    own: Vec<SourceSection>,
    pages: &[SourcePage],
    sections: &mut Vec<Section>,
    index: &HashMap<String, SectionId>,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<(String, String), SectionId> {
    let mut ids: HashMap<(String, String), SectionId> = HashMap::new();
    let mut own: BTreeMap<(String, String), SourceSection> =
        own.into_iter().map(|s| ((s.lang.clone(), s.key.clone()), s)).collect();
    for lang in &config.languages {
        let code = lang.code.as_str();
        let mut keys: BTreeSet<String> = BTreeSet::from([String::new()]);
        let wanted = own.keys().filter(|(l, _)| l == code).map(|(_, k)| k.as_str());
        for key in wanted.chain(pages.iter().filter(|p| p.lang == code).map(|p| p.section.as_str())) {
            keys.extend(
                std::iter::successors(Some(key), |k| (!k.is_empty()).then(|| crate::content::parent(k)))
                    .map(str::to_string),
            );
        }
        let mut hidden: Vec<String> = Vec::new();
        for key in keys {
            let Some(&base) = index.get(&key) else { continue }; // under a draft section
            if hidden.iter().any(|h| key.starts_with(&format!("{h}/"))) {
                continue;
            }
            let source = own.remove(&(code.to_string(), key.clone()));
            if source.as_ref().is_some_and(|s| s.front.draft && !drafts) && !key.is_empty() {
                hidden.push(key);
                continue;
            }
            let parent = (!key.is_empty()).then(|| ids[&(code.to_string(), crate::content::parent(&key).to_string())]);
            let parent = parent.map(|p| (p, sections[p].depth));
            let section = translated(config, code, &sections[base], source, parent, diags);
            let id = sections.len();
            if let Some((p, _)) = parent {
                sections[p].subsections.push(id);
            }
            sections.push(section);
            ids.insert((code.to_string(), key), id);
        }
    }
    ids
}

/// Section `base`'s version in `code`, from its own `_index.LANG.md` (`source`) or none.
fn translated(
    config: &Config,
    code: &str,
    base: &Section,
    source: Option<SourceSection>,
    parent: Option<(SectionId, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> Section {
    let path = format!("{}{}", config.language_prefix(code), base.path);
    let depth = parent.map_or(0, |(_, d)| d + 1);
    let mut section = Section {
        key: base.key.clone(),
        file: base.file.with_file_name(format!("_index.{code}.md")),
        text: Arc::from(""),
        body: 0..0,
        front: base.front.clone(),
        implicit: true,
        title: if base.key.is_empty() { config.title_in(code).to_string() } else { base.title.clone() },
        alias_files: Vec::new(),
        path,
        parent: parent.map(|(p, _)| p),
        depth,
        subsections: Vec::new(),
        pages: Vec::new(),
        rendered: Default::default(),
        lang: code.to_string(),
        translation: true,
    };
    section.front.aliases = Vec::new();
    section.front.description = None;
    if let Some(s) = source {
        let yaml = &s.text[..s.body.start];
        let written = |key: &str| crate::yaml::key_span(yaml, &[], key).is_some();
        let mut front = s.front.clone();
        if !written("sort_by") {
            front.sort_by = base.front.sort_by;
        }
        if !written("paginate_by") {
            front.paginate_by = base.front.paginate_by;
        }
        if !written("template") {
            front.template = base.front.template.clone();
        }
        if !written("weight") {
            front.weight = base.front.weight;
        }
        if !written("feed") {
            front.feed = base.front.feed;
        }
        if let Some(t) = &front.title {
            section.title = t.clone();
        }
        section.alias_files = super::urls::collect_aliases(&front.aliases, diags, |alias, why| {
            super::urls::section_alias_error(&s, alias, why)
        });
        section.front = front;
        section.file = s.file;
        section.text = s.text;
        section.body = s.body;
        section.implicit = false;
    }
    section
}

/// Groups the pages and sections that translate one another.
pub(crate) fn group(config: &Config, pages: &[Page], sections: &[Section]) -> Translations {
    let mut t = Translations::default();
    if !config.multilingual() {
        return t;
    }
    let order = |lang: &str| config.language_codes().position(|c| c == lang).unwrap_or(usize::MAX);
    t.pages = versions(pages.iter().map(|p| (p.original.as_str(), order(&p.lang))));
    t.sections = versions(sections.iter().map(|s| (s.key.as_str(), order(&s.lang))));
    t
}

/// The items (by index) that share a key with another, each mapped to every item of its key,
/// sorted by their language's place.
fn versions<'a>(items: impl Iterator<Item = (&'a str, usize)>) -> HashMap<usize, Arc<Vec<usize>>> {
    let mut by_key: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (id, (key, order)) in items.enumerate() {
        by_key.entry(key).or_default().push((order, id));
    }
    let mut out = HashMap::new();
    for (_, mut ids) in by_key.into_iter().filter(|(_, ids)| ids.len() > 1) {
        ids.sort();
        let ids = Arc::new(ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
        out.extend(ids.iter().map(|&id| (id, Arc::clone(&ids))));
    }
    out
}
