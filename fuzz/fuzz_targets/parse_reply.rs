//! Reply parsing, whole and streamed: fed in any chunks, a reader sees `Incomplete` until the
//! reply is there and then exactly what parsing the whole input gives.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use smtp_status::Class;
use smtp_status::reply::{self, ParseOptions, ReplyError};

#[derive(Arbitrary, Debug)]
struct Input {
    data: Vec<u8>,
    cuts: Vec<u16>,
    strict: bool,
}

fuzz_target!(|input: Input| {
    let options = if input.strict { ParseOptions::strict() } else { ParseOptions::new() };
    let data = &input.data;
    let whole = reply::parse_with(data, &options);
    if let Ok((reply, used)) = whole {
        assert_eq!(reply.as_bytes(), &data[..used]);
        assert_eq!(data[used - 1], b'\n');
        assert_eq!(reply.lines().count(), reply.line_count());
        let class = reply.code().enhanced_class().unwrap_or(Class::Success);
        assert_eq!(reply.status().class(), class);
        let owned = reply.to_reply();
        assert_eq!(owned.code(), reply.code());
        assert_eq!(owned.enhanced(), reply.enhanced());
    }
    // Every prefix: still incomplete, or already the final answer.
    let mut points: Vec<usize> = input.cuts.iter().map(|&c| usize::from(c) % (data.len() + 1)).collect();
    if data.len() <= 64 {
        points.extend(0..=data.len()); // byte by byte
    }
    for end in points {
        match reply::parse_with(&data[..end], &options) {
            Err(ReplyError::Incomplete) => {
                if let Ok((_, used)) = whole {
                    assert!(end < used, "incomplete with the whole reply in {end} bytes");
                }
            }
            prefix => assert_eq!(prefix, whole, "after {end} bytes"),
        }
    }
});
