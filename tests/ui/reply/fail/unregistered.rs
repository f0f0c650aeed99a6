fn main() {
    let _ = smtp_status::reply!(550, "5.1.11", "User unknown");
    let _ = smtp_status::reply!(550, "5.01.1", "User unknown");
}
