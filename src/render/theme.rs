//! The theme: its Tera templates (the theme's `templates/`, overridden by the root's
//! `templates/`), the filters and functions templates can call, shortcode rendering for the
//! Markdown stage, and turning Tera's errors into diagnostics that name the template file,
//! its line, and what was being rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::{ArgValue, Shortcodes};

mod cycles;
mod extend;

/// Template name -> (file shown to the user, its text).
type Files = BTreeMap<String, (PathBuf, Arc<str>)>;

/// The loaded templates and where each came from. Its lookup functions are bound to nothing:
/// shortcodes render with it while Markdown is rendered, before the site exists.
pub struct Theme {
    pub tera: Tera,
    files: Arc<Files>,
    /// Template name -> every template it extends or includes, itself first, transitively.
    closures: BTreeMap<String, Vec<Arc<str>>>,
    /// The theme's name (site.yaml's `theme`), when there is one.
    theme: Option<String>,
    /// The theme's templates' second names, `THEME/NAME` (see `extend`).
    aliases: std::collections::BTreeSet<String>,
    /// Folders whose `templates/` are loaded, theme first.
    pub template_dirs: Vec<PathBuf>,
    /// Folders whose `static/` files are copied, theme first.
    pub static_dirs: Vec<PathBuf>,
    /// `sass/` folders whose Sass files are compiled, theme first.
    pub sass_dirs: Vec<PathBuf>,
    /// The theme strings of every language (`trans`, `date`).
    catalogues: Arc<super::i18n::Catalogues>,
}

/// The theme bound to one snapshot of the site: `get_page` and friends answer from `lookup`,
/// and `config`, `site` and `extra` are the snapshot's.
pub struct Renderer {
    tera: Tera,
    files: Arc<Files>,
    pub lookup: Arc<super::lookup::Lookup>,
}

impl Renderer {
    /// Renders `name`; errors name the template and `what` (e.g. the page's file).
    pub fn render(&self, name: &str, ctx: &Context, what: &Path) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| template_error(&e, &self.files, name, Some(what)))
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }
}

/// Loads the theme named in site.yaml plus the root's `templates/`.
pub(crate) fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut dirs = Vec::new();
    let mut static_dirs = Vec::new();
    let mut sass_dirs = Vec::new();
    let scope = crate::fs_guard::Scope::new(root, &config.allow_links_to);
    if let Some(name) = &config.theme {
        let theme_dir = root.join("themes").join(name);
        if !theme_dir.is_dir() || name.contains(['/', '\\']) || name == ".." {
            return Err(vec![missing_theme(root, name)]);
        }
        scope.check_path(&theme_dir).map_err(|d| vec![d])?;
        dirs.push(theme_dir.join("templates"));
        static_dirs.push(theme_dir.join("static"));
        sass_dirs.push(theme_dir.join("sass"));
    }
    dirs.push(root.join("templates"));
    static_dirs.push(root.join("static"));
    sass_dirs.push(root.join("sass"));

    let mut files: BTreeMap<String, (PathBuf, Arc<str>)> = BTreeMap::new();
    let mut theme_files = BTreeMap::new();
    let (catalogues, mut diags) = super::i18n::load(root, config.theme.as_deref(), &config.language, &scope);
    let catalogues = Arc::new(catalogues);
    for (i, dir) in dirs.iter().enumerate() {
        if i == 1 {
            theme_files = files.clone();
        }
        let (found, mut walk_diags) = scope.walk(dir, true);
        diags.append(&mut walk_diags);
        for entry in found.into_iter().filter(|e| e.file_type.is_file()) {
            let Ok(rel) = entry.path.strip_prefix(dir) else { continue };
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let shown = crate::content::shown(root, &entry.path);
            match std::fs::read_to_string(&entry.path) {
                Ok(text) => {
                    files.insert(name, (shown, Arc::from(text)));
                }
                Err(e) => diags.push(
                    Diagnostic::error(format!("cannot read this template: {e}"))
                        .in_file(shown)
                        .with_help("save it as UTF-8 text"),
                ),
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let theme = config.theme.clone();
    let aliases = match &theme {
        Some(theme) => extend::add_aliases(&mut files, theme, theme_files),
        None => Default::default(),
    };

    // Syntax errors, one template at a time, so that every broken template is reported (once:
    // a theme template's second name is the same file).
    for (name, (_, text)) in files.iter().filter(|(n, _)| !aliases.contains(*n)) {
        let mut single = Tera::new();
        register_filters(&mut single, config, &catalogues);
        super::lookup::register(&mut single, None);
        if let Err(e) = single.add_raw_template(name, text)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            diags.push(template_error(&e, &files, name, None));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if let Some(d) = cycles::too_long(&files) {
        return Err(vec![d]);
    }
    let i18n = super::i18n::check_templates(
        &catalogues,
        files.iter().filter(|(n, _)| !aliases.contains(*n)).map(|(n, (f, t))| (n.as_str(), f.as_path(), t)),
        &super::i18n::languages(config),
    );
    if !i18n.is_empty() {
        return Err(i18n);
    }
    let mut tera = Tera::new();
    register_filters(&mut tera, config, &catalogues);
    super::lookup::register(&mut tera, None);
    if let Err(e) = tera.add_raw_templates(files.iter().map(|(n, (_, t))| (n.as_str(), t.as_ref()))) {
        return Err(reference_errors(&e, &files).unwrap_or_else(|| vec![template_error(&e, &files, "", None)]));
    }
    let mut closures = cycles::closures(&files);
    extend::link(&mut closures, &files, &aliases);
    Ok(Theme {
        tera,
        files: Arc::new(files),
        closures,
        theme,
        aliases,
        template_dirs: dirs,
        static_dirs,
        sass_dirs,
        catalogues,
    })
}

/// The theme named in site.yaml is no folder under `themes/`: the error at site.yaml's `theme`.
fn missing_theme(root: &Path, name: &str) -> Diagnostic {
    let known: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let hint =
        did_you_mean(name, known.iter().map(String::as_str)).map_or(String::new(), |s| format!("did you mean `{s}`? "));
    let list = if known.is_empty() {
        "there is no themes/ folder".to_string()
    } else {
        format!("themes here: {}", known.join(", "))
    };
    let text: Arc<str> = Arc::from(std::fs::read_to_string(root.join(crate::config::FILE_NAME)).unwrap_or_default());
    let mut d = Diagnostic::error(format!("the theme `{name}` does not exist"))
        .in_file(crate::config::FILE_NAME)
        .with_help(format!("{hint}{list}"));
    if let Some(span) = crate::yaml::key_span(&text, &[], "theme") {
        d = d.at(&text, span);
    }
    d
}

impl Theme {
    /// A fingerprint of the shortcode templates and the theme strings they may use: what
    /// Markdown rendering depends on.
    pub fn shortcodes_fingerprint(&self) -> u64 {
        let shortcodes: Vec<(&String, &str)> = self
            .files
            .iter()
            .filter(|(n, _)| n.starts_with("shortcodes/"))
            .map(|(n, (_, t))| (n, t.as_ref()))
            .collect();
        crate::hash::fingerprint(&(shortcodes, &*self.catalogues))
    }

    /// Shortcodes render with the Markdown, before the site is assembled: they see `config`,
    /// `extra` and a partial `site` (no sections or taxonomies yet).
    pub fn set_config_globals(&mut self, config: &Config) {
        let globals = self.tera.global_context();
        globals.insert_value("config", Value::from_serializable(&config.raw));
        globals.insert_value("extra", Value::from_serializable(&config.extra));
        globals.insert_value("site", super::context::partial_site(config));
        globals.insert_value("lang", Value::from(config.language.as_str()));
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Whether some template's text contains `word` (`syntax_css`: then the stylesheet is
    /// written; `related`: then `page.related` is computed).
    pub fn mentions(&self, word: &str) -> bool {
        self.files.values().any(|(_, text)| text.contains(word))
    }

    /// Every template's name, but not the theme's templates' second names `THEME/NAME`.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str).filter(|n| !self.aliases.contains(*n))
    }

    /// True for `THEME/NAME`, a theme template's second name (for `extends`): no page template.
    pub fn is_alias(&self, name: &str) -> bool {
        self.aliases.contains(name)
    }

    /// The template name a changed file in a templates folder goes by, for the rebuild engine.
    pub fn changed_name(&self, path: &Path) -> Option<String> {
        extend::changed_name(path, &self.template_dirs, self.theme.as_deref(), &self.files, &self.aliases)
    }

    /// Every template file as (file shown to the user, its text), in name order.
    pub fn sources(&self) -> impl Iterator<Item = (&Path, &Arc<str>)> {
        self.files.iter().filter(|(n, _)| !self.aliases.contains(*n)).map(|(_, (file, text))| (file.as_path(), text))
    }

    /// The theme bound to one snapshot's lookups, with its `config`, `site` and `extra`.
    pub fn renderer(&self, lookup: Arc<super::lookup::Lookup>) -> Renderer {
        let mut tera = self.tera.clone();
        super::lookup::register(&mut tera, Some(Arc::clone(&lookup)));
        register_markdown_filter(&mut tera, &lookup.site.config, Some(Arc::clone(&lookup.site.links)));
        let views = &lookup.views;
        tera.global_context().insert_value("config", views.config.clone());
        tera.global_context().insert_value("site", views.site.clone());
        tera.global_context().insert_value("extra", views.extra.clone());
        Renderer { tera, files: Arc::clone(&self.files), lookup }
    }

    /// Every template rendering `name` reads: itself and what it extends or includes,
    /// transitively (every template, when one of them names a template by a variable).
    pub fn closure(&self, name: &str) -> impl Iterator<Item = &Arc<str>> {
        self.closures.get(name).into_iter().flatten()
    }
}

/// A Tera error as a diagnostic on the template file, naming what was being rendered.
fn template_error(
    e: &tera::Error,
    files: &BTreeMap<String, (PathBuf, Arc<str>)>,
    name: &str,
    what: Option<&Path>,
) -> Diagnostic {
    // The page goes first: at the end of a long message, the terminal wrapping would split its path.
    let rendering = what.map_or(String::new(), |w| format!(" while rendering {}", w.display()));
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let help = "fix the template at the marked place; the README's \"Themes and templates\" lists the variables each template gets";
    match report {
        Some(r) => {
            let tpl = if r.filename().is_empty() { name } else { r.filename() };
            let d = Diagnostic::error(format!("template error{rendering}: {}", r.message()))
                .with_help(help)
                .with_code("template");
            match files.get(tpl) {
                Some((file, text)) => {
                    d.in_file(file).at(text, r.span().range.clone()).with_label(r.message().to_string())
                }
                None => d,
            }
        }
        None => {
            let mut d = Diagnostic::error(format!("template error{rendering}: {}", flatten(e)))
                .with_help(help)
                .with_code("template");
            if let Some((file, _)) = files.get(name) {
                d = d.in_file(file);
            }
            d
        }
    }
}

/// Errors Tera finds only once every template is loaded, each at its place: a missing parent
/// template points at the `extends` naming it; unknown filters, tests, functions, includes and
/// blocks come as one text of `error: MESSAGE` / ` --> NAME:LINE:COL` reports, one per problem.
fn reference_errors(e: &tera::Error, files: &BTreeMap<String, (PathBuf, Arc<str>)>) -> Option<Vec<Diagnostic>> {
    let help = "fix the template at the marked place; the README's \"Themes and templates\" lists the variables each template gets";
    let diag = |message: String, label: &str, file: &PathBuf, text: &Arc<str>, span: std::ops::Range<usize>| {
        Diagnostic::error(message).in_file(file).at(text, span).with_label(label).with_help(help).with_code("template")
    };
    if let Some(d) = cycles::cycle_error(e, files) {
        return Some(vec![d]);
    }
    match e.kind() {
        tera::ErrorKind::MissingParent { current, parent } => {
            let (file, text) = files.get(current)?;
            let at = cycles::quoted_name(text, parent)?;
            let message = format!("template error: `{current}` extends `{parent}`, which does not exist");
            let hint = did_you_mean(parent, files.keys().map(String::as_str))
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            Some(vec![
                diag(message, "no such template", file, text, at..at + parent.len() + 2)
                    .with_help(format!("{hint}{help}")),
            ])
        }
        tera::ErrorKind::Msg(reports) => {
            let mut out = Vec::new();
            for block in reports.split("\n\n") {
                let Some(first) = block.strip_prefix("error: ") else { continue };
                let message = first.lines().next()?;
                let at = block.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
                let mut parts = at.rsplitn(3, ':');
                let col: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                let (file, text) = files.get(parts.next()?)?;
                let start = crate::diagnostics::offset_of(text, line, col);
                let width = block.lines().last().map_or(1, |l| l.matches('^').count().max(1));
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                let end = text[start..line_end].char_indices().nth(width).map_or(line_end, |(i, _)| start + i);
                out.push(diag(format!("template error: {message}"), message, file, text, start..end));
            }
            (!out.is_empty()).then_some(out)
        }
        _ => None,
    }
}

/// The error and its causes on one line.
fn flatten(e: &tera::Error) -> String {
    let mut msg = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r.message().to_string(),
        other => other.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

fn register_filters(tera: &mut Tera, config: &Config, catalogues: &Arc<super::i18n::Catalogues>) {
    use super::args::only;
    super::i18n::register_date(tera, Arc::clone(catalogues));
    super::i18n::register_trans(tera, Arc::clone(catalogues));
    tera.register_filter("slugify", |s: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        only("slugify", &kwargs, &[])?;
        Ok(crate::slug::slugify(s))
    });
    tera.register_filter("json", |v: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        only("json", &kwargs, &[])?;
        serde_json::to_string(&v).map_err(tera::Error::message)
    });
    tera.register_filter("urlencode", |s: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        only("urlencode", &kwargs, &[])?;
        Ok(urlencode(s))
    });
    register_markdown_filter(tera, config, None);
}

/// The `markdown` filter. With a snapshot's `@/` link keys it resolves `@/` links as page bodies
/// do, and a missing target is an error; without (shortcodes, rendered before the site's URLs are
/// known) they are left as written.
fn register_markdown_filter(tera: &mut Tera, config: &Config, links: Option<Arc<crate::markdown::Links>>) {
    let base_path = config.base_path.clone();
    let highlight = config.highlight.enabled;
    tera.register_filter("markdown", move |s: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        super::args::only("markdown", &kwargs, &[])?;
        let none = crate::markdown::Links::default();
        let ctx = crate::markdown::Context {
            base_path: &base_path,
            links: links.as_deref().unwrap_or(&none),
            shortcodes: None,
            heading_anchors: Default::default(),
            highlight,
            images: None,
            lang: None,
        };
        let r = crate::markdown::render(s, &ctx);
        match r.errors.first() {
            Some(e) if links.is_some() => {
                Err(tera::Error::message(format!("markdown filter: {} ({})", e.message, e.help)))
            }
            _ => Ok(Value::safe_string(&r.html)),
        }
    });
}

fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Shortcodes rendered with the theme's `templates/shortcodes/NAME.html`.
pub(crate) struct ThemeShortcodes<'a> {
    pub theme: &'a Theme,
}

impl Shortcodes for ThemeShortcodes<'_> {
    fn names(&self) -> Vec<String> {
        self.theme
            .names()
            .filter_map(|n| n.strip_prefix("shortcodes/"))
            .map(|n| n.trim_end_matches(".html").to_string())
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        self.theme.has(&format!("shortcodes/{name}.html"))
    }

    fn render(
        &self,
        name: &str,
        args: &[(String, ArgValue)],
        body: Option<&str>,
        lang: Option<&str>,
    ) -> Result<String, String> {
        let mut ctx = Context::new();
        // A translation's shortcodes speak its language: `trans` reads `lang` from here.
        if let Some(lang) = lang {
            ctx.insert_value("lang", Value::from(lang));
        }
        for (k, v) in args {
            ctx.insert_value(k.clone(), arg_value(v));
        }
        if let Some(body) = body {
            ctx.insert_value("body", Value::safe_string(body));
        }
        self.theme.tera.render(&format!("shortcodes/{name}.html"), &ctx).map_err(|e| flatten(&e))
    }
}

fn arg_value(v: &ArgValue) -> Value {
    match v {
        ArgValue::Str(s) => Value::from(s.as_str()),
        ArgValue::Int(i) => Value::from(*i),
        ArgValue::Float(f) => Value::from(*f),
        ArgValue::Bool(b) => Value::from(*b),
        ArgValue::List(items) => Value::from(items.iter().map(arg_value).collect::<Vec<_>>()),
    }
}
