//! `page.related`: for each page, the other pages that share taxonomy terms with it, scored by
//! the sum of the weights (site.yaml's `related.taxonomies`) of the terms they share, best
//! first, then newest first, then by source path; at most `related.count` of them. Computed
//! only when a template mentions `related` (the pipeline asks), so a site that does not use it
//! pays nothing.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Page, PageId, Taxonomy};
use crate::config::Related;

/// Each page's related pages, best first (indexed by page id).
pub(crate) fn related(config: &Related, pages: &[Arc<Page>], taxonomies: &[Taxonomy]) -> Vec<Vec<PageId>> {
    let weights: Vec<u64> = taxonomies
        .iter()
        .map(|t| config.taxonomies.iter().find(|(n, _)| *n == t.config.name).map_or(0, |(_, w)| *w))
        .collect();
    // Page -> the terms (taxonomy, term) that list it.
    let mut terms_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); pages.len()];
    for (t, tax) in taxonomies.iter().enumerate().filter(|(t, _)| weights[*t] > 0) {
        for (k, term) in tax.terms.iter().enumerate() {
            for &p in &term.pages {
                terms_of[p].push((t, k));
            }
        }
    }
    let order = |a: &(PageId, u64), b: &(PageId, u64)| {
        let date = |p: PageId| pages[p].front.date.map(|d| d.timestamp());
        b.1.cmp(&a.1).then_with(|| date(b.0).cmp(&date(a.0))).then_with(|| pages[a.0].key.cmp(&pages[b.0].key))
    };
    let one = |id: &PageId| {
        let mut scores: HashMap<PageId, u64> = HashMap::new();
        for &(t, k) in &terms_of[*id] {
            for &other in taxonomies[t].terms[k].pages.iter().filter(|&&o| o != *id) {
                *scores.entry(other).or_default() += weights[t];
            }
        }
        let mut ranked: Vec<(PageId, u64)> = scores.into_iter().collect();
        ranked.sort_by(order);
        ranked.into_iter().take(config.count).map(|(p, _)| p).collect()
    };
    let ids: Vec<PageId> = (0..pages.len()).collect();
    crate::par::map(&ids, one)
}
