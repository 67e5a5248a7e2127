//! What `serve` adds to the pages it serves: the live-reload script, the error overlay, and the
//! error page shown when there is no good site yet. Pure functions from state to text; the
//! server decides when to use them.
//!
//! The script listens on `BASE__ltc-hub/events` (server-sent events). Each message is the
//! [`Status`] as JSON: when `generation` moved past the page's own, the page reloads, or only
//! swaps its stylesheets when every build since was stylesheet-only; `overlay` (HTML or null)
//! replaces the overlay, so a broken edit shows at once and the next good save clears it.

use std::path::Path;

use pulldown_cmark_escape::{FmtWriter, escape_html};
use serde::Serialize;

use crate::diagnostics::{self, Diagnostic, Style};

/// The path under the base path where serve's own endpoints live.
pub(crate) const PREFIX: &str = "__ltc-hub/";

/// What open pages need to know after each build.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Status {
    /// Counts successful builds; 0 until the first one.
    pub generation: u64,
    /// The generation of the last successful build that changed more than stylesheets.
    pub full_generation: u64,
    /// The errors of the last build, empty when it succeeded.
    pub errors: Vec<Problem>,
    /// The overlay for those errors, or `None` when the last build succeeded.
    pub overlay: Option<String>,
}

/// One error as the browser shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Problem {
    /// The file relative to the root, when known.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// `file:line:col`, or as much of it as is known.
    pub location: String,
    pub message: String,
    pub help: Option<String>,
    /// The same text the terminal shows (without colours): snippet, marker and help.
    pub text: String,
    /// How many errors this one counts for (more than 1 for a file's "and N more" line).
    #[serde(skip)]
    pub count: usize,
}

impl Problem {
    /// The diagnostic as the browser shows it, with the machine's folders taken out of every
    /// text by `folders`.
    pub(crate) fn from_diagnostic(d: &Diagnostic, folders: &Folders) -> Problem {
        let (line, column) = d.line_col().map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Problem {
            file: d.file.as_ref().map(|f| folders.relative(&f.to_string_lossy()).replace('\\', "/")),
            line,
            column,
            location: folders.relative(&d.location()),
            message: folders.relative(&d.message),
            help: d.help.as_deref().map(|h| folders.relative(h)),
            text: folders.relative(&diagnostics::render(d, Style { color: false })),
            count: d.more.max(1),
        }
    }
}

/// The absolute folders of the machine that texts for the browser must not show: paths under
/// the site root become relative to it, serve's private output folder and the home folder
/// are named instead of spelled out.
pub(crate) struct Folders {
    /// (absolute folder, what replaces `FOLDER/`, what replaces `FOLDER` alone), longest first.
    replace: Vec<(String, &'static str, &'static str)>,
}

impl Folders {
    pub(crate) fn new(root: &Path, private: &Path, home: Option<&Path>) -> Folders {
        let mut replace = vec![(root, "", "."), (private, "(serve's private folder)/", "(serve's private folder)")];
        replace.extend(home.map(|h| (h, "~/", "~")));
        let mut replace: Vec<(String, &'static str, &'static str)> = replace
            .into_iter()
            .map(|(p, under, alone)| (p.to_string_lossy().trim_end_matches(['/', '\\']).to_string(), under, alone))
            .filter(|(p, _, _)| p.len() > 1)
            .collect();
        replace.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
        Folders { replace }
    }

    /// `text` with every path under one of the folders written without it (`ROOT/content/a.md`
    /// becomes `content/a.md`, `ROOT` alone `.`); a longer name that only starts like a
    /// folder (`ROOT2`) is left alone.
    pub(crate) fn relative(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (folder, under, alone) in &self.replace {
            let mut done = String::with_capacity(out.len());
            let mut rest = out.as_str();
            while let Some(at) = rest.find(folder.as_str()) {
                done.push_str(&rest[..at]);
                let after = &rest[at + folder.len()..];
                match after.chars().next() {
                    Some('/' | '\\') => {
                        done.push_str(under);
                        rest = &after[1..];
                    }
                    Some(c) if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') => {
                        done.push_str(folder);
                        rest = after;
                    }
                    _ => {
                        done.push_str(alone);
                        rest = after;
                    }
                }
            }
            done.push_str(rest);
            out = done;
        }
        out
    }
}

impl Status {
    /// The state after a failed build: the last good site (if any) stays, with these errors.
    pub(crate) fn failed(&self, problems: Vec<Problem>) -> Status {
        let overlay = Some(overlay(&problems));
        Status { errors: problems, overlay, ..self.clone() }
    }

    /// The state after a successful build.
    pub(crate) fn succeeded(&self, stylesheets_only: bool) -> Status {
        let generation = self.generation + 1;
        let full_generation = if stylesheets_only && self.generation > 0 { self.full_generation } else { generation };
        Status { generation, full_generation, errors: Vec::new(), overlay: None }
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// The `<script>` put into every served HTML page, for a page built at `generation`.
pub(crate) fn script(base_path: &str, generation: u64) -> String {
    let events = serde_json::to_string(&crate::url::join(base_path, &format!("{PREFIX}events"))).unwrap_or_default();
    format!(
        "<script id=\"ltc-hub-live\">{}</script>",
        SCRIPT.replace("EVENTS", &events).replace("GENERATION", &generation.to_string())
    )
}

const SCRIPT: &str = r#"(()=>{let seen=GENERATION;const oid="ltc-hub-overlay";
const show=(html)=>{const old=document.getElementById(oid);if(old)old.remove();if(!html)return;const t=document.createElement("template");t.innerHTML=html;document.body.appendChild(t.content);};
const swapCss=()=>{for(const l of document.querySelectorAll('link[rel~="stylesheet"]')){const u=new URL(l.href);u.searchParams.set("ltc-hub",Date.now());const n=l.cloneNode();n.href=u.href;n.onload=n.onerror=()=>l.remove();l.after(n);}};
const es=new EventSource(EVENTS);
es.addEventListener("state",(e)=>{const s=JSON.parse(e.data);
if(s.generation>seen){if(s.full_generation<=seen){swapCss();seen=s.generation;}else{es.close();location.reload();return;}}
show(s.overlay);});})();"#;

/// The overlay listing `problems`, laid over the last good page.
pub(crate) fn overlay(problems: &[Problem]) -> String {
    let mut out = String::from(
        "<div id=\"ltc-hub-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         background:#18181b;color:#f4f4f5;font:16px/1.5 system-ui,sans-serif;padding:2rem;text-align:left\">\
         <div style=\"max-width:62rem;margin:0 auto\">",
    );
    out.push_str(&format!(
        "<p style=\"font-size:1.4rem;font-weight:700;color:#fca5a5;margin:0 0 .5rem\">The last change broke the site: {}</p>\
         <p style=\"margin:0 0 1rem\">This page is the last good version. Fix the file and save: this message goes away by itself.\
         <button type=\"button\" onclick=\"this.closest('#ltc-hub-overlay').remove()\" style=\"margin-left:1rem\">Hide</button></p>",
        count(problems.iter().map(|p| p.count).sum())
    ));
    out.push_str(&problem_list(problems));
    out.push_str("</div></div>");
    out
}

/// A whole page listing `problems`, served for every URL while there is no good site yet.
pub(crate) fn error_page(problems: &[Problem], base_path: &str, generation: u64) -> String {
    let list = if problems.is_empty() {
        "<p>The site is being built; this page reloads when it is ready.</p>".to_string()
    } else {
        problem_list(problems)
    };
    let headline = if problems.is_empty() {
        "Building the site…".to_string()
    } else {
        format!("The site cannot be built yet: {}", count(problems.iter().map(|p| p.count).sum()))
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}</title></head>\n<body style=\"background:#18181b;color:#f4f4f5;font:16px/1.5 system-ui,sans-serif;padding:2rem\">\
         <main style=\"max-width:62rem;margin:0 auto\"><h1 style=\"color:#fca5a5;font-size:1.5rem\">{}</h1>\
         <p>Fix the file and save: this page reloads by itself.</p>{list}</main>\n{}\n</body></html>\n",
        escape(&headline),
        escape(&headline),
        script(base_path, generation)
    )
}

fn problem_list(problems: &[Problem]) -> String {
    let mut out = String::from("<ol style=\"list-style:none;padding:0;margin:0\">");
    for p in problems {
        out.push_str("<li class=\"ltc-hub-problem\" style=\"margin:0 0 1.5rem;padding:1rem;background:#27272a;border-left:4px solid #f87171\">");
        if !p.location.is_empty() {
            out.push_str(&format!(
                "<p style=\"margin:0;font-family:ui-monospace,monospace;color:#fde68a\">{}</p>",
                escape(&p.location)
            ));
        }
        out.push_str(&format!("<p style=\"margin:.25rem 0;font-weight:600\">{}</p>", escape(&p.message)));
        if let Some(help) = &p.help {
            out.push_str(&format!("<p style=\"margin:.25rem 0;color:#a7f3d0\">How to fix it: {}</p>", escape(help)));
        }
        out.push_str(&format!(
            "<pre style=\"margin:.5rem 0 0;overflow:auto;font:13px/1.4 ui-monospace,monospace;white-space:pre\">{}</pre></li>",
            escape(&p.text)
        ));
    }
    out.push_str("</ol>");
    out
}

/// Puts `snippet` before the page's last `</body>`, or at the end when it has none.
pub(crate) fn inject(html: &str, snippet: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let at = lower.rfind("</body").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + snippet.len());
    out.push_str(&html[..at]);
    out.push_str(snippet);
    out.push_str(&html[at..]);
    out
}

fn count(n: usize) -> String {
    if n == 1 { "1 error".to_string() } else { format!("{n} errors") }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(FmtWriter(&mut out), text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(message: &str) -> Problem {
        Problem {
            file: Some("content/a.md".into()),
            line: Some(3),
            column: Some(7),
            location: "content/a.md:3:7".into(),
            message: message.into(),
            help: Some("write a date".into()),
            text: "  × bad <date>".into(),
            count: 1,
        }
    }

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        assert_eq!(inject("<html><body><p>x</p></BODY></html>", "<s>"), "<html><body><p>x</p><s></BODY></html>");
        assert_eq!(inject("<p>fragment</p>", "<s>"), "<p>fragment</p><s>");
    }

    #[test]
    fn overlay_names_file_line_and_message_escaped() {
        let html = overlay(&[problem("`date` is <not> a date")]);
        assert!(html.contains("content/a.md:3:7"));
        assert!(html.contains("`date` is &lt;not&gt; a date"));
        assert!(html.contains("How to fix it: write a date"));
        assert!(html.contains("bad &lt;date&gt;"));
        assert!(html.contains("1 error"));
    }

    #[test]
    fn stylesheet_only_builds_keep_the_full_generation() {
        let s = Status::default().succeeded(false);
        assert_eq!((s.generation, s.full_generation), (1, 1));
        let s = s.succeeded(true);
        assert_eq!((s.generation, s.full_generation), (2, 1));
        let s = s.failed(vec![problem("x")]);
        assert_eq!((s.generation, s.full_generation, s.errors.len()), (2, 1, 1));
        assert!(s.overlay.is_some());
        let s = s.succeeded(false);
        assert_eq!((s.generation, s.full_generation, s.errors.len()), (3, 3, 0));
        assert!(s.overlay.is_none());
    }

    #[test]
    fn the_first_good_build_is_always_a_full_reload() {
        let s = Status::default().failed(vec![problem("x")]).succeeded(true);
        assert_eq!((s.generation, s.full_generation), (1, 1));
    }

    #[test]
    fn machine_folders_are_taken_out_of_what_the_browser_sees() {
        let folders = Folders::new(Path::new("/home/u/site"), Path::new("/dev/shm/ltc-1/"), Some(Path::new("/home/u")));
        assert_eq!(folders.relative("cannot read /home/u/site/site.yaml: gone"), "cannot read site.yaml: gone");
        assert_eq!(folders.relative("create /home/u/site/content with"), "create content with");
        assert_eq!(folders.relative("in /home/u/site, here"), "in ., here");
        assert_eq!(folders.relative("/home/u/site2/x and /home/u/t.md"), "~/site2/x and ~/t.md");
        assert_eq!(
            folders.relative("cannot write /dev/shm/ltc-1/site/a"),
            "cannot write (serve's private folder)/site/a"
        );
        assert_eq!(folders.relative("  × bad\n   ╭─[content/a.md:1:1]"), "  × bad\n   ╭─[content/a.md:1:1]");
        let d = Diagnostic::error("cannot read /home/u/site/site.yaml").with_help("see /home/u/site");
        let p = Problem::from_diagnostic(&d, &folders);
        assert_eq!((p.message.as_str(), p.help.as_deref()), ("cannot read site.yaml", Some("see .")));
        assert!(!p.text.contains("/home/u"), "{}", p.text);
    }

    #[test]
    fn script_listens_under_the_base_path() {
        let s = script("/ltc/", 4);
        assert!(s.contains("new EventSource(\"/ltc/__ltc-hub/events\")"));
        assert!(s.contains("let seen=4;"));
    }
}
