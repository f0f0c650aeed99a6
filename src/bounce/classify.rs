//! Telling a failure's [`Reason`] from its codes, its text and the host that gave it, by the
//! rules of `data/bounce_rules.csv`.

use super::reason::{PHRASE_COUNT, PHRASES, RULES, Reason};
use crate::EnhancedCode;
use crate::reply::ReplyCode;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// The SMTP command a reply answered, as the text tells it (`after RCPT TO`, `>>> DATA`):
/// the `command` column of `data/bounce_rules.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Command {
    /// The greeting, before any command.
    Connect,
    /// `HELO` or `EHLO`.
    Helo,
    /// `MAIL FROM`.
    Mail,
    /// `RCPT TO`.
    Rcpt,
    /// `DATA`, or the end of the message's data.
    Data,
}

/// The words that tell which command a reply answered; the first one in the text counts
/// (transcripts start at the command that failed, and other MTAs name one). The
/// qmail forms (`does not like recipient`, `failed after I sent the message`) name none.
const COMMAND_PHRASES: &[(&str, Command)] = &[
    ("initial connection", Command::Connect),
    ("greeting failed", Command::Connect),
    ("ehlo", Command::Helo),
    ("helo", Command::Helo),
    ("my name was rejected", Command::Helo),
    ("mail from", Command::Mail),
    ("mail_from", Command::Mail),
    ("sender was rejected", Command::Mail),
    ("rcpt to", Command::Rcpt),
    ("rcpt command", Command::Rcpt),
    ("rcpt_to", Command::Rcpt),
    ("does not like recipient", Command::Rcpt),
    ("did not like our rcpt", Command::Rcpt),
    ("end of data", Command::Data),
    (">>> data", Command::Data),
    ("data command", Command::Data),
    ("smtp command data", Command::Data),
    ("(data)", Command::Data),
    ("[data]", Command::Data),
    ("failed after i sent the message", Command::Data),
    ("after sending the message", Command::Data),
];

/// The status column of a rule: a class (`None` for `X`, any class), a subject and a range
/// of details.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StatusPattern {
    pub class: Option<u8>,
    pub subject: u16,
    pub details: (u16, u16),
}

impl StatusPattern {
    fn matches(&self, code: EnhancedCode) -> bool {
        self.class.is_none_or(|class| class == code.class() as u8)
            && code.subject() == self.subject
            && (self.details.0..=self.details.1).contains(&code.detail())
    }
}

/// A row of `data/bounce_rules.csv`: a reason and the conditions that must all hold for it
/// (an empty column holds always).
#[derive(Debug)]
pub struct Rule {
    pub(crate) line: u64,
    pub(crate) reason: Reason,
    pub(crate) status: Option<StatusPattern>,
    pub(crate) reply_codes: &'static [(u16, u16)],
    pub(crate) command: Option<Command>,
    pub(crate) types: &'static [&'static str],
    pub(crate) hosts: &'static [&'static str],
    /// Indexes into `PHRASES`; one of them must be in the text.
    pub(crate) phrases: &'static [u16],
    pub(crate) note: &'static str,
}

impl Rule {
    /// The reason the rule gives.
    pub fn reason(&self) -> Reason {
        self.reason
    }

    /// The line of `data/bounce_rules.csv` the rule is on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// What the provider whose code or words the rule reads documents them to mean, if the
    /// rule says (`Microsoft: access denied, banned sending IP; …`).
    pub fn note(&self) -> Option<&'static str> {
        (!self.note.is_empty()).then_some(self.note)
    }

    fn holds(&self, failure: &Failure<'_>, found: &Found) -> bool {
        self.status
            .is_none_or(|pattern| failure.status.is_some_and(|code| pattern.matches(code)))
            && (self.reply_codes.is_empty()
                || failure.reply_code.is_some_and(|code| {
                    self.reply_codes
                        .iter()
                        .any(|&(first, last)| (first..=last).contains(&code.get()))
                }))
            && self
                .command
                .is_none_or(|command| found.command == Some(command))
            && (self.types.is_empty()
                || failure
                    .diagnostic_type
                    .is_some_and(|t| self.types.iter().any(|w| t.eq_ignore_ascii_case(w))))
            && (self.hosts.is_empty()
                || failure
                    .host
                    .is_some_and(|host| self.hosts.iter().any(|s| is_in_domain(host, s))))
            && (self.phrases.is_empty() || self.phrases.iter().any(|&id| found.has(id)))
    }
}

/// Whether `host` is `domain` or a host under it (`mx1.outlook.com` is under `outlook.com`).
fn is_in_domain(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.len() >= domain.len()
        && host.is_char_boundary(host.len() - domain.len())
        && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain)
        && (host.len() == domain.len() || host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// What the classifier reads of one failure.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Failure<'a> {
    pub status: Option<EnhancedCode>,
    pub reply_code: Option<ReplyCode>,
    pub text: &'a str,
    pub host: Option<&'a str>,
    /// The diagnostic type of a delivery status notification (`smtp`, `x-unix`).
    pub diagnostic_type: Option<&'a str>,
    /// Where to look for the SMTP command when the text names none: the bounce's report.
    pub context: Option<&'a str>,
    /// Whether the message says delivery failed, whatever the codes say.
    pub failed: bool,
}

impl<'a> Failure<'a> {
    /// A server's reply, as the public functions take it.
    fn of_reply(
        status: Option<EnhancedCode>,
        reply_code: Option<ReplyCode>,
        text: &'a str,
        host: Option<&'a str>,
    ) -> Failure<'a> {
        Failure {
            status,
            reply_code,
            text,
            host,
            ..Failure::default()
        }
    }

    /// Whether the codes say the message was delivered.
    fn is_success(&self) -> bool {
        if self.failed {
            return false;
        }
        match (self.status, self.reply_code) {
            (Some(status), _) => status.class() == crate::Class::Success,
            (None, Some(reply)) => reply.class() == 2,
            (None, None) => false,
        }
    }

    /// The first rule that holds, in file order.
    pub fn rule(&self) -> Option<&'static Rule> {
        let text = normalize(self.text);
        let mut found = Found::in_text(&text);
        if found.command.is_none()
            && let Some(context) = self.context
        {
            found.command = first_command(&normalize(context));
        }
        RULES.iter().find(|rule| rule.holds(self, &found))
    }

    /// The reason: a delivery for a success, else the first rule's, else `onhold` for a
    /// failure that no rule explains, `undefined` when nothing at all is known.
    pub fn reason(&self) -> Reason {
        if self.is_success() {
            return Reason::Delivered;
        }
        match self.rule() {
            Some(rule) => rule.reason,
            None if self.status.is_some()
                || self.reply_code.is_some()
                || self.text.chars().any(char::is_alphanumeric) =>
            {
                Reason::OnHold
            }
            None => Reason::Undefined,
        }
    }

    /// Whether the failure is permanent and its reason a hard one; `delayed` says the
    /// reporting MTA will try again.
    pub fn is_hard_bounce(&self, reason: Reason, delayed: bool) -> bool {
        let permanent = match (self.status, self.reply_code) {
            (Some(status), _) => status.is_permanent(),
            (None, Some(reply)) => reply.class() == 5,
            (None, None) => !delayed,
        };
        reason.is_hard() && permanent && !delayed
    }
}

/// What one pass over the text found: which phrases, and the first command named.
struct Found {
    phrases: [u64; WORDS],
    command: Option<Command>,
}

const WORDS: usize = PHRASE_COUNT.div_ceil(64);

/// The rules' phrases and then the command phrases, matched together in lowercase text.
static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let patterns = PHRASES
        .iter()
        .copied()
        .chain(COMMAND_PHRASES.iter().map(|&(phrase, _)| phrase));
    AhoCorasick::builder()
        .build(patterns)
        .expect("the phrases are few and short")
});

impl Found {
    fn in_text(text: &str) -> Found {
        let mut found = Found {
            phrases: [0; WORDS],
            command: None,
        };
        let bytes = text.as_bytes();
        for hit in AUTOMATON.find_overlapping_iter(text) {
            let id = hit.pattern().as_usize();
            if !is_whole_word(bytes, hit.start(), hit.end()) {
                continue;
            }
            match id.checked_sub(PHRASES.len()) {
                None => found.phrases[id / 64] |= 1 << (id % 64),
                Some(command) => {
                    found.command.get_or_insert(COMMAND_PHRASES[command].1);
                }
            }
        }
        found
    }

    /// Whether the rules' phrase `id` was found.
    fn has(&self, id: u16) -> bool {
        let id = usize::from(id);
        self.phrases[id / 64] & (1 << (id % 64)) != 0
    }
}

/// The first command that `text` names, read no further than it.
fn first_command(text: &str) -> Option<Command> {
    let bytes = text.as_bytes();
    AUTOMATON
        .find_overlapping_iter(text)
        .filter(|hit| hit.pattern().as_usize() >= PHRASES.len())
        .find(|hit| is_whole_word(bytes, hit.start(), hit.end()))
        .map(|hit| COMMAND_PHRASES[hit.pattern().as_usize() - PHRASES.len()].1)
}

/// Whether the match `start..end` starts a word and is not part of an address or of a host
/// that answered: a phrase that starts with a letter or digit must not have one, nor `_` or
/// `@`, before it, one that ends with one must not be followed by `@`, and the name it is
/// in must not be a host with its IP address after it (`spam-filter.example.org[192.0.2.1]`,
/// `mx.example.org [192.0.2.1]`). So `spam` is found in `spamming` and `www.spamhaus.org`
/// but not in `antispam`, `ube` not in `tube`, and `filtered` not in `filtered@example.com`.
fn is_whole_word(text: &[u8], start: usize, end: usize) -> bool {
    let letter = |at: usize| text.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let joins_before =
        start > 0 && letter(start) && (letter(start - 1) || matches!(text[start - 1], b'_' | b'@'));
    let joins_after = end > start && letter(end - 1) && text.get(end) == Some(&b'@');
    !joins_before && !joins_after && !in_host(text, start, end)
}

/// Whether `start..end` is inside a host name followed by its IP address in brackets.
fn in_host(text: &[u8], start: usize, end: usize) -> bool {
    let name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    let first = text[..start]
        .iter()
        .rposition(|b| !name(b))
        .map_or(0, |at| at + 1);
    let last = end
        + text[end..]
            .iter()
            .position(|b| !name(b))
            .unwrap_or(text.len() - end);
    let after = &text[last..];
    text[first..last].contains(&b'.') && (after.starts_with(b"[") || after.starts_with(b" ["))
}

/// The text as the phrases are written: ASCII letters in lowercase, each run of white space
/// as one space, typographic apostrophes as `'`, and without the reply code and enhanced code
/// that start each continuation line of a multiline reply (`rate that 550-5.2.1 prevents` is
/// `rate that prevents`): diagnostics are folded and wrapped anywhere. Lowercasing here
/// rather than matching without regard to case halves the automaton's construction, which
/// the first classification pays for (8.4 M instructions to 3.8 M, measured with callgrind:
/// most of a one-message run of the CLI).
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split_ascii_whitespace().peekable();
    while let Some(word) = words.next() {
        if is_continuation(word) {
            // `550- 5.2.1`: the enhanced code may stand apart.
            if word.len() == 4
                && words
                    .peek()
                    .is_some_and(|w| crate::syntax::parse_fast(w.as_bytes()).is_some())
            {
                words.next();
            }
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.make_ascii_lowercase();
    if out.contains('\u{2019}') {
        out = out.replace('\u{2019}', "'");
    }
    out
}

/// Whether `word` starts a continuation line of a multiline reply: `550-` alone or followed
/// by an enhanced code (`550-5.2.1`).
fn is_continuation(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= 4
        && bytes[3] == b'-'
        && crate::syntax::reply_code([bytes[0], bytes[1], bytes[2]]).is_some()
        && (bytes.len() == 4 || crate::syntax::parse_fast(&bytes[4..]).is_some())
}

/// Gives a recipient of a message of `kind` its reason and hard-bounce verdict; `report` is
/// where the SMTP command is looked for when the diagnostic names none.
#[cfg(feature = "bounce")]
pub(super) fn recipient(
    kind: super::Kind,
    reporting_mta: Option<&str>,
    report: Option<&str>,
    recipient: &mut super::Recipient,
) {
    use super::{Action, Kind};
    let failed = matches!(recipient.action, Some(Action::Failed | Action::Delayed));
    let context = report.and_then(|report| context(report, recipient.address.as_deref()));
    let failure = Failure {
        status: recipient.status,
        reply_code: recipient.reply_code,
        text: recipient.diagnostic.as_deref().unwrap_or_default(),
        host: recipient.remote_mta.as_deref().or(reporting_mta),
        diagnostic_type: recipient.diagnostic_type.as_deref(),
        context,
        failed,
    };
    let reason = match (kind, recipient.action) {
        (Kind::Feedback, _) => Reason::Feedback,
        (Kind::AutoReply, _) => Reason::Vacation,
        (_, Some(Action::Delivered | Action::Relayed | Action::Expanded)) => Reason::Delivered,
        _ => failure.reason(),
    };
    recipient.reason = Some(reason);
    recipient.hard_bounce =
        failure.is_hard_bounce(reason, recipient.action == Some(Action::Delayed));
}

/// Where the report names the SMTP command of a recipient's failure: from the line where its
/// address first appears (`>>> RCPT To:<a@example.org>`, `<a@example.org>: … (in reply to
/// RCPT TO command)`), a few lines on.
#[cfg(feature = "bounce")]
fn context<'a>(report: &'a str, address: Option<&str>) -> Option<&'a str> {
    const CONTEXT_LEN: usize = 2048;
    let at = report.find(address.filter(|a| !a.is_empty())?)?;
    let start = report[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let mut end = (at + CONTEXT_LEN).min(report.len());
    while !report.is_char_boundary(end) {
        end -= 1;
    }
    Some(&report[start..end])
}

/// The reason for a failure that a server gave: its enhanced code, reply code and text, and
/// the host that answered (or the host that reported the failure), by the rules of
/// `data/bounce_rules.csv`.
///
/// The order: a success code (`2.x.x`, `2xx`) is [`Reason::Delivered`]; otherwise the first
/// rule of the file, in file order, whose conditions all hold gives the reason (so the
/// providers' own codes and words, at the top, come before the phrases anyone writes, and
/// those before what the codes alone mean); a failure that no rule explains is
/// [`Reason::OnHold`], and one without codes or text [`Reason::Undefined`].
///
/// ```
/// use smtp_status::bounce::{self, Reason};
/// use smtp_status::reply::ReplyCode;
///
/// let banned = "5.7.606".parse().ok();
/// let text = "Access denied, banned sending IP [192.0.2.1]";
/// assert_eq!(bounce::classify(banned, ReplyCode::new(550), text, None), Reason::Blocked);
///
/// let unknown = "5.1.1".parse().ok();
/// let text = "<nobody@example.com>: Recipient address rejected: User unknown";
/// let reason = bounce::classify(unknown, ReplyCode::new(550), text, Some("mx.example.com"));
/// assert_eq!(reason, Reason::UserUnknown);
/// assert!(bounce::is_hard_bounce(reason, unknown, ReplyCode::new(550)));
/// ```
pub fn classify(
    status: Option<EnhancedCode>,
    reply_code: Option<ReplyCode>,
    text: &str,
    host: Option<&str>,
) -> Reason {
    Failure::of_reply(status, reply_code, text, host).reason()
}

/// The rule of `data/bounce_rules.csv` that gives [`classify`]'s reason for these inputs, if
/// one does: its line, and for a provider's code or words what the provider documents them to
/// mean.
pub fn matching_rule(
    status: Option<EnhancedCode>,
    reply_code: Option<ReplyCode>,
    text: &str,
    host: Option<&str>,
) -> Option<&'static Rule> {
    let failure = Failure::of_reply(status, reply_code, text, host);
    failure.rule().filter(|_| !failure.is_success())
}

/// Whether a failure is a hard bounce: its reason is a hard one ([`Reason::is_hard`]) and the
/// failure is permanent (the enhanced code's class is 5, else the reply code's; a failure
/// with neither code counts as permanent).
pub fn is_hard_bounce(
    reason: Reason,
    status: Option<EnhancedCode>,
    reply_code: Option<ReplyCode>,
) -> bool {
    let failure = Failure {
        status,
        reply_code,
        ..Failure::default()
    };
    failure.is_hard_bounce(reason, false)
}
