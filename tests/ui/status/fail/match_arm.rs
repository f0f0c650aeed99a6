// A wrong literal in a match arm is one error, without a false "unreachable pattern" warning
// on the arms after it.
#![deny(unreachable_patterns)]

use smtp_status::{EnhancedCode, status};

fn retry(code: EnhancedCode) -> bool {
    match code {
        status!("5.1.11") => false,
        status!("4.2.2") => true,
        _ => code.is_transient(),
    }
}

fn main() {
    let _ = retry(status!("4.2.2"));
}
