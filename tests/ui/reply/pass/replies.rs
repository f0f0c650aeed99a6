// reply! builds the same reply as the checked constructor, and works inside macro_rules!.
use smtp_status::reply::{Reply, ReplyCode};
use smtp_status::status;

macro_rules! reject {
    ($code:literal, $enhanced:literal, $text:expr) => {
        smtp_status::reply!($code, $enhanced, $text)
    };
}

fn main() {
    let code = ReplyCode::new(550).unwrap();
    let expected = Reply::new(code, Some(status!("5.1.1")), "User unknown").unwrap();
    assert_eq!(smtp_status::reply!(550, "5.1.1", "User unknown"), expected);
    assert_eq!(reject!(550, "5.1.1", "User unknown"), expected);
    assert_eq!(smtp_status::reply!(550, "5.1.1", "User unknown",), expected);
    assert_eq!(
        smtp_status::reply!(354, "End data with <CR><LF>.<CR><LF>").to_string(),
        "354 End data with <CR><LF>.<CR><LF>\r\n"
    );
    assert_eq!(smtp_status::reply!(221, "2.0.0", "Bye\tnow").to_string(), "221 2.0.0 Bye\tnow\r\n");
    assert_eq!(smtp_status::reply!(250, "", ).to_string(), "250\r\n");
}
