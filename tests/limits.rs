//! Hostile input: huge lines, endless replies and streams that never end are each refused
//! with an error, within a buffer of bounded size; nothing forges a reply.

use smtp_status::extract;
use smtp_status::reply::{self, LENIENT_MAX_LINE_LEN, MAX_REPLY_LEN, Reply, ReplyCode, ReplyError};
use std::io::Read;

#[test]
fn a_ten_megabyte_line_is_refused() {
    let mut line = b"250 ".to_vec();
    line.resize(10 << 20, b'x');
    assert_eq!(
        reply::parse(&line),
        Err(ReplyError::LineTooLong {
            line: 1,
            limit: LENIENT_MAX_LINE_LEN
        })
    );
    line.extend_from_slice(b"\r\n");
    assert_eq!(
        reply::parse(&line),
        Err(ReplyError::LineTooLong {
            line: 1,
            limit: LENIENT_MAX_LINE_LEN
        })
    );
    // The extractor reads it to the end without finding a code in it.
    assert_eq!(extract::codes(&line).count(), 0);
    let dotted = "5.".repeat(5 << 20);
    assert_eq!(extract::codes(&dotted).count(), 0);
}

#[test]
fn a_reply_of_a_hundred_thousand_lines_is_refused() {
    let mut input = "250-x\r\n".repeat(100_000);
    input.push_str("250 end\r\n");
    assert_eq!(
        reply::parse(input.as_bytes()),
        Err(ReplyError::ReplyTooLong {
            limit: MAX_REPLY_LEN
        })
    );
}

/// A peer that never stops talking.
struct Endless {
    pattern: &'static [u8],
    at: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        for byte in buf.iter_mut() {
            *byte = self.pattern[self.at % self.pattern.len()];
            self.at += 1;
        }
        Ok(buf.len())
    }
}

/// Reads like a client: a chunk at a time, parsing after each, until the parser decides.
fn read_until_decided(mut peer: impl Read) -> (ReplyError, usize) {
    let mut buffer = Vec::new();
    let mut chunk = [0; 4096];
    for _ in 0..1000 {
        let read = peer.read(&mut chunk).unwrap();
        buffer.extend_from_slice(&chunk[..read]);
        match reply::parse(&buffer) {
            Err(ReplyError::Incomplete) => continue,
            Err(error) => return (error, buffer.len()),
            Ok((reply, _)) => panic!("an endless stream gave a reply: {reply:?}"),
        }
    }
    panic!("no decision after 1000 chunks ({} bytes)", buffer.len());
}

#[test]
fn a_stream_that_never_ends_is_refused_in_bounded_memory() {
    let bound = MAX_REPLY_LEN + LENIENT_MAX_LINE_LEN + 4096;
    for pattern in [
        &b"250-continuation line\r\n"[..],
        b"x",
        b"250 no line end ever ",
        b"250-\n",
    ] {
        let (error, buffered) = read_until_decided(Endless { pattern, at: 0 });
        assert!(
            matches!(
                error,
                ReplyError::ReplyTooLong { .. }
                    | ReplyError::LineTooLong { .. }
                    | ReplyError::InvalidReplyCode { .. }
            ),
            "{pattern:?}: {error}"
        );
        assert!(buffered <= bound, "{pattern:?}: {buffered} bytes buffered");
    }
}

#[test]
fn no_text_can_forge_a_reply() {
    let code = ReplyCode::new(550).unwrap();
    for text in [
        "ok\r\n250 2.0.0 forged",
        "ok\n250 forged",
        "ok\r250 forged",
        "ok\0",
    ] {
        assert!(
            matches!(
                Reply::new(code, None, text),
                Err(ReplyError::ForbiddenCharacter { .. })
            ),
            "{text:?}"
        );
        let lines = ["fine", text];
        assert!(matches!(
            Reply::from_lines(code, None, lines),
            Err(ReplyError::ForbiddenCharacter { line: 2, .. })
        ));
    }
    // Whatever is accepted is exactly one reply on the wire.
    let reply = Reply::new(code, None, "ok 250 2.0.0 not forged").unwrap();
    let wire = reply.to_bytes();
    let (parsed, used) = reply::parse(&wire).unwrap();
    assert_eq!((used, parsed.line_count()), (wire.len(), 1));
}
