//! What a failure means: the reasons' names, the rules of `data/bounce_rules.csv` case by
//! case (providers' codes and words, phrases, commands, hosts, codes alone), the hard-bounce
//! verdict, and the same for a server's reply. Bounce messages are in `tests/bounce.rs` and
//! the corpus in `tests/bounce_corpus.rs`.

#![cfg(feature = "reasons")]

use smtp_status::EnhancedCode;
use smtp_status::bounce::{self, Reason};
use smtp_status::reply::{self, ReplyCode};

fn code(text: &str) -> Option<EnhancedCode> {
    Some(text.parse().unwrap_or_else(|e| panic!("{text}: {e}")))
}

fn reply_code(code: u16) -> Option<ReplyCode> {
    Some(ReplyCode::new(code).expect("a reply code"))
}

/// The reason for a reply written `550 5.1.1 text`.
fn reason_of(reply: &str, host: Option<&str>) -> Reason {
    let (number, rest) = reply.split_once(' ').unwrap();
    let (status, text) = match rest.split_once(' ') {
        Some((first, text)) if first.parse::<EnhancedCode>().is_ok() => (code(first), text),
        _ => (None, rest),
    };
    bounce::classify(status, reply_code(number.parse().unwrap()), text, host)
}

#[test]
fn the_reasons_are_sisimais_names_each_with_a_description() {
    // The names bounce processors store (the list), in alphabetical order.
    let names = [
        "authfailure",
        "badreputation",
        "blocked",
        "contenterror",
        "delivered",
        "emailtoolarge",
        "expired",
        "failedstarttls",
        "feedback",
        "filtered",
        "hasmoved",
        "hostunknown",
        "mailboxfull",
        "mailererror",
        "networkerror",
        "norelaying",
        "notaccept",
        "notcompliantrfc",
        "onhold",
        "policyviolation",
        "ratelimited",
        "rejected",
        "requireptr",
        "securityerror",
        "spamdetected",
        "suppressed",
        "suspend",
        "syntaxerror",
        "systemerror",
        "systemfull",
        "undefined",
        "userunknown",
        "vacation",
        "virusdetected",
    ];
    let all: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(all, names);
    for &reason in Reason::ALL {
        assert_eq!(reason.as_str().parse::<Reason>(), Ok(reason));
        assert_eq!(reason.to_string(), reason.as_str());
        assert!(reason.description().ends_with('.'), "{reason}");
    }
    let hard: Vec<&str> = Reason::ALL
        .iter()
        .filter(|r| r.is_hard())
        .map(|r| r.as_str())
        .collect();
    assert_eq!(
        hard,
        ["hasmoved", "hostunknown", "notaccept", "userunknown"]
    );
}

#[test]
fn an_unknown_name_is_an_error_that_lists_the_names() {
    let error = "UserUnknown".parse::<Reason>().unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("unknown reason \"UserUnknown\": expected a lowercase name"),
        "{message}"
    );
    assert!(
        message.contains("userunknown, vacation, virusdetected)"),
        "{message}"
    );
}

#[test]
fn providers_codes_and_words_mean_what_the_providers_document() {
    let cases = [
        // Microsoft's codes, in no registry.
        (
            "550 5.7.606 Access denied, banned sending IP [192.0.2.1].",
            Reason::Blocked,
        ),
        (
            "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.",
            Reason::BadReputation,
        ),
        (
            "550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC verification",
            Reason::AuthFailure,
        ),
        // Yahoo's bracketed codes.
        (
            "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
            Reason::Rejected,
        ),
        // GoDaddy's rate limit in a 5.1.1, Orange's spam block in a 5.2.0.
        (
            "550 5.1.1 <a@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607",
            Reason::RateLimited,
        ),
        (
            "550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]",
            Reason::SpamDetected,
        ),
        // Gmail's words, in a multiline reply folded into one.
        (
            "550 5.7.1 This message is not RFC 5322 compliant. There are multiple Subject 550-5.7.1 headers. To reduce the amount of spam sent to Gmail, this message has been blocked.",
            Reason::NotCompliantRfc,
        ),
        (
            "550 5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 prevents additional messages from being delivered.",
            Reason::RateLimited,
        ),
    ];
    for (reply, reason) in cases {
        assert_eq!(reason_of(reply, None), reason, "{reply}");
    }
}

#[test]
fn a_providers_rule_says_what_the_provider_documents() {
    let status = code("5.7.606");
    let rule = bounce::matching_rule(status, reply_code(550), "Access denied", None).unwrap();
    assert_eq!(rule.reason(), Reason::Blocked);
    assert!(rule.note().unwrap().starts_with("Microsoft: "), "{rule:?}");
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/bounce_rules.csv"
    ))
    .unwrap();
    let line = file.lines().nth(rule.line() as usize - 1).unwrap();
    assert!(line.starts_with("blocked,5.7.606-5.7.649,"), "{line}");
    // A rule of anyone's words has no note; a success has no rule.
    let full = bounce::matching_rule(None, reply_code(552), "Mailbox full", None).unwrap();
    assert_eq!((full.reason(), full.note()), (Reason::MailboxFull, None));
    assert!(bounce::matching_rule(code("2.0.0"), reply_code(250), "Ok", None).is_none());
}

#[test]
fn a_host_rule_applies_to_the_providers_hosts_only() {
    // Microsoft says 5.1.10 for an unknown recipient; the registry's X.1.10 is a null MX.
    let status = code("5.1.10");
    let text = "Address refused";
    for host in [
        "outlook.com",
        "mail.protection.outlook.com",
        "MX1.HOTMAIL.COM.",
    ] {
        let reason = bounce::classify(status, reply_code(550), text, Some(host));
        assert_eq!(reason, Reason::UserUnknown, "{host}");
    }
    for host in [
        None,
        Some("notoutlook.com"),
        Some("outlook.com.example.org"),
    ] {
        let reason = bounce::classify(status, reply_code(550), text, host);
        assert_eq!(reason, Reason::NotAccept, "{host:?}");
    }
}

#[test]
fn phrases_are_matched_where_words_start_without_regard_to_case() {
    let cases = [
        ("550 Mailbox FULL", Reason::MailboxFull),
        (
            "554 Message rejected: SPAMMING detected",
            Reason::SpamDetected,
        ),
        // `spam` is not in `antispam`, `filtered` is not in an address.
        ("554 rejected by antispam gateway", Reason::OnHold),
        (
            "550 <filtered@example.com>: Relay access denied",
            Reason::NoRelaying,
        ),
        // Line breaks and runs of spaces are one space.
        (
            "452 4.2.2 The email account that you tried to reach is over\r\n   quota",
            Reason::MailboxFull,
        ),
        ("550 Recipient address\n\trejected", Reason::UserUnknown),
        // Typographic apostrophes read as plain ones.
        (
            "550 The domain doesn\u{2019}t receive email",
            Reason::NotAccept,
        ),
    ];
    for (reply, reason) in cases {
        assert_eq!(reason_of(reply, None), reason, "{reply:?}");
    }
}

#[test]
fn the_command_tells_a_filter_from_an_unknown_user() {
    let status = code("5.0.0");
    let reason = |text| bounce::classify(status, reply_code(550), text, None);
    assert_eq!(
        reason("550 User unknown (in reply to RCPT TO command)"),
        Reason::UserUnknown
    );
    assert_eq!(
        reason("550 User unknown (in reply to end of DATA command)"),
        Reason::Filtered
    );
    assert_eq!(reason(">>> DATA <<< 550 User unknown"), Reason::Filtered);
    assert_eq!(
        reason("SMTP error from remote mail server after initial connection: 554 go away"),
        Reason::Blocked
    );
    assert_eq!(
        reason("SMTP error from remote mail server after MAIL FROM:<a@example.org>: 550 no"),
        Reason::Rejected
    );
    // A 5.1.1 to DATA answers a pipelined RCPT TO.
    let pipelined = ">>> DATA <<< 550 5.1.1 <a@example.com>... User unknown";
    let unknown = bounce::classify(code("5.1.1"), reply_code(550), pipelined, None);
    assert_eq!(unknown, Reason::UserUnknown);
}

#[test]
fn the_codes_alone_give_the_registrys_meaning() {
    let cases = [
        ("5.1.1", 550, Reason::UserUnknown),
        ("4.1.1", 450, Reason::UserUnknown),
        ("5.1.2", 550, Reason::HostUnknown),
        ("5.2.2", 552, Reason::MailboxFull),
        ("4.4.7", 451, Reason::Expired),
        ("5.7.26", 550, Reason::AuthFailure),
        ("5.7.25", 550, Reason::RequirePtr),
        ("5.6.0", 554, Reason::ContentError),
        ("5.3.4", 552, Reason::EmailTooLarge),
    ];
    for (status, reply, reason) in cases {
        assert_eq!(
            bounce::classify(code(status), reply_code(reply), "", None),
            reason,
            "{status}"
        );
    }
    // Reply codes alone, where their meaning is fixed (RFC 5321 §4.2.2).
    assert_eq!(
        bounce::classify(None, reply_code(552), "", None),
        Reason::MailboxFull
    );
    assert_eq!(
        bounce::classify(None, reply_code(551), "", None),
        Reason::HasMoved
    );
    assert_eq!(
        bounce::classify(None, reply_code(501), "", None),
        Reason::SyntaxError
    );
}

#[test]
fn successes_unexplained_failures_and_nothing_at_all() {
    assert_eq!(
        bounce::classify(code("2.1.5"), reply_code(250), "Ok", None),
        Reason::Delivered
    );
    assert_eq!(
        bounce::classify(None, reply_code(250), "", None),
        Reason::Delivered
    );
    assert_eq!(
        bounce::classify(code("5.0.0"), reply_code(554), "Go away", None),
        Reason::OnHold
    );
    assert_eq!(bounce::classify(None, None, "Nope.", None), Reason::OnHold);
    assert_eq!(bounce::classify(None, None, " * ", None), Reason::Undefined);
    assert_eq!(bounce::classify(None, None, "", None), Reason::Undefined);
}

#[test]
fn a_hard_bounce_is_a_permanent_failure_for_a_hard_reason() {
    let hard = |reason, status: &str, reply| {
        bounce::is_hard_bounce(reason, code(status), reply_code(reply))
    };
    assert!(hard(Reason::UserUnknown, "5.1.1", 550));
    assert!(hard(Reason::HostUnknown, "5.1.2", 550));
    assert!(
        !hard(Reason::UserUnknown, "4.1.1", 450),
        "a transient failure"
    );
    assert!(
        !hard(Reason::MailboxFull, "5.2.2", 552),
        "not a hard reason"
    );
    assert!(!hard(Reason::Blocked, "5.7.1", 550), "not a hard reason");
    // Without an enhanced code the reply code decides, and without either the failure counts
    // as permanent.
    assert!(bounce::is_hard_bounce(
        Reason::UserUnknown,
        None,
        reply_code(550)
    ));
    assert!(!bounce::is_hard_bounce(
        Reason::UserUnknown,
        None,
        reply_code(450)
    ));
    assert!(bounce::is_hard_bounce(Reason::UserUnknown, None, None));
}

#[test]
fn a_servers_reply_is_classified_as_it_is_read() {
    let wire =
        b"550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n\
                 550-5.1.1 double-checking the recipient's email address for typos or\r\n\
                 550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser\r\n";
    let (parsed, _) = reply::parse(wire).unwrap();
    assert_eq!(parsed.reason(), Reason::UserUnknown);
    assert!(parsed.is_hard_bounce());

    let (full, _) = reply::parse(b"452 4.2.2 Mailbox full\r\n").unwrap();
    assert_eq!(full.reason(), Reason::MailboxFull);
    assert!(!full.is_hard_bounce());

    // Bytes that are not UTF-8 do not hide the words around them.
    let (latin1, _) = reply::parse(b"550 Bo\xeete pleine: mailbox full\r\n").unwrap();
    assert_eq!(latin1.reason(), Reason::MailboxFull);
}

#[cfg(feature = "serde")]
#[test]
fn reasons_serialize_as_their_names() {
    let json = serde_json::to_string(&Reason::UserUnknown).unwrap();
    assert_eq!(json, "\"userunknown\"");
    assert_eq!(
        serde_json::from_str::<Reason>(&json).unwrap(),
        Reason::UserUnknown
    );
    let error = serde_json::from_str::<Reason>("\"nosuchreason\"").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("unknown reason \"nosuchreason\""),
        "{error}"
    );
}

#[test]
fn log_lines_of_failures_are_classified_and_others_are_not() {
    let cases = [
        (
            "Nov 29 04:02:05 relay postfix/smtp[2708]: 2C9D4C2472: to=<frank@example.org>, \
             relay=mx.example.net[198.51.100.25]:25, delay=9.1, dsn=5.2.2, status=bounced (host \
             mx.example.net[198.51.100.25] said: 552 5.2.2 <frank@example.org>: Mailbox full \
             (in reply to end of DATA command))",
            "5.2.2",
            Some(552),
            Reason::MailboxFull,
            false,
        ),
        (
            "Nov 29 04:02:57 relay exim[2231]: 1rX9Zq-000Abc-7T ** nobody@example.com \
             R=dnslookup T=remote_smtp H=mx1.example.org [192.0.2.10]: SMTP error from remote \
             mail server after RCPT TO:<nobody@example.com>: 550 5.1.1 <nobody@example.com>: \
             Recipient address rejected: User unknown",
            "5.1.1",
            Some(550),
            Reason::UserUnknown,
            true,
        ),
        (
            "Nov 29 04:03:37 relay sendmail[3120]: 4ATD2x1q012345: to=<ivan@example.net>, \
             delay=00:00:01, mailer=esmtp, relay=mail.example.com. [203.0.113.7], dsn=5.1.1, \
             stat=User unknown",
            "5.1.1",
            None,
            Reason::UserUnknown,
            true,
        ),
        (
            "Nov 29 04:02:48 relay postfix/smtp[6655]: 6C8EE5A4AB: to=<nobody@example.com>, \
             relay=mx1.example.org[192.0.2.10]:25, dsn=4.7.1, status=deferred (host \
             mx1.example.org[192.0.2.10] said: 451 4.7.1 <nobody@example.com>: Recipient address \
             rejected: Greylisted (in reply to RCPT TO command))",
            "4.7.1",
            Some(451),
            Reason::OnHold,
            false,
        ),
    ];
    for (line, status, reply, reason, hard) in cases {
        let failure = bounce::read_log_line(line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(failure.status(), code(status), "{line}");
        assert_eq!(
            failure.reply_code(),
            reply.and_then(ReplyCode::new),
            "{line}"
        );
        assert_eq!(failure.reason(), reason, "{line}");
        assert_eq!(failure.is_hard_bounce(), hard, "{line}");
    }
    // A deferral without a code, in Postfix's words; the relay's name is not its text.
    let timed_out = "postfix/smtp[1]: 1A: to=<a@spam-filter.example.org>, \
                     relay=none, delay=30, dsn=4.4.1, status=deferred (connect to \
                     spam-filter.example.org[192.0.2.1]:25: Connection timed out)";
    let failure = bounce::read_log_line(timed_out).unwrap();
    assert_eq!(failure.reason(), Reason::Expired);
    let no_code = "postfix/smtp[1]: 1A: to=<a@example.org>, status=deferred (connect to \
                   mx.example.org[192.0.2.1]:25: Connection refused)";
    let failure = bounce::read_log_line(no_code).unwrap();
    assert_eq!(
        (failure.status(), failure.reason()),
        (None, Reason::Blocked)
    );
    for other in [
        "postfix/smtp[1]: 1A: to=<a@example.org>, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
        "postfix/master[801]: daemon started -- version 3.7.11",
        "postfix/bounce[1315]: 6BB60AD89E: sender non-delivery notification: C9097DD7EC",
        "",
    ] {
        assert_eq!(bounce::read_log_line(other), None, "{other}");
    }
}
