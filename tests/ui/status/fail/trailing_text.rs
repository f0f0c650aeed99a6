fn main() {
    let _ = smtp_status::status!("5.1.1 User unknown");
    let _ = smtp_status::status!("5.7.1;");
}
