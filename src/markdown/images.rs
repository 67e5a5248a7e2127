//! Images in Markdown: `![alt](photo.jpg)` naming a published raster image becomes the
//! `<picture>` that `crate::images` writes for it (the first of a document without lazy
//! loading); any other image stays Markdown's `<img>`.

use std::sync::Arc;

use pulldown_cmark::{CowStr, Event};

use super::render::{Context, Rendered};
use crate::images::Image;

/// An image whose alt text is still being read: where its events start.
pub(super) struct Pending {
    at: usize,
    image: Arc<Image>,
    title: String,
    /// Images inside its alt text, still open.
    pub(super) nested: usize,
}

/// The image `dest` names, if the page's images know it; its events start at `at`.
pub(super) fn start(ctx: &Context, dest: &str, title: &str, at: usize) -> Option<Pending> {
    let image = Arc::clone(ctx.images?.find(dest)?);
    Some(Pending { at, image, title: title.to_string(), nested: 0 })
}

/// The events of `p` (its alt text) replaced by its HTML, returned as one event.
pub(super) fn finish<'a>(ctx: &Context, p: Pending, events: &mut Vec<Event<'a>>, out: &mut Rendered) -> Event<'a> {
    let alt = super::render::plain_text(&events[p.at + 1..]);
    events.truncate(p.at);
    let first = out.images.is_empty();
    out.images.push((p.image.src.clone(), p.image.stamp));
    let html = ctx.images.map(|i| i.html(&p.image, &alt, &p.title, first)).unwrap_or_default();
    Event::InlineHtml(CowStr::from(html))
}
