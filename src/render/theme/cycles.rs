//! Templates that include or extend themselves, directly or through others: Tera finds the loop
//! when the templates are loaded and names the templates; this puts the error on the
//! `{% include %}` or `{% extends %}` that closes the loop. And chains too long for Tera's
//! recursion: thousands of templates each including the next.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// The diagnostic for a circular include or extend, at its place; `None` for other errors.
pub(super) fn cycle_error(e: &tera::Error, files: &BTreeMap<String, (PathBuf, Arc<str>)>) -> Option<Diagnostic> {
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
pub(super) fn quoted_name(text: &str, name: &str) -> Option<usize> {
    text.find(&format!("\"{name}\"")).or_else(|| text.find(&format!("'{name}'")))
}

/// The longest chain of `include`s and `extends` a template may start. Tera follows them by
/// recursion, so a chain of thousands of templates overflowed the stack.
pub(super) const MAX_CHAIN: usize = 32;

/// An error when some template starts a chain of includes and extends longer than
/// [`MAX_CHAIN`], at the template that starts the longest one. Loops are left to Tera.
pub(super) fn too_long(files: &BTreeMap<String, (PathBuf, Arc<str>)>) -> Option<Diagnostic> {
    let edges: BTreeMap<&str, Vec<(&str, usize)>> =
        files.iter().map(|(name, (_, text))| (name.as_str(), references(text, files))).collect();
    // Post-order walk with an explicit stack: depth = 1 + the deepest template it references.
    let mut depth: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new(); // (depth, edge index)
    for &start in edges.keys() {
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        let mut open: std::collections::HashSet<&str> = std::collections::HashSet::from([start]);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if depth.contains_key(node) {
                stack.pop();
                continue;
            }
            if let Some(&(child, _)) = edges[node].get(*next) {
                *next += 1;
                if !depth.contains_key(child) && open.insert(child) {
                    stack.push((child, 0));
                }
                continue;
            }
            let deepest = edges[node]
                .iter()
                .enumerate()
                .filter_map(|(i, (child, _))| Some((depth.get(child)?.0, i)))
                .max_by_key(|&(d, i)| (d, std::cmp::Reverse(i)));
            depth.insert(node, (1 + deepest.map_or(0, |(d, _)| d), deepest.map(|(_, i)| i)));
            open.remove(node);
            stack.pop();
        }
    }
    let (&name, &(levels, edge)) = depth.iter().max_by_key(|(name, (d, _))| (*d, std::cmp::Reverse(*name)))?;
    if levels <= MAX_CHAIN {
        return None;
    }
    let (file, text) = files.get(name)?;
    let (child, at) = edges[name][edge?];
    Some(
        Diagnostic::error(format!(
            "template error: `{name}` starts a chain of includes and extends {levels} templates deep (at most {MAX_CHAIN})"
        ))
        .in_file(file)
        .at(text, at..at + child.len() + 2)
        .with_label("the chain goes on here")
        .with_help("templates are followed one inside the other; include fewer levels, e.g. put shared parts into one template")
        .with_code("template"),
    )
}

/// The templates `text` includes or extends, with the offset of each quoted name.
fn references<'a>(text: &str, files: &'a BTreeMap<String, (PathBuf, Arc<str>)>) -> Vec<(&'a str, usize)> {
    let mut out = Vec::new();
    for (tag, _) in text.match_indices("{%") {
        let rest = text[tag + 2..].trim_start_matches('-').trim_start();
        let Some(rest) = rest.strip_prefix("include").or_else(|| rest.strip_prefix("extends")) else { continue };
        let quoted = rest.trim_start();
        let Some(q) = quoted.chars().next().filter(|c| matches!(c, '"' | '\'')) else { continue };
        let Some(len) = quoted[1..].find(q) else { continue };
        if let Some((name, _)) = files.get_key_value(&quoted[1..1 + len]) {
            out.push((name.as_str(), text.len() - quoted.len()));
        }
    }
    out
}

/// For each template, every template rendering it reads: itself, what it extends or includes,
/// transitively (Tera takes only literal names there), and every template that defines a
/// component (components are shared by all templates).
pub(super) fn closures(files: &BTreeMap<String, (PathBuf, Arc<str>)>) -> BTreeMap<String, Vec<Arc<str>>> {
    let defines_component = |t: &str| {
        t.match_indices("{%").any(|(i, _)| t[i + 2..].trim_start_matches('-').trim_start().starts_with("component "))
    };
    let shared: Vec<&str> = files.iter().filter(|(_, (_, t))| defines_component(t)).map(|(n, _)| n.as_str()).collect();
    let edges: BTreeMap<&str, Vec<&str>> = files
        .iter()
        .map(|(name, (_, text))| (name.as_str(), references(text, files).into_iter().map(|(n, _)| n).collect()))
        .collect();
    let mut out: BTreeMap<String, Vec<Arc<str>>> = BTreeMap::new();
    for name in edges.keys() {
        let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        let mut todo: Vec<&str> = std::iter::once(*name).chain(shared.iter().copied()).collect();
        while let Some(n) = todo.pop() {
            if seen.insert(n) {
                todo.extend(edges.get(n).into_iter().flatten().copied());
            }
        }
        out.insert(name.to_string(), seen.into_iter().map(Arc::from).collect());
    }
    out
}
