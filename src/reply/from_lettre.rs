//! Replies from lettre (feature `lettre`): its `Response`, and what its SMTP `Error` still
//! holds of the reply that caused it.
//!
//! ```no_run
//! use lettre::{Message, SmtpTransport, Transport};
//! use smtp_status::reply::Reply;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mailer = SmtpTransport::builder_dangerous("127.0.0.1").port(2525).build();
//! let email = Message::builder()
//!     .from("sender@example.org".parse()?)
//!     .to("nobody@example.com".parse()?)
//!     .body(String::from("Hello"))?;
//! if let Err(error) = mailer.send(&email) {
//!     let reply = Reply::try_from(&error)?;
//!     println!("{} {:?} {} hard: {}", reply.code(), reply.enhanced(), reply.reason(), reply.is_hard_bounce());
//! }
//! # Ok(())
//! # }
//! ```

use super::{Reply, ReplyCode};
use lettre::transport::smtp::response::{Code, Response};
use std::error::Error as _;
use std::fmt;

fn reply_code(code: Code) -> ReplyCode {
    ReplyCode::from_ranged_digits(code.severity as u8, code.category as u8, code.detail as u8)
}

impl From<&Response> for Reply {
    /// Every line of the response, with the enhanced code read from the text (lettre keeps it
    /// there) and checked against the reply's class as [`parse`](super::parse) checks it.
    fn from(response: &Response) -> Reply {
        Reply::from_client(reply_code(response.code()), None, response.message())
    }
}

impl TryFrom<&lettre::transport::smtp::Error> for Reply {
    type Error = NotAReply;

    /// The reply that an SMTP error of lettre holds, for an error that comes from one (a 4xx or
    /// 5xx reply to a command): its reply code, and its text as lettre kept it. lettre joins
    /// the lines of a multi-line reply into one text (0.11.23 and later with spaces, and
    /// without the enhanced code repeated on each; earlier 0.11 releases with nothing between
    /// them), so the reply has one line, wrapped where it is too long for the wire; the
    /// enhanced code is read from the start of that text. Connection, TLS and client errors
    /// hold no reply.
    fn try_from(error: &lettre::transport::smtp::Error) -> Result<Reply, NotAReply> {
        let code = error.status().ok_or(NotAReply)?;
        let text = error.source().map(ToString::to_string).unwrap_or_default();
        Ok(Reply::from_client(reply_code(code), None, [text.as_str()]))
    }
}

/// The error of `Reply::try_from(&lettre::transport::smtp::Error)`: the error is not a
/// server's reply (a connection, TLS or client error, or a response lettre could not parse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NotAReply;

impl fmt::Display for NotAReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the error holds no SMTP reply: it is not a 4xx or 5xx reply to a command")
    }
}

impl std::error::Error for NotAReply {}
