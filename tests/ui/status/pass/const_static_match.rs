// status! is a constant: usable in const and static items and as a match pattern.
use smtp_status::{Class, Code, EnhancedCode, status};

const USER_UNKNOWN: EnhancedCode = status!("5.1.1");
static MAILBOX_FULL: EnhancedCode = status!("4.2.2");

fn describe(code: EnhancedCode) -> &'static str {
    match code {
        status!("5.1.1") => "no such user",
        status!("4.2.2") | status!("5.2.2") => "mailbox full",
        status!("2.0.0") => "ok",
        _ => "other",
    }
}

fn main() {
    assert_eq!(USER_UNKNOWN, EnhancedCode::new(Class::PermanentFailure, 1, 1));
    assert_eq!(USER_UNKNOWN.code(), Some(Code::BadDestinationMailboxAddress));
    assert_eq!(MAILBOX_FULL.code(), Some(Code::MailboxFull));
    assert!(MAILBOX_FULL.is_transient());
    assert_eq!(describe("5.1.1".parse().unwrap()), "no such user");
    assert_eq!(describe("5.2.2".parse().unwrap()), "mailbox full");
    assert_eq!(describe("5.1.10".parse().unwrap()), "other");
    assert_eq!(describe(status!("2.0.0")), "ok");
    // Vendor codes are written with EnhancedCode::new.
    const VENDOR: EnhancedCode = EnhancedCode::new(Class::PermanentFailure, 7, 606);
    assert_eq!(describe(VENDOR), "other");
    // Raw strings are literals too.
    assert_eq!(status!(r"5.7.1"), status!("5.7.1"));
}
