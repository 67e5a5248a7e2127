//! Front matter: split off the YAML block between `---` lines, parse it, and read the fields the
//! engine knows into typed structs. Every problem is a diagnostic pointing at the line and value
//! in the file (offsets are absolute in the file, never relative to the YAML block). Keys the
//! engine does not know are kept, in order, for templates as `page.params`. A section's
//! `_index.md` is read by the same [`Reader`], in `section_front.rs`.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value as Y};

use super::date::Date;
use crate::config::TaxonomyConfig;
use crate::config::collections::Collection;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml;

/// The file split in two: where the YAML is, and where the Markdown body starts.
#[derive(Debug, Clone)]
pub struct Split {
    pub yaml: Option<Range<usize>>,
    pub body: Range<usize>,
}

/// Finds the front matter block. `---` must be the first line; the block ends at the next line
/// that is `---` (or `...`). CRLF line endings are accepted.
pub fn split(file: &Path, text: &Arc<str>) -> Result<Split, Diagnostic> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Ok(Split { yaml: None, body: 0..text.len() });
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + line.len();
            return Ok(Split { yaml: Some(first_end..offset), body: body_start..text.len() });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is not closed")
        .in_file(file)
        .at(text, 0..3)
        .with_label("opened here")
        .with_help("add a line with just `---` after the last front matter field, before the text"))
}

/// The fields every page may set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFront {
    pub title: String,
    /// The front matter has no `title` key: the title was taken from the first `# heading` or
    /// the file name (see [`super::title`]), and `check` warns `missing-title`.
    pub untitled: bool,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// From this moment on the page is left out of the site (unless `--drafts`).
    pub expires: Option<Date>,
    pub summary: Option<String>,
    /// For search engines and social cards; the summary's text when not set.
    pub description: Option<String>,
    /// The page's share image (social cards): a bundle file or a published path.
    pub image: Option<String>,
    pub draft: bool,
    /// `render: false`: the page has no URL and no output; templates find it with `get_page`.
    pub headless: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub template: Option<String>,
    pub extra: Y,
    /// Taxonomy name -> terms, in the order written.
    pub taxonomies: IndexMap<String, Vec<String>>,
    /// Every other key, in the order written.
    pub params: Mapping,
}

/// What a page's front matter is checked against.
pub struct Schema<'a> {
    pub taxonomies: &'a [TaxonomyConfig],
    /// The section key the collection is declared for, and the collection.
    pub collection: Option<(&'a str, &'a Collection)>,
    /// A translation: its fields declared `translate: false` come from the default-language
    /// page (`content::translations`), so they are neither required nor defaulted here.
    pub translation: bool,
}

/// A page's own keys: the names no collection field or taxonomy may take.
pub const PAGE_KEYS: &[&str] = crate::config::RESERVED;
/// Reads one file's front matter: the crate's one typed YAML reader ([`yaml::Reader`]) over the
/// block between the `---` lines, with front matter's help texts and its own fields.
pub struct Reader<'a>(yaml::Reader<'a>);

impl<'a> std::ops::Deref for Reader<'a> {
    type Target = yaml::Reader<'a>;
    fn deref(&self) -> &yaml::Reader<'a> {
        &self.0
    }
}

impl std::ops::DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'a> Reader<'a> {
    /// A reader of the YAML at `yaml` in `text`, the text of `file`. An error whose key is not
    /// found points at the opening `---`.
    pub fn new(file: &'a Path, text: &'a Arc<str>, yaml: Range<usize>) -> Reader<'a> {
        let fallback = Some(yaml.start.saturating_sub(4)..yaml.start.saturating_sub(1));
        Reader(yaml::Reader {
            file,
            text,
            block: yaml,
            code: "front-matter",
            fallback,
            overlay: None,
            diags: Vec::new(),
        })
    }

    /// The diagnostics found.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.0.diags
    }

    /// An error pointing at `key`'s value (or at the start of the front matter).
    pub fn err(&self, key: &str, message: String, help: String) -> Diagnostic {
        self.error(self.value_span(&[], key), message, &help)
    }

    /// An error pointing at `key`'s name.
    pub fn err_key(&self, key: &str, message: String, help: String) -> Diagnostic {
        self.error(self.name_span(&[], key), message, &help)
    }

    fn err_with(&self, span: Option<Range<usize>>, message: String, help: String) -> Diagnostic {
        self.error(span, message, &help)
    }

    pub(super) fn text(&mut self, map: &Mapping, key: &str) -> Option<String> {
        let help = "write it on one line; quote it if it contains ':' or '#'";
        let expect = yaml::Expect { what: "text", help, label: Some("expected text"), null_is_absent: true };
        self.get(map, &[], key, &expect, yaml::as_text)
    }

    pub(super) fn boolean(&mut self, map: &Mapping, key: &str) -> bool {
        self.flag(map, key).unwrap_or(false)
    }

    /// `key`'s `true` or `false`, or `None` when it is not set (an error when it is not a boolean).
    pub(super) fn flag(&mut self, map: &Mapping, key: &str) -> Option<bool> {
        let help = format!("write `{key}: true` or `{key}: false`");
        let label = Some("expected true or false");
        let expect = yaml::Expect { what: "true or false", help: &help, label, null_is_absent: true };
        self.get(map, &[], key, &expect, yaml::as_bool)
    }

    pub(super) fn integer(&mut self, map: &Mapping, key: &str) -> Option<i64> {
        let help = format!("write a number, e.g. `{key}: 10`");
        let label = Some("expected a whole number");
        let expect = yaml::Expect { what: "a whole number", help: &help, label, null_is_absent: true };
        self.get(map, &[], key, &expect, yaml::as_integer)
    }

    fn date(&mut self, map: &Mapping, key: &str) -> Option<Date> {
        let value = map.get(key)?;
        if let Some(d) = value.as_str().and_then(Date::parse) {
            return Some(d);
        }
        if value.is_null() {
            return None;
        }
        let shown = match value {
            Y::String(s) => format!("`{s}`"),
            other => yaml::type_name(other).to_string(),
        };
        let d = self.err(
            key,
            format!("`{key}` is {shown}, which is not a valid date"),
            format!("write a real calendar date as YYYY-MM-DD, e.g. `{key}: 2017-05-04`, or a date and time with its offset, e.g. `2017-05-04T14:00:00-05:00`"),
        );
        self.diags.push(d.with_label("expected YYYY-MM-DD"));
        None
    }

    pub(super) fn string_list(&mut self, map: &Mapping, key: &str) -> Vec<String> {
        match map.get(key) {
            None | Some(Y::Null) => Vec::new(),
            Some(Y::String(s)) => vec![s.clone()],
            Some(Y::Sequence(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Y::String(s) => out.push(s.clone()),
                        Y::Number(n) => out.push(n.to_string()),
                        Y::Bool(b) => out.push(b.to_string()),
                        other => {
                            let d = self.err(
                                key,
                                format!("`{key}` must be a list of text, but an item is {}", yaml::type_name(other)),
                                format!("write `{key}: [first, second]`"),
                            );
                            self.diags.push(d);
                        }
                    }
                }
                out
            }
            Some(other) => {
                let d = self.err(
                    key,
                    format!("`{key}` must be a list, not {}", yaml::type_name(other)),
                    format!("write `{key}: [first, second]`"),
                );
                self.diags.push(d.with_label("expected a list"));
                Vec::new()
            }
        }
    }

    pub(super) fn mapping(&mut self, value: &Y) -> Option<Mapping> {
        match value {
            Y::Mapping(m) => Some(m.clone()),
            Y::Null => Some(Mapping::new()),
            other => {
                let d = Diagnostic::error(format!(
                    "the front matter must be `key: value` lines, not {}",
                    yaml::type_name(other)
                ))
                .in_file(self.file)
                .at(self.text, self.block.clone())
                .with_help("write one `key: value` per line, e.g. `title: \"My page\"`");
                self.diags.push(d);
                None
            }
        }
    }

    /// An error pointing at `needle` inside `key`'s block (e.g. one list item).
    fn err_item(&self, key: &str, needle: Option<&str>, message: String, help: String) -> Diagnostic {
        self.error(self.item_span(key, needle), message, &help)
    }

    /// Reads a page's front matter, checking taxonomy terms and the collection's fields.
    pub fn page(&mut self, value: &Y, schema: &Schema) -> PageFront {
        let Some(map) = self.mapping(value) else { return PageFront::default() };
        let title = self.title(&map, schema);
        let mut front = PageFront {
            untitled: !map.contains_key("title"),
            title: title.unwrap_or_default(),
            date: self.date(&map, "date"),
            updated: self.date(&map, "updated"),
            expires: self.date(&map, "expires"),
            summary: self.text(&map, "summary"),
            description: self.text(&map, "description"),
            image: self.text(&map, "image"),
            draft: self.boolean(&map, "draft"),
            headless: self.flag(&map, "render") == Some(false),
            weight: self.integer(&map, "weight"),
            slug: self.text(&map, "slug"),
            aliases: self.string_list(&map, "aliases"),
            template: self.text(&map, "template"),
            extra: map.get("extra").cloned().unwrap_or(Y::Mapping(Mapping::new())),
            ..PageFront::default()
        };
        for (key, value) in &map {
            let Some(k) = key.as_str() else { continue };
            if PAGE_KEYS.contains(&k) {
                continue;
            }
            if let Some(tax) = schema.taxonomies.iter().find(|t| t.name == k) {
                let terms = self.string_list(&map, k);
                self.check_terms(tax, &terms);
                front.taxonomies.insert(k.to_string(), terms);
                continue;
            }
            let Some((section, collection)) = schema.collection else {
                front.params.insert(key.clone(), value.clone());
                continue;
            };
            match collection.fields.get(k) {
                Some(field) => match super::collections::check(k, &field.ty, value) {
                    Ok(v) => {
                        front.params.insert(key.clone(), v);
                    }
                    Err(m) => {
                        let d = self.err_item(k, m.needle.as_deref(), m.message, m.help);
                        self.diags.push(d.with_label(format!("expected {}", field.ty.describe())));
                    }
                },
                None => {
                    let known: Vec<&str> = PAGE_KEYS
                        .iter()
                        .copied()
                        .chain(schema.taxonomies.iter().map(|t| t.name.as_str()))
                        .chain(collection.fields.keys().map(String::as_str))
                        .collect();
                    let hint = did_you_mean(k, known.iter().copied())
                        .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                    let fields: Vec<&str> = collection.fields.keys().map(String::as_str).collect();
                    let d = self.err_key(
                        k,
                        format!("unknown field `{k}` for a page in {section}/"),
                        format!("{hint}the fields of {section}/ pages (site.yaml, collections) are: {}; any page may also set {}", fields.join(", "), PAGE_KEYS.join(", ")),
                    );
                    self.diags.push(d.with_label("unknown field"));
                }
            }
        }
        if let Some((section, collection)) = schema.collection {
            for (name, field) in &collection.fields {
                if map.contains_key(name.as_str()) || name == "title" || (schema.translation && !field.translate) {
                    continue;
                }
                if let Some(default) = &field.default {
                    front.params.insert(Y::String(name.clone()), default.clone());
                } else if field.required {
                    let what = field.description.as_deref().map_or(String::new(), |d| format!(" ({d})"));
                    let d = self.err_with(
                        None,
                        format!("this {section}/ page has no `{name}`, which is required"),
                        format!("add a line `{name}: …` to the front matter: {}{what}", field.ty.describe()),
                    );
                    self.diags.push(d.with_label("front matter starts here"));
                }
            }
        }
        front
    }

    /// The page's `title`: an error when it is empty, or missing where its collection requires it.
    fn title(&mut self, map: &Mapping, schema: &Schema) -> Option<String> {
        let title = self.text(map, "title");
        let title_required = schema.collection.is_some_and(|(_, c)| c.fields.get("title").is_some_and(|f| f.required));
        if title.is_none() && !map.contains_key("title") {
            if title_required {
                let section = schema.collection.map_or("", |(s, _)| s);
                let d = self.err(
                    "title",
                    format!("this page has no `title`, which {section}/ pages require (site.yaml, collections)"),
                    "add a line such as `title: \"World Café\"` to the front matter".into(),
                );
                self.diags.push(d);
            }
        } else if title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            let d = self.err(
                "title",
                "the page's `title` is empty".into(),
                "write the title readers will see, e.g. `title: \"World Café\"`".into(),
            );
            self.diags.push(d.with_label("empty title"));
        }
        title
    }

    pub(super) fn check_terms(&mut self, tax: &TaxonomyConfig, terms: &[String]) {
        for term in terms.iter().filter(|t| crate::slug::slugify(t).is_empty()) {
            let (message, needle) = if term.trim().is_empty() {
                (format!("an empty term in `{}`", tax.name), format!("\"{term}\""))
            } else {
                (format!("the term `{term}` in `{}` has no letters or digits", tax.name), term.clone())
            };
            let help = format!(
                "a term's page address is made of its letters and digits; write a word, e.g. `{}: [libraries]`, or remove it",
                tax.name
            );
            let d = self.err_item(&tax.name, Some(&needle), message, help);
            self.diags.push(d.with_label("no address"));
        }
        let Some(allowed) = &tax.terms else { return };
        for term in terms.iter().filter(|t| !crate::slug::slugify(t).is_empty()) {
            if allowed.contains_key(&crate::slug::slugify(term)) {
                continue;
            }
            let hint = did_you_mean(term, allowed.keys().map(String::as_str))
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            let names: Vec<&str> = allowed.keys().map(String::as_str).collect();
            let d = self.err_item(
                &tax.name,
                Some(term),
                format!("`{term}` is not a term of the taxonomy `{}`", tax.name),
                format!("{hint}the terms site.yaml allows: {}", names.join(", ")),
            );
            self.diags.push(d.with_label("unknown term"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_accepts_crlf() {
        let text: Arc<str> = Arc::from("---\r\ntitle: x\r\n---\r\nbody\r\n");
        let s = split(Path::new("a.md"), &text).unwrap();
        assert_eq!(&text[s.yaml.unwrap()], "title: x\r\n");
        assert_eq!(&text[s.body], "body\r\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let text: Arc<str> = Arc::from("---\ntitle: x\nbody\n");
        assert!(split(Path::new("a.md"), &text).is_err());
    }
}
