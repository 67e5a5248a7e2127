//! CSV data files: the header row names the columns, each further row is a record (a map of
//! column -> value). Without a schema every value is text; with one, each cell is read as its
//! column's type (a whole number, a number, true/false; a list's items separated by `;`), an
//! empty cell is absent (its default, or an error when required), and every error points at
//! its cell: line and column of the file.

use std::ops::Range;

use serde_json::Value as J;
use serde_yaml::Value as Y;

use super::Source;
use crate::config::collections::{Collection, FieldType, Scalar};
use crate::diagnostics::{Diagnostic, did_you_mean};

/// Reads a CSV file into a list of maps, checked against the file's schema.
pub(super) fn read(source: &Source) -> Result<J, Vec<Diagnostic>> {
    let text = source.text;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let at = e.position().map_or(0, |p| p.byte() as usize).min(text.len());
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let help = "every row needs as many cells as the header row; quote a cell holding a comma: \"Red Hook, N.Y.\"";
        vec![source.error(
            Some(at..end.max(at)),
            format!("invalid CSV: {}", super::strip_position(&e.to_string())),
            help,
        )]
    };
    let headers: Vec<String> = reader.headers().map_err(csv_error)?.iter().map(|h| h.trim().to_string()).collect();
    let mut diags = Vec::new();
    let header_spans = field_spans(text, 0);
    if let Some(schema) = source.schema {
        diags.extend(unknown_columns(source, schema, &headers, &header_spans));
        diags.extend(missing_columns(source, schema, &headers, header_spans.first().cloned()));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let spans = field_spans(text, start);
        let mut row = serde_json::Map::new();
        for (i, (name, cell)) in headers.iter().zip(record.iter()).enumerate() {
            let span = spans.get(i).cloned();
            let field = source.schema.and_then(|s| s.fields.get(name));
            match field {
                None => {
                    row.insert(name.clone(), J::String(cell.to_string()));
                }
                Some(field) => match typed(source, name, field, cell, span) {
                    Ok(Some(v)) => {
                        row.insert(name.clone(), v);
                    }
                    Ok(None) => {}
                    Err(d) => diags.push(d),
                },
            }
        }
        rows.push(J::Object(row));
    }
    if diags.is_empty() { Ok(J::Array(rows)) } else { Err(diags) }
}

/// One cell of a typed column: its value (none for an empty cell without default) or the
/// error at the cell.
fn typed(
    source: &Source,
    name: &str,
    field: &crate::config::collections::Field,
    cell: &str,
    span: Option<Range<usize>>,
) -> Result<Option<J>, Diagnostic> {
    let value = match &field.ty {
        _ if cell.trim().is_empty() => Y::Null,
        FieldType::One(s) => scalar(s, cell),
        FieldType::List(s) => Y::Sequence(cell.split(';').map(|item| scalar(s, item.trim())).collect()),
    };
    if value.is_null() {
        if field.required {
            let help = format!("fill in the `{name}` cell: it is {}", field.ty.describe());
            return Err(source.error(span, format!("`{name}` is empty, but every row must have one"), &help));
        }
        return Ok(field.default.as_ref().and_then(|d| serde_json::to_value(d).ok()));
    }
    match crate::content::collections::check(name, &field.ty, &value) {
        Ok(v) => Ok(serde_json::to_value(&v).ok()),
        Err(m) => Err(source.error(span, m.message, &m.help).with_label(format!("column `{name}`"))),
    }
}

/// A cell's text as the YAML value its type reads it as; text that is not one stays text, for
/// the type check to refuse.
fn scalar(ty: &Scalar, cell: &str) -> Y {
    let cell = cell.trim();
    let text = || Y::String(cell.to_string());
    match ty {
        Scalar::Integer => cell.parse::<i64>().map_or_else(|_| text(), Y::from),
        Scalar::Number => cell.parse::<f64>().ok().filter(|f| f.is_finite()).map_or_else(text, Y::from),
        Scalar::Boolean => match cell {
            "true" => Y::Bool(true),
            "false" => Y::Bool(false),
            _ => text(),
        },
        _ => text(),
    }
}

fn unknown_columns(
    source: &Source,
    schema: &Collection,
    headers: &[String],
    spans: &[Range<usize>],
) -> Vec<Diagnostic> {
    let known: Vec<&str> = schema.fields.keys().map(String::as_str).collect();
    let mut diags = Vec::new();
    for (i, h) in headers.iter().enumerate().filter(|(_, h)| !known.contains(&h.as_str())) {
        let hint = did_you_mean(h, known.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
        let help = format!("{hint}the columns site.yaml declares for this file: {}", known.join(", "));
        let d = source.error(spans.get(i).cloned(), format!("unknown column `{h}`"), &help);
        diags.push(d.with_label("unknown column"));
    }
    diags
}

fn missing_columns(
    source: &Source,
    schema: &Collection,
    headers: &[String],
    at: Option<Range<usize>>,
) -> Vec<Diagnostic> {
    let required = schema.fields.iter().filter(|(name, f)| f.required && !headers.contains(name));
    required
        .map(|(name, f)| {
            let help = format!("add a `{name}` column ({}) to the header row", f.ty.describe());
            source.error(at.clone(), format!("the required column `{name}` is missing"), &help)
        })
        .collect()
}

/// The spans of the cells of the row starting at byte `start`, as written (quotes included).
pub(super) fn field_spans(text: &str, start: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    let mut cell = start;
    let mut quoted = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                spans.push(cell..i);
                cell = i + 1;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    spans.push(cell..i);
    spans
}

#[cfg(test)]
mod tests {
    use super::field_spans;

    #[test]
    fn cells_are_found_with_their_quotes() {
        let text = "a,b\n\"x, y\",2\n";
        let spans = field_spans(text, 4);
        let cells: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(cells, ["\"x, y\"", "2"]);
    }
}
