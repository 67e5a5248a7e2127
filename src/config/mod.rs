//! `site.yaml`: read, strictly validated, turned into a [`Config`]. Two layers, as in ripgrep's
//! flags: the raw YAML value (what the editor typed) is checked key by key, and every unknown
//! key or wrong type becomes a diagnostic pointing at its line, with a did-you-mean hint.
//! Nothing here knows about content or templates.

use std::path::Path;
use std::sync::Arc;

use serde_yaml::{Mapping, Value as Y};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml;

mod assets;
pub mod cms;
pub(crate) mod collections;
pub mod env;
mod images;
mod languages;
pub(crate) mod link_check;
mod links;
mod markdown;
mod menus;
mod top;
pub use assets::{Css, Fingerprint};
pub use collections::RESERVED;
pub use images::Images;
pub use languages::Language;
pub use markdown::{HIGHLIGHT_THEMES, HeadingAnchors, Highlight};
pub use menus::{MenuEntry, Related, Target};

pub const FILE_NAME: &str = "site.yaml";

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "languages",
    "description",
    "theme",
    "taxonomies",
    "pagination",
    "feed",
    "outputs",
    "extra",
    "collections",
    "allow_links_to",
    "links",
    "markdown",
    "images",
    "data",
    "menus",
    "related",
    "css",
    "fingerprint",
    "cms",
];
const OUTPUT_KEYS: &[&str] =
    &["sitemap", "robots", "feeds", "search", "calendar", "resources_json", "json_feed", "cms"];
const TAXONOMY_KEYS: &[&str] = &["name", "title", "description", "paginate_by", "terms", "feed"];
const PAGINATION_KEYS: &[&str] = &["paginate_by"];
const FEED_KEYS: &[&str] = &["limit"];

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute, always ending in `/`, e.g. `https://example.org/ltc/`.
    pub base_url: String,
    /// The path part of `base_url`: `/` or `/ltc/`.
    pub base_path: String,
    /// The default language's code (`language:`), published at the root.
    pub language: String,
    /// `languages:`: the other languages, in the order written (see [`languages`]).
    pub languages: Vec<Language>,
    pub description: Option<String>,
    pub theme: Option<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Pages per listing page; 0 means listings are not paginated.
    pub paginate_by: usize,
    pub feed_limit: usize,
    pub outputs: Outputs,
    /// Typed front matter schemas, by section key (`case-studies`, `trainings/series-1`).
    pub collections: std::collections::BTreeMap<String, collections::Collection>,
    /// Folders outside the root that symbolic links may point into, as written (see `fs_guard`).
    pub allow_links_to: Vec<std::path::PathBuf>,
    /// `links:`, for `check --external`.
    pub links: link_check::LinkCheck,
    /// `markdown.heading_anchors`: where headings get a link to themselves.
    pub heading_anchors: HeadingAnchors,
    /// `markdown.highlight*`: syntax highlighting of fenced code, and its stylesheet's themes.
    pub highlight: Highlight,
    /// `images:`: the responsive variants of published raster images.
    pub images: Images,
    /// Typed schemas of data files (`data:`), by file name without extension (`grantees`).
    pub data: std::collections::BTreeMap<String, collections::Collection>,
    /// `menus:`, by name, as written (`@/` targets are checked in `site::menus`).
    pub menus: std::collections::BTreeMap<String, Vec<MenuEntry>>,
    /// `related:`, how `page.related` ranks pages.
    pub related: Related,
    /// `css:`: minify and bundle published stylesheets.
    pub css: Css,
    /// `fingerprint:`: static files published under hashed names.
    pub fingerprint: Fingerprint,
    /// `cms:`: the editing forms' script and backend (written with `outputs.cms`).
    pub cms: cms::Cms,
    /// `extra` as written.
    pub extra: Y,
    /// The whole file as written (with `base_url` overridden), for templates.
    pub raw: Y,
    /// The text of site.yaml, for diagnostics found later.
    pub source: String,
    /// The environment built for (`--env`, `LTC_HUB_ENV`; `production` by default), also
    /// `config.environment` in templates.
    pub environment: String,
}

#[derive(Debug, Clone)]
pub struct TaxonomyConfig {
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    pub slug: String,
    pub paginate_by: Option<usize>,
    /// `feed: true`: each term gets `atom.xml` and `rss.xml` at its path.
    pub feed: bool,
    /// A closed set of terms (slug -> title), when site.yaml declares one.
    pub terms: Option<indexmap::IndexMap<String, String>>,
}

/// Which extra files a build writes; each is on unless `site.yaml` turns it off, except
/// `json_feed` and `cms`, off unless turned on.
#[derive(Debug, Clone, Copy)]
pub struct Outputs {
    pub sitemap: bool,
    pub robots: bool,
    pub feeds: bool,
    pub search: bool,
    pub calendar: bool,
    pub resources_json: bool,
    /// A JSON Feed 1.1 (`feed.json`) beside every Atom feed: the site's and each section's or
    /// term's that is written.
    pub json_feed: bool,
    /// `admin/index.html` and `admin/config.yml`: Decap CMS forms for the collections.
    pub cms: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            sitemap: true,
            robots: true,
            feeds: true,
            search: true,
            calendar: true,
            resources_json: true,
            json_feed: false,
            cms: false,
        }
    }
}

/// Reads and validates `ROOT/site.yaml` for the default environment (see [`load_env`]).
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    load_env(root, base_url, None)
}

/// Reads and validates `ROOT/site.yaml` with the environment's overlay `site.ENV.yaml` layered
/// over it ([`env`]); `env` is `--env`, else `LTC_HUB_ENV`. `base_url` overrides the files' value.
pub fn load_env(root: &Path, base_url: Option<&str>, env: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let environment = env::resolve(env);
    let text = env::read(root, FILE_NAME)?;
    let name = env::file_name(&environment).map_err(|d| vec![d])?;
    let overlay = if root.join(&name).is_file() {
        Some(env::read(root, &name)?)
    } else if environment == env::DEFAULT {
        None
    } else {
        return Err(vec![env::missing(root, &environment, &name)]);
    };
    let layer = overlay.as_ref().map(|text| yaml::Layer { file: Path::new(&name), text });
    parse_layered(&text, layer, base_url, &environment)
}

/// Validates the text of a `site.yaml`.
pub fn parse(text: &Arc<str>, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    parse_layered(text, None, base_url_override, env::DEFAULT)
}

/// Validates site.yaml's text with `overlay` merged over it ([`env::merge`]).
fn parse_layered(
    text: &Arc<str>,
    overlay: Option<yaml::Layer>,
    base_url_override: Option<&str>,
    environment: &str,
) -> Result<Config, Vec<Diagnostic>> {
    let file = Path::new(FILE_NAME);
    let mut value = yaml::parse(file, text, 0..text.len()).map_err(|d| vec![d])?;
    if let Some(o) = overlay {
        env::layer(&mut value, o)?;
    }
    let mut v = Validator::new(text, overlay);
    let map = match &value {
        Y::Mapping(m) => m.clone(),
        Y::Null => Mapping::new(),
        other => {
            return Err(vec![v.err(
                &[],
                None,
                format!("site.yaml must be a mapping of keys, not {}", yaml::type_name(other)),
                "start with `title: My site` on the first line",
            )]);
        }
    };
    v.unknown_keys(&map, &[], TOP_KEYS);

    let title = v.string(&map, &[], "title").unwrap_or_default();
    if title.is_empty() && map.get("title").is_none() {
        let d = v.err(&[], None, "site.yaml has no `title`".into(), "add a line such as `title: \"LTC Resource Hub\"`");
        v.diags.push(d);
    }
    let (base_url, base_path) = v.base_url(&map, base_url_override);
    let language = v.string(&map, &[], "language").unwrap_or_else(|| "en".into());
    let description = v.string(&map, &[], "description");
    let theme = v.string(&map, &[], "theme");
    let taxonomies = v.taxonomies(&map);
    let paginate_by = v
        .sub_map(&map, "pagination", PAGINATION_KEYS)
        .and_then(|m| v.count(&m, &["pagination"], "paginate_by"))
        .unwrap_or(0);
    let feed_limit = v.sub_map(&map, "feed", FEED_KEYS).and_then(|m| v.count(&m, &["feed"], "limit")).unwrap_or(20);
    let outputs = v.outputs(&map);
    let languages = v.languages(&map, &language, &outputs);
    let collections = v.collections(&map, &taxonomies);
    let allow_links_to = v.allow_links_to(&map);
    let links = v.link_check(&map);
    let (heading_anchors, highlight) = v.markdown(&map);
    let images = v.images(&map);
    let data = v.schemas(&map, "data", None);
    let menus = v.menus(&map);
    let related = v.related(&map, &taxonomies);
    let (css, fingerprint, cms) = (v.css(&map), v.fingerprint(&map), v.cms(&map));
    let extra = map.get("extra").cloned().unwrap_or(Y::Mapping(Mapping::new()));
    if !v.diags.is_empty() {
        return Err(v.0.diags);
    }
    let mut raw = map;
    raw.insert("base_url".into(), Y::String(base_url.clone()));
    raw.insert("environment".into(), Y::String(environment.to_string()));
    Ok(Config {
        title,
        base_url,
        base_path,
        language,
        languages,
        description,
        theme,
        taxonomies,
        paginate_by,
        feed_limit,
        outputs,
        collections,
        allow_links_to,
        links,
        heading_anchors,
        highlight,
        images,
        data,
        menus,
        related,
        css,
        fingerprint,
        cms,
        extra,
        raw: Y::Mapping(raw),
        source: text.to_string(),
        environment: environment.to_string(),
    })
}

/// site.yaml's reader: the crate's one typed YAML reader ([`yaml::Reader`]) over the whole
/// file, with site.yaml's help texts and its own checks (unknown keys, nested mappings,
/// taxonomies, collections, links).
struct Validator<'a>(yaml::Reader<'a>);

impl<'a> std::ops::Deref for Validator<'a> {
    type Target = yaml::Reader<'a>;
    fn deref(&self) -> &yaml::Reader<'a> {
        &self.0
    }
}

impl std::ops::DerefMut for Validator<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'a> Validator<'a> {
    fn new(text: &'a Arc<str>, overlay: Option<yaml::Layer<'a>>) -> Validator<'a> {
        let file = Path::new(FILE_NAME);
        let block = 0..text.len();
        Validator(yaml::Reader { file, text, block, code: "config", fallback: None, overlay, diags: Vec::new() })
    }

    /// An error at `key`'s value (under `parents`), or at no place when `key` is `None` or not
    /// found.
    fn err(&self, parents: &[&str], key: Option<&str>, message: String, help: &str) -> Diagnostic {
        self.error(key.and_then(|k| self.value_span(parents, k)), message, help)
    }

    fn unknown_keys(&mut self, map: &Mapping, parents: &[&str], known: &[&str]) {
        for key in map.keys() {
            let Some(k) = key.as_str() else {
                let d = self.err(
                    parents,
                    None,
                    format!("keys must be names, not {}", yaml::type_name(key)),
                    "write keys as plain words",
                );
                self.diags.push(d);
                continue;
            };
            if known.contains(&k) {
                continue;
            }
            let place = if parents.is_empty() { String::new() } else { format!(" under `{}`", parents.join(".")) };
            let help = match did_you_mean(k, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Known keys{place}: {}", known.join(", ")),
                None => format!("known keys{place}: {}", known.join(", ")),
            };
            let span = self.name_span(parents, k);
            let d = self.error(span, format!("unknown key `{k}` in site.yaml{place}"), &help);
            let d = d.with_label("unknown key");
            self.diags.push(d);
        }
    }

    fn string(&mut self, map: &Mapping, parents: &[&str], key: &str) -> Option<String> {
        let expect = yaml::Expect {
            what: "text",
            help: "write it on one line, quoted if needed",
            label: None,
            null_is_absent: true,
        };
        self.get(map, parents, key, &expect, yaml::as_text)
    }

    fn boolean(&mut self, map: &Mapping, parents: &[&str], key: &str) -> Option<bool> {
        let expect =
            yaml::Expect { what: "true or false", help: "write `true` or `false`", label: None, null_is_absent: false };
        self.get(map, parents, key, &expect, yaml::as_bool)
    }

    fn count(&mut self, map: &Mapping, parents: &[&str], key: &str) -> Option<usize> {
        let help = "write a number such as 10 (0 turns it off)";
        let expect = yaml::Expect { what: "a whole number", help, label: None, null_is_absent: false };
        self.get(map, parents, key, &expect, yaml::as_count)
    }

    fn sub_map(&mut self, map: &Mapping, key: &str, known: &[&str]) -> Option<Mapping> {
        match map.get(key)? {
            Y::Mapping(m) => {
                self.unknown_keys(m, &[key], known);
                Some(m.clone())
            }
            Y::Null => None,
            other => {
                let d = self.err(
                    &[],
                    Some(key),
                    format!("`{key}` must be a mapping, not {}", yaml::type_name(other)),
                    &format!("indent its keys under it: {}", known.join(", ")),
                );
                self.diags.push(d);
                None
            }
        }
    }

    fn taxonomies(&mut self, map: &Mapping) -> Vec<TaxonomyConfig> {
        let list = match map.get("taxonomies") {
            None | Some(Y::Null) => return Vec::new(),
            Some(Y::Sequence(list)) => list,
            Some(other) => {
                let d = self.err(
                    &[],
                    Some("taxonomies"),
                    format!("`taxonomies` must be a list, not {}", yaml::type_name(other)),
                    "write `taxonomies: [tags, library_type]`",
                );
                self.diags.push(d);
                return Vec::new();
            }
        };
        let mut out: Vec<TaxonomyConfig> = Vec::new();
        for item in list {
            let tax = match item {
                Y::String(name) => Some(TaxonomyConfig {
                    name: name.clone(),
                    title: name.clone(),
                    description: None,
                    slug: crate::slug::slugify(name),
                    paginate_by: None,
                    feed: false,
                    terms: None,
                }),
                Y::Mapping(m) => {
                    self.unknown_keys(m, &["taxonomies"], TAXONOMY_KEYS);
                    let name = self.string(m, &["taxonomies"], "name");
                    let title = self.string(m, &["taxonomies"], "title");
                    let paginate_by = self.count(m, &["taxonomies"], "paginate_by");
                    let description = self.string(m, &["taxonomies"], "description");
                    let feed = self.boolean(m, &["taxonomies"], "feed").unwrap_or(false);
                    let terms = self.closed_terms(m);
                    match name {
                        Some(name) => Some(TaxonomyConfig {
                            title: title.unwrap_or_else(|| name.clone()),
                            description,
                            slug: crate::slug::slugify(&name),
                            name,
                            paginate_by,
                            feed,
                            terms,
                        }),
                        None => {
                            let d = self.err(
                                &[],
                                Some("taxonomies"),
                                "a taxonomy has no `name`".into(),
                                "give each taxonomy a `name:`",
                            );
                            self.diags.push(d);
                            None
                        }
                    }
                }
                other => {
                    let d = self.err(
                        &[],
                        Some("taxonomies"),
                        format!("a taxonomy must be a name or a mapping, not {}", yaml::type_name(other)),
                        "write `- tags` or `- name: tags`",
                    );
                    self.diags.push(d);
                    None
                }
            };
            let Some(tax) = tax else { continue };
            if tax.slug.is_empty() || RESERVED.contains(&tax.name.as_str()) {
                let d = self.err(
                    &[],
                    Some("taxonomies"),
                    format!("`{}` cannot be a taxonomy name", tax.name),
                    &format!("choose a name of letters, digits and '-' or '_', other than {}", RESERVED.join(", ")),
                );
                self.diags.push(d);
            } else if out.iter().any(|t| t.name == tax.name) {
                let d = self.err(
                    &[],
                    Some("taxonomies"),
                    format!("taxonomy `{}` is declared twice", tax.name),
                    "remove one of them",
                );
                self.diags.push(d);
            } else {
                out.push(tax);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
