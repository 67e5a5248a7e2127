//! `ltc-hub new` (a draft page with the front matter its section needs, never overwriting) and
//! `ltc-hub schema` (one JSON Schema per collection, for editors' tools).

use serde_json::Value;

use crate::util::{fixture, listing, path_str, read, tree_names};

/// The front matter of a Markdown file, parsed.
fn front(text: &str) -> serde_yaml::Mapping {
    let yaml = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).expect("a front matter block").0;
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("the front matter is not YAML ({e}):\n{text}"))
}

#[test]
fn new_writes_a_draft_with_the_required_fields_that_builds() {
    let site = fixture("typed");
    let before = chrono::Local::now().date_naive();
    let result = site.run("new", &["trainings", "Facilitating a World Café: Part 2"]);
    let after = chrono::Local::now().date_naive();
    assert_eq!(result.code, 0, "{result:?}");
    let rel = "content/trainings/facilitating-a-world-café-part-2.md";
    assert!(result.stdout.contains("facilitating-a-world-café-part-2.md"), "it says what it wrote:\n{result:?}");
    let text = read(&site.root.join(rel));
    let fm = front(&text);
    assert_eq!(fm["title"], "Facilitating a World Café: Part 2");
    assert_eq!(fm["draft"], true);
    let date = fm["date"].as_str().expect("a date");
    assert!([before, after].iter().any(|d| d.format("%Y-%m-%d").to_string() == date), "today's date, not {date}");
    // The required fields, with placeholders that say what goes there.
    assert_eq!(fm["host"], "TODO: Who leads it", "{text}");
    assert!(text.contains("# required: Who leads it"), "{text}");
    let starts = fm["starts"].as_str().expect("starts");
    assert!(starts.starts_with(date) && starts.ends_with("-05:00"), "a date-time with an offset: {starts}");
    // Optional fields are there to fill in, commented out; taxonomies show their terms.
    assert!(text.contains("# seats: 0  # optional: a whole number"), "{text}");
    assert!(text.contains("format: []  # terms: webinar, workshop"), "{text}");
    assert!(!fm.contains_key("seats"));

    let check = site.check(&["--drafts", "--strict"]);
    assert_eq!(check.code, 0, "the new page passes check:\n{check:?}");
    site.build(&["--drafts"]).assert_success();
    assert!(site.out().join("trainings/facilitating-a-world-café-part-2/index.html").is_file());
    let published = site.build(&[]);
    published.assert_success();
    assert!(!site.out().join("trainings/facilitating-a-world-café-part-2").exists(), "a draft is not published");
}

#[test]
fn new_in_a_section_without_a_collection_builds_too() {
    let site = fixture("typed");
    let result = site.run("new", &["blog", "Spring update"]);
    assert_eq!(result.code, 0, "{result:?}");
    let text = read(&site.root.join("content/blog/spring-update.md"));
    assert!(!text.contains("host:"), "blog/ has no collection, so no collection fields:\n{text}");
    let check = site.check(&["--drafts", "--strict"]);
    assert_eq!(check.code, 0, "{check:?}");
}

#[test]
fn new_never_overwrites() {
    let site = fixture("typed");
    let rel = "content/trainings/introduction.md";
    site.write(rel, "---\ntitle: \"Mine\"\n---\n\nDo not touch.\n");
    let before = std::fs::read(site.root.join(rel)).expect("read");
    let result = site.run("new", &["trainings", "Introduction"]);
    assert_eq!(result.code, 1, "{result:?}");
    result.assert_stderr_has(&["content/trainings/introduction.md already exists", "never overwrites", "help:"]);
    assert_eq!(std::fs::read(site.root.join(rel)).expect("read"), before, "the file is unchanged");
}

#[test]
fn new_in_an_unknown_section_suggests_the_right_one() {
    let site = fixture("typed");
    let before = listing(&site.root);
    let result = site.run("new", &["trainigs", "Anything"]);
    assert_eq!(result.code, 1, "{result:?}");
    result.assert_stderr_has(&["there is no section `trainigs`", "did you mean `trainings`?"]);
    assert_eq!(listing(&site.root), before, "nothing is written");
}

#[test]
fn new_with_a_title_without_words_is_refused() {
    let site = fixture("typed");
    let result = site.run("new", &["blog", "?!"]);
    assert_eq!(result.code, 1, "{result:?}");
    assert!(result.stderr.contains("has no letters or digits"), "{result:?}");
}

#[test]
fn schema_writes_one_json_schema_per_collection() {
    let site = fixture("typed");
    let out = site.tmp().join("schemas");
    let result = site.run("schema", &["--out", path_str(&out)]);
    assert_eq!(result.code, 0, "{result:?}");
    assert_eq!(tree_names(&out), ["trainings.schema.json"], "one file per collection");
    assert!(result.stdout.contains("trainings.schema.json"), "{result:?}");
    let schema: Value = serde_json::from_str(&read(&out.join("trainings.schema.json"))).expect("valid JSON");

    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false, "unknown fields are errors in the editor too");
    assert_eq!(schema["required"], serde_json::json!(["title", "host", "starts"]));
    let props = &schema["properties"];
    assert_eq!(props["level"]["enum"], serde_json::json!(["beginner", "advanced"]), "values become an enum");
    assert_eq!(props["format"]["items"]["enum"], serde_json::json!(["webinar", "workshop"]), "closed terms too");
    assert_eq!(props["tags"]["items"]["type"], "string", "open taxonomies take any term");
    assert_eq!(props["seats"]["type"], "integer");
    assert_eq!(props["hours"]["type"], "number");
    assert_eq!(props["recorded"]["type"], "boolean");
    assert_eq!(props["render"]["type"], "boolean", "every page may set render: false, as the build takes it");
    assert_eq!(props["sessions"]["type"], "array");
    assert_eq!(props["host"]["description"], "Who leads it");
    for (name, p) in props.as_object().expect("properties") {
        assert!(p["description"].is_string(), "`{name}` has a description: {p}");
    }

    // The site's own valid pages fit their schema: no unknown key, every required key there.
    for rel in ["content/trainings/intro.md", "content/trainings/basic.md"] {
        let fm = front(&read(&site.root.join(rel)));
        for key in fm.keys() {
            let key = key.as_str().expect("text keys");
            assert!(props.get(key).is_some(), "{rel}: `{key}` is not in the schema");
        }
        for key in schema["required"].as_array().expect("required") {
            assert!(fm.contains_key(key.as_str().expect("text")), "{rel} lacks required `{key}`");
        }
    }
}

#[test]
fn schema_defaults_to_root_schemas() {
    let site = fixture("typed");
    let result = site.run("schema", &[]);
    assert_eq!(result.code, 0, "{result:?}");
    assert!(site.root.join("schemas/trainings.schema.json").is_file());
}

#[test]
fn schema_without_collections_writes_nothing() {
    let site = fixture("minimal");
    let result = site.run("schema", &[]);
    assert_eq!(result.code, 0, "{result:?}");
    assert!(result.stdout.contains("no collections"), "{result:?}");
    assert!(!site.root.join("schemas").exists() || tree_names(&site.root.join("schemas")).is_empty());
}
