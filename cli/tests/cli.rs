//! The `smtp-status` binary, run as a user runs it: each subcommand, its JSON, exit codes,
//! standard input, gzip, bytes that are not UTF-8, a closed pipe and colours.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{Read, Write};
use std::process::Stdio;

fn smtp_status() -> Command {
    let mut command = Command::cargo_bin("smtp-status").expect("the binary is built");
    command.env_remove("NO_COLOR");
    command
}

/// Runs with `--json` and returns the document, checking the exit code.
fn json(args: &[&str], stdin: &[u8], code: i32) -> Value {
    let output = smtp_status()
        .arg("--json")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

fn text(args: &[&str], code: i32) -> (String, String) {
    let output = smtp_status().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(code), "{args:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The `code` of each entry of a document's `codes`.
fn code_names(document: &Value) -> Vec<&str> {
    let codes = document["codes"].as_array().expect("a codes array");
    codes
        .iter()
        .map(|c| c["code"].as_str().expect("a code"))
        .collect()
}

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/bounces.log");

#[test]
fn explain_gives_the_meaning_of_codes_keys_and_reply_lines() {
    let (out, err) = text(&["explain", "5.1.1"], 0);
    assert!(err.is_empty());
    assert!(
        out.starts_with("5.1.1  Bad destination mailbox address\n"),
        "{out}"
    );
    for line in [
        "class       5  Permanent Failure",
        "subject     1  Addressing Status",
        "reference   RFC 3463",
        "reply codes 451 550",
    ] {
        assert!(out.contains(line), "{line:?} in {out}");
    }
    let (out, _) = text(&["explain", "5.7.606"], 0);
    assert!(
        out.starts_with("5.7.606  Other or undefined security status (not registered)\n"),
        "{out}"
    );
    assert!(
        out.contains("not registered; RFC 3463 reads it as X.7.0"),
        "{out}"
    );
    let (out, _) = text(
        &[
            "explain",
            "550 5.1.1 <a@example.com>: Recipient address rejected",
        ],
        0,
    );
    assert!(out.contains("reply code  550"), "{out}");
}

#[test]
fn explain_json_has_every_field() {
    let document = json(
        &[
            "explain",
            "5.1.1",
            "X.7.1",
            "5.7.606",
            "550 5.1.1 <a@example.com>: Recipient address rejected",
            "4.9.1",
        ],
        b"",
        0,
    );
    let entries = document.as_array().expect("an array, one entry per input");
    assert_eq!(entries.len(), 5);
    let fields = [
        "input",
        "code",
        "class",
        "subject",
        "detail",
        "registered",
        "title",
        "description",
        "reference",
        "reply_codes",
    ];
    for entry in entries {
        for field in fields {
            assert!(entry.get(field).is_some(), "{field} in {entry}");
        }
    }
    assert_eq!(entries[0]["code"], "5.1.1");
    assert_eq!(entries[0]["class"], 5);
    assert_eq!(
        (&entries[0]["subject"], &entries[0]["detail"]),
        (&Value::from(1), &Value::from(1))
    );
    assert_eq!(entries[0]["registered"], true);
    assert_eq!(entries[0]["title"], "Bad destination mailbox address");
    assert_eq!(entries[0]["reference"], "RFC 3463");
    assert_eq!(entries[0]["reply_codes"], serde_json::json!(["451", "550"]));
    assert_eq!(entries[0]["name"], "BadDestinationMailboxAddress");
    // A key leaves the class open.
    assert_eq!(entries[1]["code"], "X.7.1");
    assert_eq!(entries[1]["class"], Value::Null);
    assert_eq!(
        entries[1]["title"],
        "Delivery not authorized, message refused"
    );
    // Unregistered: the fallback meaning, marked.
    assert_eq!(entries[2]["registered"], false);
    assert_eq!(entries[2]["title"], "Other or undefined security status");
    assert_eq!(entries[2]["fallback"], "X.7.0");
    assert_eq!(entries[2]["reply_codes"], serde_json::json!([]));
    // A reply line: its enhanced code, and the reply code.
    assert_eq!(entries[3]["code"], "5.1.1");
    assert_eq!(entries[3]["reply_code"], 550);
    assert_eq!(
        entries[3]["input"],
        "550 5.1.1 <a@example.com>: Recipient address rejected"
    );
    // An unknown subject: the class.
    assert_eq!(entries[4]["title"], "Persistent Transient Failure");
    assert_eq!(entries[4]["subject_title"], Value::Null);
    // What a failure with the code means; a key has no class, so no reason.
    assert_eq!(entries[0]["reason"], "userunknown");
    assert_eq!(entries[0]["hard_bounce"], true);
    assert_eq!(entries[1]["reason"], Value::Null);
    assert_eq!(entries[2]["reason"], "blocked");
    assert!(
        entries[2]["provider_note"]
            .as_str()
            .unwrap()
            .starts_with("Microsoft: ")
    );
    assert_eq!(entries[2]["rule"], "data/bounce_rules.csv:2");
    assert_eq!(entries[3]["reason"], "userunknown");
    assert_eq!(entries[3]["provider_note"], Value::Null);
}

#[test]
fn explain_shows_what_a_provider_documents_its_words_to_mean() {
    let reply =
        "550 5.1.1 <a@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607";
    let (out, _) = text(&["explain", reply], 0);
    assert!(
        out.contains("\n  reason      ratelimited (soft bounce)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "\n  provider    GoDaddy: the sending IP has sent to too many recipients this hour\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n  rule        data/bounce_rules.csv:"),
        "{out}"
    );
}

#[test]
fn scan_counts_failures_by_reason() {
    let log = "dsn=5.1.1, status=bounced (host mx[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))\n\
               dsn=2.0.0, status=sent (250 2.0.0 Ok)\n\
               dsn=4.2.2, status=deferred (said: 452 4.2.2 Mailbox full)\n\
               said: 550 5.1.1 <b@example.com>: Recipient address rejected: User unknown\n\
               status=deferred (connect to mx.example.org[192.0.2.1]:25: Connection timed out)\n\
               nothing here\n";
    let document = json(&["scan", "--reasons"], log.as_bytes(), 0);
    assert_eq!(document["lines"], 6);
    assert_eq!(document["failures"], 4);
    let reasons: Vec<(&str, u64, u64)> = document["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().unwrap(),
                r["count"].as_u64().unwrap(),
                r["hard_bounces"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("userunknown", 2, 2),
            ("expired", 1, 0),
            ("mailboxfull", 1, 0)
        ]
    );
    let output = smtp_status()
        .args(["scan", "--reasons", "--top", "1"])
        .write_stdin(log)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        out,
        format!(
            "    count       hard  reason           meaning\n        2          2  userunknown      \
             The recipient's mailbox does not exist: remove the address.\n6 lines, {} bytes, 4 \
             failures\n",
            log.len()
        )
    );
    // The sample log.
    let sample = json(&["scan", "--reasons", SAMPLE], b"", 0);
    assert_eq!(sample["failures"], 63);
    assert_eq!(sample["reasons"][0]["reason"], "userunknown");
}

#[test]
fn explain_reads_what_people_paste() {
    let first_lines = |input: &str| -> String {
        let (out, err) = text(&["explain", input], 0);
        assert!(err.is_empty(), "{input}: {err}");
        out.lines()
            .filter(|l| {
                !l.starts_with(' ')
                    || l.starts_with("  found")
                    || l.starts_with("  reply code  ")
                    || l.starts_with("  reason")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let cases = [
        (
            "550-5.1.1 The email account that you tried to reach does not exist. Please try",
            "5.1.1  Bad destination mailbox address\n  found       one line of a multi-line \
             reply\n  reply code  550\n  reason      userunknown (hard bounce)",
        ),
        (
            "Status: 5.1.1",
            "5.1.1  Bad destination mailbox address\n  found       in the text\n  reason      \
             userunknown (hard bounce)",
        ),
        (
            "Diagnostic-Code: smtp; 550 5.1.1 <x@example.com>... User unknown",
            "5.1.1  Bad destination mailbox address\n  found       in the text\n  reply code  \
             550\n  reason      userunknown (hard bounce)",
        ),
        (
            "said: 550 5.1.1 User unknown",
            "5.1.1  Bad destination mailbox address\n  found       in the text\n  reply code  \
             550\n  reason      userunknown (hard bounce)",
        ),
        (
            "5.1.1 User unknown",
            "5.1.1  Bad destination mailbox address\n  found       in the text\n  reason      \
             userunknown (hard bounce)",
        ),
        (
            "Nov 29 04:02:05 relay postfix/smtp[2708]: 2C9D4C2472: to=<frank@example.org>, \
             relay=mx.example.net[198.51.100.25]:25, dsn=5.2.2, status=bounced (host \
             mx.example.net[198.51.100.25] said: 552 5.2.2 <frank@example.org>: Mailbox full \
             (in reply to end of DATA command))",
            "5.2.2  Mailbox full\n  found       in the text\n  reply code  552\n  reason      \
             mailboxfull (soft bounce)",
        ),
        (
            "550 4.7.1 Relay access denied",
            "4.7.1  Delivery not authorized, message refused\n  found       at the start of the \
             reply's text, but of class 4 in a 5xx reply: a client ignores it\n  reply code  550",
        ),
        ("mailboxfull", "X.2.2  Mailbox full"),
        (
            "badDestinationMailboxAddress",
            "X.1.1  Bad destination mailbox address",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(first_lines(input), expected, "{input}");
    }
    // Every code of the text, each once; no blank line before the first result when an
    // earlier input failed.
    let (out, err) = text(
        &[
            "explain",
            "nothing here",
            "dsn=4.2.2 then 452 4.2.2 and (5.7.1)",
        ],
        1,
    );
    assert!(err.starts_with("error: \"nothing here\""), "{err}");
    assert!(out.starts_with("4.2.2  Mailbox full\n"), "{out}");
    assert!(out.contains("\n\n5.7.1  Delivery not authorized"), "{out}");
    assert_eq!(out.matches("4.2.2  Mailbox full").count(), 1, "{out}");
}

#[test]
fn explain_reads_a_bounce_on_standard_input() {
    let message = std::fs::read(format!("{CORPUS}/bsd/lhost-postfix-02.eml")).unwrap();
    let document = json(&["explain", "-"], &message, 0);
    let entries = document.as_array().unwrap();
    let found: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["found"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("recipient filtered@example.co.jp", "5.2.1", "userunknown"),
            (
                "recipient userunknown@example.co.jp",
                "5.1.1",
                "userunknown"
            )
        ]
    );
    // Text on standard input is read as text.
    let document = json(&["explain", "-"], b"Status: 4.4.7\n", 0);
    assert_eq!(document[0]["code"], "4.4.7");
}

#[test]
fn explain_exit_codes() {
    // Nothing found: a reply without an enhanced code, an unregistered key.
    let (out, err) = text(&["explain", "250 OK"], 1);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: \"250 OK\": the reply has no enhanced status code (a client reads it as 2.0.0)\n"
    );
    text(&["explain", "X.9.9"], 1);
    // Text without a code.
    let (_, err) = text(&["explain", "hello"], 1);
    assert!(
        err.starts_with(
            "error: \"hello\": no enhanced status code in the input: expected a code (5.1.1)"
        ),
        "{err}"
    );
    let (_, err) = text(&["explain", "said: 550 User unknown"], 1);
    assert_eq!(
        err,
        "error: \"said: 550 User unknown\": no enhanced status code in the input; its reply \
         code 550 reads as 5.0.0\n"
    );
    let (_, err) = text(&["explain", "5.01.1"], 2);
    assert_eq!(
        err,
        "error: \"5.01.1\": invalid enhanced status code: invalid leading zero in subject at byte 2\n"
    );
    text(&["explain", "6.1.1"], 2);
    text(&["explain", "X.01.1"], 2);
    // The worst outcome decides, and the good inputs are still explained.
    let document = json(&["explain", "5.1.1", "250 OK", "5.01.1"], b"", 2);
    assert_eq!(document[0]["code"], "5.1.1");
    assert_eq!(document[1]["input"], "250 OK");
    assert!(document[1]["error"].is_string());
    assert!(document[2]["error"].is_string());
    let document = json(&["explain", "5.1.1", "X.9.9"], b"", 1);
    assert_eq!(document.as_array().map(Vec::len), Some(2));
    // Bad usage.
    let (_, err) = text(&["explain"], 2);
    assert!(err.starts_with("error: "), "{err}");
    text(&["frobnicate"], 2);
}

#[test]
fn list_prints_the_registry() {
    let (out, _) = text(&["list"], 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 81, "a header and 81 codes");
    assert!(lines[1].starts_with("X.0.0  Other undefined Status"));
    // Every row on one line (no terminal), the reply codes in one column whatever the title.
    let column = lines[0].find("reply codes").unwrap();
    for line in &lines[1..] {
        let (head, codes) = line.split_at(column.min(line.len()));
        assert!(
            codes.is_empty() || codes.starts_with(|c: char| c.is_ascii_digit() || c == '('),
            "{line}"
        );
        assert!(head.len() == column || codes.is_empty(), "{line}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("X.6.10") && l.ends_with("(deprecated)"))
    );
    let (out, _) = text(&["list", "--subject", "7"], 0);
    assert_eq!(out.lines().count(), 1 + 31, "X.7.0 to X.7.30");
    assert!(out.lines().skip(1).all(|l| l.starts_with("X.7.")));
    let (out, _) = text(&["list", "--subject", "2", "--class", "4"], 0);
    let codes: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(codes, ["4.2.0", "4.2.1", "4.2.2", "4.2.3", "4.2.4"]);
    let document = json(&["list"], b"", 0);
    let codes = document["codes"].as_array().expect("codes");
    assert_eq!(codes.len(), 81);
    assert_eq!(codes[2]["code"], "X.1.1");
    assert_eq!(codes[2]["name"], "BadDestinationMailboxAddress");
    assert_eq!(codes[2]["reply_codes"], serde_json::json!(["451", "550"]));
    let (_, err) = text(&["list", "--subject", "9"], 2);
    assert!(err.starts_with("error: unknown subject 9"), "{err}");
    text(&["list", "--class", "3"], 2);
}

#[test]
fn search_finds_codes_by_words() {
    let document = json(&["search", "DKIM", "signature"], b"", 0);
    let codes = code_names(&document);
    assert_eq!(codes, ["X.7.20", "X.7.21", "X.7.22"]);
    let document = json(&["search", "mailbox"], b"", 0);
    for code in document["codes"].as_array().unwrap() {
        let haystack = format!(
            "{} {} {} {}",
            code["code"], code["name"], code["title"], code["description"]
        )
        .to_lowercase();
        assert!(haystack.contains("mailbox"), "{code}");
    }
    let (out, _) = text(&["search", "no-such-word-anywhere"], 1);
    assert_eq!(out, "no codes match\n");
    // A concrete code finds its registry entry, as the key does.
    for query in ["5.7.26", "4.7.26", "x.7.26", "X.7.26"] {
        let document = json(&["search", query], b"", 0);
        assert_eq!(code_names(&document), ["X.7.26"], "{query}");
    }
}

#[test]
fn list_wraps_titles_to_the_terminal_width() {
    let output = smtp_status()
        .args(["list", "--subject", "7"])
        .env("COLUMNS", "72")
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let title = lines[0].find("title").unwrap();
    let replies = lines[0].find("reply codes").unwrap();
    let mut continued = 0;
    for line in &lines[1..] {
        if line.starts_with("X.7.") {
            assert_eq!(line[title - 1..].chars().next(), Some(' '), "{line}");
        } else {
            // A wrapped title goes on under its column, and never into the reply codes'.
            assert!(line[..title].trim().is_empty(), "{line}");
            assert!(line.len() <= replies, "{line}");
            continued += 1;
        }
    }
    assert!(continued > 0, "some titles wrap at 72 columns:\n{out}");
    // Every word of every title is still there.
    let document = json(&["list", "--subject", "7"], b"", 0);
    for code in document["codes"].as_array().unwrap() {
        for word in code["title"].as_str().unwrap().split_whitespace() {
            assert!(out.contains(word), "{word}");
        }
    }
}

#[test]
fn scan_counts_codes_from_stdin_files_and_gzip() {
    let log = "dsn=5.1.1, status=bounced (said: 550 5.1.1 User unknown)\nv2.11.0 1.2.3.4 451 4.7.1 later\n550-5.7.606 x\n";
    let document = json(&["scan"], log.as_bytes(), 0);
    assert_eq!(document["lines"], 3);
    assert_eq!(document["bytes"], log.len());
    assert_eq!(
        document["codes"],
        serde_json::json!([
            {"code": "5.1.1", "count": 2, "title": "Bad destination mailbox address", "registered": true},
            {"code": "4.7.1", "count": 1, "title": "Delivery not authorized, message refused", "registered": true},
            {"code": "5.7.606", "count": 1, "title": "Other or undefined security status", "registered": false},
        ])
    );
    assert_eq!(
        json(&["scan", "-", "--top", "1"], log.as_bytes(), 0)["codes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("mail.log");
    std::fs::write(&plain, log).unwrap();
    let gzipped = dir.path().join("mail.log.1.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gzipped).unwrap(),
        flate2::Compression::default(),
    );
    encoder.write_all(log.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let both = json(
        &["scan", plain.to_str().unwrap(), gzipped.to_str().unwrap()],
        b"",
        0,
    );
    assert_eq!(both["lines"], 6);
    assert_eq!(both["bytes"], 2 * log.len());
    assert_eq!(both["codes"][0]["code"], "5.1.1");
    assert_eq!(both["codes"][0]["count"], 4);

    // A file that cannot be read: an error, and the others are still counted.
    let missing = dir.path().join("missing.log");
    let output = smtp_status()
        .args([
            "scan",
            "--json",
            missing.to_str().unwrap(),
            plain.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: "));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["lines"], 3);
    assert_eq!(document["errors"][0]["file"], missing.to_str().unwrap());
    assert!(
        document["errors"][0]["error"]
            .as_str()
            .unwrap()
            .contains("No such file")
    );
    assert_eq!(document["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn scan_reports_what_it_cannot_read_and_skips_binary_files() {
    let dir = tempfile::tempdir().unwrap();
    // Only a missing file: its error, and no summary of zeros.
    let missing = dir.path().join("missing.log");
    let (out, err) = text(&["scan", missing.to_str().unwrap()], 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "error: {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
    // A binary file is skipped with a notice, as grep does, or read with --binary.
    let binary = dir.path().join("core.bin");
    std::fs::write(&binary, b"\x7fELF\0\0 said: 550 5.1.1 User unknown\n").unwrap();
    let (out, err) = text(&["scan", binary.to_str().unwrap()], 0);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "warning: {}: binary file skipped (--binary reads it as text)\n",
            binary.display()
        )
    );
    let document = json(&["scan", "--binary", binary.to_str().unwrap()], b"", 0);
    assert_eq!(document["codes"][0]["code"], "5.1.1");
    let skipped = json(&["scan", binary.to_str().unwrap()], b"", 0);
    assert_eq!(skipped["skipped"][0], binary.to_str().unwrap());
    assert_eq!(skipped["codes"], serde_json::json!([]));
    // Standard input too.
    let piped = json(&["scan"], b"\0\0 550 5.1.1", 0);
    assert_eq!(piped["skipped"][0], "-");
}

#[test]
fn scan_counts_no_version_as_a_code() {
    let log = "dovecot: master: Dovecot 2.3.16 (7e2e900c1a) starting up for imap\n\
               spamd: server started (running version 4.0.0), SpamAssassin 4.0.0 ready\n\
               postfix/smtp[1]: 1A: to=<a@example.org>, dsn=5.1.1, status=bounced (host \
               mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))\n";
    let document = json(&["scan"], log.as_bytes(), 0);
    assert_eq!(
        document["codes"],
        serde_json::json!([{"code": "5.1.1", "count": 2, "title": "Bad destination mailbox address", "registered": true}])
    );
}

#[test]
fn scan_per_line_counts_log_entries() {
    let log = "dsn=5.1.1 (said: 550-5.1.1 no such user 550 5.1.1 really)\n4.7.1 then (5.1.1)\n";
    let codes = |args: &[&str]| {
        let document = json(args, log.as_bytes(), 0);
        let codes = document["codes"].as_array().unwrap().clone();
        codes
            .iter()
            .map(|c| {
                (
                    c["code"].as_str().unwrap().to_owned(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&["scan"]),
        [("5.1.1".to_owned(), 4), ("4.7.1".to_owned(), 1)]
    );
    assert_eq!(
        codes(&["scan", "--per-line"]),
        [("5.1.1".to_owned(), 2), ("4.7.1".to_owned(), 1)]
    );
}

#[test]
fn scan_reads_bytes_that_are_not_utf8() {
    let log = b"\xff\xfe garbage \xe9 dsn=5.2.2 \xc3\x28 (4.4.1)\n\x01\x02 5.1.1\n";
    let document = json(&["scan"], log, 0);
    assert_eq!(document["lines"], 2);
    let codes = code_names(&document);
    assert_eq!(
        codes,
        ["4.4.1", "5.1.1", "5.2.2"],
        "equal counts sort by code"
    );
}

#[test]
fn scan_of_the_sample_log() {
    let document = json(&["scan", SAMPLE], b"", 0);
    let sample = std::fs::read(SAMPLE).unwrap();
    assert_eq!(document["bytes"], sample.len());
    assert_eq!(
        document["lines"],
        sample.iter().filter(|&&b| b == b'\n').count()
    );
    let codes = document["codes"].as_array().unwrap();
    assert_eq!(
        codes[0]["code"], "5.1.1",
        "the sample is mostly unknown users"
    );
    let counts: Vec<u64> = codes.iter().map(|c| c["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "sorted by count");
    let (out, _) = text(&["scan", SAMPLE, "--top", "3"], 0);
    assert_eq!(
        out.lines().count(),
        1 + 3 + 1,
        "header, three codes, summary"
    );
}

#[test]
fn scan_memory_stays_flat_on_a_large_stream() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("smtp-status"))
        .args(["scan", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let line = b"Nov 29 04:12:01 mx postfix/smtp[2211]: 3F1A2: to=<a@example.org>, relay=mx.example.org[192.0.2.10]:25, dsn=5.1.1, status=bounced (550 5.1.1 User unknown)\n";
    let total = 200 << 20;
    let mut stdin = child.stdin.take().unwrap();
    let block: Vec<u8> = line
        .iter()
        .copied()
        .cycle()
        .take(line.len() * 8192)
        .collect();
    let mut written = 0;
    while written < total {
        stdin.write_all(&block).unwrap();
        written += block.len();
    }
    // The peak resident set so far, read while the process still runs.
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .expect("VmHWM in /proc/<pid>/status");
    drop(stdin);
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    assert!(child.wait().unwrap().success());
    let document: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(document["bytes"], written);
    assert_eq!(document["codes"][0]["count"], 2 * written / line.len());
    assert!(
        peak_kib < 24 * 1024,
        "peak memory {peak_kib} KiB for {} MiB of input",
        written >> 20
    );
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let inputs = vec!["5.1.1"; 5000];
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("smtp-status"))
        .arg("explain")
        .args(&inputs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping the read end closes the pipe, as `| head` does.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn help_version_and_colours() {
    let (out, _) = text(&["--help"], 0);
    for word in ["explain", "list", "search", "scan", "--json"] {
        assert!(out.contains(word), "{word} in --help");
    }
    let (out, _) = text(&["--version"], 0);
    assert_eq!(out, format!("smtp-status {}\n", env!("CARGO_PKG_VERSION")));
    // Not a terminal: no colours.
    let (out, _) = text(&["explain", "5.1.1"], 0);
    assert!(!out.contains('\x1b'));
    // A terminal (util-linux `script` gives the command one): colours, unless NO_COLOR is set.
    let binary = assert_cmd::cargo::cargo_bin("smtp-status");
    let on_terminal = |no_color: Option<&str>| {
        let mut command = std::process::Command::new("script");
        command.args([
            "-qec",
            &format!("{} explain 5.1.1", binary.display()),
            "/dev/null",
        ]);
        command.env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let output = command.output().expect("run script(1)");
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(on_terminal(None).contains("\x1b["), "colours on a terminal");
    assert!(
        !on_terminal(Some("1")).contains('\x1b'),
        "no colours with NO_COLOR"
    );
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/bounces");

/// Runs `bounce --json` and returns each line's object, checking the exit code.
fn bounce_json(args: &[&str], stdin: &[u8], code: i32) -> Vec<Value> {
    let output = smtp_status()
        .args(["bounce", "--json"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect()
}

const QMAIL: &str = "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: failure notice\n\n\
Hi. This is the qmail-send program at mx.example.net.\n\n<gone@example.com>:\n\
192.0.2.25 does not like recipient.\nRemote host said: 550 5.1.1 <gone@example.com>: User unknown\n";

#[test]
fn bounce_reads_a_directory_in_path_order_on_every_core() {
    let bsd = format!("{CORPUS}/bsd");
    let objects = bounce_json(&[&bsd], b"", 0);
    let mut files: Vec<String> = std::fs::read_dir(&bsd)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let printed: Vec<&str> = objects
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(printed, files, "one object per message, in path order");
    for object in &objects {
        assert_eq!(object["error"], Value::Null, "{object}");
        assert!(object["bounce"].is_boolean());
        for recipient in object["recipients"].as_array().unwrap() {
            for field in [
                "recipient",
                "action",
                "status",
                "reply_code",
                "remote_mta",
                "diagnostic",
                "reason",
                "hard_bounce",
            ] {
                assert!(recipient.get(field).is_some(), "{field} in {recipient}");
            }
            let reason = recipient["reason"].as_str().unwrap();
            assert!(
                reason.parse::<smtp_status::bounce::Reason>().is_ok(),
                "{reason}"
            );
            assert!(recipient["hard_bounce"].is_boolean());
            assert!(recipient["status"].is_null() || recipient["status"].is_string());
            assert!(recipient["reply_code"].is_null() || recipient["reply_code"].is_u64());
        }
    }
    let microsoft = objects
        .iter()
        .find(|o| {
            o["file"]
                .as_str()
                .unwrap()
                .ends_with("rhost-microsoft-01.eml")
        })
        .unwrap();
    assert_eq!(microsoft["bounce"], true);
    assert_eq!(microsoft["kind"], "delivery-status");
    assert_eq!(
        microsoft["recipients"][0]["recipient"],
        "kijitora@example.com"
    );
    assert_eq!(microsoft["recipients"][0]["status"], "5.7.606");
    assert_eq!(microsoft["recipients"][0]["reply_code"], 550);
    assert_eq!(microsoft["recipients"][0]["action"], "failed");
    assert_eq!(microsoft["recipients"][0]["reason"], "blocked");
    assert_eq!(microsoft["recipients"][0]["hard_bounce"], false);
}

#[test]
fn bounce_reads_stdin_gzip_and_maildirs_and_reports_what_it_cannot_read() {
    // Standard input, with no path and with "-".
    for args in [&[][..], &["-"]] {
        let objects = bounce_json(args, QMAIL.as_bytes(), 0);
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0]["file"], "-");
        assert_eq!(objects[0]["kind"], "text");
        assert_eq!(objects[0]["recipients"][0]["recipient"], "gone@example.com");
        assert_eq!(objects[0]["recipients"][0]["status"], "5.1.1");
    }
    // A Maildir: every regular file below the directory, sorted.
    let dir = tempfile::tempdir().unwrap();
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    std::fs::write(dir.path().join("new/2"), QMAIL).unwrap();
    std::fs::write(
        dir.path().join("cur/1:2,S"),
        QMAIL.replace("gone@", "left@"),
    )
    .unwrap();
    let gzipped = dir.path().join("cur/3.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gzipped).unwrap(),
        flate2::Compression::default(),
    );
    encoder.write_all(QMAIL.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let objects = bounce_json(&[dir.path().to_str().unwrap()], b"", 0);
    let recipients: Vec<&str> = objects
        .iter()
        .map(|o| o["recipients"][0]["recipient"].as_str().unwrap())
        .collect();
    assert_eq!(
        recipients,
        ["left@example.com", "gone@example.com", "gone@example.com"]
    );
    assert!(objects[1]["file"].as_str().unwrap().ends_with("cur/3.gz"));

    // What cannot be read is an error that names the file; the others are still printed.
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    let missing = dir.path().join("missing");
    let output = smtp_status()
        .args([
            "bounce",
            "--json",
            missing.to_str().unwrap(),
            empty.to_str().unwrap(),
            gzipped.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}: ", missing.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}: not a message", empty.display())),
        "{stderr}"
    );
    let objects: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 3);
    assert!(
        objects[0]["error"]
            .as_str()
            .unwrap()
            .contains("No such file")
    );
    assert_eq!(objects[0]["recipients"], serde_json::json!([]));
    assert_eq!(objects[1]["error"], "not a message: no header fields found");
    assert_eq!(objects[2]["error"], Value::Null);

    // A usage error.
    assert_eq!(
        smtp_status()
            .args(["bounce", "--no-such-flag"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn bounce_prints_a_line_per_recipient() {
    let output = smtp_status()
        .arg("bounce")
        .write_stdin(QMAIL)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        out,
        "-  text\n  gone@example.com  failed    5.1.1     550   userunknown     hard  Bad destination mailbox address\n"
    );
}
