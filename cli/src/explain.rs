//! `smtp-status explain`: what a code, a registry key or a reply line means.

use crate::style::{CODE, LABEL, Output, WARNING, wrap};
use crate::{Exit, report};
use serde::Serialize;
use smtp_status::bounce::{self, Reason};
use smtp_status::extract;
use smtp_status::reply::{self, ReplyCode};
use smtp_status::{Class, Code, EnhancedCode, Meaning, Subject};
use std::io::{self, Read, Write};

/// What an input means; the JSON form of `explain`.
#[derive(Serialize)]
pub struct Explanation {
    input: String,
    /// Where in the input the code was found, when the input is more than the code: `one line
    /// of a multi-line reply`, `in the text`, `recipient a@example.org`.
    found: Option<String>,
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
    let mut printed = 0;
    for input in inputs {
        match explain(input) {
            Ok(explanations) => {
                for explanation in explanations {
                    if !json {
                        if printed > 0 {
                            writeln!(out)?;
                        }
                        print(&explanation, out)?;
                        printed += 1;
                    }
                    entries.push(Entry::Explained(Box::new(explanation)));
                }
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

/// What goes wrong with an input: [`Exit::Partial`] for one that holds no code,
/// [`Exit::BadInput`] for a code that is malformed or standard input that cannot be read.
type Failure = (Exit, String);

/// Explains every code an input holds, or says why there is none: a code, a registry key, a
/// code's name, a reply line (or one line of a multi-line reply), any text that quotes codes
/// (a DSN field, a log line, a bounce's sentence), or `-`: standard input, read as a bounce
/// message when it is one and as text otherwise.
fn explain(input: &str) -> Result<Vec<Explanation>, Failure> {
    let text = input.trim();
    let bad = |message: String| (Exit::BadInput, message);
    let nothing = |message: String| (Exit::Partial, message);
    if text == "-" {
        return standard_input(input);
    }
    // A registry key, X.1.1 (or x.1.1).
    if let Some(rest) = text.strip_prefix(['X', 'x']).filter(|r| r.starts_with('.')) {
        return match format!("X{rest}").parse::<Code>() {
            Ok(code) => Ok(vec![registered(input, code, None, None)]),
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
        return Ok(vec![explanation]);
    }
    // A reply line (or several), 550 5.1.1 text.
    if text.len() >= 3 && text.as_bytes()[..3].iter().all(u8::is_ascii_digit) {
        return reply_line(input, text);
    }
    // A variant name, in any case: BadDestinationMailboxAddress, mailboxfull.
    if let Some(&code) = Code::ALL
        .iter()
        .find(|code| code.name().eq_ignore_ascii_case(text))
    {
        return Ok(vec![registered(input, code, None, None)]);
    }
    in_text(input, text)
}

/// A reply's line or lines. One line of a multi-line reply (`550-5.1.1 …`, as Postfix logs
/// it) is read as the reply it belongs to; an enhanced code of the wrong class is explained
/// with why a client ignores it.
fn reply_line(input: &str, text: &str) -> Result<Vec<Explanation>, Failure> {
    let mut wire = format!("{}\n", text.replace("\r\n", "\n"));
    let mut found = None;
    if !text.contains('\n') && text.as_bytes().get(3) == Some(&b'-') {
        wire.replace_range(3..4, " ");
        found = Some("one line of a multi-line reply".to_owned());
    }
    let (reply, _) = reply::parse(wire.as_bytes())
        .map_err(|e| (Exit::BadInput, format!("invalid reply: {e}")))?;
    let code = reply.code();
    if let Some(enhanced) = reply.enhanced() {
        let mut explanation = enhanced_in(input, enhanced, Some(code), found);
        classified(&mut explanation, enhanced, Some(code), text);
        return Ok(vec![explanation]);
    }
    // `550 4.7.1 …`: a code at the start of the text, of another class than the reply's.
    let first_text = reply.lines().next().unwrap_or_default();
    if let Some(other) = extract::codes(first_text)
        .next()
        .filter(|f| f.range().start == 0)
        .map(|f| f.code())
    {
        let why = format!(
            "at the start of the reply's text, but of class {} in a {}xx reply: a client \
             ignores it and reads the reply as {}",
            other.class().as_u8(),
            code.class(),
            reply.status()
        );
        return Ok(vec![enhanced_in(input, other, Some(code), Some(why))]);
    }
    Err((
        Exit::Partial,
        format!(
            "the reply has no enhanced status code (a client reads it as {})",
            reply.status()
        ),
    ))
}

/// Every code that stands as a word in `text`, each once, the failure's own with its reply
/// code and reason as the library reads a log line.
fn in_text(input: &str, text: &str) -> Result<Vec<Explanation>, Failure> {
    let failure = bounce::read_log_line(text);
    let mut codes: Vec<EnhancedCode> = Vec::new();
    for found in extract::codes(text) {
        if !codes.contains(&found.code()) {
            codes.push(found.code());
        }
    }
    if codes.is_empty() {
        let message = match failure.and_then(|f| f.reply_code()) {
            Some(reply) => format!(
                "no enhanced status code in the input; its reply code {reply} reads as {}",
                reply.default_status()
            ),
            None => "no enhanced status code in the input: expected a code (5.1.1), a registry \
                     key (X.1.1), a code's name, a reply line (550 5.1.1 text) or text that \
                     quotes a code"
                .to_owned(),
        };
        return Err((Exit::Partial, message));
    }
    Ok(codes
        .into_iter()
        .map(|code| {
            let reply = failure
                .filter(|f| f.status() == Some(code))
                .and_then(|f| f.reply_code());
            let mut explanation = enhanced_in(input, code, reply, Some("in the text".to_owned()));
            classified(&mut explanation, code, reply, text);
            explanation
        })
        .collect())
}

/// Standard input: a bounce message's recipients, or else its text.
fn standard_input(input: &str) -> Result<Vec<Explanation>, Failure> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(bounce::MAX_MESSAGE_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (Exit::BadInput, format!("cannot read standard input: {e}")))?;
    if bytes.len() > bounce::MAX_MESSAGE_LEN {
        return Err((
            Exit::BadInput,
            format!(
                "standard input is longer than the limit of {} bytes",
                bounce::MAX_MESSAGE_LEN
            ),
        ));
    }
    if let Ok(message) = bounce::parse(&bytes)
        && message.is_bounce()
    {
        let explanations: Vec<Explanation> = message
            .recipients()
            .iter()
            .filter_map(|recipient| {
                let code = recipient.status()?;
                let found = format!(
                    "recipient {}",
                    recipient.address().unwrap_or("(no address)")
                );
                let mut explanation = enhanced_in(input, code, recipient.reply_code(), Some(found));
                if !code.is_success() {
                    let text = recipient.diagnostic().unwrap_or_default();
                    classified(&mut explanation, code, recipient.reply_code(), text);
                    explanation.reason = Some(recipient.reason());
                    explanation.hard_bounce = Some(recipient.is_hard_bounce());
                }
                Some(explanation)
            })
            .collect();
        if !explanations.is_empty() {
            return Ok(explanations);
        }
    }
    in_text(input, &String::from_utf8_lossy(&bytes))
}

/// `code` explained, with where it was found.
fn enhanced_in(
    input: &str,
    code: EnhancedCode,
    reply: Option<ReplyCode>,
    found: Option<String>,
) -> Explanation {
    let mut explanation = enhanced(input, code, reply);
    explanation.found = found;
    explanation
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
        found: None,
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
        found: None,
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
    if let Some(found) = &e.found {
        paragraph(out, label(out, "found"), found)?;
    }
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
