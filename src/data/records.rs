//! A JSON, YAML or TOML data file checked against its schema. Its records are the items of the
//! file's top-level list or, when the top is a mapping (a TOML file always is), the items of
//! each list at its top level (`[[grantees]]` tables). Each record is checked as a page's front
//! matter is: unknown keys (with a did-you-mean), missing required fields, defaults, and every
//! value against its field's type. Errors point at the key or value in the text (`locate`).

use serde_json::Value as J;

use super::Source;
use super::locate::Places;
use crate::config::collections::Collection;
use crate::diagnostics::{Diagnostic, did_you_mean};

/// `value` with its records checked and normalized (dates as `YYYY-MM-DD`, defaults filled in).
pub(super) fn check(source: &Source, schema: &Collection, mut value: J) -> Result<J, Vec<Diagnostic>> {
    let places = Places::of(source.text, &value);
    let mut diags = Vec::new();
    let lists: Vec<&mut Vec<J>> = match &mut value {
        J::Array(items) => vec![items],
        J::Object(map) => map.values_mut().filter_map(|v| v.as_array_mut()).collect(),
        _ => Vec::new(),
    };
    if lists.is_empty() {
        let help = "write the records as a list (`- name: …` in YAML, `[{…}]` in JSON, `[[grantees]]` tables in TOML)";
        return Err(vec![source.error(None, "a typed data file must hold a list of records".into(), help)]);
    }
    for list in lists {
        for record in list.iter_mut() {
            one(source, schema, &places, record, &mut diags);
        }
    }
    if diags.is_empty() { Ok(value) } else { Err(diags) }
}

fn one(source: &Source, schema: &Collection, places: &Places, record: &mut J, diags: &mut Vec<Diagnostic>) {
    let id = Places::id(record);
    let J::Object(map) = record else {
        let help = "write each record as a mapping of the fields site.yaml declares for this file";
        diags.push(source.error(None, "a record of this data file is not a mapping".into(), help));
        return;
    };
    let known: Vec<&str> = schema.fields.keys().map(String::as_str).collect();
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        let hint = did_you_mean(key, known.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let help = format!("{hint}the fields site.yaml declares for this file: {}", known.join(", "));
        let d = source.error(places.key(id, key), format!("unknown field `{key}`"), &help);
        diags.push(d.with_label("unknown field"));
    }
    let first = map.keys().next().and_then(|k| places.key(id, k));
    for (name, field) in &schema.fields {
        match map.get(name).filter(|v| !v.is_null()) {
            None if field.required => {
                let help = format!("add `{name}` ({}) to this record", field.ty.describe());
                diags.push(source.error(
                    first.clone(),
                    format!("this record has no `{name}`, which is required"),
                    &help,
                ));
            }
            None => {
                if let Some(d) = field.default.as_ref().and_then(|d| serde_json::to_value(d).ok()) {
                    map.insert(name.clone(), d);
                }
            }
            Some(v) => {
                let y: serde_yaml::Value = serde_json::from_value(v.clone()).unwrap_or(serde_yaml::Value::Null);
                match crate::content::collections::check(name, &field.ty, &y) {
                    Ok(ok) => {
                        map.insert(name.clone(), serde_json::to_value(&ok).unwrap_or(J::Null));
                    }
                    Err(m) => diags.push(source.error(places.value(id, name), m.message, &m.help)),
                }
            }
        }
    }
}
