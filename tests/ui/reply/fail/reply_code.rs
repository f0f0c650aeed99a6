fn main() {
    let _ = smtp_status::reply!(650, "5.1.1", "x");
    let _ = smtp_status::reply!(5500, "5.1.1", "x");
    let code = 550;
    let _ = smtp_status::reply!(code, "5.1.1", "x");
}
