//! `images:` in site.yaml: the widths, formats and quality of the responsive images a build
//! makes from the raster images it publishes (the work itself is `crate::images`).

use serde_yaml::{Mapping, Value as Y};

use super::Validator;
use crate::diagnostics::did_you_mean;
use crate::yaml;

/// What `images:` asks for; [`Default`] is what a site without the key gets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Images {
    /// The widths of the variants, ascending; none is ever wider than its original.
    pub widths: Vec<u32>,
    /// Whether WebP variants are made (a `<source type="image/webp">`). Every image is also
    /// offered in its own format (JPEG, PNG or WebP).
    pub webp: bool,
    /// Lossy encoding quality, 1 to 100 (JPEG and WebP).
    pub quality: u8,
}

impl Default for Images {
    fn default() -> Images {
        Images { widths: vec![480, 960, 1600], webp: true, quality: 80 }
    }
}

const KEYS: &[&str] = &["widths", "formats", "quality"];
const FORMATS: &[&str] = &["webp", "jpeg", "png"];
/// The widest variant a site may ask for.
const MAX_WIDTH: u32 = 10_000;

impl Validator<'_> {
    pub(super) fn images(&mut self, map: &Mapping) -> Images {
        let mut out = Images::default();
        let Some(m) = self.sub_map(map, "images", KEYS) else {
            return out;
        };
        let parents = &["images"];
        if let Some(list) = self.list(&m, "widths", "write `widths: [480, 960, 1600]`") {
            let widths: Option<Vec<u32>> = list
                .iter()
                .map(|w| yaml::as_count(w).and_then(|n| u32::try_from(n).ok()).filter(|n| (1..=MAX_WIDTH).contains(n)))
                .collect();
            match widths {
                Some(mut w) => {
                    w.sort_unstable();
                    w.dedup();
                    out.widths = w;
                }
                None => {
                    let message = format!("`images.widths` must be whole numbers of pixels from 1 to {MAX_WIDTH}");
                    let d = self.err(parents, Some("widths"), message, "write `widths: [480, 960, 1600]`");
                    self.diags.push(d);
                }
            }
        }
        if let Some(list) = self.list(&m, "formats", "write `formats: [webp, jpeg]`") {
            out.webp = false;
            for f in &list {
                match f.as_str() {
                    Some("webp") => out.webp = true,
                    Some("jpeg" | "png") => {}
                    other => {
                        let shown = other.map_or_else(|| yaml::type_name(f).to_string(), |s| format!("`{s}`"));
                        let help = match other.and_then(|o| did_you_mean(o, FORMATS.iter().copied())) {
                            Some(s) => format!("did you mean `{s}`? Formats: {}", FORMATS.join(", ")),
                            None => format!("formats: {}", FORMATS.join(", ")),
                        };
                        let d = self.err(parents, Some("formats"), format!("{shown} is not an image format"), &help);
                        self.diags.push(d);
                    }
                }
            }
        }
        if let Some(q) = self.count(&m, parents, "quality") {
            match u8::try_from(q).ok().filter(|q| (1..=100).contains(q)) {
                Some(q) => out.quality = q,
                None => {
                    let message = format!("`images.quality` is {q}; it goes from 1 to 100");
                    let d = self.err(parents, Some("quality"), message, "write a quality such as 80");
                    self.diags.push(d);
                }
            }
        }
        out
    }

    /// `images.KEY` as a list (absent: `None`; anything else: an error).
    fn list(&mut self, m: &Mapping, key: &str, help: &str) -> Option<Vec<Y>> {
        match m.get(key)? {
            Y::Sequence(list) => Some(list.clone()),
            Y::Null => None,
            other => {
                let message = format!("`images.{key}` must be a list, not {}", yaml::type_name(other));
                let d = self.err(&["images"], Some(key), message, help);
                self.diags.push(d);
                None
            }
        }
    }
}
