//! The theme's and the root's static files and the stylesheets the build makes (`style`), by
//! the path templates name them with (`style.css`): where each is published (under a hashed
//! name, `style.3f2a1c9e.css`, when site.yaml's `fingerprint:` matches it), and its hashes
//! for `get_url(cachebust=true)` and `get_hash`, computed once, when first asked for. One table
//! per snapshot, never changed; the outputs list its files (`Kind::Copy`, `Kind::Style`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::Digest;

use super::jobs::{Kind, Output};
use super::theme::Theme;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::style::Style;

/// One static file or made stylesheet.
#[derive(Debug)]
pub(crate) struct Asset {
    /// Where it is published, relative to the output folder.
    pub published: String,
    /// Its source: the static file, or the Sass or CSS file a stylesheet was made from.
    pub src: PathBuf,
    /// The stylesheet's bytes, when the build makes them rather than copying `src`.
    pub style: Option<Style>,
    /// True when `published` carries a hash of the bytes.
    pub fingerprinted: bool,
    /// sha256, sha384, sha512 of the published bytes, once asked for.
    digests: [OnceLock<Result<Vec<u8>, String>>; 3],
}

/// Every static file and stylesheet of a snapshot, by the path templates name it with.
#[derive(Debug, Default)]
pub struct Assets {
    by_name: BTreeMap<String, Asset>,
}

/// The digests `get_hash` offers, by `sha_type`.
const SHA_TYPES: [u64; 3] = [256, 384, 512];

impl Asset {
    fn new(published: String, src: PathBuf, style: Option<Style>, fingerprinted: bool) -> Asset {
        Asset { published, src, style, fingerprinted, digests: Default::default() }
    }

    /// The bytes it is published with.
    fn bytes(&self) -> Result<Vec<u8>, String> {
        match &self.style {
            Some(s) => Ok(s.css.as_bytes().to_vec()),
            None => std::fs::read(&self.src).map_err(|e| format!("cannot read {}: {e}", self.src.display())),
        }
    }

    /// The `sha_type` (256, 384 or 512) digest of its bytes.
    pub(crate) fn digest(&self, sha_type: u64) -> Result<&[u8], String> {
        let i = SHA_TYPES
            .iter()
            .position(|t| *t == sha_type)
            .ok_or_else(|| format!("`sha_type={sha_type}` is no SHA-2 size; use 256, 384 or 512"))?;
        let digest = self.digests[i].get_or_init(|| {
            let bytes = self.bytes()?;
            Ok(match sha_type {
                256 => sha2::Sha256::digest(&bytes).to_vec(),
                384 => sha2::Sha384::digest(&bytes).to_vec(),
                _ => sha2::Sha512::digest(&bytes).to_vec(),
            })
        });
        digest.as_ref().map(Vec::as_slice).map_err(Clone::clone)
    }

    /// The files that make its bytes: a change to any of them changes them.
    pub(crate) fn reads(&self) -> impl Iterator<Item = &PathBuf> {
        match &self.style {
            Some(s) => s.reads.iter(),
            None => std::slice::from_ref(&self.src).iter(),
        }
    }
}

/// Lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `name` with `hash` before its last extension: `css/style.css` -> `css/style.HASH.css`.
fn hashed_name(name: &str, hash: &str) -> String {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.').filter(|&i| i > 0) {
        Some(dot) => format!("{}.{hash}{}", &name[..file_start + dot], &name[file_start + dot..]),
        None => format!("{name}.{hash}"),
    }
}

impl Assets {
    /// The static files of `theme` (its `static/`, then the root's: the root's win) and the
    /// stylesheets made from them and from `sass/`, with their published names.
    pub(crate) fn load(root: &Path, config: &Config, theme: &Theme) -> (Assets, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut statics: BTreeMap<String, PathBuf> = BTreeMap::new();
        let scope = crate::fs_guard::Scope::new(root, &config.allow_links_to);
        for dir in &theme.static_dirs {
            let (found, mut walk_diags) = scope.walk(dir, false);
            diags.append(&mut walk_diags);
            for entry in found.into_iter().filter(|e| e.file_type.is_file()) {
                let Ok(rel) = entry.path.strip_prefix(dir) else { continue };
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                statics.insert(rel, entry.path); // the root's static/ comes last and wins
            }
        }
        let (mut styles, mut style_diags) = crate::style::build(root, config, &theme.sass_dirs, &statics);
        diags.append(&mut style_diags);
        let mut by_name = BTreeMap::new();
        let names: Vec<String> = statics.keys().chain(styles.keys()).cloned().collect();
        for name in names {
            if by_name.contains_key(&name) {
                continue;
            }
            let style = styles.remove(&name);
            let src = match (&style, statics.get(&name)) {
                (Some(s), _) if !s.reads.is_empty() => s.reads[0].clone(),
                (_, Some(src)) => src.clone(),
                _ => continue,
            };
            let mut asset = Asset::new(name.clone(), src, style, false);
            if config.fingerprint.matches(&name) {
                match asset.digest(256) {
                    Ok(d) => {
                        asset.published = hashed_name(&name, &hex(&d[..4]));
                        asset.fingerprinted = true;
                    }
                    Err(e) => diags.push(
                        Diagnostic::error(format!("cannot fingerprint this file: {e}"))
                            .in_file(crate::content::shown(root, &asset.src)),
                    ),
                }
            }
            by_name.insert(name, asset);
        }
        (Assets { by_name }, diags)
    }

    /// The asset templates name `name` (`style.css`, `/style.css`).
    pub(crate) fn get(&self, name: &str) -> Option<&Asset> {
        self.by_name.get(name.trim_start_matches('/'))
    }

    /// The outputs of every asset: made stylesheets and copied files.
    pub(crate) fn outputs(&self, root: &Path) -> impl Iterator<Item = Output> {
        self.by_name.iter().map(move |(name, a)| {
            let kind = match &a.style {
                Some(s) => {
                    Kind::Style { name: name.clone(), reads: s.reads.clone(), hash: crate::hash::fingerprint(&s.css) }
                }
                None => Kind::Copy(a.src.clone()),
            };
            Output { path: a.published.clone(), kind, owner: crate::content::shown(root, &a.src) }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::hashed_name;

    #[test]
    fn the_hash_goes_before_the_last_extension() {
        assert_eq!(hashed_name("style.css", "3f2a1c9e"), "style.3f2a1c9e.css");
        assert_eq!(hashed_name("js/app.min.js", "00ff00ff"), "js/app.min.00ff00ff.js");
        assert_eq!(hashed_name("LICENSE", "00ff00ff"), "LICENSE.00ff00ff");
        assert_eq!(hashed_name("a.b/.hidden", "00ff00ff"), "a.b/.hidden.00ff00ff");
    }
}
