// status! inside a user's macro_rules!, with the literal passed as each kind of fragment.
use smtp_status::{Code, EnhancedCode, status};

macro_rules! by_literal {
    ($code:literal) => {
        status!($code)
    };
}
macro_rules! by_expr {
    ($code:expr) => {
        smtp_status::status!($code)
    };
}
macro_rules! by_tokens {
    ($($code:tt)*) => {
        status!($($code)*)
    };
}
macro_rules! rejects {
    ($($code:literal => $name:ident),*) => {
        fn classify(code: EnhancedCode) -> Option<Code> {
            match code {
                $( by_literal!($code) => Some(Code::$name), )*
                _ => None,
            }
        }
    };
}
rejects!("5.1.1" => BadDestinationMailboxAddress, "5.7.1" => DeliveryNotAuthorized);

fn main() {
    assert_eq!(by_literal!("5.1.1").code(), Some(Code::BadDestinationMailboxAddress));
    assert_eq!(by_expr!("5.2.2").code(), Some(Code::MailboxFull));
    assert_eq!(by_tokens!("4.4.7").code(), Some(Code::DeliveryTimeExpired));
    assert_eq!(classify(status!("5.7.1")), Some(Code::DeliveryNotAuthorized));
    assert_eq!(classify(status!("5.7.2")), None);
}
