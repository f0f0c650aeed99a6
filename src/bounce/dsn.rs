//! Delivery status parts (RFC 3464 §2, RFC 6533 §6): a group of per-message fields, then a
//! group of fields per recipient. The fields are read with mail-parser's header parser.
//!
//! Real reports do not always keep to the layout (no per-message group, no blank line
//! between recipients, fields in any order), so a recipient's group also ends where a field
//! it already has comes again.

use super::mime::Message;
use super::status::Evidence;
use super::{Action, Bounce, Kind, MAX_RECIPIENTS, Recipient, text};
use std::cell::OnceCell;

/// The fields of a delivery status (or feedback report) part, each as a lowercase name and
/// its unfolded value, in order.
pub(super) fn fields(body: &[u8]) -> Vec<(String, String)> {
    groups(body).into_iter().flatten().collect()
}

/// The groups of fields, split where a blank line separates them.
fn groups(body: &[u8]) -> Vec<Vec<(String, String)>> {
    let mut groups = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (group, after) = split_group(rest);
        rest = after;
        let fields = group_fields(&String::from_utf8_lossy(group));
        if !fields.is_empty() {
            groups.push(fields);
        }
    }
    groups
}

/// The fields of one group: `Name: value` lines, with the lines that start with white space
/// folded into the value before them (RFC 3464 §2.1 takes RFC 822's field syntax). Lines of
/// neither shape are left out. Written here rather than given to mail-parser's header
/// parser, which builds a message for each group: that cost a third of the reading of a
/// report (BENCHMARKS.md).
fn group_fields(group: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in group.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c.is_control()) {
            continue;
        }
        fields.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    for (_, value) in &mut fields {
        if value.contains(char::is_whitespace) {
            *value = unfold(value);
        }
    }
    fields
}

/// The first group of `body` (up to a line that is empty or only white space) and what
/// follows it.
fn split_group(body: &[u8]) -> (&[u8], &[u8]) {
    let mut line_start = 0;
    for newline in memchr::memchr_iter(b'\n', body) {
        let line = &body[line_start..newline];
        if line.iter().all(u8::is_ascii_whitespace) {
            if line_start > 0 {
                return (&body[..line_start], &body[newline + 1..]);
            }
            // Blank lines before the group.
            return split_group(&body[newline + 1..]);
        }
        line_start = newline + 1;
    }
    (body, &[])
}

/// A folded field value on one line, with single spaces.
pub(super) fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The fields of one recipient.
#[derive(Default)]
struct Fields {
    final_recipient: Option<String>,
    original_recipient: Option<String>,
    action: Option<String>,
    status: Option<String>,
    remote_mta: Option<String>,
    diagnostic: Option<String>,
    last_attempt: Option<String>,
    will_retry_until: Option<String>,
    supplementary: Option<String>,
    /// Whether a field was set.
    any: bool,
}

impl Fields {
    /// The slot of a per-recipient field, or `None` for a field of another kind.
    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "final-recipient" => &mut self.final_recipient,
            "original-recipient" => &mut self.original_recipient,
            "action" => &mut self.action,
            "status" => &mut self.status,
            "remote-mta" => &mut self.remote_mta,
            "diagnostic-code" => &mut self.diagnostic,
            "last-attempt-date" => &mut self.last_attempt,
            "will-retry-until" => &mut self.will_retry_until,
            "x-supplementary-info" => &mut self.supplementary,
            _ => return None,
        })
    }

    fn names_someone(&self) -> bool {
        self.final_recipient.is_some() || self.original_recipient.is_some()
    }
}

/// Reads the message's delivery status parts.
pub(super) fn read(message: &Message) -> Bounce {
    report(message, Kind::DeliveryStatus, &message.delivery_status)
}

/// Reads the report fields that stand in the message's text, one per line (with their
/// continuation lines), as a bounce of [`Kind::Text`].
pub(super) fn read_text(message: &Message) -> Bounce {
    let mut fields = String::new();
    let mut recipient_fields = 0;
    let mut in_field = false;
    for line in message.text().lines() {
        // A field's name: a word of letters and hyphens before a colon.
        let name = line
            .split_once(':')
            .map(|(name, _)| name.trim_end())
            .filter(|name| {
                name.len() <= 32
                    && name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
            })
            .map(str::to_ascii_lowercase);
        if let Some(name) =
            name.filter(|name| Fields::default().slot(name).is_some() || is_message_field(name))
        {
            recipient_fields +=
                usize::from(name == "final-recipient" || name == "original-recipient");
            in_field = true;
        } else if !(in_field && line.starts_with([' ', '\t']) && !line.trim().is_empty()) {
            // Another line ends the field, and a group.
            if in_field || !fields.ends_with("\n\n") {
                fields.push('\n');
            }
            in_field = false;
            continue;
        }
        fields.push_str(line);
        fields.push('\n');
    }
    if recipient_fields == 0 {
        return Bounce::default();
    }
    report(message, Kind::Text, &[fields.into_bytes()])
}

/// The per-message fields of RFC 3464 §2.2 that a report in text may give.
fn is_message_field(name: &str) -> bool {
    matches!(
        name,
        "reporting-mta" | "arrival-date" | "original-envelope-id" | "received-from-mta"
    )
}

/// Reads report fields from `bodies`.
fn report(message: &Message, kind: Kind, bodies: &[Vec<u8>]) -> Bounce {
    let mut bounce = Bounce {
        kind: Some(kind),
        ..Bounce::default()
    };
    let mut recipients: Vec<Fields> = Vec::new();
    for body in bodies {
        for group in groups(body) {
            let mut first_of_group = true;
            for (name, value) in group {
                let current = recipients.last_mut();
                let starts_recipient = match current {
                    None => true,
                    Some(fields) => {
                        let repeated = fields.slot(&name).is_some_and(|slot| slot.is_some());
                        repeated || (first_of_group && fields.any)
                    }
                };
                let mut probe = Fields::default();
                if probe.slot(&name).is_none() {
                    per_message(&mut bounce, &name, value);
                    continue;
                }
                if starts_recipient {
                    if recipients.len() == MAX_RECIPIENTS {
                        break;
                    }
                    recipients.push(Fields::default());
                }
                first_of_group = false;
                if let Some(fields) = recipients.last_mut() {
                    fields.any = true;
                    if let Some(slot) = fields.slot(&name) {
                        *slot = Some(value);
                    }
                }
            }
        }
    }
    recipients.retain(|fields| fields.names_someone() || fields.status.is_some());
    let single = recipients.len() == 1;
    let paragraphs = OnceCell::new();
    bounce.recipients = recipients
        .into_iter()
        .map(|fields| recipient(fields, message, &paragraphs, single))
        .collect();
    bounce
}

fn per_message(bounce: &mut Bounce, name: &str, value: String) {
    let slot = match name {
        "reporting-mta" => &mut bounce.reporting_mta,
        "arrival-date" => &mut bounce.arrival_date,
        "original-envelope-id" => &mut bounce.original_envelope_id,
        _ => return,
    };
    if slot.is_none() && !value.is_empty() {
        *slot = Some(without_type(&value).to_owned());
    }
}

/// A recipient from its fields, and from what the human-readable text says of it where the
/// fields leave the reply or the status out: its paragraph, or the whole text of a report on
/// one recipient (`single`). The text's paragraphs are read once, for the first recipient
/// that needs them.
fn recipient(
    fields: Fields,
    message: &Message,
    paragraphs: &OnceCell<Vec<text::Paragraph>>,
    single: bool,
) -> Recipient {
    let address = fields.final_recipient.as_deref().map(address_of);
    let original = fields.original_recipient.as_deref().map(address_of);
    let (diagnostic_type, diagnostic) = match fields.diagnostic.as_deref() {
        Some(value) => match value.split_once(';') {
            Some((kind, text)) if is_type(kind) => (Some(kind.trim()), text.trim()),
            _ => (None, value.trim()),
        },
        None => (None, ""),
    };
    let mut evidence = Evidence::default();
    evidence.reply(diagnostic);
    if let Some(status) = &fields.status {
        evidence.status_field(status);
    }
    evidence.other(diagnostic);
    if let Some(info) = &fields.supplementary {
        evidence.reply_elsewhere(info);
    }
    // The text is read where the fields leave the status or the diagnostic out.
    let mut from_text = None;
    if evidence.wants_more() || diagnostic.is_empty() {
        let wanted = [address.as_deref(), original.as_deref()];
        let paragraph = paragraphs
            .get_or_init(|| text::recipients(message))
            .iter()
            .find(|p| {
                wanted
                    .iter()
                    .flatten()
                    .any(|a| a.eq_ignore_ascii_case(&p.address))
            });
        let only = single.then(|| message.report()).flatten();
        if let Some(text) = paragraph.map(|p| p.text.as_str()).or(only) {
            if evidence.wants_more() {
                evidence.reply_elsewhere(text);
            }
            if diagnostic.is_empty() {
                from_text = Some(text::diagnostic(text));
            }
        }
    }
    let (status, reply_code) = evidence.decide();
    Recipient {
        address,
        original_recipient: original,
        action: fields.action.as_deref().and_then(Action::from_field),
        status,
        reply_code,
        remote_mta: fields
            .remote_mta
            .map(|value| without_type(&value).to_owned()),
        diagnostic: from_text
            .or_else(|| Some(diagnostic.to_owned()))
            .filter(|d| !d.is_empty()),
        diagnostic_type: diagnostic_type.map(str::to_ascii_lowercase),
        last_attempt: fields.last_attempt,
        will_retry_until: fields.will_retry_until,
        ..Recipient::default()
    }
}

/// Whether `kind` is the type of a typed field (`rfc822`, `dns`, `smtp`, `x-unix`, …): a
/// short word, not the start of a text that happens to hold a semicolon.
fn is_type(kind: &str) -> bool {
    let kind = kind.trim();
    !kind.is_empty()
        && kind.len() <= 32
        && kind
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A typed value without its type: `dns; mx.example.org` is `mx.example.org`.
fn without_type(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if is_type(kind) => rest.trim(),
        _ => value.trim(),
    }
}

/// The address of a recipient field: `rfc822; <a@example.org>` is `a@example.org`.
fn address_of(value: &str) -> String {
    text::bare_address(without_type(value))
}
