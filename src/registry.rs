//! The reader and validator of the registry in `data/*.csv`, written once and compiled twice:
//! by `build.rs` (which generates the library's enums from it) and by the `status!` macro
//! (through the symlink `macros/src/registry.rs`). The library itself never parses the CSV.
//!
//! It needs `csv` and `serde` (with `derive`) and the sibling module `syntax`, the parser of a
//! code, declared next to it as `crate::syntax`.

use crate::syntax;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// The data files, relative to the package root, as they are named in errors.
pub const CLASSES_CSV: &str = "data/classes.csv";
/// See [`CLASSES_CSV`].
pub const SUBJECTS_CSV: &str = "data/subjects.csv";
/// See [`CLASSES_CSV`].
pub const CODES_CSV: &str = "data/codes.csv";

const CLASSES_HEADER: &[&str] = &["class", "name", "title", "description"];
const SUBJECTS_HEADER: &[&str] = &["subject", "name", "title", "description"];
const CODES_HEADER: &[&str] = &[
    "code",
    "name",
    "title",
    "reply_codes",
    "reference",
    "status",
    "description",
];

/// The contents of the three data files.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    /// `data/classes.csv`
    pub classes: &'a [u8],
    /// `data/subjects.csv`
    pub subjects: &'a [u8],
    /// `data/codes.csv`
    pub codes: &'a [u8],
}

/// The whole registry, validated, in file order.
#[derive(Clone, Debug)]
pub struct Registry {
    pub classes: Vec<ClassRow>,
    pub subjects: Vec<SubjectRow>,
    pub codes: Vec<CodeRow>,
}

/// A row of `data/classes.csv`.
#[derive(Clone, Debug)]
pub struct ClassRow {
    /// 2, 4 or 5.
    pub class: u8,
    pub name: String,
    pub title: String,
    pub description: String,
}

/// A row of `data/subjects.csv`.
#[derive(Clone, Debug)]
pub struct SubjectRow {
    pub subject: u16,
    pub name: String,
    pub title: String,
    pub description: String,
}

/// A row of `data/codes.csv`.
#[derive(Clone, Debug)]
pub struct CodeRow {
    pub subject: u16,
    pub detail: u16,
    pub name: String,
    pub title: String,
    /// Tokens such as `550` or `5XX`.
    pub reply_codes: Vec<String>,
    pub reference: String,
    pub deprecated: bool,
    pub description: String,
}

impl CodeRow {
    /// The registry key, `X.<subject>.<detail>`.
    pub fn key(&self) -> String {
        format!("X.{}.{}", self.subject, self.detail)
    }

    /// The name of the constant that `status!` expands to for this code in `class`, such as
    /// `C5_1_1`: build.rs defines it and the macro names it, so both take it from here.
    pub fn constant_name(&self, class: u8) -> String {
        format!("C{class}_{}_{}", self.subject, self.detail)
    }
}

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

/// Reads and validates the registry; on failure returns every error found, in file order.
pub fn read(sources: Sources<'_>) -> Result<Registry, Vec<Error>> {
    let mut errors = Vec::new();
    let classes = read_classes(sources.classes, &mut errors);
    let subjects = read_subjects(sources.subjects, &mut errors);
    let codes = read_codes(sources.codes, &subjects, &mut errors);
    // Some faults are found while reading a file, others after: report them in file order.
    let files = [CLASSES_CSV, SUBJECTS_CSV, CODES_CSV];
    errors.sort_by_key(|e| (files.iter().position(|&f| f == e.file), e.line));
    if errors.is_empty() {
        Ok(Registry {
            classes,
            subjects,
            codes,
        })
    } else {
        Err(errors)
    }
}

#[derive(Deserialize)]
struct RawClass {
    class: String,
    name: String,
    title: String,
    description: String,
}

#[derive(Deserialize)]
struct RawSubject {
    subject: String,
    name: String,
    title: String,
    description: String,
}

#[derive(Deserialize)]
struct RawCode {
    code: String,
    name: String,
    title: String,
    reply_codes: String,
    reference: String,
    status: String,
    description: String,
}

/// Collects the errors of one file, each tagged with its line.
struct Report<'e> {
    file: &'static str,
    errors: &'e mut Vec<Error>,
}

impl Report<'_> {
    fn error(&mut self, line: u64, message: impl Into<String>) {
        self.errors.push(Error {
            file: self.file,
            line,
            message: message.into(),
        });
    }
}

/// Remembers the line where each value was first seen, to report duplicates.
struct FirstSeen<K>(HashMap<K, u64>);

impl<K: std::hash::Hash + Eq> FirstSeen<K> {
    fn new() -> Self {
        FirstSeen(HashMap::new())
    }

    /// The line of an earlier occurrence of `key`, if any; records `line` otherwise.
    fn earlier(&mut self, key: K, line: u64) -> Option<u64> {
        match self.0.get(&key) {
            Some(&first) => Some(first),
            None => {
                self.0.insert(key, line);
                None
            }
        }
    }
}

fn read_classes(bytes: &[u8], errors: &mut Vec<Error>) -> Vec<ClassRow> {
    let mut report = Report {
        file: CLASSES_CSV,
        errors,
    };
    let mut rows = Vec::new();
    let mut names = FirstSeen::new();
    let mut seen = FirstSeen::new();
    for (line, raw) in records::<RawClass>(bytes, CLASSES_HEADER, &mut report) {
        let class = match raw.class.as_str() {
            "2" => 2,
            "4" => 4,
            "5" => 5,
            other => {
                report.error(line, format!("expected class 2, 4 or 5, found {other:?}"));
                continue;
            }
        };
        if let Some(first) = seen.earlier(class, line) {
            report.error(
                line,
                format!("duplicate class {class} (first on line {first})"),
            );
        }
        let title = named_and_titled(&raw.name, &raw.title, line, &mut names, &mut report);
        rows.push(ClassRow {
            class,
            name: raw.name,
            title,
            description: tidy(&raw.description),
        });
    }
    for class in [2, 4, 5] {
        if !rows.is_empty() && !rows.iter().any(|row| row.class == class) {
            report.error(
                1,
                format!("missing class {class}: classes 2, 4 and 5 must each have a row"),
            );
        }
    }
    rows
}

fn read_subjects(bytes: &[u8], errors: &mut Vec<Error>) -> Vec<SubjectRow> {
    let mut report = Report {
        file: SUBJECTS_CSV,
        errors,
    };
    let mut rows = Vec::new();
    let mut names = FirstSeen::new();
    let mut seen = FirstSeen::new();
    for (line, raw) in records::<RawSubject>(bytes, SUBJECTS_HEADER, &mut report) {
        let subject = match syntax::parse_number(raw.subject.as_bytes(), syntax::Part::Subject) {
            Ok(subject) => subject,
            Err(e) => {
                report.error(line, format!("malformed subject {:?}: {e}", raw.subject));
                continue;
            }
        };
        if let Some(first) = seen.earlier(subject, line) {
            report.error(
                line,
                format!("duplicate subject {subject} (first on line {first})"),
            );
        }
        let title = named_and_titled(&raw.name, &raw.title, line, &mut names, &mut report);
        rows.push(SubjectRow {
            subject,
            name: raw.name,
            title,
            description: tidy(&raw.description),
        });
    }
    rows
}

fn read_codes(bytes: &[u8], subjects: &[SubjectRow], errors: &mut Vec<Error>) -> Vec<CodeRow> {
    let mut report = Report {
        file: CODES_CSV,
        errors,
    };
    let mut rows = Vec::new();
    let mut names = FirstSeen::new();
    let mut seen = FirstSeen::new();
    for (line, raw) in records::<RawCode>(bytes, CODES_HEADER, &mut report) {
        let parts = match syntax::parse_key(raw.code.as_bytes()) {
            Ok(parts) => parts,
            Err(e) => {
                report.error(line, format!("malformed code {:?}: {e}", raw.code));
                continue;
            }
        };
        let key = &raw.code;
        if let Some(first) = seen.earlier((parts.subject, parts.detail), line) {
            report.error(
                line,
                format!("duplicate code {key} (first on line {first})"),
            );
        }
        if !subjects.iter().any(|s| s.subject == parts.subject) {
            report.error(
                line,
                format!(
                    "unknown subject {} in code {key}: {SUBJECTS_CSV} has no such row",
                    parts.subject
                ),
            );
        }
        check_name(&raw.name, line, &mut names, &mut report);
        let deprecated = match raw.status.as_str() {
            "current" => false,
            "deprecated" => true,
            other => {
                report.error(
                    line,
                    format!("unknown status {other:?}, expected \"current\" or \"deprecated\""),
                );
                false
            }
        };
        let title = tidy(&raw.title);
        if title.is_empty() && !deprecated {
            report.error(line, format!("empty title for current code {key}"));
        }
        let description = tidy(&raw.description);
        if description.is_empty() && deprecated {
            report.error(
                line,
                format!("empty description for deprecated code {key}: it is the deprecation note"),
            );
        }
        let reply_codes: Vec<String> = raw
            .reply_codes
            .split_whitespace()
            .map(String::from)
            .collect();
        for token in &reply_codes {
            if !is_reply_code_token(token) {
                report.error(
                    line,
                    format!(
                        "bad reply code {token:?}: expected three digits (first 2 to 5, second 0 \
                         to 5) or a class such as 5XX, separated by spaces"
                    ),
                );
            }
        }
        rows.push(CodeRow {
            subject: parts.subject,
            detail: parts.detail,
            name: raw.name,
            title,
            reply_codes,
            reference: tidy(&raw.reference),
            deprecated,
            description,
        });
    }
    rows
}

/// `NNN` (a basic reply code, RFC 5321 §4.2) or `NXX` (any code of class N).
fn is_reply_code_token(token: &str) -> bool {
    matches!(
        token.as_bytes(),
        [b'2'..=b'5', b'X', b'X'] | [b'2'..=b'5', b'0'..=b'5', b'0'..=b'9']
    )
}

/// Collapses runs of whitespace, line breaks included, into one space.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the name and title of a class or subject row; the title, tidied.
fn named_and_titled(
    name: &str,
    title: &str,
    line: u64,
    names: &mut FirstSeen<String>,
    report: &mut Report<'_>,
) -> String {
    check_name(name, line, names, report);
    let title = tidy(title);
    if title.is_empty() {
        report.error(line, "empty title");
    }
    title
}

/// Names become Rust variants: UpperCamelCase identifiers, unique within their file.
fn check_name(name: &str, line: u64, seen: &mut FirstSeen<String>, report: &mut Report<'_>) {
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
fn records<T: serde::de::DeserializeOwned>(
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
        // the record; skip those to find where it starts, and count lines from there.
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
