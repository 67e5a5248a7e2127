//! Decap CMS (and Sveltia CMS, which reads the same file): `admin/config.yml`, one folder
//! collection per section that site.yaml gives a collection, and `admin/index.html`, the page
//! that loads the editor.
//!
//! Each form field is made from the field's JSON Schema fragment ([`super::schema`]), never
//! from the field type directly: `widget` reads `type`, `format`, `pattern`, `enum`, `default`
//! and `description` and picks Decap's widget and options. So a change of how a type is
//! described reaches `ltc-hub schema` and the forms together.

use serde_json::{Map, Value as J, json};

use crate::config::Config;
use crate::config::collections::Scalar;

/// Where `serve --edit` answers Decap's proxy backend, under the site's base path.
pub const PROXY_PATH: &str = "__ltc-hub/api/v1";

/// Dates as our schema writes them (Decap's formats are dayjs's).
const DATE_FORMAT: &str = "YYYY-MM-DD";
/// Date and time with the UTC offset (`Z` is `-05:00` in dayjs), as `datetime` fields need.
const DATETIME_FORMAT: &str = "YYYY-MM-DDTHH:mm:ssZ";

/// Common front matter fields the forms leave out: free-form, or for theme authors.
const LEFT_OUT: &[&str] = &["extra", "template", "aliases", "render"];

/// A section with a collection, as the forms need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its key in site.yaml's `collections:` (`trainings`, `turning-outward/tools`).
    pub key: String,
    /// Its pages are bundles (`SLUG/index.md` with their files beside them): new entries are
    /// bundles too, and their uploads go beside them.
    pub bundles: bool,
}

/// A label from a field or folder name: `population_served` -> `Population served`.
fn label(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut chars = words.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// The Decap field for front matter key `name` described by JSON Schema `schema`; `None` for
/// what no widget edits (objects).
pub fn field(name: &str, schema: &J, required: bool) -> Option<J> {
    let mut out = Map::new();
    out.insert("name".into(), J::from(name));
    out.insert("label".into(), J::from(label(name)));
    out.extend(widget(schema)?);
    out.insert("required".into(), J::Bool(required));
    if let Some(d) = schema.get("default") {
        out.insert("default".into(), d.clone());
    }
    if let Some(hint) = schema.get("description").and_then(J::as_str) {
        out.insert("hint".into(), J::from(hint));
    }
    Some(J::Object(out))
}

/// The widget and its options for one value described by `schema`.
fn widget(schema: &J) -> Option<Map<String, J>> {
    let mut w = Map::new();
    let mut set = |k: &str, v: J| {
        w.insert(k.into(), v);
    };
    if let Some(options) = options(schema) {
        set("widget", J::from("select"));
        set("options", options);
        return Some(w);
    }
    if let Some(first) = schema.get("anyOf").and_then(J::as_array).and_then(|a| a.first()) {
        // `date`, `updated`, `expires`: a date or a date and time; the form asks for a date.
        return widget(first);
    }
    let pattern = schema.get("pattern").and_then(J::as_str);
    match (schema.get("type").and_then(J::as_str)?, schema.get("format").and_then(J::as_str)) {
        ("string", Some("date")) => {
            set("widget", J::from("datetime"));
            set("format", J::from(DATE_FORMAT));
            set("date_format", J::from(DATE_FORMAT));
            set("time_format", J::Bool(false));
        }
        ("string", Some("date-time")) => {
            set("widget", J::from("datetime"));
            set("format", J::from(DATETIME_FORMAT));
            set("date_format", J::from(DATE_FORMAT));
            set("time_format", J::from("HH:mm"));
        }
        ("string", Some(format @ ("uri" | "email"))) => {
            let what = if format == "uri" { Scalar::Url } else { Scalar::Email };
            set("widget", J::from("string"));
            if let Some(p) = pattern {
                set("pattern", json!([p, format!("Must be {}", what.describe())]));
            }
        }
        // One line (`string`) has a pattern forbidding line breaks; `text` has none.
        ("string", _) => set("widget", J::from(if pattern.is_some() { "string" } else { "text" })),
        ("integer", _) => {
            set("widget", J::from("number"));
            set("value_type", J::from("int"));
        }
        ("number", _) => {
            set("widget", J::from("number"));
            set("value_type", J::from("float"));
        }
        ("boolean", _) => set("widget", J::from("boolean")),
        ("array", _) => {
            let items = schema.get("items")?;
            if let Some(options) = options(items) {
                set("widget", J::from("select"));
                set("multiple", J::Bool(true));
                set("options", options);
            } else {
                let mut item = Map::new();
                item.insert("name".into(), J::from("item"));
                item.insert("label".into(), J::from("Item"));
                item.extend(widget(items)?);
                set("widget", J::from("list"));
                set("field", J::Object(item));
            }
        }
        _ => return None,
    }
    Some(w)
}

/// A closed set's options: each value, labelled with its `enumDescriptions` entry if any.
fn options(schema: &J) -> Option<J> {
    let values = schema.get("enum")?.as_array()?;
    let labels = schema.get("enumDescriptions").and_then(J::as_array);
    let options = values.iter().enumerate().map(|(i, v)| match labels.and_then(|l| l.get(i)) {
        Some(l) => json!({"label": l, "value": v}),
        None => v.clone(),
    });
    Some(J::Array(options.collect()))
}

/// The fields of one collection's form: every property of its JSON Schema (but the free-form
/// ones) in order, then the Markdown body.
pub fn fields(schema: &J) -> Vec<J> {
    let required: Vec<&str> =
        schema.get("required").and_then(J::as_array).map_or(Vec::new(), |r| r.iter().filter_map(J::as_str).collect());
    let mut out: Vec<J> = schema
        .get("properties")
        .and_then(J::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, _)| !LEFT_OUT.contains(&name.as_str()))
        .filter_map(|(name, s)| field(name, s, required.contains(&name.as_str())))
        .collect();
    out.push(json!({"name": "body", "label": "Body", "widget": "markdown", "required": false}));
    out
}

/// One folder collection.
fn collection(config: &Config, section: &Section) -> Option<J> {
    let c = config.collections.get(&section.key)?;
    let schema = super::schema::json_schema(config, &section.key, c);
    let mut out = Map::new();
    out.insert("name".into(), J::from(section.key.replace('/', "-")));
    out.insert("label".into(), J::from(section.key.split('/').map(label).collect::<Vec<_>>().join(": ")));
    if let Some(d) = &c.description {
        out.insert("description".into(), J::from(d.as_str()));
    }
    out.insert("folder".into(), J::from(format!("content/{}", section.key)));
    out.insert("create".into(), J::Bool(true));
    out.insert("extension".into(), J::from("md"));
    out.insert("format".into(), J::from("yaml-frontmatter"));
    out.insert("slug".into(), J::from("{{slug}}"));
    out.insert("preview_path".into(), J::from(format!("{}/{{{{slug}}}}/", section.key)));
    if section.bundles {
        out.insert("path".into(), J::from("{{slug}}/index"));
        out.insert("media_folder".into(), J::from(""));
        out.insert("public_folder".into(), J::from(""));
    }
    out.insert("summary".into(), J::from("{{title}}"));
    out.insert("fields".into(), J::Array(fields(&schema)));
    Some(J::Object(out))
}

/// The whole configuration, as a JSON value (written as YAML by [`config_yml`]).
pub fn config(config: &Config, sections: &[Section]) -> J {
    let backend = config.cms.backend.clone().unwrap_or_else(
        || json!({"name": "proxy", "proxy_url": format!("{}{PROXY_PATH}", config.base_path), "branch": "main"}),
    );
    let mut out = json!({
        "backend": backend,
        "site_url": config.base_url.trim_end_matches('/'),
        "display_url": config.base_url.trim_end_matches('/'),
        "media_folder": config.cms.media_folder,
        "public_folder": format!("{}{}", config.base_path, config.cms.public_folder()),
    });
    if let (Some(mode), Some(m)) = (&config.cms.publish_mode, out.as_object_mut()) {
        m.insert("publish_mode".into(), J::from(mode.as_str()));
    }
    let collections = sections.iter().filter_map(|s| collection(config, s)).collect::<Vec<_>>();
    if let Some(m) = out.as_object_mut() {
        m.insert("collections".into(), J::Array(collections));
    }
    out
}

/// `admin/config.yml`.
pub fn config_yml(config: &Config, sections: &[Section]) -> String {
    let yaml = serde_yaml::to_string(&self::config(config, sections)).unwrap_or_default();
    format!(
        "# Decap CMS (and Sveltia CMS) configuration, written by ltc-hub from site.yaml's collections\n# (outputs.cms). Change site.yaml, not this file: the next build writes it again.\n{yaml}"
    )
}

/// Escapes text for an HTML attribute or element.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `admin/index.html`: loads the editor. With `#token=…` in its address (the one
/// `serve --edit` prints), it edits through serve's proxy, carrying the token; otherwise it
/// uses config.yml's backend.
pub fn index_html(config: &Config) -> String {
    let cms = &config.cms;
    let integrity = cms
        .integrity
        .as_deref()
        .map_or(String::new(), |i| format!(" integrity=\"{}\" crossorigin=\"anonymous\"", esc(i)));
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Edit: {title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<script>
// ltc-hub: `serve --edit` prints this page's address with #token=...; the token is kept for
// the tab (Decap's own addresses replace the #) and sent with every request to the proxy.
(function () {{
  var m = /[#&]token=([0-9a-f]+)/.exec(location.hash);
  if (m) {{ sessionStorage.setItem("ltc-hub-token", m[1]); history.replaceState(null, "", location.pathname); }}
  var token = sessionStorage.getItem("ltc-hub-token");
  window.CMS_MANUAL_INIT = true;
  window.ltcHubCms = token ? {{ publish_mode: "simple", backend: {{ name: "proxy", branch: "main",
    proxy_url: new URL("../{proxy}?token=" + token, location.href).href }} }} : null;
}})();
</script>
</head>
<body>
<script src="{script}"{integrity}></script>
<script>
if (window.CMS) {{
  CMS.init(window.ltcHubCms ? {{ config: window.ltcHubCms }} : undefined);
}} else {{
  document.body.textContent = "The editor could not be loaded from {script}.";
}}
</script>
</body>
</html>
"#,
        lang = esc(&config.language),
        title = esc(&config.title),
        proxy = PROXY_PATH,
        script = esc(&cms.script),
    )
}

#[cfg(test)]
#[path = "decap_tests.rs"]
mod tests;
