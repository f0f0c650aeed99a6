//! The bounce corpus (`tests/corpus/bounces/`: sisimai's set-of-emails, with sisimai's
//! answers): every message is read without an error, the LF, CRLF and CR copies of a
//! message give the same answers, and the status and reply code of each recipient agree with
//! the expected ones on at least 97 % of the rows whose expected status is a real code.
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
    assert!(errors.is_empty(), "files not read:\n{}", errors.join("\n"));
    assert!(
        variants.is_empty(),
        "variants disagree:\n{}",
        variants.join("\n")
    );
    assert!(status.percent() >= 97.0, "status agreement below 97 %");
    assert!(reply.percent() >= 97.0, "reply code agreement below 97 %");
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
                .map(|r| (r.status(), r.reply_code(), r.action()))
                .collect::<Vec<_>>()
        })
    };
    pairs
        .iter()
        .filter(|(variant, partner)| answers(variant) != answers(partner))
        .map(|(variant, partner)| format!("{variant} ≠ {partner}"))
        .collect()
}
