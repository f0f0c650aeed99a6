//! The byte-level grammar of everything the crate reads, each rule written once:
//!
//! - an enhanced status code (RFC 3463 §2): `class "." subject "." detail`, where class is 2,
//!   4 or 5 and subject and detail are 1 to 3 digits without a leading zero (`0` itself is
//!   fine);
//! - a registry key, `X.1.1`: the same with `X` for the class, as `data/codes.csv` and
//!   [`Code`](crate::Code)'s `Display` write it;
//! - a reply code (RFC 5321 §4.2): three digits, the first 2 to 5, the second 0 to 5; and a
//!   class of them, `5XX`, as the registry's `reply_codes` column writes it;
//! - the enhanced code at the start of a reply line's text (RFC 2034 §4): a code of the reply's
//!   class, then a space or the end of the line.
//!
//! This file has no dependencies beyond `core` because three crates compile it: the library
//! (behind [`EnhancedCode`](crate::EnhancedCode), [`ReplyCode`](crate::reply::ReplyCode) and
//! the reply parser), `build.rs` (through the data reader, for the CSV files) and the macros
//! (through a symlink in `macros/src`).
//!
//! The code grammar is written twice, side by side, for two jobs. `checked_prefix` and its
//! helpers say what is wrong and where; `fast_prefix` says only yes or no, as fast as a lookup
//! can be, and decides what parses. The checked parser runs only once the fast one has said
//! no, to build the error. The tests hold the two to the same answers, on every well-formed
//! code (`tests/enhanced.rs`) and on every short string over the bytes that matter (below).

use core::fmt;

/// The longest code, `5.999.999`.
pub const MAX_LEN: usize = 9;

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

/// What stands at an error's position: a character, a byte that does not start valid UTF-8,
/// or the end of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Found {
    End,
    Char(char),
    Byte(u8),
}

impl Found {
    /// What stands at `at` in `input`.
    #[inline]
    fn at(input: &[u8], at: usize) -> Found {
        // Most faults stand on an ASCII byte: decode UTF-8 only for the others.
        match input.get(at) {
            None => Found::End,
            Some(&byte) if byte.is_ascii() => Found::Char(char::from(byte)),
            Some(_) => Found::decode(&input[at..]),
        }
    }

    /// The character at the start of `rest`, or its first byte if that starts no valid UTF-8.
    #[cold]
    fn decode(rest: &[u8]) -> Found {
        let head = &rest[..rest.len().min(4)];
        let valid = match core::str::from_utf8(head) {
            Ok(valid) => valid,
            Err(e) => core::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        };
        match (valid.chars().next(), head.first()) {
            (Some(c), _) => Found::Char(c),
            (None, Some(&byte)) => Found::Byte(byte),
            (None, None) => Found::End,
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Found::End => f.write_str("end of input"),
            Found::Char(c) => write!(f, "\"{}\"", c.escape_debug()),
            Found::Byte(byte) => write!(f, "byte 0x{byte:02x}"),
        }
    }
}

/// Why a string is not a well-formed enhanced status code, and where.
///
/// The message is lowercase and names the part and the byte offset, for example
/// `invalid leading zero in subject at byte 2` or
/// `expected class 2, 4 or 5, found "6" at byte 0`. Two errors are equal when they have the
/// same kind, position and character found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    kind: ParseErrorKind,
    /// Every fault lies within a code's nine bytes or the byte after them.
    position: u8,
    found: Found,
}

impl ParseError {
    /// The error for `input`, which the grammar rejects with `fault`.
    fn new(input: &[u8], fault: Fault) -> ParseError {
        ParseError {
            kind: fault.kind,
            position: fault.at.min(usize::from(u8::MAX)) as u8,
            found: Found::at(input, fault.at),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The byte offset in the input where the problem is.
    pub fn position(&self) -> usize {
        usize::from(self.position)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (found, at) = (self.found, self.position);
        match self.kind {
            ParseErrorKind::Empty => f.write_str("empty string, expected a code such as 5.1.1"),
            ParseErrorKind::InvalidClass => {
                write!(f, "expected class 2, 4 or 5, found {found} at byte {at}")
            }
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

/// Why a registry key is malformed: it does not start with `X`, or its numbers are not those
/// of a code. Its `Display` says which, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyError(KeyFault);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum KeyFault {
    /// What stands where the `X` should be.
    ExpectedX(Found),
    /// The subject or detail is malformed, or something follows the detail.
    Numbers(ParseError),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            KeyFault::ExpectedX(found) => write!(
                f,
                "expected \"X\" at the start of a registry key, found {found} at byte 0"
            ),
            KeyFault::Numbers(error) => error.fmt(f),
        }
    }
}

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
    parse_fast(input).ok_or_else(|| code_error(input))
}

/// Whether `input` is a whole code, without the reason why not: [`parse`] for callers that
/// build the error themselves, with [`code_error`], so that the hot path returns no more
/// than it must.
#[inline]
pub fn parse_fast(input: &[u8]) -> Option<Parts> {
    fast_code(input)
}

/// The error for a code that the fast path rejected: errors are the rare path, kept out of
/// line so that the happy path stays small.
#[cold]
#[inline(never)]
pub fn code_error(input: &[u8]) -> ParseError {
    let fault = match checked_prefix(input).and_then(|(_, end)| expect_end(input, end)) {
        Err(fault) => fault,
        // The two parsers agree (see the tests); should they not, the input is still not a
        // code, and what follows its start is what is wrong.
        Ok(()) => fault(ParseErrorKind::TrailingCharacters, input.len().min(MAX_LEN)),
    };
    ParseError::new(input, fault)
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

/// Parses a registry key such as `X.1.1`.
pub fn parse_key(input: &[u8]) -> Result<Parts, KeyError> {
    if input.first() != Some(&b'X') {
        return Err(KeyError(KeyFault::ExpectedX(Found::at(input, 0))));
    }
    let numbers = subject_and_detail(input).and_then(|(subject, detail, end)| {
        expect_end(input, end)?;
        Ok((subject, detail))
    });
    match numbers {
        Ok((subject, detail)) => Ok(Parts {
            class: 0,
            subject,
            detail,
        }),
        Err(fault) => Err(KeyError(KeyFault::Numbers(ParseError::new(input, fault)))),
    }
}

/// Parses a whole subject or detail number, such as the `subject` column of
/// `data/subjects.csv`.
pub fn parse_number(input: &[u8], part: Part) -> Result<u16, ParseError> {
    let checked = number(input, 0, part).and_then(|(value, end)| match end < input.len() {
        true => Err(fault(ParseErrorKind::ExpectedDigit(part), end)),
        false => Ok(value),
    });
    checked.map_err(|fault| ParseError::new(input, fault))
}

/// Parses a class written alone, such as the `class` column of `data/classes.csv`: 2, 4 or 5.
pub fn parse_class(input: &[u8]) -> Option<u8> {
    match input {
        [digit] => class(*digit),
        _ => None,
    }
}

/// The class a byte stands for: `2`, `4` or `5` (RFC 3463 §3.1).
const fn class(byte: u8) -> Option<u8> {
    match byte {
        b'2' | b'4' | b'5' => Some(byte - b'0'),
        _ => None,
    }
}

/// The reply code that three bytes spell (RFC 5321 §4.2): the first digit 2 to 5, the second
/// 0 to 5, the third any digit.
#[inline]
pub const fn reply_code(digits: [u8; 3]) -> Option<u16> {
    match digits {
        [a @ b'2'..=b'5', b @ b'0'..=b'5', c @ b'0'..=b'9'] => {
            Some((a - b'0') as u16 * 100 + (b - b'0') as u16 * 10 + (c - b'0') as u16)
        }
        _ => None,
    }
}

/// Whether `code` is a reply code, as [`reply_code`] reads them.
pub const fn is_reply_code(code: u16) -> bool {
    code <= 999 && reply_code(digits_of(code)).is_some()
}

/// The three ASCII digits of a number below 1000.
const fn digits_of(code: u16) -> [u8; 3] {
    [
        b'0' + (code / 100 % 10) as u8,
        b'0' + (code / 10 % 10) as u8,
        b'0' + (code % 10) as u8,
    ]
}

/// A token of the registry's `reply_codes` column: a reply code such as `550`, or a class of
/// them such as `5XX`.
pub fn is_reply_code_token(token: &[u8]) -> bool {
    match *token {
        [class, b'X', b'X'] => reply_code([class, b'0', b'0']).is_some(),
        [a, b, c] => reply_code([a, b, c]).is_some(),
        _ => false,
    }
}

/// The enhanced code at the start of a reply line's `text`, with the number of bytes it
/// takes: a well-formed code of the class of `reply_code` (the reply code's first digit),
/// followed by a space or the end of the text (RFC 2034 §4). A 3xx reply carries none.
#[inline]
pub fn leading_code(text: &[u8], reply_code: u16) -> Option<(Parts, usize)> {
    let (parts, len) = parse_prefix(text)?;
    let ends_well = matches!(text.get(len), None | Some(b' '));
    (ends_well && u16::from(parts.class) == reply_code / 100).then_some((parts, len))
}

/// `parse` on the hot path: whether `input` is a code, without the reason why not. Slice
/// patterns, one per shape of a number, compile to a few comparisons and no loop.
#[inline(always)]
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

/// A fault: what is wrong, and the byte offset where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fault {
    kind: ParseErrorKind,
    at: usize,
}

fn fault(kind: ParseErrorKind, at: usize) -> Fault {
    Fault { kind, at }
}

/// `parse_prefix` with the fault: the definition of the grammar.
fn checked_prefix(input: &[u8]) -> Result<(Parts, usize), Fault> {
    let class = match input.first() {
        None => return Err(fault(ParseErrorKind::Empty, 0)),
        Some(&byte) => class(byte).ok_or(fault(ParseErrorKind::InvalidClass, 0))?,
    };
    let (subject, detail, end) = subject_and_detail(input)?;
    let parts = Parts {
        class,
        subject,
        detail,
    };
    Ok((parts, end))
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

    #[test]
    fn reply_codes_are_three_digits_the_first_two_to_five_the_second_zero_to_five() {
        let accepted: usize = (0..=1200u16).filter(|&code| is_reply_code(code)).count();
        // 4 first digits, 6 second, 10 third.
        assert_eq!(accepted, 4 * 6 * 10);
        for code in [200, 250, 354, 421, 559] {
            assert!(is_reply_code(code), "{code}");
        }
        for code in [0, 99, 199, 260, 599, 600, 1000, 2500] {
            assert!(!is_reply_code(code), "{code}");
        }
        assert_eq!(reply_code(*b"550"), Some(550));
        assert_eq!(reply_code(*b"5 0"), None);
        for token in ["550", "5XX", "2XX", "451"] {
            assert!(is_reply_code_token(token.as_bytes()), "{token}");
        }
        for token in ["6XX", "X50", "5X", "55", "5500", "560", "1XX", "5xx"] {
            assert!(!is_reply_code_token(token.as_bytes()), "{token}");
        }
    }

    #[test]
    fn a_reply_text_starts_with_a_code_of_the_replys_class_then_a_space() {
        assert_eq!(
            leading_code(b"5.1.1 User unknown", 550).map(|(p, len)| (p.subject, p.detail, len)),
            Some((1, 1, 5))
        );
        assert!(leading_code(b"5.1.1", 550).is_some());
        assert!(
            leading_code(b"4.7.1 Try later", 550).is_none(),
            "class 4 in a 5xx"
        );
        assert!(
            leading_code(b"2.0.0 Ok", 354).is_none(),
            "3xx replies carry none"
        );
        assert!(leading_code(b"5.1.1: User unknown", 550).is_none());
        assert!(leading_code(b"5.7.1000 x", 550).is_none());
    }

    #[test]
    fn keys_start_with_x_and_say_what_is_wrong() {
        assert_eq!(
            parse_key(b"X.7.30").map(|p| (p.subject, p.detail)),
            Ok((7, 30))
        );
        let message = |key: &str| match parse_key(key.as_bytes()) {
            Ok(_) => panic!("{key:?} parsed"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            message("5.1.1"),
            "expected \"X\" at the start of a registry key, found \"5\" at byte 0"
        );
        assert_eq!(
            message(""),
            "expected \"X\" at the start of a registry key, found end of input at byte 0"
        );
        assert_eq!(
            message("X.01.1"),
            "invalid leading zero in subject at byte 2"
        );
        assert_eq!(message("X.1.1 "), "unexpected \" \" after detail at byte 5");
    }
}
