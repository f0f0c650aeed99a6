//! SMTP enhanced status codes (RFC 3463), from the IANA registry.
//!
//! ```
//! use smtp_status::{Class, Code, EnhancedCode};
//!
//! let code: EnhancedCode = "5.1.1".parse()?;
//! assert!(code.is_permanent());
//! assert_eq!(code.code(), Some(Code::BadDestinationMailboxAddress));
//! # Ok::<(), smtp_status::ParseError>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod class;
mod code;
mod enhanced;
mod subject;
// Shared with build.rs and the macro; the library does not use every function in it.
#[allow(dead_code)]
mod syntax;

pub use class::Class;
pub use code::{Code, REGISTRY, UnknownCode};
pub use enhanced::EnhancedCode;
pub use subject::Subject;
pub use syntax::{ParseError, ParseErrorKind, Part};

// The README's examples are tested with the crate's.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Implementation details of the macros; not part of the public API.
#[doc(hidden)]
pub mod __private {
    /// The constants that `status!` expands to, one per registered code and class.
    pub mod status {
        include!(concat!(env!("OUT_DIR"), "/status_constants.rs"));
    }
}
