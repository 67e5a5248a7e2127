//! Front matter as JSON Schema (draft 2020-12): one schema per collection (the common fields,
//! the taxonomies and the collection's own fields) and per typed data file. This is the one
//! mapping from a field's type to its description; [`super::decap`] reads the same fragments.

use serde_json::{Map, Value as J, json};

use crate::config::collections::{Collection, FieldType, Scalar};
use crate::config::{Config, TaxonomyConfig};

/// A web address as `content::collections` accepts it: http(s), a host with a dot, no spaces.
pub const URL_PATTERN: &str = "^https?://[^/?#\\s.][^/?#\\s]*\\.[^\\s]*$";
/// An email address as `content::collections` accepts it: one `@`, a domain with a dot inside.
pub const EMAIL_PATTERN: &str = "^[^@\\s]+@[^@\\s.][^@\\s]*\\.[^@\\s]*[^@\\s.]$";

/// The JSON Schema of one value of type `s`.
pub fn scalar_schema(s: &Scalar) -> J {
    match s {
        Scalar::String => json!({"type": "string", "pattern": "^[^\\n]*$"}),
        Scalar::Text => json!({"type": "string"}),
        Scalar::Integer => json!({"type": "integer"}),
        Scalar::Number => json!({"type": "number"}),
        Scalar::Boolean => json!({"type": "boolean"}),
        Scalar::Date => json!({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}),
        Scalar::Datetime => {
            json!({"type": "string", "format": "date-time", "pattern": "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})$"})
        }
        Scalar::Url => json!({"type": "string", "format": "uri", "pattern": URL_PATTERN}),
        Scalar::Email => json!({"type": "string", "format": "email", "pattern": EMAIL_PATTERN}),
        Scalar::OneOf(values) => json!({"enum": values}),
    }
}

fn described(mut schema: J, description: &str) -> J {
    if let Some(m) = schema.as_object_mut() {
        m.insert("description".into(), J::String(description.to_string()));
    }
    schema
}

fn taxonomy_schema(t: &TaxonomyConfig) -> J {
    // `enumDescriptions` (read by VS Code's YAML and JSON tooling) gives each term's title.
    let items = match &t.terms {
        Some(terms) => {
            json!({"enum": terms.keys().collect::<Vec<_>>(), "enumDescriptions": terms.values().collect::<Vec<_>>()})
        }
        None => scalar_schema(&Scalar::String),
    };
    described(json!({"type": "array", "items": items}), &format!("Terms of the taxonomy {}", t.title))
}

/// The JSON Schema (draft 2020-12) of one collection's front matter.
pub fn json_schema(config: &Config, section: &str, collection: &Collection) -> J {
    let date = scalar_schema(&Scalar::Date);
    let date_or_time = json!({"anyOf": [date, scalar_schema(&Scalar::Datetime)]});
    let mut props = Map::new();
    props.insert("title".into(), described(json!({"type": "string", "minLength": 1}), "The page title"));
    props.insert(
        "date".into(),
        described(date_or_time.clone(), "Publication date (YYYY-MM-DD); future dates are not published"),
    );
    props.insert("updated".into(), described(date_or_time.clone(), "Date of the last real change"));
    props.insert("expires".into(), described(date_or_time, "From this date or time on the page is not published"));
    props.insert("summary".into(), described(json!({"type": "string"}), "One or two sentences for listings and feeds"));
    props.insert(
        "description".into(),
        described(json!({"type": "string"}), "For search engines and link previews (else the summary)"),
    );
    props.insert(
        "image".into(),
        described(json!({"type": "string"}), "Share image for link previews: a bundle file or a path under static/"),
    );
    props
        .insert("draft".into(), described(json!({"type": "boolean"}), "true keeps the page out of the published site"));
    props.insert(
        "render".into(),
        described(json!({"type": "boolean"}), "false: headless, no URL or file, only for templates (get_page)"),
    );
    props.insert("weight".into(), described(json!({"type": "integer"}), "Order in sections sorted by weight"));
    props.insert(
        "slug".into(),
        described(json!({"type": "string", "pattern": "^[A-Za-z0-9._~-]+$"}), "The last part of the page's URL"),
    );
    props.insert(
        "aliases".into(),
        described(json!({"type": "array", "items": {"type": "string"}}), "Old URLs that redirect here"),
    );
    props.insert("template".into(), described(json!({"type": "string"}), "A template of the theme"));
    props.insert("extra".into(), described(json!({"type": "object"}), "Free-form values for the theme"));
    for t in &config.taxonomies {
        props.insert(t.name.clone(), taxonomy_schema(t));
    }
    // Every page of a collection is given a title by `new` and the schema asks for one.
    let mut required = vec![J::String("title".into())];
    add_fields(collection, &mut props, &mut required);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Front matter of content/{section}/ pages"),
        "description": collection.description.clone().unwrap_or_else(|| format!("Pages in content/{section}/ of {}", config.title)),
        "type": "object",
        "properties": J::Object(props),
        "required": required,
        "additionalProperties": false,
    })
}

/// The collection's fields (but `title`) as properties, and the required ones.
fn add_fields(collection: &Collection, props: &mut Map<String, J>, required: &mut Vec<J>) {
    for (name, field) in collection.fields.iter().filter(|(n, _)| *n != "title") {
        let base = match &field.ty {
            FieldType::One(s) => scalar_schema(s),
            FieldType::List(s) => json!({"type": "array", "items": scalar_schema(s)}),
        };
        let text = field.description.clone().unwrap_or_else(|| field.ty.describe());
        let mut schema = described(base, &text);
        if let (Some(default), Some(m)) = (&field.default, schema.as_object_mut())
            && let Ok(value) = serde_json::to_value(default)
        {
            m.insert("default".into(), value);
        }
        props.insert(name.clone(), schema);
        if field.required {
            required.push(J::String(name.clone()));
        }
    }
}

/// The JSON Schema of a typed data file in YAML or JSON: a list of records.
pub fn data_schema(name: &str, schema: &Collection) -> J {
    let mut props = Map::new();
    let mut required = Vec::new();
    add_fields(schema, &mut props, &mut required);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Records of data/{name}"),
        "description": schema.description.clone().unwrap_or_else(|| format!("The records of data/{name}")),
        "type": "array",
        "items": {"type": "object", "properties": J::Object(props), "required": required, "additionalProperties": false},
    })
}
