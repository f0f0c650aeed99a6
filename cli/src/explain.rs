//! `smtp-status explain`: what a code, a registry key or a reply line means.

use crate::style::{CODE, LABEL, Output, WARNING, wrap};
use crate::{Exit, report};
use serde::Serialize;
use smtp_status::bounce::{self, Reason};
use smtp_status::reply::{self, ReplyCode};
use smtp_status::{Class, Code, EnhancedCode, Meaning, Subject};
use std::io::{self, Write};

/// What an input means; the JSON form of `explain`.
#[derive(Serialize)]
pub struct Explanation {
    input: String,
    /// `5.1.1`, or `X.1.1` for a registry key.
    code: String,
    /// 2, 4 or 5; none for a registry key, which leaves the class open.
    class: Option<u8>,
    class_title: Option<&'static str>,
    subject: u16,
    subject_title: Option<&'static str>,
    detail: u16,
    /// Whether IANA registered the subject and detail.
    registered: bool,
    /// The `Code` variant, when registered.
    name: Option<&'static str>,
    /// The registered title, or RFC 3463's fallback for an unregistered code.
    title: &'static str,
    description: &'static str,
    /// The registry's reference; none when the class stands in for an unknown subject.
    reference: Option<&'static str>,
    reply_codes: &'static [&'static str],
    deprecated: bool,
    /// The registry entry whose meaning stands in for an unregistered code: the subject's
    /// `X.<subject>.0`, or the class.
    fallback: Option<String>,
    /// The reply code, when the input is a reply line.
    reply_code: Option<u16>,
    /// What a failure with this code (and this reply's text) means: `userunknown`, …; none
    /// for a registry key or a success.
    reason: Option<Reason>,
    /// Whether such a failure is a hard bounce.
    hard_bounce: Option<bool>,
    /// What the provider whose code or words the reply has documents them to mean.
    provider_note: Option<&'static str>,
    /// The rule of `data/bounce_rules.csv` that gives the reason, as `file:line`.
    rule: Option<String>,
}

/// One input's outcome in the JSON document.
#[derive(Serialize)]
#[serde(untagged)]
enum Entry {
    Explained(Box<Explanation>),
    Failed { input: String, error: String },
}

pub fn run(inputs: &[String], json: bool, out: &mut Output) -> io::Result<Exit> {
    let mut exit = Exit::Success;
    let mut entries = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        match explain(input) {
            Ok(explanation) => {
                if !json {
                    if index > 0 {
                        writeln!(out)?;
                    }
                    print(&explanation, out)?;
                }
                entries.push(Entry::Explained(Box::new(explanation)));
            }
            Err((outcome, error)) => {
                report(format_args!("{input:?}: {error}"));
                exit = exit.max(outcome);
                entries.push(Entry::Failed {
                    input: input.clone(),
                    error,
                });
            }
        }
    }
    if json {
        out.json(&entries)?;
    }
    Ok(exit)
}

/// Explains one input, or says why not: [`Exit::Partial`] for an input that holds no
/// code, [`Exit::BadInput`] for one that is not a code, a key or a reply line.
fn explain(input: &str) -> Result<Explanation, (Exit, String)> {
    let text = input.trim();
    let bad = |message: String| (Exit::BadInput, message);
    let nothing = |message: String| (Exit::Partial, message);
    // A registry key, X.1.1 (or x.1.1).
    if let Some(rest) = text.strip_prefix(['X', 'x']).filter(|r| r.starts_with('.')) {
        return match format!("X{rest}").parse::<Code>() {
            Ok(code) => Ok(registered(input, code, None, None)),
            Err(e) if e.unregistered().is_some() => Err(nothing(e.to_string())),
            Err(e) => Err(bad(e.to_string())),
        };
    }
    // A code, 5.1.1 (or something meant as one: digits and dots, without spaces).
    let looks_like_code = text.starts_with(|c: char| c.is_ascii_digit())
        && text.contains('.')
        && !text.contains(char::is_whitespace);
    if looks_like_code {
        let code: EnhancedCode = text
            .parse()
            .map_err(|e| bad(format!("invalid enhanced status code: {e}")))?;
        let mut explanation = enhanced(input, code, None);
        classified(&mut explanation, code, None, "");
        return Ok(explanation);
    }
    // A reply line (or several), 550 5.1.1 text.
    if text.len() >= 3 && text.as_bytes()[..3].iter().all(u8::is_ascii_digit) {
        let wire = format!("{}\n", text.replace("\r\n", "\n"));
        let (reply, _) =
            reply::parse(wire.as_bytes()).map_err(|e| bad(format!("invalid reply: {e}")))?;
        return match reply.enhanced() {
            Some(code) => {
                let mut explanation = enhanced(input, code, Some(reply.code()));
                classified(&mut explanation, code, Some(reply.code()), text);
                Ok(explanation)
            }
            None => Err(nothing(format!(
                "the reply has no enhanced status code (a client reads it as {})",
                reply.status()
            ))),
        };
    }
    // A variant name, BadDestinationMailboxAddress.
    if let Some(code) = Code::from_name(text) {
        return Ok(registered(input, code, None, None));
    }
    Err(bad(
        "expected a code (5.1.1), a registry key (X.1.1), a code's name or a reply line \
         (550 5.1.1 text)"
            .to_owned(),
    ))
}

/// Adds what a failure with `code`, `reply` and `text` means, by the rules of
/// `data/bounce_rules.csv`.
fn classified(e: &mut Explanation, code: EnhancedCode, reply: Option<ReplyCode>, text: &str) {
    if code.is_success() {
        return;
    }
    let reason = bounce::classify(Some(code), reply, text, None);
    let rule = bounce::matching_rule(Some(code), reply, text, None);
    e.reason = Some(reason);
    e.hard_bounce = Some(bounce::is_hard_bounce(reason, Some(code), reply));
    e.provider_note = rule.and_then(|rule| rule.note());
    e.rule = rule.map(|rule| format!("data/bounce_rules.csv:{}", rule.line()));
}

fn enhanced(input: &str, code: EnhancedCode, reply: Option<ReplyCode>) -> Explanation {
    let meaning = code.meaning();
    if let Meaning::Registered(registered_code) = meaning {
        return registered(input, registered_code, Some(code), reply);
    }
    let class = code.class();
    let fallback = match meaning.code() {
        Some(fallback) => fallback.to_string(),
        None => format!("{}.XXX.YYY", class.as_u8()),
    };
    Explanation {
        input: input.to_owned(),
        code: code.to_string(),
        class: Some(class.as_u8()),
        class_title: Some(class.title()),
        subject: code.subject(),
        subject_title: Subject::from_number(code.subject()).map(Subject::title),
        detail: code.detail(),
        registered: false,
        name: None,
        title: meaning.title(),
        description: meaning.description(),
        reference: meaning.code().map(Code::reference),
        reply_codes: &[],
        deprecated: false,
        fallback: Some(fallback),
        reply_code: reply.map(ReplyCode::get),
        reason: None,
        hard_bounce: None,
        provider_note: None,
        rule: None,
    }
}

fn registered(
    input: &str,
    code: Code,
    enhanced: Option<EnhancedCode>,
    reply: Option<ReplyCode>,
) -> Explanation {
    let class: Option<Class> = enhanced.map(EnhancedCode::class);
    Explanation {
        input: input.to_owned(),
        code: enhanced.map_or_else(|| code.to_string(), |e| e.to_string()),
        class: class.map(Class::as_u8),
        class_title: class.map(Class::title),
        subject: code.subject().number(),
        subject_title: Some(code.subject().title()),
        detail: code.detail(),
        registered: true,
        name: Some(code.name()),
        title: code.title(),
        description: code.description(),
        reference: Some(code.reference()),
        reply_codes: code.reply_codes(),
        deprecated: code.is_deprecated(),
        fallback: None,
        reply_code: reply.map(ReplyCode::get),
        reason: None,
        hard_bounce: None,
        provider_note: None,
        rule: None,
    }
}

fn print(e: &Explanation, out: &mut Output) -> io::Result<()> {
    let code = out.paint(CODE, &e.code);
    if e.registered {
        writeln!(out, "{code}  {}", e.title)?;
    } else {
        let note = out.paint(WARNING, "not registered");
        writeln!(out, "{code}  {} ({note})", e.title)?;
    }
    let label = |out: &Output, text: &'static str| out.paint(LABEL, format!("{text:<12}"));
    if let Some(reply) = e.reply_code {
        writeln!(out, "  {}{reply}", label(out, "reply code"))?;
    }
    match (e.class, e.class_title) {
        (Some(class), Some(title)) => writeln!(out, "  {}{class}  {title}", label(out, "class"))?,
        _ => writeln!(
            out,
            "  {}X  any: 2 success, 4 transient, 5 permanent",
            label(out, "class")
        )?,
    }
    let subject_title = e.subject_title.unwrap_or("not registered");
    writeln!(
        out,
        "  {}{}  {subject_title}",
        label(out, "subject"),
        e.subject
    )?;
    let detail = match (&e.name, &e.fallback) {
        (Some(name), _) => format!("{}  {name}", e.detail),
        (None, Some(fallback)) => {
            format!(
                "{}  not registered; RFC 3463 reads it as {fallback}",
                e.detail
            )
        }
        (None, None) => e.detail.to_string(),
    };
    writeln!(out, "  {}{detail}", label(out, "detail"))?;
    if e.deprecated {
        writeln!(
            out,
            "  {}{}",
            label(out, "status"),
            out.paint(WARNING, "deprecated")
        )?;
    }
    paragraph(out, label(out, "meaning"), e.description)?;
    if let Some(reference) = e.reference {
        writeln!(out, "  {}{reference}", label(out, "reference"))?;
    }
    if !e.reply_codes.is_empty() {
        writeln!(
            out,
            "  {}{}",
            label(out, "reply codes"),
            e.reply_codes.join(" ")
        )?;
    }
    if let (Some(reason), Some(hard)) = (e.reason, e.hard_bounce) {
        let verdict = if hard {
            format!("{}", out.paint(WARNING, "hard bounce"))
        } else {
            "soft bounce".to_owned()
        };
        writeln!(out, "  {}{reason} ({verdict})", label(out, "reason"))?;
        paragraph(out, format!("{:12}", ""), reason.description())?;
    }
    if let Some(note) = e.provider_note {
        paragraph(out, label(out, "provider"), note)?;
    }
    if let Some(rule) = &e.rule {
        writeln!(out, "  {}{rule}", label(out, "rule"))?;
    }
    Ok(())
}

/// `text` wrapped, its first line after `label`, the others under it.
fn paragraph(out: &mut Output, label: impl std::fmt::Display, text: &str) -> io::Result<()> {
    for (index, line) in wrap(text, 86).into_iter().enumerate() {
        match index {
            0 => writeln!(out, "  {label}{line}")?,
            _ => writeln!(out, "  {:12}{line}", "")?,
        }
    }
    Ok(())
}
