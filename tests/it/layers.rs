//! The shape of the code, checked from its text: the module layering that ARCHITECTURE.md's
//! "Layers" table states (the document is the source of truth: this test parses it), and the
//! size limits (files under 500 lines, functions under 100). No build of the site is run.
//!
//! A module may use (`crate::NAME`, in `use` lines or inline paths, comments left out) only
//! modules of its own layer or below; the crate root (`lib.rs`) and the binary's modules are
//! above everything, so no library module uses an item of the crate root; and the graph of
//! top-level modules has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Functions allowed over 100 lines, as `file::name`.
const LONG_FUNCTIONS: &[&str] = &[
    // The Markdown event loop: one match over pulldown-cmark's events, whose arms share the
    // loop's state (heading text, toc, summary, code blocks); split, it would pass that state
    // around as a dozen `&mut` arguments.
    "src/markdown/render.rs::render",
];

const MAX_FILE_LINES: usize = 500;
const MAX_FN_LINES: usize = 100;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `src/`, sorted, as paths relative to the crate root.
fn sources() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("src/ is readable").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    let mut names: Vec<String> =
        files.iter().map(|p| p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/")).collect();
    names.sort();
    names
}

/// The "Layers" table of ARCHITECTURE.md: module name -> layer number (1 is the bottom).
fn layers_from_architecture() -> BTreeMap<String, usize> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md is readable");
    let section = doc.split("\n## Layers").nth(1).expect("ARCHITECTURE.md has a `## Layers` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut layers = BTreeMap::new();
    for line in section.lines().filter(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let Some(Ok(layer)) = cells.first().map(|c| c.parse::<usize>()) else { continue };
        let modules = cells.get(1).copied().unwrap_or("");
        for name in modules.split('`').skip(1).step_by(2) {
            assert!(layers.insert(name.to_string(), layer).is_none(), "ARCHITECTURE.md lists `{name}` twice");
        }
    }
    assert!(layers.len() > 5, "ARCHITECTURE.md's Layers table lists too few modules: {layers:?}");
    layers
}

/// `mod NAME;` declarations of a crate root file (`lib.rs`, `main.rs`).
fn declared_modules(file: &str) -> Vec<String> {
    let text = code_only(&std::fs::read_to_string(root().join(file)).expect("crate root is readable"));
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").or_else(|| l.strip_prefix("pub(crate) ")).unwrap_or(l);
            l.strip_prefix("mod ")?.strip_suffix(';').map(|n| n.trim().to_string())
        })
        .collect()
}

/// The top-level module a source file belongs to (`src/render/jobs.rs` -> `render`), or `None`
/// for the crate roots.
fn top_module(file: &str) -> Option<String> {
    let rest = file.strip_prefix("src/")?;
    let first = rest.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// Rust text with comments, string literals and character literals blanked out (same length,
/// newlines kept), so what is left is code and line numbers still match.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if !ident_before && (c == 'r' || (c == 'b' && next == Some('r'))) && raw_string_at(&chars, i).is_some() {
            let end = raw_string_at(&chars, i).unwrap();
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                for k in 0..step {
                    out.push(blank(chars.get(i + k).copied().unwrap_or(' ')));
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{..}'.
            let close = (i + 3..chars.len()).find(|&k| chars[k] == '\'').unwrap_or(chars.len() - 1);
            out.extend(chars[i..=close].iter().map(|&c| blank(c)));
            i = close + 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Where the raw string literal starting at `i` (`r"…"`, `r#"…"#`, `br#"…"#`) ends, if one does.
fn raw_string_at(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + if chars[i] == 'b' { 2 } else { 1 };
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// Every `crate::NAME` the code uses, with its 1-based line: inline paths and `use` lines,
/// including groups (`use crate::{a, b::c}` gives `a` and `b`).
fn crate_references(code: &str) -> Vec<(usize, String)> {
    let mut refs = Vec::new();
    let bytes = code.as_bytes();
    let line_at = |pos: usize| code[..pos].matches('\n').count() + 1;
    let ident =
        |from: usize| -> String { code[from..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    for (pos, _) in code.match_indices("crate::") {
        if pos > 0 && (bytes[pos - 1].is_ascii_alphanumeric() || bytes[pos - 1] == b'_' || bytes[pos - 1] == b'$') {
            continue;
        }
        let after = pos + "crate::".len();
        if code[after..].starts_with('{') {
            let mut depth = 0usize;
            let mut item_start = true;
            for (k, ch) in code[after..].char_indices() {
                match ch {
                    '{' => {
                        depth += 1;
                        item_start = depth == 1;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        refs.push((line_at(after + k), ident(after + k)));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                refs.push((line_at(pos), name));
            }
        }
    }
    refs
}

struct Graph {
    /// (from module, to module) -> the first place it is used, as `file:line`.
    edges: BTreeMap<(String, String), String>,
}

/// Layer violations, grouped by file.
fn layer_problems(
    layers: &BTreeMap<String, usize>,
    library: &BTreeSet<String>,
    binary: &BTreeSet<String>,
) -> (BTreeMap<String, Vec<String>>, Graph) {
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut graph = Graph { edges: BTreeMap::new() };
    for file in sources() {
        let Some(from) = top_module(&file) else { continue };
        if binary.contains(&from) {
            continue;
        }
        let Some(&from_layer) = layers.get(&from) else { continue };
        let code = code_only(&std::fs::read_to_string(root().join(&file)).unwrap());
        for (line, name) in crate_references(&code) {
            let place = format!("{file}:{line}");
            if !library.contains(&name) {
                let what = format!(
                    "{place}: `{from}` uses `crate::{name}`, an item of the crate root (lib.rs is above every module; move the item into a module of a layer at or below {from_layer})"
                );
                problems.entry(file.clone()).or_default().push(what);
                continue;
            }
            let Some(&to_layer) = layers.get(&name) else { continue };
            if to_layer > from_layer {
                let what =
                    format!("{place}: `{from}` (layer {from_layer}) uses `crate::{name}` (layer {to_layer}, above it)");
                problems.entry(file.clone()).or_default().push(what);
            }
            if name != from {
                graph.edges.entry((from.clone(), name)).or_insert(place);
            }
        }
    }
    (problems, graph)
}

/// A cycle in the module graph, as its edges with the place of each, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in graph.edges.keys() {
        next.entry(from).or_default().push(to);
    }
    // Depth-first search with colours: 1 = on the current path, 2 = done.
    fn visit<'a>(
        node: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        colour: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        colour.insert(node, 1);
        path.push(node);
        for &to in next.get(node).map(Vec::as_slice).unwrap_or(&[]) {
            match colour.get(to) {
                Some(1) => {
                    let start = path.iter().position(|&n| n == to).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(to);
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(to, next, colour, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        colour.insert(node, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for &node in next.keys() {
        if colour.contains_key(node) {
            continue;
        }
        if let Some(cycle) = visit(node, &next, &mut colour, &mut Vec::new()) {
            return Some(
                cycle
                    .windows(2)
                    .map(|w| format!("{} -> {} ({})", w[0], w[1], graph.edges[&(w[0].to_string(), w[1].to_string())]))
                    .collect(),
            );
        }
    }
    None
}

#[test]
fn no_module_uses_a_module_above_it_and_there_is_no_cycle() {
    let layers = layers_from_architecture();
    let library: BTreeSet<String> = declared_modules("src/lib.rs").into_iter().collect();
    let binary: BTreeSet<String> = declared_modules("src/main.rs").into_iter().collect();
    let mut failures = Vec::new();
    for name in &library {
        if !layers.contains_key(name) {
            failures.push(format!("src/lib.rs: module `{name}` is missing from ARCHITECTURE.md's Layers table"));
        }
    }
    for file in sources() {
        if let Some(m) = top_module(&file)
            && !library.contains(&m)
            && !binary.contains(&m)
        {
            failures.push(format!("{file}: module `{m}` is declared neither in lib.rs nor in main.rs"));
        }
    }
    let (problems, graph) = layer_problems(&layers, &library, &binary);
    for list in problems.values() {
        failures.extend(list.iter().cloned());
    }
    if let Some(cycle) = find_cycle(&graph) {
        failures.push(format!("the module graph has a cycle: {}", cycle.join(", ")));
    }
    assert!(failures.is_empty(), "module layering (ARCHITECTURE.md, Layers):\n{}", failures.join("\n"));
}

/// Every function of `code` that has a body: (name, first line, last line), 1-based.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let bytes = code.as_bytes();
    let line_at = |pos: usize| code[..pos].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (pos, _) in code.match_indices("fn ") {
        if pos > 0 && (bytes[pos - 1].is_ascii_alphanumeric() || bytes[pos - 1] == b'_') {
            continue;
        }
        let name: String =
            code[pos + 3..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue; // `fn(` in a type
        }
        // The body starts at the first `{` at bracket depth 0 after the name, unless a `;` comes
        // first (a declaration without a body).
        let mut depth = 0i32;
        let mut open = None;
        for (k, ch) in code[pos..].char_indices() {
            match ch {
                '(' | '[' | '<' => depth += 1,
                ')' | ']' => depth -= 1,
                '>' if !code[..pos + k].ends_with('-') => depth -= 1,
                ';' if depth <= 0 => break,
                '{' if depth <= 0 => {
                    open = Some(pos + k);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut braces = 0usize;
        for (k, ch) in code[open..].char_indices() {
            match ch {
                '{' => braces += 1,
                '}' => {
                    braces -= 1;
                    if braces == 0 {
                        found.push((name.clone(), line_at(pos), line_at(open + k)));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

#[test]
fn no_file_over_500_lines_and_no_function_over_100() {
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in sources() {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            failures
                .entry(file.clone())
                .or_default()
                .push(format!("{file}: {lines} lines (at most {MAX_FILE_LINES}: split it into modules)"));
        }
        for (name, first, last) in functions(&code_only(&text)) {
            let length = last - first + 1;
            if length > MAX_FN_LINES && !LONG_FUNCTIONS.contains(&format!("{file}::{name}").as_str()) {
                failures
                    .entry(file.clone())
                    .or_default()
                    .push(format!("{file}:{first}: fn `{name}` is {length} lines (at most {MAX_FN_LINES}: split it)"));
            }
        }
    }
    let shown: Vec<String> = failures.into_values().flatten().collect();
    assert!(shown.is_empty(), "size limits:\n{}", shown.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    // Comments and strings are not code.
    let code = code_only("let a = \"crate::x { }\"; // crate::y\n/* crate::z */ let c = '{'; r#\"}\"#");
    assert!(!code.contains("crate::") && !code.contains('{') && !code.contains('}'), "{code:?}");
    assert_eq!(code.lines().count(), 2);
    // Lifetimes are not character literals.
    assert!(code_only("fn f<'a>(x: &'a str) {}").contains("{}"));
    // Inline paths and use groups, with their lines.
    let refs = crate_references("use crate::{a, b::{c, d}, e as f};\nfn g() { crate::h::i(); }");
    let names: Vec<(usize, &str)> = refs.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(names, vec![(1, "a"), (1, "b"), (1, "e"), (2, "h")]);
    // Function spans, from the `fn` line to the closing brace, skipping `fn(` types and bodiless
    // declarations.
    let f =
        functions("fn a(x: fn(u8) -> u8) -> Vec<u8>\nwhere u8: Copy\n{\n  if true { }\n}\ntrait T { fn b(&self); }");
    assert_eq!(f, vec![("a".to_string(), 1, 5)]);
}
