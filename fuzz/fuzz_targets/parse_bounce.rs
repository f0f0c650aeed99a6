//! Bounce reading: any bytes give a result or an error, never a panic; what is found obeys
//! the documented rule (a reply code is reported only with a status of its class), and a
//! message reads the same with CRLF line ends as with LF.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::bounce;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = bounce::parse(data) else {
        return;
    };
    assert!(read.recipients().len() <= bounce::MAX_RECIPIENTS);
    for recipient in read.recipients() {
        if let (Some(status), Some(reply)) = (recipient.status(), recipient.reply_code()) {
            assert_eq!(reply.enhanced_class(), Some(status.class()), "{recipient:?}");
        }
    }
    // Only LF line ends, written again as CRLF: the same answer.
    if !data.contains(&b'\r') {
        let crlf: Vec<u8> = data
            .split(|&b| b == b'\n')
            .collect::<Vec<_>>()
            .join(&b"\r\n"[..]);
        assert_eq!(bounce::parse(&crlf).ok(), Some(read));
    }
});
