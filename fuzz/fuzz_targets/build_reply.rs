//! Building replies: whatever the builder accepts is valid on the wire (lines of at most 512
//! octets, CR and LF only as line ends) and parses back, strictly, to the same reply.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use smtp_status::reply::{self, ParseOptions, Reply, ReplyCode, ReplyError};
use smtp_status::{Class, EnhancedCode};

#[derive(Arbitrary, Debug)]
struct Input {
    code: u16,
    enhanced: Option<(u8, u16, u16)>,
    lines: Vec<String>,
}

fuzz_target!(|input: Input| {
    let Some(code) = ReplyCode::new(200 + input.code % 400) else { return };
    let enhanced = input.enhanced.map(|(class, subject, detail)| {
        let class = [Class::Success, Class::PersistentTransientFailure, Class::PermanentFailure][usize::from(class % 3)];
        EnhancedCode::new(class, subject % 1000, detail % 1000)
    });
    match Reply::from_lines(code, enhanced, &input.lines) {
        Ok(built) => {
            let wire = built.to_bytes();
            for line in wire.split_inclusive(|&b| b == b'\n') {
                assert!(line.len() <= reply::MAX_LINE_LEN);
                assert!(line.ends_with(b"\r\n"));
                let body = &line[..line.len() - 2];
                assert!(!body.contains(&b'\r') && !body.contains(&b'\n') && !body.contains(&0));
            }
            let (parsed, used) = reply::parse_with(&wire, &ParseOptions::strict()).expect("a built reply parses");
            assert_eq!(used, wire.len());
            assert_eq!(parsed.to_reply(), built);
        }
        Err(ReplyError::ClassMismatch { .. }) => {
            assert_ne!(code.enhanced_class(), enhanced.map(|e| e.class()));
        }
        Err(ReplyError::ForbiddenCharacter { line, at, byte }) => {
            assert!(matches!(byte, b'\r' | b'\n' | b'\0'));
            assert_eq!(input.lines[line - 1].as_bytes()[at], byte);
        }
        Err(ReplyError::AmbiguousText { starts_with }) => {
            assert!(enhanced.is_none());
            assert!(input.lines[0].starts_with(&starts_with.to_string()));
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
});
