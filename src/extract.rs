//! Finding enhanced status codes in free text: mail logs, DSNs and bounce messages.
//!
//! A code is found only where it stands as a word: never inside a longer number, a version or
//! an address (`v2.11.0`, `1.2.3.4`, `15.1.1222.22`, `engine=2.50.10432:5.13.68`), never as
//! `5.1.1` out of `5.1.10`; yet `(5.7.1)`, `#5.1.1`, `dsn=5.1.1`, a multi-line reply's
//! `550-5.1.1` and `5.2.2.` at the end of a sentence are found, and so are the DSN fields
//! `Status: 5.1.1` and `Diagnostic-Code: smtp; 550 5.1.1 …` (RFC 3464).
//!
//! ```
//! use smtp_status::extract;
//!
//! let log = "postfix/smtp[1234]: 4F2B: to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, \
//!            delay=0.5, dsn=5.1.1, status=bounced (host said: 550 5.1.1 User unknown)";
//! let found: Vec<String> = extract::codes(log).map(|f| f.code().to_string()).collect();
//! assert_eq!(found, ["5.1.1", "5.1.1"]);
//! let first = extract::codes(log).next().unwrap();
//! assert_eq!(&log[first.range()], "5.1.1");
//! ```
//!
//! The scan looks only at the dots (with `memchr`), so it runs close to memory speed, and it
//! decides on each code from at most [`CONTEXT_BEFORE`] bytes before it and
//! [`CONTEXT_AFTER`] bytes after it: a stream can be scanned in chunks that overlap by that
//! much without missing or doubling a code.

use crate::EnhancedCode;
use core::ops::Range;

/// The bytes before a code that decide whether it stands as a word (`550-` and the byte
/// before it, for the continuation lines of a multi-line reply).
pub const CONTEXT_BEFORE: usize = 5;
/// The bytes after a code that decide whether it stands as a word (`.` and the byte after
/// it, for a code at the end of a sentence).
pub const CONTEXT_AFTER: usize = 2;
/// The longest code, `5.999.999`.
pub const MAX_CODE_LEN: usize = 9;

/// The codes in `text`, in order; `text` is a `str` or bytes (a log need not be UTF-8).
pub fn codes<T: AsRef<[u8]> + ?Sized>(text: &T) -> Codes<'_> {
    let text = text.as_ref();
    Codes {
        text,
        dots: memchr::memchr_iter(b'.', text),
    }
}

/// An enhanced code found in text, and where.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Found {
    code: EnhancedCode,
    range: Range<usize>,
}

impl Found {
    /// The code.
    pub fn code(&self) -> EnhancedCode {
        self.code
    }

    /// Where the code is: its byte range in the text.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

/// The iterator of [`codes`].
#[derive(Clone, Debug)]
pub struct Codes<'a> {
    text: &'a [u8],
    /// The dots of `text`: a code's first dot follows its class digit.
    dots: memchr::Memchr<'a>,
}

impl Iterator for Codes<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        let text = self.text;
        // The dots inside a code found already are tried too: a digit or a dot before each
        // means no code starts there.
        for dot in self.dots.by_ref() {
            // The dot after the class: the class digit comes right before it.
            let Some(start) = dot.checked_sub(1) else {
                continue;
            };
            if !matches!(text[start], b'2' | b'4' | b'5') || !word_starts(text, start) {
                continue;
            }
            let Some((code, len)) = EnhancedCode::parse_prefix(&text[start..]) else {
                continue;
            };
            let end = start + len;
            if word_ends(text, end) {
                return Some(Found {
                    code,
                    range: start..end,
                });
            }
        }
        None
    }
}

/// Whether a code may start at `start`: at the start of the text or after a space or
/// punctuation that opens or separates (`(`, `#`, `=`, `;`, …), or after `NNN-` as on the
/// continuation lines of a multi-line reply. Not after a letter, digit, `.`, `:`, `-`, `/` or
/// `_`: then it is part of a version, an address or a longer number.
fn word_starts(text: &[u8], start: usize) -> bool {
    let Some(&before) = start.checked_sub(1).and_then(|i| text.get(i)) else {
        return true;
    };
    match before {
        b' ' | b'\t' | b'\r' | b'\n' | b'(' | b'[' | b'{' | b'<' | b'"' | b'\'' | b'`' | b'#'
        | b'=' | b';' | b',' | b'|' | b'*' => true,
        // "550-5.1.1": a reply code and its continuation dash, standing as a word.
        b'-' => {
            start >= 4
                && matches!(
                    text[start - 4..start - 1],
                    [b'2'..=b'5', b'0'..=b'9', b'0'..=b'9']
                )
                && (start == 4 || !is_word_byte(text[start - 5]))
        }
        // Non-ASCII: a no-break space or other script, not part of an ASCII token.
        0x80.. => true,
        _ => false,
    }
}

/// Whether a code may end at `end`: at the end of the text or before a space or closing
/// punctuation, or before a `.`, `!` or `?` that ends a sentence (followed by the end, a space
/// or a closing mark), but not before the `.` of a longer dotted number or name.
fn word_ends(text: &[u8], end: usize) -> bool {
    let Some(&after) = text.get(end) else {
        return true;
    };
    match after {
        b' ' | b'\t' | b'\r' | b'\n' | b')' | b']' | b'}' | b'>' | b'"' | b'\'' | b'`' | b';'
        | b',' | b':' | b'|' | b'*' => true,
        b'.' | b'!' | b'?' => match text.get(end + 1) {
            None => true,
            Some(&next) => {
                next.is_ascii_whitespace()
                    || matches!(next, b')' | b']' | b'}' | b'>' | b'"' | b'\'')
            }
        },
        0x80.. => true,
        _ => false,
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-')
}
