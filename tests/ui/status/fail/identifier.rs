fn main() {
    let code = "5.1.1";
    let _ = smtp_status::status!(code);
}
