//! End-to-end tests of `imr index` and `imr stats`: counts, idempotence,
//! replacement, the skip report, crash safety, locking and schema versions.

mod common;

use std::time::Duration;

use common::{sample_with_case, Workspace};
use fs2::FileExt;

fn index(workspace: &Workspace, args: &[&str]) -> std::process::Output {
    workspace
        .imr()
        .arg("index")
        .args(args)
        .output()
        .expect("run imr index")
}

#[test]
fn indexes_counts_and_is_idempotent() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 25, 1);
    let first = index(&workspace, &["letters", "--index", "ix"]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stats = workspace.stats("ix");
    assert_eq!(stats["letters"], 25);
    assert_eq!(stats["items"], 50);
    assert_eq!(stats["by_outcome"]["upheld"], 50);
    assert_eq!(stats["by_layout"]["dwc_final"], 25);
    assert_eq!(stats["date_range"]["from"], "2014-02-20");
    assert_eq!(stats["schema_version"], imr::index::schema::SCHEMA_VERSION);
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);

    let again = index(&workspace, &["letters", "--index", "ix"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).contains("25 unchanged"));
    assert_eq!(workspace.stats("ix"), stats, "re-indexing changes nothing");
}

#[test]
fn a_changed_letter_replaces_its_old_version() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 3, 1);
    index(&workspace, &["letters", "--index", "ix", "--quiet"]);
    // Same case number, new text: one more sentence in the summary.
    workspace.write(
        "letters/letter-000002.txt",
        sample_with_case(2, "Revised after appeal."),
    );
    let output = index(&workspace, &["letters", "--index", "ix"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("indexed 1 letters"), "{stderr}");
    assert!(stderr.contains("1 replaced"), "{stderr}");
    let stats = workspace.stats("ix");
    assert_eq!(stats["letters"], 3);
    assert_eq!(stats["items"], 6);
    // The same letter under a second name is the same case: still 3 letters.
    workspace.write(
        "letters/copy-of-2.txt",
        sample_with_case(2, "Revised after appeal."),
    );
    index(&workspace, &["letters", "--index", "ix", "--quiet"]);
    assert_eq!(workspace.stats("ix")["letters"], 3);
}

#[test]
fn rebuild_starts_clean() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 4, 1);
    index(&workspace, &["letters", "--index", "ix", "--quiet"]);
    std::fs::remove_file(workspace.path("letters/letter-000001.txt")).unwrap();
    index(
        &workspace,
        &["letters", "--index", "ix", "--rebuild", "--quiet"],
    );
    assert_eq!(workspace.stats("ix")["letters"], 3);
}

#[test]
fn every_bad_file_is_skipped_with_its_reason() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 2, 1);
    workspace.write("letters/empty.txt", "");
    workspace.write("letters/binary.txt", b"%PDF-1.4\x00\x01\x02binary");
    workspace.write(
        "letters/undecodable.txt",
        b"Case Number: CM14-0000099 \x81\x8d caf\xe9",
    );
    let full = sample_with_case(7, "");
    let cut = &full[..full.find("In-Office, Cervical").unwrap()];
    workspace.write("letters/truncated.txt", cut);
    let output = index(&workspace, &["letters", "--index", "ix"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit 1 when something was skipped"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("4 skipped"), "{stderr}");

    let report = std::fs::read_to_string(workspace.path("ix/skipped.jsonl")).unwrap();
    let mut skipped: Vec<(String, String)> = report
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let file = value["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_string();
            (name, value["reason"].as_str().unwrap().to_string())
        })
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            (
                "binary.txt".to_string(),
                "binary file: contains NUL bytes at offset 8; not a text letter".to_string()
            ),
            ("empty.txt".to_string(), "empty file: no text".to_string()),
            (
                "truncated.txt".to_string(),
                "truncated or incomplete letter: recognised the dwc_final layout but found no disputed item with an outcome".to_string()
            ),
            (
                "undecodable.txt".to_string(),
                "undecodable text: not UTF-8, and byte 0x81 at offset 26 is not Windows-1252 either".to_string()
            ),
        ]
    );
    // Nothing lost: every file is either indexed or reported.
    assert_eq!(workspace.stats("ix")["letters"], 2);
}

#[test]
fn a_second_writer_is_told_the_index_is_locked() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 2, 1);
    std::fs::create_dir_all(workspace.path("ix")).unwrap();
    let lock = std::fs::File::create(workspace.path("ix/imr.lock")).unwrap();
    lock.lock_exclusive().unwrap();
    let output = index(&workspace, &["letters", "--index", "ix"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("index is locked"), "{stderr}");
    FileExt::unlock(&lock).unwrap();
    assert_eq!(
        index(&workspace, &["letters", "--index", "ix"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn an_index_of_another_schema_version_asks_for_rebuild() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 2, 1);
    index(&workspace, &["letters", "--index", "ix", "--quiet"]);
    workspace.write(
        "ix/imr.json",
        r#"{"schema_version": 0, "written_by": "imr 0.0.1"}"#,
    );
    for args in [
        vec!["stats", "--index", "ix"],
        vec!["index", "letters", "--index", "ix"],
    ] {
        let output = workspace.imr().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("schema version 0"), "{stderr}");
        assert!(stderr.contains("--rebuild"), "{stderr}");
    }
    let rebuilt = index(
        &workspace,
        &["letters", "--index", "ix", "--rebuild", "--quiet"],
    );
    assert_eq!(rebuilt.status.code(), Some(0));
    assert_eq!(workspace.stats("ix")["letters"], 2);
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let workspace = Workspace::new();
    let output = workspace
        .imr()
        .args(["stats", "--index", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no index at nowhere"), "{stderr}");
    assert!(stderr.contains("imr index"), "{stderr}");
}

#[test]
fn a_kill_mid_run_leaves_the_last_commit_readable() {
    let workspace = Workspace::new();
    workspace.sample_corpus("letters", 10, 1);
    index(&workspace, &["letters", "--index", "ix", "--quiet"]);
    let before = workspace.stats("ix");
    assert_eq!(before["letters"], 10);

    // A big second batch, killed while it is being indexed.
    workspace.sample_corpus("letters", 2500, 100);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("imr"))
        .current_dir(workspace.dir.path())
        .args([
            "index",
            "letters",
            "--index",
            "ix",
            "--quiet",
            "--threads",
            "1",
        ])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let finished_before_kill = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();

    // Whatever the moment of the kill, the index opens and is consistent:
    // every letter it holds has both its items.
    let after = workspace.stats("ix");
    let letters = after["letters"].as_u64().unwrap();
    assert!(letters >= 10, "{after}");
    assert_eq!(after["items"].as_u64().unwrap(), letters * 2, "{after}");
    if !finished_before_kill {
        assert!(letters < 2510, "the kill landed mid-run: {after}");
    }
    // The next run picks up where it stopped.
    let resumed = index(&workspace, &["letters", "--index", "ix", "--quiet"]);
    assert_eq!(resumed.status.code(), Some(0));
    assert_eq!(workspace.stats("ix")["letters"], 2510);
}
