//! "did you mean …?" for a code literal that is malformed or not registered.

use crate::reader::registry::Registry;
use crate::syntax;

/// A suggestion for `text`, if a registered code is close to it: the code the text plainly
/// means (`"5.01.1"`, `" 5.1.1"`, `"5.1.1."` and `"5,1,1"` mean `"5.1.1"`), or the registered
/// codes one edit away (`"5.1.11"`: `"5.1.1"` or `"5.1.10"`), those in the same subject if
/// there are any, nearest first: a digit too many or too few at the end before a digit
/// changed (`"5.7.60"`: `"5.7.6"`, then `"5.7.0"`, `"5.7.10"`).
pub fn did_you_mean(text: &str, registry: &Registry) -> Option<String> {
    let registered = |code: &str| {
        syntax::parse(code.as_bytes())
            .is_ok_and(|parts| registry.code(parts.subject, parts.detail).is_some())
    };
    if let Some(repaired) = repair(text).filter(|code| code != text && registered(code)) {
        return Some(format!("did you mean \"{repaired}\"?"));
    }
    // Near misses keep the class: a wrong class is explained on its own.
    let class = match text.as_bytes().first() {
        Some(&c @ (b'2' | b'4' | b'5')) => char::from(c),
        _ => return None,
    };
    let subject = text.split('.').nth(1);
    let mut near: Vec<(usize, bool, bool, String)> = registry
        .codes
        .iter()
        .map(|row| {
            let code = format!("{class}.{}.{}", row.subject, row.detail);
            let inside = !(code.starts_with(text) || text.starts_with(code.as_str()));
            let other_subject = subject != Some(row.subject.to_string().as_str());
            (distance(text, &code), inside, other_subject, code)
        })
        .filter(|&(distance, ..)| distance == 1)
        .collect();
    if near.iter().any(|&(_, _, other_subject, _)| !other_subject) {
        near.retain(|&(_, _, other_subject, _)| !other_subject);
    }
    near.sort();
    let names: Vec<String> = near
        .into_iter()
        .take(3)
        .map(|(_, _, _, code)| format!("{code:?}"))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// What `text` plainly means: surrounding whitespace removed, the code at the start of any
/// trailing text, commas and the like read as dots, leading zeros dropped.
fn repair(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(code) = unpadded(text) {
        return Some(code);
    }
    let dotted = text.replace([',', ';', ':', '_', '-', '/'], ".");
    (dotted != text).then(|| unpadded(&dotted)).flatten()
}

/// The code at the start of `text`, or `text`'s three numbers without leading zeros.
fn unpadded(text: &str) -> Option<String> {
    if let Some((parts, _)) = syntax::parse_prefix(text.as_bytes()) {
        return Some(format!(
            "{}.{}.{}",
            parts.class, parts.subject, parts.detail
        ));
    }
    let numbers: Vec<&str> = text.split('.').collect();
    if numbers.len() != 3
        || numbers
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let unpadded: Vec<&str> = numbers
        .iter()
        .map(|n| match n.trim_start_matches('0') {
            "" => "0",
            digits => digits,
        })
        .collect();
    let code = unpadded.join(".");
    syntax::parse(code.as_bytes()).is_ok().then_some(code)
}

/// The Levenshtein distance between two short ASCII strings.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, &y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
