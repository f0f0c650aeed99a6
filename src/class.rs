//! [`Class`]: success, persistent transient failure or permanent failure.

use crate::numbered::Row;
use crate::syntax;
use core::fmt;
use core::str::FromStr;

include!(concat!(env!("OUT_DIR"), "/class.rs"));

impl Class {
    /// Every class, in registry order.
    pub const ALL: &'static [Class] = &ALL;

    /// The class's number: 2, 4 or 5.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }

    /// The class whose number is `class` (2, 4 or 5).
    pub const fn from_u8(class: u8) -> Option<Class> {
        Row::value(&ROWS, class as u16)
    }

    /// The registry's summary of the class, such as `Permanent Failure`.
    pub const fn title(self) -> &'static str {
        self.row().title
    }

    /// The registry's description of the class.
    pub const fn description(self) -> &'static str {
        self.row().description
    }

    const fn row(self) -> &'static Row<Class> {
        Row::of(&ROWS, self as u16)
    }
}

impl From<Class> for u8 {
    fn from(class: Class) -> u8 {
        class.as_u8()
    }
}

/// The error of `Class::try_from(6)` and `"6".parse::<Class>()`: a class is 2, 4 or 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidClass(());

impl fmt::Display for InvalidClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected class 2, 4 or 5")
    }
}

impl core::error::Error for InvalidClass {}

impl TryFrom<u8> for Class {
    type Error = InvalidClass;

    fn try_from(class: u8) -> Result<Class, InvalidClass> {
        Class::from_u8(class).ok_or(InvalidClass(()))
    }
}

impl FromStr for Class {
    type Err = InvalidClass;

    /// Parses a class alone, `"2"`, `"4"` or `"5"`.
    fn from_str(s: &str) -> Result<Class, InvalidClass> {
        syntax::parse_class(s.as_bytes())
            .and_then(Class::from_u8)
            .ok_or(InvalidClass(()))
    }
}
