//! The three letter layouts, arranged as [`Block`]s: DWC final
//! determination (the sample letter's template), the early MAXIMUS letter
//! and the medical professional review.
//!
//! Every truth string (treatment, guideline statements, rationale, summary)
//! is placed in the letter verbatim, so that undoing the typesetting gives
//! it back.

use rand::Rng;

use super::case::{write_date, write_long_date, Case, Profession, Reviewer};
use super::typeset::{Block, HeaderLayout, Style};
use super::{pick, Layout};
use crate::model::Outcome;

/// Lays out `case` in its layout.
pub(crate) fn render<R: Rng>(rng: &mut R, case: &Case, style: &Style) -> Vec<Block> {
    match case.layout {
        Layout::DwcFinal => render_dwc(rng, case, style),
        Layout::MaximusLetter => render_maximus(rng, case, style),
        Layout::ProfessionalReview => render_professional(rng, case, style),
    }
}

/// The line repeated at the top of later pages, if the letter has one.
pub(crate) fn running_head<R: Rng>(rng: &mut R, case: &Case) -> Option<String> {
    let number = case.truth.case_number.as_deref()?;
    let form = match case.layout {
        Layout::DwcFinal => pick(
            rng,
            &[
                "Case Number: {}",
                "{}",
                "IMR Case No. {}",
                "Case Number:  {}",
            ],
        ),
        Layout::MaximusLetter => pick(
            rng,
            &[
                "MAXIMUS Case Number: {}",
                "{}",
                "MAXIMUS Federal Services - {}",
            ],
        ),
        Layout::ProfessionalReview => pick(
            rng,
            &[
                "IMR Case Number: {}",
                "{}",
                "Medical Professional Review - {}",
            ],
        ),
    };
    Some(form.replace("{}", number))
}

fn title(style: &Style, text: &str) -> Block {
    let indent = if style.indent_titles { " " } else { "" };
    Block::Line(format!("{indent}{}", style.titles.title(text)))
}

fn date_text(case: &Case, date: Option<chrono::NaiveDate>) -> Option<String> {
    date.map(|date| write_date(date, case.dates))
}

fn letter_date_text<R: Rng>(rng: &mut R, case: &Case) -> Option<String> {
    let date = case.truth.letter_date?;
    Some(if rng.random_bool(0.3) {
        write_long_date(date)
    } else {
        write_date(date, case.dates)
    })
}

/// Lays out label/value pairs in the style's arrangement. `long` labels
/// (names, lists) always get a line of their own in the two-column layout.
fn header(
    fields: &[(&str, String)],
    layout: HeaderLayout,
    long: &[&str],
    padded: bool,
) -> Vec<Block> {
    let pair = |label: &str, value: &str| {
        if padded {
            // Column 24, but never less than two spaces after the label.
            let width = 24.max(label.len() + 2);
            format!("{label:<width$}{value}")
        } else {
            format!("{label}  {value}")
        }
    };
    match layout {
        HeaderLayout::OnePerLine => fields
            .iter()
            .map(|(label, value)| Block::Line(pair(label, value)))
            .collect(),
        HeaderLayout::TwoPerLine => {
            let mut blocks = Vec::new();
            let mut pending: Option<String> = None;
            for (label, value) in fields {
                let text = format!("{label}  {value}");
                if long.contains(label) {
                    if let Some(left) = pending.take() {
                        blocks.push(Block::Line(left));
                    }
                    blocks.push(Block::Line(text));
                } else if let Some(left) = pending.take() {
                    blocks.push(Block::Line(format!("{left:<46}{text}")));
                } else {
                    pending = Some(text);
                }
            }
            if let Some(left) = pending {
                blocks.push(Block::Line(left));
            }
            blocks
        }
        HeaderLayout::LabelsThenValues => {
            let mut blocks: Vec<Block> = fields
                .iter()
                .map(|(label, _)| Block::Line((*label).to_string()))
                .collect();
            blocks.push(Block::Gap);
            blocks.extend(fields.iter().map(|(_, value)| Block::Line(value.clone())));
            blocks
        }
    }
}

/// Keeps the fields that have a value.
fn present(fields: Vec<(&str, Option<String>)>) -> Vec<(&str, String)> {
    fields
        .into_iter()
        .filter_map(|(label, value)| value.map(|value| (label, value)))
        .collect()
}

fn disputed_treatments(case: &Case) -> String {
    case.items
        .iter()
        .map(|item| item.item.treatment.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Board Certified in Anesthesiology with a subspecialty in Pain
/// Management", "a Licensed Psychologist" ...
fn credential(reviewer: &Reviewer) -> Option<String> {
    let specialty = reviewer.specialty?;
    Some(match specialty.profession {
        Profession::Physician => match reviewer.subspecialty {
            Some(sub) => format!(
                "Board Certified in {} with a subspecialty in {sub}",
                reviewer.specialty_words
            ),
            None => format!("Board Certified in {}", reviewer.specialty_words),
        },
        Profession::Psychologist => "a Licensed Psychologist".to_string(),
        Profession::Chiropractor => "a Doctor of Chiropractic".to_string(),
        Profession::Acupuncturist => "a Licensed Acupuncturist".to_string(),
    })
}

/// The sentence naming the reviewer's certification and licensure, if the
/// letter states either.
fn qualification_sentence(subject: &str, reviewer: &Reviewer) -> Option<String> {
    match (credential(reviewer), reviewer.state) {
        (Some(credential), Some(state)) => Some(format!(
            "{subject} is {credential} and is licensed to practice in {state}."
        )),
        (Some(credential), None) => Some(format!("{subject} is {credential}.")),
        (None, Some(state)) => Some(format!("{subject} is licensed to practice in {state}.")),
        (None, None) => None,
    }
}

const REVIEWER_BOILERPLATE: &str = "He/she has been in active clinical practice for more than five years and is currently working at least 24 hours a week in active practice. The expert reviewer was selected based on his/her clinical experience, education, background, and expertise in the same or similar specialties that evaluate and/or treat the medical condition and disputed items/services. He/she is familiar with governing laws and regulations, including the strength of evidence hierarchy that applies to Independent Medical Review determinations.";

const SUMMARY_LEAD: &str = "The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:";

fn push_summary(blocks: &mut Vec<Block>, case: &Case) {
    for (i, paragraph) in case.summary.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Gap);
        }
        blocks.push(Block::Prose(paragraph.clone()));
    }
}

fn push_documents<R: Rng>(rng: &mut R, blocks: &mut Vec<Block>, case: &Case) {
    if rng.random_bool(0.3) {
        blocks.push(Block::Para(format!(
            "The following records were reviewed: {}.",
            case.documents.join("; ")
        )));
        return;
    }
    let bullet = pick(rng, &["- ", "\u{2022} ", "* ", ""]);
    for document in &case.documents {
        blocks.push(Block::Line(format!("{bullet}{document}")));
    }
}

fn render_dwc<R: Rng>(rng: &mut R, case: &Case, style: &Style) -> Vec<Block> {
    let truth = &case.truth;
    let mut blocks =
        vec![Block::Line(style.titles.title(
            "INDEPENDENT MEDICAL REVIEW FINAL DETERMINATION LETTER",
        ))];
    blocks.push(Block::Gap);
    if let Some(dated) = letter_date_text(rng, case) {
        blocks.push(Block::Line(format!("Dated: {dated}")));
        blocks.push(Block::Gap);
    }
    let case_label = pick(rng, &["Case Number:", "Case Number:", "IMR Case Number:"]);
    let fields = present(vec![
        (case_label, truth.case_number.clone()),
        ("Date Assigned:", date_text(case, truth.date_assigned)),
        ("Date of Injury:", date_text(case, truth.date_of_injury)),
        ("UR Denial Date:", date_text(case, truth.ur_denial_date)),
        ("Priority:", Some(case.priority.to_string())),
        (
            "Application Received:",
            Some(write_date(case.application_received, case.dates)),
        ),
        (
            "Employee:",
            Some(pick(rng, &["[redacted]", "[REDACTED]"]).to_string()),
        ),
        ("Claim Number:", truth.claim_number.clone()),
        ("Employer:", Some(case.employer.to_string())),
        (
            "Claims Administrator:",
            Some(case.claims_administrator.to_string()),
        ),
        ("Treating Provider:", Some(case.provider.to_string())),
        ("Disputed Treatment:", Some(disputed_treatments(case))),
    ]);
    let long = [
        "Employer:",
        "Claims Administrator:",
        "Treating Provider:",
        "Disputed Treatment:",
    ];
    blocks.extend(header(&fields, style.header, &long, rng.random_bool(0.5)));
    blocks.push(Block::Gap);
    blocks.push(Block::Para(
        "MAXIMUS Federal Services has completed the Independent Medical Review (IMR) of the above workers' compensation case. This letter provides the IMR Final Determination and explains how the determination was made.".to_string(),
    ));
    blocks.push(Block::Gap);

    blocks.push(title(style, "HOW THE IMR FINAL DETERMINATION WAS MADE"));
    blocks.push(Block::Gap);
    let lines_variant = rng.random_bool(0.35);
    let mut how = String::from(
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no affiliation with the employer, employee, providers or the claims administrator.",
    );
    if !lines_variant {
        if let Some(sentence) = qualification_sentence("The expert reviewer", &case.reviewer) {
            how.push(' ');
            how.push_str(&sentence);
        }
    }
    how.push(' ');
    how.push_str(REVIEWER_BOILERPLATE);
    blocks.push(Block::Prose(how));
    if lines_variant {
        blocks.push(Block::Gap);
        if let Some(state) = case.reviewer.state {
            let state = if state == "California" && rng.random_bool(0.15) {
                "CA"
            } else {
                state
            };
            blocks.push(Block::Line(format!("State(s) of Licensure: {state}")));
        }
        if let Some(specialty) = case.reviewer.specialty {
            let words = match (specialty.profession, case.reviewer.subspecialty) {
                (Profession::Physician, Some(sub)) => {
                    format!("{}, {sub}", case.reviewer.specialty_words)
                }
                _ => case.reviewer.specialty_words.clone(),
            };
            blocks.push(Block::Line(format!("Certification(s)/Specialty: {words}")));
        }
    }
    blocks.push(Block::Gap);

    blocks.push(title(style, "CLINICAL CASE SUMMARY"));
    blocks.push(Block::Gap);
    blocks.push(Block::Para(SUMMARY_LEAD.to_string()));
    blocks.push(Block::Gap);
    push_summary(&mut blocks, case);
    blocks.push(Block::Gap);

    blocks.push(title(style, "IMR ISSUES, DECISIONS AND RATIONALES"));
    blocks.push(Block::Gap);
    blocks.push(Block::Para(
        "The Final Determination was based on decisions for the disputed items/services set forth below:".to_string(),
    ));
    blocks.push(Block::Gap);
    let colon_gap = pick(rng, &[":  ", ":  ", ": "]);
    for case_item in &case.items {
        let item = &case_item.item;
        let outcome = style.outcomes.word(match item.outcome {
            Outcome::Upheld => "Upheld",
            Outcome::Overturned => "Overturned",
        });
        blocks.push(Block::Para(format!(
            "{}{colon_gap}{outcome}",
            item.treatment
        )));
        blocks.push(Block::Gap);
        blocks.push(Block::Para(format!(
            "Claims Administrator guideline: {}",
            item.claims_admin_guideline_text
        )));
        blocks.push(Block::Gap);
        blocks.push(Block::Para(format!(
            "MAXIMUS guideline: {}",
            item.reviewer_guideline_text
        )));
        blocks.push(Block::Gap);
        blocks.push(Block::Prose(format!(
            "Decision rationale: {}",
            item.rationale
        )));
        blocks.push(Block::Gap);
    }
    blocks
}

fn render_maximus<R: Rng>(rng: &mut R, case: &Case, style: &Style) -> Vec<Block> {
    let truth = &case.truth;
    let mut blocks: Vec<Block> = [
        "MAXIMUS FEDERAL SERVICES, INC.",
        "Independent Medical Review",
        "P.O. Box 138009",
        "Sacramento, CA 95813-8009",
        "(855) 865-8873  Fax: (916) 605-4270",
    ]
    .iter()
    .map(|line| Block::Line((*line).to_string()))
    .collect();
    blocks.push(Block::Gap);
    blocks.push(Block::Line(
        "Notice of Independent Medical Review Determination".to_string(),
    ));
    blocks.push(Block::Gap);
    if let Some(dated) = letter_date_text(rng, case) {
        blocks.push(Block::Line(format!("Dated: {dated}")));
        blocks.push(Block::Gap);
    }
    let fields = present(vec![
        ("Employee:", Some("[redacted]".to_string())),
        ("Claim Number:", truth.claim_number.clone()),
        (
            "Date of UR Decision:",
            date_text(case, truth.ur_denial_date),
        ),
        ("Date of Injury:", date_text(case, truth.date_of_injury)),
        (
            "IMR Application Received:",
            Some(write_date(case.application_received, case.dates)),
        ),
        ("Date Assigned:", date_text(case, truth.date_assigned)),
        ("MAXIMUS Case Number:", truth.case_number.clone()),
    ]);
    blocks.extend(header(&fields, style.header, &[], rng.random_bool(0.7)));
    blocks.push(Block::Gap);
    blocks.push(Block::Line("Dear [redacted]:".to_string()));
    blocks.push(Block::Gap);
    blocks.push(Block::Para(
        "MAXIMUS Federal Services has completed the Independent Medical Review (IMR) of the above workers' compensation case. This letter provides you with the IMR Final Determination and explains how the determination was made.".to_string(),
    ));
    blocks.push(Block::Gap);
    let upheld = case
        .items
        .iter()
        .filter(|item| item.item.outcome == Outcome::Upheld)
        .count();
    let (word, meaning) = if upheld == case.items.len() {
        (
            "Uphold",
            "none of the disputed items/services are medically necessary and appropriate",
        )
    } else if upheld == 0 {
        (
            "Overturn",
            "all of the disputed items/services are medically necessary and appropriate",
        )
    } else {
        (
            "Overturned in part",
            "some of the disputed items/services are medically necessary and appropriate",
        )
    };
    blocks.push(Block::Para(format!(
        "Final Determination: {}. This means we decided that {meaning}. A detailed explanation of the decision for each of the disputed items/services is provided later in this letter.",
        style.outcomes.word(word)
    )));
    blocks.push(Block::Gap);
    blocks.push(Block::Para(
        "This determination is final and binding. You may appeal it to the Workers' Compensation Appeals Board within 30 days of the date of this letter on the limited grounds set out in Labor Code section 4610.6(h).".to_string(),
    ));
    blocks.push(Block::Gap);
    for line in [
        "Sincerely,",
        "",
        "Medical Director",
        "MAXIMUS Federal Services",
    ] {
        blocks.push(if line.is_empty() {
            Block::Gap
        } else {
            Block::Line(line.to_string())
        });
    }
    blocks.push(Block::Gap);
    blocks.push(Block::Line(
        "cc: Department of Industrial Relations, Division of Workers' Compensation".to_string(),
    ));
    blocks.push(Block::Line(format!("    {}", case.provider)));
    blocks.push(Block::Line(format!("    {}", case.claims_administrator)));
    blocks.push(Block::Gap);

    blocks.push(title(style, "HOW THE IMR FINAL DETERMINATION WAS MADE"));
    blocks.push(Block::Gap);
    let mut how =
        String::from("MAXIMUS Federal Services sent the complete case file to an expert reviewer.");
    let subject = match case.reviewer.specialty.map(|s| s.profession) {
        Some(Profession::Physician) | None => {
            "The independent Physician Reviewer who reviewed the case"
        }
        Some(_) => "The independent reviewer who reviewed the case",
    };
    if let Some(sentence) = qualification_sentence(subject, &case.reviewer) {
        how.push(' ');
        how.push_str(&sentence);
    }
    how.push(' ');
    how.push_str(REVIEWER_BOILERPLATE);
    blocks.push(Block::Prose(how));
    blocks.push(Block::Gap);

    blocks.push(title(style, "DOCUMENTS REVIEWED"));
    blocks.push(Block::Gap);
    push_documents(rng, &mut blocks, case);
    blocks.push(Block::Gap);

    blocks.push(title(style, "CLINICAL CASE SUMMARY"));
    blocks.push(Block::Gap);
    if rng.random_bool(0.5) {
        blocks.push(Block::Para(SUMMARY_LEAD.to_string()));
        blocks.push(Block::Gap);
    }
    push_summary(&mut blocks, case);
    blocks.push(Block::Gap);

    blocks.push(title(style, "IMR DECISION(S) AND RATIONALE(S)"));
    blocks.push(Block::Gap);
    blocks.push(Block::Para(
        "The Final Determination is based on decisions for the disputed items/services set forth below:".to_string(),
    ));
    blocks.push(Block::Gap);
    let inline_rationale = rng.random_bool(0.4);
    for (i, case_item) in case.items.iter().enumerate() {
        let item = &case_item.item;
        let necessity = match item.outcome {
            Outcome::Upheld => "is not medically necessary and appropriate",
            Outcome::Overturned => "is medically necessary and appropriate",
        };
        blocks.push(Block::Para(format!(
            "{}. {} {necessity}.",
            i + 1,
            item.treatment
        )));
        blocks.push(Block::Gap);
        blocks.push(Block::Para(item.claims_admin_guideline_text.clone()));
        blocks.push(Block::Gap);
        blocks.push(Block::Para(item.reviewer_guideline_text.clone()));
        blocks.push(Block::Gap);
        if inline_rationale {
            blocks.push(Block::Prose(format!(
                "The Expert Reviewer's decision rationale: {}",
                item.rationale
            )));
        } else {
            blocks.push(Block::Line(
                "The Expert Reviewer's decision rationale:".to_string(),
            ));
            blocks.push(Block::Prose(item.rationale.clone()));
        }
        blocks.push(Block::Gap);
    }
    blocks
}

fn render_professional<R: Rng>(rng: &mut R, case: &Case, style: &Style) -> Vec<Block> {
    let truth = &case.truth;
    // The template's name stays upper case: it is the letter's title.
    let mut blocks = vec![
        Block::Line("MEDICAL PROFESSIONAL REVIEW".to_string()),
        Block::Gap,
    ];
    let case_label = pick(rng, &["IMR Case Number:", "Case Number:"]);
    let dated = letter_date_text(rng, case);
    let fields = present(vec![
        (case_label, truth.case_number.clone()),
        ("Claim Number:", truth.claim_number.clone()),
        ("Date of Injury:", date_text(case, truth.date_of_injury)),
        ("UR Denial Date:", date_text(case, truth.ur_denial_date)),
        ("Date Assigned:", date_text(case, truth.date_assigned)),
        (
            "Application Received:",
            Some(write_date(case.application_received, case.dates)),
        ),
        ("Dated:", dated),
        ("Employee:", Some("[redacted]".to_string())),
        (
            "Claims Administrator:",
            Some(case.claims_administrator.to_string()),
        ),
        ("Treating Provider:", Some(case.provider.to_string())),
    ]);
    let long = ["Claims Administrator:", "Treating Provider:"];
    blocks.extend(header(&fields, style.header, &long, rng.random_bool(0.5)));
    blocks.push(Block::Gap);

    let numbered = case.items.len() > 1;
    let number = |i: usize| {
        if numbered {
            format!("{}. ", i + 1)
        } else {
            String::new()
        }
    };
    blocks.push(title(
        style,
        pick(
            rng,
            &[
                "ISSUE AT DISPUTE:",
                "ISSUE AT DISPUTE:",
                "ISSUE(S) AT DISPUTE:",
            ],
        ),
    ));
    blocks.push(Block::Gap);
    let wording_with_outcome_word = rng.random_bool(0.6);
    for (i, case_item) in case.items.iter().enumerate() {
        let item = &case_item.item;
        let line = if wording_with_outcome_word {
            let word = match item.outcome {
                Outcome::Upheld => "Upheld",
                Outcome::Overturned => "Overturned",
            };
            format!(
                "{}{}: {}",
                number(i),
                item.treatment,
                style.outcomes.word(word)
            )
        } else {
            let necessity = match item.outcome {
                Outcome::Upheld => "is not medically necessary",
                Outcome::Overturned => "is medically necessary",
            };
            format!("{}{} {necessity}.", number(i), item.treatment)
        };
        blocks.push(Block::Para(line));
    }
    blocks.push(Block::Gap);

    blocks.push(title(style, "CASE SUMMARY:"));
    blocks.push(Block::Gap);
    push_summary(&mut blocks, case);
    blocks.push(Block::Gap);

    blocks.push(title(style, "DOCUMENTS REVIEWED FOR DETERMINATION:"));
    blocks.push(Block::Gap);
    push_documents(rng, &mut blocks, case);
    blocks.push(Block::Gap);

    blocks.push(title(
        style,
        "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
    ));
    blocks.push(Block::Gap);
    for (i, case_item) in case.items.iter().enumerate() {
        blocks.push(Block::Para(format!(
            "{}{}",
            number(i),
            case_item.item.reviewer_guideline_text
        )));
        blocks.push(Block::Gap);
    }

    blocks.push(title(
        style,
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
    ));
    blocks.push(Block::Gap);
    for (i, case_item) in case.items.iter().enumerate() {
        blocks.push(Block::Prose(format!(
            "{}{}",
            number(i),
            case_item.item.rationale
        )));
        blocks.push(Block::Gap);
    }

    blocks.push(title(style, "MEDICAL REVIEWER QUALIFICATIONS:"));
    blocks.push(Block::Gap);
    let qualification = match rng.random_range(0..3) {
        0 => qualification_sentence("This reviewer", &case.reviewer),
        1 => qualification_sentence("The professional reviewer", &case.reviewer),
        _ => qualification_sentence("The reviewer", &case.reviewer),
    };
    let mut text = qualification.unwrap_or_default();
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str("The reviewer has been in active practice for more than five years, has no affiliation with the parties to this review, and is familiar with the injured worker's type of condition.");
    blocks.push(Block::Prose(text));
    blocks
}
