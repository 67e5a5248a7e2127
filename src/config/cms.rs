//! `cms:` in site.yaml: how the editing forms that `outputs: { cms: true }` writes under
//! `admin/` load their editor and where they save.
//!
//! ```yaml
//! outputs: { cms: true }
//! cms:
//!   backend: { name: github, repo: "OWNER/ltc-hub", branch: main }   # default: serve --edit
//!   script: "/admin/decap-cms.js"          # default: Decap CMS from unpkg, pinned, with SRI
//!   integrity: "sha384-…"                  # the script's SRI hash (only with `script:`)
//!   media_folder: "static/uploads"         # where uploaded files go (default)
//!   publish_mode: editorial_workflow       # Decap's: saves become pull requests (default simple)
//! ```

use serde_yaml::{Mapping, Value as Y};

use super::Validator;

const CMS_KEYS: &[&str] = &["backend", "script", "integrity", "media_folder", "publish_mode"];

/// The pinned Decap CMS script the admin page loads unless `cms.script` names another.
pub const DECAP_SCRIPT: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";
/// Its SRI hash: sha384 of `dist/decap-cms.js` in the npm package decap-cms 3.16.3.
pub const DECAP_INTEGRITY: &str = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";
/// Where uploaded files go unless `cms.media_folder` says otherwise.
pub const MEDIA_FOLDER: &str = "static/uploads";

/// The validated `cms:` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Cms {
    /// `cms.backend` as written (a mapping with `name`), for config.yml; `None`: the local
    /// proxy that `serve --edit` answers.
    pub backend: Option<serde_json::Value>,
    /// The editor's script: an http(s) URL or a path on the site (`/admin/decap-cms.js`).
    pub script: String,
    /// The script's SRI hash, when known.
    pub integrity: Option<String>,
    /// Uploaded files' folder, relative to the root, under `static/`.
    pub media_folder: String,
    /// Decap's `publish_mode` (`simple` or `editorial_workflow`), when given.
    pub publish_mode: Option<String>,
}

impl Default for Cms {
    fn default() -> Self {
        Cms {
            backend: None,
            script: DECAP_SCRIPT.into(),
            integrity: Some(DECAP_INTEGRITY.into()),
            media_folder: MEDIA_FOLDER.into(),
            publish_mode: None,
        }
    }
}

impl Cms {
    /// Where files of the media folder are published, relative to the site's base path
    /// (`uploads` for `static/uploads`).
    pub fn public_folder(&self) -> &str {
        self.media_folder.strip_prefix("static/").unwrap_or("")
    }
}

impl Validator<'_> {
    /// `cms:`, every key optional.
    pub(super) fn cms(&mut self, map: &Mapping) -> Cms {
        let Some(m) = self.sub_map(map, "cms", CMS_KEYS) else { return Cms::default() };
        let mut cms = Cms::default();
        if let Some(value) = m.get("backend") {
            cms.backend = self.cms_backend(value);
        }
        let safe = |s: &str| !s.contains(['"', '<', '>', ' ', '\\', '\'']);
        let help = "write an https:// URL, or a path on the site such as `/admin/decap-cms.js` (a file of static/)";
        let address = |s: &str| ["https://", "http://", "/"].iter().any(|p| s.starts_with(p)) && safe(s);
        if let Some(script) = self.cms_text(&m, "script", address, "is not a script address", help) {
            cms.script = script;
            cms.integrity = None;
        }
        let help = "write `sha384-` and the base64 digest, e.g. from `openssl dgst -sha384 -binary FILE | base64`";
        let sri = |s: &str| ["sha256-", "sha384-", "sha512-"].iter().any(|p| s.starts_with(p)) && safe(s);
        if let Some(integrity) = self.cms_text(&m, "integrity", sri, "is not an SRI hash", help) {
            cms.integrity = Some(integrity);
        }
        let help = "name a folder under static/, e.g. `static/uploads`, so the build publishes what is uploaded";
        let under_static =
            |s: &str| s.trim_end_matches('/').strip_prefix("static/").is_some_and(crate::fs_guard::is_safe_relative);
        if let Some(folder) = self.cms_text(&m, "media_folder", under_static, "cannot hold the uploaded files", help) {
            cms.media_folder = folder.trim_end_matches('/').to_string();
        }
        let help = "write `simple` (every save is a commit) or `editorial_workflow` (saves become pull requests)";
        let mode = |s: &str| matches!(s, "simple" | "editorial_workflow");
        cms.publish_mode = self.cms_text(&m, "publish_mode", mode, "is not a publish mode of Decap CMS", help);
        cms
    }

    /// `cms.backend`: a mapping with a `name`, passed on to config.yml as written.
    fn cms_backend(&mut self, value: &Y) -> Option<serde_json::Value> {
        let named = value.as_mapping().and_then(|m| m.get("name")).and_then(Y::as_str).is_some_and(|n| !n.is_empty());
        let json = serde_json::to_value(value).ok().filter(|_| named);
        if json.is_none() {
            let help = "write e.g. `backend: { name: github, repo: \"OWNER/REPO\", branch: main }`";
            self.cms_error("backend", "`cms.backend` must be a mapping with a `name`".into(), help);
        }
        json
    }

    /// `cms.KEY`'s text if `ok` says it fits, else an error "`TEXT` WHY" with `help`.
    fn cms_text(&mut self, m: &Mapping, key: &str, ok: impl Fn(&str) -> bool, why: &str, help: &str) -> Option<String> {
        let text = self.string(m, &["cms"], key)?;
        if ok(&text) {
            return Some(text);
        }
        self.cms_error(key, format!("`{text}` {why}"), help);
        None
    }

    /// An error at `cms.KEY`.
    fn cms_error(&mut self, key: &str, message: String, help: &str) {
        let d = self.err(&["cms"], Some(key), message, help);
        self.diags.push(d);
    }
}
