//! [`ReplyCode`]: the three digits that start every SMTP reply line.

use super::ReplyError;
use crate::{Class, EnhancedCode};
use core::fmt;
use core::str::FromStr;

/// An RFC 5321 reply code such as `550`: three digits, the first 2 to 5, the second 0 to 5.
///
/// ```
/// use smtp_status::reply::ReplyCode;
///
/// let code = ReplyCode::new(550).unwrap();
/// assert_eq!(code.class(), 5);
/// assert_eq!(code.to_string(), "550");
/// assert_eq!("250".parse::<ReplyCode>().unwrap().get(), 250);
/// assert!(ReplyCode::new(199).is_none() && ReplyCode::new(560).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// The reply code `code`, if it is valid: 200 to 559 with a second digit of 0 to 5.
    pub const fn new(code: u16) -> Option<ReplyCode> {
        if code >= 200 && code <= 599 && (code / 10) % 10 <= 5 {
            Some(ReplyCode(code))
        } else {
            None
        }
    }

    /// Reads a reply code from the first three bytes of a reply line.
    pub(crate) const fn from_digits(digits: [u8; 3]) -> Option<ReplyCode> {
        match digits {
            [a @ b'2'..=b'5', b @ b'0'..=b'5', c @ b'0'..=b'9'] => Some(ReplyCode(
                (a - b'0') as u16 * 100 + (b - b'0') as u16 * 10 + (c - b'0') as u16,
            )),
            _ => None,
        }
    }

    /// The code as a number.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The first digit, 2 to 5: positive completion, positive intermediate, transient
    /// negative or permanent negative (RFC 5321 §4.2.1).
    pub const fn class(self) -> u8 {
        (self.0 / 100) as u8
    }

    /// The class that an enhanced code in this reply must have; `None` for 3xx replies, which
    /// carry no enhanced code (RFC 2034).
    pub const fn enhanced_class(self) -> Option<Class> {
        match self.class() {
            3 => None,
            class => Class::from_u8(class),
        }
    }

    /// The enhanced code that stands for this reply when it carries none, or none that fits:
    /// `<class>.0.0`, and `2.0.0` for a 3xx reply (as Postfix does).
    pub const fn default_status(self) -> EnhancedCode {
        let class = match self.enhanced_class() {
            Some(class) => class,
            None => Class::Success,
        };
        EnhancedCode::new(class, 0, 0)
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for ReplyCode {
    type Err = ReplyError;

    /// Parses exactly three digits, such as `"550"`.
    fn from_str(s: &str) -> Result<ReplyCode, ReplyError> {
        match s.as_bytes() {
            &[a, b, c] => ReplyCode::from_digits([a, b, c]),
            _ => None,
        }
        .ok_or(ReplyError::InvalidReplyCode { line: 1 })
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = ReplyError;

    fn try_from(code: u16) -> Result<ReplyCode, ReplyError> {
        ReplyCode::new(code).ok_or(ReplyError::InvalidReplyCode { line: 1 })
    }
}
