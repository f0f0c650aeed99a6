//! Sends a message with lettre and says what a rejection means: its reply code, enhanced
//! code, title, reason and hard/soft verdict, from lettre's error (feature `lettre`).
//!
//! ```sh
//! cargo run --example server -- --listen 127.0.0.1:2525 --user alice &
//! cargo run --example lettre_client --features lettre -- --server 127.0.0.1:2525 --to nobody@example.com
//! ```
//!
//! It exits with 0 when the message is accepted or its rejection is explained, and with 2 when
//! it cannot send at all (no server, bad arguments).

use lettre::{Message, SmtpTransport, Transport};
use smtp_status::reply::Reply;
use std::net::SocketAddr;
use std::process;
use std::time::Duration;

fn main() {
    let (server, to) = match arguments(std::env::args().skip(1)) {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("error: {message}\nusage: lettre_client --server ADDRESS --to ADDRESS");
            process::exit(2);
        }
    };
    let mailer = SmtpTransport::builder_dangerous(server.ip().to_string())
        .port(server.port())
        .timeout(Some(Duration::from_secs(10)))
        .build();
    let email = Message::builder()
        .from("sender@example.org".parse().expect("a valid address"))
        .to(match to.parse() {
            Ok(to) => to,
            Err(e) => {
                eprintln!("error: --to {to:?}: {e}");
                process::exit(2);
            }
        })
        .subject("smtp-status example")
        .body(String::from("Hello"))
        .expect("a valid message");
    match mailer.send(&email) {
        Ok(response) => println!(
            "accepted: {}",
            Reply::from(&response).to_string().trim_end()
        ),
        Err(error) => match Reply::try_from(&error) {
            // The three lines a lettre user writes: the reply, then what it means.
            Ok(reply) => {
                let status = reply.enhanced().unwrap_or(reply.code().default_status());
                let verdict = if reply.is_hard_bounce() {
                    "hard"
                } else {
                    "soft"
                };
                println!("rejected: {} {status}", reply.code());
                println!("  title:  {}", status.title());
                println!("  reason: {} ({verdict} bounce)", reply.reason());
                println!("  text:   {}", reply.lines().join(" "));
            }
            Err(not_a_reply) => {
                eprintln!("error: {error} ({not_a_reply})");
                process::exit(2);
            }
        },
    }
}

/// `--server ADDRESS` and `--to ADDRESS`, both required.
fn arguments(mut args: impl Iterator<Item = String>) -> Result<(SocketAddr, String), String> {
    let (mut server, mut to) = (None, None);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--server" => {
                let text = value()?;
                server = Some(
                    text.parse()
                        .map_err(|e| format!("--server {text:?}: {e}"))?,
                );
            }
            "--to" => to = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok((
        server.ok_or("--server is required")?,
        to.ok_or("--to is required")?,
    ))
}
