//! The generator's treatment vocabulary: what gets requested, written the way
//! requesting physicians write it, each entry with the truth category the
//! generator reports for it.
//!
//! The categories here are decided from the primer's taxonomy conventions,
//! not computed by [`crate::taxonomy::classify_treatment`]: the generator is
//! an independent writer, so that its truth can catch mistakes in the
//! taxonomy table. The test at the end of this file compares the two.

use rand::Rng;

use super::guideline::{self, Profile};
use super::pick;

/// Where on the body a treatment is aimed. Drives the words of the request
/// (`MRI of the right knee`), the guideline chapters and the case summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Site {
    Lumbar,
    Thoracic,
    Cervical,
    Shoulder,
    Elbow,
    Wrist,
    Hip,
    Knee,
    Ankle,
    Head,
    /// No one body part: drugs, programs, services.
    Body,
    /// Psychological treatment.
    Mind,
}

impl Site {
    /// The sites a case can centre on, with how often claims involve them.
    pub(crate) const PRIMARY: &'static [(Site, u32)] = &[
        (Site::Lumbar, 34),
        (Site::Cervical, 16),
        (Site::Shoulder, 13),
        (Site::Knee, 13),
        (Site::Wrist, 9),
        (Site::Elbow, 3),
        (Site::Hip, 3),
        (Site::Ankle, 5),
        (Site::Thoracic, 2),
        (Site::Head, 2),
    ];

    /// Body parts that have a left and a right.
    pub(crate) fn sided(self) -> bool {
        matches!(
            self,
            Site::Shoulder | Site::Elbow | Site::Wrist | Site::Hip | Site::Knee | Site::Ankle
        )
    }

    /// The part as a noun ("lumbar spine", "knee").
    pub(crate) fn part(self) -> &'static str {
        match self {
            Site::Lumbar => "lumbar spine",
            Site::Thoracic => "thoracic spine",
            Site::Cervical => "cervical spine",
            Site::Shoulder => "shoulder",
            Site::Elbow => "elbow",
            Site::Wrist => "wrist",
            Site::Hip => "hip",
            Site::Knee => "knee",
            Site::Ankle => "ankle",
            Site::Head => "head",
            Site::Body => "body",
            Site::Mind => "mind",
        }
    }

    /// Spine adjective ("lumbar") for spine sites, else the part.
    fn adjective(self) -> &'static str {
        match self {
            Site::Lumbar => "lumbar",
            Site::Thoracic => "thoracic",
            Site::Cervical => "cervical",
            other => other.part(),
        }
    }

    /// Which limbs electrodiagnostic studies of this site test.
    fn limb(self) -> &'static str {
        match self {
            Site::Cervical | Site::Shoulder | Site::Elbow | Site::Wrist | Site::Head => "upper",
            _ => "lower",
        }
    }

    fn levels(self, two: bool) -> &'static [&'static str] {
        match (self, two) {
            (Site::Lumbar, false) => &["L3-4", "L4-5", "L5-S1", "L4-L5", "L5-S1", "L4-5"],
            (Site::Lumbar, true) => &[
                "L4-5 and L5-S1",
                "L3-4 and L4-5",
                "L3-L5",
                "L4-S1",
                "L3-4, L4-5 and L5-S1",
                "L4-L5, L5-S1",
            ],
            (Site::Cervical, false) => &["C4-5", "C5-6", "C6-7", "C5-C6", "C5-6"],
            (Site::Cervical, true) => &[
                "C5-6 and C6-7",
                "C4-5, C5-6",
                "C5-7",
                "C4-5 and C5-6",
                "C4-C6",
            ],
            (_, false) => &["T7-8", "T11-12"],
            (_, true) => &["T6-7 and T7-8", "T10-12"],
        }
    }
}

/// Left, right or both, for body parts that have sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Right,
    Left,
    Bilateral,
}

impl Side {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Side::Right => "right",
            Side::Left => "left",
            Side::Bilateral => "bilateral",
        }
    }

    fn random<R: Rng>(rng: &mut R, allow_both: bool) -> Side {
        let roll = rng.random_range(0..100);
        if roll < 47 {
            Side::Right
        } else if roll < 87 || !allow_both {
            Side::Left
        } else {
            Side::Bilateral
        }
    }
}

/// Which rationale sentences a treatment draws on (see `case.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Opioid,
    MuscleRelaxant,
    Topical,
    Ppi,
    Nsaid,
    Anticonvulsant,
    Antidepressant,
    Sleep,
    Benzodiazepine,
    MedicalFood,
    OtherDrug,
    PhysicalTherapy,
    PostOpTherapy,
    WorkHardening,
    Chiropractic,
    Acupuncture,
    Massage,
    Epidural,
    Facet,
    TriggerPoint,
    JointInjection,
    NerveBlock,
    Ablation,
    Imaging,
    Electrodiagnostic,
    DrugScreen,
    Labs,
    Genetic,
    Surgery,
    PreOp,
    HospitalStay,
    Tens,
    ElectricalStimulation,
    ColdTherapy,
    Brace,
    Mobility,
    OtherDme,
    Psych,
    FunctionalRestoration,
    Fce,
    Consultation,
    HomeHealth,
    Transportation,
    Shockwave,
    Membership,
    WeightLoss,
}

impl Family {
    /// Share of items of this kind whose denial is upheld. Public IMR
    /// figures: about 88% overall, injections about 96%, psychological
    /// services about 83%.
    pub(crate) fn upheld_share(self) -> f64 {
        match self {
            Family::Epidural
            | Family::Facet
            | Family::TriggerPoint
            | Family::JointInjection
            | Family::NerveBlock
            | Family::Ablation => 0.96,
            Family::Psych => 0.83,
            Family::Genetic | Family::MedicalFood | Family::Membership => 0.97,
            Family::PostOpTherapy | Family::Nsaid | Family::Anticonvulsant => 0.80,
            _ => 0.875,
        }
    }
}

/// One kind of request, with its truth category and its ways of being written.
#[derive(Debug)]
pub(crate) struct Entry {
    /// Truth category, one of [`crate::taxonomy::CATEGORIES`].
    pub(crate) category: &'static str,
    /// Truth subcategory.
    pub(crate) subcategory: Option<&'static str>,
    pub(crate) family: Family,
    pub(crate) profile: &'static Profile,
    /// Body parts it is requested for; empty for whole-body treatments.
    pub(crate) sites: &'static [Site],
    /// How often it is requested, relative to the other entries.
    pub(crate) weight: u32,
    /// Ways the request is written. Slots: `{side}` (right/left/bilateral),
    /// `{lr}` (right/left), `{where}` (`right knee`, `lumbar spine`),
    /// `{adj}` (`lumbar`), `{level}`/`{levels}` (spine levels), `{limb}`,
    /// `{freq}` (`2x6`), `{visits}`, `{count}` (tablets), `{days}`,
    /// `{months}`, `{hours}`, `{n}` (small counts). A capitalised slot name
    /// capitalises its value.
    pub(crate) templates: &'static [&'static str],
}

const fn entry(
    category: &'static str,
    subcategory: Option<&'static str>,
    family: Family,
    profile: &'static Profile,
    sites: &'static [Site],
    weight: u32,
    templates: &'static [&'static str],
) -> Entry {
    Entry {
        category,
        subcategory,
        family,
        profile,
        sites,
        weight,
        templates,
    }
}

use Family as F;
use Site as S;

const SPINE: &[Site] = &[S::Lumbar, S::Cervical];
const SPINE3: &[Site] = &[S::Lumbar, S::Cervical, S::Thoracic];
const MSK: &[Site] = &[
    S::Lumbar,
    S::Thoracic,
    S::Cervical,
    S::Shoulder,
    S::Elbow,
    S::Wrist,
    S::Hip,
    S::Knee,
    S::Ankle,
];
const LIMBS: &[Site] = &[S::Shoulder, S::Elbow, S::Wrist, S::Hip, S::Knee, S::Ankle];
const NERVES: &[Site] = &[S::Lumbar, S::Cervical, S::Wrist, S::Elbow];

/// The vocabulary. Weights follow the primer's mix: drugs about a third of
/// requests, then physical medicine, diagnostics, injections, surgery, DME.
pub(crate) static VOCABULARY: &[Entry] = &[
    // ----- Medication -----
    entry(
        "medication",
        Some("opioid"),
        F::Opioid,
        &guideline::OPIOID,
        &[],
        55,
        &[
            "Norco 10/325mg #{count}",
            "Norco 10/325 #{count}",
            "Norco 7.5/325mg #{count}",
            "Hydrocodone/APAP 10/325mg #{count}",
            "Hydrocodone/acetaminophen 5/325mg #{count}",
            "Vicodin 5/300mg #{count}",
            "Norco 10/325mg #{count} for weaning purposes",
            "Percocet 10/325mg #{count}",
            "Oxycodone 15mg #{count}",
            "Oxycodone IR 10mg #{count}",
            "OxyContin 20mg #{count}",
            "Oxycodone/APAP 5/325mg #{count}",
            "Tramadol 50mg #{count}",
            "Tramadol ER 150mg #{count}",
            "Ultram 50mg #{count}",
            "Ultracet 37.5/325mg #{count}",
            "Ultram ER 200mg #{count}",
            "MS Contin 30mg #{count}",
            "Morphine sulfate ER 15mg #{count}",
            "Nucynta 50mg #{count}",
            "Nucynta ER 100mg #{count}",
            "Methadone 10mg #{count}",
            "Opana ER 10mg #{count}",
            "Dilaudid 4mg #{count}",
            "Tylenol #3 #{count}",
        ],
    ),
    entry(
        "medication",
        Some("opioid"),
        F::Opioid,
        &guideline::OPIOID,
        &[],
        8,
        &[
            "Fentanyl 25mcg/hr patch #{n}",
            "Duragesic 50mcg/hr #{n}",
            "Butrans 10mcg/hr patch #4",
            "Butrans 5mcg/hr #4",
            "Buprenorphine 2mg sublingual #{count}",
        ],
    ),
    entry(
        "medication",
        Some("muscle_relaxant"),
        F::MuscleRelaxant,
        &guideline::MUSCLE_RELAXANT,
        &[],
        42,
        &[
            "Flexeril 10mg #{count}",
            "Fexmid 7.5mg #{count}",
            "Cyclobenzaprine 7.5mg #{count}",
            "Cyclobenzaprine hydrochloride 10mg #{count}",
            "Soma 350mg #{count}",
            "Carisoprodol 350mg #{count}",
            "Tizanidine 4mg #{count}",
            "Zanaflex 4mg #{count}",
            "Skelaxin 800mg #{count}",
            "Metaxalone 800mg #{count}",
            "Orphenadrine ER 100mg #{count}",
            "Norflex ER 100mg #{count}",
            "Baclofen 10mg #{count}",
            "Methocarbamol 750mg #{count}",
            "Robaxin 500mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("topical"),
        F::Topical,
        &guideline::TOPICAL,
        &[],
        40,
        &[
            "Lidoderm 5% patch #{count}",
            "Lidocaine 5% patches #30",
            "Terocin patches #{count}",
            "Terocin lotion 120ml",
            "Flector 1.3% patch #{count}",
            "Voltaren gel 1% 100gm",
            "Menthoderm gel 120gm",
            "Capsaicin 0.075% cream",
            "LidoPro ointment 121gm",
            "Ketoprofen 20% cream 120gm",
            "Compounded cream (flurbiprofen 20%/lidocaine 5%) 180gm",
            "Compounded flurbiprofen/cyclobenzaprine/menthol cream 180gm",
            "Compounded topical cream with gabapentin 10%, cyclobenzaprine 2% and tramadol 10%",
            "Topical compound ketoprofen/gabapentin/lidocaine 240gm",
            "Medrox patches #{count}",
            "Diclofenac sodium 1.5% topical solution 60ml",
        ],
    ),
    // Compounded oral suspensions sold as kits: oral drugs, so classed by
    // the drug they carry, not as topicals.
    entry(
        "medication",
        Some("muscle_relaxant"),
        F::MuscleRelaxant,
        &guideline::MUSCLE_RELAXANT,
        &[],
        2,
        &["Tabradol 1mg/ml oral suspension 250ml"],
    ),
    entry(
        "medication",
        Some("anticonvulsant"),
        F::Anticonvulsant,
        &guideline::ANTICONVULSANT,
        &[],
        1,
        &["Fanatrex 25mg/ml oral suspension 420ml"],
    ),
    entry(
        "medication",
        Some("opioid"),
        F::Opioid,
        &guideline::OPIOID,
        &[],
        1,
        &["Synapryn 10mg/ml oral suspension 500ml"],
    ),
    entry(
        "medication",
        Some("ppi"),
        F::Ppi,
        &guideline::PPI,
        &[],
        1,
        &["Deprizine 15mg/ml oral suspension 250ml"],
    ),
    entry(
        "medication",
        Some("ppi"),
        F::Ppi,
        &guideline::PPI,
        &[],
        24,
        &[
            "Omeprazole 20mg #{count}",
            "Prilosec 20mg #{count}",
            "Pantoprazole 20mg #{count}",
            "Protonix 40mg #{count}",
            "Nexium 40mg #{count}",
            "Esomeprazole 40mg #{count}",
            "Ranitidine 150mg #{count}",
            "Lansoprazole 30mg #{count}",
            "Omeprazole DR 20mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("nsaid"),
        F::Nsaid,
        &guideline::NSAID,
        &[],
        20,
        &[
            "Naproxen sodium 550mg #{count}",
            "Anaprox DS 550mg #{count}",
            "Naproxen 500mg #{count}",
            "Ibuprofen 800mg #{count}",
            "Motrin 800mg #{count}",
            "Celebrex 200mg #{count}",
            "Mobic 15mg #{count}",
            "Meloxicam 7.5mg #{count}",
            "Diclofenac sodium ER 100mg #{count}",
            "Voltaren XR 100mg #{count}",
            "Etodolac ER 400mg #{count}",
            "Nabumetone 750mg #{count}",
            "Relafen 500mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("anticonvulsant"),
        F::Anticonvulsant,
        &guideline::ANTICONVULSANT,
        &[],
        22,
        &[
            "Gabapentin 600mg #{count}",
            "Gabapentin 300mg #{count}",
            "Neurontin 300mg #{count}",
            "Lyrica 75mg #{count}",
            "Pregabalin 50mg #{count}",
            "Topamax 50mg #{count}",
            "Topiramate 25mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("antidepressant"),
        F::Antidepressant,
        &guideline::ANTIDEPRESSANT,
        &[],
        14,
        &[
            "Cymbalta 60mg #{count}",
            "Duloxetine 30mg #{count}",
            "Amitriptyline 25mg #{count}",
            "Trazodone 50mg #{count}",
            "Nortriptyline 25mg #{count}",
            "Effexor XR 75mg #{count}",
            "Wellbutrin XL 150mg #{count}",
            "Sertraline 50mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("sleep"),
        F::Sleep,
        &guideline::SLEEP,
        &[],
        18,
        &[
            "Ambien 10mg #{count}",
            "Ambien CR 12.5mg #{count}",
            "Zolpidem 10mg #{count}",
            "Zolpidem tartrate 5mg #{count}",
            "Lunesta 3mg #{count}",
            "Eszopiclone 2mg #{count}",
            "Sonata 10mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("sleep"),
        F::Sleep,
        &guideline::SLEEP,
        &[],
        1,
        &["Dicopanol 5mg/ml oral suspension 150ml"],
    ),
    entry(
        "medication",
        Some("benzodiazepine"),
        F::Benzodiazepine,
        &guideline::BENZODIAZEPINE,
        &[],
        9,
        &[
            "Xanax 0.5mg #{count}",
            "Alprazolam 1mg #{count}",
            "Valium 5mg #{count}",
            "Diazepam 10mg #{count}",
            "Klonopin 0.5mg #{count}",
            "Clonazepam 1mg #{count}",
            "Ativan 1mg #{count}",
            "Lorazepam 0.5mg #{count}",
        ],
    ),
    entry(
        "medication",
        Some("medical_food"),
        F::MedicalFood,
        &guideline::MEDICAL_FOOD,
        &[],
        8,
        &[
            "Theramine #{count}",
            "Sentra AM #{count}",
            "Sentra PM #{count}",
            "Trepadone #{count}",
            "GABAdone #{count}",
        ],
    ),
    entry(
        "medication",
        None,
        F::OtherDrug,
        &guideline::ANTIEMETIC,
        &[],
        4,
        &[
            "Ondansetron 8mg ODT #{count}",
            "Zofran 4mg #{count}",
            "Ondansetron 4mg #{count}",
        ],
    ),
    entry(
        "medication",
        None,
        F::OtherDrug,
        &guideline::LAXATIVE,
        &[],
        3,
        &[
            "Colace 100mg #{count}",
            "Docusate sodium 100mg #{count}",
            "Senna 8.6mg #{count}",
            "Senokot-S #{count}",
        ],
    ),
    entry(
        "medication",
        None,
        F::OtherDrug,
        &guideline::HEADACHE_DRUG,
        &[],
        2,
        &[
            "Fioricet #{count}",
            "Imitrex 50mg #{count}",
            "Sumatriptan 50mg #{count}",
        ],
    ),
    entry(
        "medication",
        None,
        F::OtherDrug,
        &guideline::STEROID,
        &[],
        1,
        &["Prednisone 10mg #{count}", "Medrol Dosepak #21"],
    ),
    // ----- Physical medicine -----
    entry(
        "physical_therapy",
        None,
        F::PhysicalTherapy,
        &guideline::PHYSICAL_THERAPY,
        MSK,
        60,
        &[
            "Physical therapy {freq} for the {where}",
            "Physical therapy, {visits} visits, {where}",
            "Additional physical therapy {freq} for the {where}",
            "PT {freq} {where}",
            "Physical therapy evaluation and treatment, {visits} sessions",
            "Physical therapy {visits} sessions for the {where}",
            "Aquatic therapy {freq}",
            "Aqua therapy {visits} sessions for the {where}",
            "Physical therapy x {visits} visits",
        ],
    ),
    entry(
        "physical_therapy",
        None,
        F::PhysicalTherapy,
        &guideline::PHYSICAL_THERAPY,
        &[S::Wrist, S::Elbow, S::Shoulder],
        5,
        &[
            "Occupational therapy {freq} for the {where}",
            "Occupational therapy {visits} sessions",
            "Hand therapy {freq} for the {where}",
        ],
    ),
    entry(
        "physical_therapy",
        None,
        F::PostOpTherapy,
        &guideline::POSTSURGICAL_THERAPY,
        &[
            S::Knee,
            S::Shoulder,
            S::Wrist,
            S::Lumbar,
            S::Cervical,
            S::Hip,
            S::Elbow,
            S::Ankle,
        ],
        10,
        &[
            "Post-operative physical therapy {freq} for the {where}",
            "Postoperative physical therapy, {visits} visits",
            "Post-op PT {freq} {where}",
            "Post-operative physical therapy x {visits} sessions",
        ],
    ),
    // The primer files work hardening and conditioning under physical medicine.
    entry(
        "physical_therapy",
        None,
        F::WorkHardening,
        &guideline::WORK_HARDENING,
        &[S::Lumbar, S::Cervical, S::Shoulder, S::Knee],
        3,
        &[
            "Work hardening program x {visits} sessions",
            "Work conditioning {freq}",
            "Work hardening {freq} for the {where}",
        ],
    ),
    entry(
        "chiropractic",
        None,
        F::Chiropractic,
        &guideline::CHIROPRACTIC,
        SPINE3,
        22,
        &[
            "Chiropractic treatment {freq} for the {where}",
            "Chiropractic manipulation {visits} visits",
            "Chiropractic care {freq}",
            "Chiropractic sessions x {visits}",
            "Chiropractic manipulative therapy {freq} {where}",
            "Additional chiropractic treatment x {visits}",
        ],
    ),
    entry(
        "acupuncture",
        None,
        F::Acupuncture,
        &guideline::ACUPUNCTURE,
        &[
            S::Lumbar,
            S::Cervical,
            S::Shoulder,
            S::Knee,
            S::Wrist,
            S::Thoracic,
        ],
        32,
        &[
            "Acupuncture {freq} for the {where}",
            "Acupuncture {visits} sessions",
            "Additional acupuncture {visits} visits",
            "Acupuncture with electrical stimulation {freq}",
            "Electroacupuncture {visits} sessions",
            "In-office acupuncture, {visits} visits",
            "Acupuncture x {visits} for the {where}",
        ],
    ),
    entry(
        "massage",
        None,
        F::Massage,
        &guideline::MASSAGE,
        SPINE3,
        7,
        &[
            "Massage therapy {visits} sessions",
            "Massage therapy {freq} for the {where}",
            "Myofascial release {visits} sessions",
        ],
    ),
    // ----- Injections -----
    entry(
        "injection",
        Some("epidural"),
        F::Epidural,
        &guideline::EPIDURAL,
        SPINE,
        40,
        &[
            "{Adj} epidural steroid injection at {level}",
            "{Side} {level} transforaminal epidural steroid injection",
            "{Adj} ESI {level}",
            "{Adj} interlaminar epidural steroid injection at {level}",
            "Repeat {adj} epidural steroid injection at {levels}",
            "{Side} {levels} transforaminal ESI under fluoroscopy",
            "Selective nerve root block {side} {level}",
        ],
    ),
    entry(
        "injection",
        Some("epidural"),
        F::Epidural,
        &guideline::EPIDURAL,
        &[S::Lumbar],
        3,
        &[
            "Caudal epidural steroid injection",
            "Lumbar epidural steroid injection",
        ],
    ),
    entry(
        "injection",
        Some("facet"),
        F::Facet,
        &guideline::FACET,
        SPINE,
        17,
        &[
            "{Side} {adj} facet joint injections at {levels}",
            "{Adj} facet injection {levels}",
            "{Side} {adj} medial branch blocks at {levels}",
            "Diagnostic medial branch block {side} {levels}",
            "{Adj} facet blocks {levels} bilaterally",
            "In-office, {adj} facet joint injection, {levels}, bilaterally",
        ],
    ),
    entry(
        "injection",
        Some("trigger_point"),
        F::TriggerPoint,
        &guideline::TRIGGER_POINT,
        &[S::Lumbar, S::Cervical, S::Thoracic, S::Shoulder],
        10,
        &[
            "Trigger point injections x {n}",
            "Trigger point injections to the {where}",
            "Trigger point injection x{n} to the trapezius",
            "TPI x {n}",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::KNEE_INJECTION,
        &[S::Knee],
        9,
        &[
            "Synvisc-One injection to the {lr} knee",
            "Euflexxa injections x 3 for the {lr} knee",
            "{LR} knee intra-articular corticosteroid injection",
            "Orthovisc injections x 4, {lr} knee",
            "{LR} knee cortisone injection",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::JOINT_INJECTION,
        &[S::Shoulder],
        4,
        &[
            "{LR} shoulder subacromial steroid injection",
            "{LR} shoulder intra-articular injection",
            "{LR} shoulder cortisone injection",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::JOINT_INJECTION,
        &[S::Hip],
        2,
        &[
            "{LR} hip intra-articular steroid injection",
            "{LR} greater trochanteric bursa injection",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::SI_INJECTION,
        &[S::Lumbar],
        4,
        &[
            "{LR} sacroiliac joint injection",
            "Bilateral SI joint injections",
            "{LR} SI joint block",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::JOINT_INJECTION,
        &[S::Wrist],
        2,
        &[
            "{LR} trigger finger injection",
            "{LR} wrist cortisone injection",
            "{LR} first dorsal compartment steroid injection",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::PRP,
        &[S::Elbow],
        2,
        &[
            "{LR} lateral epicondyle steroid injection",
            "PRP injection to the {lr} elbow",
            "Platelet-rich plasma injection, {lr} elbow",
        ],
    ),
    entry(
        "injection",
        Some("joint"),
        F::JointInjection,
        &guideline::JOINT_INJECTION,
        &[S::Ankle],
        1,
        &[
            "{LR} plantar fascia steroid injection",
            "{LR} ankle injection",
        ],
    ),
    entry(
        "injection",
        Some("nerve_block"),
        F::NerveBlock,
        &guideline::OCCIPITAL_BLOCK,
        &[S::Head],
        3,
        &[
            "Bilateral greater occipital nerve blocks",
            "{LR} occipital nerve block",
        ],
    ),
    entry(
        "injection",
        Some("nerve_block"),
        F::NerveBlock,
        &guideline::NERVE_BLOCK,
        &[S::Shoulder, S::Knee],
        2,
        &[
            "{LR} suprascapular nerve block",
            "{LR} genicular nerve block",
        ],
    ),
    entry(
        "injection",
        Some("nerve_block"),
        F::NerveBlock,
        &guideline::SYMPATHETIC_BLOCK,
        &[],
        2,
        &[
            "{LR} stellate ganglion block",
            "Lumbar sympathetic block, {lr}",
        ],
    ),
    entry(
        "radiofrequency_ablation",
        None,
        F::Ablation,
        &guideline::ABLATION,
        SPINE,
        12,
        &[
            "Radiofrequency ablation {side} {levels}",
            "{Adj} radiofrequency neurotomy at {levels}",
            "{Side} {adj} medial branch radiofrequency neurotomy {levels}",
            "{Adj} rhizotomy {levels}",
            "RFA {side} {levels}",
        ],
    ),
    // ----- Diagnostics -----
    entry(
        "imaging",
        Some("mri"),
        F::Imaging,
        &guideline::MRI,
        MSK,
        45,
        &[
            "MRI of the {where}",
            "MRI of the {where} without contrast",
            "Repeat MRI of the {where}",
            "{Where} MRI",
            "Open MRI of the {where}",
            "MRI {where} with and without contrast",
        ],
    ),
    entry(
        "imaging",
        Some("mri"),
        F::Imaging,
        &guideline::MRI,
        &[S::Head],
        2,
        &["MRI of the brain", "MRI of the brain without contrast"],
    ),
    entry(
        "imaging",
        Some("mri"),
        F::Imaging,
        &guideline::MRI,
        &[S::Shoulder, S::Hip],
        3,
        &["MR arthrogram of the {lr} {adj}"],
    ),
    entry(
        "imaging",
        Some("ct"),
        F::Imaging,
        &guideline::CT,
        MSK,
        6,
        &[
            "CT scan of the {where}",
            "CT of the {where} without contrast",
        ],
    ),
    entry(
        "imaging",
        Some("ct"),
        F::Imaging,
        &guideline::CT,
        SPINE,
        1,
        &["CT myelogram of the {where}"],
    ),
    entry(
        "imaging",
        Some("xray"),
        F::Imaging,
        &guideline::XRAY,
        MSK,
        14,
        &[
            "X-rays of the {where}",
            "X-ray of the {where}, 3 views",
            "Radiographs of the {where}",
            "{Where} x-rays",
        ],
    ),
    entry(
        "imaging",
        Some("xray"),
        F::Imaging,
        &guideline::XRAY,
        SPINE,
        3,
        &["{Adj} spine x-rays with flexion/extension views"],
    ),
    entry(
        "imaging",
        Some("bone_scan"),
        F::Imaging,
        &guideline::BONE_SCAN,
        MSK,
        2,
        &[
            "Bone scan",
            "Whole body bone scan",
            "Triple phase bone scan of the {where}",
        ],
    ),
    entry(
        "imaging",
        Some("ultrasound"),
        F::Imaging,
        &guideline::ULTRASOUND,
        LIMBS,
        3,
        &[
            "Diagnostic ultrasound of the {where}",
            "Ultrasound of the {where}",
        ],
    ),
    entry(
        "electrodiagnostic",
        None,
        F::Electrodiagnostic,
        &guideline::ELECTRODIAGNOSTIC,
        NERVES,
        30,
        &[
            "EMG/NCV of the bilateral {limb} extremities",
            "EMG/NCS of the {lr} {limb} extremity",
            "NCV of the bilateral {limb} extremities",
            "EMG of the bilateral {limb} extremities",
            "Electromyography (EMG) of the bilateral {limb} extremities",
            "Nerve conduction studies of the {lr} {limb} extremity",
            "Electrodiagnostic studies of the bilateral {limb} extremities",
        ],
    ),
    entry(
        "laboratory",
        Some("drug_screen"),
        F::DrugScreen,
        &guideline::DRUG_SCREEN,
        &[],
        22,
        &[
            "Urine drug screen",
            "Urine drug screening",
            "Urine toxicology screen",
            "Random urine drug test",
            "Urine drug testing",
            "UDS x 1",
            "Point-of-care urine drug screen",
            "Quantitative urine drug testing",
            "Retrospective urine drug screen",
        ],
    ),
    entry(
        "laboratory",
        None,
        F::Labs,
        &guideline::LABS,
        &[],
        5,
        &[
            "CBC and CMP",
            "Comprehensive metabolic panel",
            "Complete blood count",
            "Liver and renal function tests",
            "Hepatic function panel",
            "Routine blood work",
            "Pre-operative labs",
        ],
    ),
    entry(
        "laboratory",
        Some("genetic"),
        F::Genetic,
        &guideline::GENETIC,
        &[],
        3,
        &[
            "Genetic testing for opioid metabolism",
            "Cytokine DNA testing",
            "Pharmacogenetic testing",
        ],
    ),
    // ----- Surgery -----
    entry(
        "surgery",
        Some("spine"),
        F::Surgery,
        &guideline::SPINE_SURGERY,
        SPINE,
        12,
        &[
            "{Level} {adj} fusion",
            "{Adj} fusion at {levels}",
            "{Adj} laminectomy and discectomy at {level}",
            "{Side} {level} microdiscectomy",
            "{Adj} decompression at {levels}",
        ],
    ),
    entry(
        "surgery",
        Some("spine"),
        F::Surgery,
        &guideline::SPINE_SURGERY,
        &[S::Cervical],
        3,
        &["Anterior cervical discectomy and fusion at {levels}"],
    ),
    entry(
        "surgery",
        Some("spine"),
        F::Surgery,
        &guideline::SPINE_SURGERY,
        &[S::Lumbar],
        3,
        &[
            "Posterior lumbar interbody fusion at {level}",
            "Spinal cord stimulator trial",
        ],
    ),
    entry(
        "surgery",
        Some("knee"),
        F::Surgery,
        &guideline::KNEE_SURGERY,
        &[S::Knee],
        10,
        &[
            "{LR} knee arthroscopy with partial medial meniscectomy",
            "{LR} total knee arthroplasty",
            "{LR} knee arthroscopic chondroplasty",
            "{LR} knee ACL reconstruction",
        ],
    ),
    entry(
        "surgery",
        Some("shoulder"),
        F::Surgery,
        &guideline::SHOULDER_SURGERY,
        &[S::Shoulder],
        10,
        &[
            "{LR} shoulder arthroscopic subacromial decompression",
            "{LR} shoulder arthroscopy with rotator cuff repair",
            "{LR} shoulder arthroscopy, distal clavicle excision",
        ],
    ),
    // Manipulation under anesthesia is an operating-room procedure.
    entry(
        "surgery",
        Some("shoulder"),
        F::Surgery,
        &guideline::SHOULDER_SURGERY,
        &[S::Shoulder],
        1,
        &["{LR} shoulder manipulation under anesthesia"],
    ),
    entry(
        "surgery",
        Some("hand_wrist"),
        F::Surgery,
        &guideline::CARPAL_TUNNEL_SURGERY,
        &[S::Wrist],
        8,
        &[
            "{LR} carpal tunnel release",
            "{LR} endoscopic carpal tunnel release",
        ],
    ),
    entry(
        "surgery",
        Some("hand_wrist"),
        F::Surgery,
        &guideline::HAND_SURGERY,
        &[S::Wrist],
        4,
        &[
            "{LR} trigger finger release",
            "{LR} De Quervain release",
            "{LR} wrist arthroscopy with TFCC debridement",
        ],
    ),
    // The cubital tunnel and the ulnar nerve's groove are at the elbow.
    entry(
        "surgery",
        Some("elbow"),
        F::Surgery,
        &guideline::ELBOW_SURGERY,
        &[S::Elbow],
        2,
        &[
            "{LR} cubital tunnel release",
            "{LR} ulnar nerve transposition",
        ],
    ),
    entry(
        "surgery",
        Some("elbow"),
        F::Surgery,
        &guideline::ELBOW_SURGERY,
        &[S::Elbow],
        2,
        &["{LR} lateral epicondylar release", "{LR} elbow arthroscopy"],
    ),
    entry(
        "surgery",
        Some("hip"),
        F::Surgery,
        &guideline::HIP_SURGERY,
        &[S::Hip],
        2,
        &["{LR} total hip arthroplasty"],
    ),
    entry(
        "surgery",
        Some("hip"),
        F::Surgery,
        &guideline::HIP_SURGERY,
        &[S::Hip],
        1,
        &["{LR} hip arthroscopy with labral repair"],
    ),
    entry(
        "surgery",
        Some("foot_ankle"),
        F::Surgery,
        &guideline::ANKLE_SURGERY,
        &[S::Ankle],
        3,
        &[
            "{LR} ankle arthroscopy with debridement",
            "{LR} plantar fascia release",
            "{LR} bunionectomy",
        ],
    ),
    entry(
        "surgery",
        Some("preop"),
        F::PreOp,
        &guideline::PREOP,
        &[],
        5,
        &[
            "Pre-operative medical clearance",
            "Preoperative clearance with internal medicine",
            "Pre-op clearance",
        ],
    ),
    entry(
        "surgery",
        None,
        F::HospitalStay,
        &guideline::HOSPITAL_STAY,
        &[S::Lumbar, S::Cervical, S::Knee, S::Hip],
        3,
        &["Inpatient hospital stay x {n} days", "Assistant surgeon"],
    ),
    // ----- Durable medical equipment -----
    entry(
        "dme",
        Some("tens"),
        F::Tens,
        &guideline::TENS,
        &[],
        14,
        &[
            "TENS unit",
            "TENS unit, 30-day trial",
            "TENS unit rental x {days} days",
            "TENS unit purchase",
            "TENS unit supplies x {months} months",
            "Transcutaneous electrical nerve stimulation (TENS) unit",
        ],
    ),
    entry(
        "dme",
        Some("electrical_stimulation"),
        F::ElectricalStimulation,
        &guideline::H_WAVE,
        &[],
        4,
        &["H-wave unit", "Home H-wave device purchase"],
    ),
    entry(
        "dme",
        Some("electrical_stimulation"),
        F::ElectricalStimulation,
        &guideline::INTERFERENTIAL,
        &[],
        4,
        &[
            "Interferential unit rental x {months} months",
            "Interferential current stimulator",
            "NMES unit",
        ],
    ),
    entry(
        "dme",
        Some("cold_therapy"),
        F::ColdTherapy,
        &guideline::COLD_THERAPY,
        LIMBS,
        8,
        &[
            "Cold therapy unit",
            "Cold therapy unit rental x {days} days",
            "Vascutherm unit rental x {days} days",
            "Polar Care unit purchase",
            "Game Ready cold compression unit",
            "Hot/cold therapy unit",
        ],
    ),
    entry(
        "dme",
        Some("brace"),
        F::Brace,
        &guideline::BRACE,
        &[S::Lumbar],
        4,
        &[
            "Lumbar brace",
            "LSO back brace",
            "Lumbar support",
            "Lumbosacral orthosis",
        ],
    ),
    entry(
        "dme",
        Some("brace"),
        F::Brace,
        &guideline::BRACE,
        &[S::Cervical],
        1,
        &["Cervical collar", "Soft cervical collar"],
    ),
    entry(
        "dme",
        Some("brace"),
        F::Brace,
        &guideline::BRACE,
        &[S::Knee],
        3,
        &[
            "{LR} knee brace",
            "Hinged knee brace, {lr}",
            "Knee immobilizer",
        ],
    ),
    entry(
        "dme",
        Some("brace"),
        F::Brace,
        &guideline::BRACE,
        &[S::Wrist],
        2,
        &[
            "{LR} wrist splint",
            "Wrist brace, {lr}",
            "Thumb spica splint",
        ],
    ),
    entry(
        "dme",
        Some("brace"),
        F::Brace,
        &guideline::BRACE,
        &[S::Ankle],
        2,
        &["Custom orthotics", "{LR} ankle brace", "CAM walker boot"],
    ),
    entry(
        "dme",
        Some("brace"),
        F::Brace,
        &guideline::BRACE,
        &[S::Shoulder],
        1,
        &["Shoulder sling", "{LR} shoulder abduction sling"],
    ),
    entry(
        "dme",
        Some("mobility"),
        F::Mobility,
        &guideline::MOBILITY,
        &[S::Knee, S::Hip, S::Ankle, S::Lumbar],
        3,
        &[
            "Front-wheeled walker",
            "Four-wheeled walker with seat",
            "Single-point cane",
            "Wheelchair",
            "Motorized scooter",
            "Crutches",
        ],
    ),
    entry(
        "dme",
        None,
        F::OtherDme,
        &guideline::CPM,
        &[S::Knee, S::Shoulder],
        2,
        &[
            "CPM machine rental x {days} days",
            "Continuous passive motion device x {days} days",
        ],
    ),
    entry(
        "dme",
        None,
        F::OtherDme,
        &guideline::OTHER_DME,
        &[],
        3,
        &[
            "Home cervical traction unit",
            "Orthopedic mattress",
            "Bone growth stimulator",
            "Home exercise kit",
            "Shower chair",
            "Inversion table",
            "Hospital bed",
        ],
    ),
    // ----- Psychological services and programs -----
    entry(
        "psychological",
        None,
        F::Psych,
        &guideline::PSYCH,
        &[S::Mind],
        28,
        &[
            "Psychological evaluation",
            "Psychological consultation and testing",
            "Cognitive behavioral therapy {visits} sessions",
            "CBT x {visits}",
            "Individual psychotherapy {visits} sessions",
            "Group psychotherapy {freq}",
            "Biofeedback {visits} sessions",
            "Psychological testing",
            "Psychotherapy {visits} sessions",
            "Hypnotherapy {visits} sessions",
            "Relaxation training {visits} sessions",
        ],
    ),
    entry(
        "functional_restoration",
        None,
        F::FunctionalRestoration,
        &guideline::FRP,
        &[],
        12,
        &[
            "Functional restoration program x {hours} hours",
            "Functional restoration program, {n} weeks",
            "Multidisciplinary evaluation for a functional restoration program",
            "Interdisciplinary pain rehabilitation program x 10 days",
            "HELP program x {hours} hours",
        ],
    ),
    entry(
        "evaluation",
        Some("fce"),
        F::Fce,
        &guideline::FCE,
        &[],
        8,
        &[
            "Functional capacity evaluation",
            "FCE",
            "Functional capacity evaluation (FCE)",
            "Qualified functional capacity evaluation",
        ],
    ),
    entry(
        "evaluation",
        None,
        F::Fce,
        &guideline::ERGONOMIC,
        &[],
        1,
        &[
            "Ergonomic evaluation of the workstation",
            "Work site evaluation",
        ],
    ),
    entry(
        "consultation",
        None,
        F::Consultation,
        &guideline::CONSULTATION,
        &[],
        24,
        &[
            "Pain management consultation",
            "Consultation with an orthopedic surgeon",
            "Referral to a pain management specialist",
            "Neurology consultation",
            "Orthopedic follow-up visits x {n}",
            "Internal medicine consultation",
            "Psychiatric consultation",
            "Neurosurgical consultation",
            "Podiatry consultation",
            "Rheumatology referral",
            "Second opinion orthopedic consultation",
            "Sleep medicine consultation",
        ],
    ),
    // A visit to a surgeon to discuss surgery is a consultation, not surgery.
    entry(
        "consultation",
        None,
        F::Consultation,
        &guideline::CONSULTATION,
        &[],
        2,
        &["Spine surgery consultation"],
    ),
    entry(
        "home_health",
        None,
        F::HomeHealth,
        &guideline::HOME_HEALTH,
        &[],
        7,
        &[
            "Home health care {n} hours per day, 5 days per week",
            "Home health aide {hours} hours per week",
            "Home care assistance {n} hours per day",
            "In-home care services",
        ],
    ),
    entry(
        "transportation",
        None,
        F::Transportation,
        &guideline::TRANSPORTATION,
        &[],
        4,
        &[
            "Transportation to and from medical appointments",
            "Round-trip transportation to all medical appointments",
            "Taxi service to medical appointments",
            "Medical transportation",
        ],
    ),
    // The ride is the request, whatever the destination.
    entry(
        "transportation",
        None,
        F::Transportation,
        &guideline::TRANSPORTATION,
        &[],
        1,
        &["Transportation to and from physical therapy sessions"],
    ),
    entry(
        "shockwave",
        None,
        F::Shockwave,
        &guideline::SHOCKWAVE,
        &[S::Shoulder, S::Elbow, S::Ankle],
        4,
        &[
            "Extracorporeal shockwave therapy for the {where} x {n}",
            "ESWT {where} {n} sessions",
            "Shockwave therapy for the {where}",
        ],
    ),
    entry(
        "other",
        Some("membership"),
        F::Membership,
        &guideline::MEMBERSHIP,
        &[],
        4,
        &[
            "Gym membership x {months} months",
            "YMCA membership x 1 year",
            "Pool membership for 6 months",
            "Health club membership",
        ],
    ),
    entry(
        "other",
        Some("weight_loss"),
        F::WeightLoss,
        &guideline::WEIGHT_LOSS,
        &[],
        2,
        &[
            "Weight loss program",
            "Medically supervised weight loss program x {months} months",
            "Lindora weight loss program",
        ],
    ),
];

/// Picks an entry by weight.
pub(crate) fn random_entry<R: Rng>(rng: &mut R) -> &'static Entry {
    let total: u32 = VOCABULARY.iter().map(|entry| entry.weight).sum();
    let mut roll = rng.random_range(0..total);
    for entry in VOCABULARY {
        if roll < entry.weight {
            return entry;
        }
        roll -= entry.weight;
    }
    // The rolls above cover 0..total exactly.
    &VOCABULARY[VOCABULARY.len() - 1]
}

/// A treatment as written, with where it is aimed.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub(crate) text: String,
    pub(crate) side: Option<Side>,
}

/// Writes one request for `entry` aimed at `site` (ignored for whole-body
/// entries), filling the template's slots.
pub(crate) fn write_treatment<R: Rng>(rng: &mut R, entry: &Entry, site: Site) -> Written {
    let template = pick(rng, entry.templates);
    let wants_lr = template.contains("{lr}") || template.contains("{LR}");
    let side =
        if template.contains("{side}") || template.contains("{Side}") || wants_lr || site.sided() {
            Some(Side::random(rng, !wants_lr))
        } else {
            None
        };
    let mut text = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let slot = &rest[open + 1..open + close];
        let value = slot_value(rng, slot, site, side);
        if slot.starts_with(|c: char| c.is_ascii_uppercase()) {
            text.push_str(&capitalize(&value));
        } else {
            text.push_str(&value);
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    Written { text, side }
}

fn slot_value<R: Rng>(rng: &mut R, slot: &str, site: Site, side: Option<Side>) -> String {
    let side = side.unwrap_or(Side::Right);
    match slot.to_ascii_lowercase().as_str() {
        "side" => side.word().to_string(),
        "lr" => match side {
            Side::Left => "left",
            _ => "right",
        }
        .to_string(),
        "where" => where_phrase(site, side),
        "adj" => site.adjective().to_string(),
        "level" => pick(rng, site.levels(false)).to_string(),
        "levels" => pick(rng, site.levels(true)).to_string(),
        "limb" => site.limb().to_string(),
        "freq" => pick(
            rng,
            &[
                "2x6",
                "2x4",
                "3x4",
                "1x6",
                "2x3",
                "3x2",
                "2 x 6",
                "2x week x 4 weeks",
            ],
        )
        .to_string(),
        "visits" => pick(
            rng,
            &["4", "6", "6", "8", "8", "10", "12", "12", "18", "24"],
        )
        .to_string(),
        "count" => pick(
            rng,
            &["30", "60", "60", "90", "90", "120", "120", "180", "240"],
        )
        .to_string(),
        "days" => pick(rng, &["7", "14", "21", "30", "30"]).to_string(),
        "months" => pick(rng, &["1", "2", "3", "6", "12"]).to_string(),
        "hours" => pick(rng, &["20", "40", "80", "96", "160"]).to_string(),
        _ => pick(rng, &["2", "3", "4", "5", "6", "10", "15"]).to_string(),
    }
}

/// "right knee", "bilateral shoulders", "lumbar spine".
pub(crate) fn where_phrase(site: Site, side: Side) -> String {
    if !site.sided() {
        return site.part().to_string();
    }
    match side {
        Side::Bilateral => format!("bilateral {}s", site.part()),
        one => format!("{} {}", one.word(), site.part()),
    }
}

/// Upper-cases the first letter.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::taxonomy;

    /// Every way each entry is written, across its sites and many slot fillings.
    fn written_forms() -> Vec<(&'static Entry, String)> {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut forms = Vec::new();
        for entry in VOCABULARY {
            let sites: &[Site] = if entry.sites.is_empty() {
                &[Site::Body]
            } else {
                entry.sites
            };
            for &site in sites {
                for _ in 0..40 * entry.templates.len() {
                    let text = write_treatment(&mut rng, entry, site).text;
                    if !forms.iter().any(|(_, seen)| *seen == text) {
                        forms.push((entry, text));
                    }
                }
            }
        }
        forms
    }

    /// (written form, generator's class, taxonomy's class) for every disagreement.
    fn disagreements() -> Vec<(String, String, String)> {
        let path = |category: &str, subcategory: Option<&str>| {
            format!("{category}/{}", subcategory.unwrap_or("-"))
        };
        let mut out = Vec::new();
        for (entry, text) in written_forms() {
            let class = taxonomy::classify_treatment(&text);
            let ours = path(entry.category, entry.subcategory);
            let theirs = path(class.category, class.subcategory);
            if ours != theirs {
                out.push((text, ours, theirs));
            }
        }
        out
    }

    #[test]
    fn vocabulary_fully_agrees_with_taxonomy() {
        let mismatches: Vec<String> = disagreements()
            .into_iter()
            .map(|(text, ours, theirs)| format!("{text:?}: generator {ours}, taxonomy {theirs}"))
            .collect();
        for line in &mismatches {
            println!("{line}");
        }
        assert!(mismatches.is_empty(), "{} disagreements", mismatches.len());
    }

    #[test]
    fn every_entry_names_a_known_category_and_has_templates() {
        for entry in VOCABULARY {
            assert!(
                taxonomy::CATEGORIES.contains(&entry.category),
                "{}",
                entry.category
            );
            assert!(!entry.templates.is_empty() && entry.weight > 0);
        }
    }

    #[test]
    fn slots_are_all_filled() {
        for (_, text) in written_forms() {
            assert!(!text.contains('{') && !text.contains('}'), "{text}");
            assert!(!text.contains("  ") && text.trim() == text, "{text:?}");
            // The DWC item line is `<treatment>:  Upheld`: a colon inside
            // the treatment would make it ambiguous.
            assert!(!text.contains(':'), "{text}");
        }
    }
}
