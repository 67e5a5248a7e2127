//! Environments: `--env NAME` (or `LTC_HUB_ENV`) layers `site.NAME.yaml` over site.yaml.
//! The rule: where both files hold a mapping under the same key, the two mappings are merged
//! key by key (recursively); any other value in the overlay (text, number, list, null) replaces
//! the base's value whole; keys only in one file are kept. `production` is the default name and
//! its overlay is optional; any other name needs its file.

use std::path::Path;
use std::sync::Arc;

use serde_yaml::{Mapping, Value as Y};

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// The environment when none is named.
pub const DEFAULT: &str = "production";

/// The environment variable read when `--env` is not given.
pub const VAR: &str = "LTC_HUB_ENV";

/// The name asked for: `--env`, else `LTC_HUB_ENV`, else [`DEFAULT`] (empty counts as unset).
pub fn resolve(flag: Option<&str>) -> String {
    let from_var = std::env::var(VAR).ok();
    let name = flag.or(from_var.as_deref()).map(str::trim).filter(|s| !s.is_empty());
    name.unwrap_or(DEFAULT).to_string()
}

/// The overlay's file name for `env`, or an error when the name cannot be a file name part.
pub fn file_name(env: &str) -> Result<String, Diagnostic> {
    let ok = env.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(Diagnostic::error(format!("environment name `{env}` is not a plain name"))
            .with_help("use letters, digits, `-` and `_` only, e.g. `--env staging`"));
    }
    Ok(format!("site.{env}.yaml"))
}

/// The error for a named environment whose file is missing, listing the `site.*.yaml` present.
pub fn missing(root: &Path, env: &str, name: &str) -> Diagnostic {
    let mut present: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("site.") && n.ends_with(".yaml") && n != super::FILE_NAME)
        .collect();
    present.sort();
    let help = if present.is_empty() {
        format!("no site.*.yaml file is here; create {name} with the keys that differ, or drop --env / {VAR}")
    } else {
        format!("files here: {}; pick one of those environments or create {name}", present.join(", "))
    };
    Diagnostic::error(format!("environment `{env}` needs {name} next to site.yaml, and it does not exist"))
        .in_file(Path::new(name))
        .with_help(&help)
        .with_code("config")
}

/// `overlay` layered over `base` (see the module's rule).
pub fn merge(base: &mut Mapping, overlay: &Mapping) {
    for (key, value) in overlay {
        match (base.get_mut(key), value) {
            (Some(Y::Mapping(b)), Y::Mapping(o)) => merge(b, o),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The text of `ROOT/NAME` (a byte order mark dropped).
pub(super) fn read(root: &Path, name: &str) -> Result<Arc<str>, Vec<Diagnostic>> {
    let path = root.join(name);
    let shown = Path::new(name);
    // Before site.yaml is read, nothing outside the root is allowed.
    crate::fs_guard::Scope::new(root, &[]).check_path(&path).map_err(|d| vec![d])?;
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => return Err(vec![crate::diagnostics::not_utf8(shown, &e)]),
        },
        Err(e) => {
            return Err(vec![
                Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                    .with_help("run ltc-hub in the folder that holds site.yaml, or pass --root DIR"),
            ]);
        }
    };
    Ok(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

/// Merges the overlay's text over site.yaml's `value`; syntax errors point into the overlay.
pub(super) fn layer(value: &mut Y, o: yaml::Layer) -> Result<(), Vec<Diagnostic>> {
    let over = yaml::parse(o.file, o.text, 0..o.text.len()).map_err(|d| vec![d])?;
    match (value, over) {
        (_, Y::Null) => {}
        (Y::Mapping(base), Y::Mapping(over)) => merge(base, &over),
        (value @ Y::Null, over @ Y::Mapping(_)) => *value = over,
        (_, other) => {
            let message = format!("{} must be a mapping of keys, not {}", o.file.display(), yaml::type_name(&other));
            let d =
                Diagnostic::error(message).in_file(o.file).with_help("write only the keys that differ from site.yaml");
            return Err(vec![d.with_code("config")]);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_merge_and_other_values_replace() {
        let mut base: Mapping = serde_yaml::from_str("a: {x: 1, y: 2}\nl: [1, 2]\nt: s").unwrap();
        let over: Mapping = serde_yaml::from_str("a: {y: 3, z: 4}\nl: [9]\nn: 5").unwrap();
        merge(&mut base, &over);
        let want: Mapping = serde_yaml::from_str("a: {x: 1, y: 3, z: 4}\nl: [9]\nt: s\nn: 5").unwrap();
        assert_eq!(base, want);
    }
}
