//! Stylesheets and static files (issue 12, points 4–6): Sass compiled with its partials, Sass
//! and CSS errors at their line and column, CSS minified and bundled, fingerprinted names and
//! `get_url(cachebust=true)`, `get_hash`'s SRI values, unknown arguments to template functions,
//! and a bundle's relative images in summaries on listings and in feeds.

use base64::Engine;
use sha2::Digest;

use crate::util::{Site, fixture, read};

/// The minimal site with a `base.css` template line for the home page.
fn site_with_home(head: &str) -> Site {
    let site = fixture("minimal");
    site.write(
        "templates/index.html",
        &format!("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title>{head}</head><body></body></html>\n"),
    );
    site
}

#[test]
fn sass_compiles_to_css_beside_its_folder_with_partials_imported_and_skipped() {
    let site = site_with_home("");
    site.write("sass/_colours.scss", "$accent: #c00;\n");
    site.write("sass/site.scss", "@use \"colours\";\nbody { a { color: colours.$accent; } }\n");
    site.write("sass/print/paper.sass", "@import \"../colours\"\nbody\n  margin: 0\n");
    site.write("site.yaml", "title: t\nbase_url: https://example.org/\ncss: { minify: false, bundle: false }\n");
    let out = site.build_ok(&[]);
    let css = read(&out.join("site.css"));
    assert!(css.contains("body a {\n  color: #c00;\n}"), "{css}");
    assert!(read(&out.join("print/paper.css")).contains("margin: 0"));
    assert!(!out.join("_colours.css").exists() && !out.join("colours.css").exists(), "partials are not published");
}

#[test]
fn a_sass_error_names_the_partial_line_and_column() {
    let site = site_with_home("");
    site.write("sass/_broken.scss", "a {\n  color: $missing;\n}\n");
    site.write("sass/site.scss", "@import \"broken\";\n");
    let result = site.build(&[]);
    result.assert_error().assert_stderr_has(&["Sass error: Undefined variable.", "sass/_broken.scss:2:10", "help:"]);
}

#[test]
fn css_is_minified_and_its_local_imports_bundled_by_default() {
    let site = site_with_home("");
    site.write("static/css/fonts.css", "/* fonts */\n.f {\n  font-family: serif;\n}\n");
    site.write(
        "static/css/main.css",
        "@import \"fonts.css\";\n@import \"https://cdn.example.org/x.css\";\nbody {\n  color: rebeccapurple;\n}\n",
    );
    site.write("sass/theme.scss", "@import \"css/fonts.css\";\n.t { b { margin: 0px; } }\n");
    let out = site.build_ok(&[]);
    let main = read(&out.join("css/main.css"));
    assert_eq!(main, "@import \"https://cdn.example.org/x.css\";.f{font-family:serif}body{color:#639}", "{main}");
    assert_eq!(read(&out.join("css/fonts.css")), ".f{font-family:serif}");
    let theme = read(&out.join("theme.css"));
    assert_eq!(theme, ".f{font-family:serif}.t b{margin:0}", "a Sass output is bundled too: {theme}");

    site.write("site.yaml", "title: t\nbase_url: https://example.org/\ncss: { minify: false, bundle: false }\n");
    let out = site.build_ok(&[]);
    assert_eq!(read(&out.join("css/main.css")), read(&site.root.join("static/css/main.css")), "as written");
}

#[test]
fn a_css_error_names_the_file_line_and_column() {
    let site = site_with_home("");
    site.write("static/style.css", "body {\n  color: red;\n}\n\n.a:::b { color: red; }\n");
    site.build(&[]).assert_error().assert_stderr_has(&["CSS error:", "static/style.css:5:", "css: { minify: false"]);
    site.write("static/style.css", "@import \"nowhere.css\";\n");
    site.build(&[]).assert_error().assert_stderr_has(&["`nowhere.css`", "static/style.css:1:"]);
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn fingerprinted_files_get_hashed_names_and_get_url_finds_them() {
    let site = site_with_home(concat!(
        "<link rel=\"stylesheet\" href=\"{{ get_url(path='style.css', cachebust=true) }}\">",
        "<script src=\"{{ get_url(path='js/app.js') }}\"></script>",
        "<link rel=\"icon\" href=\"{{ get_url(path='icon.svg', cachebust=true) }}\">",
        "<link rel=\"next\" href=\"{{ get_url(path='icon.svg') }}\">",
    ));
    site.write("site.yaml", "title: t\nbase_url: https://example.org/ltc/\nfingerprint: [\"style.css\", \"*.js\"]\n");
    site.write("static/style.css", "body {\n  color: red;\n}\n");
    site.write("static/js/app.js", "console.log(1);\n");
    site.write("static/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    let out = site.build_ok(&[]);
    let css = "body{color:red}";
    let css_name = format!("style.{}.css", &sha256_hex(css.as_bytes())[..8]);
    let js_name = format!("js/app.{}.js", &sha256_hex(b"console.log(1);\n")[..8]);
    assert_eq!(read(&out.join(&css_name)), css);
    assert!(out.join(&js_name).is_file());
    assert!(!out.join("style.css").exists() && !out.join("js/app.js").exists(), "only the hashed names");
    let home = read(&out.join("index.html"));
    assert!(home.contains(&format!("href=\"/ltc/{css_name}\"")), "{home}");
    assert!(home.contains(&format!("src=\"/ltc/{js_name}\"")), "without cachebust too: {home}");
    let svg_hash = sha256_hex(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    assert!(home.contains(&format!("href=\"/ltc/icon.svg?h={svg_hash}\"")), "{home}");
    assert!(home.contains("href=\"/ltc/icon.svg\""), "{home}");

    let again = site.tmp().join("again");
    site.build(&["--output", crate::util::path_str(&again)]).assert_success();
    assert_eq!(crate::util::tree(&out.clone()).len(), crate::util::tree(&again).len());
    assert_eq!(read(&again.join(&css_name)), css, "the same name and bytes every build");
}

#[test]
fn get_hash_gives_the_sri_value_of_the_published_bytes() {
    let site = site_with_home(concat!(
        "<link rel=\"stylesheet\" href=\"{{ get_url(path='style.css') }}\" integrity=\"{{ get_hash(path='style.css') }}\">",
        "<meta name=\"h256\" content=\"{{ get_hash(path='style.css', sha_type=256, base64=false) }}\">",
        "<meta name=\"h512\" content=\"{{ get_hash(path='/style.css', sha_type=512) }}\">",
    ));
    site.write("static/style.css", "body {\n  color: red;\n}\n");
    let out = site.build_ok(&[]);
    let published = read(&out.join("style.css"));
    let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    let home = read(&out.join("index.html"));
    let sri384 = format!("sha384-{}", b64(&sha2::Sha384::digest(published.as_bytes())));
    assert!(home.contains(&format!("integrity=\"{sri384}\"")), "{home}");
    assert!(home.contains(&format!("content=\"{}\"", sha256_hex(published.as_bytes()))), "{home}");
    let sri512 = format!("sha512-{}", b64(&sha2::Sha512::digest(published.as_bytes())));
    assert!(home.contains(&sri512), "{home}");

    site.write("templates/index.html", "{{ get_hash(path='style.css', sha_type=385) }}");
    site.build(&[]).assert_error().assert_stderr_has(&["sha_type=385", "256, 384 or 512"]);
    site.write("templates/index.html", "{{ get_hash(path='nope.css') }}");
    site.build(&[]).assert_error().assert_stderr_has(&["get_hash: `nope.css` is not a file of static/"]);
}

#[test]
fn unknown_arguments_to_functions_and_filters_are_errors_naming_them() {
    let site = site_with_home("<link href=\"{{ get_url(path='style.css', cachbust=true) }}\">");
    site.write("static/style.css", "body{}");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "templates/index.html:2:76",
        "get_url: unknown argument `cachbust`; did you mean `cachebust`? `get_url` takes: path, cachebust, lang",
    ]);
    site.write("templates/index.html", "{{ 'A b' | slugify(sep='_') }}");
    site.build(&[]).assert_error().assert_stderr_has(&["slugify: unknown argument `sep`", "takes no arguments"]);
    site.write("templates/index.html", "{{ '2024-01-01' | date(fromat='%Y') }}");
    site.build(&[]).assert_error().assert_stderr_has(&["date: unknown argument `fromat`; did you mean `format`?"]);
    site.write("templates/index.html", "{% set p = get_page(path='blog/hello.md', language='fr') %}");
    site.build(&[]).assert_error().assert_stderr_has(&["get_page: unknown argument `language`", "takes: path, lang"]);
    site.write("templates/index.html", "{% set p = get_page(path='blog/hello.md', lang='fr') %}");
    site.build(&[]).assert_error().assert_stderr_has(&["get_page: `lang=\"fr\"` is not a language of this site"]);
}

/// A bundle page whose first paragraph shows its own picture and links its own file.
fn bundle_site(base_url: &str) -> Site {
    let site = fixture("minimal");
    site.write("site.yaml", &format!("title: t\nbase_url: {base_url}\n"));
    site.write(
        "content/blog/trip/index.md",
        "---\ntitle: Trip\ndate: 2024-03-01\n---\n\nWe went ![the lake](lake.svg) and [notes](notes.txt), see [Hello](@/blog/hello.md).\n\nMore.\n",
    );
    site.write("content/blog/trip/lake.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("content/blog/trip/notes.txt", "notes\n");
    site.write(
        "templates/section.html",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>s</title></head><body>\n{% for p in paginator.pages %}<div>{{ p.summary | safe }}</div>{% endfor %}\n</body></html>\n",
    );
    site
}

#[test]
fn a_bundles_relative_image_in_a_summary_points_at_the_bundle_on_listings() {
    let site = bundle_site("https://example.org/ltc/");
    let out = site.build_ok(&[]);
    let listing = read(&out.join("blog/index.html"));
    assert!(listing.contains("src=\"/ltc/blog/trip/lake.svg\""), "{listing}");
    assert!(listing.contains("href=\"/ltc/blog/trip/notes.txt\""), "{listing}");
    assert!(listing.contains("href=\"/ltc/blog/hello/\""), "{listing}");
    assert!(out.join("blog/trip/lake.svg").is_file());
}

#[test]
fn feeds_carry_absolute_urls_for_a_bundles_images_and_links() {
    let site = bundle_site("https://example.org/ltc/");
    let out = site.build_ok(&[]);
    for feed in ["atom.xml", "rss.xml"] {
        let xml = read(&out.join(feed));
        assert!(xml.contains("src=&quot;https://example.org/ltc/blog/trip/lake.svg&quot;"), "{feed}: {xml}");
        assert!(xml.contains("href=&quot;https://example.org/ltc/blog/trip/notes.txt&quot;"), "{feed}: {xml}");
        assert!(xml.contains("href=&quot;https://example.org/ltc/blog/hello/&quot;"), "{feed}: {xml}");
        assert!(!xml.contains("src=&quot;lake.svg"), "{feed}: {xml}");
    }
}
