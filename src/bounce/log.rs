//! Failures recorded in mail logs: one line of Postfix, Exim, Sendmail or another MTA's log
//! classified as [`classify`](super::classify) classifies a reply.

use super::classify::Failure;
use super::quoted::server_reply;
use super::reason::Reason;
use crate::reply::ReplyCode;
use crate::{Class, EnhancedCode, extract};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// What a log line says of a delivery that failed or was deferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LoggedFailure {
    status: Option<EnhancedCode>,
    reply_code: Option<ReplyCode>,
    reason: Reason,
    hard_bounce: bool,
}

impl LoggedFailure {
    /// The enhanced status code: the quoted reply's, else the line's first failure code
    /// (Postfix's and Sendmail's `dsn=5.1.1`).
    pub fn status(&self) -> Option<EnhancedCode> {
        self.status
    }

    /// The reply code of the server's reply that the line quotes.
    pub fn reply_code(&self) -> Option<ReplyCode> {
        self.reply_code
    }

    /// What the failure means.
    pub fn reason(&self) -> Reason {
        self.reason
    }

    /// Whether it is a hard bounce; a deferral never is.
    pub fn is_hard_bounce(&self) -> bool {
        self.hard_bounce
    }
}

/// The words of a log line that record a failure without a code (`status=deferred (connect
/// to mx.example.org[192.0.2.1]:25: Connection timed out)`), and whether the MTA will try
/// again.
const MARKERS: &[(&str, bool)] = &[
    ("status=bounced", false),
    ("status=expired", false),
    ("status=undeliverable", false),
    ("status=deferred", true),
    ("stat=deferred", true),
];

/// The failure that one line of a mail log records, if it records one: a server's reply of
/// class 4 or 5, a failure's enhanced code (`dsn=5.1.1`), or a failed or deferred delivery in
/// Postfix's or Sendmail's words (`status=bounced`, `stat=Deferred`). Lines of deliveries and
/// of anything else give `None`.
///
/// The reason is [`classify`](super::classify)'s, from the line's codes, its text from the
/// first code or status on (where its words are), the command it names and the relay it
/// names (Postfix's `relay=`, Exim's `H=`).
///
/// ```
/// use smtp_status::bounce::{self, Reason};
///
/// let line = "Jan  1 00:00:00 mx postfix/smtp[1]: 4B2C: to=<nobody@example.com>, \
///             relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host \
///             mx.example.com[192.0.2.1] said: 550 5.1.1 <nobody@example.com>: Recipient \
///             address rejected: User unknown (in reply to RCPT TO command))";
/// let failure = bounce::read_log_line(line).unwrap();
/// assert_eq!(failure.reason(), Reason::UserUnknown);
/// assert!(failure.is_hard_bounce());
///
/// let sent = "... dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1234)";
/// assert_eq!(bounce::read_log_line(sent), None);
/// ```
pub fn read_log_line(line: &str) -> Option<LoggedFailure> {
    let bytes = line.as_bytes();
    let quoted = server_reply(bytes).filter(|(reply, _)| reply.class() >= 4);
    let first_failure_code = || {
        extract::codes(bytes)
            .find(|found| found.code().class() != Class::Success)
            .map(|found| (found.code(), found.range().start))
    };
    let code = match quoted.and_then(|(_, enhanced)| enhanced) {
        Some(enhanced) => extract::codes(bytes)
            .find(|found| found.code() == enhanced)
            .map(|found| (enhanced, found.range().start)),
        None => first_failure_code(),
    };
    let status = code.map(|(status, _)| status);
    let reply_code = quoted
        .map(|(reply, _)| reply)
        .filter(|reply| status.is_none_or(|s| s.class() as u8 == reply.class()));
    static FIND_MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(MARKERS.iter().map(|&(marker, _)| marker))
            .expect("the markers are few and short")
    });
    let marker = FIND_MARKERS
        .find(line)
        .map(|found| (found.start(), MARKERS[found.pattern().as_usize()].1));
    if status.is_none() && reply_code.is_none() && marker.is_none() {
        return None;
    }
    // The text from the first thing that says what happened: the words before it are the
    // log's own (a queue ID, addresses, the relay's name).
    let reply_at = reply_code.and_then(|reply| line.find(&reply.to_string()));
    let start = [marker.map(|(at, _)| at), code.map(|(_, at)| at), reply_at]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    let failure = Failure {
        status,
        reply_code,
        text: &line[start..],
        host: relay(line),
        context: Some(line),
        failed: true,
        ..Failure::default()
    };
    let reason = failure.reason();
    let delayed = marker.is_some_and(|(_, delayed)| delayed)
        || status.is_some_and(EnhancedCode::is_transient);
    Some(LoggedFailure {
        status,
        reply_code,
        reason,
        hard_bounce: failure.is_hard_bounce(reason, delayed),
    })
}

/// The host a log line names as the one that answered: Postfix's `relay=mx.example.org[…]`,
/// Exim's `H=mx.example.org [...]`.
fn relay(line: &str) -> Option<&str> {
    let (_, rest) = line
        .split_once(" relay=")
        .or_else(|| line.split_once(" H="))?;
    let end = rest.find(['[', ',', ' ', ':']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|host| host.contains('.'))
}
