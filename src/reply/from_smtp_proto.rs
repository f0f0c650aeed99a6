//! Replies from smtp-proto (feature `smtp-proto`), and so from Stalwart's mail-send, whose
//! `Error::UnexpectedReply` holds an `smtp_proto::Response<String>`.
//!
//! smtp-proto keeps each part of the enhanced code in a `u8`: its parser saturates `5.7.606`
//! to `5.7.255` and takes the code out of the text. A part of 255 is therefore never trusted:
//! the enhanced code is read from the text where the text still has it, and is otherwise left
//! out (the reply's status is then `X.0.0`), never a wrong code.
//!
//! ```
//! use smtp_proto::response::parser::ResponseReceiver;
//! use smtp_status::reply::Reply;
//!
//! let wire = b"550 5.7.606 Access denied, banned sending IP [192.0.2.1]\r\n";
//! let response = ResponseReceiver::default().parse(&mut wire.iter()).unwrap();
//! assert_eq!(response.esc, [5, 7, 255]); // smtp-proto's reading
//! let reply = Reply::try_from(&response)?;
//! assert_eq!(reply.enhanced(), None); // not 5.7.255
//! assert_eq!(reply.code(), 550);
//! # Ok::<(), smtp_status::reply::InvalidReplyCode>(())
//! ```

use super::{InvalidReplyCode, Reply, ReplyCode};
use crate::{Class, EnhancedCode};
use smtp_proto::Response;

impl TryFrom<&Response<String>> for Reply {
    type Error = InvalidReplyCode;

    /// Every line of the response's message, and the enhanced code: smtp-proto's `esc` where
    /// no part is 255 and its class is the reply's, else the one the text starts with, if any.
    /// A response whose code is not a reply code (smtp-proto keeps any `u16`) is an error.
    fn try_from(response: &Response<String>) -> Result<Reply, InvalidReplyCode> {
        let code = ReplyCode::try_from(response.code)?;
        let [class, subject, detail] = response.esc;
        let trusted = (!response.esc.contains(&255))
            .then(|| Class::from_u8(class))
            .flatten()
            .filter(|&class| code.enhanced_class() == Some(class))
            .map(|class| EnhancedCode::new(class, subject.into(), detail.into()));
        Ok(Reply::from_client(code, trusted, response.message.lines()))
    }
}
