//! Reading bounces: the status rule case by case, each kind of message, line ends, mailboxes
//! and hostile input. The corpus of real messages is in `tests/bounce_corpus.rs`.

#![cfg(feature = "bounce")]

use smtp_status::bounce::{self, Action, Bounce, Kind};
use smtp_status::{EnhancedCode, status};

/// A multipart/report with one recipient whose per-recipient fields are `fields`, and a
/// human-readable part that says `text`.
fn dsn(text: &str, fields: &str) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@mx.example.net\r\n\
         To: sender@example.org\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\
         \r\n\
         --B\r\n\
         Content-Type: text/plain\r\n\
         \r\n\
         {text}\r\n\
         --B\r\n\
         Content-Type: message/delivery-status\r\n\
         \r\n\
         Reporting-MTA: dns; mx.example.net\r\n\
         Arrival-Date: Thu, 29 Apr 2021 23:34:45 +0900\r\n\
         Original-Envelope-Id: 0123ABCD\r\n\
         \r\n\
         Final-Recipient: rfc822; rcpt@example.com\r\n\
         {fields}\r\n\
         --B--\r\n"
    )
    .into_bytes()
}

fn parse(message: &[u8]) -> Bounce {
    bounce::parse(message).unwrap_or_else(|e| panic!("{e}"))
}

/// The status and reply code of the only recipient.
fn verdict(message: &[u8]) -> (Option<String>, Option<u16>) {
    let bounce = parse(message);
    assert_eq!(bounce.recipients().len(), 1, "{bounce:?}");
    let recipient = &bounce.recipients()[0];
    (
        recipient.status().map(|s| s.to_string()),
        recipient.reply_code().map(|c| c.get()),
    )
}

fn expect(status: &str, reply: Option<u16>) -> (Option<String>, Option<u16>) {
    (Some(status.to_owned()), reply)
}

#[test]
fn the_fields_of_a_report_are_read() {
    let message = dsn(
        "The mail system\r\n\r\n<rcpt@example.com>: host mx.example.com said: 550 5.1.1 User unknown",
        "Original-Recipient: rfc822;Rcpt@Example.com\r\n\
         Action: failed\r\n\
         Status: 5.1.1\r\n\
         Remote-MTA: dns; mx.example.com\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 <rcpt@example.com>:\r\n    Recipient address rejected: User unknown\r\n\
         Last-Attempt-Date: Thu, 29 Apr 2021 23:35:00 +0900\r\n\
         Will-Retry-Until: Fri, 30 Apr 2021 23:35:00 +0900",
    );
    let bounce = parse(&message);
    assert!(bounce.is_dsn() && bounce.is_bounce());
    assert_eq!(bounce.kind(), Kind::DeliveryStatus);
    assert_eq!(bounce.reporting_mta(), Some("mx.example.net"));
    assert_eq!(
        bounce.arrival_date(),
        Some("Thu, 29 Apr 2021 23:34:45 +0900")
    );
    assert_eq!(bounce.original_envelope_id(), Some("0123ABCD"));
    let [recipient] = bounce.recipients() else {
        panic!("one recipient: {bounce:?}");
    };
    assert_eq!(recipient.address(), Some("rcpt@example.com"));
    assert_eq!(recipient.original_recipient(), Some("Rcpt@Example.com"));
    assert_eq!(recipient.action(), Some(Action::Failed));
    assert_eq!(recipient.status(), Some(status!("5.1.1")));
    assert_eq!(recipient.reply_code().map(|c| c.get()), Some(550));
    assert_eq!(recipient.remote_mta(), Some("mx.example.com"));
    // Unfolded, without its type.
    assert_eq!(
        recipient.diagnostic(),
        Some("550 5.1.1 <rcpt@example.com>: Recipient address rejected: User unknown")
    );
    assert_eq!(recipient.diagnostic_type(), Some("smtp"));
    assert_eq!(
        recipient.last_attempt(),
        Some("Thu, 29 Apr 2021 23:35:00 +0900")
    );
    assert_eq!(
        recipient.will_retry_until(),
        Some("Fri, 30 Apr 2021 23:35:00 +0900")
    );
}

#[test]
fn the_reply_s_own_code_beats_a_vaguer_or_contradicting_status_field() {
    // Status 5.0.0 over a reply with the real code.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown",
    );
    assert_eq!(verdict(&message), expect("5.1.1", Some(550)));
    // A 4.4.7 status (the MTA gave up) over the server's 550 5.7.1: the reply's class wins.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 4.4.7\r\nDiagnostic-Code: smtp; 550 5.7.1 Relaying denied",
    );
    assert_eq!(verdict(&message), expect("5.7.1", Some(550)));
    // Both specific: what the server said.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.7.1 IP blacklisted",
    );
    assert_eq!(verdict(&message), expect("5.7.1", Some(550)));
    // A continuation line's code, and a code after a repeated reply code.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550-5.7.26 Unauthenticated email",
    );
    assert_eq!(verdict(&message), expect("5.7.26", Some(550)));
    let message = dsn(
        "",
        "Action: delayed\r\nStatus: 4.0.0\r\nDiagnostic-Code: smtp; 450 450 4.2.2 Mailbox full",
    );
    assert_eq!(verdict(&message), expect("4.2.2", Some(450)));
}

#[test]
fn a_code_elsewhere_in_the_diagnostic_counts_when_it_says_more() {
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 #5.1.0 Address rejected.",
    );
    assert_eq!(verdict(&message), expect("5.1.0", Some(550)));
    // Not when it says less than the status field.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp; 550 mailbox full, see 5.2.0",
    );
    assert_eq!(verdict(&message), expect("5.2.2", Some(550)));
}

#[test]
fn a_reply_code_of_another_class_than_the_report_is_left_out() {
    // The MTA reports a transient failure; the server's 554 is not what the report says.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 4.0.0\r\nDiagnostic-Code: smtp; 554 Blocked - see the list",
    );
    assert_eq!(verdict(&message), expect("4.0.0", None));
    // Without a reply code, the status field stands.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.4.4\r\nDiagnostic-Code: X-Postfix; Host or domain name not found",
    );
    assert_eq!(verdict(&message), expect("5.4.4", None));
}

#[test]
fn supplementary_info_and_the_text_fill_in_what_the_report_leaves_out() {
    // Exchange keeps the real code in X-Supplementary-Info.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.0.0\r\nX-Supplementary-Info: <mx.example.com #5.7.1 smtp;550 5.7.1 Message rejected>",
    );
    assert_eq!(verdict(&message), expect("5.7.1", Some(550)));
    // No diagnostic: the text's paragraph about the recipient.
    let message = dsn(
        "<rcpt@example.com>: host mx.example.com said: 550 5.7.26 Unauthenticated email",
        "Action: failed\r\nStatus: 5.0.0",
    );
    assert_eq!(verdict(&message), expect("5.7.26", Some(550)));
    // The text never outranks what the reply itself says.
    let message = dsn(
        "<rcpt@example.com>: see 5.1.1 in our guide",
        "Action: failed\r\nStatus: 5.5.0\r\nDiagnostic-Code: smtp; 550 5.5.0 Invalid recipient",
    );
    assert_eq!(verdict(&message), expect("5.5.0", Some(550)));
}

#[test]
fn a_status_field_that_is_not_a_code_is_not_a_status() {
    for status in ["9.9.9", "5.01.1", "", "unknown"] {
        let message = dsn("", &format!("Action: failed\r\nStatus: {status}"));
        assert_eq!(verdict(&message), (None, None), "{status:?}");
    }
    // The diagnostic still gives the reply.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 9.9.9\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown",
    );
    assert_eq!(verdict(&message), expect("5.1.1", Some(550)));
}

/// A bounce in free text, from `from`, with `subject` and `body`.
fn text_bounce(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@mx.example.net\r\nTo: sender@example.org\r\nSubject: {subject}\r\n\r\n{body}"
    )
    .into_bytes()
}

#[test]
fn free_form_bounces_give_each_recipient_its_reply() {
    let message = text_bounce(
        "failure notice",
        "Hi. This is the qmail-send program at mx.example.net.\r\n\
         I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\
         \r\n\
         <one@example.com>:\r\n\
         192.0.2.25 does not like recipient.\r\n\
         Remote host said: 550 5.1.1 <one@example.com>: User unknown\r\n\
         Giving up on 192.0.2.25.\r\n\
         \r\n\
         <two@example.com>:\r\n\
         Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)\r\n\
         \r\n\
         --- Below this line is a copy of the message.\r\n\
         \r\n\
         To: three@example.com\r\n",
    );
    let bounce = parse(&message);
    assert_eq!(bounce.kind(), Kind::Text);
    assert!(bounce.is_bounce() && !bounce.is_dsn());
    let found: Vec<_> = bounce
        .recipients()
        .iter()
        .map(|r| {
            (
                r.address().unwrap().to_owned(),
                r.status(),
                r.reply_code().map(|c| c.get()),
                r.action(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "one@example.com".to_owned(),
                Some(status!("5.1.1")),
                Some(550),
                Some(Action::Failed)
            ),
            (
                "two@example.com".to_owned(),
                Some(status!("5.4.4")),
                None,
                Some(Action::Failed)
            ),
        ]
    );
    assert!(
        bounce.recipients()[1]
            .diagnostic()
            .unwrap()
            .contains("couldn't find a mail exchanger")
    );
}

#[test]
fn a_transcript_names_the_failure_and_not_the_sender() {
    let message = text_bounce(
        "Returned mail: User unknown",
        "   ----- Transcript of session follows -----\r\n\
         While talking to mx.example.com:\r\n\
         >>> MAIL From:<sender@example.org>\r\n\
         <<< 501 <sender@example.org>... no access from mail server\r\n\
         554 <one@example.com>... Remote protocol error\r\n\
         554 <two@example.com>... 550 Host unknown (Authoritative answer from name server)\r\n\
         \r\n\
         ----- Unsent message follows -----\r\n",
    );
    let bounce = parse(&message);
    let found: Vec<_> = bounce
        .recipients()
        .iter()
        .map(|r| (r.address().unwrap(), r.reply_code().map(|c| c.get())))
        .collect();
    // Sendmail's own 554, or the server's 550 that it quotes after the recipient.
    assert_eq!(
        found,
        [
            ("one@example.com", Some(554)),
            ("two@example.com", Some(550))
        ]
    );
}

#[test]
fn delays_feedback_and_automatic_replies_are_what_they_are() {
    let delay = text_bounce(
        "Delivery Status Notification (Delay)",
        "Delivery to the following recipient has been delayed:\r\n\r\n     slow@example.com\r\n\r\n\
         The error that the other server returned was: 450 4.2.2 Mailbox full\r\n",
    );
    let bounce = parse(&delay);
    assert_eq!(bounce.recipients()[0].action(), Some(Action::Delayed));
    assert_eq!(bounce.recipients()[0].status(), Some(status!("4.2.2")));

    let feedback = b"From: feedback@arf.example.net\r\n\
        To: abuse@example.org\r\n\
        Subject: FW: hello\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\r\n\r\n\
        --F\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n\
        --F\r\nContent-Type: message/feedback-report\r\n\r\n\
        Feedback-Type: abuse\r\nUser-Agent: FBL/1.0\r\nVersion: 1\r\n\
        Original-Rcpt-To: complainer@example.com\r\n\
        --F--\r\n";
    let bounce = parse(feedback);
    assert_eq!(bounce.kind(), Kind::Feedback);
    assert!(!bounce.is_bounce());
    assert_eq!(
        bounce.recipients()[0].address(),
        Some("complainer@example.com")
    );
    assert_eq!(bounce.recipients()[0].status(), None);

    let away = b"From: Person <person@example.com>\r\nTo: sender@example.org\r\n\
        Subject: Automatic reply: hello\r\nAuto-Submitted: auto-replied\r\n\r\n\
        I am out of the office until Monday. Write to colleague@example.com meanwhile.\r\n";
    let bounce = parse(away);
    assert_eq!(bounce.kind(), Kind::AutoReply);
    assert_eq!(
        bounce
            .recipients()
            .iter()
            .map(|r| r.address())
            .collect::<Vec<_>>(),
        [Some("person@example.com")]
    );

    // Exim marks its bounces auto-replied too: a bounce all the same.
    let exim = b"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\r\n\
        To: sender@example.org\r\nSubject: Mail delivery failed\r\nAuto-Submitted: auto-replied\r\n\r\n\
        The following address(es) failed:\r\n\r\n  gone@example.com\r\n    \
        SMTP error from remote mail server after RCPT TO:<gone@example.com>:\r\n    \
        550 5.1.1 User unknown\r\n";
    let bounce = parse(exim);
    assert_eq!(bounce.kind(), Kind::Text);
    assert_eq!(bounce.recipients()[0].address(), Some("gone@example.com"));

    let ordinary =
        b"From: friend@example.com\r\nTo: me@example.org\r\nSubject: lunch?\r\n\r\nTomorrow?\r\n";
    let bounce = parse(ordinary);
    assert_eq!(bounce.kind(), Kind::Other);
    assert!(bounce.recipients().is_empty());
}

#[test]
fn an_mbox_is_read_as_all_its_messages() {
    let one = dsn("", "Action: failed\r\nStatus: 5.1.1");
    let two = dsn("", "Action: delayed\r\nStatus: 4.4.7");
    let mbox = [
        b"From MAILER-DAEMON  Thu Apr 29 23:34:45 2021\n".as_slice(),
        &one,
        b"\nFrom MAILER-DAEMON  Thu Apr 29 23:35:45 2021\n",
        &two,
    ]
    .concat();
    let bounce = parse(&mbox);
    let statuses: Vec<_> = bounce.recipients().iter().map(|r| r.status()).collect();
    assert_eq!(statuses, [Some(status!("5.1.1")), Some(status!("4.4.7"))]);
    // A line that only starts like one is text.
    let text = text_bounce(
        "failure notice",
        "From the mail system:\r\n<a@example.com>: 550 5.1.1 unknown\r\n",
    );
    assert_eq!(parse(&text).recipients().len(), 1);
}

/// `message` with every line end written as `end`.
fn with_line_ends(message: &[u8], end: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(message).replace("\r\n", "\n");
    text.split('\n')
        .collect::<Vec<_>>()
        .join(std::str::from_utf8(end).unwrap())
        .into_bytes()
}

#[test]
fn lf_crlf_and_bare_cr_give_identical_results() {
    let messages = [
        dsn(
            "<rcpt@example.com>: host said: 550 5.7.26 Unauthenticated",
            "Action: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550-5.7.26 Unauthenticated email\r\n  from example.org is not accepted",
        ),
        text_bounce(
            "failure notice",
            "<one@example.com>:\r\nRemote host said: 550 5.1.1 unknown\r\n\r\n<two@example.com>:\r\nSorry (#4.4.1)\r\n",
        ),
    ];
    for message in messages {
        let results: Vec<Bounce> = [&b"\n"[..], b"\r\n", b"\r"]
            .iter()
            .map(|end| parse(&with_line_ends(&message, end)))
            .collect();
        assert!(!results[0].recipients().is_empty());
        assert_eq!(results[0], results[1]);
        assert_eq!(results[0], results[2]);
    }
}

/// Every LF message of the corpus gives the same answer, to the letter, with CRLF and with
/// CR line ends.
#[test]
fn the_corpus_reads_the_same_whatever_the_line_ends() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/bounces/bsd");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if bytes.contains(&b'\r') || std::str::from_utf8(&bytes).is_err() {
            continue;
        }
        let lf = parse(&bytes);
        for end in [&b"\r\n"[..], b"\r"] {
            assert_eq!(parse(&with_line_ends(&bytes, end)), lf);
        }
        compared += 1;
    }
    assert!(compared > 250, "{compared} messages compared");
}

#[test]
fn hostile_input_gives_a_result_or_an_error() {
    // Not a message at all.
    assert_eq!(bounce::parse(b""), Err(bounce::Error::NotAMessage));
    assert!(matches!(
        bounce::parse(&[0xff; 64]),
        Ok(_) | Err(bounce::Error::NotAMessage)
    ));
    // Binary noise after a header.
    let mut binary = b"From: MAILER-DAEMON@example.net\r\nSubject: x\r\n\r\n".to_vec();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    binary.extend((0..100_000).map(|_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    }));
    bounce::parse(&binary).unwrap();
    // Truncated MIME, and a boundary that never closes.
    let full = dsn("text", "Action: failed\r\nStatus: 5.1.1");
    for cut in [10, 200, 400, full.len() - 10] {
        bounce::parse(&full[..cut]).unwrap();
    }
    let open = b"From: a@example.net\r\nContent-Type: multipart/report; boundary=\"X\"\r\n\r\n--X\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\nStatus: 5.1.1\r\n";
    assert_eq!(parse(open).recipients()[0].status(), Some(status!("5.1.1")));
    // Thousands of nested parts.
    let mut nested = b"From: a@example.net\r\nSubject: deep\r\n".to_vec();
    for depth in 0..5000 {
        nested.extend(
            format!("Content-Type: multipart/mixed; boundary=\"b{depth}\"\r\n\r\n--b{depth}\r\n")
                .as_bytes(),
        );
    }
    nested.extend(b"Content-Type: text/plain\r\n\r\n<x@example.com>: 550 5.1.1 unknown\r\n");
    bounce::parse(&nested).unwrap();
    // A bogus charset, and a line of 30 MB.
    let bogus = b"From: MAILER-DAEMON@example.net\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n<a@example.com>: 550 5.1.1 unknown\r\n";
    assert_eq!(
        parse(bogus).recipients()[0].status(),
        Some(status!("5.1.1"))
    );
    let mut long = b"From: MAILER-DAEMON@example.net\r\n\r\n".to_vec();
    long.resize(30 << 20, b'a');
    bounce::parse(&long).unwrap();
    // A message on which mail-parser 0.11's recovery from corrupt MIME trips a debug
    // assertion (found by fuzzing): a result in release builds, an error in debug ones.
    let corrupt = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/seeds/parse_bounce/mime-recovery-debug-assertion"
    ))
    .unwrap();
    let expected = if cfg!(debug_assertions) {
        Some(bounce::Error::Malformed)
    } else {
        None
    };
    assert_eq!(bounce::parse(&corrupt).err(), expected);
    // Past the limit: an error that says so.
    let mut huge = long;
    huge.resize(bounce::MAX_MESSAGE_LEN + 1, b'a');
    let error = bounce::parse(&huge).unwrap_err();
    assert!(matches!(error, bounce::Error::TooLarge { .. }));
    assert!(
        error.to_string().contains("longer than the limit"),
        "{error}"
    );
}

#[test]
fn statuses_are_enhanced_codes() {
    // The type is the crate's: a provider's code is kept whole.
    let message = dsn(
        "",
        "Action: failed\r\nStatus: 5.7.606\r\nDiagnostic-Code: smtp; 550 5.7.606 Access denied, banned sending IP",
    );
    let status = parse(&message).recipients()[0].status().unwrap();
    assert_eq!(
        status,
        EnhancedCode::new(smtp_status::Class::PermanentFailure, 7, 606)
    );
}
