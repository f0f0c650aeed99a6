//! [`ReplyError`]: why a reply cannot be built or parsed.

use super::ReplyCode;
use crate::EnhancedCode;
use core::fmt;

/// Why a reply cannot be built, or cannot be parsed (yet).
///
/// Lines are counted from 1 within the reply; byte offsets are within the line's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReplyError {
    /// The input ends before the reply does: read more bytes and parse again.
    Incomplete,
    /// A line does not start with a reply code (three digits, the first 2 to 5, the second 0
    /// to 5).
    InvalidReplyCode {
        /// The line.
        line: usize,
    },
    /// The reply code is followed by something other than a space, a `-` or the line end.
    InvalidSeparator {
        /// The line.
        line: usize,
    },
    /// A line is longer than the limit, line end included.
    LineTooLong {
        /// The line.
        line: usize,
        /// The limit in octets.
        limit: usize,
    },
    /// The reply is longer than the limit.
    ReplyTooLong {
        /// The limit in octets.
        limit: usize,
    },
    /// The lines of a multi-line reply have different reply codes (an error only with
    /// [`ParseOptions::strict`](super::ParseOptions::strict)).
    InconsistentCodes {
        /// The line whose code differs from the first line's.
        line: usize,
        /// The first line's code.
        expected: ReplyCode,
        /// This line's code.
        found: ReplyCode,
    },
    /// The text has a CR, LF or NUL, which would end the line early or be refused; in a reply
    /// being built, one that could forge a second reply.
    ForbiddenCharacter {
        /// The line.
        line: usize,
        /// The offset of the character in the line's text.
        at: usize,
        /// The character: `\r`, `\n` or `\0`.
        byte: u8,
    },
    /// The enhanced code's class is not the reply code's first digit, or the reply is a 3xx
    /// reply, which carries no enhanced code.
    ClassMismatch {
        /// The reply code.
        code: ReplyCode,
        /// The enhanced code given with it.
        enhanced: EnhancedCode,
    },
    /// A reply built without an enhanced code has text that starts with one of the reply's
    /// class, which a reader would take for the reply's enhanced code.
    AmbiguousText {
        /// The enhanced code the text starts with.
        starts_with: EnhancedCode,
    },
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ReplyError::Incomplete => f.write_str("incomplete reply, more input is needed"),
            ReplyError::InvalidReplyCode { line } => write!(
                f,
                "line {line}: expected a reply code (three digits, the first 2 to 5, the second 0 to 5)"
            ),
            ReplyError::InvalidSeparator { line } => write!(
                f,
                "line {line}: expected a space, \"-\" or the end of the line after the reply code"
            ),
            ReplyError::LineTooLong { line, limit } => {
                write!(f, "line {line} is longer than {limit} octets")
            }
            ReplyError::ReplyTooLong { limit } => write!(f, "reply is longer than {limit} octets"),
            ReplyError::InconsistentCodes {
                line,
                expected,
                found,
            } => write!(
                f,
                "line {line}: expected reply code {expected}, found {found}"
            ),
            ReplyError::ForbiddenCharacter { line, at, byte } => write!(
                f,
                "line {line}: forbidden character {:?} at byte {at} of the text (CR, LF and NUL \
                 cannot appear in a reply's text)",
                char::from(byte)
            ),
            ReplyError::ClassMismatch { code, enhanced } => match code.enhanced_class() {
                Some(class) => write!(
                    f,
                    "enhanced code {enhanced} does not match reply code {code}: expected class {}",
                    class.as_u8()
                ),
                None => write!(
                    f,
                    "a {code} reply carries no enhanced code, found {enhanced}"
                ),
            },
            ReplyError::AmbiguousText { starts_with } => write!(
                f,
                "the text starts with the enhanced code {starts_with}, which would be read as the \
                 reply's; pass it as the enhanced code"
            ),
        }
    }
}

impl core::error::Error for ReplyError {}
