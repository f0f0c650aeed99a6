//! Extraction of codes from free text: only codes that stand as words, with exact ranges.

use smtp_status::extract;

/// The codes found in `text`, checking that each range holds the code's text.
fn found(text: &str) -> Vec<String> {
    extract::codes(text)
        .map(|f| {
            assert_eq!(
                &text[f.range()],
                f.code().to_string(),
                "range of {:?} in {text:?}",
                f.code()
            );
            f.code().to_string()
        })
        .collect()
}

#[test]
fn codes_inside_numbers_versions_and_addresses_are_not_found() {
    for text in [
        "v2.11.0",
        "1.2.3.4",
        "connect to 10.5.1.1 port 25",
        "5.1.1.1",
        "15.1.1222.22",
        "Microsoft SMTP Server id 15.1.1222.22",
        "engine=2.50.10432:5.13.68",
        "dovecot-2.3.21",
        "openssl-1.1.1",
        "host mx.5.1.1.example.com",
        "5.1.1.example.com",
        "x5.1.1",
        "_5.1.1",
        "/5.1.1",
        "5.1.1/",
        "5.1.1-rc1",
        "5.1.1a",
        "date 2.5.2024",
        "5.7.1000",
        "5.01.1",
        "6.1.1 3.0.0 1.1.1",
        "4-5.1.1",
        "abc550-5.1.1",
        "time 12:5.1.1",
        // Versions: a number right after a word and a space.
        "dovecot 2.3.16 starting",
        "SpamAssassin 4.0.0 ready",
        "spamd: running version 4.0.0",
        "Nyaan SMTP 2.2.22 with ESMTP",
        "PHPMailer 5.2.28 (https://github.com/PHPMailer/PHPMailer)",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text:?}");
    }
}

#[test]
fn codes_that_stand_as_words_are_found() {
    let cases: &[(&str, &[&str])] = &[
        ("5.1.1", &["5.1.1"]),
        ("(5.7.1)", &["5.7.1"]),
        ("#5.1.1", &["5.1.1"]),
        ("dsn=5.1.1, status=bounced", &["5.1.1"]),
        ("The mailbox is full: 5.2.2.", &["5.2.2"]),
        ("Try later (4.4.1)! Or code 4.7.0?", &["4.4.1", "4.7.0"]),
        // After a word only where the word says it is a code, or after a host name.
        (
            "Status code 5.1.1, DSN 5.1.10, type 5.4.4",
            &["5.1.1", "5.1.10", "5.4.4"],
        ),
        ("host: mx.example.co.jp 5.2.1 <a@example.co.jp>", &["5.2.1"]),
        ("550 5.1.10 RESOLVER.ADR.RecipientNotFound", &["5.1.10"]),
        (
            "550-5.1.1 The email account\n550 5.1.1 does not exist",
            &["5.1.1", "5.1.1"],
        ),
        (
            "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown",
            &["5.1.1", "5.1.1"],
        ),
        (
            "[4.7.650] \"5.7.606\" '5.1.351' <2.0.0>",
            &["4.7.650", "5.7.606", "5.1.351", "2.0.0"],
        ),
        (
            "codes 4.2.2,5.2.2;2.0.0|5.7.26",
            &["4.2.2", "5.2.2", "2.0.0", "5.7.26"],
        ),
        ("Yahoo: volume - 4.16.55.1; 4.7.0 [TSS04]", &["4.7.0"]),
        ("no\u{a0}5.1.1\u{a0}nbsp", &["5.1.1"]),
        ("5.999.999 2.0.0", &["5.999.999", "2.0.0"]),
        ("\t4.4.7\r\n", &["4.4.7"]),
    ];
    for (text, expected) in cases {
        assert_eq!(found(text), *expected, "{text:?}");
    }
}

#[test]
fn ranges_are_byte_offsets_and_bytes_need_not_be_utf8() {
    let text = "é 5.1.1 ü";
    let all: Vec<_> = extract::codes(text).collect();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].range(), 3..8);
    let bytes = b"\xff\xfe 550 5.7.1 Relay denied \xe0 (4.4.2)";
    let codes: Vec<(String, std::ops::Range<usize>)> = extract::codes(&bytes[..])
        .map(|f| (f.code().to_string(), f.range()))
        .collect();
    assert_eq!(
        codes,
        [("5.7.1".to_owned(), 7..12), ("4.4.2".to_owned(), 29..34)]
    );
}

#[test]
fn a_postfix_log_and_a_dsn() {
    let log = "\
Nov 29 04:12:01 mx postfix/smtp[2211]: 3F1A2: to=<nobody@example.org>, relay=mx.example.org[192.0.2.10]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.10] said: 550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 https://support.example.org/NoSuchUser (in reply to RCPT TO command))
Nov 29 04:12:02 mx postfix/smtp[2212]: 3F1A3: to=<a@example.net>, relay=mx.example.net[192.0.2.11]:25, delay=300, delays=0.1/0/0.3/299, dsn=4.7.1, status=deferred (host mx.example.net[192.0.2.11] said: 451 4.7.1 Please try again later (in reply to RCPT TO command))
Nov 29 04:12:03 mx postfix/smtp[2213]: 3F1A4: to=<b@example.com>, relay=mx.example.com[192.0.2.12]:25, delay=0.8, delays=0.1/0/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9C1F0)
";
    assert_eq!(
        found(log),
        [
            "5.1.1", "5.1.1", "5.1.1", "4.7.1", "4.7.1", "2.0.0", "2.0.0"
        ]
    );
    let dsn = "\
Reporting-MTA: dns; mx.example.com
Arrival-Date: Sun, 29 Nov 2026 04:12:01 +0000

Final-Recipient: rfc822; nobody@example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown
";
    assert_eq!(found(dsn), ["5.1.1", "5.1.1"]);
}

#[test]
fn the_iterator_ends_and_stays_ended() {
    let mut codes = extract::codes("5.1.1 x");
    assert!(codes.next().is_some());
    assert!(codes.next().is_none());
    assert!(codes.next().is_none());
    assert_eq!(extract::codes("").count(), 0);
    assert_eq!(extract::codes(".....").count(), 0);
    assert_eq!(extract::codes("5.").count(), 0);
}

/// Text full of codes, near-codes and separators, from a fixed seed.
fn sample(len: usize, seed: u64) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "5.1.1",
        "4.7.650",
        " ",
        "\n",
        "550-",
        "550 ",
        ".",
        "dsn=",
        "(",
        ")",
        "x",
        "2.0.0",
        "5.7.1000",
        "1.2.3.4",
        "v2.11.0",
        "-",
        ":",
        "5.1.10",
        "\u{e9}",
        "#",
        "9",
        "5.999.999",
        "4.123.45",
        "!",
        // Words that make a number after them a version, or a code.
        "dovecot ",
        "SpamAssassin ",
        "Status code ",
        "mx.example.org ",
        "abcdefghijklmnopqrstuvwxyz ",
    ];
    let mut state = 0x2034_3463 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut text = Vec::with_capacity(len + 16);
    while text.len() < len {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.extend_from_slice(PIECES[(state >> 33) as usize % PIECES.len()].as_bytes());
    }
    text
}

/// (code, offset, line) of every code in `text`, found in one pass.
fn whole(text: &[u8]) -> Vec<(String, u64, u64)> {
    extract::codes(text)
        .map(|found| {
            let start = found.range().start;
            let line = text[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            (found.code().to_string(), start as u64, line)
        })
        .collect()
}

/// The same, through a scanner fed the chunks that `sizes` cut `text` into.
fn scanned(text: &[u8], sizes: impl Iterator<Item = usize>) -> Vec<(String, u64, u64)> {
    let mut scanner = extract::Scanner::new();
    let mut found = Vec::new();
    let mut rest = text;
    let describe = |f: extract::Located| (f.code().to_string(), f.offset(), f.line());
    for size in sizes {
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        found.extend(scanner.feed(chunk).map(describe));
        rest = after;
        if rest.is_empty() {
            break;
        }
    }
    found.extend(scanner.feed(rest).map(describe));
    found.extend(scanner.finish().map(describe));
    assert_eq!(scanner.bytes(), text.len() as u64);
    let lines = text.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(scanner.lines(), lines);
    found
}

#[test]
fn a_scanner_finds_in_any_chunks_what_one_pass_finds() {
    for seed in 0..4 {
        let text = sample(30_000, seed);
        let expected = whole(&text);
        assert!(
            expected.len() > 50,
            "the sample is full of codes: {}",
            expected.len()
        );
        for size in (1..40).chain([64, 100, 1000, 4096, 1 << 20]) {
            assert_eq!(
                scanned(&text, std::iter::repeat(size)),
                expected,
                "chunks of {size}"
            );
        }
        // Chunks of every size in turn, empty ones included.
        let sizes = (0..).map(|i: usize| (i * 7919) % 23);
        assert_eq!(scanned(&text, sizes), expected, "uneven chunks");
    }
}

#[test]
fn a_scanner_reads_codes_at_the_stream_start_and_end() {
    for text in [
        "5.1.1",
        "550-5.1.1",
        "x 5.1.1.",
        "5.1.1\n4.2.2",
        "",
        // The bytes furthest from a code that decide it: the one after a sentence's dot, the
        // one before a continuation line's reply code.
        "5.999.999.x",
        "5.999.999. 5.999.999.",
        "x550-5.1.1 a550-4.2.2 ",
    ] {
        let expected = whole(text.as_bytes());
        for size in 1..=text.len().max(1) {
            assert_eq!(
                scanned(text.as_bytes(), std::iter::repeat(size)),
                expected,
                "{text:?} in chunks of {size}"
            );
        }
    }
    // Nothing is decided twice, however often the end is asked for.
    let mut scanner = extract::Scanner::new();
    assert_eq!(scanner.feed(b"dsn=5.1.1").count(), 0);
    assert_eq!(scanner.finish().count(), 1);
    assert_eq!(scanner.finish().count(), 0);
}

/// The synthetic log of BENCHMARKS.md (`scripts/make-log.py`, 1 MB of it): every delivery
/// line's `dsn=` code is found, and nothing on the lines of versions.
#[test]
fn the_synthetic_log_loses_no_code_and_counts_no_version() {
    let output = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/make-log.py"))
        .arg("1")
        .output()
        .expect("run python3 scripts/make-log.py");
    assert!(output.status.success(), "{output:?}");
    let log = String::from_utf8(output.stdout).expect("UTF-8");
    let (mut deliveries, mut versions) = (0, 0);
    for line in log.lines() {
        let codes = found(line);
        if let Some((_, rest)) = line.split_once("dsn=") {
            let dsn = rest.split(',').next().unwrap();
            assert!(codes.iter().any(|c| c == dsn), "{dsn} lost in {line:?}");
            deliveries += 1;
        } else if line.contains("version") || line.contains("Dovecot") {
            assert_eq!(codes, Vec::<String>::new(), "{line:?}");
            versions += 1;
        }
    }
    assert!(
        deliveries > 1000 && versions > 50,
        "{deliveries} {versions}"
    );
}
