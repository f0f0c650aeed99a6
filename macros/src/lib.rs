//! The procedural macros behind `smtp-status`: `status!` and `reply!`, checked at compile time
//! against the registry in `data/*.csv`.
//!
//! Use them through `smtp_status::status!` and `smtp_status::reply!`: those wrappers pass the
//! path of the `smtp_status` crate as the first argument, so that the expansion resolves even
//! when a user renames the dependency.

#[allow(dead_code)] // Shared with build.rs: the macros use only part of the reader.
mod reader;
mod suggest;
#[allow(dead_code)] // Shared with the library: the macros use only part of the parser.
mod syntax;

use proc_macro2::{Delimiter, Literal, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use reader::registry::{self, CodeRow, Registry};
use std::sync::OnceLock;

/// `status!(crate_path, "5.1.1")`: a path to the constant `EnhancedCode` for a registered code.
///
/// Call it as `smtp_status::status!("5.1.1")`.
#[proc_macro]
pub fn status(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into(), status_expansion, Error::into_status_error).into()
}

/// `reply!(crate_path, 550, "5.1.1", "text")`: a `Reply` whose code, enhanced code and text
/// are checked at compile time.
///
/// Call it as `smtp_status::reply!(550, "5.1.1", "User unknown")`.
#[proc_macro]
pub fn reply(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into(), reply_expansion, |error, _| {
        error.into_compile_error()
    })
    .into()
}

/// A compile error: a message, shown from `start` to `end`.
struct Error {
    start: Span,
    end: Span,
    message: String,
}

impl Error {
    fn new(span: Span, message: impl Into<String>) -> Error {
        Error {
            start: span,
            end: span,
            message: message.into(),
        }
    }

    /// An error on all of `tokens`: from the first's span to the last's.
    fn spanning(tokens: &[TokenTree], message: impl Into<String>) -> Error {
        let start = tokens.first().map_or_else(Span::call_site, TokenTree::span);
        let end = tokens.last().map_or(start, TokenTree::span);
        Error {
            start,
            end,
            message: message.into(),
        }
    }

    /// `compile_error!` with its path on the start span and its argument on the end span: the
    /// compiler shows the error across both, which on stable Rust is the only way to underline
    /// several tokens (`5.1.1` written without quotes is three).
    fn into_compile_error(self) -> TokenStream {
        let message = Literal::string(&self.message);
        let path = quote_spanned!(self.start=> ::core::compile_error!);
        let mut argument = TokenTree::Literal(message);
        argument.set_span(self.end);
        let mut group =
            TokenTree::Group(proc_macro2::Group::new(Delimiter::Brace, argument.into()));
        group.set_span(self.end);
        quote!(#path #group)
    }

    /// The error as `status!` expands it: a path to a constant whose type argument does not
    /// compile, so that the expansion is an error in expression and pattern position alike
    /// without being a pattern that matches everything (a bare `compile_error!` in a `match`
    /// arm made the next arms "unreachable").
    fn into_status_error(self, krate: &TokenStream) -> TokenStream {
        let error = self.into_compile_error();
        quote!(#krate::__private::Invalid::<{ #error; 0 }>::CODE)
    }
}

/// Splits off the crate path that the `macro_rules!` wrapper passes first, then expands;
/// `on_error` writes an error as the macro's expansion.
fn expand(
    input: TokenStream,
    expansion: fn(&TokenStream, &[TokenTree]) -> Result<TokenStream, Error>,
    on_error: fn(Error, &TokenStream) -> TokenStream,
) -> TokenStream {
    let tokens = flatten(input);
    let comma = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','));
    let Some(comma) = comma else {
        return Error::new(
            Span::call_site(),
            "expected the path of the smtp_status crate first; call this macro as \
             smtp_status::status! or smtp_status::reply!",
        )
        .into_compile_error();
    };
    let krate: TokenStream = tokens[..comma].iter().cloned().collect();
    expansion(&krate, &tokens[comma + 1..]).unwrap_or_else(|error| on_error(error, &krate))
}

/// The tokens of `input`, with the invisible groups that a `macro_rules!` fragment such as
/// `$code:literal` or `$code:expr` puts around what it passes on opened up.
fn flatten(input: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for token in input {
        match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                out.extend(flatten(group.stream()));
            }
            other => out.push(other),
        }
    }
    out
}

/// Splits arguments at top-level commas; a trailing comma is allowed.
fn arguments(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut arguments: Vec<&[TokenTree]> = tokens
        .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .collect();
    if arguments.len() > 1 && arguments.last().is_some_and(|a| a.is_empty()) {
        arguments.pop();
    }
    arguments
}

/// The source text of `tokens`, without the spaces that `TokenStream`'s `Display` puts between
/// tokens, for messages that quote the input.
fn source_text(tokens: &[TokenTree]) -> String {
    tokens.iter().map(ToString::to_string).collect()
}

/// The value of a plain or raw string literal; `what` names the argument for errors, and
/// `at_run_time` says what to do instead when the value is not a literal.
fn string_literal(
    tokens: &[TokenTree],
    what: &str,
    example: &str,
    at_run_time: &str,
) -> Result<(String, Span), Error> {
    let [TokenTree::Literal(literal)] = tokens else {
        let found = if tokens.is_empty() {
            "nothing".to_owned()
        } else {
            format!("`{}`", source_text(tokens))
        };
        let mut message =
            format!("expected {what} as a string literal such as {example:?}, found {found}");
        if arguments(tokens).len() > 1 {
            message += "\nhelp: the macro takes one literal";
        } else if tokens
            .iter()
            .any(|t| matches!(t, TokenTree::Ident(_) | TokenTree::Group(_)))
        {
            message +=
                &format!("\nhelp: the macro checks a literal at compile time; {at_run_time}");
        } else if !tokens.is_empty() {
            message += &format!("\nhelp: write it in quotes: \"{}\"", source_text(tokens));
        }
        return Err(Error::spanning(tokens, message));
    };
    let span = literal.span();
    let help = match syn::Lit::new(literal.clone()) {
        syn::Lit::Str(string) if string.suffix().is_empty() => return Ok((string.value(), span)),
        syn::Lit::ByteStr(bytes) => {
            let text = String::from_utf8_lossy(&bytes.value()).into_owned();
            format!("write it as a string: {text:?}")
        }
        _ => format!("write it in quotes: \"{literal}\""),
    };
    Err(Error::new(
        span,
        format!(
            "expected {what} as a string literal such as {example:?}, found {literal}\nhelp: {help}"
        ),
    ))
}

/// The registry, read once per compilation from the CSV files embedded in this crate (so that
/// editing them rebuilds it).
fn registry(span: Span) -> Result<&'static Registry, Error> {
    static REGISTRY: OnceLock<Result<Registry, String>> = OnceLock::new();
    let registry = REGISTRY.get_or_init(|| {
        registry::read(registry::Sources {
            classes: include_bytes!("../data/classes.csv"),
            subjects: include_bytes!("../data/subjects.csv"),
            codes: include_bytes!("../data/codes.csv"),
        })
        .map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            format!(
                "the registry in data/*.csv is invalid:\n{}",
                lines.join("\n")
            )
        })
    });
    registry
        .as_ref()
        .map_err(|message| Error::new(span, message.clone()))
}

/// A code that `status!` accepts: well-formed and registered.
struct Checked {
    class: u16,
    row: &'static CodeRow,
}

impl Checked {
    /// The path of the constant that `status!` expands to, spanned on the literal so that a
    /// deprecation warning points at it.
    fn constant(&self, krate: &TokenStream, span: Span) -> TokenStream {
        let name = format_ident!("{}", self.row.constant_name(self.class), span = span);
        if self.row.deprecated {
            quote!(#krate::deprecated::#name)
        } else {
            quote!(#krate::__private::status::#name)
        }
    }
}

/// Which macro checks a code, for the help that says what to write instead.
#[derive(Clone, Copy)]
enum Writer {
    Status,
    /// `reply!` with this reply code.
    Reply(u16),
}

impl Writer {
    /// How to write `code`, a registered code's text.
    fn registered(self, code: &str) -> String {
        match self {
            Writer::Status => format!("status!({code:?})"),
            Writer::Reply(reply) => format!("reply!({reply}, {code:?}, \"text\")"),
        }
    }

    /// How to write an unregistered code, with its class's variant name.
    fn unregistered(self, class: &str, subject: u16, detail: u16) -> String {
        let code = format!("EnhancedCode::new(Class::{class}, {subject}, {detail})");
        match self {
            Writer::Status => format!("write an unregistered vendor code as {code}"),
            Writer::Reply(reply) => format!(
                "reply! takes registered codes only; build a reply with a vendor code with \
                 Reply::new(ReplyCode::new({reply}).unwrap(), Some({code}), \"text\")"
            ),
        }
    }
}

/// Checks the text of an enhanced code literal.
fn check_code(text: &str, span: Span, writer: Writer) -> Result<Checked, Error> {
    let registry = registry(span)?;
    let parts = match syntax::parse(text.as_bytes()) {
        Ok(parts) => parts,
        Err(error) => {
            let mut message = format!("invalid enhanced status code {text:?}: {error}");
            if let Some(help) = key_help(text, registry, writer) {
                message += &format!("\nhelp: {help}");
            } else if let Some(help) = suggest::did_you_mean(text, registry) {
                message += &format!("\nhelp: {help}");
            } else if error.kind() == syntax::ParseErrorKind::InvalidClass {
                message += "\nhelp: the class is 2 (success), 4 (persistent transient failure) or 5 \
                            (permanent failure)";
            }
            return Err(Error::new(span, message));
        }
    };
    let class = u16::from(parts.class);
    let Some(row) = registry.code(parts.subject, parts.detail) else {
        let class = registry
            .classes
            .iter()
            .find(|c| c.number == class)
            .map_or("PermanentFailure", |c| &c.name);
        let mut message = format!(
            "{text:?} is not a registered code: the IANA registry has no X.{}.{}",
            parts.subject, parts.detail
        );
        if let Some(help) = suggest::did_you_mean(text, registry) {
            message += &format!("\nhelp: {help}");
        }
        message += &format!(
            "\nhelp: {}",
            writer.unregistered(class, parts.subject, parts.detail)
        );
        return Err(Error::new(span, message));
    };
    Ok(Checked { class, row })
}

/// The help for a registry key written where a code goes (`"X.1.1"`): the code of a class,
/// or the `Code` variant.
fn key_help(text: &str, registry: &Registry, writer: Writer) -> Option<String> {
    let key = text.trim().replacen('x', "X", 1);
    let parts = syntax::parse_key(key.as_bytes()).ok()?;
    let row = registry.code(parts.subject, parts.detail)?;
    let (permanent, transient) = (row.in_class(5), row.in_class(4));
    Some(format!(
        "{key} is a registry key, which leaves the class open: write the code of one class, {} \
         or {}, or name the code itself as Code::{}",
        writer.registered(&permanent),
        writer.registered(&transient),
        row.name
    ))
}

/// The literal of an enhanced code, for `status!` and `reply!`.
fn code_literal(tokens: &[TokenTree]) -> Result<(String, Span), Error> {
    string_literal(
        tokens,
        "an enhanced status code",
        "5.1.1",
        "parse a code known only at run time with `str::parse::<EnhancedCode>()`",
    )
}

fn status_expansion(krate: &TokenStream, tokens: &[TokenTree]) -> Result<TokenStream, Error> {
    let (text, span) = code_literal(tokens)?;
    Ok(check_code(&text, span, Writer::Status)?.constant(krate, span))
}

fn reply_expansion(krate: &TokenStream, tokens: &[TokenTree]) -> Result<TokenStream, Error> {
    let arguments = arguments(tokens);
    let usage = "expected reply!(550, \"5.1.1\", \"text\") or, without an enhanced code, \
                 reply!(354, \"text\")";
    let (code_tokens, enhanced_tokens, text_tokens) = match arguments.as_slice() {
        [code, enhanced, text] => (*code, Some(*enhanced), *text),
        [code, text] => (*code, None, *text),
        _ => {
            let count = if tokens.is_empty() {
                0
            } else {
                arguments.len()
            };
            let plural = if count == 1 { "" } else { "s" };
            let message = format!("{usage}, found {count} argument{plural}");
            return Err(Error::spanning(tokens, message));
        }
    };
    let (code, code_span) = reply_code(code_tokens)?;
    let enhanced = match enhanced_tokens {
        Some(tokens) => {
            let (text, span) = code_literal(tokens)?;
            let checked = check_code(&text, span, Writer::Reply(code))?;
            let class = code / 100;
            if class == 3 {
                let message = format!(
                    "a {code} reply carries no enhanced code (RFC 2034 exempts 3xx replies), found \
                     {text:?}\nhelp: leave it out: reply!({code}, \"text\")"
                );
                return Err(Error::new(span, message));
            }
            if class != checked.class {
                let message = format!(
                    "the class of {text:?} does not match reply code {code}: expected class {class}, \
                     found {}\nhelp: a {class}xx reply takes a {class}.x.x code",
                    checked.class
                );
                return Err(Error::new(span, message));
            }
            let constant = checked.constant(krate, span);
            quote!(::core::option::Option::Some(#constant))
        }
        None => quote!(::core::option::Option::None),
    };
    let (text, text_span) = string_literal(
        text_tokens,
        "the reply text",
        "User unknown",
        "build a reply with text known only at run time with `Reply::new`",
    )?;
    if let Some(at) = text.find(['\r', '\n', '\0']) {
        let c = text[at..].chars().next().unwrap_or_default();
        return Err(Error::new(
            text_span,
            format!(
                "expected reply text without CR, LF or NUL, found {c:?} at byte {at}\nhelp: CR and LF would \
                 end the line early and NUL is refused; pass several lines to Reply::from_lines"
            ),
        ));
    }
    if enhanced_tokens.is_none() {
        // Text that starts with a code of the reply's class would be read as its enhanced code.
        if let Some((_, len)) = syntax::leading_code(text.as_bytes(), code) {
            let (enhanced, rest) = (&text[..len], text[len..].trim_start_matches(' '));
            return Err(Error::new(
                text_span,
                format!(
                    "the text starts with the enhanced code {enhanced}, which a client would read as \
                     the reply's\nhelp: pass it as its own argument: reply!({code}, {enhanced:?}, {rest:?})"
                ),
            ));
        }
    }
    let code = Literal::u16_unsuffixed(code);
    let code = quote_spanned!(code_span=> const {
        match #krate::reply::ReplyCode::new(#code) {
            ::core::option::Option::Some(code) => code,
            ::core::option::Option::None => ::core::panic!("checked by reply!"),
        }
    });
    Ok(quote!(#krate::reply::Reply::__checked(#code, #enhanced, #text)))
}

/// A reply code literal: three digits, the first 2 to 5, the second 0 to 5 (RFC 5321 §4.2).
fn reply_code(tokens: &[TokenTree]) -> Result<(u16, Span), Error> {
    let text = source_text(tokens);
    let [TokenTree::Literal(literal)] = tokens else {
        return Err(Error::spanning(
            tokens,
            format!("expected a reply code such as 550, found `{text}`"),
        ));
    };
    let span = literal.span();
    let code = match syn::Lit::new(literal.clone()) {
        syn::Lit::Int(int) if int.suffix().is_empty() => match *int.base10_digits().as_bytes() {
            [a, b, c] => syntax::reply_code([a, b, c]),
            _ => None,
        },
        _ => None,
    };
    code.map(|code| (code, span)).ok_or_else(|| {
        Error::spanning(
            tokens,
            format!(
                "expected a reply code of three digits, the first 2 to 5 and the second 0 to 5, found {text}"
            ),
        )
    })
}
