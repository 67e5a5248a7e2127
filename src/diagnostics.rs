//! Errors and warnings as values. A [`Diagnostic`] names the file, the byte span in that file,
//! what is wrong and how to fix it; stages collect them and keep going so that one build
//! reports every problem it finds. Line and column are computed only when a diagnostic is
//! printed. This module is the only one that formats text for a terminal (through miette).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

/// `text` (a file name, a link's target) with its control characters written as escapes
/// (`\u{1b}`, `\n`), so that a name can neither colour the terminal nor forge a line of output.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// How serious a finding is. Errors fail the build; warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the user's site.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible (as shown to the user).
    pub file: Option<PathBuf>,
    /// The whole text of `file`, when the span points into it.
    pub source: Option<Arc<str>>,
    /// Byte range in `source` of the offending text.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// A short label printed under the span.
    pub label: Option<String>,
    /// How to fix it, in plain words.
    pub help: Option<String>,
    /// A stable rule id for `check` (`link`, `image-alt`, ...), when the finding has one.
    pub code: Option<&'static str>,
    /// For the "and N more" line that ends a file's findings: the N findings it stands for
    /// (0 for every other diagnostic). See [`sort`].
    pub more: usize,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            source: None,
            span: None,
            message: message.into(),
            label: None,
            help: None,
            code: None,
            more: 0,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        let file = file.into();
        let lossy = file.to_string_lossy();
        // A name with control characters is shown escaped (it is only ever shown, never opened).
        let shown = lossy.chars().any(char::is_control).then(|| PathBuf::from(printable(&lossy)));
        self.file = Some(shown.unwrap_or(file));
        self
    }

    /// Points at `span` of `source`, the full text of the diagnostic's file.
    pub fn at(mut self, source: &Arc<str>, span: Range<usize>) -> Self {
        let len = source.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        self.source = Some(Arc::clone(source));
        self.span = Some(start..end);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the span start, when the diagnostic has one.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (source, span) = (self.source.as_ref()?, self.span.as_ref()?);
        Some(line_col(source, span.start))
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        match (&self.file, self.line_col()) {
            (Some(f), Some((l, c))) => format!("{}:{l}:{c}", f.display()),
            (Some(f), None) => f.display().to_string(),
            (None, _) => String::new(),
        }
    }

    fn sort_key(&self) -> (Option<&Path>, usize, &str) {
        (self.file.as_deref(), self.span.as_ref().map_or(0, |s| s.start), &self.message)
    }
}

/// "this file is not valid UTF-8 text", at the first invalid byte (shown as `U+FFFD`).
pub fn not_utf8(file: &Path, e: &std::string::FromUtf8Error) -> Diagnostic {
    let good = e.utf8_error().valid_up_to();
    let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
    let at = String::from_utf8_lossy(&e.as_bytes()[..good]).len();
    Diagnostic::error("this file is not valid UTF-8 text")
        .in_file(file)
        .at(&lossy, at..at + 1)
        .with_label("invalid byte")
        .with_help("save the file with UTF-8 encoding (in most editors: File > Save with Encoding > UTF-8)")
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of the start of 1-based `line`, column `col` (1-based, in characters).
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    start + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// What miette needs: the diagnostic with its source named by the file path.
struct Report<'a> {
    diag: &'a Diagnostic,
    named: Option<NamedSource<String>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.diag.file, &self.named) {
            // Without a snippet the location (with line and column when known) goes into the headline.
            (Some(_), None) => write!(f, "{}: {}", self.diag.location(), self.diag.message),
            _ => f.write_str(&self.diag.message),
        }
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.named.as_ref().map(|n| n as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.named.as_ref()?;
        let span = self.diag.span.clone()?;
        let span = SourceSpan::new(span.start.into(), span.end - span.start);
        let label = LabeledSpan::new_primary_with_span(
            Some(self.diag.label.clone().unwrap_or_else(|| "here".to_string())),
            span,
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// How to print diagnostics for a person.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    pub fn for_stderr() -> Self {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { color: !no_color && std::io::stderr().is_terminal() }
    }
}

/// Renders one diagnostic as the human-readable block shown in the terminal.
pub fn render(diag: &Diagnostic, style: Style) -> String {
    let named = match (&diag.file, &diag.source, &diag.span) {
        // The snippet's header is our `file:line:col`: miette would count the column in bytes.
        (Some(_), Some(source), Some(span)) if !too_wide(source, span) => {
            Some(NamedSource::new(diag.location(), source.to_string()))
        }
        _ => None,
    };
    let report = Report { diag, named };
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_break_words(false)
        .with_links(false)
        .without_primary_span_start();
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}", diag.location(), diag.message);
    }
    out
}

/// Longest line shown in a snippet. miette panics when a marker lies past column 65535, and a
/// line that long is no help on a terminal: such a diagnostic is shown as `file:line:col: message`.
const MAX_SNIPPET_LINE: usize = 10_000;

fn too_wide(source: &str, span: &Range<usize>) -> bool {
    let bytes = source.as_bytes();
    [span.start, span.end].iter().any(|&at| {
        let at = at.min(bytes.len());
        let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i);
        end - start > MAX_SNIPPET_LINE
    })
}

/// One finding as a JSON object on one line (the `check --format json` shape, documented in
/// the README): severity, rule, file, line, column, end_line, end_column, message, help.
pub fn to_json(diag: &Diagnostic) -> String {
    let (line, column) = diag.line_col().map_or((None, None), |(l, c)| (Some(l), Some(c)));
    let end = match (&diag.source, &diag.span) {
        (Some(src), Some(span)) => Some(line_col(src, span.end)),
        _ => None,
    };
    let value = serde_json::json!({
        "severity": match diag.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "rule": diag.code,
        "file": diag.file.as_ref().map(|f| f.to_string_lossy().replace('\\', "/")),
        "line": line,
        "column": column,
        "end_line": end.map(|e| e.0),
        "end_column": end.map(|e| e.1),
        "message": diag.message,
        "help": diag.help,
    });
    value.to_string()
}

/// One finding as a GitHub Actions workflow command, which annotates the pull request.
pub fn to_github(diag: &Diagnostic) -> String {
    let kind = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(f) = &diag.file {
        props.push(format!("file={}", gh_escape_prop(&f.to_string_lossy().replace('\\', "/"))));
    }
    if let Some((l, c)) = diag.line_col() {
        props.push(format!("line={l}"));
        props.push(format!("col={c}"));
    }
    let mut message = diag.message.clone();
    if let Some(h) = &diag.help {
        message.push_str(" (");
        message.push_str(h);
        message.push(')');
    }
    let props = if props.is_empty() { String::new() } else { format!(" {}", props.join(",")) };
    format!("::{kind}{props}::{}", gh_escape_data(&message))
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// How many errors, and separately how many warnings, one file shows at most.
pub const MAX_PER_FILE: usize = 20;

/// Sorts diagnostics by file, then position, then message, and drops exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// For people: sorted (see [`sort`]), and each file shows its first [`MAX_PER_FILE`] errors
/// and warnings, the rest counted in one "and N more" diagnostic each, so thousands of findings
/// neither flood the terminal nor take long to print (every printed one counts its line from
/// the start of the file). Machine formats (`check --format json|github`) take [`sort`] alone.
pub fn sort_capped(diags: &mut Vec<Diagnostic>) {
    sort(diags);
    let mut kept = Vec::with_capacity(diags.len().min(1024));
    let mut group = Vec::new();
    for d in diags.drain(..) {
        if group.first().is_some_and(|g: &Diagnostic| g.file != d.file) {
            cap_file(&mut group, &mut kept);
        }
        group.push(d);
    }
    cap_file(&mut group, &mut kept);
    *diags = kept;
}

/// Moves one file's sorted findings into `kept`, at most [`MAX_PER_FILE`] of each severity.
fn cap_file(group: &mut Vec<Diagnostic>, kept: &mut Vec<Diagnostic>) {
    let Some(file) = group.first().and_then(|d| d.file.clone()) else {
        kept.append(group);
        return;
    };
    let mut shown = [0, 0];
    let mut hidden = [0, 0];
    for d in group.drain(..) {
        let i = d.severity as usize;
        if shown[i] < MAX_PER_FILE {
            shown[i] += 1;
            kept.push(d);
        } else {
            hidden[i] += d.more.max(1);
        }
    }
    for (severity, word) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        let n = hidden[severity as usize];
        if n > 0 {
            let plural = if n == 1 { "" } else { "s" };
            kept.push(Diagnostic {
                severity,
                more: n,
                ..Diagnostic::error(format!("and {n} more {word}{plural} in this file (not shown)"))
                    .in_file(&file)
                    .with_help(format!("fix the {word}s shown above and run again to see the rest"))
            });
        }
    }
}

/// How many errors and how many warnings `diags` hold, counting those an "and N more" line
/// stands for.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    diags.iter().fold((0, 0), |(e, w), d| {
        let n = d.more.max(1);
        if d.is_error() { (e + n, w) } else { (e, w + n) }
    })
}

/// The "did you mean" candidate closest to `word`, if any is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(offset_of(text, 2, 3), 5);
    }

    #[test]
    fn sort_caps_each_file_and_counts_what_it_hides() {
        let text: Arc<str> = Arc::from("x".repeat(100));
        let at = |d: Diagnostic, file: &str, i: usize| d.in_file(file).at(&text, i..i + 1);
        let mut diags: Vec<Diagnostic> =
            (0..25).rev().map(|i| at(Diagnostic::error(format!("e{i}")), "b.md", i)).collect();
        diags.extend((0..22).map(|i| at(Diagnostic::warning(format!("w{i}")), "b.md", 50 + i)));
        diags.extend((0..3).map(|i| at(Diagnostic::error("a"), "a.md", i)));
        sort_capped(&mut diags);
        assert_eq!(diags.len(), 3 + 20 + 20 + 2);
        assert_eq!(diags[3].message, "e0");
        let more: Vec<&str> = diags.iter().filter(|d| d.more > 0).map(|d| d.message.as_str()).collect();
        assert_eq!(
            more,
            ["and 5 more errors in this file (not shown)", "and 2 more warnings in this file (not shown)"]
        );
        assert_eq!(counts(&diags), (28, 22));
    }

    #[test]
    fn did_you_mean_finds_close_names() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }
}
