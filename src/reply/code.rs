//! [`ReplyCode`]: the three digits that start every SMTP reply line.

use crate::{Class, EnhancedCode, syntax};
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
/// assert_eq!(code, 550);
/// assert_eq!(u16::from(code), 550);
/// assert_eq!("250".parse::<ReplyCode>().unwrap().get(), 250);
/// assert!(ReplyCode::new(199).is_none() && ReplyCode::new(560).is_none());
/// assert!(ReplyCode::try_from(600).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// The reply code `code`, if it is valid: 200 to 559 with a second digit of 0 to 5.
    pub const fn new(code: u16) -> Option<ReplyCode> {
        if syntax::is_reply_code(code) {
            Some(ReplyCode(code))
        } else {
            None
        }
    }

    /// Reads a reply code from the first three bytes of a reply line.
    #[inline]
    pub(crate) const fn from_digits(digits: [u8; 3]) -> Option<ReplyCode> {
        match syntax::reply_code(digits) {
            Some(code) => Some(ReplyCode(code)),
            None => None,
        }
    }

    /// The code of three digits that a client's types keep in range (2 to 5, 0 to 5, 0 to 9);
    /// a digit out of range is brought to the nearest bound, so the result is always a code.
    #[cfg(feature = "lettre")]
    pub(crate) const fn from_ranged_digits(class: u8, category: u8, detail: u8) -> ReplyCode {
        let class = if class < 2 {
            2
        } else if class > 5 {
            5
        } else {
            class
        };
        let category = if category > 5 { 5 } else { category };
        let detail = if detail > 9 { 9 } else { detail };
        ReplyCode(class as u16 * 100 + category as u16 * 10 + detail as u16)
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

impl From<ReplyCode> for u16 {
    fn from(code: ReplyCode) -> u16 {
        code.0
    }
}

impl PartialEq<u16> for ReplyCode {
    fn eq(&self, other: &u16) -> bool {
        self.0 == *other
    }
}

impl PartialEq<ReplyCode> for u16 {
    fn eq(&self, other: &ReplyCode) -> bool {
        *self == other.0
    }
}

/// The error of `"…".parse::<ReplyCode>()` and `ReplyCode::try_from(…)`: not three digits,
/// the first 2 to 5 and the second 0 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidReplyCode(());

impl fmt::Display for InvalidReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a reply code: three digits, the first 2 to 5, the second 0 to 5")
    }
}

impl core::error::Error for InvalidReplyCode {}

impl FromStr for ReplyCode {
    type Err = InvalidReplyCode;

    /// Parses exactly three digits, such as `"550"`.
    fn from_str(s: &str) -> Result<ReplyCode, InvalidReplyCode> {
        match *s.as_bytes() {
            [a, b, c] => ReplyCode::from_digits([a, b, c]),
            _ => None,
        }
        .ok_or(InvalidReplyCode(()))
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = InvalidReplyCode;

    fn try_from(code: u16) -> Result<ReplyCode, InvalidReplyCode> {
        ReplyCode::new(code).ok_or(InvalidReplyCode(()))
    }
}
