//! The real LTC Resource Hub of this repository, built once per test run (and once more for
//! the checks that compare two builds or need a sub-path): what SPEC §5–§6 promise a library
//! worker and another library's site. The ten case studies, the six approaches and every
//! training session are there; every session is in `calendar.ics` (and its own `.ics`) with its
//! time zone, folded and CRLF-terminated as RFC 5545 asks, with UIDs that do not change between
//! builds; `resources.json` has the shape the README documents; no internal link or `#anchor`
//! leads nowhere; under `--base-url https://example.org/ltc/` every URL keeps the sub-path; and
//! the search page and index are in place with their filters.
//!
//! The builds go to `CARGO_TARGET_TMPDIR/hub_site-PID/` (folders of finished runs are removed
//! by the next run), because a `OnceLock` is never dropped and so cannot clean up a `TempDir`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use crate::util::{
    REPO, attr_values, html_files, internal_target, links, path_str, read, run, served_file, tree_names,
};

const SUB_PATH_BASE: &str = "https://example.org/ltc/";

const APPROACHES: [&str; 6] = [
    "conversation-cafe",
    "dialogue-to-change",
    "future-search",
    "national-issues-forums",
    "reflective-structured-dialogue",
    "world-cafe",
];

// ---------- builds, once each ----------

/// This run's folder for builds; removes the folders of runs whose process has ended.
fn work_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let me = std::process::id();
        if cfg!(target_os = "linux")
            && let Ok(entries) = std::fs::read_dir(tmp)
        {
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let Some(pid) = name.strip_prefix("hub_site-").and_then(|p| p.parse::<u32>().ok()) else { continue };
                if pid != me && !Path::new("/proc").join(pid.to_string()).exists() {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = tmp.join(format!("hub_site-{me}"));
        std::fs::create_dir_all(&dir).expect("create the build folder");
        dir
    })
}

/// Builds the repository's hub into `WORK/NAME` with `args`, panicking unless it succeeds.
fn build(name: &str, args: &[&str]) -> PathBuf {
    let out = work_dir().join(name);
    let mut all = vec!["build", "--root", REPO, "--output", path_str(&out), "--quiet"];
    all.extend_from_slice(args);
    run(&all, work_dir()).assert_success();
    out
}

/// The hub built with site.yaml's own base URL.
fn hub() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build("public", &[]))
}

/// A second, independent build of the same input.
fn hub_again() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build("public-again", &[]))
}

/// The hub built for hosting under a sub-path.
fn hub_under_sub_path() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build("ltc", &["--base-url", SUB_PATH_BASE]))
}

// ---------- the source ----------

fn site_yaml() -> Yaml {
    serde_yaml::from_str(&read(&Path::new(REPO).join("site.yaml"))).expect("site.yaml parses")
}

/// `base_url` of site.yaml, with a trailing slash.
fn base_url() -> String {
    let url = site_yaml()["base_url"].as_str().expect("site.yaml has a base_url").to_string();
    if url.ends_with('/') { url } else { format!("{url}/") }
}

/// The path part of a base URL (`/` or `/ltc/`).
fn base_path(url: &str) -> &str {
    let after_scheme = url.split("://").nth(1).unwrap_or_default();
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// The host of a base URL.
fn host(url: &str) -> &str {
    let after_scheme = url.split("://").nth(1).unwrap_or_default();
    after_scheme.split('/').next().unwrap_or_default()
}

/// The front matter of a content file.
fn front_matter(path: &Path) -> Yaml {
    let text = read(path);
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").unwrap_or_else(|| panic!("{} has no front matter", path.display()));
    let end = rest.find("\n---").unwrap_or_else(|| panic!("{} has no closing ---", path.display()));
    serde_yaml::from_str(&rest[..end]).unwrap_or_else(|e| panic!("front matter of {}: {e}", path.display()))
}

/// The pages (not `_index.md`) directly in `content/DIR`, sorted, as (slug, front matter).
fn pages_in(dir: &str) -> Vec<(String, Yaml)> {
    let folder = Path::new(REPO).join("content").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("read {}: {e}", folder.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let fm = front_matter(&p);
            let stem = p.file_stem().expect("a file name").to_string_lossy().into_owned();
            let slug = fm["slug"].as_str().map_or(stem, str::to_string);
            (slug, fm)
        })
        .filter(|(_, fm)| fm["draft"].as_bool() != Some(true))
        .collect()
}

/// The training sessions: the pages directly in `content/trainings/`.
fn sessions() -> Vec<(String, Yaml)> {
    let all = pages_in("trainings");
    assert!(all.len() >= 20, "the hub lists every LTC session; only {} found", all.len());
    all
}

/// A YAML scalar as text (dates and times may be parsed as strings or left as they were).
fn text(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

// ---------- iCalendar ----------

/// The content lines of an iCalendar file, unfolded.
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.split("\r\n") {
        if let Some(cont) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            lines.last_mut().expect("a continuation line follows a line").push_str(cont);
        } else if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

/// The components named `name` (e.g. `VEVENT`), each as its lines (without BEGIN/END).
fn components(lines: &[String], name: &str) -> Vec<Vec<String>> {
    let (begin, end) = (format!("BEGIN:{name}"), format!("END:{name}"));
    let mut found = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        if *line == begin {
            current = Some(Vec::new());
        } else if *line == end {
            found.push(current.take().expect("END without BEGIN"));
        } else if let Some(c) = current.as_mut() {
            c.push(line.clone());
        }
    }
    found
}

/// The value of the first property `name` (with or without parameters) of a component,
/// as (parameters, value), e.g. ("TZID=America/Chicago", "20170406T130000").
fn property(component: &[String], name: &str) -> Option<(String, String)> {
    component.iter().find_map(|line| {
        let (head, value) = line.split_once(':')?;
        let (prop, params) = head.split_once(';').unwrap_or((head, ""));
        (prop == name).then(|| (params.to_string(), value.to_string()))
    })
}

/// `2017-04-06T13:00:00-05:00` → `20170406T130000` (the local time, as written).
fn ics_local(datetime: &str) -> String {
    datetime[..19].replace(['-', ':'], "")
}

/// Every `.ics` file of an output folder, by relative path.
fn ics_files(out: &Path) -> Vec<String> {
    tree_names(out).into_iter().filter(|n| n.ends_with(".ics")).collect()
}

// ---------- HTML ----------

/// Every HTML page of an output folder with its text.
fn html_pages(out: &Path) -> Vec<(String, String)> {
    html_files(out).into_iter().map(|rel| (rel.clone(), read(&out.join(&rel)))).collect()
}

/// The number in `<span class="count">(N)</span>` right after `marker`.
fn count_after(html: &str, marker: &str) -> usize {
    let from = html.find(marker).unwrap_or_else(|| panic!("no {marker:?} in the trainings page"));
    let rest = &html[from..];
    let open = rest.find("<span class=\"count\">(").expect("a count") + "<span class=\"count\">(".len();
    let close = rest[open..].find(')').expect("a closing parenthesis");
    rest[open..open + close].parse().expect("a number")
}

/// The pages directly under `out/DIR/` (folders with an `index.html`), sorted.
fn output_pages(out: &Path, dir: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(out.join(dir))
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

// ---------- the content ----------

#[test]
fn the_hub_has_ten_case_studies_each_with_its_library_type_approach_and_format() {
    let out = hub();
    let studies = output_pages(out, "case-studies");
    assert_eq!(studies.len(), 10, "one case study per library of the Public Innovators Cohort: {studies:?}");
    let sources: Vec<String> = pages_in("case-studies").into_iter().map(|(slug, _)| slug).collect();
    assert_eq!(studies, sources, "every case study in content/ is built, and nothing else");

    let listing = read(&out.join("case-studies/index.html"));
    for slug in &studies {
        assert!(listing.contains(&format!("href=\"/case-studies/{slug}/\"")), "the case studies page links {slug}");
        let html = read(&out.join("case-studies").join(slug).join("index.html"));
        assert_eq!(html.matches("<h1").count(), 1, "{slug}: one h1");
        assert!(html.contains("data-pagefind-body"), "{slug} is indexed for search");
        for filter in ["Library type", "Approach", "Format"] {
            assert!(
                html.contains(&format!("data-pagefind-filter=\"{filter}\"")),
                "{slug} carries the search filter {filter:?}"
            );
        }
    }
}

#[test]
fn the_hub_has_the_six_approaches_and_compares_them_in_one_table() {
    let out = hub();
    assert_eq!(output_pages(out, "approaches"), APPROACHES, "the six dialogue and deliberation approaches");
    let section = read(&out.join("approaches/index.html"));
    let from = section.find("<table class=\"compare\"").expect("the comparison table");
    let table = &section[from..from + section[from..].find("</table>").expect("the end of the table")];
    assert_eq!(table.matches("<th scope=\"row\"").count(), 6, "one row per approach:\n{table}");
    for slug in APPROACHES {
        assert!(table.contains(&format!("href=\"/approaches/{slug}/\"")), "the table links {slug}");
        let html = read(&out.join("approaches").join(slug).join("index.html"));
        assert!(html.contains("data-pagefind-filter=\"Approach\""), "{slug} carries the Approach filter");
    }
}

#[test]
fn every_training_session_has_a_page_and_is_listed_as_upcoming_or_past() {
    let out = hub();
    let sessions = sessions();
    let section = read(&out.join("trainings/index.html"));
    // The upcoming block shows only when something is to come.
    let upcoming =
        if section.contains("id=\"upcoming-heading\"") { count_after(&section, "id=\"upcoming-heading\"") } else { 0 };
    let past = count_after(&section, "id=\"past-heading\"");
    assert_eq!(upcoming + past, sessions.len(), "upcoming ({upcoming}) and past ({past}) sessions add up");
    for (slug, fm) in &sessions {
        let page = out.join("trainings").join(slug).join("index.html");
        assert!(page.is_file(), "no page for the session {slug}");
        let html = read(&page);
        assert!(html.contains("Upcoming session") || html.contains("Past session"), "{slug} says when it is");
        assert!(html.contains("data-pagefind-filter=\"Format\""), "{slug} carries the Format filter");
        let zone = fm["time_zone"].as_str().unwrap_or_else(|| panic!("{slug} has a time_zone"));
        // Readers see the zone's name ("Central Time"), not its IANA name.
        let yaml = site_yaml();
        let name = yaml["extra"]["time_zone_names"][zone].as_str().unwrap_or_else(|| panic!("a name for {zone}"));
        assert!(
            html.contains(&format!(
                "<dt>Time zone<span class=\"dt-sep\" aria-hidden=\"true\">: </span></dt> <dd>{name}</dd>"
            )),
            "{slug} shows its time zone as {name}"
        );
        assert_eq!(
            section.matches(&format!("href=\"/trainings/{slug}/\"")).count(),
            1,
            "the trainings page lists {slug} once"
        );
    }
}

// ---------- calendars ----------

#[test]
fn every_training_is_in_the_calendar_with_its_time_zone() {
    let out = hub();
    let base = base_url();
    let ics = read(&out.join("calendar.ics"));
    let lines = unfold(&ics);
    let events = components(&lines, "VEVENT");
    let zones: BTreeSet<String> = components(&lines, "VTIMEZONE")
        .iter()
        .map(|z| property(z, "TZID").expect("a VTIMEZONE has a TZID").1)
        .collect();
    let sessions = sessions();
    assert_eq!(events.len(), sessions.len(), "calendar.ics holds one VEVENT per training session");

    let by_uid: BTreeMap<String, &Vec<String>> =
        events.iter().map(|e| (property(e, "UID").expect("every VEVENT has a UID").1, e)).collect();
    assert_eq!(by_uid.len(), events.len(), "UIDs are unique");

    let mut zones_used = BTreeSet::new();
    for (slug, fm) in &sessions {
        let uid = format!("trainings.{slug}@{}", host(&base));
        let event = by_uid.get(&uid).unwrap_or_else(|| panic!("no VEVENT with UID {uid} in calendar.ics"));
        let (params, start) = property(event, "DTSTART").unwrap_or_else(|| panic!("{slug}: no DTSTART"));
        let zone = fm["time_zone"].as_str().expect("a time zone");
        match text(&fm["starts"]) {
            Some(starts) => {
                assert_eq!(params, format!("TZID={zone}"), "{slug}: DTSTART in the session's own zone");
                assert_eq!(start, ics_local(&starts), "{slug}: DTSTART is the local time of `starts`");
                assert!(zones.contains(zone), "{slug}: calendar.ics has no VTIMEZONE for {zone}");
                zones_used.insert(zone.to_string());
                if let Some(ends) = text(&fm["ends"]) {
                    let (end_params, end) = property(event, "DTEND").unwrap_or_else(|| panic!("{slug}: no DTEND"));
                    assert_eq!(end_params, format!("TZID={zone}"), "{slug}: DTEND in the session's zone");
                    assert_eq!(end, ics_local(&ends), "{slug}: DTEND is the local time of `ends`");
                }
            }
            None => {
                let day = text(&fm["day"]).unwrap_or_else(|| panic!("{slug}: neither starts nor day"));
                assert_eq!(params, "VALUE=DATE", "{slug}: a session without a time is an all-day event");
                assert_eq!(start, day.replace('-', ""), "{slug}: DTSTART is its day");
            }
        }
        let (_, url) = property(event, "URL").unwrap_or_else(|| panic!("{slug}: no URL"));
        assert_eq!(url, format!("{base}trainings/{slug}/"), "{slug}: the event links its page");
        assert!(property(event, "SUMMARY").is_some_and(|(_, s)| !s.is_empty()), "{slug}: a SUMMARY");
        assert!(property(event, "DTSTAMP").is_some(), "{slug}: a DTSTAMP");

        // Its own file, linked from its page.
        let own_rel = format!("trainings/{slug}/{slug}.ics");
        let own = out.join(&own_rel);
        assert!(own.is_file(), "no {own_rel}");
        let own_lines = unfold(&read(&own));
        let own_events = components(&own_lines, "VEVENT");
        assert_eq!(own_events.len(), 1, "{own_rel} holds its one session");
        assert_eq!(property(&own_events[0], "UID").map(|p| p.1), Some(uid.clone()), "{own_rel}: same UID");
        if text(&fm["starts"]).is_some() {
            assert!(
                components(&own_lines, "VTIMEZONE").iter().any(|z| property(z, "TZID").is_some_and(|t| t.1 == zone)),
                "{own_rel} carries the VTIMEZONE of {zone}"
            );
        }
        let page = read(&out.join("trainings").join(slug).join("index.html"));
        assert!(attr_values(&page, "href").contains(&format!("/{own_rel}")), "the page of {slug} links {own_rel}");
    }
    for zone in &zones {
        assert!(zones_used.contains(zone), "calendar.ics has a VTIMEZONE for {zone}, which no session uses");
    }
    let tz_refs: BTreeSet<&str> = lines
        .iter()
        .filter_map(|l| l.split_once("TZID=").map(|(_, r)| r.split([':', ';']).next().unwrap_or_default()))
        .collect();
    for zone in tz_refs {
        assert!(zones.contains(zone), "TZID={zone} is used but calendar.ics has no VTIMEZONE for it");
    }
}

#[test]
fn calendars_are_folded_at_75_octets_with_crlf_line_endings() {
    let out = hub();
    let files = ics_files(out);
    // calendar.ics, the Spanish es/calendar.ics, and one .ics per session.
    assert!(files.iter().any(|f| f == "es/calendar.ics"), "the Spanish calendar: {files:?}");
    assert_eq!(files.len(), sessions().len() + 2, "calendar.ics, es/calendar.ics and one .ics per session: {files:?}");
    for rel in files {
        let bytes = std::fs::read(out.join(&rel)).expect("read a calendar");
        let ics = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{rel} is UTF-8"));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{rel} starts with BEGIN:VCALENDAR");
        assert!(ics.ends_with("END:VCALENDAR\r\n"), "{rel} ends with END:VCALENDAR and CRLF");
        for (i, line) in ics.split("\r\n").enumerate() {
            assert!(!line.contains('\n') && !line.contains('\r'), "{rel}:{}: a bare LF or CR", i + 1);
            assert!(line.len() <= 75, "{rel}:{}: {} octets, more than 75: {line:?}", i + 1, line.len());
        }
        let lines = unfold(&ics);
        assert!(lines.iter().any(|l| l == "VERSION:2.0"), "{rel}: VERSION:2.0");
        assert!(lines.iter().any(|l| l.starts_with("PRODID:")), "{rel}: a PRODID");
        let mut open: Vec<&str> = Vec::new();
        for line in &lines {
            if let Some(name) = line.strip_prefix("BEGIN:") {
                open.push(name);
            } else if let Some(name) = line.strip_prefix("END:") {
                assert_eq!(open.pop(), Some(name), "{rel}: END:{name} closes what was opened");
            }
        }
        assert!(open.is_empty(), "{rel}: unclosed {open:?}");
    }
}

#[test]
fn calendar_uids_and_files_are_stable_across_builds() {
    let (first, second) = (hub(), hub_again());
    let uids = |out: &Path| -> Vec<String> {
        let lines = unfold(&read(&out.join("calendar.ics")));
        components(&lines, "VEVENT").iter().filter_map(|e| property(e, "UID").map(|p| p.1)).collect()
    };
    assert_eq!(uids(first), uids(second), "the same UIDs in the same order");
    assert_eq!(ics_files(first), ics_files(second), "the same calendar files");
    for rel in ics_files(first) {
        assert!(
            std::fs::read(first.join(&rel)).ok() == std::fs::read(second.join(&rel)).ok(),
            "{rel} differs between two builds of the same input"
        );
    }
}

// ---------- resources.json ----------

/// `YYYY-MM-DD` or RFC 3339.
fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() || chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

#[test]
fn resources_json_has_the_documented_shape() {
    let out = hub();
    let base = base_url();
    let json: Json = serde_json::from_str(&read(&out.join("resources.json"))).expect("resources.json is JSON");
    // The wrapper: what the file is, its version, licence and date, and the groupings' labels.
    let top: BTreeSet<&str> =
        json.as_object().expect("resources.json is an object").keys().map(String::as_str).collect();
    assert_eq!(
        top,
        ["format", "version", "generated", "licence", "site", "taxonomies", "pages"].into(),
        "the wrapper's keys"
    );
    assert_eq!(json["format"], "ltc-hub resources");
    assert_eq!(json["version"], 2, "the version of this shape");
    let generated = json["generated"].as_str().expect("`generated` is a date");
    assert!(chrono::NaiveDate::parse_from_str(generated, "%Y-%m-%d").is_ok(), "`generated` is YYYY-MM-DD: {generated}");
    assert!(json["licence"].is_null() || json["licence"].is_string(), "`licence` is text or null");
    assert_eq!(json["site"]["url"].as_str(), Some(base.as_str()), "the site's URL");
    assert_eq!(json["site"]["title"], site_yaml()["title"].as_str().expect("a title"));
    let yaml_taxonomies = site_yaml()["taxonomies"].as_sequence().expect("taxonomies").clone();
    for t in &yaml_taxonomies {
        let name = t["name"].as_str().expect("a taxonomy name");
        let tax = &json["taxonomies"][name];
        assert_eq!(tax["title"], t["title"].as_str().expect("a title"), "the title of `{name}`");
        for (slug, label) in t["terms"].as_mapping().expect("terms with labels") {
            let (slug, label) = (slug.as_str().expect("a slug"), label.as_str().expect("a label"));
            assert_eq!(tax["terms"][slug], label, "`{name}` term `{slug}` has its readable label");
        }
    }
    let entries = json["pages"].as_array().expect("`pages` is an array");
    let taxonomies: BTreeSet<String> =
        yaml_taxonomies.iter().map(|t| t["name"].as_str().expect("a taxonomy name").to_string()).collect();
    let keys: BTreeSet<&str> = [
        "url",
        "path",
        "title",
        "lang",
        "section",
        "section_title",
        "summary",
        "date",
        "updated",
        "terms",
        "fields",
        "calendar",
        "source",
    ]
    .into();

    let mut paths = Vec::new();
    for e in entries {
        let obj = e.as_object().expect("every entry is an object");
        let have: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(have, keys, "the documented keys, no more, no fewer: {e}");
        let s = |k: &str| obj[k].as_str().unwrap_or_else(|| panic!("`{k}` is a string: {e}"));
        let path = s("path");
        assert!(path.starts_with('/'), "`path` is root-relative: {e}");
        assert_eq!(s("url"), format!("{base}{}", &path[1..]), "`url` is the base URL plus the path: {e}");
        assert!(served_file(out, path).is_some(), "`path` leads to a page of the output: {e}");
        assert!(!s("title").is_empty(), "a title: {e}");
        s("section");
        s("section_title");
        assert!(!s("summary").contains('<'), "`summary` is plain text: {e}");
        for k in ["date", "updated"] {
            match &obj[k] {
                Json::Null => {}
                Json::String(d) => assert!(is_date(d), "`{k}` is YYYY-MM-DD or RFC 3339: {e}"),
                other => panic!("`{k}` is a string or null, not {other}: {e}"),
            }
        }
        for (tax, terms) in obj["terms"].as_object().expect("`terms` is an object") {
            assert!(taxonomies.contains(tax), "`{tax}` is a taxonomy of site.yaml: {e}");
            let terms = terms.as_array().expect("each taxonomy has a list of terms");
            assert!(!terms.is_empty(), "no empty term lists: {e}");
            for t in terms {
                let label = t["label"].as_str().expect("a term has a label");
                assert_eq!(json["taxonomies"][tax]["terms"][t["slug"].as_str().expect("a slug")], label, "{e}");
                let url = t["url"].as_str().expect("a term has a URL");
                assert!(url.starts_with(&base) && url.ends_with('/'), "a term's URL is absolute: {e}");
            }
        }
        match &obj["calendar"] {
            Json::Null => assert!(
                s("section") != "trainings" || !obj["fields"]["day"].is_string(),
                "a session has a calendar file: {e}"
            ),
            Json::String(ics) => {
                assert!(
                    ics.starts_with(&base) && ics.ends_with(".ics"),
                    "`calendar` is the absolute URL of an .ics: {e}"
                );
                assert!(out.join(&ics[base.len()..]).is_file(), "the .ics exists: {e}");
            }
            other => panic!("`calendar` is a URL or null, not {other}: {e}"),
        }
        assert!(obj["fields"].is_object(), "`fields` is an object: {e}");
        let source = s("source");
        assert!(source.starts_with("content/") && source.ends_with(".md"), "`source` is a content file: {e}");
        let fm = front_matter(&Path::new(REPO).join(source));
        assert_eq!(Some(s("title")), fm["title"].as_str(), "the title of {source}");
        for tax in &taxonomies {
            let want: Vec<&str> = fm[tax.as_str()]
                .as_sequence()
                .map(|v| v.iter().filter_map(|t| t.as_str()).collect())
                .unwrap_or_default();
            let got: Vec<&str> = obj["terms"]
                .get(tax)
                .and_then(Json::as_array)
                .map(|v| v.iter().filter_map(|t| t["slug"].as_str()).collect())
                .unwrap_or_default();
            assert_eq!(got, want, "the `{tax}` terms of {source}");
        }
        paths.push(path.to_string());
    }
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "entries are sorted by path");

    let section_of = |name: &str| entries.iter().filter(|e| e["section"] == name).collect::<Vec<_>>();
    assert_eq!(section_of("case-studies").len(), 10, "the ten case studies");
    for c in section_of("case-studies") {
        for f in ["library", "place", "population_served", "evidence"] {
            assert!(!c["fields"][f].is_null(), "case study fields carry `{f}`: {c}");
        }
        assert!(c["fields"]["population_served"].is_u64(), "population_served is a number: {c}");
    }
    assert_eq!(section_of("approaches").len(), 6, "the six approaches");
    let trainings = section_of("trainings");
    assert_eq!(trainings.len(), sessions().len(), "every session");
    for t in trainings {
        assert!(t["fields"]["day"].as_str().is_some_and(is_date), "a session has its `day`: {t}");
        assert!(t["fields"]["time_zone"].is_string(), "a session has its `time_zone`: {t}");
        if let Some(starts) = t["fields"].get("starts") {
            let starts = starts.as_str().expect("starts is a string");
            assert!(chrono::DateTime::parse_from_rfc3339(starts).is_ok(), "starts is RFC 3339: {t}");
        }
    }

    let page_count = walk_content_pages();
    assert_eq!(entries.len(), page_count, "one entry per published page of content/");
}

/// The number of published pages in content/ (Markdown files other than `_index.md`).
fn walk_content_pages() -> usize {
    let today = chrono::Utc::now().date_naive().to_string();
    walkdir::WalkDir::new(Path::new(REPO).join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            // Sections (`_index.md` and its translations `_index.LANG.md`) are not pages.
            e.path().extension().is_some_and(|x| x == "md") && !e.file_name().to_string_lossy().starts_with("_index.")
        })
        .filter(|e| {
            let fm = front_matter(e.path());
            let future = text(&fm["date"]).is_some_and(|d| d.get(..10).is_some_and(|d| d > today.as_str()));
            fm["draft"].as_bool() != Some(true) && !future
        })
        .count()
}

// ---------- links ----------

/// Every internal link and `#anchor` of an output that leads nowhere, as "FILE: URL".
fn broken_links(out: &Path, base_url: &str) -> (usize, Vec<String>) {
    let base_path = base_path(base_url);
    let pages = html_pages(out);
    let ids: BTreeMap<&str, BTreeSet<String>> =
        pages.iter().map(|(rel, html)| (rel.as_str(), attr_values(html, "id").into_iter().collect())).collect();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (rel, html) in &pages {
        for url in links(html) {
            let fragment = url.split_once('#').map(|(_, f)| f.to_string());
            if let Some(frag) = fragment.as_deref().filter(|_| url.starts_with('#')) {
                checked += 1;
                if !frag.is_empty() && !ids[rel.as_str()].contains(frag) {
                    broken.push(format!("{rel}: {url} (no such id on the page)"));
                }
                continue;
            }
            let Some(target) = internal_target(&url, rel, base_url, base_path) else { continue };
            checked += 1;
            let Some(file) = served_file(out, &target) else {
                broken.push(format!("{rel}: {url}"));
                continue;
            };
            if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                let file_rel = file.strip_prefix(out).expect("inside the output").to_string_lossy().replace('\\', "/");
                if ids.get(file_rel.as_str()).is_some_and(|set| !set.contains(&frag)) {
                    broken.push(format!("{rel}: {url} (no id {frag:?} in {file_rel})"));
                }
            }
        }
    }
    (checked, broken)
}

#[test]
fn no_internal_link_or_anchor_in_the_hub_is_broken() {
    let (checked, broken) = broken_links(hub(), &base_url());
    assert!(checked > 1000, "only {checked} internal links found");
    assert!(broken.is_empty(), "internal links that lead nowhere:\n{}", broken.join("\n"));
}

#[test]
fn no_internal_link_is_broken_under_a_sub_path() {
    let (checked, broken) = broken_links(hub_under_sub_path(), SUB_PATH_BASE);
    assert!(checked > 1000, "only {checked} internal links found");
    assert!(broken.is_empty(), "internal links that lead nowhere under /ltc/:\n{}", broken.join("\n"));
}

#[test]
fn under_a_sub_path_every_root_relative_url_starts_with_it() {
    let out = hub_under_sub_path();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (rel, html) in html_pages(out) {
        // Every attribute value that is a root-relative URL: href, src, action, data-*, and
        // `content="0; url=/…"` of redirect pages.
        for quote in ["=\"", "='", "url="] {
            for (i, _) in html.match_indices(quote) {
                let value = &html[i + quote.len()..];
                if value.starts_with('/') && !value.starts_with("//") {
                    checked += 1;
                    if !value.starts_with("/ltc/") {
                        let end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
                        wrong.push(format!("{rel}: {}", &value[..end]));
                    }
                }
            }
        }
        for url in links(&html) {
            if url.starts_with("http") && url.contains("example.org") {
                assert!(url.starts_with(SUB_PATH_BASE), "{rel}: {url} is outside {SUB_PATH_BASE}");
            }
        }
    }
    assert!(checked > 1000, "only {checked} root-relative URLs found");
    assert!(wrong.is_empty(), "root-relative URLs without /ltc/:\n{}", wrong.join("\n"));

    let search = read(&out.join("search/index.html"));
    assert!(search.contains("data-bundle-path=\"/ltc/pagefind/\""), "the search UI loads its index from /ltc/");
    let json: Json = serde_json::from_str(&read(&out.join("resources.json"))).expect("resources.json is JSON");
    for e in json["pages"].as_array().expect("an array") {
        assert!(e["path"].as_str().is_some_and(|p| p.starts_with("/ltc/")), "{e}");
        assert!(e["url"].as_str().is_some_and(|p| p.starts_with(SUB_PATH_BASE)), "{e}");
    }
    for file in ["sitemap.xml", "atom.xml", "rss.xml", "calendar.ics"] {
        let text = read(&out.join(file)).replace("\r\n ", "");
        let own = text.matches("https://example.org/").count();
        let under = text.matches(SUB_PATH_BASE).count();
        assert!(own > 0 && own == under, "{file}: every URL of the site is under {SUB_PATH_BASE}");
    }
}

// ---------- the feed ----------

/// The `<updated>` and `<link href>` of each Atom entry, in feed order.
fn atom_entries(xml: &str) -> Vec<(String, String)> {
    xml.split("<entry>")
        .skip(1)
        .map(|e| {
            let between =
                |a: &str, b: &str| e.split(a).nth(1).and_then(|r| r.split(b).next()).unwrap_or_default().to_string();
            (between("<updated>", "</updated>"), between("<link rel=\"alternate\" type=\"text/html\" href=\"", "\""))
        })
        .collect()
}

#[test]
fn the_atom_feed_leads_with_the_pages_updated_last() {
    let out = hub();
    let entries = atom_entries(&read(&out.join("atom.xml")));
    assert!(!entries.is_empty(), "the feed has entries");
    let dates: BTreeSet<&str> = entries.iter().map(|(d, _)| d.as_str()).collect();
    assert!(dates.len() > 1, "the entries do not all share one date: {entries:?}");
    assert!(entries.windows(2).all(|w| w[0].0 >= w[1].0), "newest first: {entries:?}");
    let base = base_url();
    for want in ["turning-outward/90-day-plan/", "trainings/", "small-rural/"] {
        assert!(
            entries.iter().any(|(_, url)| url.starts_with(&format!("{base}{want}"))),
            "the feed includes {want}: {entries:?}"
        );
    }
}

/// The `(type, href)` of each `<link rel="alternate">` in a page's head.
fn alternates(html: &str) -> Vec<(String, String)> {
    let head = html.split("</head>").next().unwrap_or_default();
    head.split("<link rel=\"alternate\"")
        .skip(1)
        .map(|l| {
            let attr =
                |a: &str| l.split(&format!("{a}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
            (attr("type").to_string(), attr("href").to_string())
        })
        // Feeds only: the `hreflang` alternates (translations) have no type.
        .filter(|(kind, _)| !kind.is_empty())
        .collect()
}

#[test]
fn pages_name_the_site_feeds_and_their_own_listing_feed_in_the_head() {
    let out = hub();
    let atom = ("application/atom+xml".to_string(), "/atom.xml".to_string());
    let json = ("application/feed+json".to_string(), "/feed.json".to_string());
    let about = alternates(&read(&out.join("about/index.html")));
    assert_eq!(about, [atom.clone(), json.clone()], "a section without feeds: the site's only");
    let own = |path: &str| {
        let mut want = vec![atom.clone(), json.clone()];
        want.push(("application/atom+xml".into(), format!("/{path}atom.xml")));
        want.push(("application/feed+json".into(), format!("/{path}feed.json")));
        want
    };
    assert_eq!(alternates(&read(&out.join("trainings/index.html"))), own("trainings/"));
    assert_eq!(alternates(&read(&out.join("trainings/2017-04-06-world-cafe/index.html"))), own("trainings/"));
    let rural = read(&out.join("library_type/small-rural/index.html"));
    assert_eq!(alternates(&rural), own("library_type/small-rural/"));
    assert!(rural.contains("Follow new pages for small and rural libraries in a feed reader"), "{rural}");
    // The small-rural section's _index.md carries the term: its term page points to the section.
    assert!(rural.contains("<h2 id=\"sections-heading\">Whole sections</h2>"), "{rural}");
    assert!(rural.contains("<h3><a href=\"/small-rural/\">Small and rural libraries</a></h3>"), "{rural}");
    assert!(read(&out.join("trainings/index.html")).contains("Follow new pages in trainings"));
    let format_term = read(&out.join("format/webinar/index.html"));
    assert_eq!(alternates(&format_term), [atom, json], "format terms have no feeds");
    assert!(!format_term.contains("class=\"follow\""));
}

#[test]
fn trainings_and_each_library_type_have_their_own_feeds() {
    let out = hub();
    let feed: Json = serde_json::from_str(&read(&out.join("library_type/small-rural/feed.json"))).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "Library type: Small and rural libraries");
    let items = feed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        let tags: Vec<&str> = item["tags"].as_array().unwrap().iter().filter_map(Json::as_str).collect();
        assert!(tags.contains(&"Small and rural libraries"), "{item:#}");
    }
    for term in ["academic", "public-large-urban", "public-mid-sized", "small-rural"] {
        for file in ["atom.xml", "rss.xml", "feed.json"] {
            assert!(out.join(format!("library_type/{term}/{file}")).is_file(), "library_type/{term}/{file}");
        }
    }
    let trainings = read(&out.join("trainings/atom.xml"));
    assert!(trainings.contains("<title>Trainings</title>"), "{trainings}");
    let entries = atom_entries(&trainings);
    assert!(
        !entries.is_empty() && entries.iter().all(|(_, url)| url.starts_with(&format!("{}trainings/", base_url())))
    );
    assert!(!out.join("format/webinar/atom.xml").exists() && !out.join("case-studies/atom.xml").exists());
}

// ---------- search ----------

#[test]
fn the_search_page_and_index_are_built() {
    let out = hub();
    for file in
        ["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind.js", "pagefind/pagefind-entry.json"]
    {
        assert!(out.join(file).is_file(), "no {file}");
    }
    let pages = html_pages(out);
    // One index per language: Pagefind reads each page's `<html lang>`.
    let marked = |lang: &str| {
        let html_lang = format!("<html lang=\"{lang}\"");
        pages.iter().filter(|(_, html)| html.contains("data-pagefind-body") && html.contains(&html_lang)).count()
    };
    let indexed = marked("en");
    let entry: Json =
        serde_json::from_str(&read(&out.join("pagefind/pagefind-entry.json"))).expect("pagefind-entry.json");
    assert_eq!(entry["languages"]["en"]["page_count"].as_u64(), Some(indexed as u64), "every marked page is indexed");
    let spanish = marked("es");
    assert!(spanish >= 3, "the Spanish pages are marked for the index ({spanish})");
    assert_eq!(entry["languages"]["es"]["page_count"].as_u64(), Some(spanish as u64), "every Spanish page is indexed");
    assert!(indexed >= 60, "the hub's pages are indexed ({indexed})");
    let filters = tree_names(&out.join("pagefind")).into_iter().filter(|n| n.ends_with(".pf_filter")).count();
    assert!(filters >= 3, "the index has the library type, approach and format filters ({filters} filter files)");

    let search = read(&out.join("search/index.html"));
    assert!(!search.contains("data-pagefind-body"), "the search page is not itself a result");
    assert_eq!(search.matches("<h1").count(), 1, "one h1");
    for needle in [
        "<main id=\"main\"",
        "href=\"/pagefind/pagefind-ui.css\"",
        "src=\"/pagefind/pagefind-ui.js\"",
        "src=\"/search.js\"",
        "id=\"search\" data-bundle-path=\"/pagefind/\"",
        "<label class=\"search-label\" for=\"search-input\"",
        "role=\"status\"",
        "<noscript>",
    ] {
        assert!(search.contains(needle), "the search page has {needle:?}");
    }
    let noscript = &search[search.find("<noscript>").expect("noscript")..];
    assert!(noscript.contains("href=\"/case-studies/\"") && noscript.contains("href=\"/approach/\""), "no-JS fallback");

    // The header of every page but the search page itself has a search form to it.
    for (rel, html) in &pages {
        // A Spanish page's form goes to the Spanish search page.
        let action = if rel.starts_with("es/") { "action=\"/es/search/\"" } else { "action=\"/search/\"" };
        if html.contains("<header class=\"site-header\">")
            && rel != "search/index.html"
            && rel != "es/search/index.html"
        {
            let header = &html[html.find("<header class=\"site-header\">").expect("a header")..];
            let header = &header[..header.find("</header>").expect("the end of the header")];
            assert!(
                header.contains("<form class=\"header-search\" role=\"search\"")
                    && header.contains(&format!("{action} method=\"get\""))
                    && header.contains("name=\"q\""),
                "{rel}: the header has a search form to the search page"
            );
        }
    }
}

// ---------- navigation and related pages ----------

#[test]
fn the_main_menu_comes_from_site_yaml_and_marks_where_the_reader_is() {
    let out = hub();
    let menu = |rel: &str| {
        let html = read(&out.join(rel));
        let nav = &html[html.find("<nav class=\"site-nav\"").expect("the main menu")..];
        nav[..nav.find("</nav>").expect("its end")].to_string()
    };
    let names = ["About LTC", "Case studies", "Turning Outward", "Approaches", "Trainings", "Small and rural"];
    let section = menu("case-studies/index.html");
    for name in names.iter().chain(&["By library type"]) {
        assert!(section.contains(&format!(">{name}</a>")), "the menu has {name}: {section}");
    }
    assert!(section.contains("<a href=\"/case-studies/\" aria-current=\"page\">Case studies</a>"), "{section}");
    let study = menu("case-studies/columbus-wis/index.html");
    assert!(study.contains("<a href=\"/case-studies/\" aria-current=\"true\">Case studies</a>"), "{study}");
    assert_eq!(study.matches("aria-current").count(), 1, "{study}");
    let term = menu("library_type/small-rural/index.html");
    assert!(term.contains("<a href=\"/library_type/\" aria-current=\"true\">By library type</a>"), "{term}");
    assert!(!menu("index.html").contains("aria-current"), "the home page is no menu entry");
}

#[test]
fn each_page_ends_with_related_pages_that_share_its_terms() {
    let out = hub();
    let html = read(&out.join("case-studies/columbus-wis/index.html"));
    let related = &html[html.find("<section class=\"related\"").expect("related pages")..];
    let related = &related[..related.find("</section>").expect("its end")];
    let links = related.matches("<li><a href=").count();
    assert_eq!(links, 5, "five related pages: {related}");
    assert!(!related.contains("href=\"/case-studies/columbus-wis/\""), "never the page itself: {related}");
}

/// The `content` of `<meta property="NAME">` in a page's head.
fn og(html: &str, name: &str) -> Option<String> {
    let needle = format!("<meta property=\"{name}\" content=\"");
    let at = html.find(&needle)? + needle.len();
    Some(html[at..at + html[at..].find('"')?].to_string())
}

#[test]
fn shared_links_unfurl_with_a_title_description_and_a_1200_by_630_image() {
    let out = hub();
    let base = base_url();
    let check_image = |url: &str| {
        assert!(url.starts_with(&base), "og:image is absolute: {url}");
        let file = out.join(url.trim_start_matches(&base));
        let img = image::open(&file).unwrap_or_else(|e| panic!("{} decodes: {e}", file.display()));
        assert_eq!((img.width(), img.height()), (1200, 630), "{url}");
    };
    let study = read(&out.join("case-studies/red-hook-ny/index.html"));
    let front = front_matter(&Path::new(REPO).join("content/case-studies/red-hook-ny.md"));
    assert_eq!(og(&study, "og:title").as_deref(), front["title"].as_str());
    assert_eq!(og(&study, "og:url").unwrap(), format!("{base}case-studies/red-hook-ny/"));
    assert_eq!(og(&study, "og:description").as_deref(), front["summary"].as_str());
    assert_eq!(og(&study, "og:type").as_deref(), Some("article"));
    assert!(og(&study, "article:published_time").is_some(), "a dated page says when");
    let fallback = og(&study, "og:image").expect("the site's share image");
    assert!(fallback.contains("/share.") && fallback.ends_with("-1200x630.png"), "{fallback}");
    check_image(&fallback);
    assert_eq!(og(&study, "og:image:width").as_deref(), Some("1200"));
    assert_eq!(og(&study, "og:image:height").as_deref(), Some("630"));
    assert!(study.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));

    let plan = read(&out.join("turning-outward/90-day-plan/index.html"));
    let own = og(&plan, "og:image").expect("the plan's own image");
    assert!(own.contains("/diagrams/plan-timeline-share."), "{own}");
    check_image(&own);
    let home = read(&out.join("index.html"));
    assert_eq!(og(&home, "og:type").as_deref(), Some("website"));
    assert_eq!(og(&home, "og:url").unwrap(), base);
}
