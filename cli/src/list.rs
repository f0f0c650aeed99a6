//! `smtp-status list` and `smtp-status search`: the registry as a table.

use crate::Exit;
use crate::style::{CODE, LABEL, Output, WARNING, wrap};
use serde::Serialize;
use smtp_status::{Class, Code, EnhancedCode, Subject};
use std::io::{self, Write};

/// A registry row in the JSON form of `list` and `search`.
#[derive(Serialize)]
struct Row {
    /// `X.1.1`, or `5.1.1` with `--class 5`.
    code: String,
    name: &'static str,
    title: &'static str,
    description: &'static str,
    reference: &'static str,
    reply_codes: &'static [&'static str],
    deprecated: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    codes: &'a [Row],
}

pub fn list(
    subject: Option<u16>,
    class: Option<Class>,
    json: bool,
    out: &mut Output,
) -> io::Result<Exit> {
    if let Some(number) = subject
        && Subject::from_number(number).is_none()
    {
        crate::report(format_args!(
            "unknown subject {number}: the registry has subjects 0 to 7"
        ));
        return Ok(Exit::BadInput);
    }
    let codes = Code::ALL
        .iter()
        .filter(|code| subject.is_none_or(|s| code.subject().number() == s));
    print(codes.copied(), class, json, out)?;
    Ok(Exit::Success)
}

/// Finds codes by words; a concrete code (`5.7.26`) is looked for as its registry key
/// (`X.7.26`). Exits with 1 when nothing matches.
pub fn search(words: &[String], json: bool, out: &mut Output) -> io::Result<Exit> {
    let words: Vec<String> = words
        .iter()
        .map(|word| match word.parse::<EnhancedCode>() {
            Ok(code) => format!("x.{}.{}", code.subject(), code.detail()),
            Err(_) => word.to_lowercase(),
        })
        .collect();
    let matches = Code::ALL.iter().copied().filter(|code| {
        let haystack = format!(
            "{} {} {} {}",
            code.key(),
            code.name(),
            code.title(),
            code.description()
        )
        .to_lowercase();
        words.iter().all(|word| haystack.contains(word.as_str()))
    });
    match print(matches, None, json, out)? {
        0 => Ok(Exit::Partial),
        _ => Ok(Exit::Success),
    }
}

/// Prints the codes as a table (or JSON); the number of codes printed.
fn print(
    codes: impl Iterator<Item = Code>,
    class: Option<Class>,
    json: bool,
    out: &mut Output,
) -> io::Result<usize> {
    let rows: Vec<Row> = codes
        .map(|code| Row {
            code: class.map_or_else(
                || code.to_string(),
                |class| code.with_class(class).to_string(),
            ),
            name: code.name(),
            title: code.title(),
            description: code.description(),
            reference: code.reference(),
            reply_codes: code.reply_codes(),
            deprecated: code.is_deprecated(),
        })
        .collect();
    if json {
        out.json(&Document { codes: &rows })?;
        return Ok(rows.len());
    }
    if rows.is_empty() {
        writeln!(out, "no codes match")?;
        return Ok(0);
    }
    let code_width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0).max(4);
    let replies_width = rows
        .iter()
        .map(|r| r.reply_codes.join(" ").len())
        .max()
        .unwrap_or(0)
        .max("reply codes".len());
    let longest = rows.iter().map(|r| r.title.len()).max().unwrap_or(0);
    // Titles wrap within the terminal's width; without a terminal they keep one line.
    let title_width = match terminal_width() {
        Some(width) => width
            .saturating_sub(code_width + replies_width + 2)
            .clamp(24, longest.max(24)),
        None => longest,
    };
    let header = format!(
        "{:<code_width$} {:<title_width$} reply codes",
        "code", "title"
    );
    writeln!(out, "{}", out.paint(LABEL, header))?;
    for row in &rows {
        let code = out.paint(CODE, format!("{:<code_width$}", row.code));
        let mut tail = row.reply_codes.join(" ");
        if row.deprecated {
            let separator = if tail.is_empty() { "" } else { " " };
            tail = format!("{tail}{separator}{}", out.paint(WARNING, "(deprecated)"));
        }
        let mut title = wrap(row.title, title_width).into_iter();
        let first = format!(
            "{code} {:<title_width$} {tail}",
            title.next().unwrap_or_default(),
        );
        writeln!(out, "{}", first.trim_end())?;
        for more in title {
            writeln!(out, "{:code_width$} {more}", "")?;
        }
    }
    Ok(rows.len())
}

/// The width to fit the table in: `COLUMNS` where it is set, else the terminal's, else none
/// (output to a file or a pipe keeps each row on one line).
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    let term = console::Term::stdout();
    term.is_term()
        .then(|| term.size_checked())
        .flatten()
        .map(|(_, columns)| usize::from(columns))
}
