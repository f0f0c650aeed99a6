//! [`Subject`]: what a status is about (addressing, mailbox, mail system, …).

use crate::numbered::Row;

include!(concat!(env!("OUT_DIR"), "/subject.rs"));

impl Subject {
    /// Every subject, in registry order.
    pub const ALL: &'static [Subject] = &ALL;

    /// The subject's number, the `1` of `X.1.YYY`.
    pub const fn number(self) -> u16 {
        self as u16
    }

    /// The subject whose number is `subject`, if it is registered.
    pub const fn from_number(subject: u16) -> Option<Subject> {
        Row::value(&ROWS, subject)
    }

    /// The registry's summary of the subject, such as `Addressing Status`.
    pub const fn title(self) -> &'static str {
        self.row().title
    }

    /// The registry's description of the subject.
    pub const fn description(self) -> &'static str {
        self.row().description
    }

    const fn row(self) -> &'static Row<Subject> {
        Row::of(&ROWS, self.number())
    }
}
