//! Probing: an image's size, upright orientation, format and content hash, read from its
//! header without decoding its pixels. Files too large to decode safely are refused here.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use image::ImageDecoder;

use super::{Format, MAX_ALLOC, MAX_PIXELS, Meta};
use crate::diagnostics::Diagnostic;

type Probed = Result<Meta, Diagnostic>;
/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

/// Probes by file, kept between rebuilds when `keep` is set: a file of the same size and
/// modification time is not read again.
#[derive(Default)]
pub(crate) struct ProbeCache {
    pub(crate) keep: bool,
    seen: HashMap<PathBuf, (u64, Option<SystemTime>, Probed)>,
}

impl ProbeCache {
    /// A cache that remembers probes between loads (for a session).
    pub(crate) fn keeping() -> ProbeCache {
        ProbeCache { keep: true, seen: HashMap::new() }
    }

    /// The probe of each file, in order, in parallel.
    pub(super) fn probe_all(&mut self, root: &Path, files: &[(String, PathBuf, Format)]) -> Vec<Probed> {
        let seen = &self.seen;
        let stamp = |src: &Path| std::fs::metadata(src).ok().map(|m| (m.len(), m.modified().ok()));
        let found: Vec<(Option<Stamp>, Probed)> = crate::par::map(files, |(_, src, claimed)| {
            let now = stamp(src);
            match (now, seen.get(src)) {
                (Some((len, time)), Some((l, t, probed))) if *l == len && *t == time => (now, probed.clone()),
                _ => (now, probe(src, &crate::content::shown(root, src), *claimed)),
            }
        });
        if self.keep {
            self.seen = files
                .iter()
                .zip(&found)
                .filter_map(|((_, src, _), (now, probed))| now.map(|(l, t)| (src.clone(), (l, t, probed.clone()))))
                .collect();
        }
        found.into_iter().map(|(_, p)| p).collect()
    }
}

/// The decoder limits: at most [`MAX_ALLOC`] bytes for one image.
pub(super) fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// An error about the image `shown`, with a fix.
pub(super) fn unreadable(shown: &Path, why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("`{}` is not an image ltc-hub can read: {why}", name(shown)))
        .in_file(shown)
        .with_help("save it again as a JPEG, PNG or WebP file (one that opens in an image viewer), or remove it")
        .with_code("image")
}

/// What `src` is (`shown` names it in errors).
fn probe(src: &Path, shown: &Path, claimed: Format) -> Probed {
    let bytes = std::fs::read(src).map_err(|e| unreadable(shown, e))?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if claimed == Format::Svg {
        let (width, height) = svg_size(&String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]));
        return Ok(Meta { width, height, format: Format::Svg, hash });
    }
    let mut reader =
        image::ImageReader::new(Cursor::new(&bytes)).with_guessed_format().map_err(|e| unreadable(shown, e))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => Format::Jpeg,
        Some(image::ImageFormat::Png) => Format::Png,
        Some(image::ImageFormat::WebP) => Format::Webp,
        Some(image::ImageFormat::Gif) => Format::Gif,
        Some(other) => return Err(unreadable(shown, format!("it is a {other:?} image"))),
        None => return Err(unreadable(shown, "its bytes are not a JPEG, PNG, WebP or GIF image")),
    };
    reader.limits(image::Limits::no_limits()); // the size is checked below, before decoding
    let mut decoder = reader.into_decoder().map_err(|e| unreadable(shown, e))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(too_large(shown, w, h));
    }
    let orientation = if format.processed() {
        decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms)
    } else {
        image::metadata::Orientation::NoTransforms
    };
    use image::metadata::Orientation::*;
    let (width, height) = match orientation {
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (h, w),
        _ => (w, h),
    };
    Ok(Meta { width, height, format, hash })
}

/// A file's name, for messages that the diagnostic's location already says where.
fn name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name().map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
}

fn too_large(shown: &Path, w: u32, h: u32) -> Diagnostic {
    let mp = u64::from(w) * u64::from(h) / 1_000_000;
    Diagnostic::error(format!(
        "`{}` is {w} × {h} pixels ({mp} megapixels); ltc-hub decodes images of at most {} megapixels",
        name(shown),
        MAX_PIXELS / 1_000_000
    ))
    .in_file(shown)
    .with_help("scale it down (a photo for the web needs no more than 4,000 pixels across), or remove it")
    .with_code("image")
}

/// The `width` and `height` of an SVG's root element, when they are plain numbers (or pixels);
/// else its `viewBox`'s; else 0 × 0 (unknown).
fn svg_size(head: &str) -> (u32, u32) {
    let Some(start) = head.find("<svg") else { return (0, 0) };
    let tag = &head[start..head[start..].find('>').map_or(head.len(), |e| start + e)];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next()
    };
    let number = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok().filter(|n| *n > 0.0 && *n < 100_000.0);
    if let (Some(w), Some(h)) = (attr("width").and_then(number), attr("height").and_then(number)) {
        return (w.round() as u32, h.round() as u32);
    }
    let view: Vec<f64> =
        attr("viewBox").map_or(Vec::new(), |v| v.split([' ', ',']).filter_map(|n| n.parse().ok()).collect());
    match view.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 && *w < 100_000.0 && *h < 100_000.0 => {
            (w.round() as u32, h.round() as u32)
        }
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::svg_size;

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        assert_eq!(svg_size(r#"<?xml?><svg xmlns="x" width="640" height="360px">"#), (640, 360));
        assert_eq!(svg_size(r#"<svg viewBox="0 0 800 450" width="100%">"#), (800, 450));
        assert_eq!(svg_size(r#"<svg width="10em">"#), (0, 0));
    }
}
