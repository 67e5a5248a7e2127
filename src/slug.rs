//! Slugs: the URL- and id-safe form of a title, a term or a heading. A leaf module: it imports
//! nothing of the crate.

/// A URL- and id-safe form of `text`: lowercase letters and digits (any script) joined by `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            if dash {
                out.push('-');
                dash = false;
            }
            out.push('_');
        } else if c == '\'' || c == '’' {
            // "library's" -> "librarys", as Hugo and Zola do.
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugify_makes_url_safe_names() {
        assert_eq!(slugify("Working with Partners"), "working-with-partners");
        assert_eq!(slugify("World Café: when?"), "world-café-when");
        assert_eq!(slugify("library_types"), "library_types");
        assert_eq!(slugify("The library's plan"), "the-librarys-plan");
        assert_eq!(slugify("../../x"), "x");
    }
}
