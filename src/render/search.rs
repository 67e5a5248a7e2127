//! The search index: Pagefind, used as a library. The rendered HTML of every page is given to
//! `pagefind::api::PagefindIndex` with its URL (base path included), and the index plus
//! Pagefind's JavaScript UI are written under `pagefind/`. The theme marks what to index with
//! `data-pagefind-body` and the filters with `data-pagefind-filter`; the search page works on
//! any static host, with no server code.

use crate::diagnostics::Diagnostic;

/// Builds the index of `pages` (URL, HTML); returns (path inside `pagefind/`, bytes). Every
/// page is indexed as in `language` when given; else (a site in several languages) as its
/// `<html lang>` says, one index per language, so that results stay in the reader's language.
pub(crate) fn index(
    language: Option<&str>,
    pages: Vec<(String, String)>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let fail = |e: String| {
        Diagnostic::error(format!("the search index could not be built: {e}")).with_help(
            "turn search off with `outputs: { search: false }` in site.yaml to build without it, and report this",
        )
    };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| fail(e.to_string()))?;
    runtime.block_on(async {
        let builder = pagefind::options::PagefindServiceConfig::builder().keep_index_url(true);
        let options = match language {
            Some(language) => builder.force_language(language.to_string()).build(),
            None => builder.build(),
        };
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| fail(e.to_string()))?;
        for (url, html) in pages {
            index.add_html_file(None, Some(url), html).await.map_err(|e| fail(e.to_string()))?;
        }
        let files = index.get_files().await.map_err(|e| fail(e.to_string()))?;
        let mut out: Vec<(String, Vec<u8>)> =
            files.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents)).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    })
}
