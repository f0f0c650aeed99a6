fn main() {
    let _ = smtp_status::reply!(550, "5.1.1", "User unknown\r\n250 2.0.0 Ok");
    let _ = smtp_status::reply!(550, "5.1.1", "nul\0");
}
