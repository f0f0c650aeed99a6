//! Writing replies: [`Reply`], which cannot be built wrong.

use super::parse::{MAX_LINE_LEN, leading_code};
use super::{ReplyCode, ReplyError};
use crate::EnhancedCode;
use std::fmt;
use std::io;

/// A reply to send, valid on the wire by construction (RFC 5321 and RFC 2034).
///
/// The constructors refuse what would make a wrong reply: an enhanced code whose class is not
/// the reply code's first digit (or any on a 3xx reply), and text with CR, LF or NUL, which
/// could end the line early and forge a second reply. Long text is wrapped at spaces (a word
/// longer than a line is split) into lines of at most 512 octets, CRLF included. Every line
/// of a multi-line reply carries the reply code (`550-` … `550 `) and, when there is one, the
/// enhanced code at the start of its text.
///
/// ```
/// use smtp_status::reply::{Reply, ReplyCode};
/// use smtp_status::status;
///
/// let code = ReplyCode::new(550).unwrap();
/// let reply = Reply::new(code, Some(status!("5.1.1")), "<nobody@example.com>: User unknown")?;
/// assert_eq!(reply.to_string(), "550 5.1.1 <nobody@example.com>: User unknown\r\n");
///
/// let help = Reply::from_lines(ReplyCode::new(214).unwrap(), Some(status!("2.0.0")), ["Commands:", "HELO EHLO"])?;
/// assert_eq!(help.to_string(), "214-2.0.0 Commands:\r\n214 2.0.0 HELO EHLO\r\n");
///
/// let forged = Reply::new(code, None, "User unknown\r\n250 2.0.0 Ok");
/// assert!(forged.is_err());
/// # Ok::<(), smtp_status::reply::ReplyError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reply {
    code: ReplyCode,
    enhanced: Option<EnhancedCode>,
    /// The text of each line on the wire, after wrapping; never empty.
    lines: Vec<String>,
}

impl Reply {
    /// A reply whose text is `text`, wrapped into as many lines as it needs.
    pub fn new(
        code: ReplyCode,
        enhanced: Option<EnhancedCode>,
        text: &str,
    ) -> Result<Reply, ReplyError> {
        Reply::from_lines(code, enhanced, [text])
    }

    /// A multi-line reply, one line per item of `lines` (each wrapped if it is too long); no
    /// items make a reply of one empty line.
    pub fn from_lines<I>(
        code: ReplyCode,
        enhanced: Option<EnhancedCode>,
        lines: I,
    ) -> Result<Reply, ReplyError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        if let Some(enhanced) = enhanced
            && code.enhanced_class() != Some(enhanced.class())
        {
            return Err(ReplyError::ClassMismatch { code, enhanced });
        }
        let mut checked = Vec::new();
        for (index, line) in lines.into_iter().enumerate() {
            let line = line.as_ref();
            if let Some(at) = line
                .bytes()
                .position(|b| matches!(b, b'\r' | b'\n' | b'\0'))
            {
                let byte = line.as_bytes()[at];
                return Err(ReplyError::ForbiddenCharacter {
                    line: index + 1,
                    at,
                    byte,
                });
            }
            checked.push(line.to_owned());
        }
        if enhanced.is_none() {
            let first = checked.first().map_or("", String::as_str);
            if let Some((starts_with, _)) = leading_code(first.as_bytes(), code) {
                return Err(ReplyError::AmbiguousText { starts_with });
            }
        }
        Ok(Reply::assemble(code, enhanced, checked))
    }

    /// Builds a reply from parts already checked: wraps the lines and keeps at least one.
    pub(crate) fn assemble(
        code: ReplyCode,
        enhanced: Option<EnhancedCode>,
        lines: impl IntoIterator<Item = String>,
    ) -> Reply {
        // "550-" and CRLF, and the enhanced code with its space.
        let overhead = 4 + 2 + enhanced.map_or(0, |e| e.to_string().len() + 1);
        let width = MAX_LINE_LEN - overhead;
        let mut wrapped = Vec::new();
        for line in lines {
            wrap(&line, width, &mut wrapped);
        }
        if wrapped.is_empty() {
            wrapped.push(String::new());
        }
        Reply {
            code,
            enhanced,
            lines: wrapped,
        }
    }

    /// A reply as another client read it: its code and the text of each line as that client
    /// kept it (without the reply code). The enhanced code is read from the first line's text
    /// as [`parse`](super::parse) reads it (of the reply's class, followed by a space or the
    /// end) and taken off every line that starts with it; where the text has none, `kept` (the
    /// code the client kept apart, already checked) stands in. A CR, LF or NUL, which no client
    /// keeps, ends its line.
    #[cfg(any(feature = "lettre", feature = "smtp-proto"))]
    pub(crate) fn from_client<'a>(
        code: ReplyCode,
        kept: Option<EnhancedCode>,
        lines: impl IntoIterator<Item = &'a str>,
    ) -> Reply {
        let lines: Vec<&str> = lines
            .into_iter()
            .map(|line| line.split(['\r', '\n', '\0']).next().unwrap_or_default())
            .collect();
        let enhanced = lines
            .first()
            .and_then(|first| leading_code(first.as_bytes(), code))
            .map(|(enhanced, _)| enhanced);
        let text = |line: &'a str| -> String {
            let without = enhanced.and_then(|enhanced| {
                leading_code(line.as_bytes(), code)
                    .filter(|&(found, _)| found == enhanced)
                    .map(|(_, len)| line[len..].strip_prefix(' ').unwrap_or(&line[len..]))
            });
            without.unwrap_or(line).to_owned()
        };
        let lines: Vec<String> = lines.into_iter().map(text).collect();
        Reply::assemble(code, enhanced.or(kept), lines)
    }

    /// What the reply means if it refused a message; see
    /// [`ReplyRef::reason`](super::ReplyRef::reason).
    #[cfg(feature = "reasons")]
    pub fn reason(&self) -> crate::bounce::Reason {
        crate::bounce::classify(self.enhanced, Some(self.code), &self.lines.join(" "), None)
    }

    /// Whether the reply is a hard bounce: see
    /// [`bounce::is_hard_bounce`](crate::bounce::is_hard_bounce).
    #[cfg(feature = "reasons")]
    pub fn is_hard_bounce(&self) -> bool {
        crate::bounce::is_hard_bounce(self.reason(), self.enhanced, Some(self.code))
    }

    /// The reply that `reply!` expands to, checked at compile time.
    #[doc(hidden)]
    pub fn __checked(code: ReplyCode, enhanced: Option<EnhancedCode>, text: &str) -> Reply {
        Reply::assemble(code, enhanced, [text.to_owned()])
    }

    /// The reply code.
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The enhanced code that starts every line's text, if any.
    pub fn enhanced(&self) -> Option<EnhancedCode> {
        self.enhanced
    }

    /// The text of each line as it goes on the wire (after wrapping), without the codes.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The reply's bytes on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_string().into_bytes()
    }

    /// Writes the reply's bytes to `writer` in one `write_all`.
    pub fn write_to(&self, mut writer: impl io::Write) -> io::Result<()> {
        writer.write_all(&self.to_bytes())
    }
}

impl fmt::Display for Reply {
    /// Writes the reply as it goes on the wire, each line ending in CRLF.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, text) in self.lines.iter().enumerate() {
            let separator = if index + 1 == self.lines.len() {
                ' '
            } else {
                '-'
            };
            write!(f, "{}", self.code)?;
            match self.enhanced {
                Some(enhanced) if text.is_empty() => write!(f, "{separator}{enhanced}")?,
                Some(enhanced) => write!(f, "{separator}{enhanced} {text}")?,
                // "250" alone ends a reply; "250-" alone continues one.
                None if text.is_empty() && separator == ' ' => {}
                None => write!(f, "{separator}{text}")?,
            }
            f.write_str("\r\n")?;
        }
        Ok(())
    }
}

/// Splits `text` into lines of at most `width` bytes, at spaces where it can (the space is
/// dropped) and inside a word, at a character boundary, where a word is longer than a line.
fn wrap(text: &str, width: usize, out: &mut Vec<String>) {
    let mut rest = text;
    while rest.len() > width {
        let space = rest.as_bytes()[..=width].iter().rposition(|&b| b == b' ');
        match space {
            Some(at) if at > 0 => {
                out.push(rest[..at].to_owned());
                rest = &rest[at + 1..];
            }
            _ => {
                let mut at = width;
                while !rest.is_char_boundary(at) {
                    at -= 1;
                }
                out.push(rest[..at].to_owned());
                rest = &rest[at..];
            }
        }
    }
    out.push(rest.to_owned());
}
