//! Joining a site's base (its base path such as `/` or `/ltc/`, or its absolute `base_url`) with
//! a path relative to it. The one place URLs are put together, so a base path is never doubled
//! or lost. A leaf module: it imports nothing of the crate.

/// `base` followed by `path`, with exactly one `/` between them: `join("/ltc/", "a/")` and
/// `join("/ltc/", "/a/")` are both `/ltc/a/`; an empty `path` gives `base` with its final `/`.
pub(crate) fn join(base: &str, path: &str) -> String {
    let base = base.strip_suffix('/').unwrap_or(base);
    let path = path.trim_start_matches('/');
    let mut url = String::with_capacity(base.len() + 1 + path.len());
    url.push_str(base);
    url.push('/');
    url.push_str(path);
    url
}

/// A root-relative link written by an author (`/about/`) moved under the base path
/// (`/ltc/about/`). `None` when there is nothing to do: the base path is `/`, `href` is not
/// root-relative (relative, protocol-relative `//host`, or absolute), or it already starts with
/// the base path.
pub(crate) fn under_base(base_path: &str, href: &str) -> Option<String> {
    let root_relative = href.starts_with('/') && !href.starts_with("//");
    (base_path != "/" && root_relative && !href.starts_with(base_path)).then(|| join(base_path, href))
}

#[cfg(test)]
mod tests {
    use super::{join, under_base};

    #[test]
    fn join_puts_one_slash_between_base_and_path() {
        assert_eq!(join("/", "a/b/"), "/a/b/");
        assert_eq!(join("/", "/a/b/"), "/a/b/");
        assert_eq!(join("/sub/", "a/"), "/sub/a/");
        assert_eq!(join("/sub/", "///a/"), "/sub/a/");
        assert_eq!(join("/sub", "a"), "/sub/a");
        assert_eq!(join("https://e.org/ltc/", "atom.xml"), "https://e.org/ltc/atom.xml");
    }

    #[test]
    fn join_with_empty_parts() {
        assert_eq!(join("/", ""), "/");
        assert_eq!(join("/sub/", ""), "/sub/");
        assert_eq!(join("", ""), "/");
        assert_eq!(join("", "a"), "/a");
        assert_eq!(join("/sub/", "/"), "/sub/");
    }

    #[test]
    fn under_base_moves_only_root_relative_links() {
        assert_eq!(under_base("/ltc/", "/about/").as_deref(), Some("/ltc/about/"));
        assert_eq!(under_base("/ltc/", "/").as_deref(), Some("/ltc/"));
        assert_eq!(under_base("/ltc/", "/ltc/about/"), None);
        assert_eq!(under_base("/", "/about/"), None);
        assert_eq!(under_base("/ltc/", "//cdn.example.org/x.js"), None);
        assert_eq!(under_base("/ltc/", "about/"), None);
        assert_eq!(under_base("/ltc/", "https://e.org/"), None);
        assert_eq!(under_base("/ltc/", ""), None);
    }
}
