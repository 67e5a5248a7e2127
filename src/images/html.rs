//! The HTML of an image in a page: a `<picture>` with a WebP `<source>` and an `<img>` whose
//! `srcset` lists the image's own format, both over the variants' widths, with `width` and
//! `height` from the real (upright) pixels so nothing shifts while it loads. Every image but
//! the first of a page is `loading="lazy"` and `decoding="async"`; the first, likely in view,
//! gets `fetchpriority="high"`. GIF and SVG files get a plain `<img>`.

use std::fmt::Write as _;
use std::sync::Arc;

use super::{Catalog, Format, Image};

/// The images a page can show, and where the page is.
#[derive(Clone, Copy)]
pub struct PageImages<'a> {
    pub(crate) catalog: &'a Catalog,
    /// The page's folder relative to the output folder (`blog/hello/`; empty for the home).
    pub(crate) dir: &'a str,
    /// `/` or `/ltc/`.
    pub(crate) base_path: &'a str,
}

impl PageImages<'_> {
    /// The published image an author's `dest` names: relative to the page (its bundle), or
    /// root-relative (`/img/photo.jpg`, with or without the base path). `None` for anything
    /// else (other sites, files that are not published images).
    pub(crate) fn find(&self, dest: &str) -> Option<&Arc<Image>> {
        if dest.contains(':') || dest.starts_with("//") || dest.contains(['?', '#']) {
            return None;
        }
        let path = match dest.strip_prefix('/') {
            Some(rest) => dest.strip_prefix(self.base_path).unwrap_or(rest).to_string(),
            None => normalize(&format!("{}{dest}", self.dir))?,
        };
        self.catalog.get(&path)
    }

    /// The HTML for `image`, described by `alt` (and `title`, when not empty).
    pub(crate) fn html(&self, image: &Image, alt: &str, title: &str, first: bool) -> String {
        let url = |path: &str| esc(&crate::url::join(self.base_path, path));
        let m = &image.meta;
        let mut img = format!("<img src=\"{}\"", url(&image.path));
        let set = |format: Format| {
            let mut list: Vec<String> = image
                .variants
                .iter()
                .filter(|v| v.format == format)
                .map(|v| format!("{} {}w", url(&image.variant_path(v)), v.width))
                .collect();
            if format == m.format {
                list.push(format!("{} {}w", url(&image.path), m.width));
            }
            list.join(", ")
        };
        let widest = image.variants.iter().map(|v| v.width).max().unwrap_or(m.width);
        let sizes = format!("(max-width: {widest}px) 100vw, {widest}px");
        if m.format.processed() {
            let _ = write!(img, " srcset=\"{}\" sizes=\"{sizes}\"", set(m.format));
        }
        if m.width > 0 && m.height > 0 {
            let _ = write!(img, " width=\"{}\" height=\"{}\"", m.width, m.height);
        }
        let _ = write!(img, " alt=\"{}\"", esc(alt));
        if !title.is_empty() {
            let _ = write!(img, " title=\"{}\"", esc(title));
        }
        img.push_str(if first { " fetchpriority=\"high\">" } else { " loading=\"lazy\" decoding=\"async\">" });
        let webp = m.format != Format::Webp && image.variants.iter().any(|v| v.format == Format::Webp);
        if !webp {
            return img;
        }
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">{img}</picture>",
            set(Format::Webp)
        )
    }
}

/// `a/./b/../c.jpg` as `a/c.jpg`; `None` when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn relative_paths_are_resolved_inside_the_site() {
        assert_eq!(normalize("blog/a/./img/../p.jpg").as_deref(), Some("blog/a/p.jpg"));
        assert_eq!(normalize("../p.jpg"), None);
    }
}
