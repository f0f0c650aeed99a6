//! The reasons of bounces: `data/reasons.csv` (what a failure can mean) and
//! `data/bounce_rules.csv` (how to tell which), read and validated into rows.

use super::records::{Error, FirstSeen, Report, check_name, records, tidy};
use crate::syntax;
use serde::Deserialize;

/// The data files, relative to the package root, as they are named in errors.
pub const REASONS_CSV: &str = "data/reasons.csv";
/// See [`REASONS_CSV`].
pub const RULES_CSV: &str = "data/bounce_rules.csv";

const REASONS_HEADER: &[&str] = &["reason", "name", "hard", "description"];
const RULES_HEADER: &[&str] = &[
    "reason",
    "status",
    "reply_code",
    "command",
    "type",
    "host",
    "phrases",
    "note",
];

/// The reasons that the reader of bounces gives without a rule (to feedback reports,
/// automatic replies, deliveries, and failures no rule explains), which must each have a row.
pub const REQUIRED: &[&str] = &["delivered", "feedback", "onhold", "undefined", "vacation"];

/// The SMTP commands a rule can name, as `classify` tells them from the text.
pub const COMMANDS: &[&str] = &["connect", "helo", "mail", "rcpt", "data"];

/// The shortest phrase: shorter ones would match by accident.
pub const MIN_PHRASE_LEN: usize = 3;

/// The contents of the two data files.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    /// `data/reasons.csv`
    pub reasons: &'a [u8],
    /// `data/bounce_rules.csv`
    pub rules: &'a [u8],
}

/// Both files, validated, in file order.
#[derive(Clone, Debug)]
pub struct Reasons {
    pub reasons: Vec<ReasonRow>,
    pub rules: Vec<RuleRow>,
}

/// A row of `data/reasons.csv`.
#[derive(Clone, Debug)]
pub struct ReasonRow {
    /// The lowercase name bounce processors store, such as `userunknown`.
    pub reason: String,
    /// The variant's name, such as `UserUnknown`.
    pub name: String,
    /// Whether a permanent failure for this reason is a hard bounce.
    pub hard: bool,
    pub description: String,
}

/// A row of `data/bounce_rules.csv`: the reason, and the conditions that must all hold (an
/// empty column holds for every failure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRow {
    /// The line the row starts on, so that a rule can be named.
    pub line: u64,
    /// The index of the reason in [`Reasons::reasons`].
    pub reason: usize,
    pub status: Option<StatusPattern>,
    /// Ranges of reply codes, inclusive: `550` is `550..=550`, `5XX` is `500..=599`.
    pub reply_codes: Vec<(u16, u16)>,
    /// One of [`COMMANDS`].
    pub command: Option<String>,
    /// Diagnostic types, lowercase, such as `x-unix`.
    pub types: Vec<String>,
    /// Host suffixes, lowercase, such as `outlook.com`.
    pub hosts: Vec<String>,
    /// Phrases, their ASCII letters lowercase and their white space collapsed.
    pub phrases: Vec<String>,
    pub note: String,
}

/// The `status` column: a code (`5.1.1`), a registry key for both failure classes (`X.1.1`),
/// or a range of details within one subject (`5.7.606-5.7.649`, `X.7.20-X.7.24`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatusPattern {
    /// The class, or `None` for `X` (any class).
    pub class: Option<u8>,
    pub subject: u16,
    pub first_detail: u16,
    pub last_detail: u16,
}

impl RuleRow {
    /// Whether the rule has no condition at all, so that it would hold for every failure.
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.reply_codes.is_empty()
            && self.command.is_none()
            && self.types.is_empty()
            && self.hosts.is_empty()
            && self.phrases.is_empty()
    }
}

/// Reads and validates both files; on failure returns every error found, in file order.
pub fn read(sources: Sources<'_>) -> Result<Reasons, Vec<Error>> {
    let mut errors = Vec::new();
    let reasons = read_reasons(sources.reasons, &mut errors);
    let rules = read_rules(sources.rules, &reasons, &mut errors);
    let files = [REASONS_CSV, RULES_CSV];
    errors.sort_by_key(|e| (files.iter().position(|&f| f == e.file), e.line));
    if errors.is_empty() {
        Ok(Reasons { reasons, rules })
    } else {
        Err(errors)
    }
}

#[derive(Deserialize)]
struct RawReason {
    reason: String,
    name: String,
    hard: String,
    description: String,
}

fn read_reasons(bytes: &[u8], errors: &mut Vec<Error>) -> Vec<ReasonRow> {
    let mut report = Report::new(REASONS_CSV, errors);
    let mut rows: Vec<ReasonRow> = Vec::new();
    let (mut names, mut seen) = (FirstSeen::new(), FirstSeen::new());
    for (line, raw) in records::<RawReason>(bytes, REASONS_HEADER, &mut report) {
        let reason = raw.reason;
        if reason.is_empty() || !reason.bytes().all(|b| b.is_ascii_lowercase()) {
            report.error(
                line,
                format!("bad reason {reason:?}: expected lowercase ASCII letters"),
            );
        }
        if let Some(first) = seen.earlier(reason.clone(), line) {
            report.error(
                line,
                format!("duplicate reason {reason} (first on line {first})"),
            );
        }
        check_name(&raw.name, line, &mut names, &mut report);
        let hard = match raw.hard.as_str() {
            "yes" => true,
            "no" => false,
            other => {
                report.error(
                    line,
                    format!("bad hard {other:?}, expected \"yes\" or \"no\""),
                );
                false
            }
        };
        let description = tidy(&raw.description);
        if description.is_empty() {
            report.error(line, format!("empty description for reason {reason}"));
        }
        rows.push(ReasonRow {
            reason,
            name: raw.name,
            hard,
            description,
        });
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|required| !rows.iter().any(|row| row.reason == *required))
        .collect();
    if !rows.is_empty() && !missing.is_empty() {
        report.error(
            1,
            format!(
                "missing reason {}: {} must each have a row (the reader of bounces gives them \
                 without a rule)",
                missing.join(", "),
                REQUIRED.join(", ")
            ),
        );
    }
    rows
}

#[derive(Deserialize)]
struct RawRule {
    reason: String,
    status: String,
    reply_code: String,
    command: String,
    #[serde(rename = "type")]
    diagnostic_type: String,
    host: String,
    phrases: String,
    note: String,
}

fn read_rules(bytes: &[u8], reasons: &[ReasonRow], errors: &mut Vec<Error>) -> Vec<RuleRow> {
    let mut report = Report::new(RULES_CSV, errors);
    let mut rules: Vec<RuleRow> = Vec::new();
    for (line, raw) in records::<RawRule>(bytes, RULES_HEADER, &mut report) {
        let mut fault = |message: String| report.error(line, message);
        let reason = reasons.iter().position(|r| r.reason == raw.reason);
        if reason.is_none() {
            fault(format!(
                "unknown reason {:?}: {REASONS_CSV} has no such row",
                raw.reason
            ));
        }
        let status = match raw.status.as_str() {
            "" => None,
            text => status_pattern(text).map_err(&mut fault).ok(),
        };
        let mut reply_codes = Vec::new();
        for token in raw.reply_code.split_whitespace() {
            match reply_range(token) {
                Some(range) => reply_codes.push(range),
                None => fault(format!(
                    "bad reply code {token:?}: expected three digits (first 2 to 5, second 0 \
                     to 5) or a class such as 5XX, separated by spaces"
                )),
            }
        }
        let command = match raw.command.as_str() {
            "" => None,
            command if COMMANDS.contains(&command) => Some(command.to_owned()),
            other => {
                fault(format!(
                    "unknown command {other:?}: expected one of {}",
                    COMMANDS.join(", ")
                ));
                None
            }
        };
        let types = words(&raw.diagnostic_type);
        for word in &types {
            let good = word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !good {
                fault(format!(
                    "bad type {word:?}: expected a diagnostic type such as smtp or x-unix \
                     (letters, digits and hyphens), separated by spaces"
                ));
            }
        }
        let hosts = words(&raw.host);
        for host in &hosts {
            if !is_host_suffix(host) {
                fault(format!(
                    "bad host {host:?}: expected a domain name such as outlook.com (letters, \
                     digits, hyphens and inner dots), separated by spaces"
                ));
            }
        }
        let mut phrases: Vec<String> = Vec::new();
        if !raw.phrases.trim().is_empty() {
            for (index, phrase) in raw.phrases.split('|').enumerate() {
                let phrase = tidy(phrase).to_ascii_lowercase();
                if phrase.is_empty() {
                    fault(format!(
                        "empty phrase (number {} of the column): phrases are separated by \
                         single |",
                        index + 1
                    ));
                } else if phrase.chars().count() < MIN_PHRASE_LEN {
                    fault(format!(
                        "phrase {phrase:?} is shorter than {MIN_PHRASE_LEN} characters: it \
                         would match by accident"
                    ));
                } else if phrases.contains(&phrase) {
                    fault(format!("duplicate phrase {phrase:?} in the rule"));
                } else {
                    phrases.push(phrase);
                }
            }
        }
        let rule = RuleRow {
            line,
            reason: reason.unwrap_or(0),
            status,
            reply_codes,
            command,
            types,
            hosts,
            phrases,
            note: tidy(&raw.note),
        };
        if rule.is_empty() {
            fault(
                "rule without a condition: give a status, reply code, command, type, host or \
                 phrases"
                    .to_owned(),
            );
        }
        let same = |earlier: &&RuleRow| {
            let mut a = earlier.phrases.clone();
            let mut b = rule.phrases.clone();
            a.sort();
            b.sort();
            (&earlier.status, &earlier.reply_codes, &earlier.command)
                == (&rule.status, &rule.reply_codes, &rule.command)
                && (&earlier.types, &earlier.hosts, a) == (&rule.types, &rule.hosts, b)
        };
        if let Some(earlier) = rules.iter().find(same) {
            fault(format!(
                "duplicate rule: line {} has the same conditions, so this one never applies",
                earlier.line
            ));
        }
        if reason.is_some() {
            rules.push(rule);
        }
    }
    rules
}

/// The lowercase words of a space-separated column.
fn words(column: &str) -> Vec<String> {
    column
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Reads the `status` column, or says what is wrong with it.
fn status_pattern(text: &str) -> Result<StatusPattern, String> {
    let one = |part: &str| -> Result<(Option<u8>, u16, u16), String> {
        let parsed = if part.starts_with('X') {
            syntax::parse_key(part.as_bytes())
                .map(|p| (None, p.subject, p.detail))
                .map_err(|e| e.to_string())
        } else {
            syntax::parse(part.as_bytes())
                .map(|p| (Some(p.class), p.subject, p.detail))
                .map_err(|e| e.to_string())
        };
        parsed.map_err(|e| format!("malformed status {part:?}: {e}"))
    };
    let (first, last) = match text.split_once('-') {
        Some((first, last)) => (one(first.trim())?, one(last.trim())?),
        None => {
            let code = one(text)?;
            (code, code)
        }
    };
    if (first.0, first.1) != (last.0, last.1) {
        return Err(format!(
            "bad range {text:?}: both ends must have the same class and subject"
        ));
    }
    if first.2 > last.2 {
        return Err(format!(
            "bad range {text:?}: the first detail is greater than the last"
        ));
    }
    Ok(StatusPattern {
        class: first.0,
        subject: first.1,
        first_detail: first.2,
        last_detail: last.2,
    })
}

/// `550` as `550..=550`, `5XX` as `500..=599`.
fn reply_range(token: &str) -> Option<(u16, u16)> {
    if !syntax::is_reply_code_token(token.as_bytes()) {
        return None;
    }
    match token.strip_suffix("XX") {
        Some(class) => {
            let class: u16 = class.parse().ok()?;
            Some((class * 100, class * 100 + 99))
        }
        None => token.parse().ok().map(|code| (code, code)),
    }
}

fn is_host_suffix(host: &str) -> bool {
    !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && !host.contains("..")
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}
