//! The RFC 3463 syntax of an enhanced status code: the one parser of a code.
//!
//! `status-code = class "." subject "." detail`, where class is 2, 4 or 5 and subject and
//! detail are 1 to 3 digits without a leading zero (`0` itself is fine).
//!
//! This file has no dependencies beyond `core` because three crates compile it: the library
//! (as `smtp_status::syntax`, behind [`EnhancedCode`](crate::EnhancedCode)'s `FromStr`),
//! `build.rs` (through the registry reader, for the `X.1.1` keys of `data/codes.csv`) and the
//! `status!` macro (through a symlink in `macros/src`).
//!
//! The grammar is written twice, side by side, for two jobs. `checked_prefix` and its helpers
//! say what is wrong and where; `fast_prefix` says only yes or no, as fast as a lookup can be,
//! and decides what parses. A failure costs a copy of the input's first bytes: the reason is
//! worked out by the checked parser when someone asks for it. The tests hold the two to the
//! same answers, on every well-formed code (`tests/enhanced.rs`) and on every short string
//! over the bytes that matter (below).

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

/// The bytes of the input an error keeps: every fault lies within a code's nine bytes, the
/// byte after them, and the character there (up to four bytes).
const HEAD: usize = 13;

/// What was being parsed, to find the fault again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Grammar {
    /// A whole code, `5.1.1`.
    Code,
    /// A registry key, `X.1.1`.
    Key,
    /// A subject or detail number alone.
    Number(Part),
}

/// Why a string is not a well-formed enhanced status code, and where.
///
/// The message is lowercase and names the part and the byte offset, for example
/// `invalid leading zero in subject at byte 2` or
/// `expected class 2, 4 or 5, found "6" at byte 0`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParseError {
    head: [u8; HEAD],
    /// How many bytes of `head` the input had.
    len: u8,
    grammar: Grammar,
}

/// A fault: what is wrong, and the byte offset where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fault {
    kind: ParseErrorKind,
    at: usize,
}

impl ParseError {
    /// Keeps the start of `input`; the reason is found when it is asked for. Errors are the
    /// rare path: this is kept out of line, and copies bytes one by one rather than call
    /// `memcpy` for a few of them.
    #[cold]
    #[inline(never)]
    fn new(input: &[u8], grammar: Grammar) -> ParseError {
        let mut head = [0; HEAD];
        match input.first_chunk::<HEAD>() {
            Some(first) => head = *first,
            None => {
                for (byte, input) in head.iter_mut().zip(input) {
                    *byte = *input;
                }
            }
        }
        ParseError {
            head,
            len: input.len().min(HEAD) as u8,
            grammar,
        }
    }

    /// Runs the checked parser again on what the error kept.
    fn fault(&self) -> Fault {
        let input = &self.head[..usize::from(self.len)];
        let result = match self.grammar {
            Grammar::Code => checked(input).map(drop),
            Grammar::Key => checked_key(input).map(drop),
            Grammar::Number(part) => checked_number(input, part).map(drop),
        };
        // An error is made only for input that the checked parser rejects.
        result.err().unwrap_or(Fault {
            kind: ParseErrorKind::TrailingCharacters,
            at: input.len(),
        })
    }

    /// What is wrong.
    pub fn kind(&self) -> ParseErrorKind {
        self.fault().kind
    }

    /// The byte offset in the input where the problem is.
    pub fn position(&self) -> usize {
        self.fault().at
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fault = self.fault();
        f.debug_struct("ParseError")
            .field("kind", &fault.kind)
            .field("position", &fault.at)
            .finish()
    }
}

/// The character at `at` in `input`, quoted; a byte that does not start valid UTF-8 as a
/// byte; or the end of the input.
struct Found<'a> {
    input: &'a [u8],
    at: usize,
}

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rest = self.input.get(self.at..).unwrap_or_default();
        let rest = &rest[..rest.len().min(4)];
        let valid = match core::str::from_utf8(rest) {
            Ok(s) => s,
            Err(e) => core::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default(),
        };
        match (valid.chars().next(), rest.first()) {
            (Some(c), _) => write!(f, "\"{}\"", c.escape_debug()),
            (None, Some(b)) => write!(f, "byte 0x{b:02x}"),
            (None, None) => f.write_str("end of input"),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fault { kind, at } = self.fault();
        let found = Found {
            input: &self.head[..usize::from(self.len)],
            at,
        };
        match kind {
            ParseErrorKind::Empty => f.write_str("empty string, expected a code such as 5.1.1"),
            ParseErrorKind::InvalidClass => {
                write!(f, "expected class 2, 4 or 5, found {found} at byte {at}")
            }
            ParseErrorKind::ExpectedX => write!(
                f,
                "expected \"X\" at the start of a registry key, found {found} at byte {at}"
            ),
            ParseErrorKind::ExpectedDot(part) => write!(
                f,
                "expected \".\" after {}, found {found} at byte {at}",
                part.name()
            ),
            ParseErrorKind::ExpectedDigit(part) => write!(
                f,
                "expected a digit in {}, found {found} at byte {at}",
                part.name()
            ),
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
#[inline]
pub fn parse(input: &[u8]) -> Result<Parts, ParseError> {
    fast_code(input).ok_or_else(|| ParseError::new(input, Grammar::Code))
}

/// The code at the start of `input`, if there is one, with the number of bytes it takes.
///
/// What follows the code is the caller's business, except a fourth digit, which makes the
/// detail too long (`5.7.1000` is not `5.7.100` followed by `0`). Callers that look for codes
/// in text need no reason when there is none, only speed: this is the fast path alone.
#[inline]
pub fn parse_prefix(input: &[u8]) -> Option<(Parts, usize)> {
    fast_prefix(input)
}

/// Parses a registry key such as `X.1.1`, the form of `data/codes.csv` and [`Code`]'s
/// `Display`.
///
/// [`Code`]: crate::Code
pub fn parse_key(input: &[u8]) -> Result<Parts, ParseError> {
    checked_key(input).map_err(|_| ParseError::new(input, Grammar::Key))
}

/// Parses a whole subject or detail number, such as the `subject` column of
/// `data/subjects.csv`.
pub fn parse_number(input: &[u8], part: Part) -> Result<u16, ParseError> {
    checked_number(input, part).map_err(|_| ParseError::new(input, Grammar::Number(part)))
}

/// `parse` on the hot path: whether `input` is a code, without the reason why not. Slice
/// patterns, one per shape of a number, compile to a few comparisons and no loop.
#[inline]
fn fast_code(input: &[u8]) -> Option<Parts> {
    let (class, subject, rest) = fast_class_and_subject(input)?;
    let detail = match rest {
        [a @ b'0'..=b'9'] => digits(&[*a]),
        [a @ b'1'..=b'9', b @ b'0'..=b'9'] => digits(&[*a, *b]),
        [a @ b'1'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] => digits(&[*a, *b, *c]),
        _ => return None,
    };
    Some(Parts {
        class,
        subject,
        detail,
    })
}

/// `parse_prefix` on the hot path.
#[inline]
fn fast_prefix(input: &[u8]) -> Option<(Parts, usize)> {
    let (class, subject, rest) = fast_class_and_subject(input)?;
    let (detail, rest) = match rest {
        [a @ b'1'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9', rest @ ..] => {
            (digits(&[*a, *b, *c]), rest)
        }
        [a @ b'1'..=b'9', b @ b'0'..=b'9', rest @ ..] => (digits(&[*a, *b]), rest),
        [a @ b'0'..=b'9', rest @ ..] => (digits(&[*a]), rest),
        _ => return None,
    };
    // A digit after the detail: a leading zero ("01") or a fourth digit.
    if rest.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let parts = Parts {
        class,
        subject,
        detail,
    };
    Some((parts, input.len() - rest.len()))
}

/// `class "." subject "."` and what follows.
#[inline(always)]
fn fast_class_and_subject(input: &[u8]) -> Option<(u8, u16, &[u8])> {
    let [class @ (b'2' | b'4' | b'5'), b'.', rest @ ..] = input else {
        return None;
    };
    let (subject, rest) = match rest {
        [a @ b'0'..=b'9', b'.', rest @ ..] => (digits(&[*a]), rest),
        [a @ b'1'..=b'9', b @ b'0'..=b'9', b'.', rest @ ..] => (digits(&[*a, *b]), rest),
        [
            a @ b'1'..=b'9',
            b @ b'0'..=b'9',
            c @ b'0'..=b'9',
            b'.',
            rest @ ..,
        ] => (digits(&[*a, *b, *c]), rest),
        _ => return None,
    };
    Some((class - b'0', subject, rest))
}

/// The value of up to three ASCII digits.
#[inline(always)]
fn digits(digits: &[u8]) -> u16 {
    digits
        .iter()
        .fold(0, |value, digit| value * 10 + u16::from(digit - b'0'))
}

/// A whole code, with the fault if it is not one.
fn checked(input: &[u8]) -> Result<Parts, Fault> {
    let (parts, end) = checked_prefix(input)?;
    expect_end(input, end)?;
    Ok(parts)
}

/// `parse_prefix` with the fault: the definition of the grammar.
fn checked_prefix(input: &[u8]) -> Result<(Parts, usize), Fault> {
    let class = match input.first() {
        None => return Err(fault(ParseErrorKind::Empty, 0)),
        Some(&digit @ (b'2' | b'4' | b'5')) => digit - b'0',
        Some(_) => return Err(fault(ParseErrorKind::InvalidClass, 0)),
    };
    let (subject, detail, end) = subject_and_detail(input)?;
    let parts = Parts {
        class,
        subject,
        detail,
    };
    Ok((parts, end))
}

fn checked_key(input: &[u8]) -> Result<Parts, Fault> {
    match input.first() {
        None => return Err(fault(ParseErrorKind::Empty, 0)),
        Some(b'X') => {}
        Some(_) => return Err(fault(ParseErrorKind::ExpectedX, 0)),
    }
    let (subject, detail, end) = subject_and_detail(input)?;
    expect_end(input, end)?;
    Ok(Parts {
        class: 0,
        subject,
        detail,
    })
}

fn checked_number(input: &[u8], part: Part) -> Result<u16, Fault> {
    let (value, end) = number(input, 0, part)?;
    if end < input.len() {
        return Err(fault(ParseErrorKind::ExpectedDigit(part), end));
    }
    Ok(value)
}

fn fault(kind: ParseErrorKind, at: usize) -> Fault {
    Fault { kind, at }
}

/// Parses `.subject.detail` after the one-byte class.
fn subject_and_detail(input: &[u8]) -> Result<(u16, u16, usize), Fault> {
    let at = expect_dot(input, 1, Part::Class)?;
    let (subject, at) = number(input, at, Part::Subject)?;
    let at = expect_dot(input, at, Part::Subject)?;
    let (detail, end) = number(input, at, Part::Detail)?;
    Ok((subject, detail, end))
}

fn expect_dot(input: &[u8], at: usize, after: Part) -> Result<usize, Fault> {
    match input.get(at) {
        Some(b'.') => Ok(at + 1),
        _ => Err(fault(ParseErrorKind::ExpectedDot(after), at)),
    }
}

fn expect_end(input: &[u8], at: usize) -> Result<(), Fault> {
    if at == input.len() {
        Ok(())
    } else {
        Err(fault(ParseErrorKind::TrailingCharacters, at))
    }
}

/// One to three digits without a leading zero, starting at `start`.
fn number(input: &[u8], start: usize, part: Part) -> Result<(u16, usize), Fault> {
    let digit = |at: usize| match input.get(at) {
        Some(&byte @ b'0'..=b'9') => Some(u16::from(byte - b'0')),
        _ => None,
    };
    let Some(first) = digit(start) else {
        return Err(fault(ParseErrorKind::ExpectedDigit(part), start));
    };
    let Some(second) = digit(start + 1) else {
        return Ok((first, start + 1));
    };
    if first == 0 {
        return Err(fault(ParseErrorKind::LeadingZero(part), start));
    }
    let Some(third) = digit(start + 2) else {
        return Ok((first * 10 + second, start + 2));
    };
    if digit(start + 3).is_some() {
        return Err(fault(ParseErrorKind::TooManyDigits(part), start));
    }
    Ok((first * 100 + second * 10 + third, start + 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On every string of up to eight bytes over an alphabet of the bytes that matter (class
    /// digits and others, zero, dots, a letter), the fast path accepts what the checked parser
    /// accepts, with the same result. Every well-formed code is checked in `tests/enhanced.rs`.
    #[test]
    fn the_fast_path_accepts_exactly_what_the_checked_parser_accepts() {
        const ALPHABET: &[u8] = b"015.x";
        let mut text = [0u8; 8];
        let mut accepted = 0;
        for len in 0..=text.len() {
            let mut digits = [0usize; 8];
            loop {
                for (byte, &digit) in text.iter_mut().zip(&digits[..len]) {
                    *byte = ALPHABET[digit];
                }
                let input = &text[..len];
                let checked = checked_prefix(input).ok();
                assert_eq!(fast_prefix(input), checked, "{input:?}");
                assert_eq!(
                    fast_code(input),
                    checked.filter(|&(_, end)| end == len).map(|(p, _)| p)
                );
                accepted += usize::from(checked.is_some());
                // The next string, as an odometer over the alphabet.
                let Some(i) = digits[..len].iter().rposition(|&d| d + 1 < ALPHABET.len()) else {
                    break;
                };
                digits[i] += 1;
                digits[i + 1..len].fill(0);
            }
        }
        assert!(accepted > 1000, "the alphabet makes codes too: {accepted}");
    }
}
