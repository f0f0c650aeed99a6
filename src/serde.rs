//! Serde support: codes travel as their text (`"5.1.1"`, `"X.1.1"`), read back with `FromStr`.

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

/// Deserializes a `T` from a string through `T::from_str`.
pub(crate) struct FromStrVisitor<T> {
    expecting: &'static str,
    target: PhantomData<T>,
}

impl<T> FromStrVisitor<T> {
    pub(crate) fn new(expecting: &'static str) -> Self {
        FromStrVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> ::serde::de::Visitor<'_> for FromStrVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<T, E> {
        text.parse().map_err(E::custom)
    }
}
