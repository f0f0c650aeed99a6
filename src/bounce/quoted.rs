//! Server replies quoted in text (`host mx.example.org said: 550 5.1.1 …`, `<<< 550-5.7.26
//! …`, `Remote host said: 554 …`): where they are, and their codes.

use crate::reply::ReplyCode;
use crate::{EnhancedCode, extract};

/// Whether `text` quotes a server's reply code.
#[cfg(feature = "bounce")]
pub(super) fn has_reply_code(text: &str) -> bool {
    server_reply(text.as_bytes()).is_some()
}

/// The server's reply quoted in `text`: its reply code and, where its text starts with one,
/// its enhanced code (`550 5.1.1`, `550-5.7.26`, `550 550 5.1.1`). A failure's reply (4xx
/// or 5xx) is preferred to a transcript's 2xx lines, and a reply with an enhanced code to a
/// bare reply code; 3xx replies are intermediate and never the one that counts.
pub(super) fn server_reply(text: &[u8]) -> Option<(ReplyCode, Option<EnhancedCode>)> {
    let mut paired: Option<(ReplyCode, EnhancedCode)> = None;
    for found in extract::codes(text) {
        let Some(code) = reply_before(text, found.range().start) else {
            continue;
        };
        if code.enhanced_class() != Some(found.code().class()) {
            continue;
        }
        if code.class() >= 4 {
            return Some((code, Some(found.code())));
        }
        paired = paired.or(Some((code, found.code())));
    }
    let mut success = None;
    for (code, start, end) in reply_codes(text) {
        match code.class() {
            4 | 5 => return Some((nested(text, end).unwrap_or(code), None)),
            2 => success = success.or(Some((code, start))),
            _ => {}
        }
    }
    paired
        .map(|(code, enhanced)| (code, Some(enhanced)))
        .or(success.map(|(code, _)| (code, None)))
}

/// The reply code just before the enhanced code at `start`, across spaces, quotes and the
/// `-` of a continuation line.
fn reply_before(text: &[u8], start: usize) -> Option<ReplyCode> {
    let mut at = start;
    while at > 0 && matches!(text[at - 1], b' ' | b'\t' | b'\'' | b'"') {
        at -= 1;
    }
    if at > 0 && text[at - 1] == b'-' {
        at -= 1;
    }
    let digits_start = at.checked_sub(3)?;
    let &[a, b, c] = &text[digits_start..at] else {
        return None;
    };
    if digits_start > 0 && is_word_byte(text[digits_start - 1]) {
        return None;
    }
    ReplyCode::from_digits([a, b, c])
}

/// Sendmail writes the remote server's reply after the recipient: in `554
/// <a@example.org>... 550 Host unknown` (or, the address taken out, `554 ... 550 Host
/// unknown`), the reply is 550.
fn nested(text: &[u8], end: usize) -> Option<ReplyCode> {
    let line_end = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |at| end + at);
    let mut rest = text[end..line_end].trim_ascii_start();
    if rest.starts_with(b"<") {
        rest = &rest[memchr::memmem::find(rest, b">")? + 1..];
    }
    let rest = rest.strip_prefix(b">").unwrap_or(rest);
    let rest = rest.strip_prefix(b"...")?.trim_ascii_start();
    let (code, 0, _) = reply_codes(rest).next()? else {
        return None;
    };
    Some(code)
}

/// The reply codes that stand as words in `text`, with their byte ranges: three digits
/// (RFC 5321 §4.2) not part of a longer number, an address or a version, followed by a
/// space, a `-`, a `:` or punctuation.
fn reply_codes(text: &[u8]) -> impl Iterator<Item = (ReplyCode, usize, usize)> + '_ {
    (0..text.len().saturating_sub(2)).filter_map(move |start| {
        let &[a, b, c] = &text[start..start + 3] else {
            return None;
        };
        if start > 0
            && !matches!(
                text[start - 1],
                b' ' | b'\t'
                    | b'\n'
                    | b'\r'
                    | b':'
                    | b'('
                    | b'['
                    | b';'
                    | b'\''
                    | b'"'
                    | b'='
                    | b'>'
                    | b'*'
                    | b','
            )
        {
            return None;
        }
        let end = start + 3;
        let ends_word = match text.get(end) {
            None => true,
            Some(
                b' ' | b'\t' | b'\r' | b'\n' | b'-' | b':' | b',' | b';' | b')' | b']' | b'\''
                | b'"',
            ) => true,
            Some(b'.') => !text.get(end + 1).is_some_and(u8::is_ascii_digit),
            Some(_) => false,
        };
        if !ends_word {
            return None;
        }
        let code = ReplyCode::from_digits([a, b, c])?;
        Some((code, start, end))
    })
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_')
}
