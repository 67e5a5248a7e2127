//! site.yaml's parsing: base paths and unknown keys.

use super::*;

fn cfg(text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse(&Arc::from(text), None)
}

#[test]
fn base_path_comes_from_base_url() {
    let c = cfg("title: t\nbase_url: https://example.org/ltc\n").unwrap();
    assert_eq!(c.base_url, "https://example.org/ltc/");
    assert_eq!(c.base_path, "/ltc/");
}

#[test]
fn unknown_key_suggests_the_close_one() {
    let errs = cfg("title: t\nbase_url: https://e.org/\ntaxonomy: [tags]\n").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert!(errs[0].help.as_deref().unwrap().contains("did you mean `taxonomies`"));
    assert_eq!(errs[0].line_col(), Some((3, 1)));
}
