//! Extraction: codes come in order, inside the text, without overlapping, each the exact text
//! of a well-formed code; and a scanner fed the text in any chunks finds the same codes at the
//! same offsets and lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::EnhancedCode;
use smtp_status::extract::{self, Scanner};

fuzz_target!(|input: &[u8]| {
    // The first byte chooses the chunk sizes; the rest is the text.
    let Some((&sizes, data)) = input.split_first() else {
        return;
    };
    let mut last_end = 0;
    let mut whole = Vec::new();
    for found in extract::codes(data) {
        let range = found.range();
        assert!(range.start >= last_end && range.end <= data.len() && range.start < range.end);
        assert_eq!(EnhancedCode::from_bytes(&data[range.clone()]), Ok(found.code()));
        // Never part of a longer number.
        assert!(range.start == 0 || !data[range.start - 1].is_ascii_digit());
        assert!(data.get(range.end).is_none_or(|b| !b.is_ascii_digit()));
        last_end = range.end;
        let line = data[..range.start].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        whole.push((found.code(), range.start as u64, line));
    }

    let mut scanner = Scanner::new();
    let mut scanned = Vec::new();
    let mut rest = data;
    let mut step = 0usize;
    while !rest.is_empty() {
        // Sizes from 0 (an empty chunk) to 31, cycling through the choice.
        let size = (usize::from(sizes) + step * 7) % 32;
        step += 1;
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        scanned.extend(
            scanner
                .feed(chunk)
                .map(|f| (f.code(), f.offset(), f.line())),
        );
    }
    scanned.extend(scanner.finish().map(|f| (f.code(), f.offset(), f.line())));
    assert_eq!(scanned, whole);
    assert_eq!(scanner.bytes(), data.len() as u64);
});
