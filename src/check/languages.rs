//! `check`'s reports on a site in several languages: the default-language pages a language has
//! no translation of (`missing-translation`, one warning per language with the count and the
//! list), translations older than their original (`stale-translation`: the original's
//! `updated` is later than the translation's), and links of a translation that go to the
//! default language's page because the target has no version in the translation's language
//! (`untranslated-link`).

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// Every report above, for `check`; nothing for a site in one language.
pub fn translation_lints(site: &Site) -> Vec<Diagnostic> {
    if !site.config.multilingual() {
        return Vec::new();
    }
    let mut out = missing(site);
    out.extend(stale(site));
    out.extend(untranslated_links(site));
    out
}

/// A language's name for messages: `Español (es)`.
fn named(site: &Site, code: &str) -> String {
    match site.config.lang(code) {
        Some(l) if l.name != code => format!("{} ({code})", l.name),
        _ => format!("`{code}`"),
    }
}

fn missing(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let source: std::sync::Arc<str> = std::sync::Arc::from(config.source.as_str());
    let mut out = Vec::new();
    for lang in &config.languages {
        let have: HashSet<&str> =
            site.pages.iter().filter(|p| p.lang == lang.code).map(|p| p.original.as_str()).collect();
        let missing: Vec<String> = site
            .pages
            .iter()
            .filter(|p| p.lang == config.language && !have.contains(p.key.as_str()))
            .map(|p| p.file.display().to_string())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let n = missing.len();
        let d = Diagnostic::warning(format!(
            "{n} page{} in the default language {} no translation in {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "has" } else { "have" },
            named(site, &lang.code)
        ))
        .in_file(crate::config::FILE_NAME)
        .with_help(format!(
            "translate them as NAME.{}.md beside NAME.md (until then readers of that language see them in the default language): {}",
            lang.code,
            missing.join(", ")
        ))
        .with_code("missing-translation");
        out.push(match crate::yaml::key_name_span(&source, &["languages"], &lang.code) {
            Some(span) => d.at(&source, span),
            None => d,
        });
    }
    out
}

fn stale(site: &Site) -> Vec<Diagnostic> {
    let by_key: std::collections::HashMap<&str, usize> =
        site.pages.iter().enumerate().map(|(i, p)| (p.key.as_str(), i)).collect();
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.lang != site.config.language) {
        let Some(orig) = by_key.get(p.original.as_str()).map(|&i| &site.pages[i]) else { continue };
        let Some(changed) = orig.front.updated else { continue };
        let own = p.front.updated.or(p.front.date);
        if own.is_some_and(|d| d.timestamp() >= changed.timestamp()) {
            continue;
        }
        let since = own.map_or_else(|| "has no `updated` date".to_string(), |d| format!("was updated {}", d.to_text()));
        let yaml = &p.text[..p.body.start.min(p.text.len())];
        let span = crate::yaml::key_span(yaml, &[], "updated")
            .or_else(|| crate::yaml::key_span(yaml, &[], "title"))
            .unwrap_or(0..0);
        out.push(
            Diagnostic::warning(format!(
                "this translation may be out of date: {} was updated {}, and the translation {since}",
                orig.file.display(),
                changed.to_text()
            ))
            .in_file(&p.file)
            .at(&p.text, span)
            .with_help(format!(
                "bring it up to date with {}, then set `updated: {}` (or later) in its front matter",
                orig.file.display(),
                changed.to_text()
            ))
            .with_code("stale-translation"),
        );
    }
    out
}

fn untranslated_links(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.lang != site.config.language) {
        for l in p.rendered.links.iter().filter(|l| l.untranslated) {
            let span = l.span.start + p.body.start..l.span.end + p.body.start;
            out.push(
                Diagnostic::warning(format!(
                    "this link goes to `@/{}` in the default language: it has no version in {}",
                    l.target,
                    named(site, &p.lang)
                ))
                .in_file(&p.file)
                .at(&p.text, span)
                .with_help(format!(
                    "translate it as {} (the link then goes there by itself), or keep the link to the original",
                    crate::content::translations::key_in(&l.target, &p.lang)
                ))
                .with_code("untranslated-link"),
            );
        }
    }
    out
}
