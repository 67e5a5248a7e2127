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

/// A relative link `href` (`pic.png`, `../x/`, `#a`, `?q`) resolved against the folder URL
/// `base` (ending in `/`, e.g. `/ltc/blog/post/`), as a browser showing that folder would:
/// `/ltc/blog/post/pic.png`, `/ltc/blog/x/`, `/ltc/blog/post/#a`. `None` when `href` is not
/// relative: empty, root-relative, protocol-relative, or with a scheme (`https:`, `mailto:`).
/// `..` never climbs above the base's root.
pub(crate) fn resolve(base: &str, href: &str) -> Option<String> {
    let path_end = href.find(['?', '#']).unwrap_or(href.len());
    let has_scheme = href[..path_end].split('/').next().is_some_and(|first| first.contains(':'));
    if href.is_empty() || href.starts_with('/') || has_scheme {
        return None;
    }
    let (path, rest) = href.split_at(path_end);
    if path.is_empty() {
        return Some(format!("{base}{rest}"));
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop(); // what follows the base's last `/`
    let root_len = 1; // the empty part before the first `/`
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {}
            ".." => {
                if parts.len() > root_len {
                    parts.pop();
                }
            }
            "" if !last => {}
            s => parts.push(s),
        }
    }
    let mut url = parts.join("/");
    if matches!(segments.last(), Some(&".") | Some(&"..")) {
        url.push('/');
    } else if !url.starts_with('/') {
        url.insert(0, '/');
    }
    url.push_str(rest);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::{join, resolve, under_base};

    #[test]
    fn resolve_takes_relative_links_from_the_base_folder() {
        assert_eq!(resolve("/ltc/blog/post/", "pic.png").as_deref(), Some("/ltc/blog/post/pic.png"));
        assert_eq!(resolve("/blog/post/", "img/pic.png").as_deref(), Some("/blog/post/img/pic.png"));
        assert_eq!(resolve("/blog/post/", "./pic.png").as_deref(), Some("/blog/post/pic.png"));
        assert_eq!(resolve("/blog/post/", "../other/").as_deref(), Some("/blog/other/"));
        assert_eq!(resolve("/blog/post/", "..").as_deref(), Some("/blog/"));
        assert_eq!(resolve("/blog/post/", "../../../../x").as_deref(), Some("/x"));
        assert_eq!(resolve("/blog/post/", "#fn-1").as_deref(), Some("/blog/post/#fn-1"));
        assert_eq!(resolve("/blog/post/", "a.pdf?x=1#p2").as_deref(), Some("/blog/post/a.pdf?x=1#p2"));
        for not_relative in ["", "/x/", "//cdn.example.org/a.js", "https://e.org/", "mailto:a@b.org", "data:x"] {
            assert_eq!(resolve("/blog/post/", not_relative), None, "{not_relative}");
        }
    }

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
