//! A small SMTP responder built on smtp-status: every reply it sends is a checked `Reply`.
//!
//! ```sh
//! cargo run --example server -- --listen 127.0.0.1:2525 --user alice --user bob
//! ```
//!
//! It prints `listening on <address>` first, then serves connections concurrently until it is
//! killed. It advertises PIPELINING and ENHANCEDSTATUSCODES, accepts mail for `postmaster` and
//! the `--user` names (at any domain), rejects other recipients with
//! `550 5.1.1 <address>: Recipient address rejected: User unknown`, and accepts and discards
//! message data.

use smtp_status::reply::{Reply, ReplyCode};
use smtp_status::{reply, status};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;
use std::{env, process, thread};

/// The longest command line accepted, CRLF included (RFC 5321 §4.5.3.1.4).
const MAX_COMMAND_LINE: usize = 512;
/// The longest line of message data read at once (RFC 5321 §4.5.3.1.6 allows 1000).
const MAX_DATA_LINE: usize = 1000;
/// The largest message accepted; the rest is read and discarded, then refused.
const MAX_MESSAGE: usize = 10 * 1024 * 1024;
/// A client silent for longer than this is disconnected.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

fn main() {
    let (listen, users) = match arguments(env::args().skip(1)) {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("error: {message}\nusage: server [--listen ADDRESS] [--user NAME]...");
            process::exit(2);
        }
    };
    let listener = TcpListener::bind(&listen).unwrap_or_else(|e| {
        eprintln!("error: cannot listen on {listen}: {e}");
        process::exit(1);
    });
    match listener.local_addr() {
        Ok(address) => println!("listening on {address}"),
        Err(e) => {
            eprintln!("error: {e}");
            process::exit(1);
        }
    }
    let _ = io::stdout().flush();
    let users = Arc::new(users);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let users = Arc::clone(&users);
        thread::spawn(move || {
            if let Err(e) = serve(stream, &users) {
                eprintln!("connection ended: {e}");
            }
        });
    }
}

/// `--listen ADDRESS` (default 127.0.0.1:2525) and any number of `--user NAME`.
fn arguments(mut args: impl Iterator<Item = String>) -> Result<(String, Vec<String>), String> {
    let mut listen = "127.0.0.1:2525".to_owned();
    let mut users = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--listen" => listen = value()?,
            "--user" => users.push(value()?.to_ascii_lowercase()),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok((listen, users))
}

/// Where a client is in the mail transaction (RFC 5321 §3.3).
#[derive(Default)]
struct Session {
    greeted: bool,
    sender: bool,
    recipients: usize,
}

fn serve(stream: TcpStream, users: &[String]) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut input = BufReader::new(stream.try_clone()?);
    let mut output = BufWriter::new(stream);
    reply!(220, "localhost ESMTP smtp-status example server").write_to(&mut output)?;
    output.flush()?;
    let mut session = Session::default();
    let mut line = Vec::with_capacity(MAX_COMMAND_LINE);
    loop {
        if !read_line(&mut input, &mut line, MAX_COMMAND_LINE)? {
            return Ok(()); // The client closed the connection.
        }
        let command = String::from_utf8_lossy(&line);
        let command = command.trim_end_matches(['\r', '\n']);
        let (verb, argument) = command.split_once(' ').unwrap_or((command, ""));
        let verb = verb.to_ascii_uppercase();
        let response = if !line.ends_with(b"\n") {
            reply!(500, "5.5.2", "Error: line too long")
        } else if command.contains(['\r', '\0']) {
            reply!(500, "5.5.2", "Error: bad characters in command")
        } else {
            respond(&verb, argument, &mut session, users)
        };
        response.write_to(&mut output)?;
        match verb.as_str() {
            "QUIT" => return output.flush(),
            "DATA" if response.code().get() == 354 => {
                output.flush()?;
                let accepted = discard_message(&mut input)?;
                session.sender = false;
                session.recipients = 0;
                let done = if accepted {
                    reply!(250, "2.0.0", "Ok: message accepted and discarded")
                } else {
                    reply!(552, "5.3.4", "Error: message too big")
                };
                done.write_to(&mut output)?;
            }
            _ => {}
        }
        // PIPELINING: reply to every command already received before flushing (RFC 2920).
        if input.buffer().is_empty() {
            output.flush()?;
        }
    }
}

/// Reads one line into `line`, at most `limit` bytes; the rest of a longer line is read and
/// dropped, leaving `line` without its LF. False at the end of the input.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>, limit: usize) -> io::Result<bool> {
    line.clear();
    if input.by_ref().take(limit as u64).read_until(b'\n', line)? == 0 {
        return Ok(false);
    }
    if !line.ends_with(b"\n") {
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let read = input
                .by_ref()
                .take(limit as u64)
                .read_until(b'\n', &mut rest)?;
            if read == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
    }
    Ok(true)
}

/// Reads message data up to the line with a single dot; whether it fits [`MAX_MESSAGE`].
fn discard_message(input: &mut impl BufRead) -> io::Result<bool> {
    let mut size = 0;
    let mut line = Vec::with_capacity(MAX_DATA_LINE);
    loop {
        if !read_line(input, &mut line, MAX_DATA_LINE)? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed in DATA",
            ));
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(size <= MAX_MESSAGE);
        }
        size += line.len();
    }
}

fn respond(verb: &str, argument: &str, session: &mut Session, users: &[String]) -> Reply {
    match verb {
        "EHLO" if argument.trim().is_empty() => reply!(501, "5.5.4", "Syntax: EHLO hostname"),
        "EHLO" => {
            *session = Session {
                greeted: true,
                ..Session::default()
            };
            let greeting = format!("localhost greets {}", argument.trim());
            let lines = [
                greeting.as_str(),
                "PIPELINING",
                "ENHANCEDSTATUSCODES",
                "8BITMIME",
            ];
            // The reply to EHLO carries no enhanced code (RFC 2034).
            checked(Reply::from_lines(code(250), None, lines))
        }
        "HELO" if argument.trim().is_empty() => reply!(501, "5.5.4", "Syntax: HELO hostname"),
        "HELO" => {
            *session = Session {
                greeted: true,
                ..Session::default()
            };
            reply!(250, "localhost")
        }
        "MAIL" if !session.greeted => reply!(503, "5.5.1", "Error: send HELO/EHLO first"),
        "MAIL" if session.sender => reply!(503, "5.5.1", "Error: nested MAIL command"),
        "MAIL" => match address(argument, "FROM:") {
            Some(_) => {
                session.sender = true;
                reply!(250, "2.1.0", "Ok")
            }
            None => reply!(501, "5.5.4", "Syntax: MAIL FROM:<address>"),
        },
        "RCPT" if !session.sender => reply!(503, "5.5.1", "Error: need MAIL command"),
        "RCPT" => match address(argument, "TO:") {
            Some(address) if is_local(address, users) => {
                session.recipients += 1;
                reply!(250, "2.1.5", "Ok")
            }
            // The command line was checked for CR and NUL, and split at LF: the echo of the
            // address cannot forge a reply, and the reply builds.
            Some(address) => checked(Reply::new(
                code(550),
                Some(status!("5.1.1")),
                &format!("<{address}>: Recipient address rejected: User unknown"),
            )),
            None => reply!(501, "5.5.4", "Syntax: RCPT TO:<address>"),
        },
        "DATA" if !session.sender => reply!(503, "5.5.1", "Error: need MAIL command"),
        "DATA" if session.recipients == 0 => reply!(554, "5.5.1", "Error: no valid recipients"),
        "DATA" => reply!(354, "End data with <CR><LF>.<CR><LF>"),
        "RSET" => {
            session.sender = false;
            session.recipients = 0;
            reply!(250, "2.0.0", "Ok")
        }
        "NOOP" => reply!(250, "2.0.0", "Ok"),
        "VRFY" => reply!(252, "2.0.0", "Cannot VRFY user; send mail and see"),
        "HELP" => checked(Reply::from_lines(
            code(214),
            Some(status!("2.0.0")),
            [
                "Commands: EHLO HELO MAIL RCPT DATA",
                "RSET NOOP VRFY HELP QUIT",
                "End of HELP info",
            ],
        )),
        "QUIT" => reply!(221, "2.0.0", "Bye"),
        _ => reply!(500, "5.5.2", "Error: command not recognized"),
    }
}

/// A reply built from parts that are valid by construction.
fn checked(reply: Result<Reply, smtp_status::reply::ReplyError>) -> Reply {
    reply.unwrap_or_else(|e| unreachable!("a constant reply is valid: {e}"))
}

fn code(code: u16) -> ReplyCode {
    ReplyCode::new(code).unwrap_or_else(|| unreachable!("{code} is a valid reply code"))
}

/// The address in `FROM:<address>` or `TO:<address>` (parameters after it are ignored).
fn address<'a>(argument: &'a str, keyword: &str) -> Option<&'a str> {
    let rest = argument
        .get(..keyword.len())?
        .eq_ignore_ascii_case(keyword)
        .then(|| &argument[keyword.len()..])?;
    let rest = rest.trim_start().strip_prefix('<')?;
    let end = rest.find('>')?;
    Some(&rest[..end])
}

/// Whether `address`'s local part is `postmaster` or one of the users (RFC 5321 §4.5.1:
/// `postmaster` in any case).
fn is_local(address: &str, users: &[String]) -> bool {
    let local = address
        .rsplit_once('@')
        .map_or(address, |(local, _)| local)
        .to_ascii_lowercase();
    local == "postmaster" || users.contains(&local)
}
