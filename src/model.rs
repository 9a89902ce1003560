//! The decision model: one IMR letter ([`Decision`]) holding one or more
//! disputed [`Item`]s.
//!
//! These are the records `imr extract` prints, the generator's `truth.jsonl`
//! holds, and the indexer stores. Field names are the JSON keys (snake_case);
//! dates serialise as `YYYY-MM-DD`, unknown values as `null`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which of the three letter templates a decision was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// DWC "IMR Final Determination" letter (header fields, then
    /// `IMR ISSUES, DECISIONS AND RATIONALES` with `<treatment>: Upheld`).
    DwcFinal,
    /// Early MAXIMUS letter (numbered items, "is (not) medically necessary").
    MaximusLetter,
    /// "MEDICAL PROFESSIONAL REVIEW" template.
    ProfessionalReview,
}

impl Layout {
    /// Every layout, in a stable order.
    pub const ALL: [Layout; 3] = [
        Layout::DwcFinal,
        Layout::MaximusLetter,
        Layout::ProfessionalReview,
    ];

    /// The snake_case name used in JSON, facets and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::DwcFinal => "dwc_final",
            Layout::MaximusLetter => "maximus_letter",
            Layout::ProfessionalReview => "professional_review",
        }
    }

    /// Parses the snake_case name (as printed by [`Layout::as_str`]).
    pub fn parse(name: &str) -> Option<Layout> {
        Layout::ALL
            .into_iter()
            .find(|layout| layout.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// The decision on one disputed item. "Upheld" is about the utilization
/// review denial: an upheld item was found *not* medically necessary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The denial stands: not medically necessary.
    Upheld,
    /// The denial is reversed: medically necessary and appropriate.
    Overturned,
}

impl Outcome {
    /// The lowercase name used in JSON, facets and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Upheld => "upheld",
            Outcome::Overturned => "overturned",
        }
    }

    /// Parses `upheld` / `overturned` in any case.
    pub fn parse(word: &str) -> Option<Outcome> {
        // Compared in place: every item's outcome word passes through here.
        let word = word.trim();
        [Outcome::Upheld, Outcome::Overturned]
            .into_iter()
            .find(|outcome| word.eq_ignore_ascii_case(outcome.as_str()))
    }
}

/// The injured worker's sex as the case summary states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// "male", "man", "gentleman".
    Male,
    /// "female", "woman", "lady".
    Female,
}

impl Sex {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// One disputed treatment and the reviewer's decision on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The treatment as the letter writes it.
    pub treatment: String,
    /// Normalised top-level category (see [`crate::taxonomy::Category`]).
    pub category: String,
    /// Normalised subcategory within the category, when one applies.
    pub subcategory: Option<String>,
    /// Upheld or overturned.
    pub outcome: Outcome,
    /// Guideline paths the expert reviewer relied on (`/MTUS/ACOEM`, `/ODG/Low Back` ...).
    pub reviewer_guidelines: Vec<String>,
    /// Guideline paths the claims administrator relied on.
    pub claims_admin_guidelines: Vec<String>,
    /// Whether the reviewer based the decision on the MTUS; `None` when the
    /// letter does not say.
    #[serde(default)]
    pub reviewer_based_on_mtus: Option<bool>,
    /// The reviewer's guideline statement as written.
    #[serde(default)]
    pub reviewer_guideline_text: String,
    /// The claims administrator's guideline statement as written.
    #[serde(default)]
    pub claims_admin_guideline_text: String,
    /// The decision rationale, unwrapped into running text.
    pub rationale: String,
}

/// One IMR decision letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The file the letter was read from, as given on the command line.
    pub file: String,
    /// The letter template.
    pub layout: Layout,
    /// IMR case number, e.g. `CM13-0001234`.
    pub case_number: Option<String>,
    /// Claim number (free form).
    pub claim_number: Option<String>,
    /// Date the case was assigned to the reviewer.
    pub date_assigned: Option<NaiveDate>,
    /// Date of the utilization review denial.
    pub ur_denial_date: Option<NaiveDate>,
    /// Date of injury.
    pub date_of_injury: Option<NaiveDate>,
    /// Date of the letter itself (`Dated:`), when present.
    #[serde(default)]
    pub letter_date: Option<NaiveDate>,
    /// Employee age in years.
    pub age: Option<u8>,
    /// Employee sex.
    pub sex: Option<Sex>,
    /// Reviewer board certification, normalised to a canonical specialty name.
    pub reviewer_specialty: Option<String>,
    /// State where the reviewer is licensed (full name).
    pub reviewer_license_state: Option<String>,
    /// The clinical case summary, unwrapped.
    #[serde(default)]
    pub clinical_summary: String,
    /// Diagnoses named in the summary (normalised lowercase phrases).
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// The disputed items, in letter order.
    pub items: Vec<Item>,
}

impl Decision {
    /// The year of the UR denial, else of assignment: what "decided in" means for facets.
    pub fn decision_year(&self) -> Option<i32> {
        use chrono::Datelike;
        self.ur_denial_date
            .or(self.date_assigned)
            .or(self.letter_date)
            .map(|date| date.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for layout in Layout::ALL {
            assert_eq!(Layout::parse(layout.as_str()), Some(layout));
        }
        assert_eq!(Outcome::parse("UPHELD"), Some(Outcome::Upheld));
        assert_eq!(Outcome::parse(" Overturned "), Some(Outcome::Overturned));
        assert_eq!(Outcome::parse("modified"), None);
    }

    #[test]
    fn json_uses_snake_case_and_iso_dates() {
        let decision = Decision {
            file: "a.txt".into(),
            layout: Layout::DwcFinal,
            case_number: Some("CM13-0001234".into()),
            claim_number: None,
            date_assigned: NaiveDate::from_ymd_opt(2014, 3, 5),
            ur_denial_date: None,
            date_of_injury: None,
            letter_date: None,
            age: Some(59),
            sex: Some(Sex::Male),
            reviewer_specialty: None,
            reviewer_license_state: None,
            clinical_summary: String::new(),
            diagnoses: vec![],
            items: vec![],
        };
        let json: serde_json::Value = serde_json::to_value(&decision).unwrap();
        assert_eq!(json["layout"], "dwc_final");
        assert_eq!(json["date_assigned"], "2014-03-05");
        assert_eq!(json["sex"], "male");
        assert!(json["claim_number"].is_null());
    }
}
