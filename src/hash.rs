//! A fingerprint of anything hashable, to tell whether an input changed between rebuilds.
//! A leaf module: it imports nothing of the crate.

/// A 64-bit hash of `value` (std's `DefaultHasher`: stable within one process, which is all a
/// cache kept between rebuilds needs).
pub(crate) fn fingerprint<T: std::hash::Hash>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn equal_values_have_equal_fingerprints() {
        assert_eq!(fingerprint(&("a", 1)), fingerprint(&("a", 1)));
        assert_ne!(fingerprint(&("a", 1)), fingerprint(&("a", 2)));
    }
}
