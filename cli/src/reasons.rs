//! `smtp-status scan --reasons`: count the failures of mail logs by reason.

use crate::Exit;
use crate::scan::{Inputs, Options};
use crate::style::{LABEL, Output, WARNING};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use smtp_status::bounce::{self, Reason};
use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;

/// The longest line read whole; the rest of a longer one is skipped, so that memory use does
/// not grow with the input.
const MAX_LINE: u64 = 64 << 10;

#[derive(Default)]
struct Tally {
    lines: u64,
    bytes: u64,
    /// Per reason: the failures, and how many of them are hard bounces.
    reasons: HashMap<Reason, (u64, u64)>,
}

#[derive(Serialize)]
struct Document<'a> {
    lines: u64,
    bytes: u64,
    failures: u64,
    reasons: Vec<Count>,
    #[serde(flatten)]
    inputs: &'a Inputs,
}

#[derive(Serialize)]
struct Count {
    reason: Reason,
    count: u64,
    hard_bounces: u64,
    description: &'static str,
}

pub fn run(files: &[PathBuf], options: &Options, out: &mut Output) -> io::Result<Exit> {
    let mut tally = Tally::default();
    let inputs = Inputs::each(files, options.binary, |input| count(input, &mut tally));
    let status = inputs.exit();
    let (top, json) = (options.top, options.json);
    let failures = tally.reasons.values().map(|&(count, _)| count).sum();
    let mut reasons: Vec<Count> = tally
        .reasons
        .into_iter()
        .map(|(reason, (count, hard_bounces))| Count {
            reason,
            count,
            hard_bounces,
            description: reason.description(),
        })
        .collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    reasons.truncate(top.unwrap_or(usize::MAX));
    if json {
        out.json(&Document {
            lines: tally.lines,
            bytes: tally.bytes,
            failures,
            reasons,
            inputs: &inputs,
        })?;
        return Ok(status);
    }
    if inputs.read == 0 {
        return Ok(status);
    }
    if !reasons.is_empty() {
        let header = format!(
            "{:>9}  {:>9}  {:<15}  {}",
            "count", "hard", "reason", "meaning"
        );
        writeln!(out, "{}", out.paint(LABEL, header))?;
    }
    for count in &reasons {
        let hard = format!("{:>9}", count.hard_bounces);
        let hard = if count.hard_bounces > 0 {
            format!("{}", out.paint(WARNING, hard))
        } else {
            hard
        };
        writeln!(
            out,
            "{:>9}  {hard}  {:<15}  {}",
            count.count,
            count.reason.as_str(),
            count.description
        )?;
    }
    let summary = format!(
        "{} lines, {} bytes, {failures} failures",
        tally.lines, tally.bytes
    );
    writeln!(out, "{}", out.paint(LABEL, summary))?;
    Ok(status)
}

/// Classifies each line of `input` that records a failure.
fn count(input: &mut dyn BufRead, tally: &mut Tally) -> io::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut *input).take(MAX_LINE).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(());
        }
        tally.lines += 1;
        tally.bytes += read as u64;
        if !line.ends_with(b"\n") && read as u64 == MAX_LINE {
            // The rest of an overlong line: counted, not read.
            tally.bytes += skip_line(input)?;
        }
        if let Some(failure) = bounce::read_log_line(&String::from_utf8_lossy(&line)) {
            let entry = tally.reasons.entry(failure.reason()).or_default();
            entry.0 += 1;
            entry.1 += u64::from(failure.is_hard_bounce());
        }
    }
}

/// Skips to the end of the current line; the number of bytes skipped.
fn skip_line(input: &mut dyn BufRead) -> io::Result<u64> {
    let mut skipped = 0;
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(skipped);
        }
        let (used, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (buffer.len(), false),
        };
        input.consume(used);
        skipped += used as u64;
        if done {
            return Ok(skipped);
        }
    }
}
