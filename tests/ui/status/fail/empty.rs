fn main() {
    let _ = smtp_status::status!("");
    let _ = smtp_status::status!();
}
