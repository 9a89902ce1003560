//! End-to-end tests of `imr extract`.

mod common;

use common::{json_lines, Workspace, SAMPLE};

#[test]
fn extracts_the_real_sample_letter() {
    let workspace = Workspace::new();
    let letter = workspace.write("corpus/imr-final-determination-sample.txt", SAMPLE);
    let output = workspace
        .imr()
        .args(["extract", "--format", "json"])
        .arg(&letter)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let records = json_lines(&output.stdout);
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record["layout"], "dwc_final");
    assert_eq!(record["age"], 59);
    assert_eq!(record["sex"], "male");
    assert_eq!(record["date_of_injury"], "2009-01-16");
    assert_eq!(record["reviewer_specialty"], "Anesthesiology");
    assert_eq!(record["reviewer_license_state"], "California");
    assert!(
        record["case_number"].is_null(),
        "the sample's first page is missing"
    );
    let items = record["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["category"], "injection");
    assert_eq!(items[0]["subcategory"], "facet");
    assert_eq!(items[0]["outcome"], "upheld");
    assert_eq!(
        items[0]["reviewer_guidelines"],
        serde_json::json!(["/ODG/Neck and Upper Back"])
    );
    let claims_admin = items[0]["claims_admin_guidelines"].as_array().unwrap();
    assert_eq!(claims_admin[0], "/MTUS/ACOEM");
    assert!(claims_admin[1].as_str().unwrap().starts_with("/ODG/"));
    assert_eq!(items[1]["category"], "acupuncture");
    assert_eq!(items[1]["outcome"], "upheld");
    assert_eq!(
        items[1]["reviewer_guidelines"],
        serde_json::json!(["/MTUS/Acupuncture"])
    );
}

#[test]
fn a_bad_letter_is_reported_and_the_rest_still_printed() {
    let workspace = Workspace::new();
    workspace.write("in/a-good.txt", SAMPLE);
    workspace.write("in/b-empty.txt", "");
    workspace.write("in/c-notes.txt", "Shopping list: milk, eggs.");
    let output = workspace.imr().args(["extract", "in"]).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit 1 when any letter failed"
    );
    let records = json_lines(&output.stdout);
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["items"].as_array().unwrap().len(), 2);
    assert!(records[1]["file"]
        .as_str()
        .unwrap()
        .ends_with("b-empty.txt"));
    assert_eq!(records[1]["error"], "empty file: no text");
    assert!(records[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("not an IMR decision letter"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("c-notes.txt: not an IMR decision letter"),
        "{stderr}"
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let workspace = Workspace::new();
    let output = workspace
        .imr()
        .args(["extract", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn table_format_lists_one_row_per_item() {
    let workspace = Workspace::new();
    workspace.write("in/sample.txt", SAMPLE);
    let output = workspace
        .imr()
        .args(["extract", "in", "--format", "table"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[1].contains("injection/facet"));
    assert!(rows[2].contains("acupuncture"));
}
