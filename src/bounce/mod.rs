//! Reading bounce messages per recipient: RFC 3464 delivery status notifications (and RFC
//! 6533's `message/global-delivery-status`), and the free-form bounces that qmail, Exim,
//! Exchange, Gmail, Yahoo and most other MTAs send instead, with the remote server's reply
//! quoted in their text.
//!
//! ```
//! use smtp_status::bounce;
//! use smtp_status::reply::ReplyCode;
//! use smtp_status::status;
//!
//! let message = b"From: MAILER-DAEMON@mx.example.org\r\n\
//! Subject: failure notice\r\n\
//! \r\n\
//! Hi. This is the qmail-send program at mx.example.org.\r\n\
//! I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\
//! This is a permanent error; I've given up. Sorry it didn't work out.\r\n\
//! \r\n\
//! <nobody@example.com>:\r\n\
//! 192.0.2.25 does not like recipient.\r\n\
//! Remote host said: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\n\
//! Giving up on 192.0.2.25.\r\n";
//! let bounce = bounce::parse(message)?;
//! assert!(bounce.is_bounce() && !bounce.is_dsn());
//! let recipient = &bounce.recipients()[0];
//! assert_eq!(recipient.address(), Some("nobody@example.com"));
//! assert_eq!(recipient.status(), Some(status!("5.1.1")));
//! assert_eq!(recipient.reply_code(), ReplyCode::new(550));
//! # Ok::<(), bounce::Error>(())
//! ```
//!
//! # Which status
//!
//! Real MTAs contradict themselves: `Status: 5.0.0` over `Diagnostic-Code: smtp; 550 5.1.1
//! …`, a `4.4.7` status over a `550 5.7.1` reply, the real code only in
//! `X-Supplementary-Info` or in the human-readable part. For each recipient,
//! [`Recipient::status`] is the first of these that gives a code, among the codes of the
//! reply code's class when the reply has a reply code (and among all codes when none has its
//! class):
//!
//! 1. the enhanced code that starts the remote server's reply (`550 5.1.1`, RFC 2034): what
//!    the server said;
//! 2. the most specific (`X.s.d` before `X.s.0` before `X.0.0`) of the `Status` field and the
//!    other codes that stand as words in the diagnostic (`550 #5.1.0 Address rejected`), the
//!    `Status` field first among equals;
//! 3. a code in `X-Supplementary-Info` or in the recipient's paragraph of the human-readable
//!    text, which also stands in for a step 2 code that gives only the class (`5.0.0`).
//!
//! [`Recipient::reply_code`] is the reply code of the server's reply (in the diagnostic,
//! else in the text), and is left out when its class is not the status's: the report then
//! says something else than the reply, and the report is what is read. A bounce in free
//! text is read the same way, its recipient's paragraph standing for the diagnostic. For a
//! bounce without a code, `status()` is `None`.
//!
//! # Which reason
//!
//! [`Recipient::reason`] says what the failure means, in the vocabulary of [`Reason`] (the
//! names bounce processors store), and [`Recipient::is_hard_bounce`] whether retrying or
//! resending can help. For a feedback report the reason is [`Reason::Feedback`], for an
//! automatic reply [`Reason::Vacation`], for a delivery (`Action: delivered`, `relayed` or
//! `expanded`) [`Reason::Delivered`]. For a failure it is [`classify`]'s: the first rule of
//! `data/bounce_rules.csv` whose conditions all hold, read in file order, of
//!
//! 1. the recipient's [status](Recipient::status), matched against a code (`5.7.606`), a
//!    registry key for both classes (`X.1.1`) or a range (`5.7.606-5.7.649`);
//! 2. its [reply code](Recipient::reply_code) (`550`, `5XX`);
//! 3. the SMTP command that the reply answered, as the diagnostic or the report tells it
//!    (`after RCPT TO`, `>>> DATA`, `in reply to end of DATA command`);
//! 4. the [diagnostic type](Recipient::diagnostic_type) (`x-unix` for a local delivery
//!    program);
//! 5. the host that answered ([`Recipient::remote_mta`], else the report's
//!    [`Bounce::reporting_mta`]), for a provider's rules;
//! 6. phrases of the [diagnostic](Recipient::diagnostic), matched where a word starts and
//!    without regard to ASCII case, all of the file's phrases in one pass over the text.
//!
//! The file puts the providers' own codes and words first (Microsoft's `5.7.606`, Yahoo's
//! `[TSS04]`, Orange's `OFR_416`), then what anyone's words say (`mailbox full`, `relay access
//! denied`), then what the codes alone mean (`X.1.1` is `userunknown`), then the reply codes;
//! a failure no rule explains is [`Reason::OnHold`], one with nothing to read
//! [`Reason::Undefined`]. The same [`classify`] serves a client that holds a server's reply
//! (see [`ReplyRef::reason`](crate::reply::ReplyRef::reason)), with the `reasons` feature alone.
//!
//! # Limits
//!
//! A message longer than [`MAX_MESSAGE_LEN`] is refused ([`Error::TooLarge`]), and the text
//! that is searched for recipients and codes is the message's first [`MAX_TEXT_LEN`] bytes of
//! human-readable text, so that time and memory stay bounded whatever the input.

mod classify;
#[cfg(feature = "bounce")]
mod dsn;
mod log;
#[cfg(feature = "bounce")]
mod mime;
mod quoted;
mod reason;
#[cfg(feature = "bounce")]
mod ses;
#[cfg(feature = "bounce")]
mod status;
#[cfg(feature = "bounce")]
mod text;

pub use classify::{Rule, classify, is_hard_bounce, matching_rule};
pub use log::{LoggedFailure, read_log_line};
pub use reason::{Reason, UnknownReason};

#[cfg(feature = "bounce")]
use crate::EnhancedCode;
#[cfg(feature = "bounce")]
use crate::reply::ReplyCode;
#[cfg(feature = "bounce")]
use std::fmt;

#[cfg(feature = "bounce")]
/// The longest message [`parse`] reads, 32 MiB: bounces are small, and their original
/// message, if returned whole, is the only thing that makes them large.
pub const MAX_MESSAGE_LEN: usize = 32 << 20;

#[cfg(feature = "bounce")]
/// How much human-readable text [`parse`] searches, 1 MiB.
pub const MAX_TEXT_LEN: usize = 1 << 20;

#[cfg(feature = "bounce")]
/// The most recipients [`parse`] reports for one message.
pub const MAX_RECIPIENTS: usize = 10_000;

#[cfg(feature = "bounce")]
/// Reads one whole message (RFC 5322; LF, CRLF or bare CR line ends) and says, per recipient,
/// what happened to it.
///
/// A message that is not a bounce is read all the same: its [`Bounce::kind`] says what it is
/// (a feedback report, an automatic reply, or something else), with no recipients when it
/// names none.
///
/// Input that holds several messages, as a mailbox in the mbox format does (each message
/// after a `From ` line), is read as all of them: the recipients of each, in order, with the
/// kind and per-message fields of the first that has any.
pub fn parse(message: &[u8]) -> Result<Bounce, Error> {
    if message.len() > MAX_MESSAGE_LEN {
        return Err(Error::TooLarge {
            len: message.len(),
            limit: MAX_MESSAGE_LEN,
        });
    }
    let message = mime::line_ends(message);
    let mut messages = mime::messages(&message);
    let first = messages.next().unwrap_or_default();
    let mut bounce = read(first)?.ok_or(Error::NotAMessage)?;
    for more in messages.filter_map(|raw| read(raw).ok().flatten()) {
        if bounce.recipients.is_empty() {
            bounce.kind = more.kind;
            bounce.reporting_mta = more.reporting_mta;
            bounce.arrival_date = more.arrival_date;
            bounce.original_envelope_id = more.original_envelope_id;
        }
        let room = MAX_RECIPIENTS - bounce.recipients.len().min(MAX_RECIPIENTS);
        bounce
            .recipients
            .extend(more.recipients.into_iter().take(room));
    }
    Ok(bounce)
}

#[cfg(feature = "bounce")]
/// Reads one message. A panic in the MIME library on corrupt input (mail-parser 0.11 has a
/// debug assertion in its recovery, which release builds skip) is an error, not the
/// caller's crash.
fn read(raw: &[u8]) -> Result<Option<Bounce>, Error> {
    let message =
        std::panic::catch_unwind(|| mime::Message::read(raw)).map_err(|_| Error::Malformed)?;
    Ok(message.map(|message| {
        let mut bounce = message.bounce();
        let kind = bounce.kind();
        let report = message.report();
        for recipient in &mut bounce.recipients {
            classify::recipient(kind, bounce.reporting_mta.as_deref(), report, recipient);
        }
        bounce
    }))
}

#[cfg(feature = "bounce")]
/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A delivery status notification: an RFC 3464 (or RFC 6533) part was read.
    DeliveryStatus,
    /// A bounce in free text, as qmail, Exim and many providers send them.
    Text,
    /// A complaint (abuse, fraud, …) forwarded by a mailbox provider: an ARF report (RFC 5965)
    /// or a provider's own form of one.
    Feedback,
    /// An automatic reply (RFC 3834), such as an out-of-office notice.
    AutoReply,
    /// None of the above: no recipients were found.
    Other,
}

#[cfg(feature = "bounce")]
impl Kind {
    /// The lowercase name: `delivery-status`, `text`, `feedback`, `auto-reply`, `other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::DeliveryStatus => "delivery-status",
            Kind::Text => "text",
            Kind::Feedback => "feedback",
            Kind::AutoReply => "auto-reply",
            Kind::Other => "other",
        }
    }
}

#[cfg(feature = "bounce")]
impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "bounce")]
/// A bounce message, read: what it is, the per-message fields of its delivery status part
/// where it has one, and one [`Recipient`] per address it reports on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bounce {
    kind: Option<Kind>,
    reporting_mta: Option<String>,
    arrival_date: Option<String>,
    original_envelope_id: Option<String>,
    recipients: Vec<Recipient>,
}

#[cfg(feature = "bounce")]
impl Bounce {
    /// What the message is.
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Other)
    }

    /// Whether the message reports on deliveries: a delivery status notification or a bounce
    /// in free text (not a feedback report or an automatic reply).
    pub fn is_bounce(&self) -> bool {
        matches!(self.kind(), Kind::DeliveryStatus | Kind::Text)
    }

    /// Whether an RFC 3464 or RFC 6533 delivery status part was read.
    pub fn is_dsn(&self) -> bool {
        self.kind() == Kind::DeliveryStatus
    }

    /// The `Reporting-MTA` field, without its type: the host that wrote the report.
    pub fn reporting_mta(&self) -> Option<&str> {
        self.reporting_mta.as_deref()
    }

    /// The `Arrival-Date` field, as written.
    pub fn arrival_date(&self) -> Option<&str> {
        self.arrival_date.as_deref()
    }

    /// The `Original-Envelope-Id` field: the `ENVID` the sender gave (RFC 3461).
    pub fn original_envelope_id(&self) -> Option<&str> {
        self.original_envelope_id.as_deref()
    }

    /// The recipients the message reports on, in its order.
    pub fn recipients(&self) -> &[Recipient] {
        &self.recipients
    }
}

#[cfg(feature = "bounce")]
/// What happened to a recipient (RFC 3464 §2.3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Delivery failed and will not be tried again.
    Failed,
    /// Delivery is delayed and will be tried again.
    Delayed,
    /// The message was delivered.
    Delivered,
    /// The message was passed on to a system that sends no notifications.
    Relayed,
    /// The recipient was an alias or list, and the message was sent on to its members.
    Expanded,
}

#[cfg(feature = "bounce")]
impl Action {
    /// The field's value: `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Failed => "failed",
            Action::Delayed => "delayed",
            Action::Delivered => "delivered",
            Action::Relayed => "relayed",
            Action::Expanded => "expanded",
        }
    }

    /// The action an `Action` field names, without regard to case or a trailing comment;
    /// RFC 1891's older `deliverable` and a few MTAs' `expired` read as what they mean.
    pub fn from_field(value: &str) -> Option<Action> {
        let word = value
            .split([' ', '\t', '(', ';'])
            .next()
            .unwrap_or_default();
        Some(match word.to_ascii_lowercase().as_str() {
            "failed" | "failure" | "expired" => Action::Failed,
            "delayed" => Action::Delayed,
            "delivered" | "deliverable" => Action::Delivered,
            "relayed" => Action::Relayed,
            "expanded" => Action::Expanded,
            _ => return None,
        })
    }
}

#[cfg(feature = "bounce")]
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "bounce")]
/// What a bounce says about one recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recipient {
    address: Option<String>,
    original_recipient: Option<String>,
    action: Option<Action>,
    status: Option<EnhancedCode>,
    reply_code: Option<ReplyCode>,
    remote_mta: Option<String>,
    diagnostic: Option<String>,
    diagnostic_type: Option<String>,
    last_attempt: Option<String>,
    will_retry_until: Option<String>,
    /// Set by [`parse`], once the whole message is read.
    reason: Option<Reason>,
    hard_bounce: bool,
}

#[cfg(feature = "bounce")]
impl Recipient {
    /// The address: `Final-Recipient`, else `Original-Recipient`, else the address that the
    /// text names.
    pub fn address(&self) -> Option<&str> {
        self.address
            .as_deref()
            .or(self.original_recipient.as_deref())
    }

    /// The `Original-Recipient` field: the address as the sender gave it (RFC 3461 `ORCPT`).
    pub fn original_recipient(&self) -> Option<&str> {
        self.original_recipient.as_deref()
    }

    /// What happened: the `Action` field, or what the text says (a failure or a delay).
    pub fn action(&self) -> Option<Action> {
        self.action
    }

    /// The enhanced status code; see [the module's rule](self#which-status).
    pub fn status(&self) -> Option<EnhancedCode> {
        self.status
    }

    /// The remote server's reply code (RFC 5321), where the bounce quotes its reply.
    pub fn reply_code(&self) -> Option<ReplyCode> {
        self.reply_code
    }

    /// The `Remote-MTA` field, without its type: the server that gave the reply.
    pub fn remote_mta(&self) -> Option<&str> {
        self.remote_mta.as_deref()
    }

    /// The diagnostic: the `Diagnostic-Code` field unfolded and without its type (`smtp;`),
    /// or, where a report has none, and in a free-form bounce, the text that the human-readable
    /// part gives for the recipient.
    pub fn diagnostic(&self) -> Option<&str> {
        self.diagnostic.as_deref()
    }

    /// The type of the `Diagnostic-Code` field, lowercase: `smtp` for a server's reply, `x-unix`
    /// for a local delivery program's, `x-postfix` and the like for the reporting MTA's own.
    pub fn diagnostic_type(&self) -> Option<&str> {
        self.diagnostic_type.as_deref()
    }

    /// The `Last-Attempt-Date` field, as written.
    pub fn last_attempt(&self) -> Option<&str> {
        self.last_attempt.as_deref()
    }

    /// The `Will-Retry-Until` field, as written.
    pub fn will_retry_until(&self) -> Option<&str> {
        self.will_retry_until.as_deref()
    }

    /// What the bounce means for this recipient; see [the module's rule](self#which-reason).
    pub fn reason(&self) -> Reason {
        self.reason.unwrap_or(Reason::Undefined)
    }

    /// Whether retrying or resending will not help: the failure is permanent and its
    /// [`reason`](Recipient::reason) a hard one (the address or its domain does not exist,
    /// has moved, or accepts no mail). A delay is never a hard bounce.
    pub fn is_hard_bounce(&self) -> bool {
        self.hard_bounce
    }
}

#[cfg(feature = "bounce")]
/// Why a message could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The message is longer than the limit.
    TooLarge {
        /// Its length in bytes.
        len: usize,
        /// [`MAX_MESSAGE_LEN`].
        limit: usize,
    },
    /// The input has no header fields: it is not a message.
    NotAMessage,
    /// The message's MIME structure is too corrupt to be read.
    Malformed,
}

#[cfg(feature = "bounce")]
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::TooLarge { len, limit } => write!(
                f,
                "message of {len} bytes is longer than the limit of {limit} bytes"
            ),
            Error::NotAMessage => f.write_str("not a message: no header fields found"),
            Error::Malformed => f.write_str("the message's MIME structure cannot be read"),
        }
    }
}

#[cfg(feature = "bounce")]
impl std::error::Error for Error {}
