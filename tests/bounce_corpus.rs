//! The bounce corpus (`tests/corpus/bounces/`: sisimai's set-of-emails, with sisimai's
//! answers): every message is read without an error, the LF, CRLF and CR copies of a
//! message give the same answers, the status and reply code of each recipient agree with
//! the expected ones on at least 97 % of the rows whose expected status is a real code, and
//! the reason and the hard-bounce verdict of each on at least 90 % and 97 % of all rows, well
//! above what the codes alone give.
//!
//! `cargo test --features bounce --test bounce_corpus -- --nocapture` prints the figures and
//! every row that disagrees.

#![cfg(feature = "bounce")]

use serde_json::Value;
use smtp_status::bounce::{self, Bounce};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/bounces");

/// One expected row of `expected.json`.
struct Expected {
    status: Option<String>,
    internal: bool,
    reply_code: Option<u64>,
    reason: String,
    hard_bounce: bool,
}

fn expected() -> BTreeMap<String, Vec<Expected>> {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("expected.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json.as_object()
        .unwrap()
        .iter()
        .map(|(file, rows)| {
            let rows = rows
                .as_array()
                .unwrap()
                .iter()
                .map(|row| Expected {
                    status: row["status"].as_str().map(str::to_owned),
                    internal: row["status_internal"].as_bool().unwrap_or(false),
                    reply_code: row["reply_code"].as_u64(),
                    reason: row["reason"].as_str().unwrap().to_owned(),
                    hard_bounce: row["hard_bounce"].as_bool().unwrap(),
                })
                .collect();
            (file.clone(), rows)
        })
        .collect()
}

fn read(file: &str) -> Result<Bounce, String> {
    let bytes = std::fs::read(Path::new(CORPUS).join(file)).map_err(|e| e.to_string())?;
    bounce::parse(&bytes).map_err(|e| e.to_string())
}

/// Agreement on one field: rows that agree, of rows judged.
#[derive(Default)]
struct Score {
    agree: usize,
    judged: usize,
}

impl Score {
    fn add(&mut self, agrees: bool) {
        self.judged += 1;
        self.agree += usize::from(agrees);
    }

    fn percent(&self) -> f64 {
        100.0 * self.agree as f64 / self.judged.max(1) as f64
    }
}

#[test]
fn the_corpus_is_read_and_agrees_with_the_expected_answers() {
    let expected = expected();
    assert!(expected.len() > 400, "the corpus is there");
    let (mut status, mut reply) = (Score::default(), Score::default());
    let (mut reason, mut hard) = (Score::default(), Score::default());
    let (mut code_reason, mut code_hard) = (Score::default(), Score::default());
    let mut reason_misses = String::new();
    let mut misses = String::new();
    let mut errors = Vec::new();
    for (file, rows) in &expected {
        let bounce = match read(file) {
            Ok(bounce) => bounce,
            Err(e) => {
                errors.push(format!("{file}: {e}"));
                continue;
            }
        };
        let recipients = bounce.recipients();
        for (index, row) in rows.iter().enumerate() {
            let found = recipients.get(index);
            let found_reason = found.map(|r| r.reason());
            reason.add(found_reason.is_some_and(|r| r.as_str() == row.reason));
            hard.add(found.map(|r| r.is_hard_bounce()) == Some(row.hard_bounce));
            // What the codes alone say: the same rules, without the text, host or type.
            let (status, reply) = (
                found.and_then(|r| r.status()),
                found.and_then(|r| r.reply_code()),
            );
            let by_code = bounce::classify(status, reply, "", None);
            code_reason.add(by_code.as_str() == row.reason);
            code_hard.add(bounce::is_hard_bounce(by_code, status, reply) == row.hard_bounce);
            if found_reason.is_none_or(|r| r.as_str() != row.reason) {
                writeln!(
                    reason_misses,
                    "{file} #{}: expected {} {}, found {:?} {:?}",
                    index + 1,
                    row.reason,
                    row.hard_bounce,
                    found_reason,
                    found.map(|r| r.is_hard_bounce()),
                )
                .unwrap();
            }
        }
        for (index, row) in rows.iter().enumerate() {
            let Some(expected_status) = row.status.as_deref().filter(|_| !row.internal) else {
                continue;
            };
            let found = recipients.get(index);
            let found_status = found.and_then(|r| r.status()).map(|s| s.to_string());
            let found_reply = found
                .and_then(|r| r.reply_code())
                .map(|c| u64::from(c.get()));
            let status_agrees = found_status.as_deref() == Some(expected_status);
            let reply_agrees = found_reply == row.reply_code;
            status.add(status_agrees);
            reply.add(reply_agrees);
            if !status_agrees || !reply_agrees {
                writeln!(
                    misses,
                    "{file} #{}: expected {expected_status} {:?}, found {:?} {:?} ({} recipients) {:?}",
                    index + 1,
                    row.reply_code,
                    found_status,
                    found_reply,
                    recipients.len(),
                    found.and_then(|r| r.diagnostic()).map(|d| &d[..d.len().min(120)]),
                )
                .unwrap();
            }
        }
    }
    let variants = variants_disagreeing();
    println!("{misses}");
    println!("{reason_misses}");
    println!(
        "status agreement {:.1} % ({}/{}), reply code agreement {:.1} % ({}/{}), {} files not read, {} variants disagreeing",
        status.percent(),
        status.agree,
        status.judged,
        reply.percent(),
        reply.agree,
        reply.judged,
        errors.len(),
        variants.len()
    );
    println!(
        "reason agreement {:.1} % ({}/{}), hard-bounce agreement {:.1} % ({}/{}); from the codes \
         alone: reason {:.1} %, hard bounce {:.1} %",
        reason.percent(),
        reason.agree,
        reason.judged,
        hard.percent(),
        hard.agree,
        hard.judged,
        code_reason.percent(),
        code_hard.percent(),
    );
    assert!(errors.is_empty(), "files not read:\n{}", errors.join("\n"));
    assert!(
        variants.is_empty(),
        "variants disagree:\n{}",
        variants.join("\n")
    );
    assert!(status.percent() >= 97.0, "status agreement below 97 %");
    assert!(reply.percent() >= 97.0, "reply code agreement below 97 %");
    assert!(reason.percent() >= 90.0, "reason agreement below 90 %");
    assert!(hard.percent() >= 97.0, "hard-bounce agreement below 97 %");
    assert!(
        reason.percent() >= code_reason.percent() + 20.0,
        "the reasons are not well above what the codes alone give"
    );
}

/// The dos/ and mac/ copies whose answers differ from their bsd/ (or dos/) partner's.
fn variants_disagreeing() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("variants.json")).unwrap();
    let pairs: BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
    let answers = |file: &str| {
        read(file).map(|bounce| {
            bounce
                .recipients()
                .iter()
                .map(|r| {
                    (
                        r.status(),
                        r.reply_code(),
                        r.action(),
                        r.reason(),
                        r.is_hard_bounce(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    pairs
        .iter()
        .filter(|(variant, partner)| answers(variant) != answers(partner))
        .map(|(variant, partner)| format!("{variant} ≠ {partner}"))
        .collect()
}

/// The rule that a number after a word is a version loses no real code: each expected status
/// that a message's text holds as a token is found in it.
#[test]
fn every_expected_status_in_the_text_is_found() {
    let mut checked = 0;
    for (file, rows) in expected() {
        let bytes = std::fs::read(Path::new(CORPUS).join(&file)).unwrap();
        let found: Vec<String> = smtp_status::extract::codes(&bytes)
            .map(|f| f.code().to_string())
            .collect();
        for status in rows.iter().filter_map(|r| r.status.as_deref()) {
            let token = |at: usize| {
                let edge = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_digit() && *b != b'.');
                edge(at.checked_sub(1).and_then(|i| bytes.get(i)))
                    && edge(bytes.get(at + status.len()))
            };
            let stands_alone = bytes
                .windows(status.len())
                .enumerate()
                .any(|(at, window)| window == status.as_bytes() && token(at));
            if stands_alone {
                checked += 1;
                assert!(
                    found.iter().any(|f| f == status),
                    "{file}: {status} not found"
                );
            }
        }
    }
    assert!(checked > 300, "{checked} statuses checked");
}
