fn main() {
    let _ = smtp_status::reply!(550);
    let _ = smtp_status::reply!();
    let _ = smtp_status::reply!(550, "5.1.1", "a", "b");
}
