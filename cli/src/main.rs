//! `smtp-status`: explain SMTP enhanced status codes and reply lines, list and search the IANA
//! registry, and count the codes in mail logs and bounce messages.

mod bounce;
mod explain;
mod list;
mod reasons;
mod scan;
mod style;

use clap::{Parser, Subcommand};
use smtp_status::Class;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use style::Output;

/// Explain SMTP enhanced status codes (RFC 3463), list and search the IANA registry, read
/// bounce messages, and count the codes in mail logs.
#[derive(Parser)]
#[command(name = "smtp-status", version, about, max_term_width = 100)]
struct Cli {
    /// Print JSON on standard output instead of text (for `bounce`, one object per line).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Explain codes (5.1.1), registry keys (X.1.1), code names (MailboxFull, mailboxfull),
    /// reply lines ("550 5.1.1 <a@example.com>: Recipient address rejected", or one line of a
    /// multi-line reply, "550-5.1.1 …"), or any text that quotes codes: a DSN field
    /// ("Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 …"), a log line, a bounce's sentence.
    /// "-" reads standard input: a bounce message, explained per recipient, or text.
    ///
    /// Every code an input holds is explained, with where it was found. Exits with 1 when an
    /// input holds no enhanced code (text without one, a reply without one, an unregistered
    /// key) and with 2 when an input is a malformed code or reply, or standard input cannot be
    /// read.
    Explain {
        /// Codes, registry keys, code names, reply lines or text; "-" for standard input.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
    },
    /// Print the registry as a table.
    List {
        /// Only the codes of this subject (0 to 7).
        #[arg(long, value_name = "N")]
        subject: Option<u16>,
        /// Show the codes in this class (2, 4 or 5) instead of as registry keys (X.1.1).
        #[arg(long, value_name = "N")]
        class: Option<Class>,
    },
    /// Find codes by words in their title, description, key or name (all words must match);
    /// a code such as 5.7.26 finds its registry entry, X.7.26.
    ///
    /// Exits with 1 when no code matches.
    Search {
        /// The words, matched without regard to case.
        #[arg(required = true, value_name = "WORDS")]
        words: Vec<String>,
    },
    /// Read bounce messages and say, per recipient, what happened: action, enhanced status
    /// code, reply code, the reason (userunknown, mailboxfull, blocked, …), whether it is a
    /// hard bounce, and what the code means.
    ///
    /// Each PATH is a message file (gzipped or not) or a directory, whose every regular file
    /// below it is read, in path order (a Maildir, for one). With no PATH, or "-", standard
    /// input is read as one message; a file that holds an mbox is read as all its messages.
    /// Messages over 32 MiB are refused. With --json, one JSON object per message, one per
    /// line. Exits with 1 when a message could not be read (the others are still printed).
    Bounce {
        /// Message files or directories of them.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Count the enhanced codes in mail logs or bounce messages, plain or gzipped.
    ///
    /// Reads standard input when no FILE is given or FILE is "-". Memory use does not grow
    /// with the input.
    Scan {
        /// Log files or messages; `.gz` files are decompressed.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Show only the N most frequent codes.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Count a code once per line, however often the line repeats it (as a multi-line
        /// reply logged on one line does): the count is then the number of log entries.
        #[arg(long)]
        per_line: bool,
        /// Count the failures by reason instead: each line that records one (a 4xx or 5xx
        /// reply, a dsn= or status= entry of a failed or deferred delivery) is classified.
        #[arg(long, conflicts_with = "per_line")]
        reasons: bool,
        /// Read binary inputs (a NUL in their first bytes) as text; without it they are
        /// skipped with a notice, as grep does.
        #[arg(long)]
        binary: bool,
    },
}

/// How a run ended, as the exit code says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Exit {
    Success = 0,
    /// `explain` found no code in an input; `bounce` could not read a message.
    Partial = 1,
    /// An input is not a code, or a file cannot be read.
    BadInput = 2,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut output = Output::stdout();
    let result = match cli.command {
        Command::Explain { inputs } => explain::run(&inputs, cli.json, &mut output),
        Command::List { subject, class } => list::list(subject, class, cli.json, &mut output),
        Command::Search { words } => list::search(&words, cli.json, &mut output),
        Command::Bounce { paths } => bounce::run(&paths, cli.json, &mut output),
        Command::Scan {
            files,
            top,
            per_line,
            reasons,
            binary,
        } => {
            let options = scan::Options {
                top,
                per_line,
                binary,
                json: cli.json,
            };
            match reasons {
                true => reasons::run(&files, &options, &mut output),
                false => scan::run(&files, &options, &mut output),
            }
        }
    };
    match result.and_then(|exit| output.flush().map(|()| exit)) {
        Ok(exit) => ExitCode::from(exit as u8),
        // `smtp-status list | head`: the reader has gone; stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(Exit::BadInput as u8)
        }
    }
}

/// Prints `error: <message>` on standard error.
fn report(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "error: {message}");
}

/// Prints `warning: <message>` on standard error: something was left out, nothing failed.
fn warn(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "warning: {message}");
}
