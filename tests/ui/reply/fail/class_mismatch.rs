fn main() {
    let _ = smtp_status::reply!(550, "4.7.1", "Try again later");
    let _ = smtp_status::reply!(354, "2.0.0", "Go ahead");
}
