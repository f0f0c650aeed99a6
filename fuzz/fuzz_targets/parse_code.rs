//! Code parsing: any bytes parse without panicking; what parses prints back to the same
//! bytes (so the accepted form is canonical); errors point inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::{Code, EnhancedCode};

fuzz_target!(|data: &[u8]| {
    let parsed = EnhancedCode::from_bytes(data);
    match parsed {
        Ok(code) => {
            assert_eq!(code.to_string().as_bytes(), data);
            assert!(code.subject() <= 999 && code.detail() <= 999);
            assert!(!code.title().is_empty());
            if let Some(registered) = code.code() {
                assert_eq!(registered.with_class(code.class()), code);
            }
        }
        Err(error) => {
            assert!(error.position() <= data.len());
            assert!(!error.to_string().is_empty());
            let _ = error.kind();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(text.parse::<EnhancedCode>(), parsed);
        if let Ok(code) = text.parse::<Code>() {
            assert_eq!(code.key(), text);
        }
    }
});
