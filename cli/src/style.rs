//! Standard output, with colours only on a terminal and never with `NO_COLOR` set.

use anstyle::{AnsiColor, Style};
use std::fmt;
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

/// A code.
pub const CODE: Style = Style::new().bold();
/// Headings and labels.
pub const LABEL: Style = Style::new().dimmed();
/// "not registered", "deprecated".
pub const WARNING: Style = AnsiColor::Yellow.on_default();

/// Buffered standard output that knows whether to colour.
pub struct Output {
    out: BufWriter<Stdout>,
    color: bool,
}

impl Output {
    pub fn stdout() -> Output {
        let stdout = io::stdout();
        // https://no-color.org: any non-empty value turns colours off.
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = stdout.is_terminal() && !no_color;
        Output {
            out: BufWriter::new(stdout),
            color,
        }
    }

    /// `text` in `style`, when colours are on.
    pub fn paint<T: fmt::Display>(&self, style: Style, text: T) -> Painted<T> {
        Painted {
            style: if self.color { style } else { Style::new() },
            text,
        }
    }

    /// Writes `value` as one pretty-printed JSON document.
    pub fn json(&mut self, value: &impl serde::Serialize) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, value)?;
        writeln!(self.out)
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Text in a style; see [`Output::paint`].
pub struct Painted<T> {
    style: Style,
    text: T,
}

impl<T: fmt::Display> fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.style.render(),
            self.text,
            self.style.render_reset()
        )
    }
}

/// `text` in lines of at most `width` bytes, broken at spaces (a longer word stays whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("there is always a line");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}
