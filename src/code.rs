//! [`Code`]: the registered codes, their meanings and the lookups into them.

use crate::{Class, EnhancedCode, Subject, syntax};
use core::fmt;
use core::str::FromStr;

include!(concat!(env!("OUT_DIR"), "/code.rs"));

/// One row of `data/codes.csv`, as the generated `ENTRIES` table holds it.
struct Entry {
    key: &'static str,
    name: &'static str,
    subject: Subject,
    detail: u16,
    title: &'static str,
    description: &'static str,
    reference: &'static str,
    reply_codes: &'static [&'static str],
    deprecated: bool,
}

impl Code {
    const fn entry(self) -> &'static Entry {
        &ENTRIES[self as usize]
    }

    /// The code with this subject and detail, such as `(1, 1)` for `X.1.1`.
    #[inline]
    pub const fn from_parts(subject: u16, detail: u16) -> Option<Code> {
        let (subject, detail) = (subject as usize, detail as usize);
        if subject < BY_PARTS.len() && detail < BY_PARTS[0].len() {
            BY_PARTS[subject][detail]
        } else {
            None
        }
    }

    /// The code whose variant name is `name`, such as `"BadDestinationMailboxAddress"`.
    pub fn from_name(name: &str) -> Option<Code> {
        BY_NAME.get(name).copied()
    }

    /// The registry key, such as `"X.1.1"`; also what `Display` writes.
    pub const fn key(self) -> &'static str {
        self.entry().key
    }

    /// The variant name, such as `"BadDestinationMailboxAddress"`.
    pub const fn name(self) -> &'static str {
        self.entry().name
    }

    /// The subject, the `1` of `X.1.2`.
    pub const fn subject(self) -> Subject {
        self.entry().subject
    }

    /// The detail, the `2` of `X.1.2`.
    pub const fn detail(self) -> u16 {
        self.entry().detail
    }

    /// The registry's sample text, such as `"Bad destination mailbox address"`.
    pub const fn title(self) -> &'static str {
        self.entry().title
    }

    /// The registry's description of when the code applies.
    pub const fn description(self) -> &'static str {
        self.entry().description
    }

    /// The documents that define the code, such as `"RFC 3463"`, separated by `"; "`.
    pub const fn reference(self) -> &'static str {
        self.entry().reference
    }

    /// The basic (RFC 5321) reply codes the registry associates with the code: three digits
    /// such as `"550"`, or a class such as `"5XX"`. Empty where the registry gives none.
    pub const fn reply_codes(self) -> &'static [&'static str] {
        self.entry().reply_codes
    }

    /// Whether the registry deprecates the code (`X.6.10`, a duplicate of `X.6.8`).
    pub const fn is_deprecated(self) -> bool {
        self.entry().deprecated
    }

    /// The code as it goes on the wire: this subject and detail in `class`.
    pub const fn with_class(self, class: Class) -> EnhancedCode {
        EnhancedCode::new(class, self.entry().subject.number(), self.entry().detail)
    }
}

impl fmt::Display for Code {
    /// Writes the registry key, such as `X.1.1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.key())
    }
}

/// The error of `"…".parse::<Code>()`: the text is not a registry key (`X.1.1`), or the
/// registry has no such code.
///
/// ```
/// use smtp_status::Code;
///
/// let unregistered = "X.1.11".parse::<Code>().unwrap_err();
/// assert_eq!(unregistered.unregistered(), Some((1, 11)));
/// assert_eq!(unregistered.to_string(), "X.1.11 is not a registered code");
///
/// let malformed = "5.1.1".parse::<Code>().unwrap_err();
/// assert_eq!(malformed.unregistered(), None);
/// assert_eq!(
///     malformed.to_string(),
///     "malformed registry key: expected \"X\" at the start of a registry key, found \"5\" at byte 0"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownCode(Why);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Why {
    Malformed(syntax::KeyError),
    Unregistered { subject: u16, detail: u16 },
}

impl UnknownCode {
    /// The subject and detail of a well-formed key that the registry does not have, such as
    /// `(1, 11)` for `X.1.11`; `None` when the text is not a registry key at all.
    pub fn unregistered(&self) -> Option<(u16, u16)> {
        match self.0 {
            Why::Unregistered { subject, detail } => Some((subject, detail)),
            Why::Malformed(_) => None,
        }
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Why::Malformed(error) => write!(f, "malformed registry key: {error}"),
            Why::Unregistered { subject, detail } => {
                write!(f, "X.{subject}.{detail} is not a registered code")
            }
        }
    }
}

impl core::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    /// Parses a registry key such as `X.1.1`; a code with a class (`5.1.1`) is an
    /// [`EnhancedCode`], whose [`code`](EnhancedCode::code) is the registered meaning.
    fn from_str(key: &str) -> Result<Code, UnknownCode> {
        let parts =
            syntax::parse_key(key.as_bytes()).map_err(|e| UnknownCode(Why::Malformed(e)))?;
        Code::from_parts(parts.subject, parts.detail).ok_or(UnknownCode(Why::Unregistered {
            subject: parts.subject,
            detail: parts.detail,
        }))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let visitor = crate::serde::FromStrVisitor::new("a registered code such as \"X.1.1\"");
        deserializer.deserialize_str(visitor)
    }
}
