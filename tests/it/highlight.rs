//! Syntax highlighting of fenced code (issue 13, point 1): `markdown: { highlight: true }` turns
//! code into Zola's classed HTML (`z-` classes), with line numbers, marked and hidden lines;
//! `syntax.css` (light, and dark in a media query) is written when a template mentions
//! `syntax_css`; an unknown language is plain code and a `check` warning.

use ltc_hub::BuildOptions;
use ltc_hub::incremental::Session;

use crate::util::*;

const ON: &str = "markdown:\n  highlight: true\n";

/// The minimal site with `yaml` appended to its site.yaml and a page holding `body`.
fn site_with(yaml: &str, body: &str) -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", yaml);
    site.write("content/blog/code.md", &format!("---\ntitle: \"Code\"\ndate: 2024-02-01\n---\n\n{body}"));
    site
}

const RUST: &str = "fn main() {\n    let x = 1;\n    let y = 2;\n}\n";

#[test]
fn fenced_code_gets_zola_markup_and_scope_classes() {
    let site = site_with(ON, &format!("```rust\n{RUST}```\n"));
    let page = read(&site.build_ok(&[]).join("blog/code/index.html"));
    assert!(
        page.contains(
            "<pre data-lang=\"rust\" class=\"language-rust z-code\"><code class=\"language-rust\" data-lang=\"rust\"><span class=\"z-source z-rust\">"
        ),
        "{page}"
    );
    assert!(page.contains("<span class=\"z-storage z-type z-function z-rust\">fn</span>"), "{page}");
    assert!(page.contains("</code></pre>"));
    assert_eq!(count(&page, "<span"), count(&page, "</span>"), "every span is closed: {page}");
}

#[test]
fn linenos_hl_lines_and_hide_lines() {
    let site = site_with(
        ON,
        &format!("```rust,linenos,hl_lines=2-3\n{RUST}```\n\n```rust,linenos,hide_lines=1 4\n{RUST}```\n"),
    );
    let page = read(&site.build_ok(&[]).join("blog/code/index.html"));
    assert!(page.contains("<pre data-linenos data-lang=\"rust\" class=\"language-rust z-code\">"), "{page}");
    let first = &page[..pos(&page, "</table>")];
    assert!(first.contains("<table><tbody><tr><td>1</td><td><span class=\"z-source z-rust\">"), "{first}");
    assert!(first.contains("<tr><td><mark>2</mark></td><td><mark><span"), "{first}");
    assert!(first.contains("<tr><td><mark>3</mark></td>"), "{first}");
    assert!(first.contains("<tr><td>4</td>"), "{first}");
    assert_eq!(count(first, "<mark>"), 4, "lines 2 and 3, number and code: {first}");
    // Hidden lines keep the numbering of the others.
    let second = &page[pos(&page, "</table>") + 1..];
    assert!(!second.contains("<td>1</td>") && !second.contains("<td>4</td>"), "{second}");
    assert!(second.contains("<tr><td>2</td>") && second.contains("<tr><td>3</td>"), "{second}");
    assert!(!second.contains("fn</span>"), "line 1 is hidden: {second}");
}

#[test]
fn syntax_css_is_written_when_a_template_mentions_it() {
    let site = site_with(ON, &format!("```rust\n{RUST}```\n"));
    let out = site.build_ok(&[]);
    assert!(!out.join("syntax.css").exists(), "no template mentions syntax_css");

    let page = read(&site.root.join("templates/page.html"));
    let page = page.replace("</head>", "<link rel=\"stylesheet\" href=\"{{ site.syntax_css }}\"></head>");
    site.write("templates/page.html", &page);
    let out = site.build_ok(&["--base-url", "https://example.org/ltc/"]);
    let css = read(&out.join("syntax.css"));
    assert!(css.contains(".z-code {"), "{css}");
    let dark = pos(&css, "@media (prefers-color-scheme: dark) {");
    assert!(css[..dark].contains("background-color: #ffffff"), "light theme first: {css}");
    assert!(css[dark..].contains(".z-code {") && css[dark..].contains("background-color: #2b303b"), "{css}");
    let html = read(&out.join("blog/code/index.html"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/ltc/syntax.css\">"), "{html}");

    site.append("site.yaml", "  highlight_theme: \"Solarized (light)\"\n  highlight_theme_dark: none\n");
    let css = read(&site.build_ok(&[]).join("syntax.css"));
    assert!(css.contains("background-color: #fdf6e3") && !css.contains("@media"), "{css}");
}

#[test]
fn highlight_off_leaves_plain_code_and_no_stylesheet() {
    let site = site_with("", &format!("```rust\n{RUST}```\n\n```rust,linenos\nlet a = 1 < 2;\n```\n"));
    let page = read(&site.root.join("templates/page.html"));
    site.write(
        "templates/page.html",
        &page.replace("</head>", "{% if site.syntax_css %}<link href=\"{{ site.syntax_css }}\">{% endif %}</head>"),
    );
    let out = site.build_ok(&[]);
    let html = read(&out.join("blog/code/index.html"));
    assert!(html.contains("<pre><code class=\"language-rust\">fn main() {\n"), "{html}");
    assert!(!html.contains("z-") && !html.contains("<link href"), "{html}");
    assert!(html.contains("<pre data-linenos data-lang=\"rust\" class=\"language-rust\">"), "{html}");
    assert!(html.contains("<td>1</td><td>let a = 1 &lt; 2;\n</td>"), "{html}");
    assert!(!out.join("syntax.css").exists());
}

#[test]
fn unknown_language_is_plain_code_and_a_check_warning() {
    let site = site_with(ON, "Intro.\n\n```rsut\nlet a = 1 < 2;\n```\n\n```text\nplain\n```\n");
    let html = read(&site.build_ok(&[]).join("blog/code/index.html"));
    assert!(
        html.contains("<pre data-lang=\"rsut\" class=\"language-rsut z-code\"><code class=\"language-rsut\" data-lang=\"rsut\">let a = 1 &lt; 2;\n</code></pre>"),
        "{html}"
    );
    assert!(html.contains("<code class=\"language-text\" data-lang=\"text\">plain\n</code>"), "{html}");
    site.check(&[]).assert_success().assert_stderr_has(&[
        "content/blog/code.md:8:4",
        "there is no highlighting for the language `rsut`, so this code is shown plain",
        "did you mean `rust`?",
        "Checked: 0 errors, 1 warning.",
    ]);
    let json = site.check(&["--format", "json"]);
    let line: serde_json::Value = serde_json::from_str(json.stdout.trim()).expect("one JSON finding");
    assert_eq!(line["rule"], "unknown-language");
    // Without highlighting the language does not matter: no warning.
    let site = site_with("", "```rsut\nx\n```\n");
    site.check(&[]).assert_success().assert_stderr_has(&["Checked: 0 errors, 0 warnings."]);
}

#[test]
fn a_misspelt_theme_is_an_error_with_did_you_mean() {
    let site = site_with("markdown:\n  highlight: true\n  highlight_theme: InspiredGithub\n", "x\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "site.yaml:7:20",
        "`markdown.highlight_theme` is `InspiredGithub`, which is not a highlighting theme",
        "did you mean `InspiredGitHub`?",
    ]);
}

#[test]
fn turning_highlighting_on_in_a_session_renders_pages_again() {
    let site = site_with("", &format!("```rust\n{RUST}```\n"));
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = Session::new(opts);
    session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(!read(&out.join("blog/code/index.html")).contains("z-code"));
    site.append("site.yaml", ON);
    session
        .rebuild_changed(&[site.root.join("site.yaml")], &mut |_| {})
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(read(&out.join("blog/code/index.html")).contains("z-code"), "the Markdown cache key has the setting");
}
