//! Updating the registry is editing a CSV and rebuilding: on a copy of the package, a new
//! row becomes a new variant that `status!` accepts, a removed row is a literal `status!`
//! rejects, and a broken row fails the build with its file and line.

mod common;

use common::PackageCopy;

const NEW_ROW: &str = "X.7.31,TestOnlyNewCode,Test-only new code,550 5XX,RFC 9999,current,\"A row added by \
                       the registry-update test,\nover two lines.\"\n";

#[test]
fn a_new_row_becomes_a_variant_and_a_broken_row_fails_the_build() {
    // The probe names the new variant and writes the new code with status!: it compiles only
    // if both the library and the macro know the new row.
    let copy = PackageCopy::new(
        r#"use smtp::{Code, EnhancedCode, REGISTRY};
const NEW: EnhancedCode = smtp::status!("5.7.31");
fn main() {
    let code = Code::TestOnlyNewCode;
    let parsed: EnhancedCode = "5.7.31".parse().unwrap();
    assert_eq!(parsed, NEW);
    assert_eq!(smtp::status!("4.7.31").code(), Some(code));
    println!("{} {} {:?}", code, code.title(), code.reply_codes());
    println!("{:?} {:?} {}", parsed.code(), REGISTRY.get("X.7.31"), Code::ALL.len());
    println!("{}", code.description());
}
"#,
    );
    let codes = copy.read("data/codes.csv");
    copy.write("data/codes.csv", format!("{codes}{NEW_ROW}"));
    let output = copy.run().expect("the copy with a new row builds");
    assert_eq!(
        output,
        "X.7.31 Test-only new code [\"550\", \"5XX\"]\n\
         Some(TestOnlyNewCode) Some(TestOnlyNewCode) 82\n\
         A row added by the registry-update test, over two lines.\n"
    );

    // A broken row: the build fails and names the file and the row's line.
    // The new row takes two lines.
    let broken_line = codes.lines().count() + NEW_ROW.lines().count() + 1;
    let broken = "X.7.32,Broken,Broken row,650,RFC 9999,current,Its reply code has class 6.\n";
    copy.write("data/codes.csv", format!("{codes}{NEW_ROW}{broken}"));
    let errors = copy.run().expect_err("a broken row fails the build");
    let expected = format!("data/codes.csv:{broken_line}: bad reply code \"650\"");
    assert!(
        errors.contains(&expected),
        "expected {expected:?} in:\n{errors}"
    );
}

#[test]
fn status_rejects_a_code_whose_row_was_removed() {
    let copy = PackageCopy::new(
        "fn main() {\n    println!(\"{}\", smtp::status!(\"5.7.30\").title());\n}\n",
    );
    assert_eq!(copy.run().as_deref(), Ok("REQUIRETLS support required\n"));
    let codes = copy.read("data/codes.csv");
    let without: String = codes
        .lines()
        .filter(|l| !l.starts_with("X.7.30,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        without.lines().count() + 1,
        codes.lines().count(),
        "one row removed"
    );
    copy.write("data/codes.csv", without);
    let errors = copy
        .run()
        .expect_err("the literal of a removed code does not compile");
    assert!(
        errors.contains("\"5.7.30\" is not a registered code: the IANA registry has no X.7.30"),
        "{errors}"
    );
}
