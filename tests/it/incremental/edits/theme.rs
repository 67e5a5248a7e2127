//! Edits outside `content/`: templates (edited, added, removed), static files, site.yaml,
//! unrelated files and folders, and edits that break the build.

use super::{Fs, Kind, OUTPUTS, State, pages};
use crate::incremental::Rng;
use crate::util::fixtures_dir;

const THEME: &str = "themes/inc/templates";

/// Templates that come and go: (path, text). A section-specific page and section template, a
/// taxonomy-specific term template, the root's overrides of a leaf template, a partial, the
/// base template and a shortcode, and the theme's `docs/page.html` (there at first; without it
/// docs pages use `page.html`).
fn optional() -> Vec<(&'static str, String)> {
    let docs_page =
        std::fs::read_to_string(fixtures_dir().join("incremental/themes/inc/templates/docs/page.html")).unwrap();
    vec![
        (
            "themes/inc/templates/blog/page.html",
            "{% extends \"base.html\" %}\n{% block main %}<article class=\"post\"><!--m--><h1>{{ page.title }}</h1>\n\
             {{ page.content | safe }}</article>{% endblock main %}\n"
                .to_string(),
        ),
        (
            "themes/inc/templates/blog/section.html",
            "{% extends \"base.html\" %}\n{% block main %}<!--m--><h1>Blog: {{ section.title }}</h1>\n\
             <ul>{% for p in paginator.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% endblock main %}\n"
                .to_string(),
        ),
        (
            "themes/inc/templates/tags/term.html",
            "{% extends \"base.html\" %}\n{% block main %}<!--m--><h1>Tag {{ term.name }}</h1>\n\
             <ul>{% for p in term.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% endblock main %}\n"
                .to_string(),
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}<article class=\"root\"><!--m--><h1>{{ page.title }}</h1>\n\
             {{ page.content | safe }}</article>{% endblock main %}\n"
                .to_string(),
        ),
        ("templates/partials/footer.html", "<footer class=\"root\"><!--m-->{{ extra.footer }}</footer>\n".to_string()),
        (
            "templates/base.html",
            "<!DOCTYPE html>\n<html><head><title>{% block title %}{{ site.title }}{% endblock title %}</title></head>\n\
             <body class=\"root\"><!--m-->{% block main %}{% endblock main %}{% include \"partials/footer.html\" %}</body></html>\n"
                .to_string(),
        ),
        (
            "templates/shortcodes/note.html",
            "<div class=\"root-note\"><!--m-->{% if body is defined %}{{ body | safe }}{% else %}{{ text }}{% endif %}</div>\n"
                .to_string(),
        ),
        ("themes/inc/templates/docs/page.html", docs_page),
    ]
}

/// Every template with a `<!--m-->` marker, theme and root.
fn templates(fs: &Fs) -> Vec<String> {
    let mut all = fs.files(THEME);
    all.extend(fs.files("templates"));
    all.retain(|t| fs.read(t).is_some_and(|text| text.contains("<!--m-->")));
    all
}

pub fn template(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let all = templates(fs);
    let name = rng.choose(&all).clone();
    let lookups = [
        "{% set lp = get_page(path=\"blog/alpha.md\") %}{{ lp.title }} {{ lp.word_count }}",
        "{% set ls = get_section(path=\"docs/_index.md\") %}{{ ls.title }}: {{ ls.pages | length }}",
        "{% set tx = get_taxonomy(name=\"tags\") %}{{ tx.terms | length }} tags",
    ];
    let insert = if rng.below(3) == 0 && !name.contains("/shortcodes/") {
        // A new site lookup: what the output depends on changes with the template.
        rng.choose(&lookups).to_string()
    } else {
        format!("<i>{step}</i>")
    };
    fs.edit(&name, |t| t.replacen("<!--m-->", &format!("<!--m-->{insert}"), 1));
    (Kind::Template, format!("Template {name}: insert {insert}"))
}

/// Adds a template of `optional()` that is missing, or removes one that is there (whichever
/// `kind` asks for, else the other).
pub fn template_toggle(fs: &mut Fs, rng: &mut Rng, kind: Kind) -> (Kind, String) {
    let (there, missing): (Vec<_>, Vec<_>) = optional().into_iter().partition(|(p, _)| fs.exists(p));
    if (kind == Kind::TemplateAdded && !missing.is_empty()) || there.is_empty() {
        let (path, text) = rng.choose(&missing);
        fs.write(path, text);
        (Kind::TemplateAdded, format!("TemplateAdded {path}"))
    } else {
        let (path, _) = rng.choose(&there);
        fs.remove(path);
        (Kind::TemplateRemoved, format!("TemplateRemoved {path}"))
    }
}

pub fn static_file(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let added: Vec<String> =
        fs.files("static").into_iter().chain(fs.files("themes/inc/static")).filter(|p| p.contains("new-")).collect();
    let what = match rng.below(6) {
        0 => {
            fs.write("static/files/data.json", &format!("{{\"version\": {step}}}\n"));
            "edit static/files/data.json".to_string()
        }
        1 => {
            fs.edit("themes/inc/static/css/site.css", |t| format!("{t}.s{step} {{ color: red; }}\n"));
            "edit the theme's css/site.css".to_string()
        }
        2 => {
            // Under the root's file of the same name, while that one is there.
            fs.write("themes/inc/static/shared.txt", &format!("shared, from the theme, {step}\n"));
            "edit the theme's shared.txt".to_string()
        }
        3 if fs.exists("static/shared.txt") => {
            fs.remove("static/shared.txt");
            "remove the root's shared.txt (the theme's shows)".to_string()
        }
        3 => {
            fs.write("static/shared.txt", &format!("shared, from the root, {step}\n"));
            "add the root's shared.txt again".to_string()
        }
        4 if !added.is_empty() => {
            let victim = rng.choose(&added).clone();
            fs.remove(&victim);
            format!("remove {victim}")
        }
        _ => {
            let path = match rng.below(3) {
                0 => format!("static/new-{step}.txt"),
                1 => format!("themes/inc/static/js/new-{step}.js"),
                _ => format!("static/dir-{step}/deep/new-{step}.txt"),
            };
            fs.write(&path, &format!("new {step}\n"));
            format!("add {path}")
        }
    };
    (Kind::Static, format!("Static: {what}"))
}

pub fn config(fs: &mut Fs, rng: &mut Rng, step: usize, state: &mut State) -> (Kind, String) {
    let c = &mut state.config;
    let what = match rng.below(12) {
        0 => {
            c.title = format!("Site {step}");
            "title".to_string()
        }
        10 => {
            // Over the session's --base-url when it has one.
            let other = ["https://example.com/", "https://example.org/ltc/"];
            c.base_url = other[usize::from(c.base_url == other[0])].to_string();
            "base_url".to_string()
        }
        11 => {
            c.language = if c.language == "en" { "fr".into() } else { "en".into() };
            "language".to_string()
        }
        1 => {
            c.description = format!("Description {step}");
            "description".to_string()
        }
        2 => {
            c.tagline = format!("Tagline {step}");
            "extra.tagline".to_string()
        }
        3 => {
            c.footer = format!("Footer {step}");
            "extra.footer".to_string()
        }
        4 => {
            c.extra_count = (rng.below(3) > 0).then_some(step as u64);
            "extra.count".to_string()
        }
        5 => {
            c.paginate_by = (rng.below(3) > 0).then(|| rng.below(3) as u64 + 1);
            "pagination.paginate_by".to_string()
        }
        6 => {
            c.feed_limit = rng.below(4) as u64 + 1;
            "feed.limit".to_string()
        }
        7 => {
            c.category = !c.category;
            "the category taxonomy".to_string()
        }
        8 => {
            c.series = !c.series;
            "the series taxonomy".to_string()
        }
        _ => {
            let i = rng.below(OUTPUTS.len());
            c.outputs[i] = !c.outputs[i];
            format!("outputs.{}", OUTPUTS[i])
        }
    };
    let yaml = c.yaml();
    fs.write("site.yaml", &yaml);
    (Kind::Config, format!("Config: {what} -> {}", yaml.replace('\n', " ")))
}

pub fn unknown(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let what = match rng.below(4) {
        0 => {
            fs.edit("README.md", |t| format!("{t}\nEdit {step}.\n"));
            "edit README.md".to_string()
        }
        1 if fs.exists("notes") => {
            fs.remove_dir("notes");
            "remove the folder notes/".to_string()
        }
        1 => {
            fs.write(&format!("notes/todo-{step}.md"), "---\ntitle: \"Not content\"\n---\n");
            "add the folder notes/ with a Markdown file".to_string()
        }
        2 if fs.exists("content/blog/empty") => {
            fs.remove_dir("content/blog/empty");
            "remove the empty folder content/blog/empty".to_string()
        }
        2 => {
            fs.mkdir("content/blog/empty");
            "add the empty folder content/blog/empty".to_string()
        }
        _ => {
            fs.write("themes/inc/theme.txt", &format!("about the theme {step}\n"));
            "write themes/inc/theme.txt".to_string()
        }
    };
    (Kind::Unknown, format!("Unknown: {what}"))
}

/// Breaks the build in one file and records how to put it back.
pub fn broken(fs: &mut Fs, rng: &mut Rng, step: usize, state: &mut State) -> (Kind, String) {
    let all = pages(fs);
    let page = format!("content/{}", rng.choose(&all));
    let templates = templates(fs);
    let template = rng.choose(&templates).clone();
    let (rel, text, what): (String, Option<String>, &str) = match rng.below(9) {
        0 => ("site.yaml".into(), Some(format!("{}broken: [unclosed\n", state.config.yaml())), "bad YAML in site.yaml"),
        1 => ("site.yaml".into(), Some(format!("{}titel: typo\n", state.config.yaml())), "an unknown key in site.yaml"),
        2 => {
            let t = fs.read(&template).unwrap().replacen("<!--m-->", "<!--m-->{% if %}", 1);
            (template, Some(t), "a template syntax error")
        }
        3 => {
            let t = fs.read(&template).unwrap().replacen("<!--m-->", "<!--m-->{{ no_such_variable }}", 1);
            (template, Some(t), "a template rendering error")
        }
        4 => {
            let t = fs.read(&template).unwrap().replacen("<!--m-->", "<!--m-->{% include \"partials/none.html\" %}", 1);
            (template, Some(t), "an include of a missing template")
        }
        5 => {
            let t = fs.read(&page).unwrap().replacen("title:", "title: \"unclosed\n  bad: [", 1);
            (page, Some(t), "bad YAML in front matter")
        }
        6 => (
            page.clone(),
            Some(format!("{}\n{{{{ nope(x={step}) }}}}\n", fs.read(&page).unwrap())),
            "an unknown shortcode",
        ),
        7 => {
            let link = if rng.below(2) == 0 { "@/blog/missing.md" } else { "@/docs/install.md#nowhere" };
            (page.clone(), Some(format!("{}\n[dead]({link})\n", fs.read(&page).unwrap())), "a dead @/ link")
        }
        _ => ("content/docs/install.md".into(), None, "remove the page that docs/page.html looks up"),
    };
    let before = std::fs::read(fs.root.join(&rel)).ok();
    if !state.fixes.iter().any(|(r, _)| *r == rel) {
        state.fixes.push((rel.clone(), before));
    }
    match text {
        Some(t) => fs.write(&rel, &t),
        None if fs.exists(&rel) => fs.remove(&rel),
        None => {}
    }
    (Kind::Broken, format!("Broken {rel}: {what}"))
}

/// Edits a data file: a row of `data/partners.csv` (read by the home page) added or changed, a
/// record of `data/links.yaml` (read by the docs pages), or a data file no template loads.
pub fn data(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let what = match rng.below(4) {
        0 => {
            fs.edit("data/partners.csv", |t| format!("{t}Library {step},\"Town {step}, Ore.\"\n"));
            "add a row to data/partners.csv".to_string()
        }
        1 => {
            fs.edit("data/partners.csv", |t| t.replacen("Springfield", &format!("Springfield {step}"), 1));
            "change a cell of data/partners.csv".to_string()
        }
        2 => {
            fs.edit("data/links.yaml", |t| format!("{t}- title: Link {step}\n  url: https://example.org/{step}\n"));
            "add a record to data/links.yaml".to_string()
        }
        _ if fs.exists("data/unused.json") => {
            fs.remove("data/unused.json");
            "remove data/unused.json".to_string()
        }
        _ => {
            fs.write("data/unused.json", &format!("{{\"step\": {step}}}"));
            "write data/unused.json, which no template loads".to_string()
        }
    };
    (Kind::Data, format!("Data: {what}"))
}
