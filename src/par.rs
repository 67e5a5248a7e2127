//! The one place that runs work in parallel: an order-keeping map on rayon's pool. The pool is
//! sized once per build (`--jobs`) by `lib::build`; everything parallel goes through here so the
//! output order, and so the output bytes, never depend on scheduling.

use rayon::prelude::*;

/// Maps `f` over `items` in parallel, keeping the input order in the result.
pub(crate) fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    items.par_iter().map(f).collect()
}
