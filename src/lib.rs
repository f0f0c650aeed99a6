//! SMTP enhanced status codes (RFC 3463, such as `5.1.1`) for mail servers, clients and bounce
//! processors, generated from the IANA registry: 3 classes, 8 subjects and 81 codes.
//!
//! Write a code as a literal that the compiler checks against the registry:
//!
//! ```
//! use smtp_status::{EnhancedCode, status};
//!
//! const USER_UNKNOWN: EnhancedCode = status!("5.1.1");
//!
//! fn should_retry(code: EnhancedCode) -> bool {
//!     match code {
//!         status!("4.2.2") | status!("4.3.1") => true, // mailbox or mail system full
//!         status!("5.1.1") => false,
//!         other => other.is_transient(),
//!     }
//! }
//! # assert!(!should_retry(USER_UNKNOWN));
//! ```
//!
//! A typo is a compile error on the literal that says what to write instead
//! (`did you mean "5.1.1" or "5.1.10"?`).
//!
//! # What is here
//!
//! - [`status!`]: a checked [`EnhancedCode`] constant, usable in `const`, `static` and `match`.
//! - [`EnhancedCode`]: any well-formed code, registered or not (`5.7.606`), parsed strictly;
//!   its [`title`](EnhancedCode::title) follows RFC 3463's fallback for unregistered codes.
//! - [`Code`], [`Subject`], [`Class`]: exhaustive enums with the registry's titles,
//!   descriptions, references and reply codes; [`REGISTRY`] maps `"X.1.1"` keys to codes.
//! - [`reply`](mod@reply): replies that are valid on the wire by construction ([`reply!`] checks them at
//!   compile time), and a zero-copy parser for the replies real servers send.
//! - [`extract`]: codes found in logs, DSNs and bounces, only where they stand as words.
//! - `bounce` (feature `bounce`): bounce messages read per recipient, RFC 3464 delivery status
//!   notifications and the free-form bounces of real MTAs alike, each failure with its reason
//!   (`userunknown`, `mailboxfull`, `blocked`, …) and a hard/soft verdict from the rules of
//!   `data/bounce_rules.csv`.
//!
//! Every table is `static`: nothing is parsed or allocated at start-up, and looking a code up
//! is an index into a dense table.
//!
//! # Features
//!
//! - `std` (default): owned replies ([`reply::Reply`], [`reply!`]). Without it the crate is
//!   `#![no_std]` and needs no allocator.
//! - `serde`: `Serialize`/`Deserialize` for [`EnhancedCode`] (as `"5.1.1"`) and [`Code`]
//!   (as `"X.1.1"`).
//! - `reasons`: `bounce::Reason`, `bounce::classify` and `ReplyRef::reason`, to classify a
//!   server's refusal (needs `std`; brings in aho-corasick).
//! - `bounce`: all of the `bounce` module, reading messages too (implies `reasons`; brings in
//!   mail-parser and serde_json).
//! - `lettre`: [`Reply`](reply::Reply) from lettre's SMTP `Response` and `Error`, with its
//!   reason (implies `reasons`).
//! - `smtp-proto`: [`Reply`](reply::Reply) from smtp-proto's `Response<String>`, which
//!   Stalwart's mail-send returns in `Error::UnexpectedReply` (implies `reasons`).
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "reasons")]
pub mod bounce;
mod class;
mod code;
mod enhanced;
pub mod extract;
mod numbered;
pub mod reply;
#[cfg(feature = "serde")]
mod serde;
mod subject;
// Shared with build.rs and the macro; the library does not use every function in it.
#[allow(dead_code)]
mod syntax;

pub use class::{Class, InvalidClass};
pub use code::{Code, REGISTRY, UnknownCode};
pub use enhanced::{ByteOverflow, EnhancedCode, Meaning};
pub use subject::Subject;
pub use syntax::{ParseError, ParseErrorKind, Part};

// The README's examples are tested with the crate's (they need `bounce` and `lettre`).
#[cfg(all(doctest, feature = "bounce", feature = "lettre"))]
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
        $crate::__status_table!($($code)*)
    };
}

// `__status_table!`, the generated expansion of `status!`.
include!(concat!(env!("OUT_DIR"), "/status_table.rs"));

/// A [`Reply`](reply::Reply) checked at compile time: `reply!(550, "5.1.1", "User unknown")`.
///
/// The reply code must be valid (three digits, the first 2 to 5, the second 0 to 5), the
/// enhanced code registered (as for [`status!`]) and of the reply code's class, and the text
/// a string literal without CR, LF or NUL. A reply without an enhanced code, such as a 354 or
/// a greeting, leaves it out: `reply!(354, "End data with <CR><LF>.<CR><LF>")`.
///
/// ```
/// let reply = smtp_status::reply!(550, "5.1.1", "User unknown");
/// assert_eq!(reply.to_string(), "550 5.1.1 User unknown\r\n");
/// ```
///
/// ```compile_fail
/// // error: the class of "4.7.1" does not match reply code 550: expected class 5, found 4
/// let reply = smtp_status::reply!(550, "4.7.1", "Try again later");
/// ```
#[cfg(feature = "std")]
#[macro_export]
macro_rules! reply {
    ($($arguments:tt)*) => {
        $crate::__private::reply!($crate, $($arguments)*)
    };
}

/// The deprecated codes in every class, as [`status!`] writes them: `status!("5.6.10")` is
/// [`deprecated::C5_6_10`], whose deprecation note names the code to use instead.
pub mod deprecated {
    include!(concat!(env!("OUT_DIR"), "/deprecated.rs"));
}

/// Implementation details of the macros; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use smtp_status_macros::{reply, status};

    /// The constants that `status!` expands to, one per current code and class.
    pub mod status {
        include!(concat!(env!("OUT_DIR"), "/status_constants.rs"));
    }

    /// What `status!` expands to when the literal is wrong: `Invalid::<{ compile_error!(…); 0
    /// }>::CODE`, an error that is neither an expression nor a pattern that could stand (a
    /// bare `compile_error!` is a pattern matching everything).
    pub struct Invalid<const N: u8>;

    impl<const N: u8> Invalid<N> {
        /// Never reached: the type argument does not compile.
        pub const CODE: crate::EnhancedCode =
            crate::EnhancedCode::new(crate::Class::PermanentFailure, 0, 0);
    }
}
