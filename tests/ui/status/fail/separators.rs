fn main() {
    let _ = smtp_status::status!("5,1,1");
    let _ = smtp_status::status!("4-2-2");
}
