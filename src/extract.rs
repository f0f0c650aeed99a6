//! Finding enhanced status codes in free text: mail logs, DSNs and bounce messages.
//!
//! A code is found only where it stands as a word: never inside a longer number, a version or
//! an address (`v2.11.0`, `1.2.3.4`, `15.1.1222.22`, `engine=2.50.10432:5.13.68`), never as
//! `5.1.1` out of `5.1.10`; yet `(5.7.1)`, `#5.1.1`, `dsn=5.1.1`, a multi-line reply's
//! `550-5.1.1` and `5.2.2.` at the end of a sentence are found, and so are the DSN fields
//! `Status: 5.1.1` and `Diagnostic-Code: smtp; 550 5.1.1 …` (RFC 3464).
//!
//! A number right after a word and a space is a version (`dovecot 2.3.16 starting`,
//! `SpamAssassin 4.0.0`, `version 4.0.0`), not a code: mail software states a code after a
//! reply code, a field name's colon, `=`, `;`, `#` or brackets, and after a word only where
//! the word says it is one (`code 5.1.1`, `Status code 5.1.1`, `DSN 5.1.10`, `type 5.4.4`:
//! the words of [`CODE_WORDS`]). On the bounce corpus of `tests/corpus/bounces/`, no code that
//! a recipient's expected status names is lost to this rule.
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
//! The scan looks only at the dots (with `memchr`), so it runs close to memory speed. Each
//! code is decided from a few bytes around it, so a stream can be read in chunks of any size
//! with a [`Scanner`], which keeps those bytes from one chunk to the next:
//!
//! ```
//! use smtp_status::extract::Scanner;
//!
//! let mut scanner = Scanner::new();
//! let mut found = Vec::new();
//! for chunk in ["postfix: dsn=5.", "1.1, status=bounced (550 5.1", ".1 User unknown)\n"] {
//!     found.extend(scanner.feed(chunk.as_bytes()).map(|f| (f.code().to_string(), f.offset())));
//! }
//! found.extend(scanner.finish().map(|f| (f.code().to_string(), f.offset())));
//! assert_eq!(found, [("5.1.1".to_owned(), 13), ("5.1.1".to_owned(), 40)]);
//! assert_eq!((scanner.bytes(), scanner.lines()), (60, 1));
//! ```

use crate::EnhancedCode;
use crate::syntax::{self, MAX_LEN};
use core::ops::Range;

/// How far before a code's start [`word_starts`] looks: a word of up to [`MAX_WORD`] bytes,
/// the space after it and the byte before it (more than `550-` and the byte before it).
const BEFORE: usize = MAX_WORD + 2;
/// The longest word before a code that is read; a longer one is not one of [`CODE_WORDS`].
const MAX_WORD: usize = 16;

/// The words after which a number is a code, not a version (ASCII case ignored).
pub const CODE_WORDS: &[&str] = &[
    "code", "codes", "dsn", "status", "type", "error", "errors", "reason", "reply", "said",
    "response", "failure", "bounce", "bounced", "deferred", "rejected", "class", "esc",
];
/// How many bytes from a code's start decide it: the longest code, then the `.` and the byte
/// after it that [`word_ends`] looks at.
const AFTER: usize = MAX_LEN + 2;
/// The bytes around a code that decide it, and so what a [`Scanner`] keeps between chunks.
const SEAM: usize = BEFORE + AFTER;

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
/// `_`: then it is part of a version, an address or a longer number. Not after a word and a
/// space either, unless the word is one of [`CODE_WORDS`]: then it is a version.
fn word_starts(text: &[u8], start: usize) -> bool {
    let Some(&before) = start.checked_sub(1).and_then(|i| text.get(i)) else {
        return true;
    };
    match before {
        b' ' | b'\t' => !after_a_word(text, start - 1) || after_a_code_word(text, start - 1),
        b'\r' | b'\n' | b'(' | b'[' | b'{' | b'<' | b'"' | b'\'' | b'`' | b'#' | b'=' | b';'
        | b',' | b'|' | b'*' => true,
        // "550-5.1.1": a reply code and its continuation dash, standing as a word.
        b'-' => match start.checked_sub(4).map(|at| &text[at..start - 1]) {
            Some(&[a, b, c]) => {
                syntax::reply_code([a, b, c]).is_some()
                    && (start == 4 || !is_word_byte(text[start - 5]))
            }
            _ => false,
        },
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

/// Whether a letter comes right before the space at `space`.
fn after_a_word(text: &[u8], space: usize) -> bool {
    space > 0 && text[space - 1].is_ascii_alphabetic()
}

/// Whether the word before the space at `space` lets a code follow: one of [`CODE_WORDS`], or
/// the end of a host name (`host: mx.example.org 5.2.1 …`, as GMX writes it), reading no more
/// than [`MAX_WORD`] bytes back.
fn after_a_code_word(text: &[u8], space: usize) -> bool {
    let from = space.saturating_sub(MAX_WORD + 1);
    let window = &text[from..space];
    let boundary = window
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'_' | b'-'));
    let word = match boundary {
        Some(at) if window[at] == b'.' => return true,
        Some(at) => &window[at + 1..],
        None if from == 0 => window,
        None => return false,
    };
    CODE_WORDS
        .iter()
        .any(|code_word| word.eq_ignore_ascii_case(code_word.as_bytes()))
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-')
}

/// Finds codes in a stream fed in chunks of any size: the codes, offsets and lines are those
/// that [`codes`] finds in the whole stream at once, and no chunk is copied. Memory use is a
/// few bytes, whatever the stream's length.
///
/// Feed each chunk with [`feed`](Scanner::feed) and take the codes it decides; at the end of
/// the stream, [`finish`](Scanner::finish) gives the codes among its last bytes.
#[derive(Clone, Debug, Default)]
pub struct Scanner {
    /// The stream's bytes from `seam_at` to its end so far: the codes not yet decided, with
    /// the [`BEFORE`] bytes ahead of them.
    seam: [u8; SEAM],
    seam_len: usize,
    seam_at: u64,
    /// The line feeds before `seam_at`.
    seam_lines: u64,
    /// Every code that starts before this offset has been decided.
    decided: u64,
    bytes: u64,
    lines: u64,
}

/// A code found by a [`Scanner`]: the code, where it starts in the stream and on which line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Located {
    code: EnhancedCode,
    offset: u64,
    line: u64,
}

impl Located {
    /// The code.
    pub fn code(&self) -> EnhancedCode {
        self.code
    }

    /// The byte offset of the code's first byte in the stream.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The line the code is on, counting from 1 (lines end with LF).
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// The most codes decided at a seam: their starts lie within [`SEAM`] bytes, and codes take
/// five bytes and a separator each, without overlapping.
const AT_SEAM: usize = SEAM.div_ceil(6);

impl Scanner {
    /// A scanner at the start of a stream.
    pub const fn new() -> Scanner {
        Scanner {
            seam: [0; SEAM],
            seam_len: 0,
            seam_at: 0,
            seam_lines: 0,
            decided: 0,
            bytes: 0,
            lines: 0,
        }
    }

    /// Takes the next chunk of the stream; the codes it decides, in order (those that start
    /// in its last few bytes wait for the next chunk or [`finish`](Scanner::finish)).
    pub fn feed<'a>(&mut self, chunk: &'a [u8]) -> Feed<'a> {
        let chunk_at = self.bytes;
        let total = chunk_at + chunk.len() as u64;
        // A code is decided once the AFTER bytes from its start are in: those that start
        // before `ready`. Those that start within BEFORE bytes of the chunk's start are
        // decided from the kept bytes and the chunk's first ones; the chunk alone decides the
        // others.
        let ready = (total + 1).saturating_sub(AFTER as u64);
        let head = &chunk[..chunk.len().min(SEAM)];
        let mut joined = [0; 2 * SEAM];
        joined[..self.seam_len].copy_from_slice(&self.seam[..self.seam_len]);
        joined[self.seam_len..self.seam_len + head.len()].copy_from_slice(head);
        let seam_end = ready.min(chunk_at + BEFORE as u64);
        let seam = self.decide(&joined[..self.seam_len + head.len()], seam_end);
        let from = self.decided.max(chunk_at + BEFORE as u64);
        // Offsets in the chunk; a chunk is in memory, so they fit.
        let in_chunk = |offset: u64| usize::try_from(offset - chunk_at).unwrap_or(usize::MAX);
        let feed = Feed {
            seam,
            chunk,
            codes: codes(chunk),
            from: in_chunk(from),
            until: in_chunk(ready.max(from)),
            chunk_at,
            line: self.lines + 1,
            counted: 0,
        };
        self.keep(chunk, ready);
        feed
    }

    /// Ends the stream: the codes among its last bytes, which no later chunk will decide.
    pub fn finish(&mut self) -> Feed<'static> {
        let mut seam = [0; SEAM];
        seam[..self.seam_len].copy_from_slice(&self.seam[..self.seam_len]);
        let found = self.decide(&seam[..self.seam_len], self.bytes);
        self.decided = self.bytes;
        Feed {
            seam: found,
            chunk: &[],
            codes: codes(&[]),
            from: 0,
            until: 0,
            chunk_at: self.bytes,
            line: 0,
            counted: 0,
        }
    }

    /// The bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The line feeds fed so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// The codes of `window`, the stream's bytes from `seam_at`, that are not decided yet and
    /// start before `end`.
    fn decide(&self, window: &[u8], end: u64) -> Seam {
        let mut seam = Seam::default();
        for found in codes(window) {
            let offset = self.seam_at + found.range.start as u64;
            if offset < self.decided {
                continue;
            }
            if offset >= end {
                break;
            }
            let line = self.seam_lines + count_lines(&window[..found.range.start]) + 1;
            if let Some(slot) = seam.found.get_mut(seam.len) {
                *slot = Some(Located {
                    code: found.code,
                    offset,
                    line,
                });
                seam.len += 1;
            }
        }
        seam
    }

    /// Records `chunk` as fed, with every code that starts before `ready` decided, and keeps
    /// the bytes the next chunk needs: from BEFORE bytes ahead of the first undecided start.
    fn keep(&mut self, chunk: &[u8], ready: u64) {
        self.bytes += chunk.len() as u64;
        self.lines += count_lines(chunk);
        self.decided = self.decided.max(ready);
        let keep_at = self.decided.saturating_sub(BEFORE as u64);
        // Fewer than SEAM bytes: the stream ends less than AFTER bytes past `decided`.
        let keep = usize::try_from(self.bytes - keep_at).map_or(SEAM, |keep| keep.min(SEAM));
        let mut kept = [0; SEAM];
        match chunk.len().checked_sub(keep) {
            Some(from) => kept[..keep].copy_from_slice(&chunk[from..]),
            None => {
                let old = keep - chunk.len();
                kept[..old].copy_from_slice(&self.seam[self.seam_len - old..self.seam_len]);
                kept[old..keep].copy_from_slice(chunk);
            }
        }
        self.seam = kept;
        self.seam_len = keep;
        self.seam_at = keep_at;
        self.seam_lines = self.lines - count_lines(&kept[..keep]);
    }
}

/// The codes decided at a seam, ahead of a chunk's own.
#[derive(Clone, Debug, Default)]
struct Seam {
    found: [Option<Located>; AT_SEAM],
    len: usize,
    next: usize,
}

/// The codes a [`Scanner`] decided on being fed a chunk; see [`Scanner::feed`].
#[derive(Clone, Debug)]
pub struct Feed<'a> {
    seam: Seam,
    chunk: &'a [u8],
    codes: Codes<'a>,
    /// The starts, in the chunk, of the codes it decides.
    from: usize,
    until: usize,
    chunk_at: u64,
    /// The line of `chunk[counted]`.
    line: u64,
    counted: usize,
}

impl Iterator for Feed<'_> {
    type Item = Located;

    fn next(&mut self) -> Option<Located> {
        if self.seam.next < self.seam.len {
            self.seam.next += 1;
            return self.seam.found[self.seam.next - 1];
        }
        for found in self.codes.by_ref() {
            let start = found.range.start;
            if start < self.from {
                continue;
            }
            if start >= self.until {
                break;
            }
            self.line += count_lines(&self.chunk[self.counted..start]);
            self.counted = start;
            return Some(Located {
                code: found.code,
                offset: self.chunk_at + start as u64,
                line: self.line,
            });
        }
        // Nothing more from this chunk, even when asked again.
        self.until = 0;
        None
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}
