//! [`Class`]: success, persistent transient failure or permanent failure.

include!(concat!(env!("OUT_DIR"), "/class.rs"));

impl Class {
    /// The class's number: 2, 4 or 5.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}
