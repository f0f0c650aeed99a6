//! Code lookup: from the text of a code to its registered meaning, on a realistic mix of
//! inputs, against the fastest approach we can write by hand and the usual maps.
//!
//! ```sh
//! cargo bench --bench lookup
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rustc_hash::FxHashMap;
use smtp_status::{Class, Code, EnhancedCode, REGISTRY, status};
use std::collections::HashMap;
use std::hint::black_box;

/// What a bounce processor sees: mostly registered codes (the common ones more often), some
/// providers' own details, and some text that is not a code at all.
const INPUTS: &[&str] = &[
    // Registered (32 of 48).
    "5.1.1",
    "5.1.1",
    "5.1.1",
    "5.1.1",
    "4.2.2",
    "5.2.2",
    "2.0.0",
    "2.0.0",
    "2.0.0",
    "4.7.1",
    "5.7.1",
    "5.7.1",
    "4.4.1",
    "4.4.7",
    "5.1.10",
    "5.7.26",
    "5.7.25",
    "4.7.0",
    "5.7.0",
    "5.4.1",
    "5.0.0",
    "4.0.0",
    "5.1.2",
    "5.3.4",
    "5.7.23",
    "5.2.1",
    "4.3.1",
    "5.5.1",
    "5.6.0",
    "2.1.5",
    "2.6.0",
    "5.7.9",
    // Well-formed, unregistered (10).
    "5.7.606",
    "4.7.650",
    "5.1.351",
    "5.7.708",
    "4.7.500",
    "5.4.310",
    "5.7.509",
    "4.4.316",
    "5.9.1",
    "2.999.999",
    // Malformed (6).
    "5.01.1",
    "550",
    "",
    "5.1.1000",
    "6.1.1",
    "User unknown",
];

/// The fastest approach we can write by hand: a byte-level parser into a dense
/// `[[Option<Code>; 1000]; 8]` table.
struct Reference {
    table: Box<[[Option<Code>; 1000]; 8]>,
}

impl Reference {
    fn new() -> Reference {
        let mut table = Box::new([[None; 1000]; 8]);
        for &code in Code::ALL {
            table[usize::from(code.subject().number())][usize::from(code.detail())] = Some(code);
        }
        Reference { table }
    }

    #[inline]
    fn lookup(&self, text: &str) -> Option<Code> {
        let bytes = text.as_bytes();
        if bytes.len() < 5 || !matches!(bytes[0], b'2' | b'4' | b'5') || bytes[1] != b'.' {
            return None;
        }
        let (subject, at) = number(bytes, 2)?;
        if bytes.get(at) != Some(&b'.') {
            return None;
        }
        let (detail, end) = number(bytes, at + 1)?;
        if end != bytes.len() || subject >= 8 {
            return None;
        }
        self.table[subject][detail]
    }
}

/// One to three digits without a leading zero.
#[inline]
fn number(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut value = 0;
    let mut at = start;
    while at < bytes.len() && bytes[at].is_ascii_digit() && at - start < 3 {
        value = value * 10 + usize::from(bytes[at] - b'0');
        at += 1;
    }
    let len = at - start;
    let fits = len > 0 && (len == 1 || bytes[start] != b'0');
    let longer = bytes.get(at).is_some_and(u8::is_ascii_digit);
    (fits && !longer).then_some((value, at))
}

/// The registry key of a code's text: `5.1.1` becomes `X.1.1`, in `buffer`.
fn key_of<'b>(text: &str, buffer: &'b mut [u8; 9]) -> Option<&'b str> {
    let bytes = text.as_bytes();
    if bytes.len() > 9 || !matches!(bytes.first(), Some(b'2' | b'4' | b'5')) {
        return None;
    }
    buffer[..bytes.len()].copy_from_slice(bytes);
    buffer[0] = b'X';
    std::str::from_utf8(&buffer[..bytes.len()]).ok()
}

/// `REGISTRY` is keyed by `X.1.1`: check the class, then look the key up.
fn registry_lookup(text: &str) -> Option<Code> {
    REGISTRY.get(key_of(text, &mut [0; 9])?).copied()
}

/// phf's other layout, PtrHash, over the same keys: phf's `ptrhash` feature would switch
/// every phf map of a build to it, so the bench builds one at start-up from the same
/// generator and looks keys up as phf's `Map::get` does with the feature on.
struct PtrHashMap {
    state: phf_generator::ptrhash::HashState,
    entries: Vec<(&'static str, Code)>,
}

impl PtrHashMap {
    fn new() -> PtrHashMap {
        let keys: Vec<(&'static str, Code)> = REGISTRY.entries().map(|(k, v)| (*k, *v)).collect();
        let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
        let state = phf_generator::ptrhash::generate_hash(&names);
        let entries = state.map.iter().map(|&at| keys[at]).collect();
        PtrHashMap { state, entries }
    }

    #[inline]
    fn get(&self, key: &str) -> Option<Code> {
        let hash = phf_shared::ptrhash::hash(key, &self.state.seed);
        let at = phf_shared::ptrhash::get_index(
            self.state.seed,
            hash,
            &self.state.pilots,
            &self.state.remap,
            self.entries.len(),
        );
        let (found, code) = self.entries[at as usize];
        (found == key).then_some(code)
    }

    fn lookup(&self, text: &str) -> Option<Code> {
        self.get(key_of(text, &mut [0; 9])?)
    }
}

/// Every registered code in every class, as text, for the hash maps.
fn every_code() -> Vec<(String, Code)> {
    Class::ALL
        .iter()
        .flat_map(|&class| {
            Code::ALL
                .iter()
                .map(move |&code| (code.with_class(class).to_string(), code))
        })
        .collect()
}

fn lookup(c: &mut Criterion) {
    let reference = Reference::new();
    let ptrhash = PtrHashMap::new();
    let codes = every_code();
    let std_map: HashMap<&str, Code> = codes.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let fx_map: FxHashMap<&str, Code> = codes.iter().map(|(k, v)| (k.as_str(), *v)).collect();

    // Every approach gives the same answers on the mix.
    for &input in INPUTS {
        let ours = input
            .parse::<EnhancedCode>()
            .ok()
            .and_then(EnhancedCode::code);
        assert_eq!(ours, reference.lookup(input), "{input:?}");
        assert_eq!(ours, registry_lookup(input), "{input:?}");
        assert_eq!(ours, ptrhash.lookup(input), "{input:?}");
        assert_eq!(ours, std_map.get(input).copied(), "{input:?}");
        assert_eq!(ours, fx_map.get(input).copied(), "{input:?}");
    }

    let mut group = c.benchmark_group("lookup");
    group.throughput(Throughput::Elements(INPUTS.len() as u64));
    let mut run = |name: &str, find: &dyn Fn(&str) -> Option<Code>| {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut titles = 0;
                for &input in black_box(INPUTS) {
                    titles += find(black_box(input)).map_or(0, |code| code.title().len());
                }
                titles
            })
        });
    };
    run("reference (byte parser, dense table)", &|s| {
        reference.lookup(s)
    });
    run("smtp-status parse + code()", &|s| {
        s.parse::<EnhancedCode>().ok().and_then(EnhancedCode::code)
    });
    run("smtp-status REGISTRY.get (phf)", &registry_lookup);
    run("phf PtrHash layout", &|s| ptrhash.lookup(s));
    run("std HashMap (SipHash)", &|s| std_map.get(s).copied());
    run("FxHashMap", &|s| fx_map.get(s).copied());
    // With RFC 3463's fallback: a title for every well-formed code, registered or not.
    group.bench_function("smtp-status parse + title() with fallback", |b| {
        b.iter(|| {
            let mut titles = 0;
            for &input in black_box(INPUTS) {
                titles += black_box(input)
                    .parse::<EnhancedCode>()
                    .map_or(0, |code| code.title().len());
            }
            titles
        })
    });
    group.finish();

    // status! is a constant; parsing the same literals happens at run time.
    let mut group = c.benchmark_group("literal");
    group.throughput(Throughput::Elements(8));
    group.bench_function("8 x status!", |b| {
        b.iter(|| {
            [
                black_box(status!("5.1.1")),
                black_box(status!("4.2.2")),
                black_box(status!("5.7.26")),
                black_box(status!("2.0.0")),
                black_box(status!("4.7.1")),
                black_box(status!("5.1.10")),
                black_box(status!("5.3.4")),
                black_box(status!("4.4.7")),
            ]
        })
    });
    group.bench_function("8 x str::parse", |b| {
        b.iter(|| {
            [
                "5.1.1", "4.2.2", "5.7.26", "2.0.0", "4.7.1", "5.1.10", "5.3.4", "4.4.7",
            ]
            .map(|code| black_box(code).parse::<EnhancedCode>())
        })
    });
    group.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
