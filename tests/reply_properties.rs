//! Properties of replies on generated input: what the builder accepts parses back to itself,
//! and the parser reads any bytes, in any chunking, without panicking.

use proptest::prelude::*;
use smtp_status::reply::{self, ParseOptions, Reply, ReplyCode, ReplyError};
use smtp_status::{Class, EnhancedCode};

fn reply_code() -> impl Strategy<Value = ReplyCode> {
    (2u16..=5, 0u16..=5, 0u16..=9)
        .prop_map(|(a, b, c)| ReplyCode::new(a * 100 + b * 10 + c).unwrap())
}

fn enhanced_code() -> impl Strategy<Value = EnhancedCode> {
    let class = prop_oneof![
        Just(Class::Success),
        Just(Class::PersistentTransientFailure),
        Just(Class::PermanentFailure)
    ];
    (
        class,
        prop_oneof![0u16..=7, 0u16..=999],
        prop_oneof![0u16..=30, 0u16..=999],
    )
        .prop_map(|(class, subject, detail)| EnhancedCode::new(class, subject, detail))
}

/// Text with what makes replies hard: spaces, long words, codes, non-ASCII, control
/// characters and, now and then, CR, LF or NUL.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ a-zA-Z0-9.:<>@-]{0,40}",
        2 => "([245]\\.[0-9]{1,3}\\.[0-9]{1,3} )?[a-z ]{0,20}",
        2 => "[a-z]{1,700}( [a-z]{1,300}){0,3}",
        1 => "[ \\t\\u{80}-\\u{10ffff}]{0,300}",
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn what_the_builder_accepts_parses_back_to_itself(
        code in reply_code(),
        enhanced in proptest::option::of(enhanced_code()),
        lines in proptest::collection::vec(line(), 0..5),
    ) {
        match Reply::from_lines(code, enhanced, &lines) {
            Ok(built) => {
                let wire = built.to_string();
                let (parsed, used) = reply::parse_with(wire.as_bytes(), &ParseOptions::strict())
                    .map_err(|e| TestCaseError::fail(format!("{e}: {wire:?}")))?;
                prop_assert_eq!(used, wire.len());
                prop_assert_eq!(parsed.to_reply(), built.clone());
                prop_assert_eq!(parsed.line_count(), built.lines().len());
                for wire_line in wire.split_terminator("\r\n") {
                    prop_assert!(wire_line.len() + 2 <= reply::MAX_LINE_LEN);
                }
                // Codes: the parsed status is the enhanced code, or the class default.
                prop_assert_eq!(parsed.status(), enhanced.unwrap_or(code.default_status()));
            }
            Err(ReplyError::ClassMismatch { .. }) => {
                let enhanced = enhanced.expect("a mismatch needs an enhanced code");
                prop_assert_ne!(code.enhanced_class(), Some(enhanced.class()));
            }
            Err(ReplyError::ForbiddenCharacter { line, at, byte }) => {
                prop_assert!(matches!(byte, b'\r' | b'\n' | b'\0'));
                prop_assert_eq!(lines[line - 1].as_bytes()[at], byte);
            }
            Err(ReplyError::AmbiguousText { starts_with }) => {
                prop_assert!(enhanced.is_none());
                prop_assert!(lines[0].starts_with(&starts_with.to_string()));
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    #[test]
    fn any_bytes_parse_without_panic_within_bounds(input in proptest::collection::vec(any::<u8>(), 0..600)) {
        for options in [ParseOptions::new(), ParseOptions::strict()] {
            if let Ok((reply, used)) = reply::parse_with(&input, &options) {
                prop_assert!(used <= input.len());
                prop_assert_eq!(reply.as_bytes(), &input[..used]);
                prop_assert!(input[used - 1] == b'\n');
                prop_assert_eq!(reply.lines().count(), reply.line_count());
                let _ = reply.to_reply();
            }
        }
    }

    #[test]
    fn replies_read_the_same_whatever_the_chunks(
        replies in proptest::collection::vec((reply_code(), proptest::option::of(enhanced_code()), proptest::collection::vec(line(), 1..4)), 1..4),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
    ) {
        let built: Vec<Reply> = replies
            .iter()
            .filter_map(|(code, enhanced, lines)| Reply::from_lines(*code, *enhanced, lines).ok())
            .collect();
        let stream: Vec<u8> = built.iter().flat_map(Reply::to_bytes).collect();
        // Feed the stream in chunks, as a socket would, parsing whenever a chunk arrives.
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(stream.len() + 1)).collect();
        points.push(stream.len());
        points.sort_unstable();
        let mut buffer = Vec::new();
        let mut read = Vec::new();
        let mut fed = 0;
        for point in points {
            buffer.extend_from_slice(&stream[fed..point]);
            fed = point;
            loop {
                match reply::parse(&buffer) {
                    Ok((reply, used)) => {
                        read.push(reply.to_reply());
                        buffer.drain(..used);
                    }
                    Err(ReplyError::Incomplete) => break,
                    Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
                }
            }
        }
        prop_assert!(buffer.is_empty());
        prop_assert_eq!(read, built);
    }
}
