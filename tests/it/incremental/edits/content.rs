//! Edits of `content/`: page bodies and front matter, pages added, removed and renamed,
//! sections, bundle assets.

use super::{Fs, Kind, STABLE, body, field, pages, set_field};
use crate::incremental::Rng;

/// Where new and moved pages go: sections, the home section, a folder without `_index.md`.
const FOLDERS: &[&str] = &["blog", "docs", "events", "", "misc"];

/// `@/` links to pages that never go away.
const LINKS: &[&str] =
    &["@/blog/alpha.md", "@/blog/alpha.md#start", "@/docs/install.md", "@/docs/_index.md", "@/blog/_index.md"];

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() { name.to_string() } else { format!("{folder}/{name}") }
}

/// A page's name without `.md`, or its bundle's folder name.
fn stem(page: &str) -> &str {
    let page = page.strip_suffix("/index.md").unwrap_or(page);
    let name = page.rsplit('/').next().unwrap();
    name.strip_suffix(".md").unwrap_or(name)
}

pub fn page_body(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let all = pages(fs);
    let page = rng.choose(&all).clone();
    let rel = format!("content/{page}");
    let how = match rng.below(9) {
        6 => {
            fs.edit(&rel, str::to_string);
            "save it unchanged"
        }
        7 => {
            // One letter changed, the size and time kept: as two saves within the file
            // system's time granularity look. The watcher still reports the file.
            let path = fs.root.join(&rel);
            let time = std::fs::metadata(&path).unwrap().modified().unwrap();
            fs.edit(&rel, |t| match t.rfind(|c: char| c.is_ascii_lowercase()) {
                Some(i) => format!("{}{}{}", &t[..i], if &t[i..=i] == "x" { "y" } else { "x" }, &t[i + 1..]),
                None => t.to_string(),
            });
            std::fs::File::options().write(true).open(&path).unwrap().set_modified(time).unwrap();
            fs.same_stamp = true;
            "change a letter, keeping the size and time"
        }
        0 => {
            fs.edit(&rel, |t| format!("{t}\nEdit {step}: more *words*.\n"));
            "append a paragraph"
        }
        1 => {
            // A heading's text; ids given as `{#id}` stay, others change (the full pipeline).
            fs.edit(&rel, |t| match t.find("\n## ") {
                Some(i) => format!("{}\n## Step {step} {}", &t[..i], &t[i + 4..]),
                None => format!("{t}\n## Heading {step}\n\nUnder it.\n"),
            });
            "change or add a heading"
        }
        2 => {
            let link = rng.choose(LINKS);
            fs.edit(&rel, |t| format!("{t}\nSee [this]({link}) ({step}).\n"));
            "add an @/ link"
        }
        3 => {
            let call = if rng.below(2) == 0 {
                format!("{{{{ note(text=\"Note {step}\") }}}}")
            } else {
                format!("{{% note() %}}\n**Block** note {step}.\n{{% end %}}")
            };
            fs.edit(&rel, |t| format!("{t}\n{call}\n"));
            "add a shortcode call"
        }
        4 => {
            // The first paragraph is the summary that listings and get_page show.
            fs.edit(&rel, |t| {
                let b = body(t);
                let head = &t[..t.len() - b.len()];
                format!("{head}\nNew first paragraph {step}.\n{b}")
            });
            "new first paragraph"
        }
        5 => {
            // As editors that save safely do: a temporary file (which the watcher ignores)
            // renamed over the page, so the page gets a new inode.
            let text = format!("{}\nSaved safely {step}.\n", fs.read(&rel).unwrap());
            let tmp = fs.root.join(format!("{rel}.tmp"));
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(&tmp, fs.root.join(&rel)).unwrap();
            fs.touched(&rel);
            "append, saved through a temporary file"
        }
        _ => {
            fs.edit(&rel, |t| match t.find("\n<!-- more -->\n") {
                Some(i) => format!("{}{}", &t[..i], &t[i + 14..]),
                None => {
                    let b = body(t);
                    let head = &t[..t.len() - b.len()];
                    format!("{head}\nTeaser {step}.\n\n<!-- more -->\n{b}")
                }
            });
            "toggle a <!-- more --> summary"
        }
    };
    (Kind::PageBody, format!("PageBody {page}: {how}"))
}

pub fn page_front(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let all = pages(fs);
    let page = rng.choose(&all).clone();
    let rel = format!("content/{page}");
    let text = fs.read(&rel).unwrap();
    let stable = STABLE.contains(&page.as_str());
    let (key, value): (&str, Option<String>) = match rng.below(14) {
        0 => ("title", Some(format!("\"T{step} {}\"", stem(&page)))),
        1 => match rng.below(6) {
            0 => ("date", None),
            1 if !stable => ("date", Some(format!("2999-01-{:02}", rng.below(28) + 1))),
            _ => ("date", Some(format!("2023-{:02}-{:02}", rng.below(12) + 1, rng.below(28) + 1))),
        },
        2 => ("tags", terms(rng, &["news", "intro", "howto", "release", "Big Ideas"])),
        3 => ("category", terms(rng, &["howto", "story"])),
        4 => ("series", terms(rng, &["one", "two"])),
        5 => ("weight", (rng.below(4) > 0).then(|| (rng.below(5) + 1).to_string())),
        6 if !stable => ("draft", field(&text, "draft").is_none().then(|| "true".to_string())),
        7 => ("aliases", (rng.below(3) > 0).then(|| format!("[\"/old/{}-{step}/\"]", stem(&page)))),
        8 => ("summary", (rng.below(3) > 0).then(|| format!("\"Front summary {step}\""))),
        9 => ("slug", (rng.below(2) > 0).then(|| format!("s-{}-{step}", stem(&page)))),
        10 => {
            let docs = fs.exists("themes/inc/templates/docs/page.html");
            let name = if docs && rng.below(2) == 0 { "docs/page.html" } else { "page.html" };
            ("template", (rng.below(2) > 0).then(|| name.to_string()))
        }
        11 => ("updated", (rng.below(3) > 0).then(|| format!("2024-12-{:02}", rng.below(28) + 1))),
        12 if field(&text, "starts").is_some() => ("location", Some(format!("\"Room {step}\""))),
        _ if field(&text, "starts").is_some() => {
            // Before `ends`, when the page has one.
            ("starts", Some(format!("2030-05-01T{:02}:00:00-05:00", rng.below(4) + 8)))
        }
        _ => ("color", (rng.below(3) > 0).then(|| format!("\"c{step}\""))),
    };
    fs.write(&rel, &set_field(&text, key, value.as_deref()));
    (Kind::PageFront, format!("PageFront {page}: {key} = {}", value.as_deref().unwrap_or("(removed)")))
}

/// A random list of some of `terms`, or none (the field removed).
fn terms(rng: &mut Rng, terms: &[&str]) -> Option<String> {
    let chosen: Vec<String> = terms.iter().filter(|_| rng.below(2) == 0).map(|t| format!("\"{t}\"")).collect();
    (!chosen.is_empty()).then(|| format!("[{}]", chosen.join(", ")))
}

pub fn page_added(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let folder = rng.choose(FOLDERS);
    let tags = terms(rng, &["news", "howto", "fresh"]).map_or(String::new(), |t| format!("tags: {t}\n"));
    let date = match rng.below(5) {
        0 => String::new(),
        1 => "date: 2999-02-02\n".to_string(),
        _ => format!("date: 2024-{:02}-{:02}\n", rng.below(12) + 1, rng.below(28) + 1),
    };
    let extra = match rng.below(5) {
        0 => "draft: true\n".to_string(),
        1 => format!("starts: 2031-01-{:02}T09:00:00-05:00\n", step % 28 + 1),
        2 => format!("aliases: [\"/gone/new-{step}/\"]\nweight: {}\n", rng.below(5)),
        _ => String::new(),
    };
    let link = rng.choose(LINKS);
    let text = format!("---\ntitle: \"New {step}\"\n{date}{tags}{extra}---\n\nNew page {step}, see [this]({link}).\n");
    let rel = if rng.below(4) == 0 {
        let dir = join(folder, &format!("new-{step}"));
        fs.write(&format!("content/{dir}/index.md"), &text);
        fs.write(&format!("content/{dir}/pic-{step}.txt"), "an asset\n");
        format!("{dir}/ (a bundle)")
    } else {
        let rel = join(folder, &format!("new-{step}.md"));
        fs.write(&format!("content/{rel}"), &text);
        rel
    };
    (Kind::PageAdded, format!("PageAdded {rel}: {}", text.replace('\n', " ")))
}

/// Pages that may be removed or renamed.
fn movable(fs: &Fs) -> Vec<String> {
    pages(fs).into_iter().filter(|p| !STABLE.contains(&p.as_str())).collect()
}

pub fn page_removed(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let all = movable(fs);
    if all.is_empty() {
        return page_added(fs, rng, step);
    }
    let page = rng.choose(&all).clone();
    match page.strip_suffix("/index.md") {
        Some(dir) => fs.remove_dir(&format!("content/{dir}")),
        None => fs.remove(&format!("content/{page}")),
    }
    (Kind::PageRemoved, format!("PageRemoved {page}"))
}

pub fn page_renamed(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let all = movable(fs);
    if all.is_empty() {
        return page_added(fs, rng, step);
    }
    let page = rng.choose(&all).clone();
    let here = page.strip_suffix("/index.md").unwrap_or(&page).rsplit_once('/').map_or("", |(d, _)| d);
    let folder = if rng.below(2) == 0 { here } else { rng.choose(FOLDERS) };
    let name = format!("{}-r{step}", stem(&page));
    let (from, to) = match page.strip_suffix("/index.md") {
        Some(dir) => (dir.to_string(), join(folder, &name)),
        // A page becomes a bundle.
        None if rng.below(4) == 0 => (page.clone(), join(folder, &format!("{name}/index.md"))),
        None => (page.clone(), join(folder, &format!("{name}.md"))),
    };
    fs.rename(&format!("content/{from}"), &format!("content/{to}"));
    (Kind::PageRenamed, format!("PageRenamed {from} -> {to}"))
}

pub fn section(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let indexes: Vec<String> = fs.files("content").into_iter().filter(|p| p.ends_with("_index.md")).collect();
    let index = rng.choose(&indexes).clone();
    let set = |fs: &mut Fs, key: &str, value: Option<String>| {
        fs.edit(&index, |t| set_field(t, key, value.as_deref()));
        format!("Section {index}: {key} = {}", value.as_deref().unwrap_or("(removed)"))
    };
    let what = match rng.below(9) {
        0 => set(fs, "title", Some(format!("\"Section {step}\""))),
        8 => {
            let blog = fs.exists("themes/inc/templates/blog/section.html");
            let name = if blog && rng.below(2) == 0 { "blog/section.html" } else { "section.html" };
            set(fs, "template", (rng.below(2) > 0).then(|| name.to_string()))
        }
        1 => {
            fs.edit(&index, |t| format!("{t}\nSection text {step}.\n"));
            format!("Section {index}: append to the body")
        }
        2 => set(fs, "sort_by", Some(rng.choose(&["date", "weight", "title"]).to_string())),
        3 => set(fs, "paginate_by", (rng.below(3) > 0).then(|| (rng.below(3) + 1).to_string())),
        4 => set(fs, "weight", Some(rng.below(5).to_string())),
        5 => toggle_section(fs, "content/notes", step, "Notes"),
        6 => toggle_section(fs, "content/docs/advanced", step, "Advanced"),
        _ => {
            // A folder of pages without `_index.md` gets one, or loses it.
            if fs.exists("content/events/_index.md") {
                fs.remove("content/events/_index.md");
                "Section events/_index.md removed".to_string()
            } else {
                fs.write("content/events/_index.md", &format!("---\ntitle: \"Events {step}\"\nsort_by: title\n---\n"));
                "Section events/_index.md added".to_string()
            }
        }
    };
    (Kind::Section, what)
}

/// Adds the section `dir` with a page, or removes the whole folder.
fn toggle_section(fs: &mut Fs, dir: &str, step: usize, title: &str) -> String {
    if fs.exists(dir) {
        fs.remove_dir(dir);
        return format!("Section {dir} removed");
    }
    fs.write(
        &format!("{dir}/_index.md"),
        &format!("---\ntitle: \"{title}\"\nweight: {}\n---\n\nAbout {title}.\n", step % 3),
    );
    fs.write(
        &format!("{dir}/first-{step}.md"),
        &format!("---\ntitle: \"First of {title}\"\ndate: 2024-05-05\n---\n\nHi.\n"),
    );
    format!("Section {dir} added, with a page")
}

pub fn asset(fs: &mut Fs, rng: &mut Rng, step: usize) -> (Kind, String) {
    let bundles: Vec<String> =
        pages(fs).into_iter().filter_map(|p| p.strip_suffix("/index.md").map(str::to_string)).collect();
    if bundles.is_empty() {
        let dir = "content/blog/bundle";
        fs.write(&format!("{dir}/index.md"), "---\ntitle: \"Bundle again\"\ndate: 2024-04-02\n---\n\nBack.\n");
        fs.write(&format!("{dir}/dot.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        return (Kind::Asset, "Asset: a bundle added again, with an asset".to_string());
    }
    let dir = format!("content/{}", rng.choose(&bundles));
    let assets: Vec<String> = fs.files(&dir).into_iter().filter(|p| !p.ends_with(".md")).collect();
    // Edits twice as often as adds or removals: an edit is the precise case (`Change::Asset`).
    let what = match rng.below(4) {
        0 | 1 if !assets.is_empty() => {
            let a = rng.choose(&assets).clone();
            fs.edit(&a, |t| format!("{t}<!-- {step} -->\n"));
            format!("Asset {a} edited")
        }
        2 if !assets.is_empty() => {
            let a = rng.choose(&assets).clone();
            fs.remove(&a);
            format!("Asset {a} removed")
        }
        _ => {
            let a =
                if rng.below(2) == 0 { format!("{dir}/extra-{step}.txt") } else { format!("{dir}/img/p-{step}.svg") };
            fs.write(&a, &format!("asset {step}\n"));
            format!("Asset {a} added")
        }
    };
    (Kind::Asset, what)
}
