//! The reader and validator of `data/*.csv`, written once and compiled by two crates: by
//! `build.rs`, which generates the library's tables from what it reads, and by the macros
//! (through the symlink `macros/src/reader`), which check literals against the registry. The
//! library itself never parses the CSV.
//!
//! It needs `csv` and `serde` (with `derive`) and the grammar module, `src/syntax.rs`,
//! declared by the crate that compiles this one as `crate::syntax`.

pub mod reasons;
pub mod records;
pub mod registry;
