//! Data files: `data/**/*.{csv,json,yaml,yml,toml}` under the site's root, read once per load
//! into JSON values that templates get from `load_data(path="data/grantees.csv")`. A CSV file
//! is a header row and one record per line (a list of maps, every value text unless a schema
//! types it); JSON, YAML and TOML are read as written. A file may be typed by a schema in
//! site.yaml (`data: { grantees: { fields: … } }`, the field types of collections): each record
//! is then checked like front matter, and a wrong value is an error at its row (line) and
//! column, an unknown column or key one with a did-you-mean. Nothing here knows templates; only
//! files inside the root's `data/` are read, through `fs_guard`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value as J;

use crate::config::Config;
use crate::config::collections::Collection;
use crate::diagnostics::{Diagnostic, did_you_mean};

mod locate;
mod records;
mod table;

/// The folder under the root that holds data files.
pub(crate) const DIR: &str = "data";
/// The extensions read as data, and how.
const FORMATS: &[&str] = &["csv", "json", "yaml", "yml", "toml"];

/// Every data file of a site, by its path from the root with `/` (`data/grantees.csv`).
#[derive(Debug, Default, Clone)]
pub(crate) struct DataFiles {
    files: BTreeMap<String, Arc<J>>,
}

impl DataFiles {
    /// The data of the file at `key` (`data/grantees.csv`).
    pub(crate) fn get(&self, key: &str) -> Option<&Arc<J>> {
        self.files.get(key)
    }

    /// Every file's key, sorted.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// One data file being read: its key, its text, and the schema that types it.
pub(crate) struct Source<'a> {
    pub key: &'a str,
    pub text: &'a Arc<str>,
    pub schema: Option<&'a Collection>,
}

impl Source<'_> {
    /// An error at `span` of this file.
    pub(crate) fn error(&self, span: Option<std::ops::Range<usize>>, message: String, help: &str) -> Diagnostic {
        let d = Diagnostic::error(message).in_file(self.key).with_help(help).with_code("data");
        match span {
            Some(span) => d.at(self.text, span),
            None => d,
        }
    }
}

/// Reads and checks every data file under `ROOT/data/`.
pub(crate) fn load(root: &Path, config: &Config) -> (DataFiles, Vec<Diagnostic>) {
    let scope = crate::fs_guard::Scope::new(root, &config.allow_links_to);
    let (found, mut diags) = scope.walk(&root.join(DIR), true);
    let mut files = BTreeMap::new();
    let mut names = Vec::new();
    for entry in found.into_iter().filter(|e| e.file_type.is_file()) {
        let Ok(rel) = entry.path.strip_prefix(root) else { continue };
        let Some(key) = rel.to_str().map(|k| k.replace('\\', "/")) else { continue };
        let Some((stem, ext)) = key.strip_prefix("data/").and_then(|k| k.rsplit_once('.')) else { continue };
        let ext = ext.to_ascii_lowercase();
        if !FORMATS.contains(&ext.as_str()) {
            continue;
        }
        names.push(stem.to_string());
        let text: Arc<str> = match std::fs::read_to_string(&entry.path) {
            Ok(t) => Arc::from(t),
            Err(e) => {
                let d = Diagnostic::error(format!("cannot read this data file: {e}")).in_file(&key);
                diags.push(d.with_help("save it as UTF-8 text").with_code("data"));
                continue;
            }
        };
        let source = Source { key: &key, text: &text, schema: config.data.get(stem) };
        match parse(&source, &ext) {
            Ok(value) => {
                files.insert(key.clone(), Arc::new(value));
            }
            Err(mut ds) => diags.append(&mut ds),
        }
    }
    diags.extend(schemas_without_files(config, &names));
    (DataFiles { files }, diags)
}

/// A file's value: parsed, then checked against its schema.
fn parse(source: &Source, ext: &str) -> Result<J, Vec<Diagnostic>> {
    let value = match ext {
        "csv" => return table::read(source),
        "json" => serde_json::from_str::<J>(source.text).map_err(|e| {
            let at = crate::diagnostics::offset_of(source.text, e.line(), e.column());
            let end = (at + 1).min(source.text.len());
            vec![source.error(
                Some(at..end),
                format!("invalid JSON: {}", strip_position(&e.to_string())),
                "check the commas, quotes and brackets near the marked place",
            )]
        })?,
        "toml" => match source.text.parse::<toml::Table>() {
            Ok(table) => toml_to_json(toml::Value::Table(table)),
            Err(e) => {
                let help = "TOML is `key = value`, one per line, with text in quotes; `[[name]]` starts a record";
                return Err(vec![source.error(e.span(), format!("invalid TOML: {}", e.message()), help)]);
            }
        },
        _ => {
            let yaml = crate::yaml::parse(Path::new(source.key), source.text, 0..source.text.len())
                .map_err(|d| vec![d.with_code("data")])?;
            serde_json::to_value(&yaml).map_err(|e| {
                let help = "write every key of a mapping as text";
                vec![source.error(None, format!("this YAML cannot be data: {e}"), help)]
            })?
        }
    };
    match source.schema {
        Some(schema) => records::check(source, schema, value),
        None => Ok(value),
    }
}

/// serde_json's message without its " at line L column C".
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// A TOML value as JSON: dates and times as their text.
fn toml_to_json(v: toml::Value) -> J {
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// A schema in site.yaml for which there is no data file: an error at its name.
fn schemas_without_files(config: &Config, names: &[String]) -> Vec<Diagnostic> {
    let text: Arc<str> = Arc::from(config.source.as_str());
    let mut diags = Vec::new();
    for name in config.data.keys().filter(|n| !names.contains(n)) {
        let hint = did_you_mean(name, names.iter().map(String::as_str))
            .map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let mut d = Diagnostic::error(format!(
            "site.yaml types the data file `{name}`, but there is no data/{name}.csv, .json, .yaml or .toml"
        ))
        .in_file(crate::config::FILE_NAME)
        .with_help(format!(
            "{hint}name the schema after a file of the data/ folder (without its extension), or add the file"
        ))
        .with_code("config");
        if let Some(span) = crate::yaml::key_name_span(&text, &["data"], name) {
            d = d.at(&text, span);
        }
        diags.push(d);
    }
    diags
}

/// The path a template gave `load_data`, as a data file key: `data/x.csv` as written, or an
/// error saying why it is refused (absolute, `..`, outside `data/`).
pub(crate) fn key_of(path: &str) -> Result<&str, String> {
    let path = path.strip_prefix("./").unwrap_or(path);
    if !crate::fs_guard::is_safe_relative(path) {
        return Err(format!(
            "load_data: the argument `path` is `{path}`, which is not a plain path inside the site's root (no leading `/`, no `..`); write e.g. `data/grantees.csv`"
        ));
    }
    Ok(path)
}

/// Did-you-mean and the list of data files, for a `load_data` path that is no data file.
pub(crate) fn missing(data: &DataFiles, path: &str) -> String {
    let keys: Vec<&str> = data.keys().collect();
    let hint = did_you_mean(path, keys.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
    let list = if keys.is_empty() { "there are none".to_string() } else { keys.join(", ") };
    format!(
        "load_data: there is no data file `{path}`; {hint}data files are the .csv, .json, .yaml, .yml and .toml files under data/: {list}"
    )
}
