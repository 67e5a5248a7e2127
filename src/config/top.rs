//! Top-level keys of site.yaml read in one piece: `base_url` and `outputs`.

use serde_yaml::Mapping;

use super::{OUTPUT_KEYS, Outputs, Validator};

impl Validator<'_> {
    /// `base_url` (or the command line's), split into absolute URL and base path.
    pub(super) fn base_url(&mut self, map: &Mapping, base_url_override: Option<&str>) -> (String, String) {
        let v = self;
        let base_url_raw = match base_url_override {
            Some(b) => Some(b.to_string()),
            None => v.string(map, &[], "base_url"),
        };
        match base_url_raw.as_deref().map(normalize_base_url) {
            Some(Ok(pair)) => pair,
            Some(Err(why)) => {
                let help = "use an absolute URL such as `https://example.org/` or `https://example.org/ltc/`";
                let d = v.err(&[], Some("base_url"), format!("base_url {why}"), help);
                v.diags.push(d);
                ("https://example.org/".into(), "/".into())
            }
            None => {
                let d = v.err(
                    &[],
                    None,
                    "site.yaml has no `base_url`".into(),
                    "add a line such as `base_url: \"https://example.org/\"`",
                );
                v.diags.push(d);
                ("https://example.org/".into(), "/".into())
            }
        }
    }

    /// `outputs:`, every switch on unless turned off (but `json_feed` and `cms`, off unless turned on).
    pub(super) fn outputs(&mut self, map: &Mapping) -> Outputs {
        let Some(m) = self.sub_map(map, "outputs", OUTPUT_KEYS) else { return Outputs::default() };
        let mut flag = |key: &str, default: bool| self.boolean(&m, &["outputs"], key).unwrap_or(default);
        Outputs {
            sitemap: flag("sitemap", true),
            robots: flag("robots", true),
            feeds: flag("feeds", true),
            search: flag("search", true),
            calendar: flag("calendar", true),
            resources_json: flag("resources_json", true),
            json_feed: flag("json_feed", false),
            cms: flag("cms", false),
        }
    }
}

/// Splits an absolute base URL into (URL ending in `/`, path ending in `/`).
fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 {
        return Err(format!("`{url}` has no host name"));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!("`{url}` must not contain a query, fragment, spaces or quotes"));
    }
    let mut path = rest[host_end..].to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("`{url}` must not contain `.` or `..` segments"));
    }
    let scheme_len = url.len() - rest.len();
    let full = format!("{}{}{}", &url[..scheme_len], &rest[..host_end], path);
    Ok((full, path))
}
