fn main() {
    let text = String::from("User unknown");
    let _ = smtp_status::reply!(550, "5.1.1", text);
}
