//! The message's structure, read with mail-parser: its header fields, its human-readable
//! text, its delivery status and feedback parts, and the headers of the original message it
//! returns. Everything the readers of the other modules need is copied out here.

use super::{Bounce, Kind, MAX_TEXT_LEN, dsn, ses, text};
use mail_parser::{HeaderName, HeaderValue, MessageParser, MessagePart, MimeHeaders, PartType};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// The parser: the MIME fields that give the structure, the address fields and the subject
/// are parsed, every other field is kept raw. Parsing `Received` and `Date` fields would
/// cost a bounce reader a quarter of its time and tell it nothing (BENCHMARKS.md).
pub(super) static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    MessageParser::new()
        .with_mime_headers()
        .with_address_headers()
        .header_text(HeaderName::Subject)
});

/// A message, read.
pub(super) struct Message {
    /// The message's own header fields that say what it is.
    pub headers: Headers,
    /// Its text parts (not those of the message it returns), at most [`MAX_TEXT_LEN`] bytes.
    plain: String,
    /// Its HTML parts, and the parts whose structure mail-parser could not follow: the text
    /// where there is no plain text, made when asked for.
    html: Vec<String>,
    unread: Vec<Vec<u8>>,
    other_text: OnceCell<String>,
    /// The bodies of its `message/delivery-status` (or `global-delivery-status`) parts.
    pub delivery_status: Vec<Vec<u8>>,
    /// The body of its `message/feedback-report` part.
    pub feedback_report: Option<Vec<u8>>,
    /// The header fields of the message it returns as a part; else those it returns in its
    /// text, found when asked for.
    original: Option<Headers>,
    original_in_text: OnceCell<Option<Headers>>,
    /// Where the report ends in the text: where the returned message starts.
    report_len: OnceCell<usize>,
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
    pub return_path: Vec<String>,
    /// `X-Apple-Unsubscribe: true`: Apple Mail's unsubscription on its user's behalf.
    pub unsubscribe: bool,
}

impl Message {
    /// Reads `raw`, whose line ends are LF or CRLF; `None` when it has no header fields at
    /// all.
    pub fn read(raw: &[u8]) -> Option<Message> {
        let parsed = PARSER.parse(raw)?;
        if parsed
            .parts
            .first()
            .is_none_or(|root| root.headers.is_empty())
        {
            return None;
        }
        let mut message = Message {
            headers: Headers::of(&parsed.parts[0]),
            plain: String::new(),
            html: Vec::new(),
            unread: Vec::new(),
            other_text: OnceCell::new(),
            delivery_status: Vec::new(),
            feedback_report: None,
            original: None,
            original_in_text: OnceCell::new(),
            report_len: OnceCell::new(),
        };
        for part in &parsed.parts {
            match &part.body {
                PartType::Html(page) => message.html.push(page.to_string()),
                // A text or multipart part whose structure mail-parser could not follow.
                PartType::Binary(bytes)
                    if part
                        .content_type()
                        .is_some_and(|c| c.ctype().eq_ignore_ascii_case("multipart")) =>
                {
                    message.unread.push(bytes.to_vec())
                }
                _ => message.take(part),
            }
        }
        Some(message)
    }

    /// The human-readable text, with LF line ends: the message's text parts, else its HTML
    /// as a reader sees it, else what it holds in parts mail-parser could not follow.
    pub fn text(&self) -> &str {
        if !self.plain.trim().is_empty() {
            return &self.plain;
        }
        self.other_text.get_or_init(|| {
            let mut text = String::new();
            for page in &self.html {
                push_text(&mut text, &mail_parser::decoders::html::html_to_text(page));
            }
            if text.trim().is_empty() {
                for bytes in &self.unread {
                    push_text(&mut text, &String::from_utf8_lossy(bytes));
                }
            }
            text
        })
    }

    /// The text of the report: the text up to the returned message, if there is any text.
    pub fn report(&self) -> Option<&str> {
        let text = self.text();
        let len = *self.report_len.get_or_init(|| text::report_len(text));
        (len > 0).then(|| &text[..len])
    }

    /// The header fields of the message that this one returns, as a part or in its text.
    pub fn original(&self) -> Option<&Headers> {
        self.original.as_ref().or_else(|| {
            self.original_in_text
                .get_or_init(|| {
                    let report = self.report().map_or(0, str::len);
                    text::original_in_text(&self.text()[report..])
                })
                .as_ref()
        })
    }

    /// Takes what a part of the message itself holds.
    fn take(&mut self, part: &MessagePart<'_>) {
        let content_type = part.content_type();
        let is = |ctype: &str, subtypes: &[&str]| {
            content_type.is_some_and(|c| {
                c.ctype().eq_ignore_ascii_case(ctype)
                    && subtypes
                        .iter()
                        .any(|s| c.subtype().is_some_and(|t| t.eq_ignore_ascii_case(s)))
            })
        };
        match &part.body {
            PartType::Message(original) => {
                if self.original.is_none()
                    && let Some(root) = original.parts.first()
                {
                    self.original = Some(Headers::of(root));
                }
            }
            body if is("message", &["delivery-status", "global-delivery-status"]) => {
                self.delivery_status.push(bytes(body).into_owned());
            }
            body if is("message", &["feedback-report"]) => {
                self.feedback_report = Some(bytes(body).into_owned());
            }
            body if is("text", &["rfc822-headers"]) || is("message", &["global-headers"]) => {
                let headers = bytes(body);
                if self.original.is_none()
                    && let Some(parsed) = PARSER.parse_headers(headers.as_ref())
                {
                    self.original = parsed.parts.first().map(Headers::of);
                }
            }
            PartType::Text(text) => push_text(&mut self.plain, text),
            _ => {}
        }
    }

    /// What the message says, per recipient.
    pub fn bounce(&self) -> Bounce {
        if !self.delivery_status.is_empty() {
            let bounce = dsn::read(self);
            if !bounce.recipients.is_empty() {
                return bounce;
            }
        }
        // The fields of a report that reached the text: a report forwarded inline, a MIME
        // structure that does not hold, or a provider that writes them in its text.
        let inline = dsn::read_text(self);
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
        if let Some(bounce) = ses::read(self.text()) {
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
        let recipients = text::read(self);
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
            && let Some(original) = self.original()
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

/// Adds a text part to `text`, with LF line ends (mail-parser keeps a part's CRLF), up to
/// [`MAX_TEXT_LEN`].
fn push_text(text: &mut String, part: &str) {
    let room = MAX_TEXT_LEN.saturating_sub(text.len());
    if room == 0 {
        return;
    }
    let mut end = part.len().min(room);
    while !part.is_char_boundary(end) {
        end -= 1;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    let part = &part[..end];
    if part.contains('\r') {
        text.push_str(&part.replace("\r\n", "\n"));
    } else {
        text.push_str(part);
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
            let value = header.value();
            match &header.name {
                HeaderName::From => headers.from.extend(addresses(value)),
                HeaderName::To => headers.to.extend(addresses(value)),
                HeaderName::ReturnPath => headers.return_path.extend(addresses(value)),
                HeaderName::Subject => headers.subject = text_of(value).to_owned(),
                HeaderName::AutoSubmitted => headers.other("auto-submitted", value),
                HeaderName::Other(name) => headers.other(name, value),
                _ => {}
            }
        }
        headers
    }

    /// A field that mail-parser does not know by name.
    fn other(&mut self, name: &str, value: &HeaderValue<'_>) {
        let is = |expected: &str| name.eq_ignore_ascii_case(expected);
        if is("auto-submitted") {
            self.auto_submitted
                .push_str(&text_of(value).to_ascii_lowercase());
            self.auto_submitted.push(' ');
        } else if is("x-autoreply") || is("x-autorespond") {
            self.auto_submitted.push_str("x-autoreply ");
        } else if is("x-apple-unsubscribe") {
            self.unsubscribe = text_of(value).trim().eq_ignore_ascii_case("true");
        } else if is("x-failed-recipients") {
            self.failed_recipients.extend(
                text_of(value)
                    .split([',', ' '])
                    .filter(|a| a.contains('@'))
                    .map(text::bare_address),
            );
        }
    }
}

/// The addresses of an address field.
fn addresses(value: &HeaderValue<'_>) -> Vec<String> {
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

fn text_of<'a>(value: &'a HeaderValue<'_>) -> &'a str {
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

/// `raw` with LF line ends: CRLF and bare CR (classic Mac OS) become LF, so that mail-parser
/// reads the same bytes whatever the line ends were, and the answers cannot differ.
/// Borrowed when there is no CR.
pub(super) fn line_ends(raw: &[u8]) -> Cow<'_, [u8]> {
    if memchr::memchr(b'\r', raw).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut from = 0;
    for at in memchr::memchr_iter(b'\r', raw) {
        out.extend_from_slice(&raw[from..at]);
        if raw.get(at + 1) != Some(&b'\n') {
            out.push(b'\n');
        }
        from = at + 1;
    }
    out.extend_from_slice(&raw[from..]);
    Cow::Owned(out)
}

/// The messages of `raw`: one, or several where `raw` is a mailbox in the mbox format, each
/// message starting at a `From ` line (`From sender Thu Apr 29 23:34:45 2015`).
pub(super) fn messages(raw: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut starts = vec![0];
    for newline in memchr::memmem::find_iter(raw, b"\nFrom ") {
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
