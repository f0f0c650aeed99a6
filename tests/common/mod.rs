//! A copy of the package in a temporary directory, with a small crate that uses it: the
//! tests that change `data/*.csv` build the copy for real, as a user updating the registry
//! would.

#![allow(dead_code)] // Each test binary uses its own part of this module.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// What is copied: the library package (with the benches and examples its manifest names)
/// and the macro package it depends on.
const PACKAGE_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "src",
    "data-reader",
    "data",
    "macros",
    "benches",
    "examples",
];

pub struct PackageCopy {
    dir: tempfile::TempDir,
}

impl PackageCopy {
    /// Copies the package into `<dir>/smtp-status` and writes a binary crate `<dir>/probe`
    /// whose `main.rs` is `probe_main`. The probe renames the dependency to `smtp`, as a user
    /// may: the macros must resolve all the same.
    pub fn new(probe_main: &str) -> PackageCopy {
        PackageCopy::with_features(probe_main, &[])
    }

    /// [`PackageCopy::new`], the probe depending on the package with `features`.
    pub fn with_features(probe_main: &str, features: &[&str]) -> PackageCopy {
        let dir = tempfile::Builder::new()
            .prefix("package-copy-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("create a temporary directory");
        let package = dir.path().join("smtp-status");
        for entry in PACKAGE_FILES {
            let from = Path::new(ROOT).join(entry);
            if from.exists() {
                copy(&from, &package.join(entry));
            }
        }
        // The copy stands alone: it is not in a workspace with the CLI and the rest.
        let manifest = fs::read_to_string(package.join("Cargo.toml")).expect("read Cargo.toml");
        let standalone = match manifest.find("\n[workspace]") {
            Some(at) => format!("{}\n[workspace]\n", &manifest[..at]),
            None => manifest,
        };
        fs::write(package.join("Cargo.toml"), standalone).expect("write Cargo.toml");

        let probe = dir.path().join("probe");
        fs::create_dir_all(probe.join("src")).expect("create probe/src");
        fs::write(
            probe.join("Cargo.toml"),
            format!("[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nsmtp = {{ package = \"smtp-status\", path = \"../smtp-status\", features = {features:?} }}\n\n[workspace]\n"),
        )
        .expect("write probe/Cargo.toml");
        fs::copy(Path::new(ROOT).join("Cargo.lock"), probe.join("Cargo.lock"))
            .expect("copy Cargo.lock");
        let copy = PackageCopy { dir };
        copy.set_probe(probe_main);
        copy
    }

    /// A file of the copied package, such as `data/codes.csv`.
    pub fn file(&self, path: &str) -> PathBuf {
        self.dir.path().join("smtp-status").join(path)
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.file(path)).expect("read a file of the copy")
    }

    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        fs::write(self.file(path), contents).expect("write a file of the copy");
    }

    /// Replaces the probe's `main.rs`.
    pub fn set_probe(&self, main: &str) {
        fs::write(self.dir.path().join("probe/src/main.rs"), main).expect("write probe main.rs");
    }

    /// Runs `cargo <args>` on the probe, offline (the test build has fetched every
    /// dependency), with a target directory shared by all copies so that dependencies are
    /// built once.
    pub fn cargo(&self, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Command::new(cargo)
            .args(args)
            .arg("--offline")
            .arg("--quiet")
            .current_dir(self.dir.path().join("probe"))
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("package-copies"),
            )
            .output()
            .expect("run cargo")
    }

    /// Builds and runs the probe; its standard output, or the build's errors.
    pub fn run(&self) -> Result<String, String> {
        let output = self.cargo(&["run"]);
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

/// Copies a file or a directory tree, keeping symbolic links as links (the macro package
/// shares the registry reader through them).
fn copy(from: &Path, to: &Path) {
    let meta = fs::symlink_metadata(from).expect("stat a package file");
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).expect("create a directory");
    }
    if meta.file_type().is_symlink() {
        let target = fs::read_link(from).expect("read a symlink");
        std::os::unix::fs::symlink(target, to).expect("create a symlink");
    } else if meta.is_dir() {
        for entry in fs::read_dir(from).expect("list a directory") {
            let entry = entry.expect("read a directory entry");
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).expect("copy a file");
    }
}
