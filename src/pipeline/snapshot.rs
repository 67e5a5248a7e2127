//! A snapshot: one immutable state of the site — its model, views, lookups, theme bound to
//! them, and the list of outputs. A rebuild makes a new snapshot; one whose page bodies alone
//! changed shares everything else with the last one through `Arc`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::content::{Asset, SourcePage};
use crate::diagnostics::Diagnostic;
use crate::render::assets::Assets;
use crate::render::context::{self, Views};
use crate::render::{Index, Lookup, Output, Renderer, Theme};
use crate::site::{PageId, Site};

use super::model::{Caches, Model};

pub(crate) struct Snapshot {
    pub(crate) site: Arc<Site>,
    pub(crate) theme: Arc<Theme>,
    pub(crate) views: Arc<Views>,
    pub(crate) index: Arc<Index>,
    /// The theme bound to this snapshot's lookups.
    pub(crate) renderer: Renderer,
    pub(crate) outputs: Arc<Vec<Output>>,
    pub(crate) assets: Arc<Vec<Asset>>,
}

impl Snapshot {
    /// The snapshot of a freshly loaded model. Errors: missing templates, clashing outputs.
    pub(crate) fn new(root: &Path, model: Model) -> Result<Snapshot, Vec<Diagnostic>> {
        Snapshot::make(root, model, None)
    }

    /// [`Snapshot::new`], reusing the page views of `caches` and keeping these in it.
    pub(crate) fn cached(root: &Path, model: Model, caches: &mut Caches) -> Result<Snapshot, Vec<Diagnostic>> {
        Snapshot::make(root, model, Some(&mut caches.views))
    }

    fn make(root: &Path, model: Model, views: Option<&mut context::ViewCache>) -> Result<Snapshot, Vec<Diagnostic>> {
        let Model { site, theme, assets } = model;
        let views = Arc::new(context::build_cached(&site, views));
        let site = Arc::new(site);
        let index = Arc::new(Index::new(&site));
        let (files, diags) = Assets::load(root, &site.config, &theme);
        if !diags.is_empty() {
            return Err(diags);
        }
        let files = Arc::new(files);
        let lookup = Lookup::new(Arc::clone(&site), Arc::clone(&views), Arc::clone(&index), Arc::clone(&files));
        let renderer = theme.renderer(Arc::new(lookup));
        let (outputs, diags) = crate::render::plan_outputs(root, &site, &theme, &assets, &files);
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(Snapshot { site, theme, views, index, renderer, outputs: Arc::new(outputs), assets })
    }

    /// This snapshot with the bodies of some pages changed (front matter, headings and every
    /// other file as before): only those pages' Markdown and views, and the listings that hold
    /// them, are made again. `None` when that cannot stand for a fresh load.
    pub(crate) fn patched(&self, bodies: &[(PageId, &SourcePage)]) -> Option<Snapshot> {
        let site = Arc::new(super::model::patch(&self.site, &self.theme, &self.index, bodies)?);
        let ids: HashSet<PageId> = bodies.iter().map(|(id, _)| *id).collect();
        let mut views = (*self.views).clone();
        context::patch_pages(&site, &mut views, &ids);
        let views = Arc::new(views);
        let files = Arc::clone(&self.renderer.lookup.assets);
        let lookup = Lookup::new(Arc::clone(&site), Arc::clone(&views), Arc::clone(&self.index), files);
        Some(Snapshot {
            renderer: self.theme.renderer(Arc::new(lookup)),
            site,
            theme: Arc::clone(&self.theme),
            views,
            index: Arc::clone(&self.index),
            outputs: Arc::clone(&self.outputs),
            assets: Arc::clone(&self.assets),
        })
    }
}
