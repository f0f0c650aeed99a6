//! `smtp-status scan`: count the enhanced codes in logs and bounce messages.

use crate::style::{CODE, LABEL, Output, WARNING};
use crate::{Status, report};
use flate2::bufread::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressStyle};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use smtp_status::EnhancedCode;
use smtp_status::extract::{self, CONTEXT_AFTER, CONTEXT_BEFORE, MAX_CODE_LEN};
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
    /// For `per_line`: the line on which each code was last counted.
    last_line: HashMap<EnhancedCode, u64>,
}

#[derive(Serialize)]
struct Document {
    lines: u64,
    bytes: u64,
    codes: Vec<Count>,
}

#[derive(Serialize)]
struct Count {
    code: EnhancedCode,
    count: u64,
    title: &'static str,
    registered: bool,
}

pub fn run(
    files: &[PathBuf],
    top: Option<usize>,
    per_line: bool,
    json: bool,
    out: &mut Output,
) -> io::Result<Status> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    let mut tally = Tally {
        per_line,
        ..Tally::default()
    };
    let mut status = Status::Success;
    for path in files {
        if let Err(e) = scan_path(path, &mut tally) {
            report(format_args!("{}: {e}", path.display()));
            status = Status::BadInput;
        }
    }
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
    if json {
        out.json(&Document {
            lines: tally.lines,
            bytes: tally.bytes,
            codes,
        })?;
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

/// Scans a file, or standard input for `-`; gzip is recognised by its magic number.
fn scan_path(path: &Path, tally: &mut Tally) -> io::Result<()> {
    if path.as_os_str() == "-" {
        return scan_reader(BufReader::with_capacity(PEEK, io::stdin().lock()), tally);
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
    let result = scan_reader(
        BufReader::with_capacity(CHUNK, progress.wrap_read(file)),
        tally,
    );
    progress.finish_and_clear();
    result
}

fn scan_reader(mut input: impl BufRead, tally: &mut Tally) -> io::Result<()> {
    if input.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        scan(MultiGzDecoder::new(input), tally)
    } else {
        scan(input, tally)
    }
}

/// Counts the codes in `input`, a [`CHUNK`] at a time.
pub fn scan(input: impl Read, tally: &mut Tally) -> io::Result<()> {
    scan_chunks(input, tally, CHUNK)
}

/// Counts the codes in `input`, `chunk` bytes at a time.
///
/// Chunks overlap so that each code is decided with all the context the extractor looks at
/// ([`CONTEXT_BEFORE`] and [`CONTEXT_AFTER`] bytes) and counted exactly once: a chunk counts
/// the codes that start from `from` (past the previous chunk's) to `until` (far enough from
/// its end that the whole code and what follows it are in the chunk).
fn scan_chunks(mut input: impl Read, tally: &mut Tally, chunk: usize) -> io::Result<()> {
    const TAIL: usize = MAX_CODE_LEN + CONTEXT_AFTER;
    assert!(
        chunk > 2 * (TAIL + CONTEXT_BEFORE),
        "a chunk holds more than its overlap"
    );
    let mut buffer = vec![0; chunk];
    let mut kept = 0;
    let mut from = 0;
    // For `per_line`: the line number of buffer[0], the lines before it in this input.
    let mut first_line = 0;
    loop {
        let read = fill(&mut input, &mut buffer[kept..])?;
        let end = kept + read;
        let at_end = end < buffer.len();
        tally.bytes += read as u64;
        tally.lines += count_lines(&buffer[kept..end]);
        let until = if at_end { end } else { end - TAIL };
        let (mut line, mut counted_to) = (first_line, 0);
        for found in extract::codes(&buffer[..end]) {
            let start = found.range().start;
            if start >= until {
                break;
            }
            if start < from {
                continue;
            }
            if tally.per_line {
                line += count_lines(&buffer[counted_to..start]);
                counted_to = start;
                if tally.last_line.insert(found.code(), line) == Some(line) {
                    continue;
                }
            }
            *tally.counts.entry(found.code()).or_default() += 1;
        }
        if at_end {
            // The next input starts on a line of its own.
            tally.last_line.clear();
            return Ok(());
        }
        let keep_from = until - CONTEXT_BEFORE;
        if tally.per_line {
            first_line += count_lines(&buffer[..keep_from]);
        }
        buffer.copy_within(keep_from..end, 0);
        kept = end - keep_from;
        from = CONTEXT_BEFORE;
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Text full of codes, near-codes and separators, from a fixed seed.
    fn sample(len: usize) -> Vec<u8> {
        const PIECES: &[&str] = &[
            "5.1.1",
            "4.7.650",
            " ",
            "\n",
            "550-",
            "550 ",
            ".",
            "dsn=",
            "(",
            ")",
            "x",
            "2.0.0",
            "5.7.1000",
            "1.2.3.4",
            "v2.11.0",
            "-",
            ":",
            "5.1.10",
            "\u{e9}",
            "#",
            "9",
            "5.999.999",
            "4.123.45",
            "!",
        ];
        let mut state: u64 = 0x2034_3463;
        let mut text = Vec::with_capacity(len + 16);
        while text.len() < len {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.extend_from_slice(PIECES[(state >> 33) as usize % PIECES.len()].as_bytes());
        }
        text
    }

    #[test]
    fn every_chunking_counts_what_one_pass_over_the_whole_text_finds() {
        let text = sample(50_000);
        let mut whole: HashMap<EnhancedCode, u64> = HashMap::default();
        for found in extract::codes(&text) {
            *whole.entry(found.code()).or_default() += 1;
        }
        let total: u64 = whole.values().sum();
        assert!(total > 200, "the sample is full of codes, found {total}");
        for chunk in (40..300).chain([1000, 4096, CHUNK]) {
            let mut tally = Tally::default();
            scan_chunks(&text[..], &mut tally, chunk).unwrap();
            assert_eq!(tally.counts, whole, "chunks of {chunk} bytes");
            assert_eq!(tally.bytes, text.len() as u64);
            assert_eq!(
                tally.lines,
                text.iter().filter(|&&b| b == b'\n').count() as u64
            );
        }
    }
}
