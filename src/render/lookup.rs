//! What templates can look up — `get_url`, `get_hash`, `get_page`, `get_section`,
//! `get_taxonomy` — and the
//! record of what each output looked up. A `Lookup` belongs to one snapshot of the site and is
//! never changed: a rebuild makes a new one. The functions are bound to it when a `Renderer` is
//! made (`Theme::renderer`); while Markdown is rendered (shortcodes) they are bound to nothing
//! and say so.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Kwargs, State, Tera, Value};

use super::context::Views;
use super::deps::Dep;
use crate::site::{PageId, SectionId, Site};

/// The hidden context variable holding the index of the output being rendered, so that a
/// lookup knows whom to record it for.
pub(crate) const OUTPUT_VAR: &str = "__ltc_output";

/// Keys to ids: `@/` page keys, section keys (`blog/_index.md`), taxonomy names. Built once per
/// site structure and shared by the snapshots that keep it.
#[derive(Debug, Default)]
pub struct Index {
    pub(crate) pages: HashMap<String, PageId>,
    pub(crate) sections: HashMap<String, SectionId>,
    pub(crate) taxonomies: HashMap<String, usize>,
}

impl Index {
    pub fn new(site: &Site) -> Index {
        Index {
            pages: site.pages.iter().enumerate().map(|(i, p)| (p.key.clone(), i)).collect(),
            sections: site.sections.iter().enumerate().map(|(i, s)| (crate::site::section_key(s), i)).collect(),
            taxonomies: site.taxonomies.iter().enumerate().map(|(i, t)| (taxonomy_key(site, t), i)).collect(),
        }
    }
}

/// A taxonomy's key in the index: its name, and `NAME.LANG` in a language besides the default.
fn taxonomy_key(site: &Site, t: &crate::site::Taxonomy) -> String {
    if t.lang == site.config.language { t.config.name.clone() } else { format!("{}.{}", t.config.name, t.lang) }
}

/// One snapshot's site, its views, and the lookups made while rendering it.
pub struct Lookup {
    pub(crate) site: Arc<Site>,
    /// The data files as template values, by key (`data/grantees.csv`).
    data: HashMap<String, Value>,
    pub(crate) views: Arc<Views>,
    pub(crate) index: Arc<Index>,
    /// Static files and stylesheets, for `get_url` and `get_hash`.
    pub(crate) assets: Arc<super::assets::Assets>,
    seen: Mutex<Vec<(usize, Dep)>>,
    /// Files published for templates (`resize_image`): (output index, path, cache entry).
    made: Mutex<Vec<(usize, String, std::path::PathBuf)>>,
    /// A lookup was made where the output being rendered is unknown (inside a component).
    unattributed: AtomicBool,
}

/// What the outputs of one render looked up.
#[derive(Debug, Default)]
pub struct Recorded {
    /// (output index, what it looked up).
    pub seen: Vec<(usize, Dep)>,
    /// (output index, path, cache entry) of the images templates resized, to publish.
    pub made: Vec<(usize, String, std::path::PathBuf)>,
    /// True when some lookup could not be tied to its output: every output then depends on
    /// every page.
    pub unattributed: bool,
}

impl Lookup {
    pub fn new(site: Arc<Site>, views: Arc<Views>, index: Arc<Index>, assets: Arc<super::assets::Assets>) -> Lookup {
        let data = site
            .data
            .keys()
            .filter_map(|k| Some((k.to_string(), Value::from_serializable(&**site.data.get(k)?))))
            .collect();
        Lookup {
            site,
            data,
            views,
            index,
            assets,
            seen: Mutex::new(Vec::new()),
            made: Mutex::new(Vec::new()),
            unattributed: AtomicBool::new(false),
        }
    }

    /// The lookups recorded since the last call.
    pub fn take(&self) -> Recorded {
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let made = std::mem::take(&mut *self.made.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        Recorded { seen, made, unattributed: self.unattributed.swap(false, Ordering::Relaxed) }
    }

    /// Publishes the cache entry `cache` at `path`, for the output being rendered.
    pub(super) fn publish(&self, state: &State, path: &str, cache: &std::path::Path) {
        let i = state.get::<u64>(OUTPUT_VAR).ok().flatten().map_or(usize::MAX, |i| i as usize);
        let mut made = self.made.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        made.push((i, path.to_string(), cache.to_path_buf()));
    }

    pub(super) fn note(&self, state: &State, dep: Dep) {
        match state.get::<u64>(OUTPUT_VAR).ok().flatten() {
            Some(i) => self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((i as usize, dep)),
            None => self.unattributed.store(true, Ordering::Relaxed),
        }
    }
}

fn not_ready() -> tera::Error {
    tera::Error::message("site lookups are not available in shortcodes")
}

/// Registers the lookup functions on `tera`, bound to `lookup` (`None`: not available yet).
pub(super) fn register(tera: &mut Tera, lookup: Option<Arc<Lookup>>) {
    super::images::register(tera, lookup.clone());
    let l = lookup.clone();
    tera.register_function("get_url", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        super::args::only("get_url", &kwargs, &["path", "cachebust", "lang"])?;
        let path: &str = kwargs.must_get("path")?;
        let cachebust: bool = kwargs.get("cachebust")?.unwrap_or(false);
        let lang: Option<&str> = kwargs.get("lang")?;
        let l = l.as_ref().ok_or_else(not_ready)?;
        let lang = other_language(l, "get_url", lang)?;
        get_url(l, state, path, cachebust, lang)
    });
    let l = lookup.clone();
    tera.register_function("get_hash", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        super::args::only("get_hash", &kwargs, &["path", "sha_type", "base64"])?;
        let path: &str = kwargs.must_get("path")?;
        let sha_type: u64 = kwargs.get("sha_type")?.unwrap_or(384);
        let base64: bool = kwargs.get("base64")?.unwrap_or(true);
        let l = l.as_ref().ok_or_else(not_ready)?;
        let asset = asset(l, state, "get_hash", path)?;
        let digest = asset.digest(sha_type).map_err(|e| tera::Error::message(format!("get_hash: {e}")))?;
        Ok(if base64 {
            use base64::Engine;
            format!("sha{sha_type}-{}", base64::engine::general_purpose::STANDARD.encode(digest))
        } else {
            super::assets::hex(digest)
        })
    });
    register_load_data(tera, &lookup);
    register_find(
        tera,
        &lookup,
        "get_page",
        "path",
        "page",
        |l| &l.index.pages,
        |l, id| (Dep::Page(id), &l.views.pages[id]),
    );
    register_find(
        tera,
        &lookup,
        "get_section",
        "path",
        "section",
        |l| &l.index.sections,
        |l, id| (Dep::Section(id), &l.views.sections[id]),
    );
    register_find(
        tera,
        &lookup,
        "get_taxonomy",
        "name",
        "taxonomy",
        |l| &l.index.taxonomies,
        |l, id| (Dep::Taxonomy(id), &l.views.taxonomies[id]),
    );
}

/// `get_url`: a page's URL (`@/KEY`), an absolute URL as it is, or a site path with the base
/// path; a static file or stylesheet by its published (maybe fingerprinted) name, and with
/// `cachebust` a hash of its bytes as `?h=` when its name carries none.
fn get_url(l: &Lookup, state: &State, path: &str, cachebust: bool, lang: Option<&str>) -> tera::TeraResult<String> {
    if let Some(key) = path.strip_prefix("@/") {
        let (key, anchor) = key.split_once('#').map_or((key, None), |(k, a)| (k, Some(a)));
        let links = &l.site.links;
        let in_lang = lang.and_then(|code| links.resolve(&crate::content::translations::key_in(key, code)).ok());
        let url = match in_lang {
            Some(url) => url,
            None => links.resolve(key).map_err(|why| {
                tera::Error::message(match why {
                    crate::markdown::Unresolved::Headless(found) => {
                        format!("get_url: `@/{found}` has `render: false`, so it has no address")
                    }
                    crate::markdown::Unresolved::Missing(_) => format!("get_url: there is no page `@/{key}`"),
                })
            })?,
        };
        return Ok(anchor.map_or_else(|| url.to_string(), |a| format!("{url}#{a}")));
    }
    if path.contains("://") {
        return Ok(path.to_string());
    }
    if let Some(code) = lang {
        return Ok(l.site.url(&format!("{code}/{}", path.trim_start_matches('/'))));
    }
    let found = l.assets.get(path).filter(|a| cachebust || a.fingerprinted);
    let Some(_) = found else {
        if cachebust {
            return Err(not_an_asset("get_url", path));
        }
        return Ok(l.site.url(path.trim_start_matches('/')));
    };
    let a = asset(l, state, "get_url", path)?;
    let url = l.site.url(&a.published);
    if a.fingerprinted || !cachebust {
        return Ok(url);
    }
    let digest = a.digest(256).map_err(|e| tera::Error::message(format!("get_url: {e}")))?;
    Ok(format!("{url}?h={}", super::assets::hex(digest)))
}

/// The `lang` argument of `name`: `None` for the default language (or none given), an error
/// for a language site.yaml does not declare.
fn other_language<'a>(l: &Lookup, name: &str, lang: Option<&'a str>) -> tera::TeraResult<Option<&'a str>> {
    let config = &l.site.config;
    match lang {
        None => Ok(None),
        Some(code) if code == config.language => Ok(None),
        Some(code) if config.lang(code).is_some() => Ok(Some(code)),
        Some(code) => Err(tera::Error::message(format!(
            "{name}: `lang=\"{code}\"` is not a language of this site; site.yaml declares: {}",
            config.language_codes().collect::<Vec<_>>().join(", ")
        ))),
    }
}

fn not_an_asset(name: &str, path: &str) -> tera::Error {
    tera::Error::message(format!(
        "{name}: `{path}` is not a file of static/ (the theme's or the site's) or a stylesheet made from sass/"
    ))
}

/// The static file or stylesheet `path`, recorded as read by the output being rendered (its
/// files, so that a change to one renders the output again).
fn asset<'a>(l: &'a Lookup, state: &State, name: &str, path: &str) -> tera::TeraResult<&'a super::assets::Asset> {
    let a = l.assets.get(path).ok_or_else(|| not_an_asset(name, path))?;
    for src in a.reads() {
        l.note(state, Dep::File(src.clone()));
    }
    Ok(a)
}

/// Registers `name(ARG=key)`: the view of the item `key` names in `index`, recorded as a `Dep`
/// of the output being rendered; an error naming `what` when there is none.
fn register_find(
    tera: &mut Tera,
    lookup: &Option<Arc<Lookup>>,
    name: &'static str,
    arg: &'static str,
    what: &'static str,
    index: fn(&Lookup) -> &HashMap<String, usize>,
    view: fn(&Lookup, usize) -> (Dep, &Value),
) {
    let l = lookup.clone();
    tera.register_function(name, move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        super::args::only(name, &kwargs, &[arg, "lang"])?;
        let key: &str = kwargs.must_get(arg)?;
        let key = key.trim_start_matches("@/");
        let l = l.as_ref().ok_or_else(not_ready)?;
        let lang = other_language(l, name, kwargs.get("lang")?)?;
        // In another language: its version where there is one, else the default language's.
        let translated = lang.map(|code| match arg {
            "name" => format!("{key}.{code}"),
            _ => crate::content::translations::key_in(key, code),
        });
        let found = translated.and_then(|k| index(l).get(&k)).or_else(|| index(l).get(key));
        let id = *found.ok_or_else(|| tera::Error::message(format!("{name}: there is no {what} `{key}`")))?;
        let (dep, value) = view(l, id);
        l.note(state, dep);
        Ok(value.clone())
    });
}

/// Registers `load_data(path="data/NAME.EXT")`: a data file's value, recorded as a `Dep` of the
/// output being rendered. A path outside the root, or no data file, is an error naming it.
fn register_load_data(tera: &mut Tera, lookup: &Option<Arc<Lookup>>) {
    let l = lookup.clone();
    tera.register_function("load_data", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        super::args::only("load_data", &kwargs, &["path"])?;
        let path: &str = kwargs.must_get("path")?;
        let key = crate::data::key_of(path).map_err(tera::Error::message)?;
        let l = l.as_ref().ok_or_else(not_ready)?;
        let value = l.data.get(key).ok_or_else(|| tera::Error::message(crate::data::missing(&l.site.data, key)))?;
        l.note(state, Dep::Data(Arc::from(key)));
        Ok(value.clone())
    });
}
