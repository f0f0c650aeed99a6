//! SMTP replies (RFC 5321 §4.2) with enhanced status codes (RFC 2034): build them so that
//! they are always valid on the wire, and read them as real servers send them.
//!
//! - [`Reply`] (with the `std` feature) and [`reply!`](crate::reply!) build replies;
//!   `Display` and [`Reply::write_to`] give the wire bytes.
//! - [`parse`] and [`parse_with`] read one reply from a buffer without copying it, for a
//!   client or a proxy, and tell a streaming reader when it needs more bytes.
//!
//! ```
//! use smtp_status::reply::{self, ReplyCode};
//! use smtp_status::status;
//!
//! // A server writes:
//! let wire = smtp_status::reply!(550, "5.1.1", "<nobody@example.com>: User unknown").to_string();
//! assert_eq!(wire, "550 5.1.1 <nobody@example.com>: User unknown\r\n");
//!
//! // A client reads:
//! let (reply, _) = reply::parse(wire.as_bytes())?;
//! assert_eq!(reply.code(), ReplyCode::new(550).unwrap());
//! match reply.status() {
//!     status!("5.1.1") => { /* the mailbox does not exist: do not retry */ }
//!     other => panic!("unexpected {other}"),
//! }
//! # Ok::<(), reply::ReplyError>(())
//! ```

mod code;
mod error;
#[cfg(feature = "lettre")]
mod from_lettre;
#[cfg(feature = "smtp-proto")]
mod from_smtp_proto;
mod parse;
#[cfg(feature = "std")]
mod write;

pub use code::{InvalidReplyCode, ReplyCode};
pub use error::ReplyError;
#[cfg(feature = "lettre")]
pub use from_lettre::NotAReply;
pub use parse::{
    LENIENT_MAX_LINE_LEN, Lines, MAX_LINE_LEN, MAX_REPLY_LEN, ParseOptions, ReplyRef, parse,
    parse_with,
};
#[cfg(feature = "std")]
pub use write::Reply;
