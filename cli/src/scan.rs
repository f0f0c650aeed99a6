//! `smtp-status scan`: count the enhanced codes in logs and bounce messages.

use crate::style::{CODE, LABEL, Output, WARNING};
use crate::{Exit, report, warn};
use flate2::bufread::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressStyle};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use smtp_status::EnhancedCode;
use smtp_status::extract::Scanner;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Bytes read at a time: memory use is this, whatever the input's size.
const CHUNK: usize = 1 << 20;
/// The reader's own buffer, to recognise gzip: smaller than a chunk, so that whole-chunk
/// reads bypass it instead of being copied twice.
const PEEK: usize = 64 << 10;
/// Files at least this large get a progress bar (on a terminal).
const PROGRESS_THRESHOLD: u64 = 64 << 20;

/// What a scan counted.
#[derive(Default)]
pub struct Tally {
    pub lines: u64,
    pub bytes: u64,
    pub counts: HashMap<EnhancedCode, u64>,
    /// Count a code once per line, however often the line has it.
    per_line: bool,
    /// For `per_line`: the line on which each code was last counted, in the current input.
    last_line: HashMap<EnhancedCode, u64>,
}

#[derive(Serialize)]
struct Document<'a> {
    lines: u64,
    bytes: u64,
    codes: Vec<Count>,
    #[serde(flatten)]
    inputs: &'a Inputs,
}

/// What became of the inputs of `scan`: those that could not be read, and those skipped.
#[derive(Default, Serialize)]
pub struct Inputs {
    /// Inputs that could not be read, with why.
    pub errors: Vec<FileError>,
    /// Binary inputs, not read (`--binary` reads them).
    pub skipped: Vec<String>,
    /// How many inputs were read.
    #[serde(skip)]
    pub read: usize,
}

/// An input that could not be read.
#[derive(Serialize)]
pub struct FileError {
    pub file: String,
    pub error: String,
}

impl Inputs {
    /// Reads each of `files` (standard input when there are none) with `read`, reporting on
    /// standard error those that cannot be read and, unless `binary`, skipping those whose
    /// first bytes hold a NUL, as grep does.
    pub fn each(
        files: &[PathBuf],
        binary: bool,
        mut read: impl FnMut(&mut dyn BufRead) -> io::Result<()>,
    ) -> Inputs {
        let stdin = [PathBuf::from("-")];
        let files = if files.is_empty() { &stdin[..] } else { files };
        let mut inputs = Inputs::default();
        for path in files {
            let name = path.display().to_string();
            let mut skipped = false;
            let result = with_input(path, |input| {
                if !binary && input.fill_buf()?.contains(&0) {
                    skipped = true;
                    return Ok(());
                }
                read(input)
            });
            match result {
                Ok(()) if skipped => {
                    warn(format_args!(
                        "{name}: binary file skipped (--binary reads it as text)"
                    ));
                    inputs.skipped.push(name);
                }
                Ok(()) => inputs.read += 1,
                Err(e) => {
                    report(format_args!("{name}: {e}"));
                    inputs.errors.push(FileError {
                        file: name,
                        error: e.to_string(),
                    });
                }
            }
        }
        inputs
    }

    /// The exit code: 2 when an input could not be read.
    pub fn exit(&self) -> Exit {
        if self.errors.is_empty() {
            Exit::Success
        } else {
            Exit::BadInput
        }
    }
}

#[derive(Serialize)]
struct Count {
    code: EnhancedCode,
    count: u64,
    title: &'static str,
    registered: bool,
}

/// How `scan` reads and counts.
pub struct Options {
    pub top: Option<usize>,
    /// Count a code once per line.
    pub per_line: bool,
    /// Read binary inputs as text instead of skipping them.
    pub binary: bool,
    pub json: bool,
}

pub fn run(files: &[PathBuf], options: &Options, out: &mut Output) -> io::Result<Exit> {
    let mut tally = Tally {
        per_line: options.per_line,
        ..Tally::default()
    };
    let inputs = Inputs::each(files, options.binary, |input| scan(input, &mut tally));
    let status = inputs.exit();
    let top = options.top;
    let mut codes: Vec<(EnhancedCode, u64)> = tally.counts.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    codes.truncate(top.unwrap_or(usize::MAX));
    let codes: Vec<Count> = codes
        .into_iter()
        .map(|(code, count)| Count {
            code,
            count,
            title: code.title(),
            registered: code.code().is_some(),
        })
        .collect();
    if options.json {
        out.json(&Document {
            lines: tally.lines,
            bytes: tally.bytes,
            codes,
            inputs: &inputs,
        })?;
        return Ok(status);
    }
    // Nothing was read: the errors say so, and a summary of zeros would not.
    if inputs.read == 0 {
        return Ok(status);
    }
    if !codes.is_empty() {
        writeln!(
            out,
            "{}",
            out.paint(LABEL, format!("{:>9}  {:<9}  {}", "count", "code", "title"))
        )?;
    }
    for count in &codes {
        let code = out.paint(CODE, format!("{:<9}", count.code));
        let note = if count.registered {
            String::new()
        } else {
            format!(" ({})", out.paint(WARNING, "not registered"))
        };
        writeln!(out, "{:>9}  {code}  {}{note}", count.count, count.title)?;
    }
    let found: u64 = codes.iter().map(|c| c.count).sum();
    writeln!(
        out,
        "{}",
        out.paint(
            LABEL,
            format!(
                "{} lines, {} bytes, {found} codes shown",
                tally.lines, tally.bytes
            )
        )
    )?;
    Ok(status)
}

/// Opens a file, or standard input for `-`, with gzip undone (recognised by its magic
/// number) and a progress bar for a large file on a terminal, and gives it to `read`.
pub fn with_input(
    path: &Path,
    read: impl FnOnce(&mut dyn BufRead) -> io::Result<()>,
) -> io::Result<()> {
    if path.as_os_str() == "-" {
        return ungzipped(BufReader::with_capacity(PEEK, io::stdin().lock()), read);
    }
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    let progress = if size >= PROGRESS_THRESHOLD && io::stderr().is_terminal() {
        let bar = ProgressBar::new(size).with_message(path.display().to_string());
        if let Ok(style) =
            ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let result = ungzipped(
        BufReader::with_capacity(CHUNK, progress.wrap_read(file)),
        read,
    );
    progress.finish_and_clear();
    result
}

/// `input`, or what it decompresses to when it is gzip. The decompressed stream's buffer is
/// smaller than a chunk, so that whole-chunk reads bypass it.
fn ungzipped(
    mut input: impl BufRead,
    read: impl FnOnce(&mut dyn BufRead) -> io::Result<()>,
) -> io::Result<()> {
    if input.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        read(&mut BufReader::with_capacity(
            PEEK,
            MultiGzDecoder::new(input),
        ))
    } else {
        read(&mut input)
    }
}

/// Counts the codes in `input`, a [`CHUNK`] at a time.
pub fn scan(mut input: impl Read, tally: &mut Tally) -> io::Result<()> {
    let mut buffer = vec![0; CHUNK];
    let mut scanner = Scanner::new();
    tally.last_line.clear();
    loop {
        let read = fill(&mut input, &mut buffer)?;
        if read == 0 {
            break;
        }
        for found in scanner.feed(&buffer[..read]) {
            tally.count(found.code(), found.line());
        }
    }
    for found in scanner.finish() {
        tally.count(found.code(), found.line());
    }
    tally.bytes += scanner.bytes();
    tally.lines += scanner.lines();
    Ok(())
}

impl Tally {
    fn count(&mut self, code: EnhancedCode, line: u64) {
        if self.per_line && self.last_line.insert(code, line) == Some(line) {
            return;
        }
        *self.counts.entry(code).or_default() += 1;
    }
}

/// Reads until `buffer` is full or the input ends; the number of bytes read.
fn fill(input: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
