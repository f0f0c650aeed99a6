//! Extraction: codes come in order, inside the text, without overlapping, each the exact text
//! of a well-formed code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::EnhancedCode;
use smtp_status::extract;

fuzz_target!(|data: &[u8]| {
    let mut last_end = 0;
    for found in extract::codes(data) {
        let range = found.range();
        assert!(range.start >= last_end && range.end <= data.len() && range.start < range.end);
        assert_eq!(EnhancedCode::from_bytes(&data[range.clone()]), Ok(found.code()));
        // Never part of a longer number.
        assert!(range.start == 0 || !data[range.start - 1].is_ascii_digit());
        assert!(data.get(range.end).is_none_or(|b| !b.is_ascii_digit()));
        last_end = range.end;
    }
});
