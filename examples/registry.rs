//! Prints the registry embedded in the library: every class, subject and code with its title.
//!
//! ```sh
//! cargo run --example registry
//! ```

use smtp_status::{Class, Code, Subject};

fn main() {
    println!("Classes");
    for class in Class::ALL {
        println!("  {}.XXX.YYY  {}", class.as_u8(), class.title());
    }
    println!("\nSubjects");
    for subject in Subject::ALL {
        println!("  X.{}.YYY  {}", subject.number(), subject.title());
    }
    println!("\nCodes");
    for code in Code::ALL {
        let deprecated = if code.is_deprecated() {
            "  (deprecated)"
        } else {
            ""
        };
        let replies = code.reply_codes().join(" ");
        let line = format!("  {code:<7} {:<60} {replies}{deprecated}", code.title());
        println!("{}", line.trim_end());
    }
}
