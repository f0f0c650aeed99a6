//! Reading replies: [`parse`], [`parse_with`], [`ParseOptions`] and the zero-copy [`ReplyRef`].

use super::{ReplyCode, ReplyError};
use crate::{EnhancedCode, syntax};

/// The longest reply line RFC 5321 allows, CRLF included (§4.5.3.1.5).
pub const MAX_LINE_LEN: usize = 512;
/// The longest line [`parse`] accepts: real servers exceed RFC 5321's 512 octets (Postfix
/// itself sends 612-octet lines), and a client must still read them.
pub const LENIENT_MAX_LINE_LEN: usize = 2048;
/// The longest reply [`parse`] accepts, all lines included.
pub const MAX_REPLY_LEN: usize = 64 * 1024;

/// Limits and strictness for [`parse_with`].
///
/// The default reads what real servers send: lines up to [`LENIENT_MAX_LINE_LEN`] octets and
/// lines whose reply codes differ (the reply takes the last line's code, as Postfix's client
/// does, and [`ReplyRef::is_consistent`] is false). [`ParseOptions::strict`] holds a reply to
/// RFC 5321. Either way a reply longer than [`MAX_REPLY_LEN`] is an error, so a reader's
/// buffer stays bounded whatever the peer sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    max_line_len: usize,
    max_reply_len: usize,
    consistent_codes: bool,
}

impl ParseOptions {
    /// The lenient defaults, as [`parse`] uses them.
    pub const fn new() -> ParseOptions {
        ParseOptions {
            max_line_len: LENIENT_MAX_LINE_LEN,
            max_reply_len: MAX_REPLY_LEN,
            consistent_codes: false,
        }
    }

    /// RFC 5321 to the letter: lines of at most 512 octets, and every line with the same code.
    pub const fn strict() -> ParseOptions {
        ParseOptions {
            max_line_len: MAX_LINE_LEN,
            max_reply_len: MAX_REPLY_LEN,
            consistent_codes: true,
        }
    }

    /// Sets the longest line accepted, line end included.
    pub const fn max_line_len(mut self, octets: usize) -> ParseOptions {
        self.max_line_len = octets;
        self
    }

    /// Sets the longest reply accepted, all lines included.
    pub const fn max_reply_len(mut self, octets: usize) -> ParseOptions {
        self.max_reply_len = octets;
        self
    }

    /// Whether lines with different reply codes are an error.
    pub const fn require_consistent_codes(mut self, required: bool) -> ParseOptions {
        self.consistent_codes = required;
        self
    }
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions::new()
    }
}

/// A reply read from a buffer, borrowing its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplyRef<'a> {
    /// The reply's bytes, line ends included.
    raw: &'a [u8],
    code: ReplyCode,
    /// The enhanced code at the start of the text of the first line with the last line's
    /// reply code, when it is one of the reply's class.
    enhanced: Option<EnhancedCode>,
    line_count: u32,
    consistent: bool,
}

/// Parses one reply at the start of `input` with the lenient defaults of [`ParseOptions`].
///
/// Returns the reply and the number of bytes it takes, so that a reader can parse the next
/// one (pipelined replies follow each other), or [`ReplyError::Incomplete`] when `input` ends
/// before the reply does: read more and call again.
///
/// ```
/// use smtp_status::reply;
///
/// let input = b"550-5.1.1 The email account that you tried to reach does not exist.\r\n\
///               550 5.1.1 Please check the address.\r\n250 2.0.0 Ok\r\n";
/// let (reply, used) = reply::parse(input)?;
/// assert_eq!(reply.code().get(), 550);
/// assert_eq!(reply.status().to_string(), "5.1.1");
/// assert_eq!(reply.lines().count(), 2);
/// assert_eq!(reply.lines().last(), Some(&b"Please check the address."[..]));
/// let (next, _) = reply::parse(&input[used..])?;
/// assert_eq!(next.code().get(), 250);
/// assert_eq!(reply::parse(b"550-5.1.1 Not yet"), Err(reply::ReplyError::Incomplete));
/// # Ok::<(), reply::ReplyError>(())
/// ```
#[inline]
pub fn parse(input: &[u8]) -> Result<(ReplyRef<'_>, usize), ReplyError> {
    parse_with(input, &ParseOptions::new())
}

/// Parses one reply at the start of `input`, within `options`' limits; see [`parse`].
#[inline]
pub fn parse_with<'a>(
    input: &'a [u8],
    options: &ParseOptions,
) -> Result<(ReplyRef<'a>, usize), ReplyError> {
    let mut start: usize = 0;
    let mut line = 0;
    // The reply code of the lines so far, and the text of the first line that has it: where
    // the enhanced code is read (the last line's code wins, as in Postfix's client).
    let mut current: Option<(ReplyCode, &'a [u8])> = None;
    let mut consistent = true;
    loop {
        line += 1;
        // Look for the line end no further than the limits allow.
        let window = &input[start..input.len().min(start.saturating_add(options.max_line_len))];
        let Some((newline, forbidden)) = scan_line(window) else {
            return Err(if window.len() == options.max_line_len {
                ReplyError::LineTooLong {
                    line,
                    limit: options.max_line_len,
                }
            } else if start + window.len() >= options.max_reply_len {
                // The line cannot end within the reply's limit.
                ReplyError::ReplyTooLong {
                    limit: options.max_reply_len,
                }
            } else {
                ReplyError::Incomplete
            });
        };
        let end = start + newline + 1;
        if end > options.max_reply_len {
            return Err(ReplyError::ReplyTooLong {
                limit: options.max_reply_len,
            });
        }
        let content = strip_cr(&input[start..start + newline]);
        let code = match *content {
            [a, b, c, ..] => ReplyCode::from_digits([a, b, c]),
            _ => None,
        }
        .ok_or(ReplyError::InvalidReplyCode { line })?;
        let last = match content.get(3) {
            None | Some(b' ') => true,
            Some(b'-') => false,
            Some(_) => return Err(ReplyError::InvalidSeparator { line }),
        };
        let text = content.get(4..).unwrap_or_default();
        // A CR or NUL among the first four bytes made the code or separator invalid above, so
        // this one is in the text.
        if let Some(at) = forbidden {
            return Err(ReplyError::ForbiddenCharacter {
                line,
                at: at - 4,
                byte: window[at],
            });
        }
        match current {
            None => current = Some((code, text)),
            Some((expected, _)) if expected != code => {
                if options.consistent_codes {
                    return Err(ReplyError::InconsistentCodes {
                        line,
                        expected,
                        found: code,
                    });
                }
                consistent = false;
                current = Some((code, text));
            }
            Some(_) => {}
        }
        if last {
            let first_text = current.map_or(text, |(_, text)| text);
            let reply = ReplyRef {
                raw: &input[..end],
                code,
                enhanced: leading_code(first_text, code).map(|(code, _)| code),
                // A reply is at most `max_reply_len` bytes, and its lines are far fewer.
                line_count: u32::try_from(line).unwrap_or(u32::MAX),
                consistent,
            };
            return Ok((reply, end));
        }
        start = end;
    }
}

/// The first LF in `window`, and where the first CR or NUL before it is (not counting the CR
/// of a CRLF).
#[inline]
fn scan_line(window: &[u8]) -> Option<(usize, Option<usize>)> {
    let mut forbidden = None;
    let mut from = 0;
    loop {
        let at = from + find_control(&window[from..])?;
        match window[at] {
            b'\n' => return Some((at, forbidden)),
            b'\r' if window.get(at + 1) == Some(&b'\n') => return Some((at + 1, forbidden)),
            // A CR that may yet be followed by its LF.
            b'\r' if at + 1 == window.len() => return None,
            b'\r' | b'\0' => forbidden = forbidden.or(Some(at)),
            _ => {} // A tab or another control character: text.
        }
        from = at + 1;
    }
}

/// The first byte below 0x0E, where LF, CR and NUL are, sixteen bytes at a time: reply
/// lines are short, and on them this beats both a byte loop and the set-up of a vectorised
/// search.
#[inline]
fn find_control(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes[at..].first_chunk::<16>() {
        let below = below_0e(u128::from_le_bytes(*chunk));
        if below != 0 {
            return Some(at + below.trailing_zeros() as usize / 8);
        }
        at += 16;
    }
    if at == bytes.len() {
        return None;
    }
    // The last few bytes: the line's last sixteen, minus the bytes already looked at.
    match bytes.last_chunk::<16>() {
        Some(last) => {
            let start = bytes.len() - 16;
            let below = below_0e(u128::from_le_bytes(*last)) & (u128::MAX << ((at - start) * 8));
            (below != 0).then(|| start + below.trailing_zeros() as usize / 8)
        }
        None => bytes[at..].iter().position(|&b| b < 0x0E).map(|i| at + i),
    }
}

/// The high bit of each byte of `word` below 0x0E, and maybe of bytes above one: a classic
/// bit trick whose borrows only run upwards, so that its lowest flag is exact.
#[inline(always)]
fn below_0e(word: u128) -> u128 {
    const ONES: u128 = u128::from_le_bytes([0x01; 16]);
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    word.wrapping_sub(ONES * 0x0E) & !word & HIGH
}

#[inline]
fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The enhanced code at the start of a line's `text` in a reply with `code`, and its length:
/// [`syntax::leading_code`].
#[inline]
pub(super) fn leading_code(text: &[u8], code: ReplyCode) -> Option<(EnhancedCode, usize)> {
    let (parts, len) = syntax::leading_code(text, code.get())?;
    Some((EnhancedCode::from_parts(parts), len))
}

impl<'a> ReplyRef<'a> {
    /// The reply code; if the lines disagree, the last line's.
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The enhanced code at the start of the first line's text, when it is well-formed and of
    /// the reply's class. `550 5.7.1000 …`, `550 5.01.1 …` and `550 4.7.1 …` have none. When
    /// the lines' reply codes differ, the first line with the last line's code is read.
    pub fn enhanced(&self) -> Option<EnhancedCode> {
        self.enhanced
    }

    /// The reply's status, always: the enhanced code, or `<class>.0.0` when the reply has
    /// none that fits (`2.0.0` for a 3xx reply), as Postfix reports it.
    pub fn status(&self) -> EnhancedCode {
        self.enhanced().unwrap_or(self.code.default_status())
    }

    /// Whether every line has the same reply code, as RFC 5321 requires.
    pub fn is_consistent(&self) -> bool {
        self.consistent
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.line_count as usize
    }

    /// The reply's bytes as received, line ends included.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.raw
    }

    /// The text of each line: what follows the reply code and its separator and, on lines
    /// that start with the reply's enhanced code, what follows that code and one space.
    /// Bytes, since servers do not all send UTF-8.
    pub fn lines(&self) -> Lines<'a> {
        Lines {
            rest: self.raw,
            enhanced: self.enhanced,
        }
    }

    /// What the reply means if it refused a message: [`bounce::classify`](crate::bounce::classify)
    /// of its enhanced code, reply code and text (the lines joined by spaces). A client that
    /// knows which host answered passes it to `classify` itself, for the providers' rules.
    ///
    /// ```
    /// use smtp_status::bounce::Reason;
    ///
    /// let wire = b"550-5.7.26 This mail has been blocked because the sender is\r\n\
    ///              550 5.7.26 unauthenticated. Gmail requires all senders to authenticate.\r\n";
    /// let (reply, _) = smtp_status::reply::parse(wire)?;
    /// assert_eq!(reply.reason(), Reason::AuthFailure);
    /// assert!(!reply.is_hard_bounce());
    /// # Ok::<(), smtp_status::reply::ReplyError>(())
    /// ```
    #[cfg(feature = "reasons")]
    pub fn reason(&self) -> crate::bounce::Reason {
        crate::bounce::classify(self.enhanced(), Some(self.code), &self.text(), None)
    }

    /// Whether the reply is a hard bounce: see
    /// [`bounce::is_hard_bounce`](crate::bounce::is_hard_bounce).
    #[cfg(feature = "reasons")]
    pub fn is_hard_bounce(&self) -> bool {
        crate::bounce::is_hard_bounce(self.reason(), self.enhanced(), Some(self.code))
    }

    /// The text of the lines joined by spaces, bytes that are not UTF-8 as U+FFFD.
    #[cfg(feature = "reasons")]
    fn text(&self) -> String {
        let mut text = String::new();
        for line in self.lines() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&String::from_utf8_lossy(line));
        }
        text
    }

    /// An owned [`Reply`](super::Reply) with the same code, enhanced code and text (bytes that
    /// are not UTF-8 become U+FFFD, and lines beyond 512 octets are wrapped). For a reply that
    /// obeys RFC 5321 it writes back the bytes it was read from, with CRLF line ends.
    #[cfg(feature = "std")]
    pub fn to_reply(&self) -> super::Reply {
        let lines = self
            .lines()
            .map(|line| String::from_utf8_lossy(line).into_owned());
        super::Reply::assemble(self.code, self.enhanced(), lines)
    }

    /// The old name of [`to_reply`](ReplyRef::to_reply), which shadowed `ToOwned::to_owned`.
    #[cfg(feature = "std")]
    #[deprecated(since = "0.2.0", note = "use `to_reply()` or `Reply::from`")]
    pub fn to_owned(&self) -> super::Reply {
        self.to_reply()
    }
}

#[cfg(feature = "std")]
impl From<ReplyRef<'_>> for super::Reply {
    fn from(reply: ReplyRef<'_>) -> super::Reply {
        reply.to_reply()
    }
}

/// The length of the first line of `rest`, LF included (a parsed reply's lines all end).
fn line_end(rest: &[u8]) -> usize {
    let mut from = 0;
    while let Some(at) = find_control(&rest[from..]) {
        if rest[from + at] == b'\n' {
            return from + at + 1;
        }
        from += at + 1;
    }
    rest.len()
}

/// The text of each line of a [`ReplyRef`]; see [`ReplyRef::lines`].
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    rest: &'a [u8],
    enhanced: Option<EnhancedCode>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            return None;
        }
        let end = line_end(self.rest);
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        let content = strip_cr(line.strip_suffix(b"\n").unwrap_or(line));
        let text = content.get(4..).unwrap_or_default();
        // A line that starts with the reply's enhanced code: the text follows it and a space.
        let code = match *content {
            [a, b, c, ..] => ReplyCode::from_digits([a, b, c]),
            _ => None,
        };
        Some(match code.and_then(|code| leading_code(text, code)) {
            Some((found, len)) if Some(found) == self.enhanced => {
                text.get(len + 1..).unwrap_or_default()
            }
            _ => text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::find_control;

    /// The word-at-a-time search finds what a byte loop finds: every length, every position
    /// of the first control byte, with other bytes near the threshold around it.
    #[test]
    fn find_control_finds_the_first_control_byte() {
        for len in 0..70 {
            for first in 0..=len {
                for control in [b'\n', b'\r', b'\0', 0x0D, 0x01] {
                    for filler in [b'a', 0x0E, 0x0F, 0xFF, b' '] {
                        let mut bytes = vec![filler; len];
                        if first < len {
                            bytes[first] = control;
                            // More control bytes after the first must not matter.
                            for later in bytes.iter_mut().skip(first + 1).step_by(3) {
                                *later = b'\n';
                            }
                        }
                        let naive = bytes.iter().position(|&b| b < 0x0E);
                        assert_eq!(find_control(&bytes), naive, "{bytes:?}");
                    }
                }
            }
        }
    }
}
