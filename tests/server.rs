//! The example SMTP server (examples/server.rs) against real clients: this crate's own parser
//! with pipelining, lettre, and Python's smtplib. Loopback only; every read has a timeout and
//! every loop a bound.

use smtp_status::reply::{self, ReplyError};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);

/// The example server, running until dropped.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(example_binary("server"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--user",
                "alice",
                "--user",
                "Bob",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the example server");
        let mut first = String::new();
        let stdout = child.stdout.take().expect("the server's stdout");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("read the server's first line");
        let address = first
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .parse()
            .expect("a socket address");
        Server { child, address }
    }

    fn connect(&self) -> Client {
        let stream = TcpStream::connect_timeout(&self.address, TIMEOUT).expect("connect");
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        Client {
            stream,
            buffer: Vec::new(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds an example with the features this test was built with, so that cargo reuses the
/// library it has built (and never runs a stale binary).
fn example_binary(name: &str) -> PathBuf {
    let features: Vec<&str> = [
        ("serde", cfg!(feature = "serde")),
        ("lettre", cfg!(feature = "lettre")),
        ("smtp-proto", cfg!(feature = "smtp-proto")),
        ("bounce", cfg!(feature = "bounce")),
    ]
    .into_iter()
    .filter_map(|(feature, on)| on.then_some(feature))
    .collect();
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "--offline",
            "--example",
            name,
            "--features",
        ])
        .arg(features.join(","))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo build");
    assert!(status.success(), "the example {name} builds");
    // target/<profile>/deps/<this test> → target/<profile>/examples/<name>
    let exe = std::env::current_exe().expect("the test's path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// A client that reads replies with this crate's streaming parser.
struct Client {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Client {
    fn send(&mut self, commands: &str) {
        self.stream.write_all(commands.as_bytes()).expect("send");
    }

    /// The next reply's exact bytes.
    fn reply(&mut self) -> String {
        for _ in 0..1000 {
            match reply::parse(&self.buffer) {
                Ok((reply, used)) => {
                    let text = String::from_utf8(reply.as_bytes().to_vec()).expect("UTF-8");
                    self.buffer.drain(..used);
                    return text;
                }
                Err(ReplyError::Incomplete) => {
                    let mut chunk = [0; 4096];
                    let read = self.stream.read(&mut chunk).expect("read a reply");
                    assert!(read > 0, "the server closed the connection mid-reply");
                    self.buffer.extend_from_slice(&chunk[..read]);
                }
                Err(e) => panic!("bad reply {e}: {:?}", String::from_utf8_lossy(&self.buffer)),
            }
        }
        panic!("no reply after 1000 reads");
    }

    fn expect(&mut self, expected: &str) {
        assert_eq!(self.reply(), expected);
    }
}

#[test]
fn a_pipelined_session_gets_the_exact_replies() {
    let server = Server::start();
    let mut client = server.connect();
    client.expect("220 localhost ESMTP smtp-status example server\r\n");
    client.send("EHLO client.example.org\r\n");
    client.expect(
        "250-localhost greets client.example.org\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n\
         250 8BITMIME\r\n",
    );
    // PIPELINING: the whole envelope in one write, the replies in order.
    client.send(
        "MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.com>\r\n\
         RCPT TO:<nobody@example.com>\r\nRCPT TO:<POSTMASTER@example.com>\r\n\
         RCPT TO:<bob@example.net>\r\nDATA\r\n",
    );
    client.expect("250 2.1.0 Ok\r\n");
    client.expect("250 2.1.5 Ok\r\n");
    client.expect("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\n");
    client.expect("250 2.1.5 Ok\r\n");
    client.expect("250 2.1.5 Ok\r\n");
    client.expect("354 End data with <CR><LF>.<CR><LF>\r\n");
    client.send("Subject: test\r\n\r\nHello.\r\n..leading dot\r\n.\r\n");
    client.expect("250 2.0.0 Ok: message accepted and discarded\r\n");
    client.send("HELP\r\n");
    client.expect(
        "214-2.0.0 Commands: EHLO HELO MAIL RCPT DATA\r\n214-2.0.0 RSET NOOP VRFY HELP QUIT\r\n\
         214 2.0.0 End of HELP info\r\n",
    );
    client.send("FOO bar\r\nDATA\r\nRCPT TO:<alice@example.com>\r\nNOOP\r\nRSET\r\n");
    client.expect("500 5.5.2 Error: command not recognized\r\n");
    client.expect("503 5.5.1 Error: need MAIL command\r\n");
    client.expect("503 5.5.1 Error: need MAIL command\r\n");
    client.expect("250 2.0.0 Ok\r\n");
    client.expect("250 2.0.0 Ok\r\n");
    client.send(&format!("NOOP {}\r\n", "x".repeat(600)));
    client.expect("500 5.5.2 Error: line too long\r\n");
    client.send("QUIT\r\n");
    client.expect("221 2.0.0 Bye\r\n");
    let mut rest = Vec::new();
    client
        .stream
        .read_to_end(&mut rest)
        .expect("the server closes after QUIT");
    assert!(rest.is_empty());
}

#[test]
fn connections_are_served_concurrently() {
    let server = Server::start();
    let mut first = server.connect();
    first.reply();
    // The second connection is served while the first waits mid-session.
    let mut second = server.connect();
    second.expect("220 localhost ESMTP smtp-status example server\r\n");
    second.send("HELO b.example\r\nQUIT\r\n");
    second.expect("250 localhost\r\n");
    second.expect("221 2.0.0 Bye\r\n");
    first.send("NOOP\r\n");
    first.expect("250 2.0.0 Ok\r\n");
}

#[test]
fn lettre_sees_the_codes_and_text() {
    use lettre::transport::smtp::client::SmtpConnection;
    use lettre::transport::smtp::commands::Help;
    use lettre::transport::smtp::extension::ClientId;
    use lettre::{Message, SmtpTransport, Transport};

    let server = Server::start();
    let port = server.address.port();
    let transport = SmtpTransport::builder_dangerous("127.0.0.1")
        .port(port)
        .timeout(Some(TIMEOUT))
        .build();
    let message = |to: &str| {
        Message::builder()
            .from("Sender <sender@example.org>".parse().unwrap())
            .to(to.parse().unwrap())
            .subject("test")
            .body(String::from("Hello."))
            .unwrap()
    };
    let sent = transport
        .send(&message("alice@example.com"))
        .expect("alice exists");
    assert_eq!(sent.code().to_string(), "250");
    assert_eq!(
        sent.message().collect::<Vec<_>>(),
        ["2.0.0 Ok: message accepted and discarded"]
    );

    let error = transport
        .send(&message("nobody@example.com"))
        .expect_err("nobody is unknown");
    assert!(error.is_permanent());
    assert_eq!(
        error.status().map(|c| c.to_string()).as_deref(),
        Some("550")
    );
    assert_eq!(
        error.to_string(),
        "permanent error (550): 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"
    );

    let hello = ClientId::Domain("client.example.org".to_owned());
    let mut connection = SmtpConnection::connect(server.address, Some(TIMEOUT), &hello, None, None)
        .expect("connect with lettre");
    let help = connection.command(Help::new(None)).expect("HELP");
    assert_eq!(help.code().to_string(), "214");
    assert_eq!(
        help.message().collect::<Vec<_>>(),
        [
            "2.0.0 Commands: EHLO HELO MAIL RCPT DATA",
            "2.0.0 RSET NOOP VRFY HELP QUIT",
            "2.0.0 End of HELP info"
        ]
    );
    connection.quit().expect("QUIT");
}

#[test]
fn python_smtplib_sees_the_codes_and_text() {
    let server = Server::start();
    let script = r#"
import json, smtplib, sys
port = int(sys.argv[1])
smtp = smtplib.SMTP("127.0.0.1", port, timeout=10)
results = {"ehlo": smtp.ehlo("client.example.org")[0]}
results["enhancedstatuscodes"] = smtp.has_extn("enhancedstatuscodes")
results["pipelining"] = smtp.has_extn("pipelining")
results["mail"] = smtp.mail("sender@example.org")
results["rcpt_known"] = smtp.rcpt("alice@example.com")
results["rcpt_unknown"] = smtp.rcpt("nobody@example.com")
results["data"] = smtp.data("Subject: test\r\n\r\nHello.\r\n")
results["help"] = smtp.docmd("HELP")
results["unknown"] = smtp.docmd("FOO")
results["quit"] = smtp.quit()
print(json.dumps({k: [v[0], v[1].decode()] if isinstance(v, tuple) else v for k, v in results.items()}))
"#;
    let output = Command::new("python3")
        .args(["-c", script, &server.address.port().to_string()])
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("JSON from Python");
    let expected = serde_json::json!({
        "ehlo": 250,
        "enhancedstatuscodes": true,
        "pipelining": true,
        "mail": [250, "2.1.0 Ok"],
        "rcpt_known": [250, "2.1.5 Ok"],
        "rcpt_unknown": [550, "5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"],
        "data": [250, "2.0.0 Ok: message accepted and discarded"],
        "help": [214, "2.0.0 Commands: EHLO HELO MAIL RCPT DATA\n2.0.0 RSET NOOP VRFY HELP QUIT\n2.0.0 End of HELP info"],
        "unknown": [500, "5.5.2 Error: command not recognized"],
        "quit": [221, "2.0.0 Bye"],
    });
    assert_eq!(results, expected);
}

#[cfg(feature = "lettre")]
#[test]
fn the_lettre_example_explains_the_servers_rejection() {
    let server = Server::start();
    let run = |to: &str| {
        let output = Command::new(example_binary("lettre_client"))
            .args(["--server", &server.address.to_string(), "--to", to])
            .output()
            .expect("run the lettre example");
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    assert_eq!(
        run("nobody@example.com"),
        "rejected: 550 5.1.1\n  title:  Bad destination mailbox address\n  reason: userunknown \
         (hard bounce)\n  text:   <nobody@example.com>: Recipient address rejected: User unknown\n"
    );
    assert_eq!(
        run("alice@example.com"),
        "accepted: 250 2.0.0 Ok: message accepted and discarded\n"
    );
}
