//! `ltc-hub new SECTION "Title"` and `ltc-hub schema`: files that help editors write valid
//! front matter. `new` writes a draft page with every field its section's collection defines,
//! filled with placeholders that say what to put there; it never overwrites. `schema` writes
//! one JSON Schema per collection for editors' YAML tooling.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value as J, json};

use crate::config::collections::{Collection, Field, FieldType, Scalar};
use crate::config::{Config, TaxonomyConfig};
use crate::diagnostics::{Diagnostic, did_you_mean};

/// Section keys (folders under `content/`, `/`-separated), sorted.
fn section_keys(root: &Path) -> Vec<String> {
    let content = crate::content::dir(root);
    walkdir::WalkDir::new(&content)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir() && !e.path().join("index.md").exists())
        .filter_map(|e| e.path().strip_prefix(&content).ok().map(|p| p.to_string_lossy().replace('\\', "/")))
        .collect()
}

/// Writes `content/SECTION/<slug>.md`; returns its path.
pub fn new_page(
    root: &Path,
    config: &Config,
    section: &str,
    title: &str,
    today: chrono::NaiveDate,
) -> Result<PathBuf, Diagnostic> {
    let section = section.trim_matches('/');
    let keys = section_keys(root);
    if !keys.iter().any(|k| k == section) {
        let hint = did_you_mean(section, keys.iter().map(String::as_str))
            .map_or(String::new(), |s| format!("did you mean `{s}`? "));
        return Err(Diagnostic::error(format!("there is no section `{section}` in content/"))
            .with_help(format!("{hint}sections: {}", keys.join(", "))));
    }
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!(
            "the title `{title}` has no letters or digits to make a file name from"
        ))
        .with_help("give the page a title with words in it"));
    }
    let path = crate::content::dir(root).join(section).join(format!("{slug}.md"));
    if path.exists() {
        return Err(Diagnostic::error(format!(
            "{} already exists; ltc-hub new never overwrites a page",
            crate::content::shown(root, &path).display()
        ))
        .with_help("choose another title, or edit the existing file"));
    }
    let text = front_matter(config, section, title, today);
    std::fs::write(&path, text).map_err(|e| {
        Diagnostic::error(format!("cannot write {}: {e}", path.display()))
            .with_help("check that the folder is writable")
    })?;
    Ok(path)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn front_matter(config: &Config, section: &str, title: &str, today: chrono::NaiveDate) -> String {
    let day = today.format("%Y-%m-%d").to_string();
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", quote(title)));
    out.push_str(&format!("date: {day}\n"));
    out.push_str("summary: \"One or two sentences for listings and feeds.\"\n");
    out.push_str("draft: true  # delete this line when the page is ready to publish\n");
    for tax in &config.taxonomies {
        let allowed = tax
            .terms
            .as_ref()
            .map_or(String::new(), |t| format!("  # terms: {}", t.keys().cloned().collect::<Vec<_>>().join(", ")));
        out.push_str(&format!("{}: []{allowed}\n", tax.name));
    }
    if let Some((_, collection)) = crate::content::collection_for(config, section) {
        for (name, field) in collection.fields.iter().filter(|(n, _)| *n != "title") {
            let about = field
                .description
                .as_deref()
                .map_or_else(|| field.ty.describe(), |d| format!("{d} ({})", field.ty.describe()));
            let line = format!("{name}: {}", placeholder(field, &day));
            if field.required {
                out.push_str(&format!("{line}  # required: {about}\n"));
            } else {
                out.push_str(&format!("# {line}  # optional: {about}\n"));
            }
        }
    }
    // The example link is in a comment: as a real link it would break `check` on any site without that page.
    out.push_str(
        "---\n\nWrite the page here.\n\n<!-- Link other pages as [the 90-day plan](@/turning-outward/90-day-plan.md). -->\n",
    );
    out
}

fn placeholder(field: &Field, day: &str) -> String {
    let one = |s: &Scalar| match s {
        Scalar::String | Scalar::Text => {
            quote(&format!("TODO: {}", field.description.as_deref().unwrap_or("fill this in")))
        }
        Scalar::Integer | Scalar::Number => "0".into(),
        Scalar::Boolean => "false".into(),
        Scalar::Date => day.to_string(),
        Scalar::Datetime => format!("{day}T14:00:00-05:00"),
        Scalar::Url => "https://example.org/TODO".into(),
        Scalar::Email => "name@example.org".into(),
        Scalar::OneOf(values) => quote(values.first().map_or("", String::as_str)),
    };
    match &field.ty {
        FieldType::One(s) => one(s),
        FieldType::List(s) => format!("[{}]", one(s)),
    }
}

/// Writes `DIR/SECTION.schema.json` for every collection and `DIR/data-NAME.schema.json` for
/// every typed data file; returns the files written.
pub fn write_schemas(config: &Config, dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create {}: {e}", dir.display())).with_help("check the --out folder")
    })?;
    let mut written = Vec::new();
    let collections = config.collections.iter().map(|(s, c)| (s.replace('/', "-"), json_schema(config, s, c)));
    let data = config.data.iter().map(|(n, c)| (format!("data-{}", n.replace('/', "-")), data_schema(n, c)));
    for (name, schema) in collections.chain(data) {
        let path = dir.join(format!("{name}.schema.json"));
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        std::fs::write(&path, text).map_err(|e| {
            Diagnostic::error(format!("cannot write {}: {e}", path.display())).with_help("check the --out folder")
        })?;
        written.push(path);
    }
    Ok(written)
}

fn scalar_schema(s: &Scalar) -> J {
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
        Scalar::Url => json!({"type": "string", "format": "uri", "pattern": "^https?://"}),
        Scalar::Email => json!({"type": "string", "format": "email"}),
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
    let items = match &t.terms {
        Some(terms) => json!({"enum": terms.keys().collect::<Vec<_>>()}),
        None => json!({"type": "string"}),
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
        props.insert(name.clone(), described(base, &text));
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
