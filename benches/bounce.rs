//! Bounces: `bounce::parse` per message of the corpus, and classifying per recipient
//! (`bounce::classify` on the real diagnostics the corpus gives, with their codes and hosts),
//! in the same run, so that the classifier's cost reads as a share of the reader's. Then
//! `bounce::read_log_line` per line of the sample log.
//!
//! ```sh
//! cargo bench --features bounce --bench bounce
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use smtp_status::EnhancedCode;
use smtp_status::bounce::{self, Reason};
use smtp_status::reply::ReplyCode;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/bounces/bsd");
const SAMPLE_LOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/bounces.log");

/// The corpus's messages, in path order.
fn messages() -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(Path::new(CORPUS))
        .expect("the corpus is there")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read(path).expect("a message"))
        .collect()
}

/// What the classifier is given for one recipient.
struct Input {
    status: Option<EnhancedCode>,
    reply_code: Option<ReplyCode>,
    diagnostic: String,
    host: Option<String>,
}

fn bench(c: &mut Criterion) {
    let messages = messages();
    let bounces: Vec<_> = messages
        .iter()
        .map(|m| bounce::parse(m).expect("the corpus reads"))
        .collect();
    let inputs: Vec<Input> = bounces
        .iter()
        .flat_map(|b| {
            b.recipients().iter().map(|r| Input {
                status: r.status(),
                reply_code: r.reply_code(),
                diagnostic: r.diagnostic().unwrap_or_default().to_owned(),
                host: r.remote_mta().map(str::to_owned),
            })
        })
        .collect();
    let recipients = inputs.len();
    let bytes: usize = inputs.iter().map(|i| i.diagnostic.len()).sum();
    let classified = inputs
        .iter()
        .filter(|i| classify(i) != Reason::Undefined)
        .count();
    println!(
        "{} messages, {recipients} recipients, diagnostics of {} bytes on average, {classified} \
         with a reason",
        messages.len(),
        bytes / recipients.max(1),
    );

    let mut group = c.benchmark_group("bounce");
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("parse, per message", |b| {
        b.iter(|| {
            for message in &messages {
                black_box(bounce::parse(black_box(message)).ok());
            }
        })
    });
    group.throughput(Throughput::Elements(recipients as u64));
    group.bench_function("classify, per recipient", |b| {
        b.iter(|| {
            for input in &inputs {
                black_box(classify(black_box(input)));
            }
        })
    });
    let log = std::fs::read_to_string(SAMPLE_LOG).expect("the sample log");
    let lines: Vec<&str> = log.lines().collect();
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("read_log_line, per line", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(bounce::read_log_line(black_box(line)));
            }
        })
    });
    group.finish();
}

fn classify(input: &Input) -> Reason {
    bounce::classify(
        input.status,
        input.reply_code,
        &input.diagnostic,
        input.host.as_deref(),
    )
}

criterion_group!(benches, bench);
criterion_main!(benches);
