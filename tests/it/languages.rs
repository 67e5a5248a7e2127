//! A site in two languages (issue 15): `tests/fixtures/languages` is in English (the default,
//! at the root) and Spanish (`languages: { es: … }`, under `/es/`). Translations are
//! `NAME.es.md` beside `NAME.md`, `index.es.md` in bundles, `_index.es.md` for sections.

use crate::util::{Site, fixture, read};

fn built() -> (Site, std::path::PathBuf) {
    let site = fixture("languages");
    let out = site.build_ok(&[]);
    (site, out)
}

#[test]
fn translations_are_published_under_their_language_with_the_same_slug() {
    let (_site, out) = built();
    for path in [
        "index.html",
        "es/index.html",
        "blog/hello/index.html",
        "es/blog/hello/index.html",
        "es/blog/index.html",
        "es/trainings/intro/index.html",
        "guides/kit/index.html",
        "es/guides/kit/index.html",
        "es/guides/kit/notes.txt",
        "guides/kit/notes.txt",
    ] {
        assert!(out.join(path).is_file(), "{path} should be written");
    }
    // A page without a translation is not published in Spanish, nor is `hello.es` a page.
    assert!(!out.join("es/blog/world/index.html").exists());
    assert!(!out.join("blog/hello.es").exists());
    let hola = read(&out.join("es/blog/hello/index.html"));
    assert!(hola.contains("<html lang=\"es\">"), "{hola}");
    assert!(hola.contains("<h1>Hola</h1>"), "{hola}");
    let hello = read(&out.join("blog/hello/index.html"));
    assert!(hello.contains("<html lang=\"en\">"), "{hello}");
    // The Spanish section lists only Spanish pages; its home lists its own sections.
    let blog = read(&out.join("es/blog/index.html"));
    assert!(blog.contains("<li lang=\"es\"><a href=\"/es/blog/hello/\">Hola</a></li>"), "{blog}");
    assert!(!blog.contains("World"), "{blog}");
    let home = read(&out.join("es/index.html"));
    assert!(home.contains("<h1>Centro</h1>") && home.contains("<a href=\"/es/blog/\">Blog</a>"), "{home}");
}

#[test]
fn every_version_links_the_others_with_hreflang_and_x_default() {
    let (_site, out) = built();
    let alternates = "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/blog/hello/\">\n\
                      <link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/blog/hello/\">\n\
                      <link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/blog/hello/\">";
    for path in ["blog/hello/index.html", "es/blog/hello/index.html"] {
        let html = read(&out.join(path));
        assert!(html.contains(alternates), "{path}:\n{html}");
    }
    // page.translations: every version, itself included, the default language first.
    let hola = read(&out.join("es/blog/hello/index.html"));
    assert!(hola.contains("<ul class=\"translations\"><li lang=\"en\"><a href=\"/blog/hello/\">Hello</a></li><li lang=\"es\"><a href=\"/es/blog/hello/\">Hola</a></li></ul>"), "{hola}");
    // A page in one language has no alternates.
    let world = read(&out.join("blog/world/index.html"));
    assert!(!world.contains("hreflang"), "{world}");
    // Sections too, even one made for its Spanish pages; and site.languages lists each home.
    let blog = read(&out.join("es/blog/index.html"));
    assert!(blog.contains("hreflang=\"es\" href=\"https://example.org/es/blog/\""), "{blog}");
    let home = read(&out.join("index.html"));
    assert!(home.contains("<li lang=\"es\"><a href=\"/es/\">Español: Centro</a></li>"), "{home}");
}

#[test]
fn at_links_and_get_url_go_to_the_version_in_the_same_language_else_the_default() {
    let (site, out) = built();
    let hola = read(&out.join("es/blog/hello/index.html"));
    assert!(hola.contains("<a href=\"/es/trainings/intro/\">la formación</a>"), "{hola}");
    assert!(hola.contains("<a href=\"/blog/world/\">el mundo</a>"), "{hola}");
    let home = read(&out.join("index.html"));
    assert!(home.contains("<p class=\"hello-es\">/es/blog/hello/</p>"), "{home}");
    assert!(home.contains("<p class=\"world-es\">/blog/world/</p>"), "{home}");
    // `check` says where a translation links to the default language.
    let check = site.check(&[]);
    assert_eq!(check.code, 0, "{check:?}");
    check.assert_stderr_has(&[
        "this link goes to `@/blog/world.md` in the default language: it has no version in Español (es)",
        "content/blog/hello.es.md:5:12",
        "translate it as blog/world.es.md",
    ]);
}

#[test]
fn fields_not_translated_are_taken_from_the_original() {
    let (_site, out) = built();
    let intro = read(&out.join("es/trainings/intro/index.html"));
    assert!(
        intro.contains("<p class=\"params\">starts=2026-05-04T14:00:00-05:00;time_zone=America/Chicago;population=5000;presenter=Ana;</p>"),
        "{intro}"
    );
    // Taxonomy terms and the date too; the Spanish term page lists the Spanish page.
    let hola = read(&out.join("es/blog/hello/index.html"));
    assert!(hola.contains("<p class=\"date\">2026-01-10</p>"), "{hola}");
    assert!(hola.contains("<a href=\"/es/library_type/rural/\">rural</a>"), "{hola}");
    let term = read(&out.join("es/library_type/rural/index.html"));
    assert!(term.contains("<a href=\"/es/blog/hello/\">Hola</a>") && !term.contains("Hello"), "{term}");
    assert!(term.contains("<html lang=\"es\">"), "{term}");
    assert!(!out.join("es/library_type/urban").exists(), "no Spanish page is urban");
}

#[test]
fn a_translation_setting_a_field_that_is_not_translated_differently_is_an_error() {
    let site = fixture("languages");
    site.write(
        "content/trainings/intro.es.md",
        "---\ntitle: \"Introducción\"\npresenter: \"Ana\"\npopulation: 4000\n---\nLa formación.\n",
    );
    site.build(&[]).assert_error().assert_stderr_has(&[
        "`population` is not translated: this translation must not set it differently from",
        "content/trainings/intro.md",
        "content/trainings/intro.es.md:4:13",
        "content/trainings/intro.md has `5000`",
        "remove `population` from this file",
    ]);
    // The same value is allowed.
    site.write(
        "content/trainings/intro.es.md",
        "---\ntitle: \"Introducción\"\npresenter: \"Ana\"\npopulation: 5000\n---\nLa formación.\n",
    );
    site.build(&[]).assert_success();
    // Terms too.
    site.write("content/blog/hello.es.md", "---\ntitle: \"Hola\"\nlibrary_type: [urban]\n---\nHola.\n");
    site.build(&[])
        .assert_error()
        .assert_stderr_has(&["`library_type` is not translated", "content/blog/hello.es.md:3:15"]);
}

#[test]
fn a_translation_is_checked_against_its_collection() {
    let site = fixture("languages");
    // `presenter` is translated and optional; a wrong type or an unknown field is an error.
    site.write("content/trainings/intro.es.md", "---\ntitle: \"Introducción\"\npresenter: [Ana]\nsala: 2\n---\nx\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "content/trainings/intro.es.md:3:12",
        "content/trainings/intro.es.md:4:1",
        "unknown field `sala` for a page in trainings/",
    ]);
    // A translation with no original must hold the required fields itself.
    site.write("content/trainings/solo.es.md", "---\ntitle: \"Solo\"\n---\nx\n");
    site.remove("content/trainings/intro.es.md");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "this trainings/ page has no `starts`, which is required",
        "content/trainings/solo.es.md",
        "in the default language (content/trainings/solo.md)",
    ]);
}

#[test]
fn check_reports_missing_and_stale_translations() {
    let site = fixture("languages");
    let check = site.check(&[]);
    assert_eq!(check.code, 0, "{check:?}");
    check.assert_stderr_has(&[
        "1 page in the default language has no translation in Español (es)",
        "site.yaml:7:3",
        "content/blog/world.md",
        "this translation may be out of date: content/blog/hello.md was updated 2026-03-01",
        "and the translation",
        "was updated 2026-02-01",
        "content/blog/hello.es.md:3:10",
    ]);
    site.write("content/blog/world.es.md", "---\ntitle: \"Mundo\"\n---\nEl mundo.\n");
    site.write("content/blog/hello.es.md", "---\ntitle: \"Hola\"\nupdated: 2026-03-02\n---\nHola.\n");
    let check = site.check(&[]);
    assert!(!check.stderr.contains("no translation") && !check.stderr.contains("out of date"), "{check:?}");
}

#[test]
fn a_suffix_that_is_no_declared_language_is_part_of_the_name() {
    let site = fixture("languages");
    site.write("content/blog/plan.fr.md", "---\ntitle: \"Plan\"\n---\nx\n");
    let out = site.build_ok(&[]);
    assert!(out.join("blog/plan.fr/index.html").is_file());
}

#[test]
fn languages_are_checked_in_site_yaml() {
    let site = fixture("languages");
    let yaml = read(&site.root.join("site.yaml"));
    site.write("site.yaml", &yaml.replace("  es:\n", "  en:\n    title: x\n  Spanish:\n"));
    site.build(&[]).assert_error().assert_stderr_has(&[
        "`en` under `languages` is the default `language:`",
        "`Spanish` under `languages` is not a language code",
        "site.yaml:7:3",
    ]);
}

#[test]
fn feeds_sitemap_calendars_and_resources_are_per_language() {
    let (_site, out) = built();
    let es = read(&out.join("es/atom.xml"));
    assert!(es.contains("xml:lang=\"es\"") && es.contains("<title>Centro</title>"), "{es}");
    assert!(es.contains("<subtitle>Recursos</subtitle>"), "{es}");
    assert!(es.contains("<title>Hola</title>") && !es.contains("<title>Hello</title>"), "{es}");
    assert_eq!(crate::util::count(&es, "<entry>"), 1, "{es}");
    let en = read(&out.join("atom.xml"));
    assert!(en.contains("https://example.org/blog/hello/") && !en.contains("/es/"), "{en}");
    // A section's feed in each language.
    let es_blog = read(&out.join("es/blog/rss.xml"));
    assert!(es_blog.contains("<language>es</language>") && es_blog.contains("Hola"), "{es_blog}");
    assert!(!es_blog.contains("World"), "{es_blog}");
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""), "{sitemap}");
    assert!(
        sitemap.contains(
            "    <loc>https://example.org/es/blog/hello/</loc>\n    <lastmod>2026-02-01</lastmod>\n    \
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/blog/hello/\"/>\n    \
         <xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/blog/hello/\"/>\n"
        ),
        "{sitemap}"
    );
    // One calendar per language, the same event (one UID) with the translation's words.
    let cal_es = read(&out.join("es/calendar.ics"));
    let cal_en = read(&out.join("calendar.ics"));
    assert!(cal_es.contains("SUMMARY:Introducción") && cal_es.contains("DESCRIPTION:Una introducción."), "{cal_es}");
    assert!(cal_en.contains("SUMMARY:Introduction") && !cal_en.contains("Introducción"), "{cal_en}");
    assert!(cal_es.contains("UID:trainings.intro@example.org") && cal_en.contains("UID:trainings.intro@example.org"));
    let resources = read(&out.join("resources.json"));
    assert!(resources.contains("\"title\": \"Hola\",\n      \"lang\": \"es\""), "{resources}");
    assert!(resources.contains("\"url\": \"https://example.org/es/library_type/rural/\""), "{resources}");
    // Search: one Pagefind index per language.
    let names = crate::util::tree_names(&out.join("pagefind"));
    assert!(
        names.iter().any(|n| n.starts_with("index/es_")) && names.iter().any(|n| n.starts_with("index/en_")),
        "{names:?}"
    );
}

#[test]
fn a_site_in_one_language_is_as_before() {
    let site = fixture("languages");
    let yaml = read(&site.root.join("site.yaml"));
    let start = yaml.find("languages:").unwrap();
    let end = yaml.find("taxonomies:").unwrap();
    site.write("site.yaml", &format!("{}{}", &yaml[..start], &yaml[end..]));
    site.remove("content/trainings/intro.es.md"); // a training of its own, without `starts`
    let index = read(&site.root.join("templates/index.html")).replace("lang=\"es\"", "lang=lang");
    site.write("templates/index.html", &index);
    let out = site.build_ok(&[]);
    // `hello.es.md` is then a page of its own name, and nothing is under /es/.
    assert!(out.join("blog/hello.es/index.html").is_file());
    assert!(!out.join("es").exists());
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(!sitemap.contains("xhtml"), "{sitemap}");
    let hello = read(&out.join("blog/hello/index.html"));
    assert!(!hello.contains("hreflang") && hello.contains("<html lang=\"en\">"), "{hello}");
}

/// Runs `steps` on a session over the `languages` fixture, telling it the changed paths as
/// `serve` does; after each, the session's output must equal a fresh build's, byte for byte.
/// An edit of the site, named for messages.
type Step<'a> = (&'a str, &'a dyn Fn(&Site));

fn rebuilds_equal_fresh_builds(steps: &[Step]) {
    use ltc_hub::BuildOptions;
    let site = crate::util::fixture_in_memory("languages");
    let out = site.tmp().join("served");
    let opts = BuildOptions { root: site.root.clone(), output: Some(out.clone()), jobs: 2, ..Default::default() };
    let mut session = ltc_hub::incremental::Session::new(opts.clone());
    session.rebuild().unwrap_or_else(|f| panic!("first build failed: {:?}", f.diagnostics));
    for (n, (what, step)) in steps.iter().enumerate() {
        let before = crate::util::tree(&site.root.join("content"));
        step(&site);
        std::thread::sleep(std::time::Duration::from_millis(5));
        let after = crate::util::tree(&site.root.join("content"));
        let changed: Vec<std::path::PathBuf> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .map(|k| site.root.join("content").join(k))
            .collect();
        session.rebuild_changed(&changed, &mut |_| {}).unwrap_or_else(|f| panic!("{what} failed: {:?}", f.diagnostics));
        let fresh = site.tmp().join(format!("fresh-{n}"));
        ltc_hub::build(&BuildOptions { output: Some(fresh.clone()), ..opts.clone() })
            .unwrap_or_else(|f| panic!("fresh build after {what} failed: {:?}", f.diagnostics));
        crate::util::assert_same_tree(&crate::util::tree(&fresh), &crate::util::tree(&out));
    }
}

#[test]
fn adding_editing_and_removing_a_translation_rebuilds_as_a_fresh_build() {
    let world_es = "content/blog/world.es.md";
    rebuilds_equal_fresh_builds(&[
        ("adding a translation", &|s| {
            s.write(world_es, "---\ntitle: \"Mundo\"\n---\nEl mundo, y [hola](@/blog/hello.md).\n")
        }),
        ("editing its body", &|s| s.append(world_es, "\nMás palabras.\n")),
        ("editing its title", &|s| s.write(world_es, "---\ntitle: \"El mundo\"\n---\nEl mundo.\n")),
        ("editing the original's title", &|s| {
            let text = read(&s.root.join("content/blog/world.md")).replace("title: \"World\"", "title: \"Earth\"");
            s.write("content/blog/world.md", &text);
        }),
        ("editing a field the translation takes", &|s| {
            let path = s.root.join("content/trainings/intro.md");
            s.write("content/trainings/intro.md", &read(&path).replace("population: 5000", "population: 6000"));
        }),
        ("editing the original's body", &|s| s.append("content/trainings/intro.md", "\nMore.\n")),
        ("adding a section's translation", &|s| {
            s.write("content/blog/_index.es.md", "---\ntitle: \"Bitácora\"\n---\nTexto.\n")
        }),
        ("editing a translated body with an @/ link", &|s| {
            s.append("content/blog/hello.es.md", "\n[Mundo](@/blog/world.md).\n")
        }),
        ("removing the translation", &|s| s.remove(world_es)),
        ("removing the section's translation", &|s| s.remove("content/blog/_index.es.md")),
        ("removing a bundle's translation", &|s| s.remove("content/guides/kit/index.es.md")),
    ]);
}
