//! Helpers shared by the end-to-end tests: a temporary workspace, the built
//! `imr` binary, and small corpora made from the real sample letter.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The real DWC letter shipped in `corpus/`.
pub const SAMPLE: &str = include_str!("../../corpus/imr-final-determination-sample.txt");

/// A temporary folder to run `imr` in.
pub struct Workspace {
    pub dir: TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `bytes` to `relative`, creating folders.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    /// `imr` with the workspace as its working directory.
    pub fn imr(&self) -> Command {
        let mut command = Command::cargo_bin("imr").expect("the imr binary is built");
        command.current_dir(self.dir.path());
        command
    }

    /// Writes `count` variants of the sample letter, each with its own case
    /// number, into `folder`.
    pub fn sample_corpus(&self, folder: &str, count: usize, first: usize) {
        for number in first..first + count {
            self.write(
                &format!("{folder}/letter-{number:06}.txt"),
                sample_with_case(number, ""),
            );
        }
    }

    /// Runs `imr stats --format json` and parses it.
    pub fn stats(&self, index: &str) -> serde_json::Value {
        let output = self
            .imr()
            .args(["stats", "--format", "json", "--index", index])
            .output()
            .expect("run imr stats");
        assert!(
            output.status.success(),
            "stats failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("stats prints JSON")
    }
}

/// The sample letter with a header giving case number `number`, and `extra`
/// text appended to its clinical summary.
pub fn sample_with_case(number: usize, extra: &str) -> String {
    let header = format!(
        "Case Number: CM14-{number:07}     Date Assigned: 03/05/2014\nUR Denial Date: 02/20/2014\nDate of Injury: 01/16/2009\n\n"
    );
    let body = SAMPLE.replacen("neurotomy.", &format!("neurotomy. {extra}"), 1);
    header + &body
}

/// Parses JSON Lines output.
pub fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

pub fn exists(path: &Path) -> bool {
    path.exists()
}
