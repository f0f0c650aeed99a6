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

/// An [`EnhancedCode`] literal, checked at compile time against the registry.
///
/// `status!("5.1.1")` is the constant `5.1.1`: usable in `const` and `static` items and as a
/// `match` pattern, and free at run time. A code that is malformed or not registered is a
/// compile error on the literal that says what is wrong and, where it can, what to write:
///
/// ```compile_fail
/// let code = smtp_status::status!("5.1.11");
/// // error: "5.1.11" is not a registered code: the IANA registry has no X.1.11
/// //        help: did you mean "5.1.1" or "5.1.10"?
/// ```
///
/// Codes that IANA has not registered, such as a provider's `5.7.606`, are written with
/// [`EnhancedCode::new`]. A deprecated code (`5.6.10`) compiles with a deprecation warning
/// naming its replacement.
///
/// ```
/// use smtp_status::{EnhancedCode, status};
///
/// const USER_UNKNOWN: EnhancedCode = status!("5.1.1");
///
/// fn retry_later(code: EnhancedCode) -> bool {
///     match code {
///         status!("4.2.2") | status!("4.3.1") => true, // mailbox or mail system full
///         status!("5.1.1") => false,
///         other => other.is_transient(),
///     }
/// }
/// assert!(!retry_later(USER_UNKNOWN));
/// assert!(retry_later("4.7.650".parse().unwrap()));
/// ```
#[macro_export]
macro_rules! status {
    ($($code:tt)*) => {
        $crate::__private::status!($crate, $($code)*)
    };
}

/// Implementation details of the macros; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use smtp_status_macros::status;

    /// The constants that `status!` expands to, one per registered code and class.
    pub mod status {
        include!(concat!(env!("OUT_DIR"), "/status_constants.rs"));
    }
}
