//! `resize_image` for templates: one image at a size a template asks for, made on the spot (in
//! the cache, like the variants: decoded, upright, encoded again without metadata) and
//! published beside the original under a name that holds a hash of the content and the request.

use std::path::PathBuf;
use std::sync::Arc;

use super::process::{decode, encode, store};
use super::{Catalog, Format, Image};

/// How a template's `resize_image` fits the image to the size it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Within `width` × `height` (either may be left out), keeping the proportions; never larger
    /// than the original.
    Fit,
    /// Exactly `width` × `height`, keeping the proportions: scaled to cover, then cropped to the
    /// centre.
    Fill,
    /// Exactly `width` × `height`, stretched if the proportions differ.
    Scale,
}

impl Op {
    pub(crate) fn parse(s: &str) -> Option<Op> {
        match s {
            "fit" => Some(Op::Fit),
            "fill" => Some(Op::Fill),
            "scale" => Some(Op::Scale),
            _ => None,
        }
    }
}

/// What a template asked for.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Request {
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    pub(crate) op: Op,
    /// `None`: the image's own format.
    pub(crate) format: Option<Format>,
    pub(crate) quality: u8,
}

/// A resized image: where it is published, its cache entry, its size.
#[derive(Debug, Clone)]
pub(crate) struct Resized {
    pub(crate) path: String,
    pub(crate) cache: PathBuf,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// The size `req` gives an image of `w` × `h`, or why it cannot.
fn size(w: u32, h: u32, req: &Request) -> Result<(u32, u32), String> {
    let both = || match (req.width, req.height) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err("`fill` and `scale` need both `width` and `height`".to_string()),
    };
    let scaled = |f: f64| ((f64::from(w) * f).round().max(1.0) as u32, (f64::from(h) * f).round().max(1.0) as u32);
    match req.op {
        Op::Scale | Op::Fill => both(),
        Op::Fit => {
            let fx = req.width.map_or(f64::INFINITY, |bw| f64::from(bw) / f64::from(w));
            let fy = req.height.map_or(f64::INFINITY, |bh| f64::from(bh) / f64::from(h));
            let f = fx.min(fy);
            if f.is_infinite() {
                return Err("`fit` needs `width`, `height` or both".to_string());
            }
            Ok(if f >= 1.0 { (w, h) } else { scaled(f) })
        }
    }
}

/// `image` resized as `req` says: made in the cache unless it is there already.
pub(crate) fn resize(catalog: &Catalog, image: &Arc<Image>, req: &Request) -> Result<Resized, String> {
    if !image.meta.format.processed() {
        return Err(format!("{} images are published as they are, not resized", image.meta.format.name()));
    }
    let (width, height) = size(image.meta.width, image.meta.height, req)?;
    let format = req.format.unwrap_or(image.meta.format);
    let key = crate::hash::fingerprint(&(image.stamp, req.op, width, height, format, req.quality));
    let cache = catalog.cache.join(format!("{key:016x}.{}", format.ext()));
    let (dir, file) = image.path.rsplit_once('/').map_or(("", image.path.as_str()), |(d, f)| (d, f));
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let slash = if dir.is_empty() { "" } else { "/" };
    let path = format!("{dir}{slash}{stem}.{:08x}-{width}x{height}.{}", key as u32, format.ext());
    catalog.keep(&cache);
    if !cache.is_file() {
        let bytes = std::fs::read(&image.src).map_err(|e| e.to_string())?;
        let (img, icc) = decode(&bytes).map_err(|e| e.to_string())?;
        let out = match req.op {
            Op::Scale => img.resize_exact(width, height, image::imageops::FilterType::CatmullRom),
            Op::Fit => img.resize_exact(width, height, image::imageops::FilterType::CatmullRom),
            Op::Fill => img.resize_to_fill(width, height, image::imageops::FilterType::CatmullRom),
        };
        let encoded = encode(&out, format, req.quality, icc.as_deref())?;
        std::fs::create_dir_all(&catalog.cache).map_err(|e| e.to_string())?;
        store(&cache, &encoded).map_err(|e| format!("cannot write the image cache: {e}"))?;
    }
    Ok(Resized { path, cache, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(width: Option<u32>, height: Option<u32>, op: Op) -> Request {
        Request { width, height, op, format: None, quality: 80 }
    }

    #[test]
    fn fit_keeps_proportions_and_never_enlarges() {
        assert_eq!(size(4000, 3000, &req(Some(800), None, Op::Fit)), Ok((800, 600)));
        assert_eq!(size(4000, 3000, &req(Some(800), Some(300), Op::Fit)), Ok((400, 300)));
        assert_eq!(size(400, 300, &req(Some(800), None, Op::Fit)), Ok((400, 300)));
        assert_eq!(size(400, 300, &req(Some(1200), Some(630), Op::Fill)), Ok((1200, 630)));
        assert!(size(400, 300, &req(Some(1200), None, Op::Scale)).is_err());
        assert!(size(400, 300, &req(None, None, Op::Fit)).is_err());
    }
}
