//! `smtp-status bounce`: read bounce messages and say, per recipient, what happened.

use crate::style::{CODE, LABEL, Output, WARNING};
use crate::{Exit, report};
use flate2::read::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use smtp_status::bounce::{self, Bounce, MAX_MESSAGE_LEN, Recipient};
use std::fs::{self, File};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Messages read in parallel before their results are printed, in order: enough to keep every
/// core busy, few enough that a large Maildir is not held in memory.
const BATCH: usize = 512;

/// Directories of at least this many messages get a progress bar (on a terminal).
const PROGRESS_THRESHOLD: usize = 200;

/// One message's outcome; the JSON form of `bounce`, one object per line.
#[derive(Serialize)]
struct Document<'a> {
    file: &'a str,
    /// Whether the message reports on deliveries (a DSN or a bounce in free text).
    bounce: bool,
    /// `delivery-status`, `text`, `feedback`, `auto-reply` or `other`; none for an error.
    kind: Option<&'static str>,
    recipients: Vec<RecipientDocument<'a>>,
    error: Option<String>,
}

#[derive(Serialize)]
struct RecipientDocument<'a> {
    recipient: Option<&'a str>,
    action: Option<&'static str>,
    status: Option<String>,
    reply_code: Option<u16>,
    remote_mta: Option<&'a str>,
    diagnostic: Option<&'a str>,
    /// What the failure means: `userunknown`, `mailboxfull`, …
    reason: &'static str,
    /// Whether retrying or resending will not help.
    hard_bounce: bool,
}

impl<'a> RecipientDocument<'a> {
    fn of(recipient: &'a Recipient) -> RecipientDocument<'a> {
        RecipientDocument {
            recipient: recipient.address(),
            action: recipient.action().map(|a| a.as_str()),
            status: recipient.status().map(|s| s.to_string()),
            reply_code: recipient.reply_code().map(|c| c.get()),
            remote_mta: recipient.remote_mta(),
            diagnostic: recipient.diagnostic(),
            reason: recipient.reason().as_str(),
            hard_bounce: recipient.is_hard_bounce(),
        }
    }
}

pub fn run(paths: &[PathBuf], json: bool, out: &mut Output) -> io::Result<Exit> {
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    let mut exit = Exit::Success;
    let mut files = Vec::new();
    for path in paths {
        if let Err(e) = collect(path, &mut files) {
            // The path itself cannot be read: say so where its messages would have been.
            files.push(Source::Broken(path.clone(), e.to_string()));
        }
    }
    let progress = if files.len() >= PROGRESS_THRESHOLD && io::stderr().is_terminal() {
        let bar = ProgressBar::new(files.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{wide_bar} {pos}/{len} messages {per_sec}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    for batch in files.chunks(BATCH) {
        let results: Vec<(String, Result<Bounce, String>)> = batch
            .par_iter()
            .map(|source| {
                let result = source.read();
                progress.inc(1);
                (source.name(), result)
            })
            .collect();
        for (name, result) in &results {
            if let Err(e) = result {
                report(format_args!("{name}: {e}"));
                exit = exit.max(Exit::Partial);
            }
            print(name, result, json, out)?;
        }
    }
    progress.finish_and_clear();
    Ok(exit)
}

/// Where a message comes from.
enum Source {
    Stdin,
    File(PathBuf),
    /// A path that cannot be listed or read, and why.
    Broken(PathBuf, String),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File(path) | Source::Broken(path, _) => path.display().to_string(),
        }
    }

    fn read(&self) -> Result<Bounce, String> {
        let bytes = match self {
            Source::Stdin => read_limited(io::stdin().lock()),
            Source::File(path) => File::open(path).and_then(read_limited),
            Source::Broken(_, error) => return Err(error.clone()),
        }
        .map_err(|e| e.to_string())?;
        bounce::parse(&bytes).map_err(|e| e.to_string())
    }
}

/// The message files at `path`: the file itself, or every regular file below a directory
/// (a Maildir among them), sorted by path; `-` is standard input.
fn collect(path: &Path, files: &mut Vec<Source>) -> io::Result<()> {
    if path.as_os_str() == "-" {
        files.push(Source::Stdin);
        return Ok(());
    }
    let meta = fs::metadata(path)?;
    if !meta.is_dir() {
        files.push(Source::File(path.to_owned()));
        return Ok(());
    }
    let mut below = Vec::new();
    walk(path, &mut below)?;
    below.sort();
    files.extend(below.into_iter().map(Source::File));
    Ok(())
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, files)?;
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            files.push(path);
        }
    }
    Ok(())
}

/// The message's bytes, gzip undone, refused past the limit of `bounce::parse`.
fn read_limited(input: impl Read) -> io::Result<Vec<u8>> {
    let mut input = io::BufReader::new(input);
    let gzip = io::BufRead::fill_buf(&mut input)?.starts_with(&[0x1f, 0x8b]);
    let input: Box<dyn Read> = if gzip {
        Box::new(MultiGzDecoder::new(input))
    } else {
        Box::new(input)
    };
    let mut bytes = Vec::new();
    input
        .take(MAX_MESSAGE_LEN as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_MESSAGE_LEN {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("message is longer than the limit of {MAX_MESSAGE_LEN} bytes"),
        ));
    }
    Ok(bytes)
}

fn print(
    name: &str,
    result: &Result<Bounce, String>,
    json: bool,
    out: &mut Output,
) -> io::Result<()> {
    if json {
        let document = match result {
            Ok(bounce) => Document {
                file: name,
                bounce: bounce.is_bounce(),
                kind: Some(bounce.kind().as_str()),
                recipients: bounce
                    .recipients()
                    .iter()
                    .map(RecipientDocument::of)
                    .collect(),
                error: None,
            },
            Err(e) => Document {
                file: name,
                bounce: false,
                kind: None,
                recipients: Vec::new(),
                error: Some(e.clone()),
            },
        };
        serde_json::to_writer(&mut *out, &document)?;
        return writeln!(out);
    }
    let Ok(bounce) = result else {
        return Ok(());
    };
    writeln!(
        out,
        "{}  {}",
        out.paint(LABEL, name),
        out.paint(LABEL, bounce.kind())
    )?;
    for recipient in bounce.recipients() {
        let address = recipient.address().unwrap_or("(no address)");
        let action = recipient.action().map_or("-", |a| a.as_str());
        let status = recipient
            .status()
            .map_or_else(|| "-".to_owned(), |s| s.to_string());
        let reply = recipient
            .reply_code()
            .map_or_else(|| "-".to_owned(), |c| c.to_string());
        let title = recipient.status().map_or("", |s| s.title());
        let status = if recipient.status().is_some_and(|s| s.code().is_none()) {
            format!("{}", out.paint(WARNING, format!("{status:<9}")))
        } else {
            format!("{}", out.paint(CODE, format!("{status:<9}")))
        };
        let reason = recipient.reason().as_str();
        let hard = if recipient.is_hard_bounce() {
            format!("{}", out.paint(WARNING, "hard"))
        } else {
            "soft".to_owned()
        };
        let line =
            format!("  {address}  {action:<9} {status} {reply:<5} {reason:<15} {hard}  {title}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
