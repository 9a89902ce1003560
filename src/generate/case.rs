//! One synthetic case: the truth ([`Decision`]) and the facts a letter
//! prints around it (employer, provider, application date ...), plus the
//! prose of the case summary and the rationales.
//!
//! Everything here is plain text with single spaces and ASCII quotes; the
//! layouts arrange it and `typeset` roughs it up.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;

use super::guideline::{self, Citation, Role};
use super::vocab::{self, capitalize, Entry, Family, Side, Site};
use super::{pick, Layout};
use crate::model::{Decision, Item, Outcome, Sex};

/// How the letter writes dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// `01/06/2014`
    Padded,
    /// `1/6/2014`
    Unpadded,
}

pub(crate) fn write_date(date: NaiveDate, style: DateStyle) -> String {
    match style {
        DateStyle::Padded => format!("{:02}/{:02}/{}", date.month(), date.day(), date.year()),
        DateStyle::Unpadded => format!("{}/{}/{}", date.month(), date.day(), date.year()),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `September 4, 2014`
pub(crate) fn write_long_date(date: NaiveDate) -> String {
    format!(
        "{} {}, {}",
        MONTHS[date.month0() as usize],
        date.day(),
        date.year()
    )
}

/// A date in running text: like the header, or with a two-digit year
/// (`1/16/09`), or spelled out.
fn write_prose_date<R: Rng>(rng: &mut R, date: NaiveDate, style: DateStyle) -> String {
    match rng.random_range(0..10) {
        0 => format!("{}/{}/{:02}", date.month(), date.day(), date.year() % 100),
        1 => write_long_date(date),
        _ => write_date(date, style),
    }
}

/// What kind of professional the reviewer is; decides the wording of the
/// qualifications ("Board Certified in ..." or "a Doctor of Chiropractic").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profession {
    Physician,
    Psychologist,
    Chiropractor,
    Acupuncturist,
}

/// Reviewer specialties: canonical name (as in `taxonomy::SPECIALTIES`),
/// ways of writing it, subspecialties written after it, profession.
pub(crate) struct Specialty {
    pub(crate) canonical: &'static str,
    pub(crate) written: &'static [&'static str],
    pub(crate) subspecialties: &'static [&'static str],
    pub(crate) profession: Profession,
}

const fn specialty(
    canonical: &'static str,
    written: &'static [&'static str],
    subspecialties: &'static [&'static str],
    profession: Profession,
) -> Specialty {
    Specialty {
        canonical,
        written,
        subspecialties,
        profession,
    }
}

use Profession as P;

pub(crate) static SPECIALTIES: &[Specialty] = &[
    specialty(
        "Anesthesiology",
        &["Anesthesiology"],
        &["Pain Management", "Pain Medicine"],
        P::Physician,
    ),
    specialty("Pain Medicine", &["Pain Medicine"], &[], P::Physician),
    specialty(
        "Physical Medicine & Rehabilitation",
        &[
            "Physical Medicine and Rehabilitation",
            "Physical Medicine & Rehabilitation",
        ],
        &["Pain Medicine", "Spinal Cord Injury Medicine"],
        P::Physician,
    ),
    specialty(
        "Orthopedic Surgery",
        &["Orthopedic Surgery", "Orthopaedic Surgery"],
        &["Sports Medicine", "Spine Surgery"],
        P::Physician,
    ),
    specialty(
        "Neurological Surgery",
        &["Neurological Surgery", "Neurosurgery"],
        &[],
        P::Physician,
    ),
    specialty(
        "Neurology",
        &["Neurology"],
        &["Clinical Neurophysiology"],
        P::Physician,
    ),
    specialty(
        "Family Practice",
        &["Family Practice", "Family Medicine"],
        &[],
        P::Physician,
    ),
    specialty(
        "Internal Medicine",
        &["Internal Medicine"],
        &[],
        P::Physician,
    ),
    specialty(
        "Occupational Medicine",
        &["Occupational Medicine"],
        &[],
        P::Physician,
    ),
    specialty(
        "Emergency Medicine",
        &["Emergency Medicine"],
        &[],
        P::Physician,
    ),
    specialty(
        "Preventive Medicine",
        &["Preventive Medicine"],
        &["Occupational Medicine"],
        P::Physician,
    ),
    specialty("Psychiatry", &["Psychiatry"], &[], P::Physician),
    specialty("Psychology", &["Psychology"], &[], P::Psychologist),
    specialty("Chiropractic", &["Chiropractic"], &[], P::Chiropractor),
    specialty("Acupuncture", &["Acupuncture"], &[], P::Acupuncturist),
    specialty(
        "Podiatry",
        &["Podiatric Surgery", "Podiatry"],
        &[],
        P::Physician,
    ),
    specialty("Hand Surgery", &["Hand Surgery"], &[], P::Physician),
    specialty("Sports Medicine", &["Sports Medicine"], &[], P::Physician),
    specialty("Rheumatology", &["Rheumatology"], &[], P::Physician),
    specialty(
        "Plastic Surgery",
        &["Plastic Surgery", "Plastic and Reconstructive Surgery"],
        &["Hand Surgery"],
        P::Physician,
    ),
];

fn specialty_named(name: &str) -> &'static Specialty {
    SPECIALTIES
        .iter()
        .find(|s| s.canonical == name)
        .unwrap_or(&SPECIALTIES[0])
}

/// Reviewers are matched to the first disputed item, as MAXIMUS does.
fn choose_specialty<R: Rng>(rng: &mut R, entry: &Entry, site: Site) -> &'static Specialty {
    let weighted: &[(&str, u32)] = match (entry.family, entry.category) {
        (Family::Psych, _) => &[("Psychology", 55), ("Psychiatry", 45)],
        (Family::Chiropractic, _) => &[
            ("Chiropractic", 60),
            ("Physical Medicine & Rehabilitation", 20),
            ("Family Practice", 20),
        ],
        (Family::Acupuncture, _) => &[
            ("Acupuncture", 35),
            ("Chiropractic", 15),
            ("Physical Medicine & Rehabilitation", 25),
            ("Occupational Medicine", 25),
        ],
        (_, "surgery") => match site {
            Site::Lumbar | Site::Cervical | Site::Thoracic => {
                &[("Orthopedic Surgery", 50), ("Neurological Surgery", 50)]
            }
            Site::Wrist => &[
                ("Orthopedic Surgery", 50),
                ("Hand Surgery", 30),
                ("Plastic Surgery", 20),
            ],
            Site::Ankle => &[("Podiatry", 45), ("Orthopedic Surgery", 55)],
            _ => &[("Orthopedic Surgery", 85), ("Sports Medicine", 15)],
        },
        (_, "injection" | "radiofrequency_ablation") => &[
            ("Anesthesiology", 45),
            ("Pain Medicine", 15),
            ("Physical Medicine & Rehabilitation", 25),
            ("Orthopedic Surgery", 10),
            ("Neurology", 5),
        ],
        (_, "electrodiagnostic") => &[
            ("Physical Medicine & Rehabilitation", 50),
            ("Neurology", 40),
            ("Orthopedic Surgery", 10),
        ],
        _ => &[
            ("Anesthesiology", 16),
            ("Physical Medicine & Rehabilitation", 16),
            ("Family Practice", 12),
            ("Internal Medicine", 12),
            ("Occupational Medicine", 10),
            ("Preventive Medicine", 7),
            ("Emergency Medicine", 6),
            ("Pain Medicine", 6),
            ("Orthopedic Surgery", 8),
            ("Neurology", 3),
            ("Rheumatology", 2),
            ("Sports Medicine", 2),
        ],
    };
    specialty_named(weighted_pick(rng, weighted))
}

fn weighted_pick<T: Copy, R: Rng>(rng: &mut R, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, weight)| weight).sum();
    let mut roll = rng.random_range(0..total);
    for (value, weight) in table {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    table[table.len() - 1].0
}

/// The reviewer as the letter describes them.
#[derive(Debug, Clone)]
pub(crate) struct Reviewer {
    /// `None` when the letter does not name a specialty.
    pub(crate) specialty: Option<&'static Specialty>,
    /// How the specialty is written this time.
    pub(crate) specialty_words: String,
    pub(crate) subspecialty: Option<&'static str>,
    /// Full state name, when the letter gives one.
    pub(crate) state: Option<&'static str>,
}

impl std::fmt::Debug for Specialty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.canonical)
    }
}

const OTHER_STATES: &[&str] = &[
    "Texas",
    "Florida",
    "New York",
    "Ohio",
    "Pennsylvania",
    "Arizona",
    "Washington",
    "Illinois",
    "Massachusetts",
    "Oregon",
    "Nevada",
    "Colorado",
    "Michigan",
    "Maryland",
    "Georgia",
    "North Carolina",
    "Virginia",
    "Wisconsin",
    "New Jersey",
    "Connecticut",
];

/// One disputed item with the facts its prose needs.
#[derive(Debug, Clone)]
pub(crate) struct CaseItem {
    pub(crate) entry: &'static Entry,
    pub(crate) site: Site,
    pub(crate) side: Option<Side>,
    pub(crate) item: Item,
}

/// A whole synthetic case.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) truth: Decision,
    pub(crate) layout: Layout,
    pub(crate) application_received: NaiveDate,
    pub(crate) dates: DateStyle,
    pub(crate) priority: &'static str,
    pub(crate) employer: &'static str,
    pub(crate) claims_administrator: &'static str,
    pub(crate) provider: &'static str,
    pub(crate) reviewer: Reviewer,
    pub(crate) items: Vec<CaseItem>,
    /// The clinical summary, one string per paragraph.
    pub(crate) summary: Vec<String>,
    /// Records the reviewer lists.
    pub(crate) documents: Vec<String>,
}

impl Case {
    /// Words that must stay whole in the letter (never split by a
    /// syllable hyphen), so they stay findable.
    pub(crate) fn protected_words(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        let texts = self
            .items
            .iter()
            .map(|item| item.item.treatment.as_str())
            .chain(self.truth.diagnoses.iter().map(String::as_str));
        for text in texts {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.len() >= 8 {
                    words.push(word.to_lowercase());
                }
            }
        }
        words
    }
}

/// How many items a letter disputes: mostly one to three, mean about 1.9
/// (public IMR figures), at most eight.
const ITEM_COUNTS: &[(usize, u32)] = &[
    (1, 500),
    (2, 280),
    (3, 120),
    (4, 50),
    (5, 25),
    (6, 13),
    (7, 7),
    (8, 5),
];

const EMPLOYERS: &[&str] = &[
    "County of Los Angeles",
    "Los Angeles Unified School District",
    "City of San Diego",
    "County of Riverside",
    "Fresno Unified School District",
    "State of California, Department of Corrections and Rehabilitation",
    "City of Oakland",
    "County of Sacramento",
    "Pacific Coast Grocers, Inc.",
    "Golden State Logistics",
    "Sierra Health Services",
    "Valley Farm Labor Contractors",
    "Bayview Hotel Group",
    "Central Valley Packing Co.",
    "Café Rio Grande",
    "Peña Construction Co.",
    "Coastal Home Improvement",
    "Mission Linen Services",
    "Sunrise Senior Living Center",
    "Tri-County Transit",
    "Redwood Security Services",
    "Inland Empire Distribution",
    "Señor Taco Restaurants",
    "Harbor Freight Lines",
    "Westside Medical Group",
];

const CLAIMS_ADMINISTRATORS: &[&str] = &[
    "State Compensation Insurance Fund",
    "Zenith Insurance Company",
    "Sedgwick Claims Management Services",
    "Gallagher Bassett Services",
    "ESIS",
    "Broadspire",
    "York Risk Services Group",
    "CorVel Corporation",
    "Athens Administrators",
    "AIG Claims",
    "Travelers Property Casualty",
    "Liberty Mutual Insurance",
    "Employers Compensation Insurance Company",
    "Republic Indemnity Company of America",
    "Keenan & Associates",
    "Tristar Risk Management",
    "Intercare Holdings Insurance Services",
    "ICW Group",
    "Preferred Employers Insurance",
    "CompWest Insurance Company",
];

const PROVIDERS: &[&str] = &[
    "Michael Chen, M.D.",
    "José Ramírez, M.D.",
    "Sarah Patel, D.O.",
    "Robert Kim, MD",
    "Linda Nguyen, M.D.",
    "Ángel Ortiz, D.C.",
    "David Goldstein, M.D.",
    "María Hernández, M.D.",
    "James O'Brien, M.D.",
    "Karen Williams, PA-C",
    "Thomas Müller, M.D.",
    "Renée Dubois, Psy.D.",
    "Steven Park, M.D.",
    "Anthony Russo, D.O.",
    "Jennifer Lopez-Garcia, M.D.",
    "Peter Novak, M.D.",
    "Ahmed Hassan, M.D.",
    "Susan Fischer, L.Ac.",
];

/// Builds a case for `index`; `seed` only keeps case numbers unique.
pub(crate) fn build<R: Rng>(rng: &mut R, seed: u64, index: u64) -> Case {
    let layout = weighted_pick(
        rng,
        &[
            (Layout::DwcFinal, 60),
            (Layout::MaximusLetter, 25),
            (Layout::ProfessionalReview, 15),
        ],
    );
    let dates = if rng.random_bool(0.8) {
        DateStyle::Padded
    } else {
        DateStyle::Unpadded
    };

    // Dates: a UR denial, then the application, assignment and letter a
    // few weeks apart; the injury years before.
    let ur_denial = day_between(rng, ymd(2013, 3, 1), ymd(2016, 12, 31));
    let application_received = ur_denial + Duration::days(rng.random_range(5..=35));
    let date_assigned = application_received + Duration::days(rng.random_range(3..=28));
    let letter_date = date_assigned + Duration::days(rng.random_range(7..=35));
    let age: u8 = sample_age(rng);
    // Old enough at injury to have worked (18), injured no earlier than 1995.
    let earliest_year = (ur_denial.year() - i32::from(age) + 18).max(1995);
    let latest = (ur_denial - Duration::days(90)).min(ymd(2015, 12, 31));
    let earliest = ymd(earliest_year, 1, 1).min(latest - Duration::days(30));
    let date_of_injury = day_between(rng, earliest, latest);
    let sex = if rng.random_bool(0.55) {
        Sex::Male
    } else {
        Sex::Female
    };

    // The case number's year is the year the application came in (CM13 = 2013).
    // Its seven digits are a bijection of the index, so no two letters of one
    // corpus share a number (up to ten million letters).
    let offset = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 10_000_000;
    let digits = (index.wrapping_mul(7_654_321).wrapping_add(offset)) % 10_000_000;
    // Made up even when the letter leaves it out: the file is named after it.
    let case_number = format!("CM{:02}-{:07}", application_received.year() % 100, digits);

    // Body parts: one, sometimes two.
    let primary = weighted_pick(rng, Site::PRIMARY);
    let mut sites = vec![primary];
    if rng.random_bool(0.3) {
        let second = weighted_pick(rng, Site::PRIMARY);
        if second != primary {
            sites.push(second);
        }
    }

    let count = weighted_pick(rng, ITEM_COUNTS);
    let mut items: Vec<CaseItem> = Vec::with_capacity(count);
    let mut guard = 0;
    while items.len() < count && guard < 200 {
        guard += 1;
        let entry = vocab::random_entry(rng);
        let site = if entry.sites.is_empty() {
            Site::Body
        } else if entry.sites.contains(&Site::Mind) {
            Site::Mind
        } else {
            let shared: Vec<Site> = entry
                .sites
                .iter()
                .copied()
                .filter(|s| sites.contains(s))
                .collect();
            if !shared.is_empty() {
                pick(rng, &shared)
            } else if rng.random_bool(0.2) {
                // A body part the summary had not named: the claim covers it too.
                let site = pick(rng, entry.sites);
                sites.push(site);
                site
            } else {
                continue;
            }
        };
        let written = vocab::write_treatment(rng, entry, site);
        if items.iter().any(|item| item.item.treatment == written.text) {
            continue;
        }
        let outcome = if rng.random_bool(entry.family.upheld_share()) {
            Outcome::Upheld
        } else {
            Outcome::Overturned
        };
        let reviewer = guideline::cite(rng, entry.profile, site, layout, Role::Reviewer);
        let claims = if layout == Layout::ProfessionalReview {
            // This template prints only the reviewer's guidelines.
            Citation {
                text: String::new(),
                paths: Vec::new(),
                based_on_mtus: None,
            }
        } else {
            guideline::cite(rng, entry.profile, site, layout, Role::ClaimsAdministrator)
        };
        items.push(CaseItem {
            entry,
            site,
            side: written.side,
            item: Item {
                treatment: written.text,
                category: entry.category.to_string(),
                subcategory: entry.subcategory.map(str::to_string),
                outcome,
                reviewer_guidelines: reviewer.paths,
                claims_admin_guidelines: claims.paths,
                reviewer_based_on_mtus: reviewer.based_on_mtus,
                reviewer_guideline_text: reviewer.text,
                claims_admin_guideline_text: claims.text,
                rationale: String::new(),
            },
        });
    }

    // Fields a letter may leave out.
    let show_age = rng.random_bool(0.95);
    let show_sex = rng.random_bool(0.96);
    let show_injury = rng.random_bool(0.97);
    let show_claim = rng.random_bool(0.94);
    let show_case = rng.random_bool(0.99);
    let show_denial = rng.random_bool(0.98);
    let show_assigned = rng.random_bool(match layout {
        Layout::DwcFinal => 0.98,
        Layout::MaximusLetter => 0.6,
        Layout::ProfessionalReview => 0.9,
    });
    let show_letter_date = rng.random_bool(match layout {
        Layout::DwcFinal => 0.95,
        Layout::MaximusLetter => 0.97,
        Layout::ProfessionalReview => 0.5,
    });

    let (first_entry, first_site) = items
        .first()
        .map(|item| (item.entry, item.site))
        .unwrap_or((&vocab::VOCABULARY[0], Site::Body));
    let specialty = choose_specialty(rng, first_entry, first_site);
    let state = if rng.random_bool(0.8) {
        "California"
    } else {
        pick(rng, OTHER_STATES)
    };
    let reviewer = Reviewer {
        specialty: rng.random_bool(0.95).then_some(specialty),
        specialty_words: pick(rng, specialty.written).to_string(),
        subspecialty: if !specialty.subspecialties.is_empty() && rng.random_bool(0.35) {
            Some(pick(rng, specialty.subspecialties))
        } else {
            None
        },
        state: rng.random_bool(0.94).then_some(state),
    };

    let people = People {
        age: show_age.then_some(age),
        sex: show_sex.then_some(sex),
    };
    for case_item in &mut items {
        case_item.item.rationale = rationale(rng, case_item, &people);
    }

    let claim_number = write_claim_number(rng, date_of_injury);
    let mut truth = Decision {
        file: format!("letters/{:03}/{case_number}.txt", index / 1000),
        layout,
        case_number: show_case.then(|| case_number.clone()),
        claim_number: show_claim.then_some(claim_number),
        date_assigned: show_assigned.then_some(date_assigned),
        ur_denial_date: show_denial.then_some(ur_denial),
        date_of_injury: show_injury.then_some(date_of_injury),
        letter_date: show_letter_date.then_some(letter_date),
        age: people.age,
        sex: people.sex,
        reviewer_specialty: reviewer.specialty.map(|s| s.canonical.to_string()),
        reviewer_license_state: reviewer.state.map(str::to_string),
        clinical_summary: String::new(),
        diagnoses: Vec::new(),
        items: items.iter().map(|item| item.item.clone()).collect(),
    };

    let diagnoses = choose_diagnoses(rng, &sites, &items);
    let summary = write_summary(rng, &truth, &people, &sites, &items, &diagnoses, dates);
    truth.clinical_summary = summary.join(" ");
    truth.diagnoses = diagnoses;
    let documents = write_documents(rng, &truth, &items, dates, application_received);

    Case {
        truth,
        layout,
        application_received,
        dates,
        priority: if rng.random_bool(0.93) {
            "Standard"
        } else {
            "Expedited"
        },
        employer: pick(rng, EMPLOYERS),
        claims_administrator: pick(rng, CLAIMS_ADMINISTRATORS),
        provider: pick(rng, PROVIDERS),
        reviewer,
        items,
        summary,
        documents,
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixed calendar dates are valid")
}

fn day_between<R: Rng>(rng: &mut R, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + Duration::days(rng.random_range(0..=span))
}

/// Injured workers' ages: centred in the late forties, 18 to 80.
fn sample_age<R: Rng>(rng: &mut R) -> u8 {
    // Sum of three uniforms: a cheap bell curve without extra crates.
    let spread: f64 = (0..3).map(|_| rng.random::<f64>()).sum::<f64>() / 3.0;
    let age = 18.0 + spread * 62.0 + rng.random_range(-4.0..4.0);
    age.round().clamp(18.0, 80.0) as u8
}

fn write_claim_number<R: Rng>(rng: &mut R, injury: NaiveDate) -> String {
    let yy = injury.year() % 100;
    match rng.random_range(0..7) {
        0 => format!(
            "{:02}-{:05}-{:03}",
            yy,
            rng.random_range(0..100_000),
            rng.random_range(0..1000)
        ),
        1 => format!("{:010}", rng.random_range(1_000_000_000u64..10_000_000_000)),
        2 => format!("WC{:02}{:06}", yy, rng.random_range(0..1_000_000)),
        3 => format!(
            "{}-WC-{:02}",
            rng.random_range(1_000_000..10_000_000),
            rng.random_range(1..20)
        ),
        4 => format!("A{:02}-{:06}", yy, rng.random_range(0..1_000_000)),
        5 => format!(
            "{}{:08}",
            pick(rng, &["SC", "ZN", "LM", "TR"]),
            rng.random_range(0..100_000_000)
        ),
        _ => format!(
            "{}-{:04}-{:03}",
            injury.year(),
            rng.random_range(0..10_000),
            rng.random_range(0..1000)
        ),
    }
}

/// Who the summary talks about.
struct People {
    age: Option<u8>,
    sex: Option<Sex>,
}

impl People {
    fn he(&self) -> &'static str {
        match self.sex {
            Some(Sex::Male) => "he",
            Some(Sex::Female) => "she",
            None => "the injured worker",
        }
    }

    fn his(&self) -> &'static str {
        match self.sex {
            Some(Sex::Male) => "his",
            Some(Sex::Female) => "her",
            None => "the injured worker's",
        }
    }

    fn him(&self) -> &'static str {
        match self.sex {
            Some(Sex::Male) => "him",
            Some(Sex::Female) => "her",
            None => "the injured worker",
        }
    }
}

fn fill(template: &str, people: &People, treatment: &str, place: &str) -> String {
    template
        .replace("{t}", treatment)
        .replace("{He}", &capitalize(people.he()))
        .replace("{he}", people.he())
        .replace("{His}", &capitalize(people.his()))
        .replace("{his}", people.his())
        .replace("{him}", people.him())
        .replace("{where}", place)
}

// ---------------------------------------------------------------------------
// Clinical summary
// ---------------------------------------------------------------------------

fn site_diagnoses(site: Site) -> &'static [&'static str] {
    match site {
        Site::Lumbar => &[
            "lumbar radiculopathy",
            "lumbar disc herniation",
            "lumbar degenerative disc disease",
            "lumbar spondylosis",
            "lumbar sprain/strain",
            "lumbar facet arthropathy",
            "spinal stenosis",
            "low back pain",
            "spondylolisthesis",
            "failed back surgery syndrome",
            "sciatica",
        ],
        Site::Thoracic => &[
            "thoracic sprain/strain",
            "thoracic spine pain",
            "thoracic myofascial pain",
        ],
        Site::Cervical => &[
            "cervical radiculopathy",
            "cervical disc protrusion",
            "cervicalgia",
            "cervical spondylosis",
            "cervical sprain/strain",
            "cervical facet joint syndrome",
            "cervical degenerative disc disease",
        ],
        Site::Shoulder => &[
            "shoulder impingement syndrome",
            "rotator cuff tear",
            "rotator cuff tendinitis",
            "adhesive capsulitis",
            "subacromial bursitis",
            "acromioclavicular joint arthritis",
        ],
        Site::Elbow => &[
            "lateral epicondylitis",
            "medial epicondylitis",
            "cubital tunnel syndrome",
            "elbow sprain/strain",
        ],
        Site::Wrist => &[
            "carpal tunnel syndrome",
            "de quervain's tenosynovitis",
            "wrist sprain/strain",
            "trigger finger",
            "wrist tendinitis",
        ],
        Site::Hip => &[
            "hip osteoarthritis",
            "hip labral tear",
            "trochanteric bursitis",
            "hip sprain/strain",
        ],
        Site::Knee => &[
            "medial meniscus tear",
            "knee osteoarthritis",
            "chondromalacia patella",
            "internal derangement of the knee",
            "knee sprain/strain",
        ],
        Site::Ankle => &[
            "plantar fasciitis",
            "ankle sprain/strain",
            "achilles tendinitis",
            "ankle osteoarthritis",
            "tarsal tunnel syndrome",
        ],
        Site::Head => &[
            "post-traumatic headaches",
            "post-concussion syndrome",
            "occipital neuralgia",
            "cervicogenic headache",
        ],
        Site::Body => &["chronic pain syndrome", "myofascial pain syndrome"],
        Site::Mind => &[
            "depression",
            "anxiety",
            "major depressive disorder",
            "adjustment disorder with mixed anxiety and depressed mood",
            "post-traumatic stress disorder",
            "depressive disorder",
        ],
    }
}

fn choose_diagnoses<R: Rng>(rng: &mut R, sites: &[Site], items: &[CaseItem]) -> Vec<String> {
    let mut out: Vec<&str> = Vec::new();
    let add = |rng: &mut R, pool: &[&'static str], n: usize, out: &mut Vec<&'static str>| {
        for _ in 0..n {
            let choice = pick(rng, pool);
            if !out.contains(&choice) {
                out.push(choice);
            }
        }
    };
    for (position, &site) in sites.iter().enumerate() {
        let n = if position == 0 {
            rng.random_range(1..=3)
        } else {
            rng.random_range(1..=2)
        };
        add(rng, site_diagnoses(site), n, &mut out);
    }
    let has = |family: Family| items.iter().any(|item| item.entry.family == family);
    if has(Family::Psych) || (has(Family::Antidepressant) && rng.random_bool(0.4)) {
        add(rng, site_diagnoses(Site::Mind), 1, &mut out);
    }
    if has(Family::Ppi) && rng.random_bool(0.5) {
        add(
            rng,
            &["gastritis", "gastroesophageal reflux disease", "dyspepsia"],
            1,
            &mut out,
        );
    }
    if has(Family::Sleep) && rng.random_bool(0.6) {
        add(rng, &["insomnia", "sleep disturbance"], 1, &mut out);
    }
    if rng.random_bool(0.2) {
        add(rng, site_diagnoses(Site::Body), 1, &mut out);
    }
    out.into_iter().map(str::to_string).collect()
}

fn complaint(site: Site) -> &'static [&'static str] {
    match site {
        Site::Lumbar => &[
            "constant low back pain radiating to the {side} lower extremity, rated 7/10",
            "low back pain with numbness and tingling in the {side} leg",
            "persistent low back pain rated 6/10 that worsens with prolonged sitting and standing",
            "low back pain radiating to the buttocks",
        ],
        Site::Thoracic => &["mid back pain rated 5/10", "thoracic pain aggravated by twisting"],
        Site::Cervical => &[
            "neck pain radiating to the {side} upper extremity with numbness and tingling",
            "constant aching pain in the bilateral aspects of the cervical spine, more so on the {side}",
            "neck pain with headaches rated 7/10",
        ],
        Site::Shoulder => &[
            "{side} shoulder pain with overhead reaching",
            "pain and weakness of the {side} shoulder",
            "{side} shoulder pain rated 6/10 with popping",
        ],
        Site::Elbow => &["{side} elbow pain with gripping", "lateral {side} elbow pain"],
        Site::Wrist => &[
            "numbness and tingling in the {side} hand, worse at night",
            "{side} wrist pain with gripping and grasping",
            "{side} hand pain with locking of the middle finger",
        ],
        Site::Hip => &["{side} hip pain with walking", "{side} groin pain"],
        Site::Knee => &[
            "{side} knee pain with swelling and clicking",
            "{side} knee pain rated 7/10 with giving way",
            "pain along the medial joint line of the {side} knee",
        ],
        Site::Ankle => &["{side} heel pain, worse with the first steps in the morning", "{side} ankle pain and swelling"],
        Site::Head => &["daily headaches and dizziness", "occipital headaches radiating from the neck"],
        Site::Body | Site::Mind => &["diffuse pain, poor sleep and low mood"],
    }
}

fn examination(site: Site) -> &'static [&'static str] {
    match site {
        Site::Lumbar => &[
            "Examination revealed tenderness to palpation over the lumbar paraspinal muscles, decreased range of motion and a positive straight leg raise on the {side}.",
            "Examination showed decreased sensation in the {side} L5 dermatome.",
            "Facet loading was positive bilaterally.",
        ],
        Site::Cervical => &[
            "Cervical active range of motion is limited. Facet joint maneuvers are positive.",
            "Spurling's test was positive on the {side}.",
            "There was decreased sensation in the C6 dermatome on the {side}.",
        ],
        Site::Shoulder => &[
            "Examination revealed positive impingement signs and a painful arc of motion.",
            "Neer and Hawkins tests were positive.",
        ],
        Site::Knee => &[
            "McMurray's test was positive and there was medial joint line tenderness.",
            "There was a mild effusion with crepitus on range of motion.",
        ],
        Site::Wrist => &[
            "Tinel's and Phalen's signs were positive.",
            "There was tenderness over the first dorsal compartment with a positive Finkelstein's test.",
        ],
        Site::Elbow => &["There was tenderness over the lateral epicondyle with pain on resisted wrist extension."],
        Site::Hip => &["Examination showed pain with internal rotation and a positive FABER test."],
        Site::Ankle => &["There was tenderness at the plantar fascia insertion."],
        Site::Thoracic => &["There was tenderness to palpation of the thoracic paraspinal muscles."],
        Site::Head | Site::Body | Site::Mind => &["Neurological examination was nonfocal."],
    }
}

const MECHANISMS: &[&str] = &[
    "lifting a heavy box",
    "lifting a patient",
    "pulling a pallet jack",
    "a slip and fall on a wet floor",
    "a fall from a ladder",
    "a motor vehicle accident while driving a company vehicle",
    "repetitive work activities",
    "cumulative trauma",
    "being struck by a falling object",
    "twisting while carrying a load",
];

const PRIOR_TREATMENT: &[&str] = &[
    "physical therapy",
    "chiropractic care",
    "acupuncture",
    "medications",
    "a home exercise program",
    "epidural steroid injections",
    "activity modification",
    "a TENS unit",
    "massage therapy",
    "psychotherapy",
    "cortisone injections",
    "bracing",
    "surgery",
    "radiofrequency neurotomy",
    "work restrictions",
];

fn join_list(parts: &[String], oxford: bool) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [rest @ .., last] => {
            let comma = if oxford { "," } else { "" };
            format!("{}{comma} and {last}", rest.join(", "))
        }
    }
}

fn age_and_sex<R: Rng>(rng: &mut R, people: &People) -> Option<String> {
    let noun = people.sex.map(|sex| {
        let options: &[&str] = match sex {
            Sex::Male => &["male", "male", "man", "gentleman"],
            Sex::Female => &["female", "female", "woman", "lady"],
        };
        pick(rng, options)
    });
    let age = people.age.map(|age| {
        let form = pick(
            rng,
            &["{} year old", "{}-year-old", "{} year-old", "{}-year old"],
        );
        form.replace("{}", &age.to_string())
    });
    match (age, noun) {
        (Some(age), Some(noun)) => Some(format!("{age} {noun}")),
        (Some(age), None) => Some(format!(
            "{age} {}",
            pick(rng, &["patient", "individual", "injured worker"])
        )),
        (None, Some(noun)) => Some(noun.to_string()),
        (None, None) => None,
    }
}

fn a_or_an(word: &str) -> &'static str {
    // Ages 8, 11, 18 and 80-89 are read "an eight ...", "an eighteen ...".
    let starts_vowel_sound = word.starts_with(['a', 'e', 'i', 'o', 'u'])
        || word.starts_with("8")
        || word.starts_with("11")
        || word.starts_with("18 ")
        || word.starts_with("18-");
    if starts_vowel_sound {
        "an"
    } else {
        "a"
    }
}

fn side_word<R: Rng>(rng: &mut R, items: &[CaseItem], site: Site) -> &'static str {
    items
        .iter()
        .find(|item| item.site == site)
        .and_then(|item| item.side)
        .filter(|side| *side != Side::Bilateral)
        .map(Side::word)
        .unwrap_or_else(|| pick(rng, &["right", "left"]))
}

fn write_summary<R: Rng>(
    rng: &mut R,
    truth: &Decision,
    people: &People,
    sites: &[Site],
    items: &[CaseItem],
    diagnoses: &[String],
    dates: DateStyle,
) -> Vec<String> {
    let mut first: Vec<String> = Vec::new();
    let who = age_and_sex(rng, people);
    let injury = truth
        .date_of_injury
        .map(|date| write_prose_date(rng, date, dates));
    let opener = match (&who, &injury) {
        (Some(who), Some(date)) => {
            let article = a_or_an(who);
            match rng.random_range(0..6) {
                0 => format!("The injured worker is {article} {who} whose date of injury is {date}."),
                1 => format!("The patient is {article} {who} who sustained an industrial injury on {date}."),
                2 => format!("This {who} was injured at work on {date}."),
                3 => format!("The applicant is {article} {who} who reported an industrial injury on {date}."),
                4 => format!("According to the records, the injured worker is {article} {who} with a date of injury of {date}."),
                _ => format!("The claimant is {article} {who} who was injured on {date}."),
            }
        }
        (Some(who), None) => {
            let article = a_or_an(who);
            format!("The injured worker is {article} {who} with a reported industrial injury; the date of injury is not documented in the records provided.")
        }
        (None, Some(date)) => {
            format!("The injured worker sustained an industrial injury on {date}.")
        }
        (None, None) => "The injured worker sustained an industrial injury.".to_string(),
    };
    first.push(opener);

    if rng.random_bool(0.8) {
        let mechanism = pick(rng, MECHANISMS);
        let sentence = match rng.random_range(0..4) {
            0 => format!("The mechanism of injury was {mechanism}."),
            1 => format!(
                "{} was injured as a result of {mechanism}.",
                capitalize(people.he())
            ),
            2 => format!("The injury occurred due to {mechanism}."),
            _ => "The mechanism of injury is not described.".to_string(),
        };
        first.push(sentence);
    }

    let primary = sites.first().copied().unwrap_or(Site::Lumbar);
    let side = side_word(rng, items, primary);
    let report_date = truth
        .ur_denial_date
        .map(|denial| denial - Duration::days(rng.random_range(7..=60)))
        .map(|date| write_prose_date(rng, date, dates));
    let complaint = pick(rng, complaint(primary)).replace("{side}", side);
    first.push(match (&report_date, rng.random_range(0..3)) {
        (Some(date), 0) => format!("A progress report dated {date} documented {complaint}."),
        (Some(date), 1) => format!("On {date}, {} reported {complaint}.", people.he()),
        (Some(date), _) => {
            format!("The most recent progress note, dated {date}, indicates {complaint}.")
        }
        (None, _) => format!("The most recent progress note indicates {complaint}."),
    });
    if rng.random_bool(0.75) {
        first.push(pick(rng, examination(primary)).replace("{side}", side));
    }

    if !diagnoses.is_empty() {
        let list = join_list(diagnoses, rng.random_bool(0.5));
        first.push(match rng.random_range(0..4) {
            0 => format!("Diagnoses include {list}."),
            1 => format!("The diagnoses are {list}."),
            2 => format!("Assessment notes {list}."),
            _ => format!(
                "{} has been diagnosed with {list}.",
                capitalize(people.he())
            ),
        });
    }

    let mut second: Vec<String> = Vec::new();
    let mut prior: Vec<String> = Vec::new();
    for _ in 0..rng.random_range(2..=5) {
        let choice = pick(rng, PRIOR_TREATMENT).to_string();
        if !prior.contains(&choice) {
            prior.push(choice);
        }
    }
    let prior = join_list(&prior, rng.random_bool(0.5));
    second.push(match rng.random_range(0..3) {
        0 => format!("Treatment to date has included {prior}."),
        1 => format!("Failed conservative treatment is noted to include {prior}."),
        _ => format!("Prior treatment has consisted of {prior}."),
    });

    let drugs: Vec<String> = items
        .iter()
        .filter(|item| item.entry.category == "medication")
        .filter_map(|item| item.item.treatment.split_whitespace().next())
        // "Compounded ..." and "Topical ..." name no drug.
        .filter(|word| !matches!(*word, "Compounded" | "Compound" | "Topical"))
        .map(str::to_string)
        .collect();
    if !drugs.is_empty() && rng.random_bool(0.6) {
        second.push(format!(
            "Current medications include {}.",
            join_list(&drugs, false)
        ));
    }

    let requested: Vec<String> = items
        .iter()
        .map(|item| item.item.treatment.clone())
        .collect();
    let requested = join_list(&requested, false);
    let denial = truth
        .ur_denial_date
        .map(|date| write_prose_date(rng, date, dates));
    second.push(match rng.random_range(0..3) {
        0 => format!("The current request is for {requested}."),
        1 => format!("A request for authorization was submitted for {requested}."),
        _ => format!("The treating provider has requested {requested}."),
    });
    second.push(match denial {
        Some(date) => pick(
            rng,
            &[
                "Utilization review dated {d} non-certified the request.",
                "The request was denied by utilization review on {d}.",
                "On {d}, utilization review non-certified the request.",
            ],
        )
        .replace("{d}", &date),
        None => "The request was non-certified by utilization review.".to_string(),
    });

    if rng.random_bool(0.5) {
        vec![first.join(" "), second.join(" ")]
    } else {
        first.extend(second);
        vec![first.join(" ")]
    }
}

fn write_documents<R: Rng>(
    rng: &mut R,
    truth: &Decision,
    items: &[CaseItem],
    dates: DateStyle,
    application: NaiveDate,
) -> Vec<String> {
    let mut documents = vec![format!(
        "Application of Independent Medical Review dated {}",
        write_date(application, dates)
    )];
    match truth.ur_denial_date {
        Some(date) => documents.push(format!(
            "Utilization Review Determination dated {}",
            write_date(date, dates)
        )),
        None => documents.push("Utilization Review Determination".to_string()),
    }
    if let Some(denial) = truth.ur_denial_date {
        let to = denial - Duration::days(rng.random_range(5..=40));
        let from = to - Duration::days(rng.random_range(60..=400));
        documents.push(format!(
            "Progress reports dated {} to {}",
            write_date(from, dates),
            write_date(to, dates)
        ));
    } else {
        documents.push("Progress reports from the treating physician".to_string());
    }
    if let Some(item) = items
        .iter()
        .find(|item| item.site != Site::Body && item.site != Site::Mind)
    {
        documents.push(format!(
            "{} report of the {}",
            pick(rng, &["MRI", "X-ray", "Diagnostic imaging"]),
            item.site.part()
        ));
    }
    let extras: &[&str] = &[
        "Physical therapy progress notes",
        "Request for authorization",
        "Employee medical records from the Claims Administrator",
        "Pharmacy records",
        "Qualified medical evaluation report",
        "Operative report",
        "Psychological evaluation report",
    ];
    for _ in 0..rng.random_range(0..=3) {
        let extra = pick(rng, extras).to_string();
        if !documents.contains(&extra) {
            documents.push(extra);
        }
    }
    documents
}

// ---------------------------------------------------------------------------
// Rationales
// ---------------------------------------------------------------------------

/// (what the guideline recommends, reasons to uphold, reasons to overturn).
type Pools = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

fn pools(family: Family) -> Pools {
    match family {
        Family::Opioid => (
            &[
                "ongoing opioid management requires documentation of pain relief, functional status, appropriate medication use and side effects",
                "opioids for chronic pain are recommended only when there is documented objective functional improvement and a reduction in pain",
                "continued use of opioids requires ongoing review and documentation of the 4 A's: analgesia, activities of daily living, adverse side effects and aberrant drug-taking behaviors",
                "opioid dosing should not exceed 120 mg oral morphine equivalents per day",
            ],
            &[
                "The records do not document objective functional improvement or a meaningful decrease in pain with the current opioid regimen.",
                "There is no evidence of a signed opioid agreement, current urine drug screening or an updated risk assessment.",
                "{He} has used opioids long term without documented benefit, and weaning is recommended.",
                "Pain scores have remained unchanged at 8/10 despite long-term opioid use.",
            ],
            &[
                "The progress reports document a decrease in pain from 8/10 to 4/10 with medication and improved ability to perform activities of daily living.",
                "Urine drug screens have been consistent, there is a signed pain agreement, and no aberrant behavior is reported.",
                "{He} has returned to modified work with the current regimen.",
            ],
        ),
        Family::MuscleRelaxant => (
            &[
                "non-sedating muscle relaxants are recommended with caution as a second-line option for short-term treatment of acute exacerbations in patients with chronic low back pain",
                "muscle relaxants are not recommended for long-term use, and efficacy appears to diminish over time",
                "carisoprodol is not recommended and is not indicated for long-term use",
            ],
            &[
                "{He} has been prescribed muscle relaxants for several months, well beyond the short-term course the guidelines support.",
                "There is no documentation of an acute exacerbation or of muscle spasm on examination.",
                "The records do not describe any functional benefit from prior use.",
            ],
            &[
                "The records document an acute exacerbation with palpable muscle spasm, and a short course is appropriate.",
                "The quantity requested is consistent with a short course of treatment.",
            ],
        ),
        Family::Topical => (
            &[
                "topical analgesics are largely experimental and are primarily recommended for neuropathic pain when trials of antidepressants and anticonvulsants have failed",
                "any compounded product that contains at least one drug or drug class that is not recommended is not recommended",
                "topical lidocaine is recommended for localized peripheral pain after there has been evidence of a trial of first-line therapy",
            ],
            &[
                "There is no documentation of failed trials of antidepressants and anticonvulsants.",
                "The compound contains at least one ingredient that is not recommended for topical use.",
                "The records do not indicate localized neuropathic pain.",
                "There is no documentation of intolerance to oral medications.",
            ],
            &[
                "{He} has localized peripheral neuropathic pain after a failed trial of gabapentin, and the records document improved function with the medication.",
                "Oral NSAIDs caused gastrointestinal upset, and the topical agent has reduced pain by 40 percent.",
            ],
        ),
        Family::Ppi => (
            &[
                "proton pump inhibitors are recommended for patients taking NSAIDs who are at intermediate or high risk for gastrointestinal events",
                "risk factors for gastrointestinal events include age over 65, a history of peptic ulcer, GI bleeding or perforation, and concurrent use of aspirin, corticosteroids or anticoagulants",
            ],
            &[
                "The records do not document gastrointestinal symptoms or any risk factors for gastrointestinal events.",
                "{He} is not currently prescribed an NSAID.",
                "There is no history of peptic ulcer disease, GI bleeding or perforation.",
            ],
            &[
                "{He} has documented dyspepsia on chronic NSAID therapy and a history of gastritis.",
                "{He} takes a daily aspirin along with an NSAID and has a history of gastrointestinal bleeding.",
            ],
        ),
        Family::Nsaid => (
            &[
                "NSAIDs are recommended at the lowest dose for the shortest period in patients with moderate to severe pain",
                "NSAIDs are recommended as an option for short-term symptomatic relief of chronic low back pain",
            ],
            &[
                "The records do not document pain relief or functional improvement with prior NSAID use.",
                "Long-term use is not supported, and {he} has taken this medication for more than a year.",
                "There is no documentation of monitoring of renal and hepatic function.",
            ],
            &[
                "The records document a reduction in pain and improved tolerance for walking with the medication.",
                "This is a first-line option for {his} osteoarthritis-related pain and no adverse effects are reported.",
            ],
        ),
        Family::Anticonvulsant => (
            &[
                "antiepilepsy drugs are recommended for neuropathic pain, and a good response is defined as a 30% to 50% reduction in pain",
                "after initiation of treatment there should be documentation of pain relief and improvement in function as well as side effects",
            ],
            &[
                "There is no documentation of neuropathic pain on examination.",
                "The records do not document at least a 30% reduction in pain or improved function with this medication.",
            ],
            &[
                "{He} has radicular pain with dermatomal sensory loss, and the records document a 50% reduction in burning pain.",
                "The medication has allowed {him} to reduce opioid use.",
            ],
        ),
        Family::Antidepressant => (
            &[
                "antidepressants are recommended as a first-line option for neuropathic pain and as a possibility for non-neuropathic pain",
                "assessment of treatment efficacy should include pain outcomes, function, changes in other analgesic use, sleep quality and duration, and psychological assessment",
            ],
            &[
                "The records do not document improvement in pain, function, sleep or mood with this medication.",
                "There is no diagnosis of depression or neuropathic pain documented.",
            ],
            &[
                "{He} has documented neuropathic pain and depression, and the records show improved sleep and function.",
                "The treating physician documents a decrease in pain and improved mood with this medication.",
            ],
        ),
        Family::Sleep => (
            &[
                "non-benzodiazepine hypnotics are approved for the short-term treatment of insomnia, usually two to six weeks",
                "pharmacologic agents for insomnia should be used only after careful evaluation of potential causes of sleep disturbance",
                "sleep medications are rarely recommended for long-term use",
            ],
            &[
                "{He} has been taking this medication for several months, which exceeds the short-term use supported.",
                "There is no documentation of a sleep hygiene evaluation or of the nature of the sleep disturbance.",
                "The records do not describe improvement in sleep onset, maintenance or next-day function.",
            ],
            &[
                "{He} has recently developed insomnia related to pain, and a short course is appropriate.",
                "The records document failed sleep hygiene measures and a clear improvement in sleep with the medication.",
            ],
        ),
        Family::Benzodiazepine => (
            &["benzodiazepines are not recommended for long-term use because long-term efficacy is unproven and there is a risk of dependence, and most guidelines limit use to 4 weeks"],
            &[
                "{He} has used benzodiazepines for longer than four weeks.",
                "There is no documentation of an anxiety disorder being treated by a specialist.",
            ],
            &[
                "The request represents a short taper to discontinuation, which is appropriate.",
                "{He} has an acute exacerbation of anxiety, and the quantity requested is limited to a short course.",
            ],
        ),
        Family::MedicalFood => (
            &[
                "medical foods are not recommended for chronic pain",
                "a medical food must be used under physician supervision for a disease with distinctive nutritional requirements",
            ],
            &[
                "There is no documented nutritional deficiency or disease with distinctive nutritional requirements.",
                "There is no evidence of efficacy for this product in the treatment of chronic pain.",
            ],
            &["{He} has a documented nutritional deficiency for which this product is indicated."],
        ),
        Family::OtherDrug => (
            &["medications should be prescribed for a documented indication with ongoing monitoring of efficacy and side effects"],
            &[
                "The records do not document the indication for this medication or its effectiveness.",
                "There is no documentation of the symptoms this medication is intended to treat.",
            ],
            &[
                "The records document the indication for this medication and a clear benefit from its use.",
                "Prophylactic treatment of side effects is recommended when opioids are prescribed.",
            ],
        ),
        Family::PhysicalTherapy => (
            &[
                "physical medicine guidelines allow for fading of treatment frequency plus active self-directed home physical medicine",
                "9-10 visits over 8 weeks are recommended for myalgia and myositis, and 8-10 visits over 4 weeks for neuralgia, neuritis and radiculitis",
                "continued therapy requires documentation of objective functional improvement",
            ],
            &[
                "{He} has completed at least 24 prior sessions without documented objective functional improvement and should be able to continue with a home exercise program.",
                "The number of visits requested exceeds the guideline recommendation.",
                "There is no documentation of the number of prior sessions or of their outcome.",
            ],
            &[
                "{He} has not had therapy for the {where} and has a new flare with documented functional deficits.",
                "The request is within the number of visits the guidelines allow, and prior therapy produced measurable gains in range of motion.",
            ],
        ),
        Family::PostOpTherapy => (
            &[
                "a general course of postsurgical physical medicine treatment is recommended within the postsurgical physical medicine treatment period",
                "an initial course of therapy means one half of the number of visits specified in the general course of therapy",
            ],
            &[
                "{He} has already completed the postsurgical visits recommended for this procedure.",
                "The number of visits requested exceeds the initial course of therapy.",
                "There is no documentation that the surgery has taken place.",
            ],
            &[
                "{He} recently underwent surgery of the {where}, and the request falls within the initial course of postsurgical therapy.",
                "The records document ongoing functional gains with post-operative therapy.",
            ],
        ),
        Family::WorkHardening => (
            &["work conditioning is recommended as an option when a functional capacity evaluation shows consistent results with maximal effort and the worker has a defined return to work goal"],
            &[
                "There is no documentation of a specific job to return to or of a functional capacity evaluation.",
                "{He} has been off work for more than two years.",
            ],
            &["{He} has a defined job to return to and has plateaued with conventional physical therapy."],
        ),
        Family::Chiropractic => (
            &[
                "manual therapy and manipulation are recommended for chronic pain caused by musculoskeletal conditions, with a trial of 6 visits over 2 weeks",
                "with evidence of objective functional improvement, a total of up to 18 visits over 6-8 weeks may be appropriate",
            ],
            &[
                "{He} has already had extensive chiropractic treatment without documented functional improvement.",
                "The number of visits requested exceeds the recommended trial.",
            ],
            &[
                "{He} has not had prior chiropractic care, and the request is consistent with a trial of treatment.",
                "Prior sessions resulted in documented improvement in function and a decrease in medication use.",
            ],
        ),
        Family::Acupuncture => (
            &[
                "acupuncture may be used as an option when pain medication is reduced or not tolerated",
                "the time to produce functional improvement is 3 to 6 treatments, and treatments may be extended if functional improvement is documented",
            ],
            &[
                "{He} has undergone prior acupuncture without documented functional improvement.",
                "The number of sessions requested exceeds the initial trial of 3 to 6 treatments.",
                "Given the lack of documented benefit with prior acupuncture, the request for additional sessions is not in accordance with the guidelines.",
            ],
            &[
                "{He} has not previously had acupuncture and is intolerant of pain medication, so a trial is reasonable.",
                "Prior acupuncture resulted in documented functional improvement and reduced medication use.",
            ],
        ),
        Family::Massage => (
            &["massage therapy should be an adjunct to other recommended treatment and should be limited to 4-6 visits in most cases"],
            &[
                "The request exceeds the recommended number of visits.",
                "There is no documentation that massage will be used as an adjunct to an active exercise program.",
            ],
            &["The request is within the recommended number of visits and is an adjunct to a home exercise program."],
        ),
        Family::Epidural => (
            &[
                "epidural steroid injections are recommended as an option for radicular pain, defined as pain in a dermatomal distribution with corroborative findings of radiculopathy",
                "radiculopathy must be documented by physical examination and corroborated by imaging studies and/or electrodiagnostic testing",
                "repeat blocks should be based on continued objective documented pain and functional improvement, including at least 50% pain relief with associated reduction of medication use for six to eight weeks",
            ],
            &[
                "The physical examination does not document a dermatomal sensory deficit, motor weakness or reflex changes.",
                "No imaging or electrodiagnostic study corroborating radiculopathy was provided.",
                "Prior injections did not produce at least 50% pain relief for six to eight weeks.",
            ],
            &[
                "The examination shows decreased sensation in a dermatomal distribution and a positive straight leg raise, corroborated by MRI showing a disc protrusion with nerve root impingement.",
                "The prior injection provided 60% relief for eight weeks with reduced medication use.",
            ],
        ),
        Family::Facet => (
            &[
                "facet joint diagnostic blocks are limited to patients with pain that is non-radicular and at no more than two levels bilaterally",
                "there should be documentation of failure of conservative treatment including home exercise, physical therapy and NSAIDs prior to the procedure",
            ],
            &[
                "The request is excessive as the guidelines note that no more than two levels should be performed.",
                "There is no indication that the injured worker has undergone any recent active treatment.",
                "The records document radicular symptoms, which is a contraindication to facet blocks.",
            ],
            &["{He} has non-radicular axial pain with facet tenderness and has failed conservative care, and the request is limited to two levels."],
        ),
        Family::TriggerPoint => (
            &["trigger point injections are recommended only for myofascial pain syndrome with circumscribed trigger points with evidence upon palpation of a twitch response as well as referred pain"],
            &[
                "The records do not document circumscribed trigger points with a twitch response and referred pain.",
                "Radiculopathy is present, and the guidelines do not support injections in that setting.",
                "Prior injections did not provide greater than 50% relief for six weeks.",
            ],
            &["The examination documents circumscribed trigger points with a twitch response and referred pain, and symptoms have persisted for more than three months despite stretching and medications."],
        ),
        Family::JointInjection => (
            &[
                "intra-articular injections are recommended as an option for short-term relief when conservative treatment fails",
                "hyaluronic acid injections are recommended for patients with significantly symptomatic osteoarthritis who have not responded adequately to conservative treatment",
            ],
            &[
                "There is no documentation of severe osteoarthritis on imaging or of failure of conservative treatment.",
                "A prior injection provided only brief relief.",
                "The diagnosis does not meet the guideline indications.",
            ],
            &[
                "Imaging documents severe osteoarthritis, and {he} has failed physical therapy, NSAIDs and a steroid injection.",
                "The prior injection provided more than six months of relief, which supports a repeat injection.",
            ],
        ),
        Family::NerveBlock => (
            &["nerve blocks are under study and are recommended only for specific diagnoses confirmed on examination"],
            &[
                "The diagnosis for which the block is indicated is not documented.",
                "There is no documentation of the response to prior blocks.",
            ],
            &["The examination confirms the diagnosis, and a diagnostic block is appropriate before further treatment."],
        ),
        Family::Ablation => (
            &[
                "facet joint radiofrequency neurotomy requires a diagnosis of facet joint pain using a medial branch block",
                "repeat neurotomy requires documented relief of at least 50% for at least 12 weeks after the prior procedure",
            ],
            &[
                "There is no documentation of a positive diagnostic medial branch block.",
                "The prior neurotomy did not produce sustained relief.",
                "The records document radicular findings.",
            ],
            &["Diagnostic medial branch blocks at the requested levels produced more than 70% relief, and the request is limited to two levels."],
        ),
        Family::Imaging => (
            &[
                "imaging is indicated when unequivocal objective findings identify specific nerve compromise on the neurologic examination in patients who do not respond to treatment",
                "repeat imaging is not routinely recommended and should be reserved for a significant change in symptoms or findings suggestive of significant pathology",
                "imaging studies are recommended when red flags are present or when surgery is being considered",
            ],
            &[
                "There is no documentation of red flags, a progressive neurologic deficit or a significant change in symptoms.",
                "A prior study of the {where} has already been performed and the findings are unchanged.",
                "Surgery is not being considered.",
            ],
            &[
                "{He} has a progressive neurologic deficit and has failed conservative treatment, and surgery is being considered.",
                "The examination documents new findings suggestive of significant pathology of the {where}.",
            ],
        ),
        Family::Electrodiagnostic => (
            &[
                "electromyography and nerve conduction studies may help identify subtle focal neurologic dysfunction in patients with symptoms lasting more than three or four weeks",
                "electrodiagnostic studies are not necessary if radiculopathy is already clinically obvious",
            ],
            &[
                "There is no documentation of a focal neurologic deficit on examination.",
                "Radiculopathy is already clinically obvious and was confirmed by imaging.",
                "Prior electrodiagnostic studies were performed and there is no change in findings.",
            ],
            &["{He} has persistent numbness and tingling with equivocal findings on examination, and the diagnosis remains unclear after conservative treatment."],
        ),
        Family::DrugScreen => (
            &[
                "drug testing is recommended as an option to assess for the use or the presence of illegal drugs",
                "patients at low risk of addiction or aberrant behavior should be tested within six months of initiation of therapy and on a yearly basis thereafter",
            ],
            &[
                "{He} was tested recently with consistent results and is at low risk of aberrant behavior.",
                "There is no documentation of the risk stratification needed to determine the frequency of testing.",
                "{He} is not currently prescribed opioids.",
            ],
            &[
                "{He} is prescribed opioids, has not been tested in the past year, and the guidelines support yearly screening.",
                "The records document aberrant behavior, which warrants testing.",
            ],
        ),
        Family::Labs => (
            &[
                "periodic laboratory monitoring is recommended for patients on chronic NSAID therapy",
                "preoperative testing should be guided by the patient's clinical history, comorbidities and physical examination findings",
            ],
            &[
                "The records do not document a clinical indication for the requested tests.",
                "Recent laboratory results were normal.",
            ],
            &["{He} has been on chronic NSAID therapy without monitoring of renal and hepatic function."],
        ),
        Family::Genetic => (
            &["genetic testing for potential opioid abuse is not recommended, as studies are inconsistent and lack a clear predictive value"],
            &[
                "There is no evidence that the results would change management.",
                "The guidelines do not support this testing.",
            ],
            &["The records document a specific clinical question that the test would answer."],
        ),
        Family::Surgery => (
            &[
                "surgical intervention is indicated for patients with severe and disabling symptoms, clear clinical and imaging evidence of a lesion shown to benefit from surgical repair, and failure of conservative treatment",
                "surgery is recommended after failure of at least three to six months of conservative care",
            ],
            &[
                "The imaging findings do not correlate with the examination.",
                "There is no documentation of failure of a full course of conservative treatment.",
                "There is no clear evidence of a surgical lesion.",
                "A psychological screening was not performed before the proposed surgery.",
            ],
            &[
                "{He} has clear clinical and imaging evidence of a lesion that has been shown to benefit from surgical repair and has failed more than six months of conservative care.",
                "The examination and imaging findings correlate, and conservative treatment has failed.",
            ],
        ),
        Family::PreOp => (
            &["preoperative testing is guided by the patient's clinical history, comorbidities and physical examination findings"],
            &[
                "As the associated surgery has not been found medically necessary, the pre-operative clearance is not needed either.",
                "No comorbidities requiring preoperative evaluation are documented.",
            ],
            &["The associated surgery has been approved and {he} has comorbidities that require preoperative evaluation."],
        ),
        Family::HospitalStay => (
            &["the recommended hospital length of stay depends on the procedure performed"],
            &[
                "As the associated surgery is not supported, the associated services are not supported either.",
                "The requested length of stay exceeds the recommended median.",
            ],
            &["The requested stay is within the recommended length of stay for the approved procedure."],
        ),
        Family::Tens => (
            &["TENS is not recommended as a primary treatment modality, but a one-month home-based trial may be considered as a noninvasive conservative option if used as an adjunct to a program of evidence-based functional restoration"],
            &[
                "There is no documentation of a one-month trial with documented pain relief and functional improvement.",
                "There is no evidence that the unit will be used as an adjunct to a functional restoration program.",
                "The records do not document how often the unit was used or its outcome.",
            ],
            &[
                "A one-month trial documented decreased pain, reduced medication use and improved function.",
                "{He} has neuropathic pain and failed other modalities, and a one-month trial is appropriate.",
            ],
        ),
        Family::ElectricalStimulation => (
            &[
                "electrical stimulation devices are not recommended as an isolated intervention",
                "a one-month trial may be considered only following failure of initially recommended conservative care, including TENS",
            ],
            &[
                "There is no documentation of a failed TENS trial.",
                "There is no documentation of a trial period with objective functional improvement.",
            ],
            &["{He} failed a TENS trial, and a one-month trial of this device documented functional improvement."],
        ),
        Family::ColdTherapy => (
            &[
                "continuous-flow cryotherapy is recommended as an option after surgery for up to 7 days, including home use",
                "at-home local applications of cold packs are as effective as mechanical devices",
            ],
            &[
                "The duration requested exceeds the 7 days supported after surgery.",
                "There is no documentation that surgery has been authorized.",
                "Simple cold packs would be equally effective.",
            ],
            &["The request is limited to seven days of use after an approved surgery."],
        ),
        Family::Brace => (
            &[
                "braces and supports have not been shown to have any lasting benefit beyond the acute phase of symptom relief",
                "bracing is recommended for instability or after surgery",
            ],
            &[
                "There is no documentation of instability, fracture or recent surgery.",
                "{He} is well beyond the acute phase of injury.",
            ],
            &[
                "The examination documents instability, and the brace is requested for use during activity.",
                "The brace is requested for use after an approved surgical procedure.",
            ],
        ),
        Family::Mobility => (
            &["walking aids are recommended for patients with conditions causing impaired ambulation when there is a potential for ambulation with the aid"],
            &[
                "There is no documentation of impaired ambulation or gait instability.",
                "The records do not explain why a simpler device would not suffice.",
            ],
            &["The examination documents an antalgic gait and falls, and the device will improve safe ambulation."],
        ),
        Family::OtherDme => (
            &["durable medical equipment is recommended if there is a medical need and the device meets the definition of durable medical equipment"],
            &[
                "The item is primarily for comfort and convenience and is not medical in nature.",
                "The records do not document a medical need for this equipment.",
            ],
            &["The equipment is medical in nature and is needed for the documented condition."],
        ),
        Family::Psych => (
            &[
                "psychological evaluations are recommended for chronic pain problems",
                "behavioral interventions are recommended with an initial trial of 3-4 psychotherapy visits over 2 weeks and, with evidence of objective functional improvement, a total of up to 6-10 visits",
                "cognitive behavioral therapy is recommended for depression",
            ],
            &[
                "{He} has completed prior sessions without documented objective functional improvement.",
                "The number of sessions requested exceeds the initial trial.",
                "There is no documentation of psychological symptoms that would warrant evaluation.",
            ],
            &[
                "{He} has documented depressive symptoms related to chronic pain and has not had prior psychological treatment.",
                "Prior sessions produced documented improvement in mood and function, which supports additional sessions.",
            ],
        ),
        Family::FunctionalRestoration => (
            &[
                "functional restoration programs are recommended when previous methods of treating chronic pain have been unsuccessful, the patient has a significant loss of ability to function independently, is not a candidate for surgery, and exhibits motivation to change",
                "total treatment duration should generally not exceed 20 full-day sessions",
            ],
            &[
                "There is no documentation of an adequate and thorough multidisciplinary evaluation.",
                "{He} has not exhausted other treatment options and remains a surgical candidate.",
                "The request exceeds the 2-week trial period the guidelines support before continuation.",
            ],
            &["{He} has failed extensive conservative care, is not a surgical candidate, and is motivated to return to work."],
        ),
        Family::Fce => (
            &[
                "a functional capacity evaluation may be considered when case management is hampered by complex issues or the worker is close to maximum medical improvement",
                "a functional capacity evaluation is not recommended for the sole purpose of determining a worker's effort or compliance",
            ],
            &[
                "There is no documentation of prior unsuccessful return-to-work attempts or that {he} is close to maximum medical improvement.",
                "The purpose of the evaluation is not documented.",
            ],
            &["{He} is at maximum medical improvement and return-to-work planning requires an assessment of {his} work capacity."],
        ),
        Family::Consultation => (
            &["a referral may be appropriate when the plan or course of care may benefit from additional expertise, or when the diagnosis is uncertain or extremely complex"],
            &[
                "The records do not explain what the consultation would add to the current treatment plan.",
                "{He} is already being followed by the same specialty.",
            ],
            &[
                "{He} has persistent symptoms despite treatment and the diagnosis is uncertain, so specialist input is appropriate.",
                "The treating physician documents findings outside the scope of the current treatment team.",
            ],
        ),
        Family::HomeHealth => (
            &[
                "home health services are recommended only for medical treatment for patients who are homebound, on a part-time or intermittent basis, generally up to no more than 35 hours per week",
                "medical treatment does not include homemaker services such as shopping, cleaning and laundry",
            ],
            &[
                "There is no documentation that {he} is homebound.",
                "The services requested are homemaker services rather than medical treatment.",
            ],
            &["{He} is homebound after surgery and requires intermittent skilled care."],
        ),
        Family::Transportation => (
            &["transportation to and from appointments is recommended for medically necessary transportation to appointments in the same community for patients with disabilities preventing them from self-transport"],
            &["There is no documentation of a disability that prevents {him} from driving or using public transportation."],
            &["{He} cannot drive because of {his} condition and has no other means of transportation."],
        ),
        Family::Shockwave => (
            &[
                "extracorporeal shock wave therapy is recommended for calcifying tendinitis of the shoulder but not for other shoulder disorders",
                "the available evidence does not support shock wave therapy for lateral epicondylitis",
            ],
            &[
                "There is no diagnosis of calcifying tendinitis.",
                "The evidence does not support this treatment for {his} diagnosis.",
            ],
            &["Imaging confirms calcifying tendinitis that has failed six months of conservative treatment."],
        ),
        Family::Membership => (
            &["gym memberships are not recommended as a medical prescription unless a documented home exercise program with periodic assessment and revision has not been effective and there is a need for equipment"],
            &[
                "There is no documentation that a home exercise program has failed or that specialized equipment is needed.",
                "Treatment needs to be monitored and administered by medical professionals.",
            ],
            &["A supervised home exercise program has failed and {he} requires equipment that is not available at home."],
        ),
        Family::WeightLoss => (
            &["weight loss programs are supported when there is documented failure of a physician-supervised diet and exercise regimen"],
            &[
                "There is no documentation of a prior physician-supervised weight loss attempt.",
                "The records do not document how weight loss relates to the industrial injury.",
            ],
            &["{He} has failed a physician-supervised diet and weight loss is required before an approved surgery."],
        ),
    }
}

/// How the rationale names the guideline the reviewer relied on.
fn guide_name<R: Rng>(rng: &mut R, first_path: Option<&str>) -> &'static str {
    let options: &[&str] = match first_path {
        Some("/MTUS/Chronic Pain") => &[
            "the MTUS Chronic Pain Medical Treatment Guidelines",
            "the California MTUS guidelines",
            "the CA MTUS Chronic Pain Guidelines",
            "the MTUS",
        ],
        Some("/MTUS/ACOEM") => &["the ACOEM guidelines", "the MTUS/ACOEM guidelines", "ACOEM"],
        Some("/MTUS/Acupuncture") => &[
            "the MTUS Acupuncture Medical Treatment Guidelines",
            "the Acupuncture Medical Treatment Guidelines",
        ],
        Some("/MTUS/Postsurgical") => &[
            "the MTUS Postsurgical Treatment Guidelines",
            "the Postsurgical Treatment Guidelines",
        ],
        Some(path) if path.starts_with("/ODG/") => {
            &["the Official Disability Guidelines", "the ODG", "ODG"]
        }
        Some(_) => &["the cited literature", "the referenced evidence"],
        None => &["the guidelines"],
    };
    pick(rng, options)
}

fn rationale<R: Rng>(rng: &mut R, case_item: &CaseItem, people: &People) -> String {
    let (recommendations, deny, grant) = pools(case_item.entry.family);
    let item = &case_item.item;
    let place = match case_item.side {
        Some(side) if case_item.site.sided() => vocab::where_phrase(case_item.site, side),
        _ => case_item.site.part().to_string(),
    };
    let guide = guide_name(rng, item.reviewer_guidelines.first().map(String::as_str));
    let recommendation = pick(rng, recommendations);
    let lead = match rng.random_range(0..6) {
        0 => format!("According to {guide}, {recommendation}."),
        1 => format!("Per {guide}, {recommendation}."),
        2 => format!("{} state that {recommendation}.", capitalize(guide)),
        3 => format!("{} indicate that {recommendation}.", capitalize(guide)),
        4 => format!("As outlined in {guide}, {recommendation}."),
        _ => format!("Under {guide}, {recommendation}."),
    };
    let reasons = if item.outcome == Outcome::Upheld {
        deny
    } else {
        grant
    };
    let first = fill(pick(rng, reasons), people, &item.treatment, &place);
    let mut sentences = Vec::new();
    match rng.random_range(0..10) {
        0..=5 => {
            sentences.push(lead);
            sentences.push(first.clone());
            let second = fill(pick(rng, reasons), people, &item.treatment, &place);
            if second != first && rng.random_bool(0.5) {
                sentences.push(second);
            }
        }
        6..=7 => {
            sentences.push(first);
            sentences.push(lead);
        }
        _ => sentences.push(first),
    }
    let t = &item.treatment;
    let conclusion = if item.outcome == Outcome::Upheld {
        match rng.random_range(0..7) {
            0 => {
                format!("As such, the request for {t} is not medically necessary and appropriate.")
            }
            1 => format!(
                "Therefore, the request for {t} is not medically necessary and appropriate."
            ),
            2 => format!(
                "Given the above, the requested {t} is not medically necessary and appropriate."
            ),
            3 => format!("Consequently, {t} is not medically necessary and appropriate."),
            4 => {
                format!("The request for {t} is therefore not medically necessary and appropriate.")
            }
            5 => format!(
                "Therefore, the request for {t} is not medically necessary and appropriate."
            ),
            _ => "As such, the request is not medically necessary and appropriate.".to_string(),
        }
    } else {
        match rng.random_range(0..5) {
            0 => format!("As such, the request for {t} is medically necessary and appropriate."),
            1 => format!("Therefore, {t} is medically necessary and appropriate."),
            2 => format!("The request for {t} is therefore medically necessary and appropriate."),
            3 => format!("Given the documented findings, the requested {t} is medically necessary and appropriate."),
            _ => "As such, the request is medically necessary and appropriate.".to_string(),
        }
    };
    sentences.push(conclusion);
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::taxonomy;

    #[test]
    fn specialties_are_canonical() {
        for specialty in SPECIALTIES {
            assert!(
                taxonomy::SPECIALTIES
                    .iter()
                    .any(|(name, _)| *name == specialty.canonical),
                "{}",
                specialty.canonical
            );
            for written in specialty.written {
                assert_eq!(
                    taxonomy::normalize_specialty(written),
                    Some(specialty.canonical),
                    "{written}"
                );
            }
        }
    }

    #[test]
    fn cases_are_consistent() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for index in 0..500 {
            let case = build(&mut rng, 9, index);
            let truth = &case.truth;
            assert!((1..=8).contains(&truth.items.len()));
            if let (Some(injury), Some(denial)) = (truth.date_of_injury, truth.ur_denial_date) {
                assert!(injury < denial && injury.year() >= 1995 && injury.year() <= 2015);
                assert!((2013..=2016).contains(&denial.year()));
            }
            if let (Some(denial), Some(assigned)) = (truth.ur_denial_date, truth.date_assigned) {
                let weeks = (assigned - denial).num_days();
                assert!((7..=70).contains(&weeks), "{weeks}");
            }
            if let Some(age) = truth.age {
                assert!((18..=80).contains(&age));
            }
            let name = truth.file.rsplit('/').next().unwrap_or_default();
            assert!(name.starts_with("CM1") && name.len() == 16, "{name}");
            if let Some(number) = &truth.case_number {
                assert_eq!(format!("{number}.txt"), name);
                let year = 2000 + number[2..4].parse::<i32>().unwrap();
                assert!(truth
                    .ur_denial_date
                    .is_none_or(|denial| year == denial.year() || year == denial.year() + 1));
            }
            for diagnosis in &truth.diagnoses {
                assert_eq!(diagnosis, &diagnosis.to_lowercase());
                assert!(truth.clinical_summary.contains(diagnosis.as_str()));
            }
            for item in &truth.items {
                assert!(item
                    .rationale
                    .ends_with("medically necessary and appropriate."));
                assert_eq!(
                    item.rationale
                        .ends_with("not medically necessary and appropriate."),
                    item.outcome == Outcome::Upheld
                );
                assert!(!item.rationale.contains("  ") && !item.rationale.contains('{'));
            }
            assert!(
                !truth.clinical_summary.contains("  ") && !truth.clinical_summary.contains('{')
            );
        }
    }
}
