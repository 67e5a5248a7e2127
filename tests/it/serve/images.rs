//! `serve` and images: saving a new version of an image a page shows rebuilds the page with
//! the new variants' names and reloads it; the old variants are gone.

use super::harness::{Events, number_after, serve};
use crate::images::jpeg;
use crate::util::{attr_values, fixture};

#[test]
fn a_changed_image_reloads_the_page_with_new_variants() {
    let site = fixture("serve");
    site.write_bytes("content/blog/trip/bridge.jpg", &jpeg(300, 150));
    site.write("content/blog/trip/index.md", "---\ntitle: Trip\ndate: 2024-02-01\n---\n\n![A bridge](bridge.jpg)\n");
    let served = serve(&site, &[]);
    let mut events = Events::open(&served);
    let first = events.next_state();
    let before = served.get("/blog/trip/").text();
    let old = attr_values(&before, "srcset")[0].split(' ').next().expect("a WebP variant").to_string();
    assert!(old.ends_with("-300.webp"), "{before}");
    assert_eq!(served.get(&old).status, 200);
    site.write_bytes("content/blog/trip/bridge.jpg", &jpeg(200, 100));
    let next = events.next_state();
    assert!(
        number_after(&next, "\"full_generation\":") > number_after(&first, "\"full_generation\":"),
        "the page reloads: {next}"
    );
    let after = served.get("/blog/trip/").text();
    let new = attr_values(&after, "srcset")[0].split(' ').next().expect("a WebP variant").to_string();
    assert!(new.ends_with("-200.webp") && new != old, "{after}");
    assert_eq!(attr_values(&after, "width"), ["200"], "{after}");
    let got = image::load_from_memory(&served.get(&new).body).expect("the new variant decodes");
    assert_eq!(got.width(), 200);
    assert_eq!(served.get(&old).status, 404, "the old variant is gone");
    served.assert_matches_build(&site);
}
