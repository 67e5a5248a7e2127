//! The arguments a template function or filter accepts. Tera hands every keyword argument to
//! the function, so one it does not read would be ignored in silence (`cachebust=true` was,
//! before `get_url` knew it). Every function and filter of ltc-hub calls [`only`] first: an
//! argument it does not know is an error naming it, with a "did you mean" and the list of the
//! ones it takes.

use tera::Kwargs;

/// `Ok` when every argument of `kwargs` is one of `allowed`; else an error for the first one
/// that is not (in the order they were written), naming `name`, the argument and `allowed`.
pub(crate) fn only(name: &str, kwargs: &Kwargs, allowed: &[&str]) -> tera::TeraResult<()> {
    for (key, _) in kwargs.iter() {
        let key = key.to_string();
        if allowed.contains(&key.as_str()) {
            continue;
        }
        let hint = crate::diagnostics::did_you_mean(&key, allowed.iter().copied())
            .map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let takes = if allowed.is_empty() {
            format!("`{name}` takes no arguments")
        } else {
            format!("`{name}` takes: {}", allowed.join(", "))
        };
        return Err(tera::Error::message(format!("{name}: unknown argument `{key}`; {hint}{takes}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::only;
    use tera::{Kwargs, Value};

    #[test]
    fn an_unknown_argument_is_named_with_the_allowed_ones() {
        let kwargs = Kwargs::from([("path", Value::from("a.css")), ("cachbust", Value::from(true))]);
        assert!(only("get_url", &kwargs, &["path", "cachebust"]).is_err());
        let e = only("get_url", &kwargs, &["path", "cachebust"]).unwrap_err().to_string();
        assert!(e.contains("unknown argument `cachbust`"), "{e}");
        assert!(e.contains("did you mean `cachebust`?"), "{e}");
        assert!(e.contains("`get_url` takes: path, cachebust"), "{e}");
        assert!(only("get_url", &kwargs, &["path", "cachbust"]).is_ok());
        let e = only("slugify", &kwargs, &[]).unwrap_err().to_string();
        assert!(e.contains("`slugify` takes no arguments"), "{e}");
    }
}
