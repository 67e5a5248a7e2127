//! The field mapping, one type and option at a time, on configurations parsed from site.yaml
//! text as a user writes it.

use std::sync::Arc;

use serde_json::{Value as J, json};

use super::*;

const SITE: &str = r#"
title: "Test site"
base_url: "https://example.org/ltc/"
taxonomies:
  - tags
  - name: format
    terms: { webinar: "Webinar", in-person: "In person" }
outputs: { cms: true }
collections:
  trainings:
    description: "One session"
    fields:
      title: { required: true }
      line: { type: string, required: true, description: "One line" }
      notes: { type: text }
      seats: { type: integer, default: 20 }
      hours: { type: number }
      recorded: { type: boolean }
      day: { type: date, required: true }
      starts: { type: datetime }
      link: { type: url }
      contact: { type: email }
      level: { values: [beginner, advanced] }
      levels: { type: list of string, values: [one, two] }
      people: { type: list of string, default: [] }
      days: { type: list of date }
  trainings/series:
    fields:
      period: { type: string }
"#;

fn parsed(text: &str) -> Config {
    crate::config::parse(&Arc::from(text), None).unwrap_or_else(|d| panic!("{d:?}"))
}

fn sections() -> Vec<Section> {
    vec![Section { key: "trainings".into(), bundles: false }, Section { key: "trainings/series".into(), bundles: true }]
}

/// The form field named `name` of the trainings collection.
fn form_field(name: &str) -> J {
    let c = super::config(&parsed(SITE), &sections());
    let fields = c["collections"][0]["fields"].as_array().expect("fields").clone();
    fields.into_iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn text_fields_are_string_or_text_widgets_with_hint_and_required() {
    let f = form_field("line");
    assert_eq!(f["widget"], "string");
    assert_eq!(f["label"], "Line");
    assert_eq!(f["required"], true);
    assert_eq!(f["hint"], "One line");
    let notes = form_field("notes");
    assert_eq!(notes["widget"], "text", "text fields take several lines");
    assert_eq!(notes["required"], false, "Decap requires fields unless told");
    assert_eq!(notes["hint"], "text", "without a description the hint says the type");
}

#[test]
fn numbers_keep_their_value_type_and_defaults() {
    let seats = form_field("seats");
    assert_eq!((seats["widget"].as_str(), seats["value_type"].as_str()), (Some("number"), Some("int")));
    assert_eq!(seats["default"], 20);
    let hours = form_field("hours");
    assert_eq!((hours["widget"].as_str(), hours["value_type"].as_str()), (Some("number"), Some("float")));
    assert!(hours.get("default").is_none());
    assert_eq!(form_field("recorded")["widget"], "boolean");
}

#[test]
fn dates_and_times_keep_the_format_the_schema_requires() {
    let day = form_field("day");
    assert_eq!(day["widget"], "datetime");
    assert_eq!(day["format"], "YYYY-MM-DD");
    assert_eq!(day["time_format"], false, "a date has no time");
    let starts = form_field("starts");
    assert_eq!(starts["widget"], "datetime");
    assert_eq!(starts["format"], "YYYY-MM-DDTHH:mm:ssZ", "Z is the UTC offset, e.g. -05:00");
    // The publication date takes a date or a date and time; the form asks for a date.
    assert_eq!(form_field("date")["format"], "YYYY-MM-DD");
}

#[test]
fn urls_and_emails_carry_the_schema_pattern_and_say_what_is_wanted() {
    let link = form_field("link");
    assert_eq!(link["widget"], "string");
    assert_eq!(link["pattern"][0], crate::forms::schema::URL_PATTERN);
    assert_eq!(link["pattern"][1], "Must be a web address starting with http:// or https://");
    let contact = form_field("contact");
    assert_eq!(contact["pattern"][0], crate::forms::schema::EMAIL_PATTERN);
    assert_eq!(contact["pattern"][1], "Must be an email address");
}

#[test]
fn closed_values_are_selects_and_lists_of_them_multiple() {
    let level = form_field("level");
    assert_eq!(level["widget"], "select");
    assert_eq!(level["options"], json!(["beginner", "advanced"]));
    assert!(level.get("multiple").is_none());
    let levels = form_field("levels");
    assert_eq!((levels["widget"].as_str(), levels["multiple"].as_bool()), (Some("select"), Some(true)));
    assert_eq!(levels["options"], json!(["one", "two"]));
}

#[test]
fn closed_taxonomies_are_multiple_selects_labelled_with_term_titles() {
    let format = form_field("format");
    assert_eq!(format["widget"], "select");
    assert_eq!(format["multiple"], true);
    assert_eq!(
        format["options"],
        json!([{"label": "Webinar", "value": "webinar"}, {"label": "In person", "value": "in-person"}])
    );
    let tags = form_field("tags");
    assert_eq!(tags["widget"], "list", "open taxonomies take any term");
    assert_eq!(tags["field"]["widget"], "string");
}

#[test]
fn lists_repeat_the_item_widget() {
    let people = form_field("people");
    assert_eq!(people["widget"], "list");
    assert_eq!(people["field"], json!({"name": "item", "label": "Item", "widget": "string"}));
    assert_eq!(people["default"], json!([]));
    let days = form_field("days");
    assert_eq!(days["field"]["widget"], "datetime");
    assert_eq!(days["field"]["format"], "YYYY-MM-DD");
}

#[test]
fn the_title_is_required_free_form_keys_are_left_out_and_the_body_is_markdown() {
    let c = super::config(&parsed(SITE), &sections());
    let fields = c["collections"][0]["fields"].as_array().expect("fields");
    assert_eq!(fields[0]["name"], "title");
    assert_eq!(fields[0]["required"], true);
    let names: Vec<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
    for gone in LEFT_OUT {
        assert!(!names.contains(gone), "{gone} is not a form field");
    }
    assert_eq!(fields.last(), Some(&json!({"name": "body", "label": "Body", "widget": "markdown", "required": false})));
}

#[test]
fn every_schema_property_has_a_form_field_and_no_field_is_invented() {
    let cfg = parsed(SITE);
    let c = self::config(&cfg, &sections());
    let schema = crate::forms::schema::json_schema(&cfg, "trainings", &cfg.collections["trainings"]);
    let mut props: Vec<&str> = schema["properties"].as_object().expect("props").keys().map(String::as_str).collect();
    props.retain(|p| !LEFT_OUT.contains(p));
    props.push("body");
    let names: Vec<&str> =
        c["collections"][0]["fields"].as_array().expect("fields").iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(names, props);
}

#[test]
fn collections_follow_the_sections_folders_and_urls() {
    let c = super::config(&parsed(SITE), &sections());
    let t = &c["collections"][0];
    assert_eq!(t["name"], "trainings");
    assert_eq!(t["folder"], "content/trainings");
    assert_eq!(t["slug"], "{{slug}}");
    assert_eq!(t["preview_path"], "trainings/{{slug}}/");
    assert_eq!(t["format"], "yaml-frontmatter");
    assert_eq!(t["description"], "One session");
    assert!(t.get("path").is_none(), "plain pages are SLUG.md");
    let s = &c["collections"][1];
    assert_eq!(s["name"], "trainings-series");
    assert_eq!(s["label"], "Trainings: Series");
    assert_eq!(s["preview_path"], "trainings/series/{{slug}}/");
    assert_eq!(s["path"], "{{slug}}/index", "bundles are SLUG/index.md");
    assert_eq!(s["media_folder"], "", "a bundle's uploads go beside its index.md");
    assert_eq!(c["site_url"], "https://example.org/ltc");
    assert_eq!(c["media_folder"], "static/uploads");
    assert_eq!(c["public_folder"], "/ltc/uploads");
}

#[test]
fn the_backend_is_serves_proxy_unless_site_yaml_names_one() {
    let c = super::config(&parsed(SITE), &sections());
    assert_eq!(c["backend"], json!({"name": "proxy", "proxy_url": "/ltc/__ltc-hub/api/v1", "branch": "main"}));
    let github = format!("{SITE}cms:\n  backend: {{ name: github, repo: \"ala/ltc-hub\", branch: main }}\n");
    let c = super::config(&parsed(&github), &sections());
    assert_eq!(c["backend"], json!({"name": "github", "repo": "ala/ltc-hub", "branch": "main"}));
    assert!(c.get("publish_mode").is_none(), "Decap's default unless asked");
    let reviewed = format!("{github}  publish_mode: editorial_workflow\n");
    let c = super::config(&parsed(&reviewed), &sections());
    assert_eq!(c["publish_mode"], "editorial_workflow");
    assert_eq!(
        c.as_object().map(|m| m.keys().next_back().cloned()),
        Some(Some("collections".into())),
        "collections last"
    );
}

#[test]
fn the_admin_page_loads_the_pinned_script_with_its_hash_or_the_one_site_yaml_names() {
    let html = index_html(&parsed(SITE));
    let pinned = format!(
        "<script src=\"{}\" integrity=\"{}\" crossorigin=\"anonymous\">",
        crate::config::cms::DECAP_SCRIPT,
        crate::config::cms::DECAP_INTEGRITY
    );
    assert!(html.contains(&pinned), "{html}");
    assert!(html.contains("decap-cms@3.16.3"), "the version is pinned");
    assert!(html.contains("<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">"));
    let own = format!("{SITE}cms:\n  script: \"/admin/decap-cms.js\"\n");
    let html = index_html(&parsed(&own));
    assert!(html.contains("<script src=\"/admin/decap-cms.js\"></script>"), "no hash unless given: {html}");
}

#[test]
fn config_yml_is_yaml_with_a_header_saying_where_it_comes_from() {
    let text = config_yml(&parsed(SITE), &sections());
    assert!(text.starts_with("# Decap CMS"));
    let back: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    assert_eq!(back["collections"][0]["fields"][0]["name"], serde_yaml::Value::from("title"));
}

#[test]
fn bad_cms_keys_are_errors_at_their_line() {
    for (yaml, needle) in [
        ("cms:\n  script: \"javascript:alert(1)\"\n", "is not a script address"),
        ("cms:\n  media_folder: \"../elsewhere\"\n", "cannot hold the uploaded files"),
        ("cms:\n  backend: github\n", "must be a mapping with a `name`"),
        ("cms:\n  integrity: \"md5-abc\"\n", "is not an SRI hash"),
        ("cms:\n  scirpt: \"/a.js\"\n", "did you mean `script`?"),
        ("cms:\n  publish_mode: pull_requests\n", "is not a publish mode of Decap CMS"),
    ] {
        let text = format!("{SITE}{yaml}");
        let errors = crate::config::parse(&Arc::from(text.as_str()), None).expect_err(yaml);
        let all = format!("{errors:?}");
        assert!(all.contains(needle), "{yaml}: {all}");
        assert!(errors[0].line_col().is_some(), "{yaml}: points at a line");
    }
}
