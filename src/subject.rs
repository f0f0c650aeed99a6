//! [`Subject`]: what a status is about (addressing, mailbox, mail system, …).

include!(concat!(env!("OUT_DIR"), "/subject.rs"));

impl Subject {
    /// The subject's number, the `1` of `X.1.YYY`.
    pub const fn number(self) -> u16 {
        self as u16
    }
}
