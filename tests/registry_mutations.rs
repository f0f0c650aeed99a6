//! The real CSVs of `data/` (the registry, and the reasons of bounces with their rules),
//! damaged in every way a hand edit can damage them, each built for real (a copy of the
//! package, as a user updating the registry would build it): the build either succeeds where
//! the format allows the change, or fails naming the file, the line and the fault.

mod common;

use common::PackageCopy;

/// Prints what the registry and the rules hold, for the edits that must build and change
/// nothing.
const PROBE: &str = r#"fn main() {
    let code = smtp::Code::BadDestinationMailboxAddress;
    println!("{} codes; {}: {}; {:?}", smtp::Code::ALL.len(), code, code.title(), code.reply_codes());
    let banned = "5.7.606".parse().ok();
    let rule = smtp::bounce::matching_rule(banned, None, "", None).unwrap();
    let full = smtp::bounce::classify(None, None, "Mailbox FULL", None);
    println!("{} reasons; 5.7.606: {} on line {}; {full}", smtp::bounce::Reason::ALL.len(), rule.reason(), rule.line());
}
"#;

const UNCHANGED: &str = "81 codes; X.1.1: Bad destination mailbox address; [\"451\", \"550\"]\n\
                         34 reasons; 5.7.606: blocked on line 2; mailboxfull\n";

/// One kind of damage: which file, how to change it, and what the build must say: on the line
/// of the undamaged file that holds the marker, the reason (`None`: it must build, and the
/// registry must be unchanged).
struct Damage {
    what: &'static str,
    file: &'static str,
    edit: fn(&str) -> Vec<u8>,
    expect: Option<(&'static str, &'static str)>,
}

/// The 1-based line of `text` where `marker` first appears; a marker may start with the line
/// break before it, to name a line by its start.
fn line_of(text: &str, marker: &str) -> usize {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} is in the file"))
        + (marker.len() - marker.trim_start_matches('\n').len());
    text[..at].matches('\n').count() + 1
}

/// Replaces the first occurrence of `from`, which must be there.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is in the file");
    text.replacen(from, to, 1)
}

fn damages() -> Vec<Damage> {
    vec![
        Damage {
            what: "header renamed",
            file: "codes.csv",
            edit: |t| replace(t, "code,name,title", "code,name,titel").into(),
            expect: Some((
                "code,name,title",
                "bad header: expected \"code,name,title,reply_codes,reference,status,description\"",
            )),
        },
        Damage {
            what: "header missing",
            file: "codes.csv",
            edit: |t| t.split_once('\n').unwrap().1.into(),
            expect: Some(("code,name,title", "bad header")),
        },
        Damage {
            what: "column dropped",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.1.5,DestinationAddressValid,Destination address valid,250,",
                    "X.1.5,DestinationAddressValid,Destination address valid,",
                )
                .into()
            },
            expect: Some((
                "X.1.5,",
                "expected 7 columns (code,name,title,reply_codes,reference,status,description), found 6",
            )),
        },
        Damage {
            what: "column added",
            file: "subjects.csv",
            edit: |t| {
                replace(
                    t,
                    "2,Mailbox,Mailbox Status,",
                    "2,Mailbox,Mailbox Status,extra,",
                )
                .into()
            },
            expect: Some((
                "2,Mailbox,",
                "expected 4 columns (subject,name,title,description), found 5",
            )),
        },
        Damage {
            what: "unterminated quote",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.7.29,ArcValidationFailure,ARC validation failure",
                    "X.7.29,ArcValidationFailure,\"ARC validation failure",
                )
                .into()
            },
            expect: Some(("X.7.29,", "unterminated quote")),
        },
        Damage {
            what: "unterminated quote in the middle of the file",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.1.2,BadDestinationSystemAddress,Bad destination system address",
                    "X.1.2,BadDestinationSystemAddress,\"Bad destination system address",
                )
                .into()
            },
            expect: Some((
                "X.1.2,",
                "unbalanced quote: the quote that opens column \"title\" on line 5 is closed inside the field",
            )),
        },
        Damage {
            what: "a quote that takes in the next rows",
            file: "subjects.csv",
            edit: |t| {
                replace(
                    t,
                    "2,Mailbox,Mailbox Status,",
                    "2,Mailbox,\"Mailbox Status,",
                )
                .into()
            },
            expect: Some((
                "2,Mailbox,",
                "unterminated quote: the quote that opens column \"title\" on line",
            )),
        },
        Damage {
            what: "duplicate code",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.1.2,BadDestinationSystemAddress",
                    "X.1.1,BadDestinationSystemAddress",
                )
                .into()
            },
            expect: Some(("X.1.2,", "duplicate code X.1.1 (first on line 4)")),
        },
        Damage {
            what: "duplicate name",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.1.2,BadDestinationSystemAddress",
                    "X.1.2,BadDestinationMailboxAddress",
                )
                .into()
            },
            expect: Some((
                "X.1.2,",
                "duplicate name BadDestinationMailboxAddress (first on line 4)",
            )),
        },
        Damage {
            what: "name that is a keyword",
            file: "codes.csv",
            edit: |t| replace(t, "X.4.2,BadConnection", "X.4.2,Self").into(),
            expect: Some(("X.4.2,", "name \"Self\" is a Rust keyword")),
        },
        Damage {
            what: "name that is not an identifier",
            file: "subjects.csv",
            edit: |t| replace(t, "3,MailSystem,", "3,Mail-System,").into(),
            expect: Some((
                "3,MailSystem,",
                "name \"Mail-System\" is not a valid Rust identifier",
            )),
        },
        Damage {
            what: "name that is not UpperCamelCase",
            file: "codes.csv",
            edit: |t| replace(t, "X.2.2,MailboxFull", "X.2.2,mailbox_full").into(),
            expect: Some(("X.2.2,", "name \"mailbox_full\" is not UpperCamelCase")),
        },
        Damage {
            what: "code with a leading zero",
            file: "codes.csv",
            edit: |t| replace(t, "X.1.3,", "X.1.03,").into(),
            expect: Some((
                "X.1.3,",
                "malformed code \"X.1.03\": invalid leading zero in detail at byte 4",
            )),
        },
        Damage {
            what: "code with a four-digit part",
            file: "codes.csv",
            edit: |t| replace(t, "X.1.3,", "X.1.3000,").into(),
            expect: Some((
                "X.1.3,",
                "malformed code \"X.1.3000\": more than 3 digits in detail at byte 4",
            )),
        },
        Damage {
            what: "code with a class instead of X",
            file: "codes.csv",
            edit: |t| replace(t, "X.1.3,", "5.1.3,").into(),
            expect: Some((
                "X.1.3,",
                "malformed code \"5.1.3\": expected \"X\" at the start of a registry key",
            )),
        },
        Damage {
            what: "subject not in subjects.csv",
            file: "codes.csv",
            edit: |t| replace(t, "X.1.4,", "X.9.4,").into(),
            expect: Some((
                "X.1.4,",
                "unknown subject 9 in code X.9.4: data/subjects.csv has no such row",
            )),
        },
        Damage {
            what: "class other than 2, 4 or 5",
            file: "classes.csv",
            edit: |t| {
                replace(
                    t,
                    "\n4,PersistentTransientFailure",
                    "\n6,PersistentTransientFailure",
                )
                .into()
            },
            expect: Some((
                "4,PersistentTransientFailure",
                "expected class 2, 4 or 5, found \"6\"",
            )),
        },
        Damage {
            what: "bad reply code token",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.2.2,MailboxFull,Mailbox full,552,",
                    "X.2.2,MailboxFull,Mailbox full,552 6XX,",
                )
                .into()
            },
            expect: Some(("X.2.2,", "bad reply code \"6XX\"")),
        },
        Damage {
            what: "empty title",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "X.4.1,NoAnswerFromHost,No answer from host,",
                    "X.4.1,NoAnswerFromHost,,",
                )
                .into()
            },
            expect: Some(("X.4.1,", "empty title for current code X.4.1")),
        },
        Damage {
            what: "unknown status",
            file: "codes.csv",
            edit: |t| {
                replace(
                    t,
                    "RFC 3463,current,A per-mailbox",
                    "RFC 3463,obsolete,A per-mailbox",
                )
                .into()
            },
            expect: Some((
                "X.2.3,",
                "unknown status \"obsolete\", expected \"current\" or \"deprecated\"",
            )),
        },
        Damage {
            what: "bytes that are not UTF-8",
            file: "codes.csv",
            edit: |t| {
                let mut bytes = replace(t, "Mail system full", "Mail system fu@@").into_bytes();
                let at = bytes.windows(2).position(|w| w == b"@@").unwrap();
                bytes[at] = 0xff;
                bytes[at + 1] = 0xfe;
                bytes
            },
            expect: Some(("X.3.1,", "column \"title\" is not valid UTF-8")),
        },
        Damage {
            what: "unknown reason in a rule",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "\nmailboxfull,X.2.2,", "\nmailboxful,X.2.2,").into(),
            expect: Some((
                "\nmailboxfull,X.2.2,",
                "unknown reason \"mailboxful\": data/reasons.csv has no such row",
            )),
        },
        Damage {
            what: "range across subjects",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "5.7.606-5.7.649", "5.7.606-5.8.649").into(),
            expect: Some((
                "5.7.606-5.7.649",
                "bad range \"5.7.606-5.8.649\": both ends must have the same class and subject",
            )),
        },
        Damage {
            what: "range backwards",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "5.7.606-5.7.649", "5.7.649-5.7.606").into(),
            expect: Some((
                "5.7.606-5.7.649",
                "bad range \"5.7.649-5.7.606\": the first detail is greater than the last",
            )),
        },
        Damage {
            what: "malformed status",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "\nhostunknown,X.1.2,", "\nhostunknown,X.1.2.,").into(),
            expect: Some(("\nhostunknown,X.1.2,", "malformed status \"X.1.2.\"")),
        },
        Damage {
            what: "bad reply code in a rule",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "\nmailboxfull,,552,", "\nmailboxfull,,562,").into(),
            expect: Some(("\nmailboxfull,,552,", "bad reply code \"562\"")),
        },
        Damage {
            what: "unknown command",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "\nrejected,,,mail,", "\nrejected,,,mail-from,").into(),
            expect: Some((
                "\nrejected,,,mail,",
                "unknown command \"mail-from\": expected one of connect, helo, mail, rcpt, data",
            )),
        },
        Damage {
            what: "bad host",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "outlook.com office365.com", ".outlook.com office365.com").into(),
            expect: Some(("outlook.com office365.com", "bad host \".outlook.com\"")),
        },
        Damage {
            what: "empty phrase",
            file: "bounce_rules.csv",
            edit: |t| {
                replace(
                    t,
                    "relay access denied|relaying denied",
                    "relay access denied||relaying denied",
                )
                .into()
            },
            expect: Some((
                "relay access denied|",
                "empty phrase (number 2 of the column)",
            )),
        },
        Damage {
            what: "phrase too short",
            file: "bounce_rules.csv",
            edit: |t| {
                replace(
                    t,
                    "relay access denied|relaying denied",
                    "relay access denied|re",
                )
                .into()
            },
            expect: Some((
                "relay access denied|",
                "phrase \"re\" is shorter than 3 characters",
            )),
        },
        Damage {
            what: "duplicate rule",
            file: "bounce_rules.csv",
            edit: |t| {
                replace(
                    t,
                    "\nhostunknown,X.1.2,,,,,,",
                    "\nhostunknown,X.1.2,,,,,,\nuserunknown,X.1.2,,,,,,",
                )
                .into()
            },
            expect: Some(("\nuserunknown,X.1.3,", "duplicate rule: line")),
        },
        Damage {
            what: "rule without a condition",
            file: "bounce_rules.csv",
            edit: |t| replace(t, "\nhostunknown,X.1.2,", "\nhostunknown,,").into(),
            expect: Some(("\nhostunknown,X.1.2,", "rule without a condition")),
        },
        Damage {
            what: "duplicate reason",
            file: "reasons.csv",
            edit: |t| replace(t, "\nhasmoved,HasMoved,", "\nfiltered,HasMoved,").into(),
            expect: Some(("\nhasmoved,", "duplicate reason filtered (first on line")),
        },
        Damage {
            what: "bad hard column",
            file: "reasons.csv",
            edit: |t| {
                replace(
                    t,
                    "\nhostunknown,HostUnknown,yes,",
                    "\nhostunknown,HostUnknown,true,",
                )
                .into()
            },
            expect: Some((
                "\nhostunknown,",
                "bad hard \"true\", expected \"yes\" or \"no\"",
            )),
        },
        Damage {
            what: "a reason the reader gives is missing",
            file: "reasons.csv",
            edit: |t| {
                let start = t.find("\nvacation,").unwrap() + 1;
                let end = start + t[start..].find('\n').unwrap() + 1;
                format!("{}{}", &t[..start], &t[end..]).into()
            },
            expect: Some((
                "reason,name,hard",
                "missing reason vacation: delivered, feedback, onhold, undefined, vacation must each have a row",
            )),
        },
        // Changes the format allows: the registry must come out the same.
        Damage {
            what: "byte order mark",
            file: "codes.csv",
            edit: |t| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat(),
            expect: None,
        },
        Damage {
            what: "CRLF line ends",
            file: "codes.csv",
            edit: |t| t.replace('\n', "\r\n").into(),
            expect: None,
        },
        Damage {
            what: "CRLF line ends in the rules",
            file: "bounce_rules.csv",
            edit: |t| t.replace('\n', "\r\n").into(),
            expect: None,
        },
        Damage {
            what: "spaces and capitals in phrases",
            file: "bounce_rules.csv",
            edit: |t| {
                replace(
                    t,
                    "\nmailboxfull,,,,,,mailbox full|",
                    "\nmailboxfull,,,,,, Mailbox   FULL |",
                )
                .into()
            },
            expect: None,
        },
        Damage {
            what: "blank lines at the end",
            file: "subjects.csv",
            edit: |t| format!("{t}\n\n").into(),
            expect: None,
        },
        Damage {
            what: "spaces around fields",
            file: "codes.csv",
            edit: |t| {
                replace(t, "X.1.1,BadDestinationMailboxAddress,Bad destination mailbox address,451 550,", "X.1.1 , BadDestinationMailboxAddress ,  Bad destination mailbox address , 451 550 ,").into()
            },
            expect: None,
        },
    ]
}

#[test]
fn every_kind_of_damage_is_caught_with_its_file_and_line() {
    let damages = damages();
    assert!(damages.iter().filter(|d| d.expect.is_some()).count() >= 15);
    let copy = PackageCopy::with_features(PROBE, &["reasons"]);
    assert_eq!(
        copy.run().as_deref(),
        Ok(UNCHANGED),
        "the undamaged copy builds"
    );
    let mut failures = Vec::new();
    for damage in &damages {
        let path = format!("data/{}", damage.file);
        let original = copy.read(&path);
        copy.write(&path, (damage.edit)(&original));
        let result = copy.run();
        copy.write(&path, &original);
        match (&damage.expect, result) {
            (None, Ok(output)) if output == UNCHANGED => {}
            (Some((marker, reason)), Err(errors)) => {
                let line = line_of(&original, marker);
                let expected = format!("{path}:{line}: {reason}");
                if !errors.contains(&expected) {
                    failures.push(format!(
                        "{}: expected {expected:?} in:\n{errors}",
                        damage.what
                    ));
                }
            }
            (expect, result) => failures.push(format!(
                "{}: expected {expect:?}, got {result:?}",
                damage.what
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
