//! The message's structure, read with mail-parser: its header fields, its human-readable
//! text, its delivery status and feedback parts, and the headers of the original message it
//! returns. Everything the readers of the other modules need is copied out here.

use super::{Bounce, Kind, MAX_TEXT_LEN, dsn, ses, text};
use mail_parser::{MessageParser, MessagePart, MimeHeaders, PartType};
use std::borrow::Cow;

/// A message, read.
pub(super) struct Message {
    /// The message's own header fields that say what it is.
    pub headers: Headers,
    /// The human-readable text: every text part of the message itself (not of the message
    /// it returns), HTML turned into text, at most [`MAX_TEXT_LEN`] bytes.
    pub text: String,
    /// The bodies of its `message/delivery-status` (or `global-delivery-status`) parts.
    pub delivery_status: Vec<Vec<u8>>,
    /// The body of its `message/feedback-report` part.
    pub feedback_report: Option<Vec<u8>>,
    /// The header fields of the message it returns, where it returns one.
    pub original: Option<Headers>,
}

/// The header fields the readers use, decoded.
#[derive(Default)]
pub(super) struct Headers {
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub subject: String,
    /// `Auto-Submitted`, `X-Autoreply` and the like, lowercase, joined.
    pub auto_submitted: String,
    /// `X-Failed-Recipients` (Exim), one address each.
    pub failed_recipients: Vec<String>,
    /// The `report-type` of a `multipart/report`, lowercase.
    pub report_type: String,
    pub return_path: Vec<String>,
    /// `X-Apple-Unsubscribe: true`: Apple Mail's unsubscription on its user's behalf.
    pub unsubscribe: bool,
}

impl Message {
    /// Reads `raw`; `None` when it has no header fields at all.
    pub fn read(raw: &[u8]) -> Option<Message> {
        let raw = line_ends(raw);
        let parsed = MessageParser::new().parse(raw.as_ref())?;
        if parsed
            .parts
            .first()
            .is_none_or(|root| root.headers.is_empty())
        {
            return None;
        }
        let mut message = Message {
            headers: Headers::of(&parsed.parts[0]),
            text: String::new(),
            delivery_status: Vec::new(),
            feedback_report: None,
            original: None,
        };
        let mut html = Vec::new();
        let mut unread = Vec::new();
        for part in &parsed.parts {
            match &part.body {
                PartType::Html(page) => html.push(page),
                // A text or multipart part whose structure mail-parser could not follow.
                PartType::Binary(bytes)
                    if part
                        .content_type()
                        .is_some_and(|c| c.ctype().eq_ignore_ascii_case("multipart")) =>
                {
                    unread.push(bytes)
                }
                _ => message.take(part),
            }
        }
        // An HTML-only bounce: its text, as a reader sees it.
        if message.text.trim().is_empty() {
            for page in html {
                message.push_text(&mail_parser::decoders::html::html_to_text(page));
            }
        }
        if message.text.trim().is_empty() {
            for bytes in unread {
                message.push_text(&String::from_utf8_lossy(bytes));
            }
        }
        if message.original.is_none() {
            message.original = text::original_in_text(&message.text);
        }
        Some(message)
    }

    /// Takes what a part of the message itself holds.
    fn take(&mut self, part: &MessagePart<'_>) {
        let (ctype, subtype) = part
            .content_type()
            .map_or((String::new(), String::new()), |c| {
                let subtype = c.subtype().unwrap_or_default();
                (c.ctype().to_ascii_lowercase(), subtype.to_ascii_lowercase())
            });
        match (&part.body, ctype.as_str(), subtype.as_str()) {
            (PartType::Message(original), _, _) => {
                if self.original.is_none()
                    && let Some(root) = original.parts.first()
                {
                    self.original = Some(Headers::of(root));
                }
            }
            (body, "message", "delivery-status" | "global-delivery-status") => {
                self.delivery_status.push(bytes(body).into_owned());
            }
            (body, "message", "feedback-report") => {
                self.feedback_report = Some(bytes(body).into_owned());
            }
            (body, "text", "rfc822-headers") | (body, "message", "global-headers") => {
                let headers = bytes(body);
                if self.original.is_none()
                    && let Some(parsed) = MessageParser::new().parse_headers(headers.as_ref())
                {
                    self.original = parsed.parts.first().map(Headers::of);
                }
            }
            (PartType::Text(text), _, _) => self.push_text(text),
            _ => {}
        }
    }

    /// Adds a text part, with LF line ends (mail-parser keeps a part's CRLF), up to the limit.
    fn push_text(&mut self, text: &str) {
        let room = MAX_TEXT_LEN.saturating_sub(self.text.len());
        if room == 0 {
            return;
        }
        let mut end = text.len().min(room);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let text = &text[..end];
        if text.contains('\r') {
            self.text.push_str(&text.replace("\r\n", "\n"));
        } else {
            self.text.push_str(text);
        }
    }

    /// What the message says, per recipient.
    pub fn bounce(self) -> Bounce {
        if !self.delivery_status.is_empty() {
            let bounce = dsn::read(&self);
            if !bounce.recipients.is_empty() {
                return bounce;
            }
        }
        // The fields of a report that reached the text: a report forwarded inline, a MIME
        // structure that does not hold, or a provider that writes them in its text.
        let inline = dsn::read_text(&self);
        if !inline.recipients.is_empty() {
            return inline;
        }
        if self.feedback_report.is_some() {
            return self.feedback();
        }
        if is_unsubscribe(&self.headers) {
            return Bounce {
                kind: Some(Kind::Feedback),
                recipients: text::first_address(&self.headers.from)
                    .into_iter()
                    .collect(),
                ..Bounce::default()
            };
        }
        if let Some(bounce) = ses::read(&self.text) {
            return bounce;
        }
        if is_auto_reply(&self.headers) {
            return Bounce {
                kind: Some(Kind::AutoReply),
                recipients: text::first_address(&self.headers.from)
                    .into_iter()
                    .collect(),
                ..Bounce::default()
            };
        }
        let recipients = text::read(&self);
        if !recipients.is_empty() {
            return Bounce {
                kind: Some(Kind::Text),
                recipients,
                ..Bounce::default()
            };
        }
        Bounce {
            kind: Some(Kind::Other),
            ..Bounce::default()
        }
    }

    /// A feedback report: one recipient per `Original-Rcpt-To`, else the original message's,
    /// else one without an address.
    fn feedback(&self) -> Bounce {
        let fields = self
            .feedback_report
            .as_deref()
            .map(dsn::fields)
            .unwrap_or_default();
        let mut addresses: Vec<String> = fields
            .iter()
            .filter(|(name, _)| name == "original-rcpt-to" || name == "removal-recipient")
            .map(|(_, value)| text::bare_address(value))
            .collect();
        if addresses.is_empty()
            && let Some(original) = &self.original
        {
            addresses.extend(original.to.first().cloned());
        }
        let mut recipients: Vec<super::Recipient> = addresses
            .into_iter()
            .map(|address| super::Recipient {
                address: Some(address),
                ..super::Recipient::default()
            })
            .collect();
        // A complaint about a message whose recipient the report keeps to itself.
        if recipients.is_empty() {
            recipients.push(super::Recipient::default());
        }
        Bounce {
            kind: Some(Kind::Feedback),
            recipients,
            ..Bounce::default()
        }
    }
}

/// An unsubscription that a mail program sends for its user, to the `mailto:` of a message's
/// `List-Unsubscribe` (RFC 2369): feedback from the recipient.
fn is_unsubscribe(headers: &Headers) -> bool {
    headers.unsubscribe
        || (!headers.auto_submitted.is_empty()
            && headers.subject.trim().eq_ignore_ascii_case("unsubscribe"))
}

/// An automatic reply (RFC 3834 §5 `Auto-Submitted: auto-replied`, or the subject that
/// Exchange and others give theirs) from a person's mailbox: mail systems mark their bounces
/// `auto-replied` too (Exim does).
fn is_auto_reply(headers: &Headers) -> bool {
    let subject = headers.subject.to_ascii_lowercase();
    let marked = headers.auto_submitted.contains("auto-replied")
        || headers.auto_submitted.contains("x-autoreply")
        || [
            "auto reply:",
            "automatic reply:",
            "autoreply:",
            "out of office",
        ]
        .iter()
        .any(|prefix| subject.starts_with(prefix));
    marked && !text::is_mail_system(&headers.from)
}

impl Headers {
    pub(super) fn of(part: &MessagePart<'_>) -> Headers {
        let mut headers = Headers::default();
        for header in &part.headers {
            let name = header.name().to_ascii_lowercase();
            let value = header.value();
            match name.as_str() {
                "from" => headers.from.extend(addresses(value)),
                "to" => headers.to.extend(addresses(value)),
                "return-path" => headers.return_path.extend(addresses(value)),
                "subject" => headers.subject = value.as_text().unwrap_or_default().to_owned(),
                "auto-submitted" | "x-autoreply" | "x-autorespond" | "auto-response-suppress" => {
                    let text = text_of(value).to_ascii_lowercase();
                    headers
                        .auto_submitted
                        .push_str(if name == "auto-submitted" {
                            &text
                        } else {
                            "x-autoreply"
                        });
                    headers.auto_submitted.push(' ');
                }
                "x-apple-unsubscribe" => {
                    headers.unsubscribe = text_of(value).trim().eq_ignore_ascii_case("true")
                }
                "x-failed-recipients" => headers.failed_recipients.extend(
                    text_of(value)
                        .split([',', ' '])
                        .filter(|a| a.contains('@'))
                        .map(text::bare_address),
                ),
                "content-type" => {
                    if let Some(report) = value
                        .as_content_type()
                        .and_then(|c| c.attribute("report-type"))
                    {
                        headers.report_type = report.to_ascii_lowercase();
                    }
                }
                _ => {}
            }
        }
        headers
    }
}

/// The addresses of an address field.
fn addresses(value: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    match value.as_address() {
        // An address without a domain (`From: mailer-daemon`) is kept by its name, but not
        // a group's name (`Undisclosed recipients:;`).
        Some(address) => address
            .iter()
            .filter_map(|a| a.address().or(a.name()))
            .filter(|address| !address.contains(char::is_whitespace))
            .map(str::to_owned)
            .collect(),
        None => text_of(value)
            .split([',', ' '])
            .filter(|a| a.contains('@'))
            .map(text::bare_address)
            .collect(),
    }
}

fn text_of<'a>(value: &'a mail_parser::HeaderValue<'_>) -> &'a str {
    value.as_text().unwrap_or_default()
}

/// The bytes of a part's body, whatever mail-parser made of it.
fn bytes<'a>(body: &'a PartType<'_>) -> Cow<'a, [u8]> {
    match body {
        PartType::Text(text) | PartType::Html(text) => Cow::Borrowed(text.as_bytes()),
        PartType::Binary(bytes) | PartType::InlineBinary(bytes) => Cow::Borrowed(bytes),
        PartType::Message(message) => Cow::Borrowed(message.raw_message()),
        PartType::Multipart(_) => Cow::Borrowed(&[]),
    }
}

/// `raw` with every bare CR read as a line end: mail-parser reads LF and CRLF, and classic
/// Mac OS wrote CR alone. Borrowed when there is none.
pub(super) fn line_ends(raw: &[u8]) -> Cow<'_, [u8]> {
    let bare = |at: usize| raw.get(at + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', raw).any(bare) {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut from = 0;
    for at in memchr::memchr_iter(b'\r', raw) {
        out.extend_from_slice(&raw[from..at]);
        out.extend_from_slice(if bare(at) { b"\n" } else { b"\r" });
        from = at + 1;
    }
    out.extend_from_slice(&raw[from..]);
    Cow::Owned(out)
}

/// The messages of `raw`: one, or several where `raw` is a mailbox in the mbox format, each
/// message starting at a `From ` line (`From sender Thu Apr 29 23:34:45 2015`).
pub(super) fn messages(raw: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut starts = vec![0];
    for newline in memchr::memchr_iter(b'\n', raw) {
        let line = &raw[newline + 1..];
        let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
        if is_from_line(line) {
            starts.push(newline + 1);
        }
    }
    starts.push(raw.len());
    (0..starts.len() - 1).map(move |i| &raw[starts[i]..starts[i + 1]])
}

/// An mbox `From ` line: `From`, the envelope sender and a date with its time of day.
fn is_from_line(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let mut words = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    let sender_ok = words.next().is_some_and(|sender| !sender.ends_with(b":"));
    sender_ok
        && words.any(|word| {
            matches!(word, [h, b':', m1, m2, ..] | [_, h, b':', m1, m2, ..]
                if h.is_ascii_digit() && m1.is_ascii_digit() && m2.is_ascii_digit())
        })
}
