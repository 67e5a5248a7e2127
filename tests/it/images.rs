//! Images (issue 12, points 1–3): Markdown images become `<picture>`s over variants no wider
//! than their originals, every published raster image is encoded again upright and without
//! metadata, broken and huge images are errors naming them, and the cache under
//! `.ltc-hub/cache/images/` is reused and pruned. Every image here is made by the test.

use std::io::Cursor;
use std::path::Path;

use crate::util::{Site, attr_values, fixture, read, tree};

/// A `w` × `h` JPEG: its left half red, its right half blue.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(
            w,
            h,
            |x, _| if x < w / 2 { image::Rgb([220, 20, 20]) } else { image::Rgb([20, 20, 220]) },
        );
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).expect("encode a JPEG");
    out
}

/// A `w` × `h` PNG with a gradient.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).expect("encode a PNG");
    out
}

/// What a phone writes: an EXIF block (APP1) with an orientation and a GPS position (41°52'30.12"
/// N), and a comment (COM), put right after the JPEG's start marker.
pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    tiff.extend(2u16.to_be_bytes()); // IFD0 at 8: orientation, GPS pointer
    let o = orientation.to_be_bytes();
    entry(&mut tiff, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, 38u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(2u16.to_be_bytes()); // GPS IFD at 38: latitude ref and latitude
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, 68u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    for (n, d) in [(41u32, 1u32), (52, 1), (3012, 100)] {
        tiff.extend(n.to_be_bytes());
        tiff.extend(d.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let comment = b"GPS 41.875033 -87.624421 home of a patron";
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend([0xFF, 0xFE]);
    out.extend(((comment.len() + 2) as u16).to_be_bytes());
    out.extend(comment);
    out.extend(&jpeg[2..]);
    out
}

fn decode(path: &Path) -> image::DynamicImage {
    image::open(path).unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()))
}

/// The minimal site with small widths, a bundle page showing `bridge.jpg` and a static PNG.
fn photos() -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", "images:\n  widths: [100, 200, 400]\n  formats: [webp, jpeg]\n  quality: 85\n");
    site.write_bytes("content/blog/trip/bridge.jpg", &jpeg(300, 150));
    site.write_bytes("static/img/map.png", &png(120, 60));
    site.write(
        "content/blog/trip/index.md",
        "---\ntitle: Trip\n---\n\n![A *bridge*](bridge.jpg)\n\nText.\n\n![The map](/img/map.png \"Map\")\n",
    );
    site
}

/// The URLs of a `srcset` (`URL 100w, URL 200w`), with their widths.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').expect("URL and width");
            (url.to_string(), w.trim_end_matches('w').parse().expect("a width"))
        })
        .collect()
}

#[test]
fn markdown_images_become_pictures_over_variants_no_wider_than_the_original() {
    let site = photos();
    let out = site.build_ok(&[]);
    let html = read(&out.join("blog/trip/index.html"));
    let sets = attr_values(&html, "srcset");
    assert_eq!(sets.len(), 4, "a WebP source and an img for each image:\n{html}");
    let webp = srcset(&sets[0]);
    let jpg = srcset(&sets[1]);
    // WebP up to the original's width (below the widest setting); JPEG up to the original itself.
    assert_eq!(webp.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [100, 200, 300], "{html}");
    assert_eq!(jpg.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [100, 200, 300], "{html}");
    assert_eq!(jpg[2].0, "/blog/trip/bridge.jpg", "the original is the widest JPEG");
    for (url, w) in webp.iter().chain(&jpg) {
        let file = out.join(url.trim_start_matches('/'));
        let img = decode(&file);
        assert_eq!((img.width(), img.height()), (*w, *w / 2), "{url}");
    }
    assert!(webp[0].0.ends_with("-100.webp") && webp[0].0.starts_with("/blog/trip/bridge."), "{webp:?}");
    assert!(html.contains("<picture><source type=\"image/webp\""), "{html}");
    assert_eq!(attr_values(&html, "width"), ["300", "120"]);
    assert_eq!(attr_values(&html, "height"), ["150", "60"]);
    assert_eq!(attr_values(&html, "alt"), ["A bridge", "The map"]);
    assert_eq!(attr_values(&html, "sizes")[0], "(max-width: 300px) 100vw, 300px");
    // The first image is likely in view: fetched early, not lazily.
    let (first, second) = html.split_at(html.find("The map").expect("second image"));
    assert!(first.contains("fetchpriority=\"high\"") && !first.contains("loading=\"lazy\""), "{first}");
    assert!(second.contains("loading=\"lazy\" decoding=\"async\""), "{second}");
    assert!(second.contains("title=\"Map\""), "{second}");
    // The PNG stays a PNG (with its alpha channel), besides WebP.
    let map = srcset(&sets[2]);
    assert_eq!(map.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [100, 120]);
    assert_eq!(decode(&out.join(map[1].0.trim_start_matches('/'))).width(), 120);
    let png = srcset(&sets[3]);
    assert_eq!(png[1], ("/img/map.png".to_string(), 120));
    assert!(png[0].0.ends_with("-100.png"), "{png:?}");
    assert!(!tree(&out).keys().any(|k| k.contains("-400.")), "no variant wider than its original");
}

#[test]
fn a_sideways_phone_photo_comes_out_upright() {
    let site = photos();
    // Stored 40 × 20 (red left, blue right), to be turned 90° clockwise: 20 × 40, red on top.
    site.write_bytes("content/blog/trip/bridge.jpg", &with_exif(&jpeg(40, 20), 6));
    let out = site.build_ok(&[]);
    let html = read(&out.join("blog/trip/index.html"));
    assert_eq!(attr_values(&html, "width")[0], "20", "{html}");
    assert_eq!(attr_values(&html, "height")[0], "40", "{html}");
    let rgb = decode(&out.join("blog/trip/bridge.jpg")).to_rgb8();
    assert_eq!(rgb.dimensions(), (20, 40));
    let (top, bottom) = (rgb.get_pixel(10, 5), rgb.get_pixel(10, 35));
    assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
}

#[test]
fn no_exif_gps_or_comment_is_published() {
    let site = photos();
    let source = with_exif(&jpeg(300, 150), 1);
    site.write_bytes("content/blog/trip/bridge.jpg", &source);
    site.write_bytes("static/phone.jpg", &source);
    let out = site.build_ok(&[]);
    let files = tree(&out);
    let images: Vec<&String> = files.keys().filter(|k| k.ends_with(".jpg") || k.ends_with(".webp")).collect();
    assert!(images.len() >= 7, "{images:?}");
    let has = |bytes: &[u8], needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    for name in images {
        let bytes = &files[name];
        for needle in [&b"Exif"[..], b"GPS", b"patron", b"MM\x00\x2a", b"http://ns.adobe.com/xap", b"Photoshop 3.0"] {
            assert!(!has(bytes, needle), "{name} still holds {:?}", String::from_utf8_lossy(needle));
        }
        if name.ends_with(".jpg") {
            assert!(
                !has(bytes, &[0xFF, 0xE1]) && !has(bytes, &[0xFF, 0xFE, 0x00]),
                "{name}: an APP1 or comment segment"
            );
        }
    }
    assert!(has(&source, b"Exif") && has(&source, b"patron"), "the source did carry them");
}

#[test]
fn svg_and_gif_pass_through_as_they_are() {
    let site = photos();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"32\"><rect width=\"64\" height=\"32\"/></svg>\n";
    site.write("static/plan.svg", svg);
    let mut gif = Vec::new();
    image::RgbaImage::from_pixel(8, 4, image::Rgba([1, 2, 3, 255]))
        .write_to(&mut Cursor::new(&mut gif), image::ImageFormat::Gif)
        .expect("encode a GIF");
    site.write_bytes("content/blog/trip/spin.gif", &gif);
    site.write("content/blog/trip/index.md", "---\ntitle: Trip\n---\n\n![Plan](/plan.svg)\n\n![Spin](spin.gif)\n");
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("plan.svg")), svg);
    assert_eq!(std::fs::read(out.join("blog/trip/spin.gif")).expect("the GIF"), gif);
    let html = read(&out.join("blog/trip/index.html"));
    assert!(
        html.contains("<img src=\"/plan.svg\" width=\"64\" height=\"32\" alt=\"Plan\" fetchpriority=\"high\">"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/blog/trip/spin.gif\" width=\"8\" height=\"4\" alt=\"Spin\" loading=\"lazy\" decoding=\"async\">"),
        "{html}"
    );
    assert!(!html.contains("<picture>"), "{html}");
}

#[test]
fn a_broken_image_is_an_error_naming_it() {
    let site = photos();
    site.write("content/blog/trip/bridge.jpg", "this is not a JPEG at all");
    let mut truncated = png(300, 150);
    truncated.truncate(truncated.len() / 2);
    site.write_bytes("static/cut.png", &truncated);
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/blog/trip/bridge.jpg",
        "`bridge.jpg` is not an image ltc-hub can read",
        "WebP or GIF image",
        "save it again as a JPEG, PNG or WebP file",
    ]);
    // One whose header reads well is found broken when it is decoded.
    site.write_bytes("content/blog/trip/bridge.jpg", &jpeg(300, 150));
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["static/cut.png", "`cut.png` is not an image ltc-hub can read"]);
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    let site = photos();
    // A real 16 × 16 JPEG whose frame header claims 20,000 × 20,000 pixels.
    let mut bomb = jpeg(16, 16);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a baseline frame header");
    bomb[sof + 5..sof + 9].copy_from_slice(&[0x4E, 0x20, 0x4E, 0x20]);
    site.write_bytes("content/blog/trip/bridge.jpg", &bomb);
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&[
        "content/blog/trip/bridge.jpg",
        "`bridge.jpg` is 20000 × 20000 pixels (400 megapixels)",
        "at most 100 megapixels",
    ]);
}

#[test]
fn a_second_build_reprocesses_nothing_and_unused_entries_are_pruned() {
    let site = photos();
    let out = site.build_ok(&[]);
    let cache = site.root.join(".ltc-hub/cache/images");
    let entries = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut list: Vec<_> = std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().modified().unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        list.sort();
        list
    };
    let first = entries(&cache);
    assert_eq!(first.len(), 10, "bridge: itself, 2 JPEG and 3 WebP variants; map: itself, a PNG, 2 WebP: {first:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let published = std::fs::metadata(out.join("blog/trip/bridge.jpg")).unwrap();
        let linked = first.iter().any(|(n, _)| std::fs::metadata(cache.join(n)).unwrap().ino() == published.ino());
        assert!(linked, "the published file is a hard link to its cache entry");
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build_ok(&[]);
    assert_eq!(entries(&cache), first, "nothing was encoded again");
    site.remove("static/img/map.png");
    site.write("content/blog/trip/index.md", "---\ntitle: Trip\n---\n\nNo pictures.\n");
    site.build_ok(&[]);
    assert_eq!(entries(&cache).len(), 6, "the map's entries were pruned");
}

#[test]
fn image_builds_are_byte_identical_with_or_without_the_cache() {
    let site = photos();
    site.write_bytes("content/blog/trip/bridge.jpg", &with_exif(&jpeg(300, 150), 8));
    let (a, _) = site.build_into("a", &[]);
    std::fs::remove_dir_all(site.root.join(".ltc-hub/cache")).expect("drop the cache");
    let (b, _) = site.build_into("b", &["--jobs", "1"]);
    crate::util::assert_same_tree(&tree(&a), &tree(&b));
}

#[test]
fn images_settings_are_checked() {
    let site = fixture("minimal");
    site.append("site.yaml", "images:\n  widths: [480, big]\n  formats: [webb]\n  quality: 120\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "`images.widths` must be whole numbers of pixels",
        "`webb` is not an image format",
        "did you mean `webp`?",
        "`images.quality` is 120; it goes from 1 to 100",
    ]);
}

#[test]
fn templates_resize_images_and_read_their_size() {
    let site = photos();
    site.write(
        "templates/page.html",
        "{% set m = image_meta(path=\"blog/trip/bridge.jpg\") %}<p id=\"meta\">{{ m.width }}x{{ m.height }} {{ m.format }} {{ m.url }}</p>\n\
         {% set card = resize_image(path=\"/img/map.png\", width=60, height=60, op=\"fill\", format=\"webp\") %}\
         <img id=\"card\" src=\"{{ card.url }}\" width=\"{{ card.width }}\" height=\"{{ card.height }}\">\n\
         {% set small = resize_image(path=\"blog/trip/bridge.jpg\", width=150) %}<img src=\"{{ small.url }}\" height=\"{{ small.height }}\">\n",
    );
    let out = site.build_ok(&[]);
    let html = read(&out.join("blog/trip/index.html"));
    assert!(html.contains("<p id=\"meta\">300x150 jpeg /blog/trip/bridge.jpg</p>"), "{html}");
    let srcs = attr_values(&html, "src");
    assert!(srcs[0].starts_with("/img/map.") && srcs[0].ends_with("-60x60.webp"), "{srcs:?}");
    assert_eq!(attr_values(&html, "width"), ["60"]);
    let card = decode(&out.join(srcs[0].trim_start_matches('/')));
    assert_eq!((card.width(), card.height()), (60, 60));
    assert!(srcs[1].ends_with("-150x75.jpg"), "{srcs:?}");
    assert_eq!(decode(&out.join(srcs[1].trim_start_matches('/'))).height(), 75);
    // The cache keeps what templates asked for, and a second build makes nothing again.
    let cached = std::fs::read_dir(site.root.join(".ltc-hub/cache/images")).expect("the cache").count();
    site.build_ok(&[]);
    assert_eq!(std::fs::read_dir(site.root.join(".ltc-hub/cache/images")).expect("the cache").count(), cached);
    assert!(out.join(srcs[0].trim_start_matches('/')).is_file(), "published again from the cache");

    site.write("templates/page.html", "{{ resize_image(path=\"img/map.png\", widht=10) }}\n");
    site.build(&[]).assert_error().assert_stderr_has(&["unknown argument `widht`", "did you mean `width`?"]);
    site.write("templates/page.html", "{{ image_meta(path=\"img/nope.png\") }}\n");
    site.build(&[]).assert_error().assert_stderr_has(&["there is no published image `img/nope.png`"]);
}

#[test]
fn a_pages_image_and_description_are_its_share_card() {
    let site = photos();
    site.write(
        "templates/page.html",
        "{% if page.image %}{% set c = resize_image(path=page.image, width=120, height=63, op=\"fill\") %}\
         <meta property=\"og:image\" content=\"{{ c.permalink }}\">{% endif %}<p id=\"d\">{{ page.description }}</p>\n",
    );
    site.write(
        "content/blog/trip/index.md",
        "---\ntitle: Trip\nsummary: The summary.\ndescription: For link previews.\nimage: bridge.jpg\n---\n\nText.\n",
    );
    site.write("content/blog/rooted.md", "---\ntitle: Rooted\nsummary: Only a summary.\nimage: /img/map.png\n---\n");
    let out = site.build_ok(&[]);
    let html = read(&out.join("blog/trip/index.html"));
    assert!(html.contains("<p id=\"d\">For link previews.</p>"), "description wins over summary: {html}");
    let card = &attr_values(&html, "content")[0];
    assert!(card.starts_with("https://example.org/blog/trip/bridge.") && card.ends_with("-120x63.jpg"), "{card}");
    let rel = card.trim_start_matches("https://example.org/");
    assert_eq!((decode(&out.join(rel)).width(), decode(&out.join(rel)).height()), (120, 63));
    let html = read(&out.join("blog/rooted/index.html"));
    assert!(html.contains("<p id=\"d\">Only a summary.</p>"), "the summary stands in: {html}");
    assert!(attr_values(&html, "content")[0].starts_with("https://example.org/img/map."), "{html}");
}
