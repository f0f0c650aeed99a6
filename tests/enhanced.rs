//! `EnhancedCode`: strict RFC 3463 parsing, formatting and meaning.

use smtp_status::{Class, Code, EnhancedCode, Meaning, ParseErrorKind, Part};

#[test]
fn every_well_formed_code_round_trips() {
    let mut text = String::new();
    for &class in Class::ALL {
        for subject in 0..=999u16 {
            for detail in 0..=999u16 {
                use std::fmt::Write;
                text.clear();
                write!(text, "{}.{subject}.{detail}", class.as_u8()).unwrap();
                let expected = EnhancedCode::new(class, subject, detail);
                let parsed: EnhancedCode = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
                assert_eq!(parsed, expected, "{text}");
                assert_eq!(parsed.class(), class);
                assert_eq!((parsed.subject(), parsed.detail()), (subject, detail));
                assert_eq!(parsed.to_string(), text);
            }
        }
    }
}

#[test]
fn malformed_codes_fail_with_the_right_error() {
    use ParseErrorKind::*;
    use Part::*;
    let cases: &[(&str, ParseErrorKind, usize)] = &[
        ("", Empty, 0),
        // Classes other than 2, 4 and 5.
        ("0.1.1", InvalidClass, 0),
        ("1.1.1", InvalidClass, 0),
        ("3.1.1", InvalidClass, 0),
        ("6.1.1", InvalidClass, 0),
        ("9.1.1", InvalidClass, 0),
        ("X.1.1", InvalidClass, 0),
        ("05.1.1", InvalidClass, 0),
        ("55.1.1", ExpectedDot(Class), 1),
        // Leading zeros.
        ("5.01.1", LeadingZero(Subject), 2),
        ("5.00.1", LeadingZero(Subject), 2),
        ("5.1.01", LeadingZero(Detail), 4),
        ("5.1.000", LeadingZero(Detail), 4),
        // More than three digits.
        ("5.1000.1", TooManyDigits(Subject), 2),
        ("5.1.1000", TooManyDigits(Detail), 4),
        ("5.1.12345678901234567890", TooManyDigits(Detail), 4),
        // Whitespace.
        (" 5.1.1", InvalidClass, 0),
        ("5.1.1 ", TrailingCharacters, 5),
        ("5. 1.1", ExpectedDigit(Subject), 2),
        ("5.1 .1", ExpectedDot(Subject), 3),
        ("5.1.1\r\n", TrailingCharacters, 5),
        ("\t5.1.1", InvalidClass, 0),
        // Signs.
        ("+5.1.1", InvalidClass, 0),
        ("-5.1.1", InvalidClass, 0),
        ("5.+1.1", ExpectedDigit(Subject), 2),
        ("5.1.-1", ExpectedDigit(Detail), 4),
        // Missing or empty parts.
        ("5", ExpectedDot(Class), 1),
        ("5.", ExpectedDigit(Subject), 2),
        ("5.1", ExpectedDot(Subject), 3),
        ("5.1.", ExpectedDigit(Detail), 4),
        ("5..1", ExpectedDigit(Subject), 2),
        ("..", InvalidClass, 0),
        (".1.1", InvalidClass, 0),
        ("5,1,1", ExpectedDot(Class), 1),
        // Trailing text and dots.
        ("5.1.1.", TrailingCharacters, 5),
        ("5.1.1.1", TrailingCharacters, 5),
        ("5.1.1x", TrailingCharacters, 5),
        ("5.1.10;", TrailingCharacters, 6),
        // Digits that are not ASCII.
        ("5.\u{661}.1", ExpectedDigit(Subject), 2),
        ("\u{ff15}.1.1", InvalidClass, 0),
        ("5.1.\u{1d7e3}", ExpectedDigit(Detail), 4),
    ];
    for &(input, kind, position) in cases {
        let error = input.parse::<EnhancedCode>().expect_err(input);
        assert_eq!(
            (error.kind(), error.position()),
            (kind, position),
            "{input:?}: {error}"
        );
        assert_eq!(EnhancedCode::try_from(input), Err(error));
        assert_eq!(EnhancedCode::from_bytes(input.as_bytes()), Err(error));
    }
}

#[test]
fn errors_say_what_is_wrong_and_where() {
    let message = |input: &str| input.parse::<EnhancedCode>().unwrap_err().to_string();
    assert_eq!(message(""), "empty string, expected a code such as 5.1.1");
    assert_eq!(
        message("6.1.1"),
        "expected class 2, 4 or 5, found \"6\" at byte 0"
    );
    assert_eq!(
        message("5.01.1"),
        "invalid leading zero in subject at byte 2"
    );
    assert_eq!(
        message("5.1.1000"),
        "more than 3 digits in detail at byte 4"
    );
    assert_eq!(
        message("5.1"),
        "expected \".\" after subject, found end of input at byte 3"
    );
    assert_eq!(
        message("5.\u{661}.1"),
        "expected a digit in subject, found \"\u{661}\" at byte 2"
    );
    assert_eq!(message("5.1.1 "), "unexpected \" \" after detail at byte 5");
    assert_eq!(
        message("5.1.1\n"),
        "unexpected \"\\n\" after detail at byte 5"
    );
    let not_utf8 = EnhancedCode::from_bytes(b"5.\xff.1").unwrap_err();
    assert_eq!(
        not_utf8.to_string(),
        "expected a digit in subject, found byte 0xff at byte 2"
    );
    let _: &dyn std::error::Error = &not_utf8;
}

#[test]
fn title_falls_back_to_the_subject_then_the_class() {
    let code = |s: &str| s.parse::<EnhancedCode>().unwrap();
    assert_eq!(code("5.1.1").title(), "Bad destination mailbox address");
    assert_eq!(code("4.1.1").title(), "Bad destination mailbox address");
    // Unregistered detail: the subject's X.<subject>.0.
    assert_eq!(
        code("5.7.606").title(),
        "Other or undefined security status"
    );
    assert_eq!(
        code("4.7.650").title(),
        "Other or undefined security status"
    );
    assert_eq!(code("5.1.351").title(), "Other address status");
    // Unknown subject: the class.
    assert_eq!(code("5.9.1").title(), "Permanent Failure");
    assert_eq!(code("4.999.999").title(), "Persistent Transient Failure");
    assert_eq!(code("2.8.0").title(), "Success");
    assert_eq!(code("5.7.606").code(), None);
    assert_eq!(code("5.7.1").code(), Some(Code::DeliveryNotAuthorized));
}

#[test]
fn meaning_names_the_entry_that_stands_in() {
    let code = |s: &str| s.parse::<EnhancedCode>().unwrap();
    assert_eq!(
        code("5.1.1").meaning(),
        Meaning::Registered(Code::BadDestinationMailboxAddress)
    );
    assert_eq!(
        code("5.1.351").meaning(),
        Meaning::Subject(Code::OtherAddressStatus)
    );
    assert_eq!(
        code("4.999.1").meaning(),
        Meaning::Class(Class::PersistentTransientFailure)
    );
    // title() and every field of the meaning are the standing-in entry's.
    for text in ["5.1.1", "2.0.0", "5.7.606", "4.4.999", "5.9.1", "2.999.0"] {
        let code = code(text);
        let meaning = code.meaning();
        assert_eq!(code.title(), meaning.title(), "{text}");
        match meaning {
            Meaning::Registered(entry) => {
                assert_eq!(Some(entry), code.code());
                assert_eq!(meaning.description(), entry.description());
            }
            Meaning::Subject(entry) => {
                assert_eq!(code.code(), None);
                assert_eq!(
                    (entry.subject().number(), entry.detail()),
                    (code.subject(), 0)
                );
                assert_eq!(meaning.code(), Some(entry));
            }
            Meaning::Class(class) => {
                assert_eq!(class, code.class());
                assert_eq!(meaning.description(), class.description());
                assert_eq!(meaning.code(), None);
            }
        }
    }
}

#[test]
fn errors_are_equal_when_kind_position_and_character_are() {
    let error = |s: &str| s.parse::<EnhancedCode>().unwrap_err();
    // The same fault in different inputs.
    assert_eq!(error("5.01.1"), error("5.01.22"));
    assert_eq!(error("6.1.1"), error("6"));
    // The same kind and position, another character.
    assert_ne!(error("5.1.1x"), error("5.1.1y"));
    assert_ne!(error("5.1.1x"), error("5.1.1."));
    // The same character at another position.
    assert_ne!(error("5.1.1 "), error("5.1.10 "));
}

#[test]
fn class_predicates() {
    let code = |s: &str| s.parse::<EnhancedCode>().unwrap();
    let flags = |c: EnhancedCode| (c.is_success(), c.is_transient(), c.is_permanent());
    assert_eq!(flags(code("2.0.0")), (true, false, false));
    assert_eq!(flags(code("4.2.2")), (false, true, false));
    assert_eq!(flags(code("5.2.2")), (false, false, true));
}

#[test]
fn formatting_and_ordering() {
    let code = EnhancedCode::new(Class::PermanentFailure, 1, 10);
    assert_eq!(code.to_string(), "5.1.10");
    assert_eq!(format!("[{code:>8}]"), "[  5.1.10]");
    assert_eq!(format!("[{code:<8}]"), "[5.1.10  ]");
    assert_eq!(format!("{code:?}"), "EnhancedCode(5.1.10)");
    assert_eq!(
        EnhancedCode::new(Class::Success, 999, 999).to_string(),
        "2.999.999"
    );
    assert_eq!(
        format!("{:>6}", Code::BadDestinationMailboxAddress),
        " X.1.1"
    );
    let mut codes: Vec<EnhancedCode> = ["5.1.1", "2.0.0", "5.1.10", "4.7.1", "5.1.2"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    codes.sort();
    let sorted: Vec<String> = codes.iter().map(ToString::to_string).collect();
    assert_eq!(sorted, ["2.0.0", "4.7.1", "5.1.1", "5.1.2", "5.1.10"]);
}

#[test]
fn new_is_usable_in_const_and_checks_its_range() {
    const VENDOR: EnhancedCode = EnhancedCode::new(Class::PermanentFailure, 7, 606);
    assert_eq!(VENDOR.to_string(), "5.7.606");
    let too_big = std::panic::catch_unwind(|| EnhancedCode::new(Class::Success, 1000, 0));
    assert!(too_big.is_err(), "a subject above 999 is refused");
    let too_big = std::panic::catch_unwind(|| EnhancedCode::new(Class::Success, 0, 1000));
    assert!(too_big.is_err(), "a detail above 999 is refused");
}

#[cfg(feature = "serde")]
#[test]
fn serde_uses_the_string_form() {
    let code: EnhancedCode = "5.7.606".parse().unwrap();
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"5.7.606\"");
    assert_eq!(
        serde_json::from_str::<EnhancedCode>("\"5.7.606\"").unwrap(),
        code
    );
    let error = serde_json::from_str::<EnhancedCode>("\"5.01.1\"").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("invalid leading zero in subject"),
        "{error}"
    );
    assert!(serde_json::from_str::<EnhancedCode>("511").is_err());
    let key = Code::BadDestinationMailboxAddress;
    assert_eq!(serde_json::to_string(&key).unwrap(), "\"X.1.1\"");
    assert_eq!(serde_json::from_str::<Code>("\"X.1.1\"").unwrap(), key);
    assert!(serde_json::from_str::<Code>("\"X.1.99\"").is_err());
}
