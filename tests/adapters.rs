//! The adapters (features `lettre` and `smtp-proto`): real multi-line rejections read by each
//! client's own parser and then converted keep their enhanced code, every line and their
//! reason, as this crate's parser reads them; smtp-proto's saturated parts never come out as a
//! code.

#![cfg(all(feature = "lettre", feature = "smtp-proto"))]

use lettre::transport::smtp::response::Response as LettreResponse;
use smtp_proto::response::parser::ResponseReceiver;
use smtp_status::bounce::Reason;
use smtp_status::reply::{self, Reply};
use smtp_status::{ByteOverflow, EnhancedCode, status};
use std::str::FromStr;

/// Gmail's, Outlook's and Yahoo's rejections (the reply tests' `real_provider_replies`), each
/// with the reason it means.
const REPLIES: &[(&str, Reason)] = &[
    (
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n\
         550-5.1.1 double-checking the recipient's email address for typos or\r\n\
         550-5.1.1 unnecessary spaces. For more information, go to\r\n\
         550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si1234567qkb.12 - gsmtp\r\n",
        Reason::UserUnknown,
    ),
    (
        "550-5.7.26 This mail has been blocked because the sender is unauthenticated.\r\n\
         550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.\r\n\
         550 5.7.26  https://support.google.com/mail/answer/81126 - gsmtp\r\n",
        Reason::AuthFailure,
    ),
    (
        "421-4.7.0 [192.0.2.1] Our system has detected an unusual rate of\r\n\
         421-4.7.0 unsolicited mail originating from your IP address.\r\n\
         421 4.7.0  https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp\r\n",
        Reason::RateLimited,
    ),
    (
        "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from \
         this list please visit https://sender.office.com/ and follow the directions.\r\n",
        Reason::Blocked,
    ),
    (
        "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to \
         IP reputation.\r\n",
        Reason::BadReputation,
    ),
    (
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected \
         volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes\r\n",
        Reason::Rejected,
    ),
    (
        "554 5.7.9 Message not accepted for policy reasons.  See \
         https://postmaster.yahooinc.com/error-codes\r\n",
        Reason::PolicyViolation,
    ),
];

/// This crate's reading of a reply.
fn ours(wire: &str) -> Reply {
    let (parsed, _) = reply::parse(wire.as_bytes()).expect("a reply");
    parsed.to_reply()
}

#[test]
fn lettres_responses_keep_every_line_the_code_and_the_reason() {
    for &(wire, reason) in REPLIES {
        let expected = ours(wire);
        let response = LettreResponse::from_str(wire).expect("lettre parses it");
        let reply = Reply::from(&response);
        assert_eq!(reply, expected, "{wire}");
        assert_eq!(reply.to_string(), wire, "{wire}");
        assert_eq!(reply.reason(), reason, "{wire}");
    }
}

#[test]
fn lettres_errors_keep_the_code_the_text_and_the_reason() {
    // The error lettre returns for a rejection, as its client builds it: the code and the
    // lines joined into one text.
    let wire = REPLIES[0].0;
    let response = LettreResponse::from_str(wire).unwrap();
    let sent = send_to(wire);
    let error = sent.expect_err("the server rejects the recipient");
    assert!(error.is_permanent());
    let reply = Reply::try_from(&error).expect("the error holds a reply");
    assert_eq!(reply.code(), 550);
    assert_eq!(reply.enhanced(), Some(status!("5.1.1")));
    let words = |lines: &[String]| {
        lines
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(words(reply.lines()), words(Reply::from(&response).lines()));
    assert_eq!(reply.reason(), Reason::UserUnknown);
    assert!(reply.is_hard_bounce());
}

/// Sends a message through lettre to a one-shot server on 127.0.0.1 that answers RCPT TO
/// with `rejection`.
fn send_to(
    rejection: &'static str,
) -> Result<lettre::transport::smtp::response::Response, lettre::transport::smtp::Error> {
    use lettre::Transport;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::time::Duration;

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        writer.write_all(b"220 localhost ESMTP\r\n").unwrap();
        let mut line = String::new();
        for _ in 0..20 {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
            let answer = match verb.as_str() {
                "EHLO" | "HELO" => "250 localhost\r\n",
                "MAIL" => "250 2.1.0 Ok\r\n",
                "RCPT" => rejection,
                "QUIT" => "221 2.0.0 Bye\r\n",
                _ => "250 2.0.0 Ok\r\n",
            };
            writer.write_all(answer.as_bytes()).unwrap();
            if verb == "QUIT" {
                break;
            }
        }
    });
    let mailer = lettre::SmtpTransport::builder_dangerous("127.0.0.1")
        .port(port)
        .timeout(Some(std::time::Duration::from_secs(10)))
        .build();
    let email = lettre::Message::builder()
        .from("sender@example.org".parse().unwrap())
        .to("nobody@example.com".parse().unwrap())
        .subject("test")
        .body(String::from("Hello"))
        .unwrap();
    let result = mailer.send(&email);
    drop(mailer);
    server.join().unwrap();
    result
}

#[test]
fn an_error_that_is_not_a_reply_is_said_to_be_so() {
    let mailer = lettre::SmtpTransport::builder_dangerous("127.0.0.1")
        .port(closed_port())
        .timeout(Some(std::time::Duration::from_secs(5)))
        .build();
    let email = lettre::Message::builder()
        .from("sender@example.org".parse().unwrap())
        .to("nobody@example.com".parse().unwrap())
        .body(String::from("Hello"))
        .unwrap();
    let error = lettre::Transport::send(&mailer, &email).expect_err("nothing listens");
    let refused = Reply::try_from(&error).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "the error holds no SMTP reply: it is not a 4xx or 5xx reply to a command"
    );
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn smtp_protos_responses_never_give_a_saturated_code() {
    for &(wire, reason) in REPLIES {
        let expected = ours(wire);
        let response = ResponseReceiver::default()
            .parse(&mut wire.as_bytes().iter())
            .expect("smtp-proto parses it");
        let reply = Reply::try_from(&response).unwrap();
        assert_eq!(reply.code(), expected.code(), "{wire}");
        assert_eq!(reply.lines(), expected.lines(), "{wire}");
        let code = expected.enhanced().unwrap();
        if <[u8; 3]>::try_from(code).is_ok() {
            assert_eq!(reply.enhanced(), Some(code), "{wire}");
            assert_eq!(reply.reason(), reason, "{wire}");
        } else {
            // smtp-proto saturated it (5.7.606 as 5.7.255) and took it out of the text.
            assert!(response.esc.contains(&255), "{wire}");
            assert_eq!(reply.enhanced(), None, "{wire}");
        }
    }
}

#[test]
fn a_response_whose_text_still_has_the_code_gives_it() {
    // A response built by hand, or by a parser that left the text alone.
    let response = smtp_proto::Response {
        code: 550,
        esc: [5, 7, 255],
        message: "5.7.606 Access denied, banned sending IP [192.0.2.1]".to_owned(),
    };
    let reply = Reply::try_from(&response).unwrap();
    assert_eq!(reply.enhanced(), "5.7.606".parse().ok());
    assert_eq!(
        reply.lines(),
        ["Access denied, banned sending IP [192.0.2.1]"]
    );
    assert_eq!(reply.reason(), Reason::Blocked);
    // An `esc` of the wrong class is not trusted either; a code smtp-proto kept is.
    let mismatch = smtp_proto::Response {
        code: 550,
        esc: [4, 7, 1],
        message: "Relay access denied".to_owned(),
    };
    assert_eq!(Reply::try_from(&mismatch).unwrap().enhanced(), None);
    let kept = smtp_proto::Response {
        code: 452,
        esc: [4, 2, 2],
        message: "Mailbox full".to_owned(),
    };
    let reply = Reply::try_from(&kept).unwrap();
    assert_eq!(reply.enhanced(), Some(status!("4.2.2")));
    assert_eq!(reply.to_string(), "452 4.2.2 Mailbox full\r\n");
    // smtp-proto keeps any number as the code.
    let bogus = smtp_proto::Response {
        code: 999,
        esc: [0, 0, 0],
        message: String::new(),
    };
    assert!(Reply::try_from(&bogus).is_err());
}

#[test]
fn codes_go_into_smtp_protos_bytes_only_when_they_fit() {
    assert_eq!(<[u8; 3]>::try_from(status!("5.7.26")), Ok([5, 7, 26]));
    let banned: EnhancedCode = "5.7.606".parse().unwrap();
    let error: ByteOverflow = <[u8; 3]>::try_from(banned).unwrap_err();
    assert_eq!(error.code(), banned);
    let subject: EnhancedCode = "4.300.1".parse().unwrap();
    assert_eq!(
        <[u8; 3]>::try_from(subject).unwrap_err().to_string(),
        "4.300.1 does not fit in three bytes: its subject 300 is above 255"
    );
}
