//! `smtp-status list` and `smtp-status search`: the registry as a table.

use crate::Exit;
use crate::style::{CODE, LABEL, Output, WARNING};
use serde::Serialize;
use smtp_status::{Class, Code, Subject};
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
struct Document {
    codes: Vec<Row>,
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

pub fn search(words: &[String], json: bool, out: &mut Output) -> io::Result<Exit> {
    let words: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
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
    print(matches, None, json, out)?;
    Ok(Exit::Success)
}

fn print(
    codes: impl Iterator<Item = Code>,
    class: Option<Class>,
    json: bool,
    out: &mut Output,
) -> io::Result<()> {
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
        return out.json(&Document { codes: rows });
    }
    if rows.is_empty() {
        return writeln!(out, "no codes match");
    }
    writeln!(
        out,
        "{}",
        out.paint(
            LABEL,
            format!("{:<8} {:<62} {}", "code", "title", "reply codes")
        )
    )?;
    for row in &rows {
        let code = out.paint(CODE, format!("{:<8}", row.code));
        let deprecated = if row.deprecated {
            format!(" {}", out.paint(WARNING, "(deprecated)"))
        } else {
            String::new()
        };
        let line = format!(
            "{code} {:<62} {}{deprecated}",
            row.title,
            row.reply_codes.join(" ")
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
