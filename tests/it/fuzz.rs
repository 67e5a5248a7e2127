//! Fuzzing with a seeded, deterministic generator (the same inputs on every run): arbitrary bytes
//! and YAML-ish or Markdown-ish fragments as front matter and as Markdown bodies. Nothing may
//! panic; every problem must come back as a diagnostic that names its file (and, for front
//! matter, its line), and every diagnostic must print in all three formats.
//!
//! Three layers, cheapest first: front matter through `split`, `yaml::parse` and the page
//! reader with a collection schema (thousands of cases); `markdown::render` and the lints with
//! shortcodes (thousands); and whole sites through `ltc_hub::check` and `ltc_hub::build`, in
//! process (a few hundred). `LTC_HUB_FUZZ_SCALE=10` runs ten times as many of each.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use ltc_hub::content::front_matter::{self, Reader, Schema};
use ltc_hub::diagnostics::{self, Diagnostic, Style};
use ltc_hub::markdown::{self, ArgValue, Shortcodes};

use crate::util::fixture;

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn scale() -> usize {
    std::env::var("LTC_HUB_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1)
}

/// Text and bytes that tend to break parsers: delimiters, odd whitespace, line endings, the
/// private-use characters the shortcode expander uses as placeholders, multi-byte characters.
const NASTY: &[&str] = &[
    "---",
    "...",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    ":",
    ": ",
    "#",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "-",
    "- ",
    "|",
    ">",
    "&a",
    "*a",
    "!",
    "!!str",
    "?",
    "%",
    "@",
    "`",
    "\\",
    "\u{feff}",
    "\u{e000}",
    "\u{e001}",
    "\u{0}",
    "é",
    "e\u{301}",
    "👩‍👩‍👧",
    "中文",
    "\u{202e}",
    "\u{2028}",
    "~",
    "null",
    "true",
    "1.10",
    "0x1F",
    "2017-02-30",
    "-1",
];

const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "description",
    "image",
    "draft",
    "weight",
    "slug",
    "aliases",
    "template",
    "extra",
    "format",
    "tags",
    "host",
    "abstract",
    "seats",
    "hours",
    "recorded",
    "day",
    "starts",
    "signup",
    "contact",
    "level",
    "audience",
    "sessions",
    "titel",
    "unknown",
    "\"quoted key\"",
    "1",
    "[a]",
];

const VALUES: &[&str] = &[
    "\"Hello\"",
    "Hello: world",
    "'single'",
    "\"unclosed",
    "[webinar, workshop]",
    "[webinar, workshp]",
    "[a, [b, c]]",
    "{a: 1, a: 2}",
    "{}",
    "[]",
    "|\n  two\n  lines",
    ">\n  folded",
    "&anchor 1",
    "*anchor",
    "*nope",
    "!!binary aGk=",
    "!custom x",
    "2024-01-01",
    "2017-02-30",
    "2024-03-05T14:00:00-06:00",
    "2024-03-05T14:00:00",
    "2024-13-45T99:99:99Z",
    "https://example.org/",
    "www.example.org",
    "a@b.org",
    "a@b",
    "beginner",
    "begginer",
    "40",
    "\"40\"",
    "4.5e300",
    "99999999999999999999999999",
    "-0",
    ".nan",
    "true",
    "yes",
    "~",
    "",
    "../../x",
    "/outside/../../x",
    "page.html",
    "nope.html",
    "\"\\u00e9\\x\"",
];

fn nasty_text(rng: &mut Rng, max_parts: usize) -> String {
    (0..rng.below(max_parts) + 1).map(|_| rng.pick(NASTY)).collect()
}

/// A YAML-ish front matter block body: `key: value` lines, nested lines, and noise.
fn front_matter_text(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(8) + 1 {
        match rng.below(10) {
            0 => out.push_str(&nasty_text(rng, 6)),
            1 => out.push_str(&format!("  - {}\n", rng.pick(VALUES))),
            2 => out.push_str(&format!("  {}: {}\n", rng.pick(KEYS), rng.pick(VALUES))),
            _ => out.push_str(&format!("{}: {}\n", rng.pick(KEYS), rng.pick(VALUES))),
        }
        if rng.below(6) == 0 {
            out.push_str(rng.pick(NASTY));
        }
    }
    out
}

const MARKDOWN: &[&str] = &[
    "# Title\n",
    "## Heading\n",
    "#### Deep\n",
    "## Same {#same}\n",
    "## Same {#same}\n",
    "### {#}\n",
    "Paragraph with *emphasis* and **strong**.\n\n",
    "[link](@/trainings/intro.md)",
    "[anchor](@/trainings/intro.md#what-you-learn)",
    "[bad](@/nowhere.md#x)",
    "[](@/blog/hello.md)",
    "[root](/blog/)",
    "[rel](../x)",
    "![](img.png)",
    "![alt](img.png \"t\")",
    "<!-- more -->",
    "<div>\n",
    "</div>",
    "<a href=\"#nope\">x</a>",
    "```\n{{ box() }}\n```\n",
    "`{{ box() }}`",
    "```rust\n",
    "```rust,linenos,hl_lines=1-2 x,hide_lines=9-1\n",
    "```rsut\n",
    "~~~ yaml\nkey: [\"<b>\"\n~~~\n",
    "{{ box() }}",
    "{{ box(a=1, b=\"two\", c=true, d=[1, 2.5, \"x\"]) }}",
    "{{ box(a=) }}",
    "{{ box(\"x\") }}",
    "{{ box(a=1, a=2) }}",
    "{{ fail() }}",
    "{{ nosuch() }}",
    "{{ box(",
    "{{ not a call }}",
    "{% box() %}",
    "{% box(title=\"t\") %}inside **bold** [l](@/blog/hello.md){% end %}",
    "{% end %}",
    "{% fail() %}x{% end %}",
    "{%",
    "}}",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "[^1]\n\n[^1]: note\n",
    "- [ ] task\n- [x] done\n",
    "> quote\n",
    "    indented code\n",
    "~~strike~~",
    "\"smart\" -- quotes...",
    "&amp; &#0; &#x110000; &bogus;",
    "\\",
    "\n",
    "\r\n",
    "\t",
];

fn markdown_text(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(12) + 1 {
        if rng.below(5) == 0 {
            out.push_str(&nasty_text(rng, 4));
        } else {
            out.push_str(rng.pick(MARKDOWN));
        }
    }
    out
}

fn random_bytes(rng: &mut Rng, max: usize) -> Vec<u8> {
    (0..rng.below(max)).map(|_| rng.next() as u8).collect()
}

/// Prints a diagnostic in every format; any of them may panic, which is the point.
fn print_all(d: &Diagnostic) {
    let _ = diagnostics::render(d, Style { color: false });
    let _ = diagnostics::render(d, Style { color: true });
    let json = diagnostics::to_json(d);
    serde_json::from_str::<serde_json::Value>(&json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"));
    let _ = diagnostics::to_github(d);
}

/// Runs `f` on `input`, turning a panic into a failure that shows the input.
fn no_panic<T>(what: &str, input: &[u8], f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(e) => {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            let shown: String = String::from_utf8_lossy(input).chars().take(400).collect();
            panic!("{what} panicked ({}) on input ({} bytes) {shown:?}", msg.unwrap_or_default(), input.len())
        }
    }
}

/// Reads one page's text as the loader does: split, parse, check against the schema.
fn read_page(text: &Arc<str>, config: &ltc_hub::config::Config) -> Vec<Diagnostic> {
    let file = Path::new("content/trainings/fuzz.md");
    let split = match front_matter::split(file, text) {
        Ok(s) => s,
        Err(d) => return vec![d],
    };
    assert!(split.body.end == text.len() && split.body.start <= text.len());
    let Some(range) = split.yaml else { return Vec::new() };
    let value = match ltc_hub::yaml::parse(file, text, range.clone()) {
        Ok(v) => v,
        Err(d) => return vec![d],
    };
    let mut reader = Reader::new(file, text, range);
    let schema = Schema {
        taxonomies: &config.taxonomies,
        collection: ltc_hub::content::collection_for(config, "trainings"),
        translation: false,
    };
    let _ = reader.page(&value, &schema);
    reader.into_diagnostics()
}

#[test]
fn arbitrary_front_matter_never_panics_and_every_error_has_a_line() {
    let site = fixture("typed");
    let config = ltc_hub::config::load(&site.root, None).expect("the typed fixture's site.yaml loads");
    let mut rng = Rng(0x5EED_F00D);
    let mut errors = 0;
    for case in 0..3000 * scale() {
        let yaml = match case % 4 {
            0 => String::from_utf8_lossy(&random_bytes(&mut rng, 200)).into_owned(),
            1 => nasty_text(&mut rng, 30),
            _ => front_matter_text(&mut rng),
        };
        let close = if rng.below(10) == 0 { "" } else { "---\n" };
        let text: Arc<str> = Arc::from(format!("---\n{yaml}{close}{}", markdown_text(&mut rng)));
        let diags = no_panic("reading front matter", text.as_bytes(), || read_page(&text, &config));
        for d in &diags {
            errors += 1;
            assert!(d.file.is_some(), "no file: {d:?}");
            assert!(d.line_col().is_some(), "no line for {:?} in {text:?}", d.message);
            assert!(d.help.is_some(), "no help for {:?} in {text:?}", d.message);
            no_panic("printing a diagnostic", text.as_bytes(), || print_all(d));
        }
    }
    assert!(errors > 1000, "the generator should produce plenty of errors, got {errors}");
}

/// Shortcodes for the Markdown fuzz: `box` echoes its arguments and body; `fail` always fails.
struct Fake;

impl Shortcodes for Fake {
    fn names(&self) -> Vec<String> {
        vec!["box".into(), "fail".into()]
    }
    fn has(&self, name: &str) -> bool {
        name == "box" || name == "fail"
    }
    fn render(
        &self,
        name: &str,
        args: &[(String, ArgValue)],
        body: Option<&str>,
        _: Option<&str>,
    ) -> Result<String, String> {
        match name {
            "fail" => Err("it always fails".into()),
            _ => Ok(format!("<div data-args=\"{}\">{}</div>", args.len(), body.unwrap_or(""))),
        }
    }
}

#[test]
fn arbitrary_markdown_never_panics_and_errors_point_inside_the_text() {
    let mut links = std::collections::HashMap::new();
    links.insert("trainings/intro.md".to_string(), "/trainings/intro/".to_string());
    links.insert("blog/hello.md".to_string(), "/blog/hello/".to_string());
    let headless = std::collections::HashSet::from(["blog/hidden.md".to_string()]);
    let links = markdown::Links::new(links, headless);
    let ctx = markdown::Context {
        base_path: "/",
        links: &links,
        shortcodes: Some(&Fake),
        heading_anchors: Default::default(),
        highlight: true,
        images: None,
        lang: None,
    };
    let mut rng = Rng(0xC0FF_EE00);
    for case in 0..3000 * scale() {
        let text = match case % 5 {
            // A line too long to draw a marker under (past column 65,535), with an error at its end.
            _ if case % 1000 == 999 => format!("{}{}", "word ".repeat(14_000), markdown_text(&mut rng)),
            0 => String::from_utf8_lossy(&random_bytes(&mut rng, 300)).into_owned(),
            1 => nasty_text(&mut rng, 40),
            _ => markdown_text(&mut rng),
        };
        let rendered = no_panic("markdown::render", text.as_bytes(), || markdown::render(&text, &ctx));
        let mut lints = no_panic("markdown::lint_markdown", text.as_bytes(), || markdown::lint_markdown(&text));
        lints.extend(no_panic("markdown::unknown_languages", text.as_bytes(), || markdown::unknown_languages(&text)));
        let source: Arc<str> = Arc::from(text.as_str());
        let spans = rendered
            .errors
            .iter()
            .map(|e| (&e.span, &e.message))
            .chain(lints.iter().map(|l| (&l.error.span, &l.error.message)))
            .chain(rendered.links.iter().map(|l| (&l.span, &l.target)));
        for (span, message) in spans {
            assert!(
                span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end),
                "span {span:?} of {message:?} does not fit {text:?}"
            );
            let d = Diagnostic::error(message.clone()).in_file("content/x.md").at(&source, span.clone());
            no_panic("printing a Markdown diagnostic", text.as_bytes(), || print_all(&d));
        }
        assert!(
            !rendered.html.contains('\u{e000}') || text.contains('\u{e000}'),
            "a shortcode placeholder leaked into the HTML of {text:?}"
        );
    }
}

#[test]
fn arbitrary_files_in_a_whole_site_never_panic() {
    let site = fixture("typed");
    let opts = ltc_hub::BuildOptions {
        root: site.root.clone(),
        output: Some(site.tmp().join("out")),
        jobs: 1,
        ..Default::default()
    };
    let mut rng = Rng(0xB16_B00B5);
    for case in 0..150 * scale() {
        let mut bytes = match case % 3 {
            0 => random_bytes(&mut rng, 400),
            _ => format!("---\n{}---\n{}", front_matter_text(&mut rng), markdown_text(&mut rng)).into_bytes(),
        };
        if case % 7 == 0 {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        let rel = ["content/trainings/fuzz.md", "content/blog/fuzz.md", "content/blog/_index.md"][case % 3];
        let before =
            if rel.ends_with("_index.md") { Some(std::fs::read(site.root.join(rel)).expect("read")) } else { None };
        site.write_bytes(rel, &bytes);
        let diags = no_panic("ltc_hub::check", &bytes, || ltc_hub::check(&opts));
        for d in &diags {
            assert!(d.file.is_some(), "a finding without a file for {:?}: {d:?}", String::from_utf8_lossy(&bytes));
            no_panic("printing a diagnostic", &bytes, || print_all(d));
        }
        if case % 5 == 0 {
            match no_panic("ltc_hub::build", &bytes, || ltc_hub::build(&opts)) {
                Ok(_) => {}
                Err(failure) => {
                    assert!(!failure.diagnostics.is_empty(), "a failed build says why");
                    assert!(diags.iter().any(Diagnostic::is_error), "check misses what fails the build: {failure:?}");
                    for d in &failure.diagnostics {
                        assert!(d.file.is_some(), "an error without a file: {d:?}");
                        no_panic("printing a diagnostic", &bytes, || print_all(d));
                    }
                }
            }
        }
        match before {
            Some(original) => site.write_bytes(rel, &original),
            None => site.remove(rel),
        }
    }
}
