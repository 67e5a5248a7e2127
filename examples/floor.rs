//! The floor of SPEC §9: the least a static site generator can do with a Markdown corpus. It walks
//! `ROOT/content/` for `.md` files, and for each one, in parallel on rayon: reads it, drops the
//! front matter (the text between the leading `---` lines, not parsed), renders the body with
//! pulldown-cmark with ltc-hub's own Markdown options (`ltc_hub::markdown::options`), and writes the HTML to
//! `OUT/SECTION/STEM/index.html` (`OUT/SECTION/index.html` for an `_index.md`). No templates,
//! listings, taxonomies, feeds or staging folder: `bench/run.sh` times ltc-hub against it.
//!
//! `cargo run --release --example floor -- ROOT OUT`
use std::path::{Path, PathBuf};
use std::time::Instant;

use pulldown_cmark::{Parser, html};
use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: floor ROOT OUT   (ROOT holds content/; OUT is created)");
        std::process::exit(2);
    };
    let started = Instant::now();
    let content = Path::new(root).join("content");
    let files: Vec<PathBuf> = WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let failures: Vec<String> = files
        .par_iter()
        .filter_map(|file| page(&content, file, Path::new(out)).err().map(|e| format!("{}: {e}", file.display())))
        .collect();
    for f in &failures {
        eprintln!("floor: {f}");
    }
    println!("{} pages in {:.2} s", files.len() - failures.len(), started.elapsed().as_secs_f64());
    if !failures.is_empty() {
        std::process::exit(1);
    }
}

/// Reads, renders and writes one page.
fn page(content: &Path, file: &Path, out: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(file)?;
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(body(&text), ltc_hub::markdown::options()));
    let rel = file.strip_prefix(content).unwrap_or(file).with_extension("");
    let dir = match rel.file_name() {
        Some(name) if name == "_index" => out.join(rel.parent().unwrap_or(Path::new(""))),
        _ => out.join(rel),
    };
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("index.html"), html_out)
}

/// The text after the front matter: after the line `---` that closes a leading `---` line.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else { return text };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}
