//! Every row of data/*.csv, read here with the `csv` crate independently of the build's
//! reader, is reachable through every lookup the library offers, with its data intact.

use smtp_status::{Class, Code, REGISTRY, Subject};
use std::collections::HashSet;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn rows(file: &str) -> Vec<csv::StringRecord> {
    let path = format!("{ROOT}/data/{file}");
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    reader
        .records()
        .map(|r| r.expect("the committed data is valid CSV"))
        .collect()
}

/// The data files wrap text freely; the library holds it with single spaces.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_registry_has_the_size_of_the_iana_registry() {
    assert_eq!(Class::ALL.len(), 3);
    assert_eq!(Subject::ALL.len(), 8);
    assert_eq!(Code::ALL.len(), 81);
    assert_eq!(REGISTRY.len(), 81);
    assert_eq!(Code::ALL.first().map(|c| c.key()), Some("X.0.0"));
    assert_eq!(Code::ALL.last().map(|c| c.key()), Some("X.7.30"));
    let deprecated: Vec<_> = Code::ALL
        .iter()
        .filter(|c| c.is_deprecated())
        .map(|c| c.key())
        .collect();
    assert_eq!(deprecated, ["X.6.10"]);
}

#[test]
fn every_code_row_is_reachable_with_its_data() {
    let rows = rows("codes.csv");
    assert_eq!(rows.len(), Code::ALL.len(), "one variant per row");
    for (row, &code) in rows.iter().zip(Code::ALL) {
        let key = &row[0];
        let (subject, detail) = {
            let mut parts = key
                .strip_prefix("X.")
                .expect("keys start with X.")
                .split('.');
            let subject: u16 = parts
                .next()
                .and_then(|s| s.parse().ok())
                .expect("a subject");
            let detail: u16 = parts.next().and_then(|s| s.parse().ok()).expect("a detail");
            (subject, detail)
        };
        // Code::ALL is in registry order, and every lookup finds the row's code.
        assert_eq!(code.key(), key);
        assert_eq!(code.to_string(), key);
        assert_eq!(REGISTRY.get(key), Some(&code), "REGISTRY[{key}]");
        assert_eq!(
            Code::from_parts(subject, detail),
            Some(code),
            "from_parts {key}"
        );
        assert_eq!(
            Code::from_name(&row[1]),
            Some(code),
            "from_name {}",
            &row[1]
        );
        assert_eq!(key.parse::<Code>(), Ok(code), "FromStr {key}");
        assert_eq!(
            format!("{code:?}"),
            &row[1],
            "the variant is named by the name column"
        );
        // The row's data.
        assert_eq!(code.name(), &row[1]);
        assert_eq!(code.subject().number(), subject);
        assert_eq!(code.detail(), detail);
        assert_eq!(code.title(), tidy(&row[2]), "title of {key}");
        let reply_codes: Vec<&str> = row[3].split_whitespace().collect();
        assert_eq!(
            code.reply_codes(),
            reply_codes.as_slice(),
            "reply codes of {key}"
        );
        assert_eq!(code.reference(), tidy(&row[4]), "reference of {key}");
        assert_eq!(
            code.is_deprecated(),
            &row[5] == "deprecated",
            "status of {key}"
        );
        assert_eq!(code.description(), tidy(&row[6]), "description of {key}");
        // And in each class, the code a server sends.
        for &class in Class::ALL {
            let enhanced = code.with_class(class);
            assert_eq!(enhanced.code(), Some(code));
            assert_eq!(
                enhanced.to_string(),
                format!("{}.{subject}.{detail}", class.as_u8())
            );
            assert_eq!(enhanced.title(), code.title());
        }
    }
}

#[test]
fn every_subject_and_class_row_is_reachable() {
    let subjects = rows("subjects.csv");
    assert_eq!(subjects.len(), Subject::ALL.len());
    for (row, &subject) in subjects.iter().zip(Subject::ALL) {
        let number: u16 = row[0].parse().expect("a subject number");
        assert_eq!(subject.number(), number);
        assert_eq!(Subject::from_number(number), Some(subject));
        assert_eq!(format!("{subject:?}"), &row[1]);
        assert_eq!(subject.title(), tidy(&row[2]));
        assert_eq!(subject.description(), tidy(&row[3]));
    }
    let classes = rows("classes.csv");
    assert_eq!(classes.len(), Class::ALL.len());
    for (row, &class) in classes.iter().zip(Class::ALL) {
        let number: u8 = row[0].parse().expect("a class number");
        assert_eq!(class.as_u8(), number);
        assert_eq!(Class::from_u8(number), Some(class));
        assert_eq!(format!("{class:?}"), &row[1]);
        assert_eq!(class.title(), tidy(&row[2]));
        assert_eq!(class.description(), tidy(&row[3]));
    }
}

#[test]
fn lookups_reject_what_is_not_registered() {
    let registered: HashSet<(u16, u16)> = Code::ALL
        .iter()
        .map(|c| (c.subject().number(), c.detail()))
        .collect();
    for subject in 0..=1000 {
        for detail in 0..=1000 {
            let found = Code::from_parts(subject, detail);
            assert_eq!(
                found.is_some(),
                registered.contains(&(subject, detail)),
                "X.{subject}.{detail}"
            );
        }
    }
    assert_eq!(Code::from_parts(u16::MAX, u16::MAX), None);
    for n in 0..=255u8 {
        assert_eq!(
            Class::from_u8(n).is_some(),
            matches!(n, 2 | 4 | 5),
            "class {n}"
        );
    }
    assert_eq!(Subject::from_number(8), None);
    assert_eq!(Code::from_name("badDestinationMailboxAddress"), None);
    assert_eq!(Code::from_name(""), None);
    for key in ["5.1.1", "X.1.11", "X.01.1", "x.1.1", "X.1.1 ", "X.8.0", ""] {
        assert!(
            key.parse::<Code>().is_err(),
            "{key:?} is not a registered key"
        );
        assert_eq!(REGISTRY.get(key), None, "{key:?}");
    }
    // The error keeps why: not a key at all, or a key the registry does not have.
    let why = |key: &str| {
        let error = key.parse::<Code>().unwrap_err();
        (error.unregistered(), error.to_string())
    };
    let malformed = |reason: &str| (None, format!("malformed registry key: {reason}"));
    assert_eq!(
        why("5.1.1"),
        malformed("expected \"X\" at the start of a registry key, found \"5\" at byte 0")
    );
    assert_eq!(
        why("x.1.1"),
        malformed("expected \"X\" at the start of a registry key, found \"x\" at byte 0")
    );
    assert_eq!(
        why("X.01.1"),
        malformed("invalid leading zero in subject at byte 2")
    );
    assert_eq!(
        why("X.1.1 "),
        malformed("unexpected \" \" after detail at byte 5")
    );
    assert_eq!(
        why(""),
        malformed("expected \"X\" at the start of a registry key, found end of input at byte 0")
    );
    assert_eq!(
        why("X.1.11"),
        (Some((1, 11)), "X.1.11 is not a registered code".to_owned())
    );
    assert_eq!(
        why("X.8.0"),
        (Some((8, 0)), "X.8.0 is not a registered code".to_owned())
    );
}

#[test]
fn the_deprecated_code_points_to_its_replacement() {
    #[allow(deprecated)]
    let duplicate = Code::Utf8ReplyRequiredDuplicate;
    assert!(duplicate.is_deprecated());
    assert_eq!(duplicate.title(), "Deprecated duplicate of X.6.8");
    assert!(duplicate.description().contains("X.6.8"));
    assert!(!Code::Utf8ReplyRequired.is_deprecated());
}

#[test]
fn classes_convert_from_and_to_numbers_and_text() {
    for &class in Class::ALL {
        let number = u8::from(class);
        assert_eq!(number, class.as_u8());
        assert_eq!(Class::try_from(number), Ok(class));
        assert_eq!(number.to_string().parse::<Class>(), Ok(class));
    }
    for number in [0, 1, 3, 6, 9, 255] {
        let error = Class::try_from(number).unwrap_err();
        assert_eq!(error.to_string(), "expected class 2, 4 or 5");
    }
    for text in ["", "6", "55", " 5", "5 ", "X", "٥"] {
        assert!(text.parse::<Class>().is_err(), "{text:?}");
    }
}

/// Every error type can be a key in a map, as `http`'s and `semver`'s can.
#[test]
fn every_error_is_hashable() {
    fn hashable<T: std::hash::Hash + Eq + std::error::Error>(_: &T) {}
    hashable(&"5.01.1".parse::<smtp_status::EnhancedCode>().unwrap_err());
    hashable(&"X.1.11".parse::<Code>().unwrap_err());
    hashable(&"6".parse::<Class>().unwrap_err());
    hashable(&"600".parse::<smtp_status::reply::ReplyCode>().unwrap_err());
    hashable(&smtp_status::reply::parse(b"550").unwrap_err());
}
