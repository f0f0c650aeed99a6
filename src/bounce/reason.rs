//! [`Reason`]: what a bounce means, one variant per row of `data/reasons.csv`.

use super::classify::{Command, Rule, StatusPattern};
use std::fmt;
use std::str::FromStr;

/// A row of `data/reasons.csv`.
struct Entry {
    name: &'static str,
    hard: bool,
    description: &'static str,
}

// `Reason`, `ENTRIES`, `BY_NAME`, and the rules' `PHRASES` and `RULES`.
include!(concat!(env!("OUT_DIR"), "/reasons.rs"));

impl Reason {
    fn entry(self) -> &'static Entry {
        &ENTRIES[self as usize]
    }

    /// The lowercase name that bounce processors store, such as `"userunknown"`.
    pub fn as_str(self) -> &'static str {
        self.entry().name
    }

    /// What the reason means and what a sender should do, in a sentence.
    pub fn description(self) -> &'static str {
        self.entry().description
    }

    /// Whether a permanent failure for this reason is a hard bounce: retrying or resending
    /// will not help, because the address or its domain does not exist, has moved, or
    /// accepts no mail. A transient failure is never a hard bounce; see
    /// [`is_hard_bounce`](super::is_hard_bounce).
    pub fn is_hard(self) -> bool {
        self.entry().hard
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Reason {
    type Err = UnknownReason;

    /// Reads a lowercase name such as `"userunknown"`, as [`Reason::as_str`] writes it.
    fn from_str(name: &str) -> Result<Reason, UnknownReason> {
        BY_NAME.get(name).copied().ok_or_else(|| UnknownReason {
            name: name.to_owned(),
        })
    }
}

/// The error of [`Reason::from_str`]: the name is not one of [`Reason::ALL`]'s.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownReason {
    name: String,
}

impl fmt::Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown reason {:?}: expected a lowercase name such as \"userunknown\" (one of ",
            self.name
        )?;
        for (index, reason) in Reason::ALL.iter().enumerate() {
            let separator = if index == 0 { "" } else { ", " };
            write!(f, "{separator}{reason}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for UnknownReason {}

#[cfg(feature = "serde")]
impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Reason, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}
