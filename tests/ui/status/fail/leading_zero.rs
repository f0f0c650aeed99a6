fn main() {
    let _ = smtp_status::status!("5.01.1");
    let _ = smtp_status::status!("4.4.07");
}
