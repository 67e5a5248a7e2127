//! `ltc-hub new SECTION "Title"` and `ltc-hub schema`: files that help editors write valid
//! front matter. `new` writes a draft page with every field its section's collection defines,
//! filled with placeholders that say what to put there; it never overwrites. `schema` writes
//! one JSON Schema per collection for editors' YAML tooling (made by `forms::schema`, which the
//! CMS forms are made from too).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::config::collections::{Field, FieldType, Scalar};
use crate::diagnostics::{Diagnostic, did_you_mean};
pub use crate::forms::schema::{data_schema, json_schema};

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
