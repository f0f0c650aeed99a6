//! The registry: `data/classes.csv`, `data/subjects.csv` and `data/codes.csv`, read and
//! validated into rows.

use super::records::{Error, FirstSeen, Report, check_name, records, tidy};
use crate::syntax;
use serde::Deserialize;

/// The data files, relative to the package root, as they are named in errors.
pub const CLASSES_CSV: &str = "data/classes.csv";
/// See [`CLASSES_CSV`].
pub const SUBJECTS_CSV: &str = "data/subjects.csv";
/// See [`CLASSES_CSV`].
pub const CODES_CSV: &str = "data/codes.csv";

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
    pub classes: Vec<NumberedRow>,
    pub subjects: Vec<NumberedRow>,
    pub codes: Vec<CodeRow>,
}

/// A row of `data/classes.csv` (`class,name,title,description`) or `data/subjects.csv`
/// (`subject,name,title,description`): the two files share their columns.
#[derive(Clone, Debug)]
pub struct NumberedRow {
    /// The class (2, 4 or 5) or the subject (0 to 999).
    pub number: u16,
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

    /// The code in `class`, such as `5.1.1`.
    pub fn in_class(&self, class: u16) -> String {
        format!("{class}.{}.{}", self.subject, self.detail)
    }

    /// The name of the constant that `status!` expands to for this code in `class`, such as
    /// `C5_1_1`: build.rs defines it and the macro names it, so both take it from here.
    pub fn constant_name(&self, class: u16) -> String {
        format!("C{class}_{}_{}", self.subject, self.detail)
    }
}

impl Registry {
    /// The row of the code `X.<subject>.<detail>`, if the registry has it.
    pub fn code(&self, subject: u16, detail: u16) -> Option<&CodeRow> {
        self.codes
            .iter()
            .find(|row| (row.subject, row.detail) == (subject, detail))
    }
}

/// Reads and validates the registry; on failure returns every error found, in file order.
pub fn read(sources: Sources<'_>) -> Result<Registry, Vec<Error>> {
    let mut errors = Vec::new();
    let classes = read_numbered(sources.classes, &CLASSES, &mut errors);
    let subjects = read_numbered(sources.subjects, &SUBJECTS, &mut errors);
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

/// What sets the two numbered files apart.
struct Numbered {
    file: &'static str,
    header: &'static [&'static str],
    /// What a number is called in errors.
    noun: &'static str,
    /// Reads a number, or says what is wrong with it.
    number: fn(&str) -> Result<u16, String>,
    /// The numbers that must each have a row.
    required: &'static [u16],
}

const CLASSES: Numbered = Numbered {
    file: CLASSES_CSV,
    header: &["class", "name", "title", "description"],
    noun: "class",
    number: |text| {
        syntax::parse_class(text.as_bytes())
            .map(u16::from)
            .ok_or_else(|| format!("expected class 2, 4 or 5, found {text:?}"))
    },
    required: &[2, 4, 5],
};

const SUBJECTS: Numbered = Numbered {
    file: SUBJECTS_CSV,
    header: &["subject", "name", "title", "description"],
    noun: "subject",
    number: |text| {
        syntax::parse_number(text.as_bytes(), syntax::Part::Subject)
            .map_err(|e| format!("malformed subject {text:?}: {e}"))
    },
    required: &[],
};

/// The columns of a numbered file, whatever the first is called.
#[derive(Deserialize)]
struct RawNumbered(String, String, String, String);

fn read_numbered(bytes: &[u8], spec: &Numbered, errors: &mut Vec<Error>) -> Vec<NumberedRow> {
    let mut report = Report::new(spec.file, errors);
    let mut rows: Vec<NumberedRow> = Vec::new();
    let mut names = FirstSeen::new();
    let mut seen = FirstSeen::new();
    for (line, RawNumbered(number, name, title, description)) in
        records::<RawNumbered>(bytes, spec.header, &mut report)
    {
        let number = match (spec.number)(&number) {
            Ok(number) => number,
            Err(message) => {
                report.error(line, message);
                continue;
            }
        };
        if let Some(first) = seen.earlier(number, line) {
            report.error(
                line,
                format!("duplicate {} {number} (first on line {first})", spec.noun),
            );
        }
        check_name(&name, line, &mut names, &mut report);
        let title = tidy(&title);
        if title.is_empty() {
            report.error(line, "empty title");
        }
        rows.push(NumberedRow {
            number,
            name,
            title,
            description: tidy(&description),
        });
    }
    let missing: Vec<String> = spec
        .required
        .iter()
        .filter(|&&number| !rows.iter().any(|row| row.number == number))
        .map(u16::to_string)
        .collect();
    if !rows.is_empty() && !missing.is_empty() {
        report.error(
            1,
            format!(
                "missing {} {}: {} must each have a row",
                spec.noun,
                missing.join(", "),
                spec.required
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
    }
    rows
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

fn read_codes(bytes: &[u8], subjects: &[NumberedRow], errors: &mut Vec<Error>) -> Vec<CodeRow> {
    let mut report = Report::new(CODES_CSV, errors);
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
        if !subjects.iter().any(|s| s.number == parts.subject) {
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
            if !syntax::is_reply_code_token(token.as_bytes()) {
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
