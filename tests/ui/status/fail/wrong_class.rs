fn main() {
    let _ = smtp_status::status!("6.1.1");
    let _ = smtp_status::status!("3.0.0");
}
