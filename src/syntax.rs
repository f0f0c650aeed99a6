//! The RFC 3463 syntax of an enhanced status code: the one parser of a code.
//!
//! `status-code = class "." subject "." detail`, where class is 2, 4 or 5 and subject and
//! detail are 1 to 3 digits without a leading zero (`0` itself is fine).
//!
//! This file has no dependencies beyond `core` because three crates compile it: the library
//! (as `smtp_status::syntax`, behind [`EnhancedCode`](crate::EnhancedCode)'s `FromStr`),
//! `build.rs` (through the registry reader, for the `X.1.1` keys of `data/codes.csv`) and the
//! `status!` macro (through a symlink in `macros/src`).

use core::fmt;

/// The three parts of an enhanced status code, for errors that name one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The class, the first number (`5` in `5.1.1`).
    Class,
    /// The subject, the second number (`1` in `5.1.2`).
    Subject,
    /// The detail, the third number (`2` in `5.1.2`).
    Detail,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Class => "class",
            Part::Subject => "subject",
            Part::Detail => "detail",
        }
    }
}

/// What is wrong with a code that failed to parse; see [`ParseError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input is empty.
    Empty,
    /// The class is not 2, 4 or 5.
    InvalidClass,
    /// A registry key does not start with `X` (keys are written `X.1.1`).
    ExpectedX,
    /// A part is not followed by a `.`.
    ExpectedDot(Part),
    /// A subject or detail has no digits, or starts with something else.
    ExpectedDigit(Part),
    /// A subject or detail has a leading zero (`01`).
    LeadingZero(Part),
    /// A subject or detail has more than three digits.
    TooManyDigits(Part),
    /// Something follows the detail.
    TrailingCharacters,
}

/// What the parser found where the error is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Found {
    End,
    Char(char),
    Byte(u8),
}

/// Why a string is not a well-formed enhanced status code, and where.
///
/// The message is lowercase and names the part and the byte offset, for example
/// `invalid leading zero in subject at byte 2` or
/// `expected class 2, 4 or 5, found "6" at byte 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    kind: ParseErrorKind,
    position: usize,
    found: Found,
}

impl ParseError {
    fn new(kind: ParseErrorKind, input: &[u8], position: usize) -> ParseError {
        ParseError {
            kind,
            position,
            found: found_at(input, position),
        }
    }

    /// The error for a class the caller does not know.
    pub(crate) fn invalid_class(input: &[u8]) -> ParseError {
        ParseError::new(ParseErrorKind::InvalidClass, input, 0)
    }

    /// What is wrong.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The byte offset in the input where the problem is.
    pub fn position(&self) -> usize {
        self.position
    }
}

/// Decodes the character at `position` for the error message; a byte that does not start
/// valid UTF-8 is reported as a byte.
fn found_at(input: &[u8], position: usize) -> Found {
    let Some(rest) = input.get(position..).filter(|rest| !rest.is_empty()) else {
        return Found::End;
    };
    let prefix = &rest[..rest.len().min(4)];
    let valid = match core::str::from_utf8(prefix) {
        Ok(s) => s,
        Err(e) => core::str::from_utf8(&prefix[..e.valid_up_to()]).unwrap_or_default(),
    };
    match valid.chars().next() {
        Some(c) => Found::Char(c),
        None => Found::Byte(rest[0]),
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::End => f.write_str("end of input"),
            Found::Char(c) => write!(f, "\"{}\"", c.escape_debug()),
            Found::Byte(b) => write!(f, "byte 0x{b:02x}"),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.position;
        let found = self.found;
        match self.kind {
            ParseErrorKind::Empty => f.write_str("empty string, expected a code such as 5.1.1"),
            ParseErrorKind::InvalidClass => {
                write!(f, "expected class 2, 4 or 5, found {found} at byte {at}")
            }
            ParseErrorKind::ExpectedX => {
                write!(
                    f,
                    "expected \"X\" at the start of a registry key, found {found} at byte {at}"
                )
            }
            ParseErrorKind::ExpectedDot(part) => {
                write!(
                    f,
                    "expected \".\" after {}, found {found} at byte {at}",
                    part.name()
                )
            }
            ParseErrorKind::ExpectedDigit(part) => {
                write!(
                    f,
                    "expected a digit in {}, found {found} at byte {at}",
                    part.name()
                )
            }
            ParseErrorKind::LeadingZero(part) => {
                write!(f, "invalid leading zero in {} at byte {at}", part.name())
            }
            ParseErrorKind::TooManyDigits(part) => {
                write!(f, "more than 3 digits in {} at byte {at}", part.name())
            }
            ParseErrorKind::TrailingCharacters => {
                write!(f, "unexpected {found} after detail at byte {at}")
            }
        }
    }
}

impl core::error::Error for ParseError {}

/// The numbers of a well-formed code; the class is already checked to be 2, 4 or 5
/// (or 0 for a registry key, whose class is `X`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    /// 2, 4 or 5; 0 for a registry key.
    pub class: u8,
    /// 0 to 999.
    pub subject: u16,
    /// 0 to 999.
    pub detail: u16,
}

/// Parses a whole code such as `5.1.1`: nothing may come before or after it.
pub fn parse(input: &[u8]) -> Result<Parts, ParseError> {
    let (parts, end) = parse_prefix(input)?;
    expect_end(input, end)?;
    Ok(parts)
}

/// Parses a registry key such as `X.1.1`, the form of `data/codes.csv` and [`Code`]'s
/// `Display`.
///
/// [`Code`]: crate::Code
pub fn parse_key(input: &[u8]) -> Result<Parts, ParseError> {
    match input.first() {
        None => return Err(ParseError::new(ParseErrorKind::Empty, input, 0)),
        Some(b'X') => {}
        Some(_) => return Err(ParseError::new(ParseErrorKind::ExpectedX, input, 0)),
    }
    let (subject, detail, end) = subject_and_detail(input)?;
    expect_end(input, end)?;
    Ok(Parts {
        class: 0,
        subject,
        detail,
    })
}

/// Parses a whole subject or detail number, such as the `subject` column of
/// `data/subjects.csv`.
pub fn parse_number(input: &[u8], part: Part) -> Result<u16, ParseError> {
    let (value, end) = number(input, 0, part)?;
    if end < input.len() {
        return Err(ParseError::new(
            ParseErrorKind::ExpectedDigit(part),
            input,
            end,
        ));
    }
    Ok(value)
}

/// Parses a code at the start of `input` and returns it with the number of bytes it takes.
///
/// What follows the code is the caller's business, except a fourth digit, which makes the
/// detail too long (`5.7.1000` is not `5.7.100` followed by `0`).
pub fn parse_prefix(input: &[u8]) -> Result<(Parts, usize), ParseError> {
    let class = match input.first() {
        None => return Err(ParseError::new(ParseErrorKind::Empty, input, 0)),
        Some(&digit @ (b'2' | b'4' | b'5')) => digit - b'0',
        Some(_) => return Err(ParseError::new(ParseErrorKind::InvalidClass, input, 0)),
    };
    let (subject, detail, end) = subject_and_detail(input)?;
    Ok((
        Parts {
            class,
            subject,
            detail,
        },
        end,
    ))
}

/// Parses `.subject.detail` after the one-byte class.
fn subject_and_detail(input: &[u8]) -> Result<(u16, u16, usize), ParseError> {
    let at = expect_dot(input, 1, Part::Class)?;
    let (subject, at) = number(input, at, Part::Subject)?;
    let at = expect_dot(input, at, Part::Subject)?;
    let (detail, end) = number(input, at, Part::Detail)?;
    Ok((subject, detail, end))
}

fn expect_dot(input: &[u8], at: usize, after: Part) -> Result<usize, ParseError> {
    match input.get(at) {
        Some(b'.') => Ok(at + 1),
        _ => Err(ParseError::new(
            ParseErrorKind::ExpectedDot(after),
            input,
            at,
        )),
    }
}

fn expect_end(input: &[u8], at: usize) -> Result<(), ParseError> {
    if at == input.len() {
        Ok(())
    } else {
        Err(ParseError::new(
            ParseErrorKind::TrailingCharacters,
            input,
            at,
        ))
    }
}

/// One to three digits without a leading zero, starting at `start`.
fn number(input: &[u8], start: usize, part: Part) -> Result<(u16, usize), ParseError> {
    let digit = |i: usize| {
        input
            .get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| u16::from(b - b'0'))
    };
    let Some(first) = digit(start) else {
        return Err(ParseError::new(
            ParseErrorKind::ExpectedDigit(part),
            input,
            start,
        ));
    };
    let mut value = first;
    let mut end = start + 1;
    while let Some(d) = digit(end) {
        if first == 0 {
            return Err(ParseError::new(
                ParseErrorKind::LeadingZero(part),
                input,
                start,
            ));
        }
        if end - start == 3 {
            return Err(ParseError::new(
                ParseErrorKind::TooManyDigits(part),
                input,
                start,
            ));
        }
        value = value * 10 + d;
        end += 1;
    }
    Ok((value, end))
}
