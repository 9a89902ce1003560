//! Test support: small real indexes built from DWC letters written in the
//! tests themselves (the layout of `corpus/imr-final-determination-sample.txt`).

use std::path::PathBuf;

use tempfile::TempDir;

use crate::index::writer::{index_paths, IndexOptions};
use crate::index::ImrIndex;

/// One disputed item of a test letter.
pub struct TestItem {
    pub treatment: &'static str,
    /// `Upheld` or `Overturned`, as the letter writes it.
    pub outcome: &'static str,
    /// The reviewer's guideline statement.
    pub guideline: &'static str,
    pub rationale: &'static str,
}

/// A test letter.
pub struct TestLetter {
    pub case: &'static str,
    /// `MM/DD/YYYY`.
    pub injured: &'static str,
    /// `MM/DD/YYYY`.
    pub decided: &'static str,
    pub age: u8,
    pub sex: &'static str,
    /// As in "Board Certified in ...".
    pub specialty: &'static str,
    pub summary: &'static str,
    pub items: Vec<TestItem>,
}

impl TestLetter {
    /// The letter's text in the DWC Final Determination layout.
    pub fn text(&self) -> String {
        let disputed: Vec<&str> = self.items.iter().map(|item| item.treatment).collect();
        let mut text = format!(
            "Independent Medical Review\n\
             Final Determination Letter\n\n\
             Dated: 04/30/2014\n\n\
             IMR Case Number:        {case}\n\
             Date Assigned:          03/24/2014\n\
             UR Denial Date:         {decided}\n\
             Date of Injury:         {injured}\n\
             Claims Administrator:   Zenith Insurance Company\n\
             Disputed Treatment:     {disputed}\n\n\
             HOW THE IMR FINAL DETERMINATION WAS MADE\n\n\
             MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert\n\
             reviewer is Board Certified in {specialty} and is licensed to practice in California.\n\n\
             CLINICAL CASE SUMMARY\n\n\
             The injured worker is a {age} year old {sex} whose date of injury is {injured}. {summary}\n\n\
             IMR ISSUES, DECISIONS AND RATIONALES\n\n\
             The Final Determination was based on decisions for the disputed items/services set forth below:\n\n",
            case = self.case,
            decided = self.decided,
            injured = self.injured,
            disputed = disputed.join("; "),
            specialty = self.specialty,
            age = self.age,
            sex = self.sex,
            summary = self.summary,
        );
        for item in &self.items {
            let necessary = if item.outcome == "Overturned" {
                "medically necessary and appropriate"
            } else {
                "not medically necessary and appropriate"
            };
            text.push_str(&format!(
                "{treatment}:  {outcome}\n\n\
                 Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.\n\n\
                 MAXIMUS guideline: {guideline}\n\n\
                 Decision rationale: {rationale} As such, the request is {necessary}.\n\n",
                treatment = item.treatment,
                outcome = item.outcome,
                guideline = item.guideline,
                rationale = item.rationale,
            ));
        }
        text
    }
}

/// An index built in a temporary folder; the folder lives as long as this.
pub struct TestIndex {
    pub dir: TempDir,
    pub index: ImrIndex,
}

/// Writes the letters as files and indexes them.
pub fn build(letters: &[TestLetter]) -> TestIndex {
    let dir = TempDir::new().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    for letter in letters {
        let path = corpus.join(format!("{}.txt", letter.case));
        std::fs::write(&path, letter.text()).expect("letter written");
    }
    let root = dir.path().join("index");
    let options = IndexOptions {
        threads: 1,
        ..IndexOptions::default()
    };
    let report = index_paths(&root, &[PathBuf::from(&corpus)], &options, &|_, _| {})
        .expect("test letters index");
    assert!(report.skipped.is_empty(), "skipped: {:?}", report.skipped);
    let index = ImrIndex::open(&root).expect("test index opens");
    TestIndex { dir, index }
}

pub const ODG_PAIN: &str = "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain (Chronic) Chapter, Opioids.";
pub const ODG_LOW_BACK: &str =
    "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back Chapter.";
pub const MTUS_ACUPUNCTURE: &str =
    "Decision based on MTUS Acupuncture Medical Treatment Guidelines.";
pub const MTUS_CHRONIC_PAIN: &str =
    "Decision based on MTUS Chronic Pain Medical Treatment Guidelines.";

/// Five letters, eight items:
///
/// | case         | item                    | outcome    | reviewer guideline | specialty         | age | decided    | injured    |
/// |--------------|-------------------------|------------|--------------------|-------------------|-----|------------|------------|
/// | CM14-0000001 | Acupuncture, 6 sessions | overturned | MTUS Acupuncture   | Anesthesiology    | 59  | 2014-03-12 | 2010-06-21 |
/// | CM14-0000001 | Norco 10/325mg #120     | upheld     | ODG Pain           |                   |     |            |            |
/// | CM14-0000002 | Acupuncture, 8 sessions | upheld     | ODG Low Back       | Chiropractic      | 45  | 2014-05-02 | 2012-01-10 |
/// | CM14-0000003 | Norco 5/325 #60         | overturned | MTUS Chronic Pain  | Anesthesiology    | 38  | 2014-07-20 | 2013-02-14 |
/// | CM14-0000003 | Lumbar facet injection  | upheld     | ODG Low Back       |                   |     |            |            |
/// | CM13-0000004 | Physical therapy 12     | upheld     | MTUS Chronic Pain  | Orthopedic Surgery| 62  | 2013-11-05 | 2009-09-09 |
/// | CM13-0000004 | Lidoderm 5% patch       | upheld     | ODG Pain           |                   |     |            |            |
/// | CM15-0000005 | Acupuncture, 12 visits  | upheld     | ODG Low Back       | Anesthesiology    | 51  | 2015-02-01 | 2011-04-04 |
pub fn sample_letters() -> Vec<TestLetter> {
    vec![
        TestLetter {
            case: "CM14-0000001",
            injured: "06/21/2010",
            decided: "03/12/2014",
            age: 59,
            sex: "male",
            specialty: "Anesthesiology",
            summary: "He has chronic neck pain with radiculopathy after lifting a pallet.",
            items: vec![
                TestItem {
                    treatment: "Acupuncture, 6 sessions",
                    outcome: "Overturned",
                    guideline: MTUS_ACUPUNCTURE,
                    rationale: "The guidelines allow an initial trial of acupuncture to reduce pain and improve function.",
                },
                TestItem {
                    treatment: "Norco 10/325mg #120",
                    outcome: "Upheld",
                    guideline: ODG_PAIN,
                    rationale: "There is no documented functional improvement from chronic opioid therapy and weaning is appropriate.",
                },
            ],
        },
        TestLetter {
            case: "CM14-0000002",
            injured: "01/10/2012",
            decided: "05/02/2014",
            age: 45,
            sex: "female",
            specialty: "Chiropractic",
            summary: "She reports low back pain after a fall at work.",
            items: vec![TestItem {
                treatment: "Acupuncture, 8 sessions",
                outcome: "Upheld",
                guideline: ODG_LOW_BACK,
                rationale: "Prior acupuncture sessions produced no objective functional improvement.",
            }],
        },
        TestLetter {
            case: "CM14-0000003",
            injured: "02/14/2013",
            decided: "07/20/2014",
            age: 38,
            sex: "male",
            specialty: "Anesthesiology",
            summary: "He has lumbar spondylosis and facet arthropathy.",
            items: vec![
                TestItem {
                    treatment: "Norco 5/325 #60",
                    outcome: "Overturned",
                    guideline: MTUS_CHRONIC_PAIN,
                    rationale: "The records document improved function and a signed opioid agreement, so continued treatment is supported.",
                },
                TestItem {
                    treatment: "Lumbar facet injection L4-5",
                    outcome: "Upheld",
                    guideline: ODG_LOW_BACK,
                    rationale: "Facet injections are not recommended when radicular findings are present.",
                },
            ],
        },
        TestLetter {
            case: "CM13-0000004",
            injured: "09/09/2009",
            decided: "11/05/2013",
            age: 62,
            sex: "female",
            specialty: "Orthopedic Surgery",
            summary: "She had a rotator cuff repair and continues to have shoulder stiffness.",
            items: vec![
                TestItem {
                    treatment: "Physical therapy 12 sessions",
                    outcome: "Upheld",
                    guideline: MTUS_CHRONIC_PAIN,
                    rationale: "She has completed extensive therapy and should continue a home exercise program.",
                },
                TestItem {
                    treatment: "Lidoderm 5% patch",
                    outcome: "Upheld",
                    guideline: ODG_PAIN,
                    rationale: "Topical lidocaine is recommended only for localized neuropathic pain after a trial of first-line therapy.",
                },
            ],
        },
        TestLetter {
            case: "CM15-0000005",
            injured: "04/04/2011",
            decided: "02/01/2015",
            age: 51,
            sex: "male",
            specialty: "Anesthesiology",
            summary: "He has chronic low back pain.",
            items: vec![TestItem {
                treatment: "Acupuncture, 12 visits",
                outcome: "Upheld",
                guideline: ODG_LOW_BACK,
                rationale: "The number of requested visits exceeds the guideline recommendation.",
            }],
        },
    ]
}

impl TestIndex {
    /// Writes `letter` over its file and updates the index (the old
    /// version's items become deleted documents), then reopens it.
    pub fn replace(&mut self, letter: &TestLetter) {
        let corpus = self.dir.path().join("corpus");
        let path = corpus.join(format!("{}.txt", letter.case));
        std::fs::write(&path, letter.text()).expect("letter written");
        let root = self.dir.path().join("index");
        let options = IndexOptions {
            threads: 1,
            ..IndexOptions::default()
        };
        let report = index_paths(&root, &[corpus], &options, &|_, _| {}).expect("reindex");
        assert_eq!(report.replaced, 1, "{report:?}");
        self.index = ImrIndex::open(&root).expect("test index opens");
    }
}
