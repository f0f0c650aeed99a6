//! "did you mean …?" for a code literal that is malformed or not registered.

use crate::reader::registry::Registry;
use crate::syntax;

/// A suggestion for `text`, if a registered code is close to it: the code the text plainly
/// means (`"5.01.1"`, `" 5.1.1"` and `"5.1.1."` mean `"5.1.1"`), or the registered codes one
/// typo away (`"5.1.11"`: `"5.1.1"` or `"5.1.10"`), those in the same subject first.
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
    let mut near: Vec<(usize, bool, String)> = registry
        .codes
        .iter()
        .map(|row| {
            let code = format!("{class}.{}.{}", row.subject, row.detail);
            let other_subject = subject != Some(row.subject.to_string().as_str());
            (distance(text, &code), other_subject, code)
        })
        .filter(|(distance, _, _)| *distance == 1)
        .collect();
    if near.iter().any(|(_, other_subject, _)| !other_subject) {
        near.retain(|(_, other_subject, _)| !other_subject);
    }
    near.sort();
    let names: Vec<String> = near
        .into_iter()
        .take(3)
        .map(|(_, _, code)| format!("{code:?}"))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// What `text` plainly means: surrounding whitespace removed, the code at the start of any
/// trailing text, leading zeros dropped.
fn repair(text: &str) -> Option<String> {
    let text = text.trim();
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
