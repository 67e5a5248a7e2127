//! The title of a page whose front matter has none: its first level-1 `# heading`, else its
//! file name made readable (`my-first_post` -> `My first post`).

/// The text of the first ATX level-1 heading in `body`, outside fenced code blocks.
pub(crate) fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if indent >= 4 {
            continue;
        }
        let Some(rest) = trimmed.strip_prefix('#') else { continue };
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        // A closing run of `#` after a space is not part of the text.
        let text = rest.trim();
        let text = match text.trim_end_matches('#') {
            t if t.is_empty() || t.ends_with([' ', '\t']) => t.trim_end(),
            _ => text,
        };
        if !text.is_empty() {
            return Some(text.to_string());
        }
    }
    None
}

/// A file stem made readable: `-` and `_` become spaces, the first letter is capitalised.
pub(crate) fn from_stem(stem: &str) -> String {
    let spaced = stem.replace(['-', '_'], " ");
    let spaced = spaced.trim();
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_stems() {
        assert_eq!(first_heading("intro\n\n## Sub\n# Main title #\n"), Some("Main title".into()));
        assert_eq!(first_heading("```\n# not a heading\n```\n#hashtag\n"), None);
        assert_eq!(first_heading("# C#\n"), Some("C#".into()));
        assert_eq!(from_stem("my-first_post"), "My first post");
    }
}
