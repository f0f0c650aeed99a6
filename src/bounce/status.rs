//! Which status and reply code a recipient gets, from everything its bounce says: the rule
//! of [the module's documentation](super#which-status).

use crate::reply::ReplyCode;
use crate::{EnhancedCode, extract};

/// Where a candidate status was read; the order is the order of preference among equally
/// specific candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// The enhanced code that starts the server's reply.
    Reply,
    /// The `Status` field.
    StatusField,
    /// Another code in the diagnostic.
    Diagnostic,
    /// A code in `X-Supplementary-Info` or in the human-readable text.
    Elsewhere,
}

/// What a bounce says of a recipient's status.
#[derive(Default)]
pub(super) struct Evidence {
    reply: Option<ReplyCode>,
    codes: Vec<(EnhancedCode, Source)>,
}

impl Evidence {
    /// The server's reply in a diagnostic: its reply code, and the enhanced code that starts
    /// its text. The first reply read is the one kept.
    pub fn reply(&mut self, diagnostic: &str) {
        self.read_reply(diagnostic, Source::Reply);
    }

    /// The `Status` field: the code at its start, without the comment some MTAs add.
    pub fn status_field(&mut self, value: &str) {
        if let Some(found) = extract::codes(value.trim()).next() {
            self.codes.push((found.code(), Source::StatusField));
        }
    }

    /// Every code that stands as a word in a diagnostic.
    pub fn other(&mut self, diagnostic: &str) {
        self.codes
            .extend(extract::codes(diagnostic).map(|found| (found.code(), Source::Diagnostic)));
    }

    /// A reply and codes elsewhere in the bounce, where the report leaves them out.
    pub fn reply_elsewhere(&mut self, text: &str) {
        self.read_reply(text, Source::Elsewhere);
        self.codes
            .extend(extract::codes(text).map(|found| (found.code(), Source::Elsewhere)));
    }

    fn read_reply(&mut self, text: &str, source: Source) {
        let Some((code, enhanced)) = server_reply(text.as_bytes()) else {
            return;
        };
        if self.reply.is_none() {
            self.reply = Some(code);
        }
        if let Some(enhanced) = enhanced {
            self.codes.push((enhanced, source));
        }
    }

    /// Whether more could be learnt from elsewhere: the reply code is missing, or no code
    /// says more than the class.
    pub fn wants_more(&self) -> bool {
        self.reply.is_none()
            || !self
                .codes
                .iter()
                .any(|(code, _)| code.subject() != 0 || code.detail() != 0)
    }

    /// The status and the reply code, by the rule of the module's documentation.
    pub fn decide(&self) -> (Option<EnhancedCode>, Option<ReplyCode>) {
        let class = self.reply.and_then(ReplyCode::enhanced_class);
        let agreeing = |code: &EnhancedCode| class.is_none_or(|class| code.class() == class);
        let status = self
            .pick(|code| agreeing(code))
            .or_else(|| self.pick(|_| true));
        let reply = match status {
            Some(status) => self
                .reply
                .filter(|reply| reply.enhanced_class() == Some(status.class())),
            None => self.reply,
        };
        (status, reply)
    }

    /// The best of the candidates that `keep` keeps: the reply's own code; else the most
    /// specific of the status field and the diagnostic's codes, the status field first among
    /// equals; codes found elsewhere only where those say no more than the class.
    fn pick(&self, keep: impl Fn(&EnhancedCode) -> bool) -> Option<EnhancedCode> {
        let specificity =
            |code: EnhancedCode| u8::from(code.subject() != 0) * 2 + u8::from(code.detail() != 0);
        let best = |sources: &[Source]| {
            self.codes
                .iter()
                .filter(|(code, source)| sources.contains(source) && keep(code))
                .min_by_key(|&&(code, source)| (u8::MAX - specificity(code), source))
                .map(|&(code, _)| code)
        };
        if let Some(reply) = best(&[Source::Reply]) {
            return Some(reply);
        }
        let report = best(&[Source::StatusField, Source::Diagnostic]);
        match (report, best(&[Source::Elsewhere])) {
            (Some(report), Some(elsewhere))
                if specificity(report) == 0 && specificity(elsewhere) > 0 =>
            {
                Some(elsewhere)
            }
            (report, elsewhere) => report.or(elsewhere),
        }
    }
}

/// Whether `text` quotes a server's reply code.
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
