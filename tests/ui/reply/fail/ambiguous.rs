fn main() {
    let _ = smtp_status::reply!(550, "5.1.1 User unknown");
}
