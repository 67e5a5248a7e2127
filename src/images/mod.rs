//! Images: the raster images a site publishes (JPEG, PNG, WebP in `static/`, a theme's
//! `static/`, bundles and `content/`) become responsive images that leak nothing. A build first
//! makes a [`Catalog`]: every image probed (its size, orientation and content hash, read from
//! its header, never decoded) and its variants planned from `images:` in site.yaml (never wider
//! than the original). [`process`] then decodes each image whose variants are not in the cache
//! yet (`ROOT/.ltc-hub/cache/images/`, keyed by content hash and parameters), applies its EXIF
//! orientation and encodes every variant and the original again, so that no EXIF, XMP, IPTC,
//! GPS position or comment survives; the outputs are hard links to the cache entries.
//! [`prune`] removes the entries a build no longer uses. GIF and SVG files pass through as they
//! are. Markdown's `![alt](photo.jpg)` asks [`PageImages`] for its `<picture>`.
//!
//! Nothing here knows pages, templates or the output folder: it reads images and writes its
//! own cache.

mod html;
mod probe;
mod process;
mod resize;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Images as Settings;
use crate::diagnostics::Diagnostic;

pub use html::PageImages;
pub(crate) use probe::ProbeCache;
pub(crate) use process::{process, prune};
pub use resize::Op;
pub(crate) use resize::{Request, resize};

/// Where the cache lives, under the site's root.
pub(crate) const CACHE_DIR: &str = ".ltc-hub/cache/images";
/// The largest image decoded, in pixels (100 megapixels: a 12,000 × 8,000 photo). Larger ones
/// are refused before anything is decoded: a small file can claim a huge size.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;
/// The most memory one image's decoder may allocate.
pub(crate) const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Bumped when the encoders' output changes, so old cache entries are not reused.
const ENCODING_VERSION: u32 = 1;

/// What kind of image a file is, from its bytes (SVG: from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Svg,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            other => other.name(),
        }
    }

    /// Whether images of this format are decoded and encoded again (GIF and SVG pass through).
    pub(crate) fn processed(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png | Format::Webp)
    }
}

/// What a probe found out about an image, before decoding it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Meta {
    /// Upright (EXIF orientation applied); 0 when unknown (an SVG without a size).
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
    /// The file's content hash (xxh3).
    pub(crate) hash: u64,
}

/// One resized copy of an image.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
}

/// A published image: where it comes from, where it goes, what it is, its variants.
#[derive(Debug, Clone)]
pub struct Image {
    pub(crate) src: PathBuf,
    /// Relative to the output folder: `blog/hello/photo.jpg`.
    pub(crate) path: String,
    pub(crate) meta: Meta,
    /// Smallest first; empty for GIF and SVG.
    pub(crate) variants: Vec<Variant>,
    /// A hash of the content and the settings: part of the variants' names and cache keys.
    pub(crate) stamp: u64,
}

impl Image {
    fn new(src: PathBuf, path: String, meta: Meta, settings: &Settings) -> Image {
        let variants = if meta.format.processed() { plan(&meta, settings) } else { Vec::new() };
        let stamp = crate::hash::fingerprint(&(meta.hash, settings.quality, ENCODING_VERSION));
        Image { src, path, meta, variants, stamp }
    }

    /// Where variant `v` is published: beside the original, named after it, the content hash
    /// and the width (`photo.3f2a1c9e-480.webp`), so a changed image gets new names.
    pub(crate) fn variant_path(&self, v: &Variant) -> String {
        let (dir, file) = self.path.rsplit_once('/').map_or(("", self.path.as_str()), |(d, f)| (d, f));
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let slash = if dir.is_empty() { "" } else { "/" };
        format!("{dir}{slash}{stem}.{:08x}-{}.{}", self.stamp as u32, v.width, v.format.ext())
    }

    /// The cache file's name of variant `v` (`None`: the original, encoded again).
    fn cache_name(&self, v: Option<&Variant>) -> String {
        let format = v.map_or(self.meta.format, |v| v.format);
        format!("{:016x}.{}", crate::hash::fingerprint(&(self.stamp, v)), format.ext())
    }
}

/// The variants of an image: each configured width below the original's, in the image's own
/// format and in WebP; the WebP set also gets the original's width when it is below the widest
/// configured one (the original itself is the largest in its own format).
fn plan(meta: &Meta, settings: &Settings) -> Vec<Variant> {
    let height = |w: u32| {
        ((u64::from(w) * u64::from(meta.height) + u64::from(meta.width) / 2) / u64::from(meta.width.max(1))).max(1)
            as u32
    };
    let below: Vec<u32> = settings.widths.iter().copied().filter(|&w| w < meta.width).collect();
    let mut out: Vec<Variant> =
        below.iter().map(|&w| Variant { width: w, height: height(w), format: meta.format }).collect();
    if settings.webp && meta.format != Format::Webp {
        let mut webp = below;
        if settings.widths.last().is_none_or(|&max| meta.width < max) {
            webp.push(meta.width);
        }
        out.extend(webp.into_iter().map(|w| Variant { width: w, height: height(w), format: Format::Webp }));
    }
    out.sort();
    out
}

/// Every image a build publishes, by published path.
#[derive(Debug, Default)]
pub struct Catalog {
    pub(crate) settings: Settings,
    /// `ROOT/.ltc-hub/cache/images`.
    pub(crate) cache: PathBuf,
    by_path: BTreeMap<String, Arc<Image>>,
    by_src: HashMap<PathBuf, Arc<Image>>,
    /// Cache entries made or read for templates' `resize_image` (names), kept by `prune`.
    resized: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl Catalog {
    /// The image published at `path` (relative to the output folder).
    pub(crate) fn get(&self, path: &str) -> Option<&Arc<Image>> {
        self.by_path.get(path)
    }

    /// The image made from the file `src`.
    pub(crate) fn of_src(&self, src: &Path) -> Option<&Arc<Image>> {
        self.by_src.get(src)
    }

    pub(crate) fn images(&self) -> impl Iterator<Item = &Arc<Image>> {
        self.by_path.values()
    }

    /// Marks a cache entry as used (by `resize_image`), so `prune` keeps it.
    fn keep(&self, entry: &Path) {
        if let Some(name) = entry.file_name() {
            let mut kept = self.resized.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            kept.insert(name.to_string_lossy().into_owned());
        }
    }

    /// The cache entries marked by [`Catalog::keep`].
    fn kept(&self) -> Vec<String> {
        self.resized.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().cloned().collect()
    }

    /// The cache file of variant `v` of `image` (`None`: the original).
    pub(crate) fn cached(&self, image: &Image, v: Option<&Variant>) -> PathBuf {
        self.cache.join(image.cache_name(v))
    }

    /// A hash of the settings and every image's path: Markdown rendered with another catalog
    /// may point at images that are gone or miss new ones. (Whether the images a rendering
    /// shows changed is told by their stamps, `markdown::Rendered::images`.)
    pub(crate) fn fingerprint(&self) -> u64 {
        crate::hash::fingerprint(&(&self.settings, self.by_path.keys().collect::<Vec<_>>()))
    }
}

/// Whether `name` is an image file (by extension), and which format it claims.
fn claimed(name: &str) -> Option<Format> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => Format::Jpeg,
        "png" => Format::Png,
        "webp" => Format::Webp,
        "gif" => Format::Gif,
        "svg" => Format::Svg,
        _ => return None,
    })
}

/// The catalog of `files` (published path, source file): the image files among them probed
/// in parallel (through `probes`, which remembers files by size and time), their variants
/// planned. An image that cannot be read or is too large is an error naming it.
pub(crate) fn catalog(
    root: &Path,
    settings: &Settings,
    files: Vec<(String, PathBuf)>,
    probes: &mut ProbeCache,
) -> (Catalog, Vec<Diagnostic>) {
    let files: Vec<(String, PathBuf, Format)> =
        files.into_iter().filter_map(|(path, src)| claimed(&path).map(|f| (path, src, f))).collect();
    let found = probes.probe_all(root, &files);
    let mut catalog = Catalog { settings: settings.clone(), cache: root.join(CACHE_DIR), ..Catalog::default() };
    let mut diags = Vec::new();
    for ((path, src, _), meta) in files.into_iter().zip(found) {
        match meta {
            Ok(meta) => {
                let image = Arc::new(Image::new(src.clone(), path.clone(), meta, settings));
                catalog.by_src.insert(src, Arc::clone(&image));
                catalog.by_path.insert(path, image);
            }
            Err(d) => diags.push(d),
        }
    }
    (catalog, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(width: u32, height: u32) -> Meta {
        Meta { width, height, format: Format::Jpeg, hash: 1 }
    }

    fn widths(v: &[Variant], f: Format) -> Vec<u32> {
        v.iter().filter(|v| v.format == f).map(|v| v.width).collect()
    }

    #[test]
    fn no_variant_is_wider_than_its_original() {
        let s = Settings::default();
        let big = plan(&meta(4000, 3000), &s);
        assert_eq!(widths(&big, Format::Jpeg), [480, 960, 1600]);
        assert_eq!(widths(&big, Format::Webp), [480, 960, 1600]);
        assert_eq!(big[0].height, 360);
        let mid = plan(&meta(1200, 900), &s);
        assert_eq!(widths(&mid, Format::Jpeg), [480, 960]);
        assert_eq!(widths(&mid, Format::Webp), [480, 960, 1200]);
        let small = plan(&meta(300, 200), &s);
        assert_eq!(widths(&small, Format::Jpeg), Vec::<u32>::new());
        assert_eq!(widths(&small, Format::Webp), [300]);
    }

    #[test]
    fn variant_names_carry_the_content_hash() {
        let s = Settings::default();
        let a = Image::new("a.jpg".into(), "blog/a.jpg".into(), meta(4000, 3000), &s);
        let b = Image::new("a.jpg".into(), "blog/a.jpg".into(), Meta { hash: 2, ..meta(4000, 3000) }, &s);
        let v = &a.variants[0];
        assert!(a.variant_path(v).starts_with("blog/a."), "{}", a.variant_path(v));
        assert!(a.variant_path(v).ends_with("-480.jpg"));
        assert_ne!(a.variant_path(v), b.variant_path(v));
    }
}
