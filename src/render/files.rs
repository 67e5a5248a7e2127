//! The outputs that are not templates, listed and made as text: the 404 page's place, the
//! site's feeds and calendars (one per language), each event's `.ics`, resources.json, the
//! sitemap, robots.txt, the CMS files and the highlighting stylesheet.

use super::feeds::{self, Format};
use super::jobs::{Kind, Output};
use super::{calendar, resources, sitemap};
use crate::site::Site;

/// The 404 page, feeds, calendars, resources.json, sitemap and robots.txt.
pub(super) fn site_outputs(site: &Site, outs: &mut Vec<Output>) {
    outs.push(Output { path: "404.html".into(), kind: Kind::NotFound, owner: "404 page".into() });
    let o = site.config.outputs;
    let c = &site.config;
    let feeds = std::iter::once((c.language.as_str(), o.feeds))
        .chain(c.languages.iter().map(|l| (l.code.as_str(), l.feeds)))
        .filter(|(_, on)| *on);
    for (lang, _) in feeds {
        for &format in Format::written(site) {
            let owner = format!("the {} feed", format.name()).into();
            let path = format!("{}{}", c.language_prefix(lang), format.file());
            outs.push(Output { path, kind: Kind::SiteFeed { format, lang: lang.to_string() }, owner });
        }
    }
    if o.calendar && !site.events.is_empty() {
        for lang in c.language_codes() {
            let path = format!("{}calendar.ics", c.language_prefix(lang));
            let kind = Kind::Calendar { lang: lang.to_string() };
            outs.push(Output { path, kind, owner: "the calendar".into() });
        }
        for (i, e) in site.events.iter().enumerate() {
            if let Some(path) = site.ics_path(e.page) {
                outs.push(Output { path, kind: Kind::EventIcs { event: i }, owner: site.pages[e.page].file.clone() });
            }
        }
    }
    if o.resources_json {
        outs.push(Output { path: "resources.json".into(), kind: Kind::Resources, owner: "resources.json".into() });
    }
    if o.sitemap {
        outs.push(Output { path: "sitemap.xml".into(), kind: Kind::Sitemap, owner: "the sitemap".into() });
    }
    if o.robots {
        outs.push(Output { path: "robots.txt".into(), kind: Kind::Robots, owner: "robots.txt".into() });
    }
    if o.cms {
        for (path, config) in [("admin/index.html", false), ("admin/config.yml", true)] {
            outs.push(Output { path: path.into(), kind: Kind::Cms { config }, owner: "outputs.cms".into() });
        }
    }
}

/// The sections with a collection, for the CMS forms; a section whose pages are all bundles
/// gets bundles.
fn cms_sections(site: &Site) -> Vec<crate::forms::decap::Section> {
    let keys = site.config.collections.keys();
    keys.map(|key| {
        let in_default = |p: &&std::sync::Arc<crate::site::Page>| p.lang == site.config.language;
        let mut pages =
            site.pages.iter().filter(in_default).filter(|p| site.sections[p.section].key == *key).peekable();
        let any = pages.peek().is_some();
        let bundles = any && pages.all(|p| p.key.ends_with("/index.md"));
        crate::forms::decap::Section { key: key.clone(), bundles }
    })
    .collect()
}

/// The text of output `kind`, one of the kinds listed above (others have none here).
pub(super) fn bytes(site: &Site, kind: &Kind) -> String {
    match kind {
        Kind::SiteFeed { format, lang } => feeds::write(site, &feeds::Feed::site(site, lang), *format),
        Kind::SectionFeed { id, format } => feeds::write(site, &feeds::Feed::section(site, *id), *format),
        Kind::TermFeed { tax, term, format } => feeds::write(site, &feeds::Feed::term(site, *tax, *term), *format),
        Kind::Calendar { lang } => {
            let all = calendar::events_in(site, lang);
            calendar::calendar(site, &all, site.config.title_in(lang))
        }
        Kind::EventIcs { event } => {
            let e = &site.events[*event];
            calendar::calendar(site, &[e], &site.pages[e.page].front.title)
        }
        Kind::Resources => resources::resources(site),
        Kind::Sitemap => sitemap::sitemap(site),
        Kind::Robots => sitemap::robots(site),
        Kind::Cms { config: true } => crate::forms::decap::config_yml(&site.config, &cms_sections(site)),
        Kind::Cms { config: false } => crate::forms::decap::index_html(&site.config),
        Kind::SyntaxCss => {
            let h = &site.config.highlight;
            crate::markdown::stylesheet(&h.theme, h.theme_dark.as_deref())
        }
        Kind::Page { .. }
        | Kind::Section { .. }
        | Kind::Taxonomy { .. }
        | Kind::Term { .. }
        | Kind::NotFound
        | Kind::Alias { .. }
        | Kind::SectionAlias { .. }
        | Kind::Copy(_)
        | Kind::Image { .. }
        | Kind::Style { .. } => String::new(),
    }
}
