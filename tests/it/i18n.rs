//! Theme strings (issue 15, point 3): `trans` reads the theme's `i18n/LANG.yaml`, which the
//! site's own `i18n/LANG.yaml` overrides key by key; a key missing in a language is an error
//! naming the template, the key and the language; `date` writes month and day names in the
//! language. Each test lays a theme `t` with English and Spanish catalogues over `minimal`.

use crate::util::{Site, fixture, locations, read};

const EN: &str = "search:\n  button: Search\n  label: Search the site\n  extra: Only in English\npages:\n  one: \"{count} page\"\n  other: \"{count} pages\"\nhello: \"Hello, {name}\"\n";
const ES: &str = "search:\n  button: Buscar\n  label: Buscar en el sitio\npages:\n  one: \"{count} página\"\n  other: \"{count} páginas\"\nhello: \"Hola, {name}\"\ndate:\n  months: [enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, octubre, noviembre, diciembre]\n  weekdays: [lunes, martes, miércoles, jueves, viernes, sábado, domingo]\n";

/// `minimal` with the theme `t` and its catalogues, and `body` as the page template's body.
fn site_with(body: &str) -> Site {
    let site = fixture("minimal");
    site.append("site.yaml", "theme: t\n");
    site.write("themes/t/templates/partials/empty.html", "");
    site.write("themes/t/i18n/en.yaml", EN);
    site.write("themes/t/i18n/es.yaml", ES);
    site.write(
        "templates/page.html",
        &format!("<!DOCTYPE html>\n<html lang=\"{{{{ lang }}}}\"><body>\n{body}\n</body></html>\n"),
    );
    site
}

/// What the page template wrote between `<body>` and `</body>`.
fn body(site: &Site) -> String {
    let html = read(&site.build_ok(&[]).join("blog/hello/index.html"));
    let from = html.find("<body>\n").expect("a body") + 7;
    html[from..html.find("\n</body>").expect("a body end")].to_string()
}

#[test]
fn trans_gives_the_message_of_the_language_with_its_placeholders_and_plural() {
    let site = site_with(
        r#"{{ trans(key="search.button") }}|{{ trans(key="search.button", lang="es") }}|{{ trans(key="pages", count=1) }}|{{ trans(key="pages", count=3, lang="es") }}|{{ trans(key="hello", name="<Ana>") }}|{{ lang }}"#,
    );
    assert_eq!(body(&site), "Search|Buscar|1 page|3 páginas|Hello, &lt;Ana&gt;|en");
}

#[test]
fn a_root_catalogue_overrides_one_key_of_the_themes() {
    let site = site_with(
        r#"{{ trans(key="search.button") }}|{{ trans(key="search.label") }}|{{ trans(key="search.button", lang="es") }}"#,
    );
    site.write("i18n/en.yaml", "search:\n  button: Find\n");
    assert_eq!(body(&site), "Find|Search the site|Buscar");
}

#[test]
fn a_key_missing_in_a_language_is_an_error_naming_the_template_the_key_and_the_language() {
    let site = site_with(
        "<p>{{ trans(key=\"search.button\") }}</p>\n<p>{{ trans(key=\"search.extra\", lang=\"es\") }}</p>\n<p>{{ trans(key=\"search.buton\") }}</p>",
    );
    let build = site.build(&[]);
    build.assert_error();
    let check = site.check(&[]);
    assert_eq!(check.code, 1, "{check:?}");
    for out in [build, check] {
        out.assert_stderr_has(&[
            "template `page.html`: the key `search.extra` is missing from the `es` catalogue",
            "add `search.extra: …` to themes/t/i18n/es.yaml or i18n/es.yaml",
            "template `page.html`: the key `search.buton` is missing from the `en` catalogue",
            "did you mean `search.button`?",
        ]);
        // At the key, in the template: line 4 (after the doctype and <html> lines), column 17.
        let at = locations(&out.stderr, "templates/page.html");
        assert!(at.contains(&(4, 17)) && at.contains(&(5, 17)), "{at:?}\n{}", out.stderr);
    }
}

#[test]
fn a_key_given_by_a_variable_is_checked_when_the_page_renders() {
    let site = site_with(r#"{% set k = "search.nope" %}{{ trans(key=k, lang="es") }}"#);
    site.build(&[]).assert_error().assert_stderr_has(&[
        "the key `search.nope` is missing from the `es` catalogue",
        "while rendering content/blog/hello.md",
        "themes/t/i18n/es.yaml or i18n/es.yaml",
    ]);
}

#[test]
fn a_language_without_a_catalogue_and_an_argument_no_message_uses_are_errors() {
    let site = site_with(r#"{{ trans(key="search.button", lang="fr") }}"#);
    site.build(&[]).assert_error().assert_stderr_has(&[
        "there is no catalogue of theme strings for the language `fr`",
        "write themes/t/i18n/fr.yaml or i18n/fr.yaml",
    ]);
    let site = site_with(r#"{{ trans(key="hello", nme="Ana") }}"#);
    site.build(&[]).assert_error().assert_stderr_has(&["trans: unknown argument `nme`; did you mean `name`?"]);
}

#[test]
fn dates_are_written_in_the_language_of_the_catalogue() {
    let site = site_with(
        r#"{{ "2024-01-15" | date(format="%A, %B %-d, %Y") }}|{{ "2024-01-15" | date(format="%A %-d de %B de %Y", lang="es") }}|{{ "2017-04-06T13:00:00-05:00" | date(format="%-d de %B, %H:%M", lang="es") }}"#,
    );
    assert_eq!(body(&site), "Monday, January 15, 2024|lunes 15 de enero de 2024|6 de abril, 13:00");
    // A language other than the site's needs the names in its catalogue.
    site.write("themes/t/i18n/es.yaml", "search:\n  button: Buscar\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "date: `%A` needs `date.weekdays`",
        "the key `date.weekdays` is missing from the `es` catalogue",
    ]);
}

#[test]
fn a_translation_gets_its_languages_strings_and_dates_without_lang() {
    let site =
        site_with(r#"{{ trans(key="search.button") }}|{{ "2024-01-15" | date(format="%-d de %B") }}|{{ lang }}"#);
    site.append("site.yaml", "languages:\n  es:\n    title: \"Mínimo\"\n");
    site.write("content/blog/hello.es.md", "---\ntitle: \"Hola\"\n---\n\nHola.\n");
    // English keeps chrono's names (the English catalogue has none); Spanish uses its own.
    assert_eq!(body(&site), "Search|15 de January|en");
    let html = read(&site.out().join("es/blog/hello/index.html"));
    assert!(html.contains("Buscar|15 de enero|es"), "{html}");
}

#[test]
fn every_language_of_the_site_must_hold_every_key_a_template_uses() {
    let site = site_with(r#"{{ trans(key="search.extra") }}"#);
    site.build_ok(&[]);
    site.append("site.yaml", "languages:\n  es:\n    title: \"Mínimo\"\n");
    site.build(&[]).assert_error().assert_stderr_has(&[
        "template `page.html`: the key `search.extra` is missing from the `es` catalogue",
        "add `search.extra: …` to themes/t/i18n/es.yaml or i18n/es.yaml",
    ]);
}

#[test]
fn a_translations_shortcodes_speak_its_language() {
    // A shortcode's own words (a callout's default heading) come from the page's language.
    let site = site_with("{{ page.content | safe }}");
    site.write(
        "themes/t/templates/shortcodes/note.html",
        r#"<p class="h">{{ trans(key="search.button") }}</p>{{ body | safe }}"#,
    );
    site.append("site.yaml", "languages:\n  es:\n    title: \"Mínimo\"\n");
    site.write("content/blog/note.md", "---\ntitle: \"Note\"\n---\n\n{% note() %}Hi.{% end %}\n");
    site.write("content/blog/note.es.md", "---\ntitle: \"Hola\"\n---\n\n{% note() %}Hola.{% end %}\n");
    let out = site.build_ok(&[]);
    let en = read(&out.join("blog/note/index.html"));
    assert!(en.contains(r#"<p class="h">Search</p>"#), "{en}");
    let es = read(&out.join("es/blog/note/index.html"));
    assert!(es.contains(r#"<p class="h">Buscar</p>"#), "the Spanish page's shortcode is in Spanish: {es}");
}
