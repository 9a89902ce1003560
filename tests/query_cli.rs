//! End-to-end tests of `imr search`, `facets`, `show`, `export` and
//! `fields`: the built binary over an index of the hand-written fixture
//! letters, checking stdout (JSON parsed, not compared as text) and the
//! exit status (0 found, 1 nothing, 2 error).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The fixture letters' index, built once per test in a temporary folder.
struct Fixture {
    _dir: TempDir,
    index: PathBuf,
}

fn fixture() -> Fixture {
    let dir = TempDir::new().expect("temporary folder");
    let index = dir.path().join("index");
    let letters = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters");
    let output = Command::new(env!("CARGO_BIN_EXE_imr"))
        .arg("index")
        .arg(&letters)
        .arg("--index")
        .arg(&index)
        .arg("--quiet")
        .output()
        .expect("imr runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    Fixture { _dir: dir, index }
}

/// Letters and items of the fixture set, counted from its truth files.
fn fixture_truth_counts() -> (u64, u64) {
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expected");
    let mut letters = 0;
    let mut items = 0;
    for entry in std::fs::read_dir(expected).expect("truth folder") {
        let text = std::fs::read_to_string(entry.expect("truth file").path()).expect("readable");
        let truth: Value = serde_json::from_str(&text).expect("truth is JSON");
        letters += 1;
        items += truth["items"].as_array().expect("items").len() as u64;
    }
    (letters, items)
}

impl Fixture {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_imr"))
            .args(args)
            .arg("--index")
            .arg(&self.index)
            .output()
            .expect("imr runs")
    }

    fn json(&self, args: &[&str]) -> (i32, Value) {
        let output = self.run(args);
        let json = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|error| panic!("{args:?}: {error}: {output:?}"));
        (output.status.code().unwrap_or(-1), json)
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn search_filters_items_not_letters() {
    let fixture = fixture();
    // Gym memberships in the letters are all upheld.
    let output = fixture.run(&["search", "gym membership", "overturned"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(stdout(&output).contains("0 items matched"));

    // Two letters uphold acupuncture, another overturns it: the outcome
    // filters items, so each search finds its own.
    let (code, json) = fixture.json(&["search", "acupuncture upheld", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json["total"], 2);
    let mut upheld: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            assert_eq!(hit["outcome"], "upheld");
            hit["case_number"].as_str().unwrap()
        })
        .collect();
    upheld.sort_unstable();
    assert_eq!(upheld, ["CM14-0088361", "CM14-0187213"]);

    let (code, json) = fixture.json(&["search", "acupuncture overturned", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json["total"], 1);
    assert_eq!(json["fuzzy"], false);
    assert_eq!(json["hits"][0]["case_number"], "CM15-0104421");
    assert_eq!(json["hits"][0]["outcome"], "overturned");
    assert_eq!(json["interpretation"][0]["as"], "treatment");
    assert_eq!(json["interpretation"][1]["value"], "/overturned");
    let hit = json["hits"][0].as_object().unwrap();
    assert_eq!(hit.len(), 16);
    for key in ["snippet", "highlights", "reviewer_guidelines", "score"] {
        assert!(hit.contains_key(key), "{key}");
    }
}

#[test]
fn search_expands_synonyms_and_reads_analyst_syntax() {
    let fixture = fixture();
    let (code, json) = fixture.json(&["search", "hydrocodone", "--format", "json"]);
    assert_eq!(code, 0);
    let treatments: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hit| hit["treatment"].as_str())
        .collect();
    assert!(
        treatments.iter().any(|t| t.starts_with("Norco")),
        "{treatments:?}"
    );

    let (code, json) = fixture.json(&[
        "search",
        "upheld AND decided:[2014-01-01 TO 2014-12-31] AND age:[50 TO 65]",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let total = json["total"].as_u64().unwrap();
    assert!(total > 0);
    for hit in json["hits"].as_array().unwrap() {
        assert_eq!(hit["outcome"], "upheld");
        let age = hit["age"].as_u64().unwrap();
        assert!((50..=65).contains(&age), "{hit}");
        assert!(hit["ur_denial_date"].as_str().unwrap().starts_with("2014"));
    }

    // The same with flags.
    let (_, flags) = fixture.json(&[
        "search",
        "--outcome",
        "upheld",
        "--decided-from",
        "2014-01-01",
        "--decided-to",
        "2014-12-31",
        "--age",
        "50..65",
        "--format",
        "json",
    ]);
    assert_eq!(flags["total"].as_u64(), Some(total));
}

#[test]
fn search_errors_exit_2_with_one_line() {
    let fixture = fixture();
    let output = fixture.run(&["search", "drug:norco"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("unknown field `drug`"), "{message}");
    assert!(message.contains("rationale"), "{message}");

    let output = fixture.run(&["search", "rationale:(weaning OR taper"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("unclosed `(` at character 11"),
        "{message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");

    let output = fixture.run(&["search", "x", "--treatment", "yoga"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown treatment `yoga`"));

    let output = Command::new(env!("CARGO_BIN_EXE_imr"))
        .args(["search", "x", "--index", "/nonexistent/imr-index"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("imr index"));
}

#[test]
fn table_fits_100_columns_and_states_the_total() {
    let fixture = fixture();
    let output = fixture.run(&[
        "search",
        "functional improvement",
        "--explain",
        "--limit",
        "3",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("query read as:"), "{text}");
    assert!(text.contains("items matched; showing 1-3"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "{line}");
        // Not a terminal: no escape codes.
        assert!(!line.contains('\u{1b}'), "{line}");
    }
}

#[test]
fn facets_count_and_cross_tabulate() {
    let fixture = fixture();
    let (code, json) = fixture.json(&["facets", "--by", "treatment", "--format", "json"]);
    assert_eq!(code, 0);
    let counts = json["counts"].as_array().unwrap();
    let sum: u64 = counts.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(Some(sum), json["total"].as_u64());
    assert_eq!(counts[0]["value"], "/medication");

    let (_, json) = fixture.json(&[
        "facets",
        "--by",
        "treatment",
        "--by",
        "outcome",
        "--format",
        "json",
    ]);
    let rows = json["rows"].as_array().unwrap();
    let acupuncture = rows.iter().find(|r| r["row"] == "/acupuncture").unwrap();
    assert_eq!(acupuncture["total"], 3);
    assert_eq!(acupuncture["overturned"], 1);
    let rate = acupuncture["overturn_rate"].as_f64().unwrap();
    assert!((rate - 1.0 / 3.0).abs() < 1e-3, "{rate}");
    for cell in json["counts"].as_array().unwrap() {
        assert!(cell["row"].is_string() && cell["column"].is_string() && cell["count"].is_u64());
    }

    let (_, json) = fixture.json(&["facets", "--by", "specialty", "--cases", "--format", "json"]);
    let (letters, items) = fixture_truth_counts();
    assert_eq!(json["total"], letters);
    assert_eq!(json["cases"], true);

    let output = fixture.run(&["facets", "--by", "treatment", "--by", "outcome"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("OVERTURN"), "{text}");
    assert!(
        text.trim_end().ends_with(&format!("{items} items matched")),
        "{text}"
    );

    let output = fixture.run(&["facets", "--by", "colour"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn show_prints_one_letter() {
    let fixture = fixture();
    let (code, json) = fixture.json(&["show", "cm14-0031187", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json["case_number"], "CM14-0031187");
    assert_eq!(json["items"].as_array().unwrap().len(), 3);

    let output = fixture.run(&["show", "CM14-0031187"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("Norco 10/325mg #120: UPHELD"));

    let output = fixture.run(&["show", "CM99-0000000"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no letter with case number CM99-0000000"));
}

#[test]
fn export_writes_every_matching_item() {
    let fixture = fixture();
    for query in ["", "upheld", "opioids"] {
        let mut args = vec!["search", "--limit", "0", "--format", "json"];
        if !query.is_empty() {
            args.push(query);
        }
        let (_, json) = fixture.json(&args);
        let total = json["total"].as_u64().unwrap();

        let mut args = vec!["export", "--format", "ndjson"];
        if !query.is_empty() {
            args.push(query);
        }
        let output = fixture.run(&args);
        let lines: Vec<Value> = stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len() as u64, total, "{query}");
        assert!(lines.iter().all(|row| row["rationale"].is_string()));

        let mut args = vec!["export", "--format", "csv"];
        if !query.is_empty() {
            args.push(query);
        }
        let output = fixture.run(&args);
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        assert_eq!(reader.headers().unwrap().get(0), Some("case_number"));
        assert_eq!(reader.records().count() as u64, total, "{query}");
    }
}

#[test]
fn fields_lists_the_schema() {
    let output = Command::new(env!("CARGO_BIN_EXE_imr"))
        .arg("fields")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for field in ["rationale", "decided", "treatment", "age"] {
        assert!(text.lines().any(|line| line.starts_with(field)), "{field}");
    }
}
