//! Data files (issue 13, point 4): `load_data` reads `data/*.{csv,json,yaml,toml}`, a schema in
//! site.yaml types them, a wrong value is an error at its row and column, and a path outside
//! the root is refused.

use crate::util::*;

const CSV: &str =
    "name,place,amount\nRed Hook Library,\"Red Hook, N.Y.\",5000\nSpringfield,\"Springfield, Ill.\",750\n";

/// The `minimal` fixture whose home page lists `data/FILE`'s records' `name` and `amount`.
fn site_with(file: &str, text: &str) -> Site {
    let site = fixture("minimal");
    site.write(&format!("data/{file}"), text);
    site.write(
        "templates/index.html",
        &format!(
            "{{% set rows = load_data(path=\"data/{file}\") %}}{{% for r in rows %}}[{{{{ r.name }}}}: {{{{ r.amount }}}}]{{% endfor %}}"
        ),
    );
    site
}

#[test]
fn load_data_reads_csv_json_yaml_and_toml() {
    let cases = [
        ("grantees.csv", CSV.to_string()),
        ("grantees.json", r#"[{"name": "Red Hook Library", "amount": 5000}, {"name": "Springfield", "amount": 750}]"#.into()),
        ("grantees.yaml", "- name: Red Hook Library\n  amount: 5000\n- name: Springfield\n  amount: 750\n".into()),
        ("grantees.toml", "[[grantees]]\nname = \"Red Hook Library\"\namount = 5000\n\n[[grantees]]\nname = \"Springfield\"\namount = 750\n".into()),
    ];
    for (file, text) in cases {
        let site = site_with(file, &text);
        if file.ends_with(".toml") {
            site.write("templates/index.html", "{% set d = load_data(path=\"data/grantees.toml\") %}{% for r in d.grantees %}[{{ r.name }}: {{ r.amount }}]{% endfor %}");
        }
        let out = site.build_ok(&[]);
        assert_eq!(read(&out.join("index.html")), "[Red Hook Library: 5000][Springfield: 750]", "{file}");
    }
}

#[test]
fn a_csv_cell_keeps_its_quoted_comma_and_a_schema_types_it() {
    let site = site_with("grantees.csv", CSV);
    site.append("site.yaml", "data:\n  grantees:\n    fields:\n      name: { type: string, required: true }\n      place: string\n      amount: integer\n");
    site.write(
        "templates/index.html",
        "{% for r in load_data(path='data/grantees.csv') %}{{ r.place }}={{ r.amount + 1 }};{% endfor %}",
    );
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("index.html")), "Red Hook, N.Y.=5001;Springfield, Ill.=751;");
}

#[test]
fn a_wrong_csv_value_is_an_error_at_its_row_and_column() {
    let site = site_with("grantees.csv", "name,place,amount\nRed Hook,\"Red Hook, N.Y.\",\"5,000\"\n");
    site.append(
        "site.yaml",
        "data:\n  grantees:\n    fields:\n      name: string\n      place: string\n      amount: integer\n",
    );
    site.build(&[]).assert_error().assert_stderr_has(&[
        "data/grantees.csv:2:27",
        "`amount` is `5,000`, but it must be a whole number",
        "write digits only",
    ]);
}

#[test]
fn an_unknown_column_or_key_has_a_did_you_mean() {
    let site = site_with("grantees.csv", "name,amout\nRed Hook,5000\n");
    site.append("site.yaml", "data:\n  grantees:\n    fields:\n      name: string\n      amount: integer\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "data/grantees.csv:1:6",
        "unknown column `amout`",
        "did you mean `amount`?",
    ]);

    let site = site_with("grantees.yaml", "- name: Red Hook\n  amount: 5000\n- name: Springfield\n  amout: 750\n");
    site.append("site.yaml", "data:\n  grantees:\n    fields:\n      name: string\n      amount: integer\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "data/grantees.yaml:4:3",
        "unknown field `amout`",
        "did you mean `amount`?",
    ]);
}

#[test]
fn a_wrong_json_or_toml_value_points_at_its_record() {
    let json =
        "[\n  {\"name\": \"Red Hook\", \"amount\": 5000},\n  {\"name\": \"Springfield\", \"amount\": \"lots\"}\n]\n";
    let site = site_with("grantees.json", json);
    site.append("site.yaml", "data:\n  grantees:\n    fields:\n      name: string\n      amount: integer\n");
    site.build(&[])
        .assert_error()
        .assert_stderr_has(&["data/grantees.json:3:37", "`amount` is `lots`, but it must be a whole number"]);

    let toml = "[[grantees]]\nname = \"Red Hook\"\n\n[[grantees]]\nname = \"Springfield\"\nday = 2017-02-30\n";
    let site = site_with("grantees.toml", toml);
    site.append(
        "site.yaml",
        "data:\n  grantees:\n    fields:\n      name: string\n      day: { type: date, required: true }\n",
    );
    site.build(&[]).assert_error().assert_stderr_has(&["data/grantees.toml:", "invalid TOML"]);
    site.write(
        "data/grantees.toml",
        "[[grantees]]\nname = \"Red Hook\"\nday = \"2017-02-03\"\n\n[[grantees]]\nname = \"Springfield\"\n",
    );
    site.build(&[])
        .assert_error()
        .assert_stderr_has(&["data/grantees.toml:6:1", "this record has no `day`, which is required"]);
}

#[test]
fn a_load_data_path_outside_the_root_is_refused_naming_the_argument() {
    for path in ["../secret.csv", "/etc/passwd", "data/../../x.csv"] {
        let site = site_with("grantees.csv", CSV);
        site.write("templates/index.html", &format!("{{{{ load_data(path=\"{path}\") }}}}"));
        site.build(&[]).assert_error().assert_stderr_has(&["templates/index.html", "the argument `path`", path]);
    }
}

#[test]
fn a_missing_data_file_or_schema_says_which_exist() {
    let site = site_with("grantees.csv", CSV);
    site.write("templates/index.html", "{{ load_data(path=\"data/grantes.csv\") }}");
    site.build(&[])
        .assert_error()
        .assert_stderr_has(&["no data file `data/grantes.csv`", "did you mean `data/grantees.csv`?"]);

    let site = site_with("grantees.csv", CSV);
    site.append("site.yaml", "data:\n  grantes:\n    fields:\n      name: string\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "site.yaml:6:3",
        "no data/grantes.csv",
        "did you mean `grantees`?",
    ]);
}

#[test]
fn a_data_edit_rerenders_exactly_the_outputs_that_loaded_it() {
    use ltc_hub::BuildOptions;
    use ltc_hub::incremental::Session;
    let site = site_with("grantees.csv", CSV);
    site.write("data/other.json", "[]");
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 1, ..Default::default() };
    let mut session = Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    site.write("data/grantees.csv", "name,place,amount\nNew Library,\"Town, Ore.\",10\n");
    let report = session
        .rebuild_changed(&[site.root.join("data/grantees.csv")], &mut |_| {})
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_eq!(report.changes, ["Data"]);
    assert_eq!(read(&out.join("index.html")), "[New Library: 10]");
    // The same as a fresh build.
    let fresh = site.build_ok(&[]);
    assert_eq!(read(&fresh.join("index.html")), read(&out.join("index.html")));
    // A broken edit fails at its place and leaves the site as it was; fixing it rebuilds.
    site.append(
        "site.yaml",
        "data:\n  grantees:\n    fields:\n      name: string\n      place: string\n      amount: integer\n",
    );
    site.write("data/grantees.csv", "name,place,amount\nNew Library,Town,ten\n");
    let failure = session.rebuild_changed(&[site.root.join("data/grantees.csv")], &mut |_| {}).unwrap_err();
    assert!(failure.diagnostics.iter().any(|d| d.message.contains("`amount` is `ten`")), "{:?}", failure.diagnostics);
    assert_eq!(read(&out.join("index.html")), "[New Library: 10]");
}

#[test]
fn schema_writes_a_json_schema_per_typed_data_file() {
    let site = site_with("partners/libraries.yaml", "- name: Red Hook\n  amount: 5\n");
    site.append("site.yaml", "data:\n  partners/libraries:\n    fields:\n      name: { type: string, required: true }\n      amount: integer\n");
    let out = site.tmp().join("schemas");
    site.run("schema", &["--out", path_str(&out)]).assert_success();
    assert_eq!(tree_names(&out), ["data-partners-libraries.schema.json"]);
    let schema: serde_json::Value =
        serde_json::from_str(&read(&out.join("data-partners-libraries.schema.json"))).expect("valid JSON");
    assert_eq!(schema["type"], "array");
    assert_eq!(schema["items"]["required"], serde_json::json!(["name"]));
    assert_eq!(schema["items"]["properties"]["amount"]["type"], "integer");
}
