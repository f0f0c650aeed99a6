fn main() {
    let _ = smtp_status::status!("X.1.1");
    let _ = smtp_status::reply!(550, "x.2.2", "Mailbox full");
}
