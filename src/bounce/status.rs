//! Which status and reply code a recipient gets, from everything its bounce says: the rule
//! of [the module's documentation](super#which-status).

use super::quoted::server_reply;
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
