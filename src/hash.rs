//! Fingerprints: telling whether an input changed between rebuilds.

/// A fingerprint of anything hashable.
pub(crate) fn fingerprint<T: std::hash::Hash>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
