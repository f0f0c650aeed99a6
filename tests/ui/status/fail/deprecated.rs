#![deny(deprecated)]

fn main() {
    let _ = smtp_status::status!("5.6.10");
}
