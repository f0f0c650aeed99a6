fn main() {
    let _ = smtp_status::status!("5.1.11");
    let _ = smtp_status::status!("5.7.606");
    let _ = smtp_status::status!("4.9.1");
    let _ = smtp_status::status!("5.7.60");
}
