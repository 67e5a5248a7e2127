//! The README's table of template functions and filters cannot rot: every row's example is
//! rendered in a page template of `tests/fixtures/functions/` and must give the row's output,
//! and every function or filter that `src/` registers must have a row.

use std::path::Path;

use crate::util::*;

/// One row of the table: the name cell, the example and the output it promises (`None` for
/// rows whose output is `—`: rendered, not compared, as for outputs made of files' hashes).
struct Row {
    name: String,
    example: String,
    output: Option<String>,
}

/// The code span a table cell holds, with the table's `\|` read as `|`.
fn code_cell(cell: &str) -> Option<String> {
    let cell = cell.trim();
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    Some(inner.replace("\\|", "|"))
}

/// The rows of the table under README's "### Functions and filters".
fn table_rows() -> Vec<Row> {
    let readme = read(&Path::new(REPO).join("README.md"));
    let start = readme.find("### Functions and filters\n").expect("README has \"### Functions and filters\"");
    let section = &readme[start..];
    let end = section[4..].find("\n#").map_or(section.len(), |i| i + 4);
    let mut rows = Vec::new();
    for line in section[..end].lines().filter(|l| l.starts_with("| `")) {
        // Split on `|` that are not written `\|`.
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut chars = line.trim().trim_matches('|').chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    cell.push_str("\\|");
                    chars.next();
                }
                '|' => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
        assert_eq!(cells.len(), 4, "a row of the functions table has 4 cells: {line}");
        let name = cells[0].trim().trim_start_matches('`').split('`').next().unwrap_or_default().to_string();
        let example = code_cell(&cells[2]).unwrap_or_else(|| panic!("the example is one `code` span: {line}"));
        let output = match cells[3].trim() {
            "—" => None,
            c => Some(code_cell(c).unwrap_or_else(|| panic!("the output is one `code` span or —: {line}"))),
        };
        rows.push(Row { name, example, output });
    }
    rows
}

#[test]
fn every_example_of_the_readme_functions_table_gives_its_output() {
    let rows = table_rows();
    assert!(rows.len() >= 9, "the table has a row per function and filter");
    let site = fixture("functions");
    let mut template = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><title>x</title></head><body>\n");
    for (i, row) in rows.iter().enumerate() {
        template.push_str(&format!("<!--row {i}-->{}<!--end {i}-->\n", row.example));
    }
    template.push_str("</body></html>\n");
    site.write("templates/page.html", &template);
    let html = read(&site.build_ok(&[]).join("blog/hello/index.html"));
    for (i, row) in rows.iter().enumerate() {
        let from = pos(&html, &format!("<!--row {i}-->")) + format!("<!--row {i}-->").len();
        let got = html[from..pos(&html, &format!("<!--end {i}-->"))].trim();
        if let Some(want) = &row.output {
            assert_eq!(got, want, "README row `{}`: `{}` gives this", row.name, row.example);
        }
    }
}

/// The names `src/` registers with Tera: the first string argument of each
/// `register_function(`, `register_filter(` and `register_find(` call that names one literally.
fn registered_names() -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![Path::new(REPO).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = read(&path);
            for call in ["register_function(", "register_filter(", "register_find("] {
                for (at, _) in text.match_indices(call) {
                    let args = &text[at + call.len()..];
                    let Some(quote) = args.find('"') else { continue };
                    // Only identifiers, `&` and commas before it: `register_find(tera, &lookup, "get_page"`.
                    if !args[..quote].chars().all(|c| c.is_alphanumeric() || "_&, \n".contains(c)) {
                        continue;
                    }
                    let name = &args[quote + 1..];
                    names.push(name[..name.find('"').unwrap()].to_string());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_registered_function_and_filter_has_a_row() {
    let rows: Vec<String> = table_rows().into_iter().map(|r| r.name).collect();
    let names = registered_names();
    assert!(names.contains(&"get_page".to_string()) && names.contains(&"markdown".to_string()), "{names:?}");
    let missing: Vec<&String> = names.iter().filter(|n| !rows.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "add a row with an example to the README's \"Functions and filters\" table for: {missing:?}"
    );
}
