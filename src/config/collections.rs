//! Collections: typed front matter schemas that `site.yaml` declares per section, and closed
//! term lists for taxonomies. This file reads the declarations; `content::collections` checks
//! pages against them.
//!
//! ```yaml
//! collections:
//!   trainings:
//!     description: "One webinar or workshop"
//!     fields:
//!       starts: { type: datetime, required: true, description: "Start, with its UTC offset" }
//!       audience: { type: list of string, default: [] }
//!       series: { values: ["Series 1", "Series 2"] }
//! ```

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value as Y};

use super::{TaxonomyConfig, Validator};
use crate::diagnostics::did_you_mean;
use crate::yaml;

/// One scalar type a field may have.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// One line of text.
    String,
    /// Any text, several lines allowed.
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    /// A date and time with its UTC offset.
    Datetime,
    Url,
    Email,
    /// One of a closed set of values.
    OneOf(Vec<String>),
}

/// A field's type: one value, or a list of them.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    One(Scalar),
    List(Scalar),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub ty: FieldType,
    pub required: bool,
    pub default: Option<Y>,
    pub description: Option<String>,
    /// `translate: false`: a translation takes the value from the default-language page (a
    /// date, a number, a place), and setting it differently is an error. True unless written.
    pub translate: bool,
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub description: Option<String>,
    pub fields: IndexMap<String, Field>,
}

const COLLECTION_KEYS: &[&str] = &["description", "fields"];
const FIELD_KEYS: &[&str] = &["type", "required", "default", "description", "values", "translate"];
pub(crate) const TYPE_NAMES: &[&str] =
    &["string", "text", "integer", "number", "boolean", "date", "datetime", "url", "email"];

/// A field's spec as a mapping (empty if it is not one).
fn spec_map(spec: &Y) -> Mapping {
    spec.as_mapping().cloned().unwrap_or_default()
}

impl Scalar {
    fn parse(name: &str) -> Option<Scalar> {
        Some(match name {
            "string" => Scalar::String,
            "text" => Scalar::Text,
            "integer" => Scalar::Integer,
            "number" => Scalar::Number,
            "boolean" => Scalar::Boolean,
            "date" => Scalar::Date,
            "datetime" => Scalar::Datetime,
            "url" => Scalar::Url,
            "email" => Scalar::Email,
            _ => return None,
        })
    }

    /// How the type is described to editors.
    pub fn describe(&self) -> String {
        match self {
            Scalar::String => "one line of text".into(),
            Scalar::Text => "text".into(),
            Scalar::Integer => "a whole number".into(),
            Scalar::Number => "a number".into(),
            Scalar::Boolean => "true or false".into(),
            Scalar::Date => "a date (YYYY-MM-DD)".into(),
            Scalar::Datetime => "a date and time with its UTC offset (YYYY-MM-DDTHH:MM:SS-05:00)".into(),
            Scalar::Url => "a web address starting with http:// or https://".into(),
            Scalar::Email => "an email address".into(),
            Scalar::OneOf(values) => format!("one of: {}", values.join(", ")),
        }
    }
}

impl FieldType {
    pub fn describe(&self) -> String {
        match self {
            FieldType::One(s) => s.describe(),
            FieldType::List(s) => format!("a list, each item {}", s.describe()),
        }
    }
}

impl Validator<'_> {
    /// A closed term's slug; a term without letters or digits would have no URL and is an error.
    fn term_slug(&mut self, term: &str) -> Option<String> {
        let slug = crate::slug::slugify(term);
        if slug.is_empty() {
            let d = self.err(
                &["taxonomies"],
                Some("terms"),
                format!("the term `{term}` has no letters or digits, so it cannot have a page"),
                "write each term as a word, e.g. `terms: [webinar, workshop]`",
            );
            self.diags.push(d);
            return None;
        }
        Some(slug)
    }

    pub(super) fn closed_terms(&mut self, m: &Mapping) -> Option<IndexMap<String, String>> {
        let here = &["taxonomies"][..];
        match m.get("terms")? {
            Y::Sequence(items) => {
                let mut out = IndexMap::new();
                for item in items {
                    match item {
                        Y::String(s) => {
                            if let Some(slug) = self.term_slug(s) {
                                out.insert(slug, s.clone());
                            }
                        }
                        other => {
                            let d = self.err(
                                here,
                                Some("terms"),
                                format!("a term must be text, not {}", yaml::type_name(other)),
                                "write `terms: [first-term, second-term]`",
                            );
                            self.diags.push(d);
                        }
                    }
                }
                Some(out)
            }
            Y::Mapping(map) => {
                let mut out = IndexMap::new();
                for (k, v) in map {
                    match (k.as_str(), v.as_str()) {
                        (Some(slug), Some(title)) => {
                            if let Some(slug) = self.term_slug(slug) {
                                out.insert(slug, title.to_string());
                            }
                        }
                        _ => {
                            let d = self.err(
                                here,
                                Some("terms"),
                                "each term must be `slug: Title`".into(),
                                "write e.g. `small-rural: \"Small and rural libraries\"`",
                            );
                            self.diags.push(d);
                        }
                    }
                }
                Some(out)
            }
            other => {
                let d = self.err(
                    here,
                    Some("terms"),
                    format!("`terms` must be a list or a mapping, not {}", yaml::type_name(other)),
                    "write `terms: [a, b]` or one `slug: Title` per line",
                );
                self.diags.push(d);
                None
            }
        }
    }

    pub(super) fn collections(
        &mut self,
        map: &Mapping,
        taxonomies: &[TaxonomyConfig],
    ) -> std::collections::BTreeMap<String, Collection> {
        self.schemas(map, "collections", Some(taxonomies))
    }

    /// The typed schemas under the top-level key `top`: `collections` (front matter, whose
    /// fields cannot redefine the common ones or the `taxonomies`) or `data` (data files, given
    /// as `None`: any column name goes).
    pub(super) fn schemas(
        &mut self,
        map: &Mapping,
        top: &'static str,
        taxonomies: Option<&[TaxonomyConfig]>,
    ) -> std::collections::BTreeMap<String, Collection> {
        let mut out = std::collections::BTreeMap::new();
        let Some(value) = map.get(top) else { return out };
        let what = if top == "data" { "data file" } else { "section" };
        let help = format!("one {what} name per line, each with `fields:`");
        let Some(sections) = self.mapping_at(value, &[], top, &help) else {
            return out;
        };
        for (key, value) in &sections {
            let Some(section) = key.as_str() else { continue };
            let path = [top, section];
            let Some(body) = self.mapping_at(value, &path[..1], section, "give the collection `fields:`") else {
                continue;
            };
            self.unknown_keys(&body, &path, COLLECTION_KEYS);
            let description = self.string(&body, &path, "description");
            let mut fields = IndexMap::new();
            if let Some(value) = body.get("fields")
                && let Some(list) = self.mapping_at(value, &path, "fields", "one field name per line")
            {
                for (name, spec) in &list {
                    let Some(name) = name.as_str() else { continue };
                    if let Some(field) = self.field([top, section], name, spec, taxonomies) {
                        fields.insert(name.to_string(), field);
                    }
                }
            }
            out.insert(section.trim_matches('/').to_string(), Collection { description, fields });
        }
        out
    }

    pub(super) fn mapping_at(&mut self, value: &Y, parents: &[&str], key: &str, help: &str) -> Option<Mapping> {
        match value {
            Y::Mapping(m) => Some(m.clone()),
            Y::Null => Some(Mapping::new()),
            other => {
                let d = self.err(
                    parents,
                    Some(key),
                    format!("`{key}` must be a mapping, not {}", yaml::type_name(other)),
                    help,
                );
                self.diags.push(d);
                None
            }
        }
    }

    fn field(
        &mut self,
        [top, section]: [&str; 2],
        name: &str,
        spec: &Y,
        taxonomies: Option<&[TaxonomyConfig]>,
    ) -> Option<Field> {
        let parents = [top, section, "fields"];
        let here = [top, section, "fields", name];
        let err_help = "write e.g. `library: { type: string, required: true }`";
        let Some(taxonomies) = taxonomies else { return self.field_spec(&parents, name, spec, err_help) };
        if name == "title" {
            // Only `title: { required: true }`: the collection's pages must set their own title.
            self.unknown_keys(&spec_map(spec), &here, &["required", "description"]);
            let required = self.boolean(&spec_map(spec), &here, "required").unwrap_or(false);
            let ty = FieldType::One(Scalar::String);
            return Some(Field { ty, required, default: None, description: None, translate: true });
        }
        if super::RESERVED.contains(&name) || taxonomies.iter().any(|t| t.name == name) {
            let d = self.err(&parents, Some(name), format!("`{name}` is already a front matter field of every page (or a taxonomy); a collection cannot redefine it"), "choose another field name");
            self.diags.push(d);
            return None;
        }
        self.field_spec(&parents, name, spec, err_help)
    }

    /// A field's type, `required`, `default` and `description`, from its spec under `parents`.
    fn field_spec(&mut self, parents: &[&str; 3], name: &str, spec: &Y, err_help: &str) -> Option<Field> {
        let here = [parents[0], parents[1], parents[2], name];
        let spec = match spec {
            Y::Mapping(m) => m.clone(),
            Y::String(t) => {
                // Short form: `field: date`.
                let mut m = Mapping::new();
                m.insert("type".into(), Y::String(t.clone()));
                m
            }
            other => {
                let d = self.err(
                    parents,
                    Some(name),
                    format!("the field `{name}` must be a mapping, not {}", yaml::type_name(other)),
                    err_help,
                );
                self.diags.push(d);
                return None;
            }
        };
        self.unknown_keys(&spec, &here, FIELD_KEYS);
        let values = self.field_values(&spec, parents, name);
        let type_text = self.string(&spec, &here, "type");
        let ty = self.field_type(parents, name, type_text.as_deref(), values)?;
        let required = self.boolean(&spec, &here, "required").unwrap_or(false);
        let description = self.string(&spec, &here, "description");
        let default = spec.get("default").cloned();
        let translate = self.boolean(&spec, &here, "translate").unwrap_or(true);
        Some(Field { ty, required, default, description, translate })
    }

    /// The `values:` list of field `name`, if it has one.
    fn field_values(&mut self, spec: &Mapping, parents: &[&str], name: &str) -> Option<Vec<String>> {
        match spec.get("values") {
            None => None,
            Some(Y::Sequence(items)) => Some(
                items
                    .iter()
                    .filter_map(|i| match i {
                        Y::String(s) => Some(s.clone()),
                        Y::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect(),
            ),
            Some(_) => {
                let d = self.err(
                    parents,
                    Some(name),
                    format!("`values` of `{name}` must be a list"),
                    "write `values: [first, second]`",
                );
                self.diags.push(d);
                None
            }
        }
    }

    /// The type of field `name`, from its `type:` text and its `values:` list.
    fn field_type(
        &mut self,
        parents: &[&str],
        name: &str,
        type_text: Option<&str>,
        values: Option<Vec<String>>,
    ) -> Option<FieldType> {
        match (type_text, values) {
            (None, Some(v)) => Some(FieldType::One(Scalar::OneOf(v))),
            (Some(t), values) => {
                let (list, inner) = match t.trim().strip_prefix("list of ") {
                    Some(inner) => (true, inner.trim()),
                    None if t.trim() == "list" => (true, "string"),
                    None => (false, t.trim()),
                };
                let scalar = match (Scalar::parse(inner), values) {
                    (_, Some(v)) if matches!(inner, "string" | "text") => Some(Scalar::OneOf(v)),
                    (Some(s), None) => Some(s),
                    (Some(_), Some(_)) => {
                        let d = self.err(
                            parents,
                            Some(name),
                            format!("`values` only goes with text fields, and `{name}` is `{t}`"),
                            "remove `values`, or make the type `string`",
                        );
                        self.diags.push(d);
                        None
                    }
                    (None, _) => {
                        let hint = did_you_mean(inner, TYPE_NAMES.iter().copied())
                            .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                        let d = self.err(
                            parents,
                            Some(name),
                            format!("`{inner}` is not a field type"),
                            &format!(
                                "{hint}types: {}, or `list of TYPE`; for a closed set use `values: [a, b]`",
                                TYPE_NAMES.join(", ")
                            ),
                        );
                        self.diags.push(d);
                        None
                    }
                };
                let scalar = scalar?;
                Some(if list { FieldType::List(scalar) } else { FieldType::One(scalar) })
            }
            (None, None) => {
                let d = self.err(
                    parents,
                    Some(name),
                    format!("the field `{name}` has no `type`"),
                    &format!("add `type:` with one of {}, or `values: [a, b]`", TYPE_NAMES.join(", ")),
                );
                self.diags.push(d);
                None
            }
        }
    }
}

/// Front matter keys that cannot double as taxonomy or field names.
pub const RESERVED: &[&str] = &[
    "title",
    "date",
    "updated",
    "expires",
    "summary",
    "description",
    "image",
    "draft",
    "render",
    "weight",
    "slug",
    "aliases",
    "template",
    "extra",
];
