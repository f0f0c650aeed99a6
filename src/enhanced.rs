//! [`EnhancedCode`]: any well-formed code such as `5.1.1`, registered or not.

use crate::syntax::{self, ParseError};
use crate::{Class, Code};
use core::fmt;
use core::str::FromStr;

/// An enhanced status code as it appears on the wire and in bounces: class, subject and
/// detail, such as `5.1.1`.
///
/// Any well-formed code is an `EnhancedCode`, registered or not: providers use their own
/// details (`5.7.606`, `4.7.650`, `5.1.351`), and RFC 3463 tells a reader to fall back on the
/// subject and class it does understand; [`title`](EnhancedCode::title) does that. For the
/// registered meaning, see [`code`](EnhancedCode::code).
///
/// Write a registered code with `status!("5.1.1")`, which is checked at compile time, and an
/// unregistered one with [`EnhancedCode::new`]. Parsing is strict RFC 3463; see [`ParseError`].
///
/// ```
/// use smtp_status::{Class, Code, EnhancedCode};
///
/// let code: EnhancedCode = "5.1.1".parse()?;
/// assert_eq!(code.class(), Class::PermanentFailure);
/// assert_eq!(code.code(), Some(Code::BadDestinationMailboxAddress));
/// assert_eq!(code.title(), "Bad destination mailbox address");
/// assert_eq!(code.to_string(), "5.1.1");
///
/// // A vendor's code: unregistered, so its meaning is the subject's X.7.0.
/// let vendor = EnhancedCode::new(Class::PermanentFailure, 7, 606);
/// assert_eq!(vendor.code(), None);
/// assert_eq!(vendor.title(), "Other or undefined security status");
/// # Ok::<(), smtp_status::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnhancedCode {
    class: Class,
    subject: u16,
    detail: u16,
}

use syntax::MAX_LEN;

impl EnhancedCode {
    /// The code `class.subject.detail`.
    ///
    /// # Panics
    ///
    /// If `subject` or `detail` is above 999 (RFC 3463 allows three digits). In a `const`
    /// this is a compile error.
    pub const fn new(class: Class, subject: u16, detail: u16) -> EnhancedCode {
        assert!(
            subject <= 999 && detail <= 999,
            "the subject and detail of an enhanced status code are at most 999"
        );
        EnhancedCode {
            class,
            subject,
            detail,
        }
    }

    /// Parses a code such as `5.1.1` from bytes, as `FromStr` does from a `str`.
    #[inline(always)]
    pub fn from_bytes(input: &[u8]) -> Result<EnhancedCode, ParseError> {
        match syntax::parse_fast(input) {
            Some(parts) => Ok(EnhancedCode::from_parts(parts)),
            None => Err(syntax::code_error(input)),
        }
    }

    /// The code at the start of `input`, if any, and its length in bytes. A fourth digit
    /// makes it no code (`5.7.1000`); anything else may follow.
    #[inline]
    pub(crate) fn parse_prefix(input: &[u8]) -> Option<(EnhancedCode, usize)> {
        let (parts, len) = syntax::parse_prefix(input)?;
        Some((EnhancedCode::from_parts(parts), len))
    }

    #[inline]
    pub(crate) fn from_parts(parts: syntax::Parts) -> EnhancedCode {
        // The syntax admits only the classes 2, 4 and 5 (RFC 3463 §3.1): a total mapping
        // spares the hot path an `Option`.
        let class = match parts.class {
            2 => Class::Success,
            4 => Class::PersistentTransientFailure,
            _ => Class::PermanentFailure,
        };
        EnhancedCode {
            class,
            subject: parts.subject,
            detail: parts.detail,
        }
    }

    /// The class: success, persistent transient failure or permanent failure.
    pub const fn class(self) -> Class {
        self.class
    }

    /// The subject number, 0 to 999 (registered subjects are 0 to 7).
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The detail number, 0 to 999.
    pub const fn detail(self) -> u16 {
        self.detail
    }

    /// The registered code with this subject and detail, if there is one.
    #[inline]
    pub const fn code(self) -> Option<Code> {
        Code::from_parts(self.subject, self.detail)
    }

    /// Whether the class is 2, success.
    pub const fn is_success(self) -> bool {
        matches!(self.class, Class::Success)
    }

    /// Whether the class is 4, persistent transient failure: trying again later may work.
    pub const fn is_transient(self) -> bool {
        matches!(self.class, Class::PersistentTransientFailure)
    }

    /// Whether the class is 5, permanent failure.
    pub const fn is_permanent(self) -> bool {
        matches!(self.class, Class::PermanentFailure)
    }

    /// Which registry entry says what the code means, following RFC 3463 §2: the code's own,
    /// if it is registered; for an unregistered detail, the subject's `X.<subject>.0` (a
    /// client "must report" a subject it recognises); for an unknown subject, the class.
    ///
    /// ```
    /// use smtp_status::{Class, Code, EnhancedCode, Meaning, status};
    ///
    /// assert_eq!(status!("5.1.1").meaning(), Meaning::Registered(Code::BadDestinationMailboxAddress));
    /// let vendor = EnhancedCode::new(Class::PermanentFailure, 7, 606);
    /// assert_eq!(vendor.meaning(), Meaning::Subject(Code::OtherSecurityStatus));
    /// let unknown = EnhancedCode::new(Class::PersistentTransientFailure, 9, 1);
    /// assert_eq!(unknown.meaning(), Meaning::Class(Class::PersistentTransientFailure));
    /// ```
    #[inline]
    pub const fn meaning(self) -> Meaning {
        if let Some(code) = self.code() {
            Meaning::Registered(code)
        } else if let Some(code) = Code::from_parts(self.subject, 0) {
            Meaning::Subject(code)
        } else {
            Meaning::Class(self.class)
        }
    }

    /// What the code means in a few words: the title of its [`meaning`](EnhancedCode::meaning).
    #[inline]
    pub const fn title(self) -> &'static str {
        self.meaning().title()
    }

    /// Writes the code into `buf` and returns its text (at most nine bytes).
    fn encode(self, buf: &mut [u8; MAX_LEN]) -> &str {
        let mut len = 0;
        let mut push = |byte: u8| {
            buf[len] = byte;
            len += 1;
        };
        push(b'0' + self.class.as_u8());
        for number in [self.subject, self.detail] {
            push(b'.');
            if number >= 100 {
                push(b'0' + (number / 100) as u8);
            }
            if number >= 10 {
                push(b'0' + (number / 10 % 10) as u8);
            }
            push(b'0' + (number % 10) as u8);
        }
        // Only ASCII digits and dots were written.
        core::str::from_utf8(&buf[..len]).unwrap_or_default()
    }
}

/// The registry entry that says what an [`EnhancedCode`] means; see
/// [`EnhancedCode::meaning`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meaning {
    /// The code is registered.
    Registered(Code),
    /// The detail is not registered: the subject's `X.<subject>.0` (here the code) stands in.
    Subject(Code),
    /// Neither the subject nor the detail is registered: the class stands in.
    Class(Class),
}

impl Meaning {
    /// The registered code whose entry stands in, if it is not the class.
    #[inline]
    pub const fn code(self) -> Option<Code> {
        match self {
            Meaning::Registered(code) | Meaning::Subject(code) => Some(code),
            Meaning::Class(_) => None,
        }
    }

    /// The entry's title, such as `"Bad destination mailbox address"`.
    #[inline]
    pub const fn title(self) -> &'static str {
        match self {
            Meaning::Registered(code) | Meaning::Subject(code) => code.title(),
            Meaning::Class(class) => class.title(),
        }
    }

    /// The entry's description.
    pub const fn description(self) -> &'static str {
        match self {
            Meaning::Registered(code) | Meaning::Subject(code) => code.description(),
            Meaning::Class(class) => class.description(),
        }
    }
}

impl fmt::Display for EnhancedCode {
    /// Writes `5.1.1`; width, fill and alignment apply to the whole code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.encode(&mut [0; MAX_LEN]))
    }
}

impl fmt::Debug for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnhancedCode({self})")
    }
}

impl FromStr for EnhancedCode {
    type Err = ParseError;

    #[inline(always)]
    fn from_str(s: &str) -> Result<EnhancedCode, ParseError> {
        EnhancedCode::from_bytes(s.as_bytes())
    }
}

impl TryFrom<&str> for EnhancedCode {
    type Error = ParseError;

    fn try_from(s: &str) -> Result<EnhancedCode, ParseError> {
        s.parse()
    }
}

impl TryFrom<EnhancedCode> for [u8; 3] {
    type Error = ByteOverflow;

    /// The class, subject and detail as bytes, as smtp-proto's `esc` keeps them; a part above
    /// 255 (`5.7.606`) is refused rather than cut.
    ///
    /// ```
    /// use smtp_status::{EnhancedCode, status};
    ///
    /// assert_eq!(<[u8; 3]>::try_from(status!("5.1.1")), Ok([5, 1, 1]));
    /// let banned: EnhancedCode = "5.7.606".parse().unwrap();
    /// let error = <[u8; 3]>::try_from(banned).unwrap_err();
    /// assert_eq!(error.to_string(), "5.7.606 does not fit in three bytes: its detail 606 is above 255");
    /// ```
    fn try_from(code: EnhancedCode) -> Result<[u8; 3], ByteOverflow> {
        match (u8::try_from(code.subject()), u8::try_from(code.detail())) {
            (Ok(subject), Ok(detail)) => Ok([code.class().as_u8(), subject, detail]),
            _ => Err(ByteOverflow { code }),
        }
    }
}

/// The error of `<[u8; 3]>::try_from(EnhancedCode)`: the subject or the detail is above 255.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ByteOverflow {
    code: EnhancedCode,
}

impl ByteOverflow {
    /// The code that does not fit.
    pub fn code(&self) -> EnhancedCode {
        self.code
    }
}

impl fmt::Display for ByteOverflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (part, value) = if self.code.subject() > 255 {
            ("subject", self.code.subject())
        } else {
            ("detail", self.code.detail())
        };
        write!(
            f,
            "{} does not fit in three bytes: its {part} {value} is above 255",
            self.code
        )
    }
}

impl core::error::Error for ByteOverflow {}

#[cfg(feature = "serde")]
impl serde::Serialize for EnhancedCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.encode(&mut [0; MAX_LEN]))
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for EnhancedCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor =
            crate::serde::FromStrVisitor::new("an enhanced status code such as \"5.1.1\"");
        deserializer.deserialize_str(visitor)
    }
}
