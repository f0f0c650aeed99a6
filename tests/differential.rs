//! The code parser against an independent reference, a regular expression for RFC 3463's
//! grammar, on millions of random and mutated strings: they must agree on every one.

use regex::bytes::Regex;
use smtp_status::EnhancedCode;

/// RFC 3463 §3.1: `class "." subject "." detail`, class 2, 4 or 5, subject and detail one to
/// three digits without a leading zero.
const GRAMMAR: &str = r"\A([245])\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\z";

/// A small, fixed-seed generator (xorshift), so that a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Bytes that matter to the grammar, and some that do not.
const ALPHABET: &[u8] = b"0123456789....  X-+x\t\n\xc3\xa9\xd9\xa1";

fn check(reference: &Regex, input: &[u8]) {
    let ours = EnhancedCode::from_bytes(input);
    match reference.captures(input) {
        Some(parts) => {
            let number = |i: usize| {
                std::str::from_utf8(&parts[i])
                    .unwrap()
                    .parse::<u16>()
                    .unwrap()
            };
            let code =
                ours.unwrap_or_else(|e| panic!("{input:?}: the reference accepts, we say {e}"));
            assert_eq!(
                (code.class().as_u8(), code.subject(), code.detail()),
                (number(1) as u8, number(2), number(3)),
                "{input:?}"
            );
        }
        None => assert!(
            ours.is_err(),
            "{input:?}: the reference rejects, we accept {ours:?}"
        ),
    }
}

#[test]
fn the_parser_agrees_with_the_grammar_on_random_strings() {
    let reference = Regex::new(GRAMMAR).unwrap();
    let mut random = Random(0x3463_2034_5321_0001);
    let mut input = Vec::with_capacity(16);
    let mut accepted = 0;
    for _ in 0..1_500_000 {
        input.clear();
        let len = random.below(12);
        input.extend((0..len).map(|_| ALPHABET[random.below(ALPHABET.len())]));
        check(&reference, &input);
        accepted += usize::from(reference.is_match(&input));
    }
    assert!(
        accepted > 100,
        "random strings hit the grammar too: {accepted}"
    );
}

#[test]
fn the_parser_agrees_with_the_grammar_on_mutated_codes() {
    let reference = Regex::new(GRAMMAR).unwrap();
    let mut random = Random(0x2034_3463_0002);
    let mut accepted = 0;
    for _ in 0..1_500_000 {
        // A well-formed code, then up to three edits: insert, delete or replace a byte.
        let class = [b'2', b'4', b'5'][random.below(3)];
        let mut input = format!(
            "{}.{}.{}",
            class as char,
            random.below(1000),
            random.below(1000)
        )
        .into_bytes();
        for _ in 0..random.below(4) {
            let at = random.below(input.len() + 1);
            let byte = ALPHABET[random.below(ALPHABET.len())];
            match random.below(3) {
                0 => input.insert(at, byte),
                1 if at < input.len() => {
                    input.remove(at);
                }
                _ if at < input.len() => input[at] = byte,
                _ => {}
            }
        }
        check(&reference, &input);
        accepted += usize::from(reference.is_match(&input));
    }
    assert!(
        accepted > 100_000,
        "mutations keep some codes well-formed: {accepted}"
    );
}
