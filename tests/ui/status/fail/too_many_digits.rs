fn main() {
    let _ = smtp_status::status!("5.1.1000");
    let _ = smtp_status::status!("5.1000.1");
}
