//! Guideline citations: which evidence a reviewer or claims administrator
//! relies on for a treatment, and the many ways letters write that down.
//!
//! Each treatment carries a [`Profile`] naming the MTUS parts, ODG chapter
//! and other sources that address it. A citation is chosen from the profile,
//! then written in the phrasing of the letter's layout. Its truth paths
//! (`/MTUS/Chronic Pain`, `/ODG/Low Back`, `/Other/UpToDate`) are recorded in
//! the order the text names them, as the statement is composed, never read
//! back from the text.

use rand::Rng;

use super::vocab::Site;
use super::{pick, Layout};

/// A section of the MTUS Chronic Pain Medical Treatment Guidelines (2009).
#[derive(Debug)]
pub(crate) struct ChronicPain {
    topic: &'static str,
    pages: &'static [&'static str],
}

/// A chapter of the ACOEM Practice Guidelines, 2nd Edition (2004).
#[derive(Debug, Clone)]
pub(crate) struct AcoemChapter {
    number: u8,
    title: &'static str,
    pages: &'static [&'static str],
}

/// Which ACOEM chapter addresses a treatment.
#[derive(Debug)]
pub(crate) enum Acoem {
    None,
    /// The chapter of the treated body part, if it has one.
    Site,
    Fixed(&'static AcoemChapter),
}

/// MTUS parts written for one kind of treatment only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Acupuncture,
    Postsurgical,
}

/// Which ODG chapter addresses a treatment.
#[derive(Debug)]
pub(crate) enum Odg {
    None,
    /// The chapter of the treated body part.
    Site,
    /// One of these canonical chapters.
    Fixed(&'static [&'static str]),
    /// ODG is cited without a chapter (the topic has no chapter of its own
    /// among the canonical ones).
    Unspecified,
}

/// Evidence outside the MTUS and ODG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Other {
    UpToDate,
    Medscape,
    Fda,
    PeerReviewed,
    Aaos,
    Nass,
    AmericanPainSociety,
    Acp,
}

impl Other {
    fn path(self) -> &'static str {
        match self {
            Other::UpToDate => "/Other/UpToDate",
            Other::Medscape => "/Other/Medscape",
            Other::Fda => "/Other/FDA",
            Other::PeerReviewed => "/Other/Peer-reviewed literature",
            Other::Aaos => "/Other/American Academy of Orthopaedic Surgeons",
            Other::Nass => "/Other/North American Spine Society",
            Other::AmericanPainSociety => "/Other/American Pain Society",
            Other::Acp => "/Other/American College of Physicians",
        }
    }

    /// Other sources follow an ODG citation only after a ';' or a full
    /// stop, so their topics cannot be read as an ODG chapter.
    fn write<R: Rng>(self, rng: &mut R, topic: &str) -> String {
        match self {
            Other::UpToDate => format!(
                "{}{topic}",
                pick(
                    rng,
                    &[
                        "UpToDate, ",
                        "UpToDate (www.uptodate.com), ",
                        "UpToDate online, "
                    ]
                )
            ),
            Other::Medscape => format!(
                "{}{topic}",
                pick(
                    rng,
                    &[
                        "Medscape, ",
                        "Medscape Reference, ",
                        "Medscape Drugs & Diseases, "
                    ]
                )
            ),
            Other::Fda => format!(
                "{}{topic}",
                pick(
                    rng,
                    &[
                        "FDA labeling, ",
                        "U.S. Food and Drug Administration (FDA), ",
                        "FDA.gov, "
                    ]
                )
            ),
            Other::PeerReviewed => pick(
                rng,
                &[
                    "peer-reviewed literature",
                    "Peer-reviewed medical literature",
                    "peer-reviewed published studies",
                ],
            )
            .to_string(),
            Other::Aaos => {
                "American Academy of Orthopaedic Surgeons (AAOS) clinical practice guideline"
                    .to_string()
            }
            Other::Nass => {
                "North American Spine Society (NASS) coverage recommendations".to_string()
            }
            Other::AmericanPainSociety => {
                "American Pain Society clinical practice guideline".to_string()
            }
            Other::Acp => {
                "American College of Physicians guidance on preoperative evaluation".to_string()
            }
        }
    }
}

/// The evidence that addresses one kind of treatment.
#[derive(Debug)]
pub(crate) struct Profile {
    chronic_pain: Option<ChronicPain>,
    acoem: Acoem,
    special: Option<Special>,
    odg: Odg,
    /// The section name guidelines file the treatment under.
    topic: &'static str,
    /// How often a reviewer who could cite the MTUS says it is silent.
    silent: f64,
    others: &'static [Other],
}

const fn profile(
    chronic_pain: Option<ChronicPain>,
    acoem: Acoem,
    odg: Odg,
    topic: &'static str,
    silent: f64,
    others: &'static [Other],
) -> Profile {
    Profile {
        chronic_pain,
        acoem,
        special: None,
        odg,
        topic,
        silent,
        others,
    }
}

const fn cp(topic: &'static str, pages: &'static [&'static str]) -> Option<ChronicPain> {
    Some(ChronicPain { topic, pages })
}

// Canonical ODG chapter names, as in `taxonomy::ODG_CHAPTERS` (a test checks).
const LOW_BACK: &str = "Low Back";
const NECK: &str = "Neck and Upper Back";
const PAIN: &str = "Pain (Chronic)";
const KNEE: &str = "Knee & Leg";
const SHOULDER: &str = "Shoulder";
const CARPAL_TUNNEL: &str = "Carpal Tunnel Syndrome";
const FOREARM: &str = "Forearm Wrist & Hand";
const ELBOW: &str = "Elbow";
const HIP: &str = "Hip & Pelvis";
const ANKLE: &str = "Ankle & Foot";
const HEAD: &str = "Head";
const MENTAL: &str = "Mental Illness & Stress";
const TWC: &str = "Treatment in Workers' Comp";

/// Every canonical chapter this module cites.
#[cfg(test)]
pub(crate) const CHAPTERS_USED: &[&str] = &[
    LOW_BACK,
    NECK,
    PAIN,
    KNEE,
    SHOULDER,
    CARPAL_TUNNEL,
    FOREARM,
    ELBOW,
    HIP,
    ANKLE,
    HEAD,
    MENTAL,
    TWC,
];

const DRUG_CHAPTERS: &[&str] = &[PAIN, PAIN, PAIN, PAIN, PAIN, PAIN, PAIN, TWC];

static CONSULTATIONS_CHAPTER: AcoemChapter = AcoemChapter {
    number: 7,
    title: "Independent Medical Examinations and Consultations",
    pages: &["127", "127, 156", "137-138"],
};
static STRESS_CHAPTER: AcoemChapter = AcoemChapter {
    number: 15,
    title: "Stress Related Conditions",
    pages: &["398-404", "405"],
};
static PAIN_CHAPTER: AcoemChapter = AcoemChapter {
    number: 6,
    title: "Pain, Suffering, and the Restoration of Function",
    pages: &["114-116", "115"],
};

fn site_acoem(site: Site) -> Option<AcoemChapter> {
    let (number, title, pages): (u8, &str, &[&str]) = match site {
        Site::Lumbar | Site::Thoracic => (
            12,
            "Low Back Complaints",
            &["298-301", "303-305", "308-310", "300"],
        ),
        Site::Cervical => (
            8,
            "Neck and Upper Back Complaints",
            &["173-175", "177-179", "181-183"],
        ),
        Site::Shoulder => (9, "Shoulder Complaints", &["201-205", "207-209", "213-214"]),
        Site::Elbow => (10, "Elbow Disorders", &["27-29", "33-36"]),
        Site::Wrist => (
            11,
            "Forearm, Wrist, and Hand Complaints",
            &["261-263", "265-266", "268-273"],
        ),
        Site::Knee => (13, "Knee Complaints", &["335-339", "341-343", "343-345"]),
        Site::Ankle => (14, "Ankle and Foot Complaints", &["369-371", "374-375"]),
        Site::Body => (
            6,
            "Pain, Suffering, and the Restoration of Function",
            &["114-116"],
        ),
        Site::Mind => (15, "Stress Related Conditions", &["398-404"]),
        // The 2004 ACOEM guidelines have no hip or head chapter.
        Site::Hip | Site::Head => return None,
    };
    Some(AcoemChapter {
        number,
        title,
        pages,
    })
}

fn site_odg(site: Site) -> &'static str {
    match site {
        Site::Lumbar | Site::Thoracic => LOW_BACK,
        Site::Cervical => NECK,
        Site::Shoulder => SHOULDER,
        Site::Elbow => ELBOW,
        Site::Wrist => FOREARM,
        Site::Hip => HIP,
        Site::Knee => KNEE,
        Site::Ankle => ANKLE,
        Site::Head => HEAD,
        Site::Body => PAIN,
        Site::Mind => MENTAL,
    }
}

use Other as O;

pub(crate) static OPIOID: Profile = profile(
    cp(
        "Opioids, criteria for use",
        &["74-96", "76-80", "78-80", "79-80", "80-81", "91", "78"],
    ),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Opioids",
    0.03,
    &[O::UpToDate, O::AmericanPainSociety],
);
pub(crate) static MUSCLE_RELAXANT: Profile = profile(
    cp("Muscle relaxants (for pain)", &["63-66", "63", "64", "65"]),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Muscle relaxants",
    0.03,
    &[O::Medscape],
);
pub(crate) static TOPICAL: Profile = profile(
    cp("Topical Analgesics", &["111-113", "111", "112", "113"]),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Topical analgesics",
    0.05,
    &[O::Fda],
);
pub(crate) static PPI: Profile = profile(
    cp(
        "NSAIDs, GI symptoms & cardiovascular risk",
        &["68-69", "68"],
    ),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Proton pump inhibitors (PPIs)",
    0.05,
    &[O::Medscape, O::UpToDate, O::Fda],
);
pub(crate) static NSAID: Profile = profile(
    cp(
        "NSAIDs (non-steroidal anti-inflammatory drugs)",
        &["67-73", "67-68", "70-73", "22"],
    ),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "NSAIDs",
    0.03,
    &[O::UpToDate],
);
pub(crate) static ANTICONVULSANT: Profile = profile(
    cp(
        "Antiepilepsy drugs (AEDs)",
        &["16-22", "16-17", "18-19", "49"],
    ),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Antiepilepsy drugs (AEDs)",
    0.03,
    &[O::UpToDate],
);
pub(crate) static ANTIDEPRESSANT: Profile = profile(
    cp("Antidepressants for chronic pain", &["13-16", "13", "15"]),
    Acoem::None,
    Odg::Fixed(&[PAIN, PAIN, MENTAL]),
    "Antidepressants",
    0.05,
    &[O::UpToDate],
);
pub(crate) static SLEEP: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[PAIN, PAIN, MENTAL]),
    "Insomnia treatment",
    0.0,
    &[O::Fda, O::UpToDate],
);
pub(crate) static BENZODIAZEPINE: Profile = profile(
    cp("Benzodiazepines", &["24"]),
    Acoem::None,
    Odg::Fixed(&[PAIN, MENTAL]),
    "Benzodiazepines",
    0.03,
    &[O::Medscape],
);
pub(crate) static MEDICAL_FOOD: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Medical food",
    0.0,
    &[O::Fda],
);
pub(crate) static ANTIEMETIC: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Antiemetics (for opioid nausea)",
    0.0,
    &[O::Fda, O::Medscape],
);
pub(crate) static LAXATIVE: Profile = profile(
    cp("Opioids, initiating therapy", &["77"]),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Opioid-induced constipation treatment",
    0.1,
    &[O::Medscape],
);
pub(crate) static HEADACHE_DRUG: Profile = profile(
    cp("Barbiturate-containing analgesic agents (BCAs)", &["23"]),
    Acoem::None,
    Odg::Fixed(&[HEAD, PAIN]),
    "Triptans",
    0.3,
    &[O::UpToDate],
);
pub(crate) static STEROID: Profile = profile(
    None,
    Acoem::Site,
    Odg::Fixed(&[LOW_BACK, PAIN]),
    "Corticosteroids (oral/parenteral/IM)",
    0.2,
    &[O::Medscape],
);
pub(crate) static PHYSICAL_THERAPY: Profile = profile(
    cp("Physical Medicine", &["98-99", "98", "99"]),
    Acoem::Site,
    Odg::Site,
    "Physical therapy (PT)",
    0.02,
    &[],
);
pub(crate) static POSTSURGICAL_THERAPY: Profile = Profile {
    special: Some(Special::Postsurgical),
    ..profile(None, Acoem::None, Odg::Site, "Physical therapy", 0.0, &[])
};
pub(crate) static WORK_HARDENING: Profile = profile(
    cp("Work conditioning, work hardening", &["125-126", "125"]),
    Acoem::None,
    Odg::Site,
    "Work conditioning (WC)",
    0.02,
    &[],
);
pub(crate) static CHIROPRACTIC: Profile = profile(
    cp("Manual therapy & manipulation", &["58-60", "58-59", "58"]),
    Acoem::Site,
    Odg::Site,
    "Manipulation",
    0.02,
    &[],
);
pub(crate) static ACUPUNCTURE: Profile = Profile {
    special: Some(Special::Acupuncture),
    ..profile(None, Acoem::None, Odg::Site, "Acupuncture", 0.0, &[])
};
pub(crate) static MASSAGE: Profile = profile(
    cp("Massage therapy", &["60"]),
    Acoem::None,
    Odg::Site,
    "Massage",
    0.03,
    &[],
);
pub(crate) static EPIDURAL: Profile = profile(
    cp("Epidural steroid injections (ESIs)", &["46", "46-47"]),
    Acoem::Site,
    Odg::Site,
    "Epidural steroid injections (ESIs), therapeutic",
    0.02,
    &[],
);
pub(crate) static FACET: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Facet joint diagnostic blocks (injections)",
    0.4,
    &[],
);
pub(crate) static TRIGGER_POINT: Profile = profile(
    cp("Trigger point injections", &["122"]),
    Acoem::None,
    Odg::Fixed(&[PAIN]),
    "Trigger point injections",
    0.02,
    &[],
);
pub(crate) static KNEE_INJECTION: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Hyaluronic acid injections",
    0.3,
    &[O::Aaos],
);
pub(crate) static JOINT_INJECTION: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Steroid injections",
    0.3,
    &[O::UpToDate],
);
pub(crate) static SI_INJECTION: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[HIP, LOW_BACK]),
    "Sacroiliac joint blocks",
    0.0,
    &[],
);
pub(crate) static PRP: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Platelet-rich plasma (PRP)",
    0.4,
    &[O::PeerReviewed],
);
pub(crate) static OCCIPITAL_BLOCK: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[HEAD, NECK]),
    "Greater occipital nerve block (GONB)",
    0.0,
    &[],
);
pub(crate) static NERVE_BLOCK: Profile = profile(
    None,
    Acoem::None,
    Odg::Site,
    "Nerve blocks",
    0.0,
    &[O::PeerReviewed],
);
pub(crate) static SYMPATHETIC_BLOCK: Profile = profile(
    cp(
        "CRPS, sympathetic and epidural blocks",
        &["39-40", "103-104"],
    ),
    Acoem::None,
    Odg::Fixed(&[PAIN]),
    "Stellate ganglion block",
    0.1,
    &[],
);
pub(crate) static ABLATION: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Facet joint radiofrequency neurotomy",
    0.35,
    &[],
);
pub(crate) static MRI: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "MRIs (magnetic resonance imaging)",
    0.12,
    &[],
);
pub(crate) static CT: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Computed tomography (CT)",
    0.15,
    &[],
);
pub(crate) static XRAY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Radiography (x-rays)",
    0.12,
    &[],
);
pub(crate) static BONE_SCAN: Profile = profile(None, Acoem::Site, Odg::Site, "Bone scan", 0.4, &[]);
pub(crate) static ULTRASOUND: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Ultrasound, diagnostic",
    0.4,
    &[],
);
pub(crate) static ELECTRODIAGNOSTIC: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Electrodiagnostic studies (EDS)",
    0.15,
    &[],
);
pub(crate) static DRUG_SCREEN: Profile = profile(
    cp("Drug testing", &["43", "43, 77-78", "94"]),
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Urine drug testing (UDT)",
    0.05,
    &[],
);
pub(crate) static LABS: Profile = profile(
    cp("NSAIDs, specific drug list & adverse effects", &["70"]),
    Acoem::None,
    Odg::Fixed(&[LOW_BACK, PAIN]),
    "Preoperative lab testing",
    0.3,
    &[O::Medscape, O::UpToDate],
);
pub(crate) static GENETIC: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(DRUG_CHAPTERS),
    "Genetic testing for potential opioid abuse",
    0.0,
    &[O::PeerReviewed],
);
pub(crate) static SPINE_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Fusion (spinal)",
    0.1,
    &[O::Nass],
);
pub(crate) static KNEE_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Meniscectomy",
    0.1,
    &[O::Aaos],
);
pub(crate) static SHOULDER_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Surgery for impingement syndrome",
    0.1,
    &[O::Aaos],
);
pub(crate) static CARPAL_TUNNEL_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Fixed(&[CARPAL_TUNNEL]),
    "Carpal tunnel release surgery (CTR)",
    0.1,
    &[O::Aaos],
);
pub(crate) static HAND_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Surgery for trigger finger",
    0.1,
    &[],
);
pub(crate) static ELBOW_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Surgery for cubital tunnel syndrome (ulnar nerve entrapment)",
    0.1,
    &[],
);
pub(crate) static HIP_SURGERY: Profile = profile(
    None,
    Acoem::None,
    Odg::Site,
    "Arthroplasty",
    0.0,
    &[O::Aaos],
);
pub(crate) static ANKLE_SURGERY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Surgery for ankle sprains",
    0.1,
    &[],
);
pub(crate) static PREOP: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[LOW_BACK]),
    "Preoperative testing, general",
    0.0,
    &[O::Acp],
);
pub(crate) static HOSPITAL_STAY: Profile = profile(
    None,
    Acoem::None,
    Odg::Site,
    "Hospital length of stay (LOS)",
    0.0,
    &[],
);
pub(crate) static TENS: Profile = profile(
    cp("Transcutaneous electrotherapy", &["114-116", "114", "116"]),
    Acoem::None,
    Odg::Fixed(&[PAIN]),
    "TENS (transcutaneous electrical nerve stimulation)",
    0.02,
    &[],
);
pub(crate) static H_WAVE: Profile = profile(
    cp("H-wave stimulation (HWT)", &["117-118"]),
    Acoem::None,
    Odg::Fixed(&[PAIN]),
    "H-wave stimulation (HWT)",
    0.02,
    &[],
);
pub(crate) static INTERFERENTIAL: Profile = profile(
    cp("Interferential Current Stimulation (ICS)", &["118-120"]),
    Acoem::None,
    Odg::Fixed(&[PAIN]),
    "Interferential current stimulation (ICS)",
    0.02,
    &[],
);
pub(crate) static COLD_THERAPY: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Continuous-flow cryotherapy",
    0.5,
    &[],
);
pub(crate) static BRACE: Profile = profile(None, Acoem::Site, Odg::Site, "Braces", 0.2, &[]);
pub(crate) static MOBILITY: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[KNEE]),
    "Walking aids (canes, crutches, braces, orthoses, & walkers)",
    0.0,
    &[],
);
pub(crate) static CPM: Profile = profile(
    None,
    Acoem::None,
    Odg::Site,
    "Continuous passive motion (CPM)",
    0.0,
    &[],
);
pub(crate) static OTHER_DME: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[KNEE, LOW_BACK]),
    "Durable medical equipment (DME)",
    0.0,
    &[],
);
pub(crate) static PSYCH: Profile = profile(
    cp(
        "Psychological evaluations, Behavioral interventions",
        &["100-101", "23", "23, 100-102"],
    ),
    Acoem::Fixed(&STRESS_CHAPTER),
    Odg::Fixed(&[MENTAL, MENTAL, PAIN]),
    "Cognitive therapy for depression",
    0.03,
    &[],
);
pub(crate) static FRP: Profile = profile(
    cp(
        "Chronic pain programs (functional restoration programs)",
        &["30-34", "31-32", "49"],
    ),
    Acoem::None,
    Odg::Fixed(&[PAIN]),
    "Functional restoration programs (FRPs)",
    0.02,
    &[],
);
pub(crate) static FCE: Profile = profile(
    None,
    Acoem::Fixed(&CONSULTATIONS_CHAPTER),
    Odg::Unspecified,
    "Functional capacity evaluation (FCE)",
    0.1,
    &[],
);
pub(crate) static ERGONOMIC: Profile = profile(
    None,
    Acoem::Fixed(&PAIN_CHAPTER),
    Odg::Unspecified,
    "Ergonomic interventions",
    0.2,
    &[],
);
pub(crate) static CONSULTATION: Profile = profile(
    None,
    Acoem::Fixed(&CONSULTATIONS_CHAPTER),
    Odg::Fixed(&[PAIN]),
    "Office visits",
    0.1,
    &[],
);
pub(crate) static HOME_HEALTH: Profile = profile(
    cp("Home health services", &["51"]),
    Acoem::None,
    Odg::Fixed(&[LOW_BACK, KNEE, PAIN]),
    "Home health services",
    0.05,
    &[],
);
pub(crate) static TRANSPORTATION: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[KNEE]),
    "Transportation (to & from appointments)",
    0.0,
    &[],
);
pub(crate) static SHOCKWAVE: Profile = profile(
    None,
    Acoem::Site,
    Odg::Site,
    "Extracorporeal shock wave therapy (ESWT)",
    0.4,
    &[],
);
pub(crate) static MEMBERSHIP: Profile = profile(
    None,
    Acoem::None,
    Odg::Fixed(&[LOW_BACK, KNEE, SHOULDER]),
    "Gym memberships",
    0.0,
    &[],
);
pub(crate) static WEIGHT_LOSS: Profile = profile(
    None,
    Acoem::None,
    Odg::None,
    "Obesity treatment",
    0.0,
    &[O::Medscape, O::PeerReviewed, O::UpToDate],
);

/// Who is citing: the wording differs ("The Expert Reviewer based his/her
/// decision on ..." versus "The Claims Administrator based its decision on").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Reviewer,
    ClaimsAdministrator,
}

/// A guideline statement with its truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// The statement as written (single spaces, ASCII quotes).
    pub(crate) text: String,
    /// Guideline paths in order of first mention.
    pub(crate) paths: Vec<String>,
    /// For reviewers: whether the statement says the decision rests on the MTUS.
    pub(crate) based_on_mtus: Option<bool>,
}

/// One source to cite.
#[derive(Debug, Clone)]
enum Source {
    ChronicPain(&'static ChronicPain),
    Acoem(AcoemChapter),
    Acupuncture,
    Postsurgical(Site),
    /// A canonical chapter, or `None` for ODG without a chapter.
    Odg(Option<&'static str>),
    Other(Other),
}

impl Source {
    fn path(&self) -> String {
        match self {
            Source::ChronicPain(_) => "/MTUS/Chronic Pain".to_string(),
            Source::Acoem(_) => "/MTUS/ACOEM".to_string(),
            Source::Acupuncture => "/MTUS/Acupuncture".to_string(),
            Source::Postsurgical(_) => "/MTUS/Postsurgical".to_string(),
            Source::Odg(Some(chapter)) => format!("/ODG/{chapter}"),
            Source::Odg(None) => "/ODG/Unspecified".to_string(),
            Source::Other(other) => other.path().to_string(),
        }
    }
}

/// How a reviewer's statement relates to the MTUS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// Cites MTUS parts.
    Mtus,
    /// Says the MTUS does not address the request, then cites other evidence.
    NotMtus,
    /// Cites other evidence without saying anything about the MTUS.
    Unstated,
}

fn mtus_sources(profile: &'static Profile, site: Site) -> Vec<Source> {
    let mut sources = Vec::new();
    match profile.special {
        Some(Special::Acupuncture) => sources.push(Source::Acupuncture),
        Some(Special::Postsurgical) => sources.push(Source::Postsurgical(site)),
        None => {}
    }
    if let Some(section) = &profile.chronic_pain {
        sources.push(Source::ChronicPain(section));
    }
    let acoem = match &profile.acoem {
        Acoem::None => None,
        Acoem::Site => site_acoem(site),
        Acoem::Fixed(chapter) => Some(AcoemChapter {
            number: chapter.number,
            title: chapter.title,
            pages: chapter.pages,
        }),
    };
    if let Some(chapter) = acoem {
        sources.push(Source::Acoem(chapter));
    }
    sources
}

fn odg_source<R: Rng>(
    rng: &mut R,
    profile: &Profile,
    site: Site,
    unspecified_share: f64,
) -> Option<Source> {
    let chapter = match &profile.odg {
        Odg::None => return None,
        Odg::Unspecified => None,
        Odg::Site => Some(site_odg(site)),
        Odg::Fixed(chapters) => Some(pick(rng, chapters)),
    };
    if chapter.is_none() || rng.random_bool(unspecified_share) {
        Some(Source::Odg(None))
    } else {
        Some(Source::Odg(chapter))
    }
}

/// Electrodiagnostic testing of the hand is filed under the carpal tunnel chapter.
fn adjust_profile_site(profile: &'static Profile, site: Site) -> Option<&'static str> {
    if std::ptr::eq(profile, &ELECTRODIAGNOSTIC) && site == Site::Wrist {
        Some(CARPAL_TUNNEL)
    } else {
        None
    }
}

/// Chooses and writes the evidence one party relied on for one item.
pub(crate) fn cite<R: Rng>(
    rng: &mut R,
    profile: &'static Profile,
    site: Site,
    layout: Layout,
    role: Role,
) -> Citation {
    let mtus = mtus_sources(profile, site);
    let mut odg = odg_source(
        rng,
        profile,
        site,
        if role == Role::Reviewer { 0.10 } else { 0.25 },
    );
    if let (Some(chapter), Some(Source::Odg(Some(_)))) = (adjust_profile_site(profile, site), &odg)
    {
        odg = Some(Source::Odg(Some(chapter)));
    }

    if role == Role::ClaimsAdministrator && rng.random_bool(0.03) {
        let text = match layout {
            Layout::MaximusLetter => "The Claims Administrator did not cite any evidence-based criteria for its decision.",
            _ => "The Claims Administrator did not cite any medical evidence for its decision.",
        };
        return Citation {
            text: text.to_string(),
            paths: Vec::new(),
            based_on_mtus: None,
        };
    }

    let basis = if mtus.is_empty() {
        if role == Role::Reviewer && rng.random_bool(0.55) {
            Basis::NotMtus
        } else {
            Basis::Unstated
        }
    } else if role == Role::Reviewer && rng.random_bool(profile.silent) {
        Basis::NotMtus
    } else if role == Role::ClaimsAdministrator && odg.is_some() && rng.random_bool(0.2) {
        Basis::Unstated
    } else {
        Basis::Mtus
    };

    let mut sources: Vec<Source> = Vec::new();
    if basis == Basis::Mtus {
        let special = mtus
            .iter()
            .find(|source| matches!(source, Source::Acupuncture | Source::Postsurgical(_)));
        match special {
            Some(source) => {
                sources.push(source.clone());
                if rng.random_bool(0.15) {
                    sources.extend(
                        mtus.iter()
                            .filter(|s| matches!(s, Source::ChronicPain(_)))
                            .cloned(),
                    );
                }
            }
            None => {
                let roll = rng.random_range(0..100);
                if mtus.len() == 1 || roll < 55 {
                    sources.push(mtus[0].clone());
                } else if roll < 80 {
                    sources.push(mtus[mtus.len() - 1].clone());
                } else {
                    sources.extend(mtus.iter().cloned());
                }
            }
        }
        let odg_share = if role == Role::Reviewer { 0.25 } else { 0.35 };
        if let Some(source) = odg.take().filter(|_| rng.random_bool(odg_share)) {
            sources.push(source);
        }
        if !profile.others.is_empty() && rng.random_bool(0.06) {
            sources.push(Source::Other(pick(rng, profile.others)));
        }
    } else {
        let wants_other = odg.is_none() || (!profile.others.is_empty() && rng.random_bool(0.18));
        if let Some(source) = odg.take() {
            sources.push(source);
        }
        if wants_other {
            let other = if profile.others.is_empty() {
                Other::PeerReviewed
            } else {
                pick(rng, profile.others)
            };
            sources.push(Source::Other(other));
        }
    }

    let text = match layout {
        Layout::DwcFinal => write_dwc(rng, &sources, basis, profile.topic),
        Layout::MaximusLetter => write_maximus(rng, &sources, basis, role, profile.topic),
        Layout::ProfessionalReview => write_professional(rng, &sources, basis, profile.topic),
    };
    let mut paths: Vec<String> = Vec::new();
    for source in &sources {
        let path = source.path();
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    let based_on_mtus = match (role, basis) {
        (Role::ClaimsAdministrator, _) | (_, Basis::Unstated) => None,
        (_, Basis::Mtus) => Some(true),
        (_, Basis::NotMtus) => Some(false),
    };
    Citation {
        text,
        paths,
        based_on_mtus,
    }
}

fn page_ref(pages: &str) -> String {
    if pages.contains('-') || pages.contains(',') {
        format!("pages {pages}")
    } else {
        format!("page {pages}")
    }
}

/// Words that name an ODG chapter. A topic holding one would read as that
/// chapter, so such topics are left out where no chapter is cited.
fn names_a_chapter(topic: &str) -> bool {
    const WORDS: &[&str] = &[
        "back",
        "neck",
        "cervical",
        "lumbar",
        "thoracic",
        "pain",
        "knee",
        "leg",
        "shoulder",
        "carpal",
        "wrist",
        "hand",
        "forearm",
        "elbow",
        "hip",
        "pelvis",
        "ankle",
        "foot",
        "head",
        "stress",
        "mental",
        "formulary",
        "comp",
        "twc",
    ];
    let lower = topic.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| WORDS.contains(&word))
}

/// Lower-cases the first letter unless the word is an acronym ("FCE").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_ascii_uppercase() => {
            let mut out = first.to_lowercase().collect::<String>();
            out.push(second);
            out.extend(chars);
            out
        }
        _ => text.to_string(),
    }
}

fn chapter_words<R: Rng>(rng: &mut R, chapter: &str) -> &'static str {
    let options: &[&'static str] = match chapter {
        NECK => &[
            "Neck and Upper Back",
            "Neck and Upper Back (Acute & Chronic)",
            "Neck",
        ],
        LOW_BACK => &[
            "Low Back",
            "Low Back - Lumbar & Thoracic (Acute & Chronic)",
            "Low Back",
        ],
        PAIN => &["Pain (Chronic)", "Pain", "Chronic Pain", "Pain"],
        KNEE => &["Knee & Leg", "Knee and Leg (Acute & Chronic)", "Knee"],
        SHOULDER => &["Shoulder", "Shoulder (Acute & Chronic)"],
        CARPAL_TUNNEL => &[
            "Carpal Tunnel Syndrome",
            "Carpal Tunnel Syndrome (Acute & Chronic)",
        ],
        FOREARM => &[
            "Forearm, Wrist & Hand",
            "Forearm, Wrist, and Hand (Acute & Chronic)",
            "Forearm, Wrist and Hand",
        ],
        ELBOW => &["Elbow", "Elbow (Acute & Chronic)"],
        HIP => &["Hip & Pelvis", "Hip and Pelvis (Acute & Chronic)", "Hip"],
        ANKLE => &["Ankle & Foot", "Ankle and Foot (Acute & Chronic)"],
        HEAD => &["Head"],
        MENTAL => &["Mental Illness & Stress", "Mental Illness and Stress"],
        _ => &[
            "Treatment in Workers' Comp",
            "Treatment in Workers' Compensation",
        ],
    };
    pick(rng, options)
}

/// An ODG citation, e.g. `Official Disability Guidelines (ODG) Low Back
/// Chapter, Epidural steroid injections (ESIs), therapeutic`.
fn write_odg<R: Rng>(rng: &mut R, chapter: Option<&'static str>, topic: &str) -> String {
    let Some(chapter) = chapter else {
        let name = pick(
            rng,
            &[
                "Official Disability Guidelines",
                "Official Disability Guidelines (ODG)",
                "ODG",
                "Official Disability Guidelines",
            ],
        );
        if names_a_chapter(topic) {
            return name.to_string();
        }
        return match rng.random_range(0..3) {
            0 => name.to_string(),
            1 => format!("{name} for {}", lower_first(topic)),
            _ => format!("{name}, {topic}"),
        };
    };
    let words = chapter_words(rng, chapter);
    // "Treatment in Workers' Comp" is the name of the whole work, not a chapter.
    let suffix = if chapter == TWC { "" } else { " Chapter" };
    match rng.random_range(0..6) {
        0 | 1 => format!("Official Disability Guidelines (ODG) {words}{suffix}, {topic}"),
        2 => format!("ODG {words}{suffix}, {topic}"),
        3 => {
            let month = rng.random_range(1..=12);
            let day = rng.random_range(1..=28);
            // 2012: before every letter, so no citation postdates its letter.
            let year = 12;
            format!("Official Disability Guidelines, {words} (updated {month:02}/{day:02}/{year}), {topic}")
        }
        4 => format!("ODG, {words}{suffix}, {topic}"),
        _ => format!("Official Disability Guidelines (ODG), Treatment Index, 11th Edition (web), 2013, {words}{suffix}, {topic}"),
    }
}

fn postsurgical_body(site: Site) -> &'static str {
    match site {
        Site::Knee => "Knee",
        Site::Shoulder => "Shoulder",
        Site::Wrist => "Carpal tunnel syndrome",
        Site::Elbow => "Elbow & Upper Arm",
        Site::Hip => "Hip, Pelvis and Thigh (femur)",
        Site::Ankle => "Ankle & Foot",
        Site::Cervical => "Neck & Upper Back",
        _ => "Low Back",
    }
}

/// An MTUS part in the DWC letters' terse style (after "Decision based on MTUS").
fn write_mtus_short<R: Rng>(rng: &mut R, source: &Source) -> String {
    match source {
        Source::ChronicPain(section) => {
            let pages = page_ref(pick(rng, section.pages));
            match rng.random_range(0..6) {
                0 => format!("Chronic Pain Medical Treatment Guidelines, {}, {pages}", section.topic),
                1 => format!("Chronic Pain Medical Treatment Guidelines, {pages}"),
                2 => "Chronic Pain Medical Treatment Guidelines".to_string(),
                3 => format!("Chronic Pain Treatment Guidelines {}", section.topic),
                4 => format!("(Effective July 18, 2009), Chronic Pain Medical Treatment Guidelines, {pages}, {}", section.topic),
                _ => format!("Chronic Pain Medical Treatment Guidelines (2009), {}, {pages}", section.topic),
            }
        }
        Source::Acoem(chapter) => {
            let pages = page_ref(pick(rng, chapter.pages));
            match rng.random_range(0..5) {
                0 => "ACOEM".to_string(),
                1 => format!(
                    "ACOEM Practice Guidelines, 2nd Edition (2004), Chapter {}, {}, {pages}",
                    chapter.number, chapter.title
                ),
                2 => format!("ACOEM Chapter {}, {}", chapter.number, chapter.title),
                3 => format!("ACOEM, Chapter {}, {pages}", chapter.number),
                _ => format!("ACOEM Guidelines, {}", chapter.title),
            }
        }
        Source::Acupuncture => pick(
            rng,
            &[
                "Acupuncture Medical Treatment Guidelines",
                "Acupuncture Treatment Guidelines",
                "Acupuncture Medical Treatment Guidelines (2009)",
            ],
        )
        .to_string(),
        Source::Postsurgical(site) => {
            let body = postsurgical_body(*site);
            if rng.random_bool(0.5) {
                format!("Postsurgical Treatment Guidelines, {body}")
            } else {
                format!(
                    "Post-Surgical Treatment Guidelines, {body}, page {}",
                    rng.random_range(10..=27)
                )
            }
        }
        Source::Odg(_) | Source::Other(_) => String::new(),
    }
}

/// An MTUS part named in full, as MAXIMUS letters and professional reviews do.
fn write_mtus_long<R: Rng>(rng: &mut R, source: &Source) -> String {
    match source {
        Source::ChronicPain(section) => {
            let pages = page_ref(pick(rng, section.pages));
            match rng.random_range(0..3) {
                0 => format!(
                    "Chronic Pain Medical Treatment Guidelines (2009), {}, {pages}",
                    section.topic
                ),
                1 => format!(
                    "Chronic Pain Medical Treatment Guidelines, {}, {pages}",
                    section.topic
                ),
                _ => format!("Chronic Pain Medical Treatment Guidelines (May 2009), {pages}"),
            }
        }
        Source::Acoem(chapter) => {
            let pages = page_ref(pick(rng, chapter.pages));
            if rng.random_bool(0.6) {
                format!(
                    "American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition (2004), Chapter {}, {}, {pages}",
                    chapter.number, chapter.title
                )
            } else {
                format!(
                    "ACOEM Practice Guidelines, Chapter {}, {}, {pages}",
                    chapter.number, chapter.title
                )
            }
        }
        Source::Acupuncture => "Acupuncture Medical Treatment Guidelines (2009)".to_string(),
        Source::Postsurgical(site) => format!(
            "Postsurgical Treatment Guidelines (2009), {}",
            postsurgical_body(*site)
        ),
        Source::Odg(_) | Source::Other(_) => String::new(),
    }
}

fn write_non_mtus<R: Rng>(rng: &mut R, source: &Source, topic: &str) -> String {
    match source {
        Source::Odg(chapter) => write_odg(rng, *chapter, topic),
        Source::Other(other) => other.write(rng, topic),
        _ => String::new(),
    }
}

fn is_mtus(source: &Source) -> bool {
    !matches!(source, Source::Odg(_) | Source::Other(_))
}

/// DWC final determination style: `Decision based on MTUS ...`,
/// `Decision based on Non-MTUS Citation ...`, as in the sample letter.
fn write_dwc<R: Rng>(rng: &mut R, sources: &[Source], basis: Basis, topic: &str) -> String {
    let mut sentences: Vec<String> = Vec::new();
    if basis == Basis::NotMtus {
        sentences.push(
            pick(
                rng,
                &[
                    "The Expert Reviewer did not base their decision on the MTUS.",
                    "The Expert Reviewer did not base their decision on the MTUS.",
                    "The expert reviewer did not base the decision on the MTUS.",
                    "The MTUS does not address the issue at dispute.",
                    "The MTUS is silent on this request.",
                ],
            )
            .to_string(),
        );
    }
    let mtus: Vec<String> = sources
        .iter()
        .filter(|source| is_mtus(source))
        .map(|source| write_mtus_short(rng, source))
        .collect();
    if !mtus.is_empty() {
        if mtus.len() > 1 && rng.random_bool(0.3) {
            for part in &mtus {
                sentences.push(format!("Decision based on MTUS {part}."));
            }
        } else {
            // The sample letter writes "MTUS ACOEM,Chronic Pain Treatment
            // Guidelines": sometimes no space after the comma.
            let joiner = pick(rng, &[", ", ", ", ",", " and "]);
            sentences.push(format!("Decision based on MTUS {}.", mtus.join(joiner)));
        }
    }
    let others: Vec<String> = sources
        .iter()
        .filter(|source| !is_mtus(source))
        .map(|source| write_non_mtus(rng, source, topic))
        .collect();
    if !others.is_empty() {
        let lead = pick(
            rng,
            &[
                "Decision based on Non-MTUS Citation ",
                "Decision based on Non-MTUS Citation ",
                "Decision based on Non-MTUS Citation: ",
            ],
        );
        if others.len() > 1 && rng.random_bool(0.5) {
            for other in &others {
                sentences.push(format!("{lead}{other}."));
            }
        } else {
            sentences.push(format!("{lead}{}.", others.join("; ")));
        }
    }
    sentences.join(" ")
}

/// MAXIMUS letter style: whole sentences naming the party.
fn write_maximus<R: Rng>(
    rng: &mut R,
    sources: &[Source],
    basis: Basis,
    role: Role,
    topic: &str,
) -> String {
    let subject = match role {
        Role::Reviewer => "The Expert Reviewer based his/her decision on the ",
        Role::ClaimsAdministrator => "The Claims Administrator based its decision on the ",
    };
    let mut parts: Vec<String> = Vec::new();
    for source in sources {
        if is_mtus(source) {
            let name = write_mtus_long(rng, source);
            parts.push(format!(
                "{name}, {}",
                pick(
                    rng,
                    &[
                        "which is part of the MTUS",
                        "which are part of the MTUS",
                        "part of the MTUS"
                    ]
                )
            ));
        } else {
            let name = write_non_mtus(rng, source, topic);
            let note = match source {
                Source::Odg(_) if basis != Basis::Unstated || role == Role::ClaimsAdministrator => {
                    ", a medical treatment guideline (MTG) not part of the MTUS"
                }
                _ => "",
            };
            parts.push(format!("{name}{note}"));
        }
    }
    let mut text = String::new();
    if basis == Basis::NotMtus {
        text.push_str(pick(
            rng,
            &[
                "The Expert Reviewer found that the MTUS did not address the issue at dispute. ",
                "The Expert Reviewer found that the MTUS does not address this request. ",
                "The MTUS did not apply to the issue at dispute. ",
            ],
        ));
    }
    text.push_str(subject);
    // Each part already ends in a citation or its note: join them with
    // "and the" so the sentence reads as one.
    text.push_str(&parts.join("; and the "));
    text.push('.');
    text
}

/// Professional review style: the citation, then why it applies.
fn write_professional<R: Rng>(
    rng: &mut R,
    sources: &[Source],
    basis: Basis,
    topic: &str,
) -> String {
    let mut cited: Vec<String> = Vec::new();
    for source in sources {
        if is_mtus(source) {
            let prefix = pick(rng, &["California MTUS ", "CA MTUS ", "MTUS "]);
            cited.push(format!("{prefix}{}", write_mtus_long(rng, source)));
        } else {
            cited.push(write_non_mtus(rng, source, topic));
        }
    }
    let mut text = String::new();
    if basis == Basis::NotMtus {
        text.push_str(pick(
            rng,
            &[
                "The MTUS does not address this request. ",
                "The MTUS is silent regarding this request. ",
                "The MTUS does not address the requested service. ",
            ],
        ));
    }
    text.push_str(&cited.join("; "));
    text.push_str(". ");
    text.push_str(pick(
        rng,
        &[
            "This guideline was relied upon because it specifically addresses the requested treatment.",
            "These guidelines were used because they address the injured worker's condition and the requested service.",
            "This is the most relevant evidence-based guideline for the requested service.",
            "The guideline was selected as it is the most current and applicable to the clinical issue at dispute.",
        ],
    ));
    text
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::super::vocab::VOCABULARY;
    use super::*;
    use crate::taxonomy;

    #[test]
    fn chapters_are_canonical() {
        for chapter in CHAPTERS_USED {
            assert!(
                taxonomy::ODG_CHAPTERS
                    .iter()
                    .any(|(name, _)| name == chapter),
                "{chapter} is not a canonical ODG chapter"
            );
        }
    }

    #[test]
    fn topics_without_chapter_words_are_recognised() {
        assert!(names_a_chapter("Opioids for chronic pain"));
        assert!(names_a_chapter("Knee brace"));
        assert!(!names_a_chapter("Functional capacity evaluation (FCE)"));
        assert!(!names_a_chapter(
            "Epidural steroid injections (ESIs), therapeutic"
        ));
    }

    /// Runs the taxonomy's guideline normaliser over many generated
    /// statements and reports where it reads them differently from the
    /// generator's truth.
    fn normaliser_disagreements() -> (usize, Vec<String>) {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut total = 0;
        let mut out = Vec::new();
        for entry in VOCABULARY {
            let sites: &[Site] = if entry.sites.is_empty() {
                &[Site::Body]
            } else {
                entry.sites
            };
            for &site in sites {
                for layout in Layout::ALL {
                    for role in [Role::Reviewer, Role::ClaimsAdministrator] {
                        for _ in 0..30 {
                            let citation = cite(&mut rng, entry.profile, site, layout, role);
                            total += 1;
                            let paths = taxonomy::normalize_guidelines(&citation.text);
                            if paths != citation.paths {
                                out.push(format!(
                                    "paths {:?} vs {:?}: {}",
                                    citation.paths, paths, citation.text
                                ));
                            }
                            if role == Role::Reviewer {
                                let based = taxonomy::based_on_mtus(&citation.text, &paths);
                                if based != citation.based_on_mtus {
                                    out.push(format!(
                                        "mtus {:?} vs {:?}: {}",
                                        citation.based_on_mtus, based, citation.text
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        (total, out)
    }

    #[test]
    fn guideline_statements_agree_with_normaliser() {
        let (total, mismatches) = normaliser_disagreements();
        for line in &mismatches {
            println!("{line}");
        }
        assert!(
            mismatches.is_empty(),
            "{} of {total} statements read differently",
            mismatches.len()
        );
    }

    #[test]
    fn statements_are_single_spaced_ascii() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for entry in VOCABULARY {
            for layout in Layout::ALL {
                let citation = cite(
                    &mut rng,
                    entry.profile,
                    Site::Lumbar,
                    layout,
                    Role::Reviewer,
                );
                assert!(
                    citation.text.is_ascii() && !citation.text.contains("  "),
                    "{}",
                    citation.text
                );
                assert!(!citation.paths.is_empty(), "{}", citation.text);
            }
        }
    }
}
