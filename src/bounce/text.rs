//! Bounces in free text: which addresses the text reports on, and what it says of each.
//!
//! MTAs write their bounces in many ways, but a few shapes cover nearly all of them. The
//! report comes before the returned message, which starts at a line such as `------ This is a
//! copy of the message, including all the headers. ------` or `Original message follows.`,
//! or at the message's first header field. In the report, a failed address stands at the start
//! of a line (`<a@example.org>:`, `  a@example.org`, `* a@example.org`, `Recipient:
//! <a@example.org>`), after the command that sent it (`RCPT TO:<a@example.org>`), after a
//! reply code (sendmail's `550 <a@example.org>... User unknown`), or after words that say so
//! (`could not be delivered to: <a@example.org>`). The sender's own addresses are never
//! recipients. What the text says of an address runs from it to the next address it reports
//! on.

use super::mime::{Headers, Message};
use super::status::Evidence;
use super::{Action, MAX_RECIPIENTS, Recipient};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// What the text says of one address.
pub(super) struct Paragraph {
    pub address: String,
    /// The text from the address to the next one reported on, with the address itself and
    /// the words that name it left out.
    pub text: String,
}

/// The recipients of a bounce in free text.
pub(super) fn read(message: &Message) -> Vec<Recipient> {
    let action = if is_delay(message) {
        Action::Delayed
    } else {
        Action::Failed
    };
    let mut paragraphs = recipients(message);
    if paragraphs.is_empty() {
        // A bounce that names no address in its text: the address it says failed, else the
        // one the returned message was sent to.
        let fallback = message
            .headers
            .failed_recipients
            .first()
            .or_else(|| message.original().and_then(|o| o.to.first()));
        if let (Some(address), Some(report)) = (fallback, message.report())
            && is_bounce_text(message)
        {
            paragraphs.push(Paragraph {
                address: address.clone(),
                text: report.trim().to_owned(),
            });
        }
    }
    paragraphs
        .into_iter()
        .map(|paragraph| {
            let mut evidence = Evidence::default();
            let diagnostic = diagnostic(&paragraph.text);
            evidence.reply(&diagnostic);
            evidence.other(&diagnostic);
            let (status, reply_code) = evidence.decide();
            Recipient {
                address: Some(paragraph.address),
                action: Some(action),
                status,
                reply_code,
                diagnostic: (!diagnostic.is_empty()).then_some(diagnostic),
                ..Recipient::default()
            }
        })
        .collect()
}

/// A place where the text reports on an address.
struct Mention {
    address: String,
    /// The start of the mention's line, where the previous address's paragraph ends.
    start: usize,
    /// The start of the address: before it, the words that name it.
    address_start: usize,
    /// The end of the address, where its paragraph starts.
    end: usize,
    /// A reply code before the address: sendmail's `554 <a@example.org>... reason`.
    reply: Option<String>,
}

/// The addresses the text reports on, in order, each with what it says of it.
pub(super) fn recipients(message: &Message) -> Vec<Paragraph> {
    let Some(report) = message.report() else {
        return Vec::new();
    };
    let senders = senders(&message.headers, message.original());
    let mut mentions: Vec<Mention> = Vec::new();
    for (start, end) in addresses(report) {
        let address = bare_address(&report[start..end]);
        let Some((line_start, heads_line, reply)) = mention(report, start) else {
            continue;
        };
        // One recipient a line: other addresses on it are what is said of the first.
        if mentions.last().is_some_and(|m| m.start == line_start) {
            continue;
        }
        // The sender's addresses come up in passing (`To: sender` in a summary, a
        // transcript's `<<< 501 <sender>... refused`); an address that heads a line is the
        // report's subject, even where it is the sender's own.
        if !heads_line && senders.iter().any(|s| s.eq_ignore_ascii_case(&address)) {
            continue;
        }
        mentions.push(Mention {
            address,
            start: line_start,
            address_start: start,
            end,
            reply: reply.map(str::to_owned),
        });
    }
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for (index, mention) in mentions.iter().enumerate() {
        // The paragraph runs to the next mention of another address.
        let next = mentions[index + 1..]
            .iter()
            .find(|other| !other.address.eq_ignore_ascii_case(&mention.address))
            .map_or(report.len(), |other| other.start);
        let mut said = report
            .get(mention.end..next.max(mention.end))
            .unwrap_or_default();
        // Where nothing follows the address, the words before it say what happened
        // (`Invalid final delivery userid: a@example.org`).
        if said
            .trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
            .is_empty()
        {
            said = report[mention.start..mention.address_start].trim();
        }
        let said = match &mention.reply {
            Some(reply) => format!("{reply} {said}"),
            None => said.to_owned(),
        };
        let known = paragraphs
            .iter()
            .position(|p| p.address.eq_ignore_ascii_case(&mention.address));
        match known {
            Some(at) => {
                paragraphs[at].text.push('\n');
                paragraphs[at].text.push_str(&said);
            }
            None if paragraphs.len() < MAX_RECIPIENTS => paragraphs.push(Paragraph {
                address: mention.address.clone(),
                text: said,
            }),
            None => {}
        }
    }
    paragraphs
}

/// The length of the report in a message's text: up to the line that starts the returned
/// message, or all of it.
pub(super) fn report_len(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && starts_original(line) {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// Lines that start the returned message, lowercase.
const ORIGINAL_STARTS: &[&str] = &[
    "this is a copy of",
    "below this line is a copy of the message",
    "original message follows",
    "original message headers",
    "original mail as follows",
    "message headers follow",
    "unsent message follows",
    "the header of the original message",
    "original mail info",
    "original message",
    "return-path:",
    "received: from",
    "content-type: message/rfc822",
];

fn starts_original(line: &str) -> bool {
    let line =
        line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '=' | '|' | '*'));
    // Most lines start with a letter no marker starts with.
    let Some(first) = line.bytes().next().map(|b| b.to_ascii_lowercase()) else {
        return false;
    };
    if !b"tbomurc".contains(&first) {
        return false;
    }
    ORIGINAL_STARTS.iter().any(|start| {
        line.as_bytes()
            .get(..start.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(start.as_bytes()))
    })
}

/// The header fields of a message that the text returns inline: `rest`, the text after the
/// report, starts with the line that announces it (`Original message follows.`, `------ This
/// is a copy of the message …`) or with its first field.
pub(super) fn original_in_text(rest: &str) -> Option<Headers> {
    // The headers start after the line that announces them, or at that line itself.
    let first_line = rest.find('\n').map_or(rest.len(), |at| at + 1);
    [&rest[first_line..], rest].into_iter().find_map(|headers| {
        let headers = headers.trim_start_matches(['\n', ' ']);
        let parsed = super::mime::PARSER.parse_headers(headers)?;
        let original = Headers::of(parsed.parts.first()?);
        (!original.to.is_empty() || !original.from.is_empty()).then_some(original)
    })
}

/// The addresses the bounce is sent to and from: the sender of the returned message, and the
/// system that reports.
fn senders(headers: &Headers, original: Option<&Headers>) -> Vec<String> {
    let mut senders: Vec<String> = headers
        .to
        .iter()
        .chain(&headers.from)
        .chain(&headers.return_path)
        .cloned()
        .collect();
    if let Some(original) = original {
        senders.extend(original.from.iter().chain(&original.return_path).cloned());
    }
    senders
}

/// Where the line of the address at `start` starts, whether the address heads it, and the
/// reply code that stands before it, when the text reports on the address there; `None` when
/// the address is only named in passing.
fn mention(text: &str, start: usize) -> Option<(usize, bool, Option<&str>)> {
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let before = &text[line_start..start];
    let words = before
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '<' | '"' | '\'' | '('))
        .to_ascii_lowercase();
    let words = words.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '-' | '>' | '<' | '•' | '|' | '"' | '\'')
    });
    if words.is_empty() {
        return Some((line_start, true, None));
    }
    if words.len() == 3 && crate::syntax::reply_code(array(words)?).is_some() {
        let at = before.find(words).unwrap_or(0);
        return Some((line_start, false, before.get(at..at + 3)));
    }
    // `Delivery failed 20 attempts: a@example.org`, `Invalid final delivery userid:`.
    let failed = words.ends_with(':') && FAILED.iter().any(|word| words.contains(word));
    let introduced = failed || MENTIONS.iter().any(|m| words.ends_with(m));
    introduced.then_some((line_start, false, None))
}

/// What stands before an address that a report names as a recipient, lowercase.
const MENTIONS: &[&str] = &[
    "rcpt to:",
    "rcpt to",
    "recipient:",
    "recipients:",
    "recipient",
    "rfc822;",
    "delivery failed:",
    "could not be delivered to:",
    "delivered to:",
    "deliver message to:",
    "deliver message to",
    "delivering your mail to",
    "undeliverable to",
    "your message to",
    "delivery to",
    "userid:",
    "permanent errors:",
    "temporary errors:",
    "mailbox is full:",
    "address:",
    "addressee:",
    "failed address:",
    "to:",
];

/// Words that, before a colon and an address, say that it failed.
const FAILED: &[&str] = &["fail", "undeliver", "invalid", "unknown", "rejected"];

fn array(word: &str) -> Option<[u8; 3]> {
    word.as_bytes().try_into().ok()
}

/// The byte ranges of the email addresses in `text`.
fn addresses(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut after = 0;
    for at in memchr::memchr_iter(b'@', bytes) {
        if at < after {
            continue;
        }
        let start = bytes[..at]
            .iter()
            .rposition(|&b| !is_local(b))
            .map_or(0, |p| p + 1);
        let mut end = at
            + 1
            + bytes[at + 1..]
                .iter()
                .position(|&b| !is_domain(b))
                .unwrap_or(bytes.len() - at - 1);
        // A sentence's full stop or a hyphen is not the domain's.
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let domain = &bytes[at + 1..end];
        if start < at && domain.contains(&b'.') && text.is_char_boundary(start) {
            found.push((start, end));
            after = end;
        }
    }
    found
}

fn is_local(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b".!#$%&*+/=?^_`{|}~-".contains(&byte) || byte >= 0x80
}

fn is_domain(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-') || byte >= 0x80
}

/// An address as a field or text writes it, bare: `<a@example.org>`, `"a@example.org"`,
/// `mailto:a@example.org` and `a@example.org.` are `a@example.org`.
pub(super) fn bare_address(written: &str) -> String {
    let written = written.trim();
    let inner = match (written.find('<'), written.rfind('>')) {
        (Some(open), Some(close)) if open < close => &written[open + 1..close],
        _ => written,
    };
    inner
        .trim()
        .trim_start_matches("mailto:")
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ',' | ';' | ':')
        })
        .trim_end_matches('.')
        .to_owned()
}

/// A recipient for an address field, such as an automatic reply's `From`.
pub(super) fn first_address(addresses: &[String]) -> Option<Recipient> {
    addresses.first().map(|address| Recipient {
        address: Some(address.clone()),
        ..Recipient::default()
    })
}

/// What the text says of a recipient, on one line: its paragraphs up to the first that
/// quotes the server's reply, else up to the first with an enhanced code, else the first few.
pub(super) fn diagnostic(text: &str) -> String {
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let end = paragraphs
        .iter()
        .position(|p| super::quoted::has_reply_code(p))
        .or_else(|| {
            paragraphs
                .iter()
                .position(|p| crate::extract::codes(p).next().is_some())
        })
        .map_or(paragraphs.len().min(4), |at| at + 1);
    super::dsn::unfold(&paragraphs[..end].join(" "))
        .trim_start_matches([':', ' ', '>', '.'])
        .to_owned()
}

/// Whether the bounce reports a delay rather than a failure: its subject or its report says
/// so.
fn is_delay(message: &Message) -> bool {
    static DELAY: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "has not yet been delivered",
                "has been delayed",
                "will be retried",
                "temporary failure report",
                "this is a warning message only",
            ])
            .expect("the phrases are few and short")
    });
    let subject = message.headers.subject.to_ascii_lowercase();
    ["delay", "warning", "retrying"]
        .iter()
        .any(|word| subject.contains(word))
        || message
            .report()
            .is_some_and(|report| DELAY.is_match(report))
}

/// Whether a message without addresses in its text is still a bounce: it comes from a mail
/// system, or says that delivery failed.
fn is_bounce_text(message: &Message) -> bool {
    let subject = message.headers.subject.to_ascii_lowercase();
    is_mail_system(&message.headers.from)
        || [
            "undeliver",
            "delivery fail",
            "failure notice",
            "returned mail",
            "not delivered",
        ]
        .iter()
        .any(|word| subject.contains(word))
}

/// Whether an address field names a mail system rather than a person: a mailer daemon, a
/// postmaster, an MMS centre.
pub(super) fn is_mail_system(from: &[String]) -> bool {
    from.iter().any(|address| {
        let local = address
            .split('@')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        [
            "mailer-daemon",
            "postmaster",
            "post_master",
            "mail-daemon",
            "maildaemon",
            "mmsc",
            "sysadmin",
        ]
        .iter()
        .any(|who| local.contains(who))
    })
}
