//! Templates that include or extend themselves, directly or through others: Tera finds the loop
//! when the templates are loaded and names the templates; this puts the error on the
//! `{% include %}` or `{% extends %}` that closes the loop.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// The diagnostic for a circular include or extend, at its place; `None` for other errors.
pub fn cycle_error(e: &tera::Error, files: &BTreeMap<String, (PathBuf, Arc<str>)>) -> Option<Diagnostic> {
    let (verb, chain) = match e.kind() {
        tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => {
            ("extends", std::iter::once(tpl).chain(inheritance_chain).cloned().collect::<Vec<_>>())
        }
        tera::ErrorKind::CircularInclude { include_chain, .. } => ("includes", include_chain.clone()),
        _ => return None,
    };
    let [.., from, to] = chain.as_slice() else { return None };
    let (file, text) = files.get(from)?;
    let message = if chain.len() == 2 {
        format!("template error: `{from}` {verb} itself")
    } else {
        format!("template error: `{from}` {verb} `{to}`, which leads back to it: {}", chain.join(" → "))
    };
    let tag = if verb == "extends" { "extends" } else { "include" };
    let d = Diagnostic::error(message)
        .in_file(file)
        .with_help(format!(
            "a template cannot {} itself, directly or through other templates: remove this `{{% {tag} %}}` or the one that leads back here",
            verb.trim_end_matches('s')
        ))
        .with_code("template");
    Some(match quoted_name(text, to) {
        Some(at) => d.at(text, at..at + to.len() + 2).with_label("loops back"),
        None => d,
    })
}

/// Where `name` is written in quotes in `text` (the quote's offset).
pub fn quoted_name(text: &str, name: &str) -> Option<usize> {
    text.find(&format!("\"{name}\"")).or_else(|| text.find(&format!("'{name}'")))
}
