//! Reading one CSV file of `data/`: the header, each record with the line it starts on, and
//! the faults of each, reported as `data/<file>.csv:<line>: <what is wrong>` (all of them, in
//! file order). What the columns mean is for the readers of each file.

use std::collections::HashMap;
use std::fmt;

/// A fault in a data file, displayed as `data/<file>.csv:<line>: <what is wrong>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub file: &'static str,
    /// The 1-based line on which the faulty record starts (1 for the header).
    pub line: u64,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Collects the errors of one file, each tagged with its line.
pub struct Report<'e> {
    file: &'static str,
    errors: &'e mut Vec<Error>,
}

impl<'e> Report<'e> {
    /// Reports the faults of `file` into `errors`.
    pub fn new(file: &'static str, errors: &'e mut Vec<Error>) -> Report<'e> {
        Report { file, errors }
    }

    /// Reports a fault of the record that starts on `line`.
    pub fn error(&mut self, line: u64, message: impl Into<String>) {
        self.errors.push(Error {
            file: self.file,
            line,
            message: message.into(),
        });
    }
}

/// Remembers the line where each value was first seen, to report duplicates.
pub struct FirstSeen<K>(HashMap<K, u64>);

impl<K: std::hash::Hash + Eq> FirstSeen<K> {
    pub fn new() -> Self {
        FirstSeen(HashMap::new())
    }

    /// The line of an earlier occurrence of `key`, if any; records `line` otherwise.
    pub fn earlier(&mut self, key: K, line: u64) -> Option<u64> {
        match self.0.get(&key) {
            Some(&first) => Some(first),
            None => {
                self.0.insert(key, line);
                None
            }
        }
    }
}

/// Collapses runs of whitespace, line breaks included, into one space.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Names become Rust variants: UpperCamelCase identifiers, unique within their file.
pub fn check_name(name: &str, line: u64, seen: &mut FirstSeen<String>, report: &mut Report<'_>) {
    if name.is_empty() {
        report.error(line, "empty name");
        return;
    }
    if KEYWORDS.contains(&name) {
        report.error(line, format!("name {name:?} is a Rust keyword"));
    } else if !is_identifier(name) {
        report.error(
            line,
            format!("name {name:?} is not a valid Rust identifier"),
        );
    } else if !name.starts_with(|c: char| c.is_ascii_uppercase())
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        report.error(
            line,
            format!(
                "name {name:?} is not UpperCamelCase (ASCII letters and digits, first a capital)"
            ),
        );
    }
    if let Some(first) = seen.earlier(name.to_owned(), line) {
        report.error(
            line,
            format!("duplicate name {name} (first on line {first})"),
        );
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && name != "_"
}

/// Strict and reserved keywords of Rust 2024, which cannot name a variant.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Reads the records of one file after checking its header, and deserializes each. Rows with
/// the wrong number of columns, an unterminated quote or bytes that are not UTF-8 are reported
/// and skipped, so that one bad row does not hide the errors of the others.
pub fn records<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    header: &[&str],
    report: &mut Report<'_>,
) -> Vec<(u64, T)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut raw = reader.byte_records().peekable();
    match raw.next() {
        None => {
            report.error(
                1,
                format!("empty file, expected the header {:?}", header.join(",")),
            );
            return rows;
        }
        Some(Ok(found)) if found.iter().eq(header.iter().map(|h| h.as_bytes())) => {}
        Some(found) => {
            let found = found
                .map(|r| {
                    r.iter()
                        .map(String::from_utf8_lossy)
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default();
            report.error(
                1,
                format!(
                    "bad header: expected {:?}, found {found:?}",
                    header.join(",")
                ),
            );
            return rows;
        }
    }
    let (mut line, mut counted) = (1, 0);
    while let Some(record) = raw.next() {
        let record = match record {
            Ok(record) => record,
            // Only I/O errors come here (the reader is flexible and reads bytes), and a slice
            // has none; report it rather than assume.
            Err(e) => {
                report.error(line, e.to_string());
                continue;
            }
        };
        // The reader's positions point before any blank lines and line break that precede
        // the record, and its line numbers are off after a blank line and without a header
        // row (BurntSushi/rust-csv#208 and #184, both open): skip those bytes to find where
        // the record starts, and count the lines up to there ourselves.
        let reported = record.position().map_or(0, |p| p.byte()) as usize;
        let start = reported
            + bytes[reported.min(bytes.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        line += count_lines(&bytes[counted..start]);
        counted = start;
        if raw.peek().is_none() && ends_inside_quotes(&bytes[start..]) {
            report.error(
                line,
                "unterminated quote: the quoted field runs to the end of the file",
            );
            break;
        }
        if let Some((opened, message)) =
            quote_fault(&bytes[start..], header, line, record.len() == header.len())
        {
            report.error(opened, message);
            continue;
        }
        if record.len() != header.len() {
            report.error(
                line,
                format!(
                    "expected {} columns ({}), found {}",
                    header.len(),
                    header.join(","),
                    record.len()
                ),
            );
            continue;
        }
        match record.deserialize::<T>(None) {
            Ok(row) => rows.push((line, row)),
            Err(e) => {
                let (column, what) = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => (
                        err.field().and_then(|i| header.get(i as usize)).copied(),
                        match err.kind() {
                            csv::DeserializeErrorKind::InvalidUtf8(_) => {
                                "is not valid UTF-8".to_owned()
                            }
                            other => other.to_string(),
                        },
                    ),
                    _ => (None, e.to_string()),
                };
                let column = column.unwrap_or("?");
                report.error(line, format!("column {column:?} {what}"));
            }
        }
    }
    rows
}

/// A quote that ends its field in the wrong place, in the record that starts at `raw` on
/// `line`: a quote closed inside the field (`"Bad destination,,RFC 3463,"The …`) or one whose
/// field runs over several lines. Reported only where it did harm: the record has the wrong
/// number of columns, or a line inside a field has as many commas as a record. The line the
/// quote opens on, and what is wrong.
fn quote_fault(raw: &[u8], header: &[&str], line: u64, columns_ok: bool) -> Option<(u64, String)> {
    let (mut column, mut at_line, mut at) = (0, line, 0);
    while at < raw.len() {
        match raw[at] {
            b'"' => {
                let opened = at_line;
                let mut end = at + 1;
                let mut rows_inside = false;
                // To the closing quote; `""` is a quote inside the field.
                while end < raw.len() && !(raw[end] == b'"' && raw.get(end + 1) != Some(&b'"')) {
                    if raw[end] == b'"' {
                        end += 1;
                    } else if raw[end] == b'\n' {
                        at_line += 1;
                        let next_line = raw[end + 1..]
                            .split(|&b| b == b'\n')
                            .next()
                            .unwrap_or_default();
                        rows_inside |=
                            next_line.iter().filter(|&&b| b == b',').count() + 1 >= header.len();
                    }
                    end += 1;
                }
                let name = header.get(column).copied().unwrap_or("?");
                let closes_inside = !matches!(raw.get(end + 1), None | Some(b',' | b'\n' | b'\r'));
                if at_line > opened && (rows_inside || !columns_ok) {
                    return Some((
                        opened,
                        format!(
                            "unterminated quote: the quote that opens column {name:?} on line {opened} \
                         is closed only on line {at_line}, taking the lines between into the field; \
                         close it on its line (write a quote inside a field as \"\")"
                        ),
                    ));
                }
                if closes_inside && !columns_ok {
                    return Some((
                        opened,
                        format!(
                            "unbalanced quote: the quote that opens column {name:?} on line {opened} is \
                         closed inside the field, so the commas after it are read as text; \
                         close it at the end of the field (write a quote inside a field as \"\")"
                        ),
                    ));
                }
                at = end + 1;
                continue;
            }
            b',' => column += 1,
            b'\n' => return None,
            _ => {}
        }
        at += 1;
    }
    None
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Whether a record, read to the end of the file, leaves a quoted field open: the CSV reader
/// accepts that silently, taking the rest of the file into one field.
fn ends_inside_quotes(record: &[u8]) -> bool {
    let mut quoted = false;
    let mut field_start = true;
    let mut just_closed = false;
    for &byte in record {
        match (quoted, byte) {
            (true, b'"') => {
                quoted = false;
                just_closed = true;
                continue;
            }
            // `""` inside a quoted field is an escaped quote.
            (false, b'"') if just_closed || field_start => quoted = true,
            (false, b',' | b'\n' | b'\r') => {
                field_start = true;
                just_closed = false;
                continue;
            }
            _ => {}
        }
        field_start = false;
        just_closed = false;
    }
    quoted
}
