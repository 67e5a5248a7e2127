//! Processing: each image whose cache entries are not all there is decoded once (within the
//! limits of `probe`), turned upright by its EXIF orientation, resized step by step from the
//! widest variant down, and every missing entry encoded — the original too, so that no
//! metadata of the source survives (ICC colour profiles are kept in JPEG and PNG: they describe
//! colours, not people). Entries are written to a temporary name and renamed, so a cache entry
//! is always whole. Images are processed in parallel, one per thread.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageEncoder};

use super::probe::{limits, unreadable};
use super::{Catalog, Format, Image, Variant};
use crate::diagnostics::Diagnostic;

/// Makes every missing cache entry of `catalog`. Errors name the image that failed.
pub(crate) fn process(root: &Path, catalog: &Catalog) -> Vec<Diagnostic> {
    let todo: Vec<&Image> = catalog
        .images()
        .map(|i| &**i)
        .filter(|i| i.meta.format.processed())
        .filter(|i| entries(i).any(|v| !catalog.cached(i, v).is_file()))
        .collect();
    if todo.is_empty() {
        return Vec::new();
    }
    if let Err(e) = std::fs::create_dir_all(&catalog.cache) {
        let d = Diagnostic::error(format!("cannot create the image cache {}: {e}", catalog.cache.display()))
            .with_help("check the permissions of the site's .ltc-hub folder");
        return vec![d];
    }
    crate::par::map(&todo, |image| make(root, catalog, image).err()).into_iter().flatten().collect()
}

/// The original (`None`) and every variant of `image`.
fn entries(image: &Image) -> impl Iterator<Item = Option<&Variant>> {
    std::iter::once(None).chain(image.variants.iter().map(Some))
}

/// Decodes `image` once and writes its missing cache entries.
fn make(root: &Path, catalog: &Catalog, image: &Image) -> Result<(), Diagnostic> {
    let shown = crate::content::shown(root, &image.src);
    let bytes = std::fs::read(&image.src).map_err(|e| unreadable(&shown, e))?;
    if xxhash_rust::xxh3::xxh3_64(&bytes) != image.meta.hash {
        return Err(Diagnostic::error(format!("`{}` changed while the site was being built", shown.display()))
            .in_file(&shown)
            .with_help("build again"));
    }
    let (upright, icc) = decode(&bytes).map_err(|e| unreadable(&shown, e))?;
    let quality = catalog.settings.quality;
    let write = |v: Option<&Variant>, img: &DynamicImage| -> Result<(), Diagnostic> {
        let path = catalog.cached(image, v);
        if path.is_file() {
            return Ok(());
        }
        let format = v.map_or(image.meta.format, |v| v.format);
        let bytes = encode(img, format, quality, icc.as_deref()).map_err(|e| unreadable(&shown, e))?;
        store(&path, &bytes).map_err(|e| {
            Diagnostic::error(format!("cannot write the image cache entry {}: {e}", path.display()))
                .with_help("check free disk space and the permissions of the site's .ltc-hub folder")
        })
    };
    write(None, &upright)?;
    // Widest first, each width resized from the one before it (cheaper than from the original).
    let mut widths: Vec<(u32, u32)> = image.variants.iter().map(|v| (v.width, v.height)).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths.dedup();
    let mut current = upright;
    for (w, h) in widths {
        if (w, h) != (current.width(), current.height()) {
            current = current.resize_exact(w, h, image::imageops::FilterType::CatmullRom);
        }
        for v in image.variants.iter().filter(|v| v.width == w) {
            write(Some(v), &current)?;
        }
    }
    Ok(())
}

/// The image in `bytes`, upright, and its ICC profile.
pub(super) fn decode(bytes: &[u8]) -> image::ImageResult<(DynamicImage, Option<Vec<u8>>)> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    Ok((img, icc))
}

/// `img` encoded as `format`, with no metadata but an ICC profile (JPEG, PNG).
pub(super) fn encode(img: &DynamicImage, format: Format, quality: u8, icc: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (w, h) = (img.width(), img.height());
    match format {
        Format::Jpeg => {
            let rgb = img.to_rgb8();
            let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            if let Some(icc) = icc {
                let _ = enc.set_icc_profile(icc.to_vec()); // a profile it cannot embed is left out
            }
            enc.write_image(&rgb, w, h, image::ExtendedColorType::Rgb8).map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let mut enc = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                let _ = enc.set_icc_profile(icc.to_vec());
            }
            if img.color().has_alpha() {
                enc.write_image(&img.to_rgba8(), w, h, image::ExtendedColorType::Rgba8)
            } else {
                enc.write_image(&img.to_rgb8(), w, h, image::ExtendedColorType::Rgb8)
            }
            .map_err(|e| e.to_string())?;
        }
        Format::Webp => {
            let q = f32::from(quality);
            let mem = if img.color().has_alpha() {
                webp::Encoder::from_rgba(&img.to_rgba8(), w, h).encode(q)
            } else {
                webp::Encoder::from_rgb(&img.to_rgb8(), w, h).encode(q)
            };
            out.extend_from_slice(&mem);
        }
        Format::Gif | Format::Svg => return Err(format!("{} images are not encoded", format.name())),
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file beside it.
pub(super) fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Removes the cache entries `catalog` does not use, neither as variants nor for a template's
/// `resize_image` (and temporary files left by a killed build). Failures are ignored: the cache only ever costs disk space.
pub(crate) fn prune(catalog: &Catalog) {
    let Ok(dir) = std::fs::read_dir(&catalog.cache) else { return };
    let mut used: HashSet<String> = catalog
        .images()
        .filter(|i| i.meta.format.processed())
        .flat_map(|i| entries(i).map(|v| i.cache_name(v)).collect::<Vec<_>>())
        .collect();
    used.extend(catalog.kept());
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !used.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
