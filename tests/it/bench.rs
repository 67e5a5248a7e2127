//! The benchmark corpus (`../shared/bench/gen_corpus.py --flavor ltc`) built with the
//! repository's `themes/bench`: the files and HTML shape that `../shared/bench/THEME.md` asks
//! for, so that the benchmark compares like with like.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{REPO, copy_dir, html_files, internal_target, links, path_str, read, served_file};

const GENERATOR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/gen_corpus.py");
const PAGES: usize = 1000;
const SITE_TITLE: &str = "LTC Resource Hub (benchmark)";

/// Generates the corpus with the repository's bench theme; `None` (with a note) when the
/// generator is not there.
fn corpus(tmp: &Path, links: &str) -> Option<PathBuf> {
    if !Path::new(GENERATOR).is_file() {
        println!("note: {GENERATOR} does not exist; skipping the benchmark corpus test");
        return None;
    }
    let root = tmp.join("corpus");
    let status = Command::new("python3")
        .arg(GENERATOR)
        .args(["--flavor", "ltc", "--pages", &PAGES.to_string(), "--links", links, "--out", path_str(&root)])
        .status()
        .expect("run python3 gen_corpus.py");
    assert!(status.success(), "gen_corpus.py failed: {status}");
    copy_dir(&Path::new(REPO).join("themes/bench"), &root.join("themes/bench"));
    Some(root)
}

/// Builds the corpus into `TMP/out` and checks what every corpus build must give.
fn build_and_check_files(tmp: &Path, root: &Path) -> PathBuf {
    let out = tmp.join("out");
    let result = crate::util::run(&["build", "--root", path_str(root), "--output", path_str(&out)], tmp);
    result.assert_success();
    let html = html_files(&out);
    assert_eq!(html.len(), PAGES + 62, "THEME.md: N pages + 62 HTML files");
    let all = crate::util::tree_names(&out);
    let other: Vec<&String> = all.iter().filter(|n| !n.ends_with(".html")).collect();
    assert!(other.is_empty(), "HTML only: no feeds, sitemap, robots.txt or other files, but found {other:?}");
    assert!(!out.join("case-studies/page").exists(), "no pagination");
    out
}

/// The front matter of a corpus page: (title, date, tags, library types).
fn front_matter(path: &Path) -> (String, String, Vec<String>, Vec<String>) {
    let text = read(path);
    let yaml = text.split("---\n").nth(1).expect("front matter");
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).expect("the corpus's YAML parses");
    let text_of = |k: &str| match &value[k] {
        serde_yaml::Value::String(s) => s.clone(),
        other => panic!("{k} is {other:?}"),
    };
    let list = |k: &str| -> Vec<String> {
        value[k]
            .as_sequence()
            .map_or_else(Vec::new, |s| s.iter().filter_map(|v| v.as_str().map(String::from)).collect())
    };
    (text_of("title"), text_of("date"), list("tags"), list("library_types"))
}

/// HTML text escaping as THEME.md asks for it (`&amp;` at least).
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Checks one page's HTML against THEME.md's "Page" shape.
fn check_page_shape(root: &Path, out: &Path) {
    let dir = root.join("content/case-studies");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    pages.sort();
    // Prefer a title with `&`, to see that it is escaped.
    let source = pages
        .iter()
        .find(|p| front_matter(p).0.contains('&'))
        .or(pages.first())
        .expect("the corpus has case studies")
        .clone();
    let stem = source.file_stem().expect("a file name").to_string_lossy().into_owned();
    let (title, date, tags, library_types) = front_matter(&source);
    let html = read(&out.join("case-studies").join(&stem).join("index.html"));

    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"), "{html}");
    let title_tag = html.split("<title>").nth(1).and_then(|s| s.split("</title>").next()).expect("a <title>");
    assert_eq!(
        crate::util::decode_entities(title_tag),
        format!("{title} | {SITE_TITLE}"),
        "THEME.md: <title>{{PAGE TITLE}} | {{site.title}}</title>"
    );
    assert!(!title_tag.contains(" & "), "a bare & in the title must be escaped: {title_tag}");
    let nav = "<nav><a href=\"/\">LTC Resource Hub (benchmark)</a> <a href=\"/case-studies/\">Case Studies</a> \
               <a href=\"/resources/\">Dialogue &amp; Deliberation Resources</a> <a href=\"/trainings/\">Trainings \
               and Webinars</a> <a href=\"/turning-outward/\">Turning Outward</a></nav>";
    assert!(html.contains(nav), "THEME.md nav, one link per extra.nav item:\n{html}");
    assert!(html.contains(&format!("<article>\n<h1>{}</h1>", escaped(&title))), "{html}");
    assert!(html.contains(&format!("<p><time datetime=\"{date}\">{date}</time></p>")), "{html}");
    let tag_links: String = tags.iter().map(|t| format!(" <a href=\"/tags/{t}/\">{t}</a>")).collect();
    assert!(html.contains(&format!("<p>Tags:{tag_links}</p>")), "Tags: links in front matter order:\n{html}");
    let lt_links: String = library_types.iter().map(|t| format!(" <a href=\"/library_types/{t}/\">{t}</a>")).collect();
    assert!(html.contains(&format!("<p>Library types:{lt_links}</p>")), "{html}");
    assert!(html.trim_end().ends_with("</article>\n</main>\n</body>\n</html>"), "{html}");
}

/// Checks the section listing, the home, a term page and the 404 page.
fn check_listings(root: &Path, out: &Path) {
    let in_section = std::fs::read_dir(root.join("content/case-studies"))
        .expect("read the corpus")
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "_index.md")
        .count();
    let section = read(&out.join("case-studies/index.html"));
    assert!(section.contains("<title>Case Studies | LTC Resource Hub (benchmark)</title>"), "{section}");
    let listed = crate::util::items_between(&section, "<ul>", "</ul>");
    assert_eq!(listed.len(), in_section, "a section lists every one of its pages on one page");
    assert!(section.contains("<time datetime=\""), "{section}");

    let home = read(&out.join("index.html"));
    assert!(home.contains("<title>LTC Resource Hub (benchmark)</title>"), "home title is just the site title");
    let tags = read(&out.join("tags/index.html"));
    assert!(tags.contains("<h1>tags</h1>"), "{tags}");
    assert_eq!(tags.matches("<li><a href=\"/tags/").count(), 51, "51 tags terms");
    let not_found = read(&out.join("404.html"));
    assert!(not_found.contains("<h1>Page not found</h1>"), "{not_found}");
    assert!(not_found.contains("<title>Page not found | LTC Resource Hub (benchmark)</title>"), "{not_found}");
}

/// Every internal link in the output leads to a file (checked on a sample, for speed).
fn check_links_resolve(out: &Path) {
    let mut broken = Vec::new();
    for rel in html_files(out).iter().step_by(25) {
        let html = read(&out.join(rel));
        for url in links(&html) {
            assert!(!url.starts_with("@/"), "{rel} has an unresolved link {url}");
            let Some(target) = internal_target(&url, rel, "https://example.org/", "/") else { continue };
            if served_file(out, &target).is_none() {
                broken.push(format!("{rel}: {url}"));
            }
        }
    }
    assert!(broken.is_empty(), "links that lead nowhere:\n{}", broken.join("\n"));
}

#[test]
fn bench_corpus_builds_to_the_files_and_html_theme_md_describes() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let Some(root) = corpus(tmp.path(), "plain") else { return };
    let out = build_and_check_files(tmp.path(), &root);
    check_page_shape(&root, &out);
    check_listings(&root, &out);
    check_links_resolve(&out);
}

#[test]
fn bench_corpus_with_at_links_builds_and_resolves_them() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let Some(root) = corpus(tmp.path(), "at") else { return };
    let out = build_and_check_files(tmp.path(), &root);
    check_page_shape(&root, &out);
    for rel in html_files(&out) {
        let html = read(&out.join(&rel));
        assert!(!html.contains("href=\"@/"), "{rel} has an unresolved @/ link");
    }
    check_links_resolve(&out);
}
