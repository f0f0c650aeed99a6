//! Bounce reading: any bytes give a result or an error, never a panic; what is found obeys
//! the documented rules (a reply code is reported only with a status of its class, a hard
//! bounce has a hard reason and no transient status), and a message reads the same with CRLF
//! line ends as with LF. Each line, read as a log line, classifies without a panic too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::bounce;

fuzz_target!(|data: &[u8]| {
    for line in String::from_utf8_lossy(data).lines() {
        if let Some(failure) = bounce::read_log_line(line) {
            assert!(!failure.is_hard_bounce() || failure.reason().is_hard(), "{line:?}");
        }
    }
    let Ok(read) = bounce::parse(data) else {
        return;
    };
    assert!(read.recipients().len() <= bounce::MAX_RECIPIENTS);
    for recipient in read.recipients() {
        if let (Some(status), Some(reply)) = (recipient.status(), recipient.reply_code()) {
            assert_eq!(reply.enhanced_class(), Some(status.class()), "{recipient:?}");
        }
        if recipient.is_hard_bounce() {
            assert!(recipient.reason().is_hard(), "{recipient:?}");
            assert!(!recipient.status().is_some_and(|s| s.is_transient()), "{recipient:?}");
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
