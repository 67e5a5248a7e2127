//! The template functions for images: `image_meta(path)` ({url, width, height, format}) and
//! `resize_image(path, width, height, op, format, quality)` ({url, width, height}), answered
//! from the snapshot's image catalog. `path` is where the image is published (`img/a.jpg` or
//! `/img/a.jpg` for `static/img/a.jpg`; `blog/trip/a.jpg` for a bundle's). Each records the
//! image as a `Dep::File` of the output, so a changed image renders it again; a resized image
//! is published beside the original (`Lookup::publish`). Unknown arguments are errors naming
//! them.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::deps::Dep;
use super::lookup::Lookup;
use crate::images::{Format, Image, Op, Request};

fn err(name: &str, message: impl std::fmt::Display) -> tera::Error {
    tera::Error::message(format!("{name}: {message}"))
}

/// The published image `path` names, recorded as read by the output being rendered.
fn find(name: &str, l: &Lookup, state: &State, kwargs: &Kwargs) -> tera::TeraResult<Arc<Image>> {
    let path: &str = kwargs.must_get("path")?;
    let key = path.strip_prefix(l.site.config.base_path.as_str()).unwrap_or(path).trim_start_matches('/');
    let image = l.site.images.get(key).ok_or_else(|| {
        let near = crate::diagnostics::did_you_mean(key, l.site.images.images().map(|i| i.path.as_str()));
        let hint = near.map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        err(
            name,
            format!(
                "there is no published image `{path}` (paths are as published: `img/a.jpg` for static/img/a.jpg){hint}"
            ),
        )
    })?;
    l.note(state, Dep::File(image.src.clone()));
    Ok(Arc::clone(image))
}

fn not_ready() -> tera::Error {
    tera::Error::message("image functions are not available in shortcodes")
}

/// Registers `image_meta` and `resize_image` on `tera`, bound to `lookup`.
pub(super) fn register(tera: &mut Tera, lookup: Option<Arc<Lookup>>) {
    let l = lookup.clone();
    tera.register_function("image_meta", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        super::args::only("image_meta", &kwargs, &["path"])?;
        let l = l.as_ref().ok_or_else(not_ready)?;
        let image = find("image_meta", l, state, &kwargs)?;
        let mut map = tera::value::Map::new();
        map.insert("url".into(), Value::from(l.site.url(&image.path)));
        map.insert("permalink".into(), Value::from(l.site.permalink(&image.path)));
        map.insert("width".into(), Value::from(image.meta.width));
        map.insert("height".into(), Value::from(image.meta.height));
        map.insert("format".into(), Value::from(image.meta.format.name()));
        Ok(Value::from(map))
    });
    tera.register_function("resize_image", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
        const NAME: &str = "resize_image";
        super::args::only(NAME, &kwargs, &["path", "width", "height", "op", "format", "quality"])?;
        let l = lookup.as_ref().ok_or_else(not_ready)?;
        let image = find(NAME, l, state, &kwargs)?;
        let dimension = |key: &str| -> tera::TeraResult<Option<u32>> {
            match kwargs.get::<i64>(key)? {
                None => Ok(None),
                Some(n) if (1..=10_000).contains(&n) => Ok(Some(n as u32)),
                Some(n) => Err(err(NAME, format!("`{key}` is {n}; give a number of pixels from 1 to 10000"))),
            }
        };
        let op: &str = kwargs.get("op")?.unwrap_or("fit");
        let op = Op::parse(op).ok_or_else(|| err(NAME, format!("`op` is `{op}`; it is one of fit, fill, scale")))?;
        let format = match kwargs.get::<&str>("format")?.unwrap_or("auto") {
            "auto" => None,
            "jpeg" | "jpg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            other => return Err(err(NAME, format!("`format` is `{other}`; it is one of auto, jpeg, png, webp"))),
        };
        let quality = match kwargs.get::<i64>("quality")? {
            None => l.site.images.settings.quality,
            Some(q) if (1..=100).contains(&q) => q as u8,
            Some(q) => return Err(err(NAME, format!("`quality` is {q}; it goes from 1 to 100"))),
        };
        let req = Request { width: dimension("width")?, height: dimension("height")?, op, format, quality };
        let done = crate::images::resize(&l.site.images, &image, &req)
            .map_err(|e| err(NAME, format!("`{}`: {e}", image.path)))?;
        l.publish(state, &done.path, &done.cache);
        let mut map = tera::value::Map::new();
        map.insert("url".into(), Value::from(l.site.url(&done.path)));
        map.insert("permalink".into(), Value::from(l.site.permalink(&done.path)));
        map.insert("width".into(), Value::from(done.width));
        map.insert("height".into(), Value::from(done.height));
        Ok(Value::from(map))
    });
}
