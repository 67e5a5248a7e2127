//! Which `{% end %}` closes which block shortcode. Blocks nest: each `{% end %}` outside code
//! closes the innermost block still open, so `{% box() %}{% box() %}…{% end %}…{% end %}` is a box
//! inside a box. Found in one pass over the text, so many unclosed blocks stay linear.

use std::collections::HashMap;
use std::ops::Range;

use super::shortcodes::{Parser, in_code};

/// A block call's start -> (the start of its `{% end %}`, the end of that `%}`).
pub(super) type Ends = HashMap<usize, (usize, usize)>;

/// Pairs every block opening (`{% name(` outside code) with the `{% end %}` that closes it.
/// Openings without one are left out; `{% end %}` without an opening is left as text.
pub(super) fn ends(text: &str, code: &[Range<usize>]) -> Ends {
    let mut pairs = Ends::new();
    let mut open: Vec<usize> = Vec::new();
    let mut search = 0;
    while let Some(found) = text[search..].find("{%") {
        let at = search + found;
        search = at + 2;
        if in_code(code, at) {
            continue;
        }
        let mut q = Parser { text, pos: at + 2, deep: None };
        q.ws();
        match q.ident().as_deref() {
            Some("end") => {
                q.ws();
                if q.eat("%}")
                    && let Some(start) = open.pop()
                {
                    pairs.insert(start, (at, q.pos));
                }
            }
            Some(_) => {
                q.ws();
                if q.eat("(") {
                    open.push(at);
                }
            }
            None => {}
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_end_closes_the_innermost_open_block() {
        let text = "{% a() %}x{% b(n=1) %}y{% end %}z{% end %} `{% end %}` {% c() %}";
        let code = text.find('`').unwrap()..text.rfind('`').unwrap() + 1;
        let ends = super::ends(text, std::slice::from_ref(&code));
        let b_end = text.find("{% end").unwrap();
        assert_eq!(ends[&text.find("{% b").unwrap()], (b_end, b_end + 9));
        let a_end = text[b_end + 9..].find("{% end").unwrap() + b_end + 9;
        assert_eq!(ends[&0], (a_end, a_end + 9));
        assert_eq!(ends.len(), 2, "the end in code closes nothing, `c` stays open");
    }
}
