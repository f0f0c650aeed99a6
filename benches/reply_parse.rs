//! Reply parsing: `reply::parse` against smtp-proto, smtp-message and lettre's response
//! parser, on the same inputs in the same run. It first prints what each parser answers,
//! since speed without the right answer is worth nothing.
//!
//! ```sh
//! cargo bench --bench reply_parse
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;

const INPUTS: &[(&str, &str)] = &[
    (
        "one line",
        "550 5.1.1 <a@b>: Recipient address rejected\r\n",
    ),
    (
        "three lines",
        "550-5.7.25 [192.0.2.1] The IP address sending this message does not have a\r\n\
         550-5.7.25 PTR record setup, or the corresponding forward DNS entry does not\r\n\
         550 5.7.25 point to the sending IP. - gsmtp\r\n",
    ),
    ("no enhanced code", "250 OK\r\n"),
    (
        "vendor code",
        "550 5.7.606 Access denied, banned sending IP [192.0.2.1]\r\n",
    ),
    ("class mismatch", "550 4.7.1 Relay access denied\r\n"),
    ("invalid class", "432 6.8.9 World!\r\n"),
];

/// What a parser makes of a reply: the reply code, the enhanced code it reports, and the
/// number of text lines.
type Answer = (u16, String, usize);

fn ours(input: &str) -> Option<Answer> {
    let (reply, _) = smtp_status::reply::parse(input.as_bytes()).ok()?;
    let enhanced = reply
        .enhanced()
        .map_or("none".to_owned(), |e| e.to_string());
    Some((
        reply.code().get(),
        format!("{enhanced} (status {})", reply.status()),
        reply.lines().count(),
    ))
}

fn smtp_proto(input: &str) -> Option<Answer> {
    let response = smtp_proto::response::parser::ResponseReceiver::default()
        .parse(&mut input.as_bytes().iter())
        .ok()?;
    let [class, subject, detail] = response.esc;
    let enhanced = if class == 0 {
        "none".to_owned()
    } else {
        format!("{class}.{subject}.{detail}")
    };
    Some((response.code, enhanced, response.message.lines().count()))
}

fn smtp_message(input: &str) -> Option<Answer> {
    let (_, reply) = smtp_message::Reply::<&str>::parse(input.as_bytes()).ok()?;
    let enhanced = reply.ecode.as_ref().map_or("none".to_owned(), |e| {
        let class = match e.class {
            smtp_message::EnhancedReplyCodeClass::Success => 2,
            smtp_message::EnhancedReplyCodeClass::PersistentTransient => 4,
            smtp_message::EnhancedReplyCodeClass::PermanentFailure => 5,
        };
        format!("{class}.{}.{}", e.raw_subject, e.raw_detail)
    });
    Some((reply.code.code(), enhanced, reply.text.len()))
}

fn lettre(input: &str) -> Option<Answer> {
    let response = lettre::transport::smtp::response::Response::from_str(input).ok()?;
    let code = response.code().to_string().parse().ok()?;
    // lettre does not read enhanced codes: they stay at the start of the text.
    Some((code, "not parsed".to_owned(), response.message().count()))
}

/// A parser's name and how it answers.
type Parser = (&'static str, fn(&str) -> Option<Answer>);

const PARSERS: &[Parser] = &[
    ("smtp-status", ours),
    ("smtp-proto 0.2", smtp_proto),
    ("smtp-message 0.1", smtp_message),
    ("lettre 0.11", lettre),
];

fn reply_parse(c: &mut Criterion) {
    println!("\nWhat each parser answers (reply code, enhanced code, lines):");
    for (name, input) in INPUTS {
        println!("  {name}: {:?}", input.lines().next().unwrap_or_default());
        for (parser, parse) in PARSERS {
            println!("    {parser:<18} {:?}", parse(input));
        }
    }
    for (name, input) in INPUTS {
        let mut group = c.benchmark_group(format!("reply_parse/{name}"));
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for (parser, _) in PARSERS {
            // Each parser's own entry point, as a client would call it.
            match *parser {
                "smtp-status" => group.bench_function(*parser, |b| {
                    b.iter(|| {
                        // The lines are there to borrow, not copied: parsing does not build them.
                        let (reply, used) =
                            smtp_status::reply::parse(black_box(input.as_bytes())).unwrap();
                        (reply.status(), reply.line_count(), used)
                    })
                }),
                "smtp-proto 0.2" => group.bench_function(*parser, |b| {
                    b.iter(|| {
                        smtp_proto::response::parser::ResponseReceiver::default()
                            .parse(&mut black_box(input.as_bytes()).iter())
                    })
                }),
                "smtp-message 0.1" => group.bench_function(*parser, |b| {
                    b.iter(|| {
                        smtp_message::Reply::<&str>::parse(black_box(input.as_bytes()))
                            .map(|(_, r)| r.text.len())
                    })
                }),
                _ => group.bench_function(*parser, |b| {
                    b.iter(|| {
                        lettre::transport::smtp::response::Response::from_str(black_box(input))
                    })
                }),
            };
        }
        group.finish();
    }
}

criterion_group!(benches, reply_parse);
criterion_main!(benches);
