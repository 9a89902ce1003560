//! The one normalisation taxonomy: treatment categories and the words for
//! them, guideline paths, reviewer specialties and states.
//!
//! Everything here is a table, read top to bottom. To teach the product a new
//! drug or procedure, add its words to the right row of [`TREATMENT_RULES`];
//! to teach it a new brand/generic pair, add a group to [`SYNONYM_GROUPS`].
//! Extraction, the corpus generator and query understanding all read these
//! same tables, so one edit changes all three.
//!
//! Conventions follow the IMR primer: `injection` covers epidurals, facet and
//! medial branch blocks, joint and trigger point injections and other nerve
//! blocks; `radiofrequency_ablation` covers neurotomy, rhizotomy and lesioning;
//! every drug, compound and medical food is `medication`.

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_automata::{hybrid, meta, util::syntax};

/// Top-level treatment categories, exactly as they appear in facets and JSON.
pub const CATEGORIES: [&str; 20] = [
    "medication",
    "physical_therapy",
    "chiropractic",
    "acupuncture",
    "massage",
    "injection",
    "radiofrequency_ablation",
    "imaging",
    "electrodiagnostic",
    "laboratory",
    "surgery",
    "dme",
    "psychological",
    "functional_restoration",
    "consultation",
    "home_health",
    "transportation",
    "evaluation",
    "shockwave",
    "other",
];

/// One row of the treatment table: any of `terms` (whole words, any case)
/// in the treatment text puts the item in `category` / `subcategory`.
#[derive(Debug)]
pub struct TreatmentRule {
    /// Top-level category, one of [`CATEGORIES`].
    pub category: &'static str,
    /// Subcategory within the category, if this row is specific.
    pub subcategory: Option<&'static str>,
    /// Words and phrases, matched case-insensitively on word boundaries.
    /// A term is a regex fragment; most are plain words.
    pub terms: &'static [&'static str],
}

const fn rule(
    category: &'static str,
    subcategory: Option<&'static str>,
    terms: &'static [&'static str],
) -> TreatmentRule {
    TreatmentRule {
        category,
        subcategory,
        terms,
    }
}

/// The treatment table. **Order matters: the first row that matches wins**,
/// so rows that name a thing more specifically come before rows whose words
/// also occur inside it ("post-operative physical therapy" is therapy, not
/// surgery; "MRI of the knee" is imaging; "compounded cream with gabapentin"
/// is a topical, not an anticonvulsant).
pub static TREATMENT_RULES: &[TreatmentRule] = &[
    // Diagnostics name a body part or a procedure they precede: test first.
    rule("electrodiagnostic", None, &[
        "emg", "ncv", "ncs", "emgs", "ncvs", "electromyograph\\w*", "electrodiagnostic\\w*",
        "nerve conduction( velocity)?( stud(y|ies)| test\\w*)?", "emg/ncv", "emg/ncs", "ssep", "qfce",
        "eeg", "electroencephalogra\\w*",
    ]),
    rule("imaging", Some("mri"), &[
        "mri", "mris", "mra", "magnetic resonance( imaging)?", "open mri", "upright mri", "mr arthrogram",
    ]),
    rule("imaging", Some("ct"), &[
        "ct", "ct scan", "cat scan", "computed tomography", "ct myelogram", "myelogram",
    ]),
    rule("imaging", Some("xray"), &[
        "x-?rays?", "radiographs?", "radiographic", "flexion[- /]extension views?", "films?",
    ]),
    rule("imaging", Some("bone_scan"), &["bone scan", "scintigraphy"]),
    rule("imaging", Some("ultrasound"), &["diagnostic ultrasound", "ultrasound", "sonogram", "doppler"]),
    rule("imaging", None, &["imaging", "arthrogram", "discogram", "discography", "dexa"]),
    rule("laboratory", Some("drug_screen"), &[
        "urine drug (screen|test|testing|screening)s?", "urine toxicology( screen)?", "uds", "udt",
        "drug screen\\w*", "drug test\\w*", "urinalysis", "urine (screen|test)\\w*", "toxicology",
    ]),
    rule("laboratory", Some("genetic"), &[
        "genetic\\w*", "dna", "pharmacogenetic\\w*", "pharmacogenomic\\w*", "cytokine\\w*",
    ]),
    rule("laboratory", None, &[
        "labs?", "laboratory", "blood (work|test\\w*|panel)", "cbc", "metabolic panel", "chem(istry)? panel",
        "pre-?operative labs?", "complete blood count", "blood count", "liver function", "hepatic function", "renal function", "serum",
        "hba1c", "a1c", "lipid panel", "thyroid panel", "ekg", "ecg", "electrocardiogram",
    ]),
    // Psychological before evaluation and consultation ("psychological evaluation").
    rule("psychological", None, &[
        "psychological\\w*", "psycholog\\w*", "neuropsycholog\\w*", "psychotherap\\w*", "cognitive behavio(u)?ral( therapy)?",
        "cbt", "biofeedback", "hypnotherap\\w*", "hypnosis", "relaxation training", "psych testing",
        "psychometric\\w*", "psychiatric (evaluation|treatment|therapy)", "counseling", "pain coping",
        "mmpi",
    ]),
    rule("functional_restoration", None, &[
        "functional restoration( program)?", "frp", "multidisciplinary (pain )?(program|rehabilitation)",
        "interdisciplinary (pain )?(program|rehabilitation)", "help program", "chronic pain (management )?program",
        "pain rehabilitation program",
    ]),
    // A consultation or referral is a visit, whatever it is about ("spine
    // surgery consultation", "referral for epidural injection").
    rule("consultation", None, &[
        "consult\\w*", "referrals?", "second opinion", "follow[- ]?up (visits?|appointments?|evaluations?)",
        "office visits?", "medication management( visits?| sessions?)?",
    ]),
    rule("evaluation", Some("fce"), &["functional capacity (evaluation|exam\\w*|assessment|test\\w*)", "fce", "fces"]),
    rule("evaluation", None, &[
        "ergonomic (evaluation|assessment)", "work ?site (evaluation|assessment)", "job site (evaluation|analysis)",
        "workstation evaluation",
    ]),
    rule("shockwave", None, &["eswt", "shock ?wave\\w*", "extracorporeal"]),
    // Ablation before injection: "medial branch radiofrequency neurotomy".
    rule("radiofrequency_ablation", None, &[
        "radio ?frequency", "rfa", "rf ablation", "rf neurotomy", "neurotom(y|ies)", "rhizotom(y|ies)",
        "neurolysis", "ablations?", "lesioning", "denervation",
    ]),
    rule("injection", Some("epidural"), &[
        "epidurals?", "esi", "esis", "lesi", "cesi", "tfesi", "transforaminal", "interlaminar", "caudal",
        "selective nerve root blocks?", "snrb", "nerve root blocks?",
    ]),
    rule("injection", Some("facet"), &[
        "facet\\w*", "medial branch blocks?", "mbb", "mbbs", "medial branch", "zygapophys\\w*",
    ]),
    rule("injection", Some("trigger_point"), &["trigger point( injections?)?", "tpi", "tpis"]),
    rule("injection", Some("joint"), &[
        "sacroiliac( joint)?( injections?| blocks?)?", "si joint( injections?| blocks?)?", "intra-?articular",
        "synvisc\\w*", "orthovisc", "euflexxa", "supartz", "monovisc", "gel-?one", "hyaluronic( acid)?",
        "viscosupplement\\w*", "prp", "platelet[- ]rich plasma", "cortisone", "corticosteroid injections?",
        "steroid injections?", "joint injections?", "bursa\\w* injections?", "tendon sheath injections?",
        "trigger finger injections?", "(knee|shoulder|hip|wrist|elbow|ankle) injections?",
    ]),
    rule("injection", Some("nerve_block"), &[
        "(occipital|suprascapular|genicular|stellate ganglion|lumbar sympathetic|sympathetic|intercostal|peripheral) (nerve )?blocks?",
        "nerve blocks?", "stellate ganglion", "blocks?",
    ]),
    rule("injection", None, &["injections?", "injectable", "botox", "botulinum", "toradol injections?", "b12 injections?"]),
    // A ride is a ride, wherever it goes ("transportation to physical therapy").
    rule("transportation", None, &["transportation", "transport", "taxi", "mileage", "travel", "van service", "rides?"]),
    // Therapy before surgery: "post-operative physical therapy".
    rule("physical_therapy", None, &[
        "physical therapy", "physiotherapy", "pt", "post-?op(erative)? (physical )?therapy",
        "occupational therapy", "ot", "aqua(tic)? therapy", "pool therapy", "water therapy",
        "therapeutic exercises?", "physical medicine", "rehab(ilitation)? therapy", "therapy visits?",
        "hand therapy", "pt evaluation", "home exercise program", "physical therapist",
        "work hardening", "work conditioning",
    ]),
    // Done by a surgeon, under anesthesia: not chiropractic manipulation.
    rule("surgery", Some("shoulder"), &["manipulation under anesthesia", "mua"]),
    rule("chiropractic", None, &[
        "chiropract\\w*", "manipulation", "manipulative", "cmt", "spinal adjustments?", "chiro",
        "manual therapy",
    ]),
    rule("acupuncture", None, &["acupuncture", "electro-?acupuncture", "acupuncturist", "cupping"]),
    rule("massage", None, &["massage\\w*", "myofascial release", "soft tissue mobilization"]),
    // Drugs. Opioid patches before the topical row ("Butrans patch").
    rule("medication", Some("opioid"), &[
        "butrans", "buprenorphine", "duragesic", "fentanyl", "suboxone",
    ]),
    rule("medication", Some("topical"), &[
        "topicals?", "compound\\w*", "creams?", "gels?", "ointments?", "lotions?", "transdermal", "patch(es)?",
        "lidoderm", "lidocaine", "lidopro", "terocin", "flector", "voltaren gel", "pennsaid", "capsaicin",
        "menthoderm", "methyl salicylate", "menthol", "ketoprofen", "flurbiprofen", "salonpas", "biofreeze",
        "dendracin", "ben-?gay",
    ]),
    rule("medication", Some("opioid"), &[
        "opioids?", "opiates?", "narcotics?", "norco", "vicodin", "lortab", "hydrocodone\\w*", "apap/hydrocodone",
        "percocet", "oxycodone\\w*", "oxycontin", "roxicodone", "endocet", "ultram", "ultracet", "tramadol\\w*",
        "morphine", "ms contin", "kadian", "nucynta", "tapentadol", "methadone", "dilaudid", "hydromorphone",
        "opana", "oxymorphone", "codeine", "tylenol (#|no\\.? ?)?[34]", "tylenol with codeine", "zohydro",
        "hysingla", "xtampza", "demerol", "meperidine", "talwin", "pentazocine", "synapryn",
    ]),
    rule("medication", Some("muscle_relaxant"), &[
        "muscle relaxants?", "flexeril", "fexmid", "amrix", "cyclobenzaprine", "soma", "carisoprodol",
        "skelaxin", "metaxalone", "zanaflex", "tizanidine", "norflex", "orphenadrine", "baclofen", "lioresal",
        "robaxin", "methocarbamol", "parafon", "chlorzoxazone", "dantrolene", "tabradol",
    ]),
    rule("medication", Some("nsaid"), &[
        "nsaids?", "anti-?inflammator\\w*", "naproxen", "anaprox", "naprosyn", "ibuprofen", "motrin", "celebrex",
        "celecoxib", "mobic", "meloxicam", "diclofenac", "voltaren", "arthrotec", "etodolac", "lodine",
        "nabumetone", "relafen", "toradol", "ketorolac", "indomethacin", "indocin", "duexis", "vimovo",
        "daypro", "oxaprozin", "aspirin", "piroxicam", "feldene",
    ]),
    rule("medication", Some("anticonvulsant"), &[
        "anticonvulsants?", "anti-?epilep\\w*", "neurontin", "gabapentin", "gralise", "horizant", "lyrica",
        "pregabalin", "topamax", "topiramate", "tegretol", "carbamazepine", "keppra", "lamotrigine",
        "lamictal", "depakote", "oxcarbazepine", "trileptal", "zonisamide", "fanatrex",
    ]),
    rule("medication", Some("antidepressant"), &[
        "antidepressants?", "cymbalta", "duloxetine", "elavil", "amitriptyline", "nortriptyline", "pamelor",
        "trazodone", "desyrel", "effexor", "venlafaxine", "savella", "milnacipran", "wellbutrin", "bupropion",
        "zoloft", "sertraline", "prozac", "fluoxetine", "lexapro", "escitalopram", "celexa", "citalopram",
        "paxil", "paroxetine", "remeron", "mirtazapine", "doxepin", "pristiq",
    ]),
    rule("medication", Some("ppi"), &[
        "ppis?", "proton pump inhibitors?", "prilosec", "omeprazole", "protonix", "pantoprazole", "nexium",
        "esomeprazole", "prevacid", "lansoprazole", "dexilant", "aciphex", "ranitidine", "zantac", "famotidine",
        "pepcid", "gastro-?protect\\w*", "h2 blockers?", "deprizine",
    ]),
    rule("medication", Some("sleep"), &[
        "sleep aids?", "hypnotics?", "ambien\\w*", "zolpidem", "lunesta", "eszopiclone", "sonata", "zaleplon",
        "restoril", "temazepam", "belsomra", "rozerem", "melatonin", "intermezzo", "edluar", "dicopanol",
    ]),
    rule("medication", Some("benzodiazepine"), &[
        "benzodiazepines?", "xanax", "alprazolam", "valium", "diazepam", "klonopin", "clonazepam", "ativan",
        "lorazepam",
    ]),
    rule("medication", Some("medical_food"), &[
        "medical foods?", "theramine", "sentra\\w*", "trepadone", "gabadone", "percura", "apptrim",
    ]),
    rule("medication", None, &[
        "medications?", "drugs?", "prescriptions?", "tablets?", "capsules?", "\\d+ ?mg", "mg", "#\\d+",
        "refills?", "herbal\\w*", "herbs", "ondansetron", "zofran", "colace", "docusate", "senna", "senokot", "laxatives?", "miralax",
        "amitiza", "movantik", "relistor", "lubiprostone", "promethazine", "phenergan", "cialis", "viagra",
        "tadalafil", "sildenafil", "testosterone", "androgel", "provigil", "modafinil", "nuvigil", "fioricet",
        "imitrex", "sumatriptan", "maxalt", "vitamin\\w*", "supplements?", "glucosamine", "tylenol",
        "acetaminophen", "prednisone", "medrol", "methylprednisolone", "dexamethasone", "hydroxyzine",
        "vistaril", "clonidine", "propranolol", "metformin", "lisinopril", "antibiotics?", "keflex",
        "cephalexin", "keto?rolac", "naloxone", "narcan", "lovenox", "xarelto", "aspirin", "nicotine",
    ]),
    // Surgery after drugs and therapy; its words are generic.
    rule("surgery", Some("preop"), &[
        "pre-?op(erative)? (medical )?clearance", "medical clearance", "surgical clearance", "pre-?operative (evaluation|exam\\w*|visit)",
        "pre-?op (evaluation|exam\\w*|visit)",
    ]),
    rule("surgery", Some("spine"), &[
        "(lumbar|cervical|thoracic|spinal|spine|interbody|posterior|anterior) (\\w+ )?(fusion|decompression|discectomy|laminectomy|laminotomy)",
        "fusion", "arthrodesis", "discectomy", "microdiscectomy", "laminectomy", "laminotomy", "hemilaminectomy",
        "foraminotomy", "kyphoplasty", "vertebroplasty", "acdf", "tlif", "plif", "alif", "xlif",
        "disc replacement", "spinal cord stimulator( trial| implant\\w*)?", "scs", "intrathecal pump",
        "pain pump", "corpectomy",
    ]),
    rule("surgery", Some("knee"), &[
        "knee (\\w+ )?(arthroscop\\w*|surgery|replacement|arthroplasty|repair)", "meniscectomy", "menisc\\w* repair",
        "acl reconstruction", "total knee", "tka", "tkr", "chondroplasty", "patellar\\w*",
        "unicompartmental", "lateral release",
    ]),
    rule("surgery", Some("shoulder"), &[
        "shoulder (\\w+ )?(arthroscop\\w*|surgery|replacement|arthroplasty|repair)", "subacromial decompression",
        "acromioplasty", "rotator cuff repair", "slap repair", "distal clavicle (excision|resection)",
        "mumford", "capsular release", "manipulation under anesthesia", "bankart",
    ]),
    rule("surgery", Some("hand_wrist"), &[
        "carpal tunnel release", "ctr", "trigger (finger|thumb) release", "de ?quervain\\w*( release)?",
        "(wrist|hand|finger|thumb) (\\w+ )?(arthroscop\\w*|surgery|repair|release|arthroplasty|fusion)",
        "ganglion (cyst )?excision", "tfcc",
    ]),
    rule("surgery", Some("hip"), &["total hip", "hip (\\w+ )?(arthroscop\\w*|surgery|replacement|arthroplasty)", "tha", "thr"]),
    rule("surgery", Some("elbow"), &["elbow (\\w+ )?(arthroscop\\w*|surgery|repair|release)", "cubital tunnel release", "ulnar nerve transposition", "lateral epicondyl\\w* (release|debridement)", "tennis elbow release"]),
    rule("surgery", Some("foot_ankle"), &["(foot|ankle) (\\w+ )?(arthroscop\\w*|surgery|repair|fusion)", "bunionectomy", "plantar fascia release", "plantar fasci(otomy|ectomy)", "tarsal tunnel release", "achilles (tendon )?repair"]),
    rule("surgery", None, &[
        "surger(y|ies)", "surgical", "operation", "operative", "arthroscop\\w*", "arthroplast\\w*",
        "repair", "reconstruction", "release", "excision", "resection", "debridement", "orif",
        "hardware removal", "removal of hardware", "replacement", "implant\\w*", "transposition",
        "osteotomy", "tenotomy", "tenodesis", "neurectomy", "amputation", "hernia repair", "\\w+ectomy", "fasciotomy",
        "\\w+plasty", "assistant surgeon", "anesthesia", "inpatient stay", "hospital stay",
        "length of stay", "los", "outpatient surgery center",
    ]),
    rule("dme", Some("tens"), &[
        "tens( unit)?", "transcutaneous electrical nerve stimulat\\w*", "tens/ems", "ems unit",
    ]),
    rule("dme", Some("electrical_stimulation"), &[
        "h-?wave\\w*", "interferential( current)?( stimulat\\w*| units?)?", "if unit", "ics", "nmes",
        "neuromuscular (electrical )?stimulat\\w*", "muscle stimulator", "e-?stim\\w*",
        "electrical (muscle )?stimulat\\w*", "galvanic",
    ]),
    rule("dme", Some("cold_therapy"), &[
        "cold therapy( unit)?", "cryotherapy( unit)?", "(hot/cold )?contrast (therapy )?unit", "cryo ?cuff", "polar care", "game ready",
        "vascutherm", "hot/cold (therapy|packs?|wraps?|unit)", "cold packs?", "hot packs?", "heat (wraps?|packs?|unit)",
        "ice (packs?|machine|unit)", "compression (unit|device|pump|therapy|garment|stockings?)",
        "thermo\\w* unit", "dvt (prophylaxis|compression)",
    ]),
    rule("dme", Some("brace"), &[
        "brace", "braces", "bracing", "support", "supports", "collar", "splint\\w*", "sling", "orthotic\\w*",
        "orthosis", "orthoses", "lso", "tlso", "corset", "insoles?", "immobilizer", "boot", "wrist wrap",
    ]),
    rule("dme", Some("mobility"), &[
        "walker", "cane", "crutch(es)?", "wheelchair", "scooter", "rollator", "knee walker", "power chair",
    ]),
    rule("dme", None, &[
        "dme", "durable medical equipment", "cpm( machine)?", "continuous passive motion", "traction( unit)?",
        "bone (growth )?stimulator", "mattress", "bed", "hospital bed", "pillow", "chairs?", "shower chair",
        "commode", "ergonomic chair", "home exercise kit", "exercise (kit|ball|equipment)", "equipment",
        "device", "unit", "pneumatic", "grab bars?", "reacher", "recliner", "home (modification|improvement)",
        "ramp", "theraband", "sauna", "whirlpool", "jacuzzi", "hot tub", "electrodes", "supplies",
        "batteries", "inversion table", "infrared", "paraffin",
    ]),
    rule("home_health", None, &[
        "home health\\w*", "home care", "home nursing", "nursing care", "home (attendant|aide|assistance)",
        "caregiver", "care ?giver", "attendant care", "housekeeping", "homemaker", "in-?home (care|services|support)",
        "skilled nursing", "nurse (visits?|case manager)", "home visits?",
    ]),

    rule("other", Some("membership"), &[
        "gym", "gym memberships?", "pool memberships?", "ymca", "health club", "fitness (club|center|membership)",
        "memberships?",
    ]),
    rule("other", Some("weight_loss"), &["weight (loss|reduction|management)( program)?", "diet program", "nutrisystem", "lindora", "jenny craig", "bariatric"]),
    rule("consultation", None, &[
        "consult\\w*", "referrals?", "refer\\w*", "follow[- ]?up( visits?| appointments?| evaluations?)?",
        "office visits?", "second opinion", "specialist", "evaluation and (management|treatment)", "e&m",
        "visits?", "appointments?", "evaluation", "assessment", "re-?evaluation", "pain management",
        "orthopedic", "neurolog\\w*", "psychiatr\\w*", "internist", "podiatr\\w*", "rheumatolog\\w*",
        "sleep study", "polysomnogra\\w*", "sleep medicine",
    ]),
    rule("other", None, &["interpreter\\w*", "translator", "translation services?", "smoking cessation", "vocational"]),
];

/// A treatment's normalised place in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreatmentClass {
    /// One of [`CATEGORIES`].
    pub category: &'static str,
    /// Finer grouping within the category, when known.
    pub subcategory: Option<&'static str>,
}

impl TreatmentClass {
    /// The facet path under `/treatment`: `/injection/facet`, `/acupuncture`.
    pub fn path(&self) -> String {
        match self.subcategory {
            Some(sub) => format!("/{}/{}", self.category, sub),
            None => format!("/{}", self.category),
        }
    }
}

fn term_pattern(terms: &[&str]) -> String {
    // Word boundaries by hand: `\b` fails next to `#`, `/` and `-`, which
    // our terms contain ("#120", "emg/ncv", "x-ray"). ASCII word classes,
    // not Unicode `\w`: they keep the automaton small enough for the fast
    // DFA, and treatment words are ASCII.
    format!(r"(?:^|[^0-9a-z]){}", term_then_boundary(terms))
}

/// [`term_pattern`] without its leading boundary: a row's terms as they
/// match from a place where a term may start (see [`lowest_row`]).
fn term_then_boundary(terms: &[&str]) -> String {
    let terms = terms.join("|").replace(r"\w", "[0-9a-z]");
    format!(r"(?:{terms})(?:$|[^0-9a-z])")
}

fn case_insensitive(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("taxonomy patterns are fixed at compile time and covered by tests")
}

/// A pattern written in lowercase, for text lowercased with
/// `to_ascii_lowercase` (which keeps every byte offset): the same matches
/// as [`case_insensitive`] on the original text, found faster because the
/// pattern's literals are exact. (Only the Kelvin sign and the long s,
/// which Unicode case folding equates with `k` and `s`, no longer match
/// those letters.)
fn lowercase_pattern(pattern: &str) -> Regex {
    debug_assert!(
        !pattern.chars().any(|c| c.is_ascii_uppercase()),
        "lowercase patterns only: {pattern}"
    );
    Regex::new(pattern).expect("taxonomy patterns are fixed at compile time and covered by tests")
}

/// Every row of the treatment table in one set: all the rows that match,
/// the first of which wins. The patterns are lowercase, for lowercased text.
/// [`lowest_row`] finds the same row faster; the set answers when its
/// automaton cannot, and tests compare the two.
static TREATMENT_ROWS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new(treatment_row_patterns())
        .build()
        .expect("taxonomy patterns are fixed at compile time and covered by tests")
});

/// The rows of [`TREATMENT_RULES`], one pattern each.
fn treatment_row_patterns() -> Vec<String> {
    let rows: Vec<String> = TREATMENT_RULES
        .iter()
        .map(|rule| term_pattern(rule.terms))
        .collect();
    debug_assert!(
        rows.iter()
            .all(|row| !row.chars().any(|c| c.is_ascii_uppercase())),
        "treatment terms are lowercase"
    );
    rows
}

/// Walks `dfa` by hand over `input`'s haystack from its start, calling
/// `on_match(cache, state, end)` at every match state, where `end` is where
/// that state's matches end (a DFA's matches show one byte late, so the
/// state reached on the byte at `end`, or at the end of input). Stops at a
/// dead state, or when `on_match` says to (returns `false`). `Err` when the
/// DFA cannot tell: a byte it quits on, or a cache it gives up on.
fn walk_lazy_dfa(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    input: &regex_automata::Input<'_>,
    on_match: impl FnMut(&hybrid::dfa::Cache, hybrid::LazyStateID, usize) -> bool,
) -> Result<(), regex_automata::MatchError> {
    let start = dfa.start_state_forward(cache, input)?;
    walk_lazy_dfa_from(dfa, cache, input.haystack(), input.start(), start, on_match)
}

/// [`walk_lazy_dfa`] from `state`, a start state of `dfa`, at `from` in
/// `haystack`.
fn walk_lazy_dfa_from(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    haystack: &[u8],
    from: usize,
    mut state: hybrid::LazyStateID,
    mut on_match: impl FnMut(&hybrid::dfa::Cache, hybrid::LazyStateID, usize) -> bool,
) -> Result<(), regex_automata::MatchError> {
    let gave_up = regex_automata::MatchError::gave_up;
    for (at, &byte) in haystack.iter().enumerate().skip(from) {
        state = dfa
            .next_state(cache, state, byte)
            .map_err(|_| gave_up(at))?;
        if state.is_tagged() {
            if state.is_match() {
                if !on_match(cache, state, at) {
                    return Ok(());
                }
            } else if state.is_dead() {
                return Ok(());
            } else if state.is_quit() {
                return Err(regex_automata::MatchError::quit(byte, at));
            }
        }
    }
    state = dfa
        .next_eoi_state(cache, state)
        .map_err(|_| gave_up(haystack.len()))?;
    if state.is_match() {
        on_match(cache, state, haystack.len());
    }
    Ok(())
}

/// `text` in lowercase, for lowercase patterns to find what they would find
/// case-insensitively in `text`. Besides the ASCII capitals, Unicode case
/// folding equates only the Kelvin sign with `k` and the long s with `s`;
/// those two are spelled as the letters they fold to.
fn folded_lowercase(text: &str) -> String {
    if may_hold_non_ascii_case_variants(text) {
        text.replace('\u{212A}', "k")
            .replace('\u{17F}', "s")
            .to_ascii_lowercase()
    } else {
        text.to_ascii_lowercase()
    }
}

/// Places a treatment, as written, in the taxonomy. Text that matches no row
/// is `other`.
///
/// A request that lists its parts ("Pre-operative medical clearance
/// including CBC, CMP, EKG and chest x-ray") is what comes before
/// "including": it is placed by that alone when that names a row, so
/// that a part listed does not outrank it.
pub fn classify_treatment(treatment: &str) -> TreatmentClass {
    let lower = folded_lowercase(treatment);
    let head = INCLUDING
        .find(lower.as_bytes())
        .and_then(|at| lowest_row(&lower[..at]));
    match head.or_else(|| lowest_row(&lower)) {
        Some(index) => TreatmentClass {
            category: TREATMENT_RULES[index].category,
            subcategory: TREATMENT_RULES[index].subcategory,
        },
        None => TreatmentClass {
            category: "other",
            subcategory: None,
        },
    }
}

/// The first row of [`TREATMENT_RULES`] that matches `lower` (lowercase).
///
/// A row's pattern matches where one of its terms starts at the text's
/// start or after a byte that is not `[0-9a-z]` (the last byte of any
/// other character), so the terms are walked anchored from those places
/// only, each walk ending as soon as no term can go on. Anchored, the
/// automaton's states are little more than a tree of the terms' letters,
/// which a corpus soon has all computed. One unanchored walk over the whole
/// text would be a little cheaper on treatments seen before, but its states
/// are sets of terms begun at different places, and nearly every new
/// treatment ("Norco 10/325 mg #90") needs new ones, each built from the
/// automaton of all the terms: on letters not seen before, classifying
/// their treatments that way cost as much as the rest of extraction's
/// searches together.
fn lowest_row(lower: &str) -> Option<usize> {
    TREATMENT_TERM_DFA_STATES
        .with_borrow_mut(|cache| lowest_row_from_term_starts(cache, lower.as_bytes()))
        .unwrap_or_else(|_| TREATMENT_ROWS.matches(lower).iter().next())
}

/// The rows of [`TREATMENT_RULES`], each [`term_then_boundary`], as one
/// lazy DFA that reports every row matching from an anchored start.
static TREATMENT_TERM_DFA: LazyLock<hybrid::dfa::DFA> = LazyLock::new(|| {
    let patterns: Vec<String> = TREATMENT_RULES
        .iter()
        .map(|rule| term_then_boundary(rule.terms))
        .collect();
    hybrid::dfa::DFA::builder()
        .configure(hybrid::dfa::DFA::config().match_kind(regex_automata::MatchKind::All))
        .build_many(&patterns)
        .expect("taxonomy patterns are fixed at compile time and covered by tests")
});

thread_local! {
    /// The states of [`TREATMENT_TERM_DFA`] computed so far, by this thread.
    static TREATMENT_TERM_DFA_STATES: RefCell<hybrid::dfa::Cache> =
        RefCell::new(TREATMENT_TERM_DFA.create_cache());
}

/// The bytes a term of [`TREATMENT_TERM_DFA`] may start with: those on
/// which its anchored start state does not die. (The patterns look behind
/// at nothing, so one start state stands for all.)
static TREATMENT_TERM_FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let dfa = &*TREATMENT_TERM_DFA;
    let mut cache = dfa.create_cache();
    let config = regex_automata::util::start::Config::new().anchored(regex_automata::Anchored::Yes);
    let mut first = [false; 256];
    for (byte, starts) in (0..=u8::MAX).zip(first.iter_mut()) {
        let next = dfa
            .start_state(&mut cache, &config)
            .ok()
            .and_then(|start| dfa.next_state(&mut cache, start, byte).ok());
        // A byte the DFA cannot tell about is walked, not ruled out.
        *starts = next.is_none_or(|next| !next.is_dead());
    }
    first
});

/// [`lowest_row`] by anchored walks of [`TREATMENT_TERM_DFA`] from each
/// place a term may start: the text's start and every byte after one that
/// is not `[0-9a-z]`, when that byte may start a term. `Err` when the DFA
/// cannot tell.
fn lowest_row_from_term_starts(
    cache: &mut hybrid::dfa::Cache,
    lower: &[u8],
) -> Result<Option<usize>, regex_automata::MatchError> {
    let dfa = &*TREATMENT_TERM_DFA;
    let starts_term = &*TREATMENT_TERM_FIRST_BYTES;
    let gave_up = regex_automata::MatchError::gave_up;
    let start_config =
        regex_automata::util::start::Config::new().anchored(regex_automata::Anchored::Yes);
    // The one start state, fetched again only if the cache was cleared
    // (which forgets every state) since.
    let mut start_state = dfa
        .start_state(cache, &start_config)
        .map_err(|_| gave_up(0))?;
    let mut clears = cache.clear_count();
    let mut lowest: Option<usize> = None;
    let mut after_term_byte = false;
    for (start, &byte) in lower.iter().enumerate() {
        let may_start = !after_term_byte && starts_term[usize::from(byte)];
        after_term_byte = byte.is_ascii_digit() || byte.is_ascii_lowercase();
        if !may_start {
            continue;
        }
        if cache.clear_count() != clears {
            start_state = dfa
                .start_state(cache, &start_config)
                .map_err(|_| gave_up(start))?;
            clears = cache.clear_count();
        }
        // Every row a match state reports, the lowest kept.
        walk_lazy_dfa_from(dfa, cache, lower, start, start_state, |cache, state, _| {
            for index in 0..dfa.match_len(cache, state) {
                let row = dfa.match_pattern(cache, state, index).as_usize();
                lowest = Some(lowest.map_or(row, |lowest| lowest.min(row)));
            }
            true
        })?;
        if lowest == Some(0) {
            break;
        }
    }
    Ok(lowest)
}

/// The word that starts a list of a request's parts, searched for with a
/// searcher built once.
static INCLUDING: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" including "));

/// Brand, generic and abbreviation groups: each word or phrase in a group
/// means the same thing as the others, so a query for one finds them all.
pub static SYNONYM_GROUPS: &[&[&str]] = &[
    &["norco", "hydrocodone", "vicodin", "lortab"],
    &[
        "percocet",
        "oxycodone",
        "oxycontin",
        "roxicodone",
        "endocet",
    ],
    &["ultram", "ultracet", "tramadol"],
    &["ms contin", "morphine", "kadian"],
    &["nucynta", "tapentadol"],
    &["duragesic", "fentanyl"],
    &["butrans", "buprenorphine", "suboxone"],
    &["dilaudid", "hydromorphone"],
    &["opana", "oxymorphone"],
    &["flexeril", "fexmid", "cyclobenzaprine", "amrix"],
    &["soma", "carisoprodol"],
    &["skelaxin", "metaxalone"],
    &["zanaflex", "tizanidine"],
    &["norflex", "orphenadrine"],
    &["robaxin", "methocarbamol"],
    &["lioresal", "baclofen"],
    &["anaprox", "naprosyn", "naproxen"],
    &["motrin", "ibuprofen"],
    &["celebrex", "celecoxib"],
    &["mobic", "meloxicam"],
    &["voltaren", "diclofenac"],
    &["lodine", "etodolac"],
    &["relafen", "nabumetone"],
    &["toradol", "ketorolac"],
    &["lidoderm", "lidocaine"],
    &["neurontin", "gabapentin"],
    &["lyrica", "pregabalin"],
    &["topamax", "topiramate"],
    &["cymbalta", "duloxetine"],
    &["elavil", "amitriptyline"],
    &["desyrel", "trazodone"],
    &["ambien", "zolpidem"],
    &["lunesta", "eszopiclone"],
    &["prilosec", "omeprazole"],
    &["protonix", "pantoprazole"],
    &["nexium", "esomeprazole"],
    &["zantac", "ranitidine"],
    &["xanax", "alprazolam"],
    &["valium", "diazepam"],
    &["klonopin", "clonazepam"],
    &["pt", "physical therapy", "physiotherapy"],
    &["esi", "epidural steroid injection", "epidural"],
    &["mbb", "medial branch block"],
    &[
        "rfa",
        "radiofrequency ablation",
        "radiofrequency",
        "neurotomy",
        "rhizotomy",
    ],
    &["tens", "transcutaneous electrical nerve stimulation"],
    &["emg", "electromyography"],
    &["ncv", "ncs", "nerve conduction"],
    &[
        "uds",
        "udt",
        "urine drug screen",
        "urine drug test",
        "urine toxicology",
    ],
    &["frp", "functional restoration"],
    &["fce", "functional capacity evaluation"],
    &["cbt", "cognitive behavioral therapy"],
    &["eswt", "shockwave", "shock wave"],
    &["mri", "magnetic resonance imaging"],
    &["ct", "computed tomography", "cat scan"],
    &["dme", "durable medical equipment"],
    &["xray", "x-ray", "radiograph"],
    &["tpi", "trigger point injection"],
    &["prp", "platelet rich plasma"],
];

/// The group of synonyms a word or phrase belongs to (lowercase), if any.
pub fn synonyms_of(term: &str) -> Option<&'static [&'static str]> {
    let term = term.trim().to_lowercase();
    SYNONYM_GROUPS
        .iter()
        .copied()
        .find(|group| group.iter().any(|word| *word == term))
}

/// Words a user types that name a whole category or subcategory (not one
/// specific drug or procedure). Query understanding turns these into
/// treatment filters; specific names stay text and expand through
/// [`SYNONYM_GROUPS`]. Longer phrases first.
pub static CATEGORY_WORDS: &[(&str, &str, Option<&str>)] = &[
    ("epidural steroid injections", "injection", Some("epidural")),
    ("epidural steroid injection", "injection", Some("epidural")),
    ("medial branch blocks", "injection", Some("facet")),
    ("medial branch block", "injection", Some("facet")),
    ("facet joint injections", "injection", Some("facet")),
    ("facet joint injection", "injection", Some("facet")),
    ("facet injections", "injection", Some("facet")),
    ("facet injection", "injection", Some("facet")),
    (
        "trigger point injections",
        "injection",
        Some("trigger_point"),
    ),
    (
        "trigger point injection",
        "injection",
        Some("trigger_point"),
    ),
    ("joint injections", "injection", Some("joint")),
    ("joint injection", "injection", Some("joint")),
    ("nerve blocks", "injection", Some("nerve_block")),
    ("nerve block", "injection", Some("nerve_block")),
    ("radiofrequency ablation", "radiofrequency_ablation", None),
    (
        "functional restoration program",
        "functional_restoration",
        None,
    ),
    ("functional restoration", "functional_restoration", None),
    ("functional capacity evaluation", "evaluation", Some("fce")),
    ("cognitive behavioral therapy", "psychological", None),
    ("physical therapy", "physical_therapy", None),
    ("aquatic therapy", "physical_therapy", None),
    ("occupational therapy", "physical_therapy", None),
    ("muscle relaxants", "medication", Some("muscle_relaxant")),
    ("muscle relaxant", "medication", Some("muscle_relaxant")),
    ("proton pump inhibitors", "medication", Some("ppi")),
    ("proton pump inhibitor", "medication", Some("ppi")),
    ("sleep aids", "medication", Some("sleep")),
    ("sleep aid", "medication", Some("sleep")),
    ("medical foods", "medication", Some("medical_food")),
    ("medical food", "medication", Some("medical_food")),
    ("compounded creams", "medication", Some("topical")),
    ("compounded cream", "medication", Some("topical")),
    ("urine drug screens", "laboratory", Some("drug_screen")),
    ("urine drug screen", "laboratory", Some("drug_screen")),
    ("urine drug tests", "laboratory", Some("drug_screen")),
    ("urine drug test", "laboratory", Some("drug_screen")),
    ("drug screens", "laboratory", Some("drug_screen")),
    ("drug screen", "laboratory", Some("drug_screen")),
    ("nerve conduction", "electrodiagnostic", None),
    ("home health", "home_health", None),
    ("durable medical equipment", "dme", None),
    ("gym membership", "other", Some("membership")),
    ("weight loss", "other", Some("weight_loss")),
    ("spine surgery", "surgery", Some("spine")),
    ("spinal surgery", "surgery", Some("spine")),
    ("knee surgery", "surgery", Some("knee")),
    ("shoulder surgery", "surgery", Some("shoulder")),
    ("x-rays", "imaging", Some("xray")),
    ("x-ray", "imaging", Some("xray")),
    ("xray", "imaging", Some("xray")),
    ("xrays", "imaging", Some("xray")),
    ("ct scan", "imaging", Some("ct")),
    ("bone scan", "imaging", Some("bone_scan")),
    ("acupuncture", "acupuncture", None),
    ("chiropractic", "chiropractic", None),
    ("chiropractor", "chiropractic", None),
    ("manipulation", "chiropractic", None),
    ("massage", "massage", None),
    ("pt", "physical_therapy", None),
    ("physiotherapy", "physical_therapy", None),
    ("medication", "medication", None),
    ("medications", "medication", None),
    ("drugs", "medication", None),
    ("opioid", "medication", Some("opioid")),
    ("opioids", "medication", Some("opioid")),
    ("narcotics", "medication", Some("opioid")),
    ("nsaid", "medication", Some("nsaid")),
    ("nsaids", "medication", Some("nsaid")),
    ("topical", "medication", Some("topical")),
    ("topicals", "medication", Some("topical")),
    ("anticonvulsant", "medication", Some("anticonvulsant")),
    ("anticonvulsants", "medication", Some("anticonvulsant")),
    ("antidepressant", "medication", Some("antidepressant")),
    ("antidepressants", "medication", Some("antidepressant")),
    ("ppi", "medication", Some("ppi")),
    ("ppis", "medication", Some("ppi")),
    ("benzodiazepines", "medication", Some("benzodiazepine")),
    ("benzodiazepine", "medication", Some("benzodiazepine")),
    ("injection", "injection", None),
    ("injections", "injection", None),
    ("esi", "injection", Some("epidural")),
    ("epidural", "injection", Some("epidural")),
    ("epidurals", "injection", Some("epidural")),
    ("facet", "injection", Some("facet")),
    ("mbb", "injection", Some("facet")),
    ("rfa", "radiofrequency_ablation", None),
    ("radiofrequency", "radiofrequency_ablation", None),
    ("neurotomy", "radiofrequency_ablation", None),
    ("rhizotomy", "radiofrequency_ablation", None),
    ("imaging", "imaging", None),
    ("mri", "imaging", Some("mri")),
    ("ct", "imaging", Some("ct")),
    ("ultrasound", "imaging", Some("ultrasound")),
    ("emg", "electrodiagnostic", None),
    ("ncv", "electrodiagnostic", None),
    ("ncs", "electrodiagnostic", None),
    ("electrodiagnostic", "electrodiagnostic", None),
    ("uds", "laboratory", Some("drug_screen")),
    ("udt", "laboratory", Some("drug_screen")),
    ("laboratory", "laboratory", None),
    ("labs", "laboratory", None),
    ("surgery", "surgery", None),
    ("surgeries", "surgery", None),
    ("fusion", "surgery", Some("spine")),
    ("arthroscopy", "surgery", None),
    ("tens", "dme", Some("tens")),
    ("dme", "dme", None),
    ("brace", "dme", Some("brace")),
    ("cbt", "psychological", None),
    ("psychotherapy", "psychological", None),
    ("psychological", "psychological", None),
    ("biofeedback", "psychological", None),
    ("frp", "functional_restoration", None),
    ("fce", "evaluation", Some("fce")),
    ("consultation", "consultation", None),
    ("consultations", "consultation", None),
    ("referral", "consultation", None),
    ("transportation", "transportation", None),
    ("eswt", "shockwave", None),
    ("shockwave", "shockwave", None),
];

// ---------------------------------------------------------------------------
// Guidelines
// ---------------------------------------------------------------------------

/// ODG chapters: (canonical name used in paths, regex of the ways letters
/// name it). Longer and more specific names first: the first alternative
/// that matches at the earliest position wins.
pub static ODG_CHAPTERS: &[(&str, &str)] = &[
    (
        "Neck and Upper Back",
        r"neck\s*(?:and|&)\s*upper\s*back|cervical(?:\s+spine)?|neck",
    ),
    (
        "Low Back",
        r"low(?:er)?\s*back|lumbar(?:\s*(?:&|and)\s*thoracic)?|thoracic",
    ),
    (
        "Pain (Chronic)",
        r"pain\s*\(\s*chronic\s*\)|chronic\s+pain|pain",
    ),
    ("Knee & Leg", r"knee\s*(?:and|&)\s*leg|knee|leg"),
    ("Shoulder", r"shoulder"),
    ("Carpal Tunnel Syndrome", r"carpal\s+tunnel(?:\s+syndrome)?"),
    (
        "Forearm Wrist & Hand",
        r"forearm,?\s*wrist,?\s*(?:and|&)\s*hand|wrist|hand|forearm",
    ),
    ("Elbow", r"elbow"),
    ("Hip & Pelvis", r"hip\s*(?:and|&)\s*pelvis|hip|pelvis"),
    ("Ankle & Foot", r"ankle\s*(?:and|&)\s*foot|ankle|foot"),
    ("Head", r"head|traumatic\s+brain"),
    (
        "Mental Illness & Stress",
        r"mental\s+illness\s*(?:and|&)\s*stress|mental\s+illness|stress|mental",
    ),
    (
        "Treatment in Workers' Comp",
        r"treatment\s+in\s+workers'?\s*comp\w*|twc|formulary",
    ),
    ("Fitness for Duty", r"fitness\s+for\s+duty"),
];

/// The four MTUS parts plus the formulary: (path, regex). Patterns here and
/// in [`OTHER_SOURCES`] are lowercase: statements are lowercased before
/// they are searched.
static MTUS_PARTS: &[(&str, &str)] = &[
    (
        "/MTUS/ACOEM",
        r"\bacoem\b|american\s+college\s+of\s+occupational\s+and\s+environmental\s+medicine",
    ),
    (
        "/MTUS/Chronic Pain",
        r"chronic\s+pain\s+(?:medical\s+)?treatment\s+guidelines?|chronic\s+pain\s+guidelines?|\bcpmtg\b|mtus\s*(?:\(\d{4}\)\s*)?,?\s*chronic\s+pain|chronic\s+pain\s+(?:medical\s+)?treatment|chronic\s+pain\s+section",
    ),
    (
        "/MTUS/Acupuncture",
        r"acupuncture\s+(?:medical\s+)?treatment\s+guidelines?|mtus\s*,?\s*acupuncture|acupuncture\s+guidelines?",
    ),
    (
        "/MTUS/Postsurgical",
        r"post[\s-]*surgical(?:\s+(?:treatment|rehabilitation))?(?:\s+guidelines?)?",
    ),
    (
        "/MTUS/Formulary",
        r"mtus\s+(?:drug\s+)?formulary|drug\s+formulary",
    ),
];

/// Other evidence sources: (path, regex).
static OTHER_SOURCES: &[(&str, &str)] = &[
    ("/Other/UpToDate", r"up\s*to\s*date"),
    ("/Other/Medscape", r"medscape"),
    ("/Other/FDA", r"\bfda\b|food\s+and\s+drug\s+administration"),
    (
        "/Other/Peer-reviewed literature",
        r"peer[\s-]*reviewed|journal\s+of|\bspine\s+journal|pubmed|cochrane",
    ),
    (
        "/Other/AMA Guides",
        r"\bama\s+guides?|guides\s+to\s+the\s+evaluation",
    ),
    (
        "/Other/National Guideline Clearinghouse",
        r"national\s+guideline\s+clearinghouse",
    ),
    (
        "/Other/Work Loss Data Institute",
        r"work\s+loss\s+data\s+institute",
    ),
    (
        "/Other/North American Spine Society",
        r"north\s+american\s+spine\s+society|\bnass\b",
    ),
    (
        "/Other/American Academy of Orthopaedic Surgeons",
        r"american\s+academy\s+of\s+orthopa?edic\s+surgeons|\baaos\b",
    ),
    ("/Other/American Pain Society", r"american\s+pain\s+society"),
    (
        "/Other/American Society of Interventional Pain Physicians",
        r"american\s+society\s+of\s+interventional\s+pain|\basipp\b",
    ),
    (
        "/Other/American College of Physicians",
        r"american\s+college\s+of\s+physicians",
    ),
    (
        "/Other/American Psychiatric Association",
        r"american\s+psychiatric\s+association",
    ),
    (
        "/Other/Colorado Guidelines",
        r"colorado\s+(?:division|medical\s+treatment|guidelines?)",
    ),
    ("/Other/Washington State Guidelines", r"washington\s+state"),
    ("/Other/Harrison's", r"harrison'?s"),
    (
        "/Other/Manufacturer labeling",
        r"package\s+insert|prescribing\s+information|manufacturer",
    ),
    (
        "/Other/American College of Chest Physicians",
        r"american\s+college\s+of\s+chest\s+physicians|\baccp\b",
    ),
    (
        "/Other/Medicare Benefit Policy Manual",
        r"medicare\s+benefit\s+policy",
    ),
    (
        "/Other/American Society for Surgery of the Hand",
        r"american\s+society\s+for\s+surgery\s+of\s+the\s+hand|\bassh\b",
    ),
    (
        "/Other/Aetna Clinical Policy Bulletin",
        r"\baetna(?:'?s)?\s+(?:clinical\s+)?policy|\baetna\s+cpb\b",
    ),
];

/// Words that every way of writing a source holds at least one of:
/// (word, the rows of [`MTUS_PARTS`] then [`OTHER_SOURCES`] that need it, as
/// bits). A row none of whose words occur in a statement cannot match it,
/// so only the rows whose words occur are searched. (No word is a prefix of
/// another, so at any position at most one of them matches.)
static SOURCE_WORDS: &[(&str, u32)] = &[
    ("acoem", 1 << 0),
    // The words that tell the American societies apart, rarer than
    // "american", which every one of them holds.
    ("environmental", 1 << 0),
    ("north", 1 << 12),
    ("academy", 1 << 13),
    ("society", 1 << 14 | 1 << 15 | 1 << 24),
    ("physicians", 1 << 16),
    ("psychiatric", 1 << 17),
    ("chronic", 1 << 1),
    ("cpmtg", 1 << 1),
    ("acupuncture", 1 << 2),
    ("surgical", 1 << 3),
    ("formulary", 1 << 4),
    ("date", 1 << 5),
    ("medscape", 1 << 6),
    ("fda", 1 << 7),
    ("food", 1 << 7),
    ("peer", 1 << 8),
    ("journal", 1 << 8),
    ("pubmed", 1 << 8),
    ("cochrane", 1 << 8),
    ("ama", 1 << 9),
    ("guides", 1 << 9),
    ("clearinghouse", 1 << 10),
    ("loss", 1 << 11),
    ("nass", 1 << 12),
    ("aaos", 1 << 13),
    ("asipp", 1 << 15),
    ("colorado", 1 << 18),
    ("washington", 1 << 19),
    ("harrison", 1 << 20),
    ("insert", 1 << 21),
    ("prescribing", 1 << 21),
    ("manufacturer", 1 << 21),
    ("chest", 1 << 22),
    ("accp", 1 << 22),
    ("medicare", 1 << 23),
    ("assh", 1 << 24),
    ("aetna", 1 << 25),
];

/// Words that every way of naming the ODG starts with: each match of the
/// ODG mention pattern starts where one of them occurs, so the pattern is
/// tried only there.
static ODG_WORDS: &[&str] = &["odg", "official"];

/// The word every match of the two MTUS-basis patterns holds (lowercase):
/// both name the MTUS.
static MTUS_WORD: &str = "mtus";

/// Words that every match of the "not based on the MTUS" pattern holds one
/// of (lowercase): "did not", "does not", "not addressed" and "MTUS does not"
/// hold "not"; "didn't" holds "n't"; "MTUS is silent" and "silent in the
/// MTUS" hold "silent".
static NEGATION_WORDS: &[&str] = &["not", "n't", "silent"];

/// Words that every match of a row of [`MTUS_PARTS`] starts with: (word,
/// the rows that may start with it, as bits). A row is tried, anchored, only
/// where one of its words starts, instead of searched for over the whole
/// statement.
static MTUS_PART_STARTS: &[(&str, u32)] = &[
    ("acoem", 1 << 0),
    ("american", 1 << 0),
    ("chronic", 1 << 1),
    ("cpmtg", 1 << 1),
    ("mtus", 1 << 1 | 1 << 2 | 1 << 4),
    ("acupuncture", 1 << 2),
    ("post", 1 << 3),
    ("drug", 1 << 4),
];

/// What one occurrence of a gate word tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GateWord {
    /// The rows of [`MTUS_PARTS`] then [`OTHER_SOURCES`] that hold it, as
    /// bits.
    Rows(u32),
    /// One of [`ODG_WORDS`]: an ODG mention may start here.
    Odg,
    /// [`MTUS_WORD`].
    Mtus,
    /// One of [`NEGATION_WORDS`].
    Negation,
    /// One of [`MTUS_PART_STARTS`]: the rows of [`MTUS_PARTS`] a match of
    /// which may start here, as bits.
    MtusPartStart(u32),
    /// [`CHAPTER_WORD`].
    Chapter,
}

/// Every gate word and what it tells, in one table: the words of
/// [`SOURCE_WORDS`], [`ODG_WORDS`], [`MTUS_WORD`], [`NEGATION_WORDS`] and
/// [`MTUS_PART_STARTS`]. A word in two of those tables is here twice: both
/// its patterns match where it occurs. The index of a word here is its
/// pattern in [`GuidelineMatcher::gate_words`].
static GATE_WORDS: LazyLock<Vec<(&'static str, GateWord)>> = LazyLock::new(|| {
    let sources = SOURCE_WORDS
        .iter()
        .map(|&(word, rows)| (word, GateWord::Rows(rows)));
    let odg = ODG_WORDS.iter().map(|&word| (word, GateWord::Odg));
    let negation = NEGATION_WORDS
        .iter()
        .map(|&word| (word, GateWord::Negation));
    let mtus_part_starts = MTUS_PART_STARTS
        .iter()
        .map(|&(word, rows)| (word, GateWord::MtusPartStart(rows)));
    sources
        .chain(odg)
        .chain([(MTUS_WORD, GateWord::Mtus)])
        .chain(negation)
        .chain(mtus_part_starts)
        .chain([(CHAPTER_WORD, GateWord::Chapter)])
        .collect()
});

/// `/ODG/<chapter>` for each row of [`ODG_CHAPTERS`], built once.
static ODG_CHAPTER_PATHS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ODG_CHAPTERS
        .iter()
        .map(|(name, _)| format!("/ODG/{name}"))
        .collect()
});

/// The path of an ODG citation that names no chapter.
const ODG_UNSPECIFIED: &str = "/ODG/Unspecified";

struct GuidelineMatcher {
    /// Lowercase, for the lowercased statement; tried anchored where an
    /// ODG word starts.
    odg_mention: meta::Regex,
    odg_chapters: FirstRow,
    /// Lowercase, for the lowercased statement.
    mtus_parts: Vec<(&'static str, Regex)>,
    /// Lowercase, for the lowercased statement.
    others: Vec<(&'static str, Regex)>,
    /// The words of [`GATE_WORDS`], every occurrence of each (overlapping
    /// ones too) found in one pass over the lowercased statement: a walk of
    /// this DFA by hand costs a few instructions a byte, less than an
    /// iterator over its matches and far less than running every row's
    /// pattern over the statement.
    gate_words: aho_corasick::dfa::DFA,
    not_based_on_mtus: Regex,
    based_on_mtus: Regex,
}

/// The ways a statement says the decision was not based on the MTUS, in
/// lowercase (searched case-insensitively in the statement, or as it is in
/// the lowercased statement). Every match starts at a "not", "mtus" or
/// "silent", or at the "did" of a "didn't": where "did not" or "does not"
/// matches, the "not" matches too.
const NOT_BASED_ON_MTUS: &str = r"(?:did\s+not|does\s+not|didn't|not)\s+(?:base\s+(?:his|her|their|the|its)?\s*(?:decision\s+)?on|address|cite|rely\s+on)\s+(?:the\s+)?(?:ca\s+)?mtus|mtus\s+(?:does|did)\s+not\s+(?:address|apply)|not\s+addressed\s+(?:by|in)\s+(?:the\s+)?mtus|mtus\s+is\s+silent|silent\s+in\s+the\s+mtus";

/// The ways a statement names the ODG (lowercase, for the lowercased
/// statement). Every match starts with one of [`ODG_WORDS`].
const ODG_MENTION: &str =
    r"\bodg\b|official\s+disability\s+guidelines?|official\s+disability\s+duration";

static GUIDELINE_MATCHER: LazyLock<GuidelineMatcher> = LazyLock::new(|| GuidelineMatcher {
    // The same syntax and leftmost-first semantics as `Regex::new`, with
    // anchored searches.
    odg_mention: meta::Regex::new(ODG_MENTION).expect("fixed pattern"),
    odg_chapters: FirstRow::of_table(ODG_CHAPTERS, ODG_CHAPTER_WRAP),
    mtus_parts: MTUS_PARTS
        .iter()
        .map(|(path, pattern)| (*path, lowercase_pattern(pattern)))
        .collect(),
    others: OTHER_SOURCES
        .iter()
        .map(|(path, pattern)| (*path, lowercase_pattern(pattern)))
        .collect(),
    gate_words: aho_corasick::dfa::Builder::new()
        // Standard semantics: a match state lists every word that ends
        // there, overlapping ones too.
        .match_kind(MatchKind::Standard)
        .build(GATE_WORDS.iter().map(|(word, _)| *word))
        .expect("fixed words"),
    not_based_on_mtus: case_insensitive(NOT_BASED_ON_MTUS),
    based_on_mtus: case_insensitive(r"\bMTUS\b"),
});

/// The gate words of a lowercased statement, found in one pass.
#[derive(Debug, Default, PartialEq, Eq)]
struct StatementWords {
    /// The rows of [`MTUS_PARTS`] then [`OTHER_SOURCES`] some of whose
    /// words occur, as bits: only those rows can match.
    rows: u32,
    /// Where the ODG words occur, in order: the only places an ODG mention
    /// can start.
    odg_starts: Vec<usize>,
    /// Whether [`MTUS_WORD`] occurs.
    mtus: bool,
    /// Whether one of [`NEGATION_WORDS`] occurs.
    negation: bool,
    /// Where [`NOT_BASED_ON_MTUS`] may match, found from [`MTUS_WORD`] and
    /// [`NEGATION_WORDS`]: the only places it can start.
    denial_starts: Vec<usize>,
    /// Where the words of [`MTUS_PART_STARTS`] occur, in order, with the
    /// rows of [`MTUS_PARTS`] that may start there: the only places those
    /// rows can match.
    mtus_part_starts: Vec<(usize, u32)>,
    /// Where [`CHAPTER_WORD`] occurs, in order: the only places a chapter
    /// after an ODG citation's first can be named (see
    /// [`further_chapters`]).
    chapter_starts: Vec<usize>,
}

impl StatementWords {
    #[cfg(test)]
    fn find(lower: &str) -> StatementWords {
        let mut words = StatementWords::default();
        words.refill(lower);
        words
    }

    /// Forgets what was found before and finds the words of `lower`.
    fn refill(&mut self, lower: &str) {
        self.rows = 0;
        self.odg_starts.clear();
        self.mtus = false;
        self.negation = false;
        self.denial_starts.clear();
        self.mtus_part_starts.clear();
        self.chapter_starts.clear();
        self.walk(&GUIDELINE_MATCHER.gate_words, lower.as_bytes());
        // Ends come in order; the starts of two words could only come out of
        // order were one to overlap the other.
        self.odg_starts.sort_unstable();
        self.mtus_part_starts.sort_unstable();
    }

    /// Walks `dfa` over `lower`, noting every word that ends on the way.
    fn walk(&mut self, dfa: &aho_corasick::dfa::DFA, lower: &[u8]) {
        let mut state = dfa
            .start_state(Anchored::No)
            .expect("the DFA is built for unanchored searches");
        let mut at = 0;
        while let Some(end) = walk_to_match(dfa, &mut state, lower, at) {
            self.note(dfa, state, end);
            at = end;
        }
    }

    /// Records the words that end at `end` (those `state` matches).
    #[inline(never)]
    fn note(&mut self, dfa: &aho_corasick::dfa::DFA, state: StateID, end: usize) {
        for index in 0..dfa.match_len(state) {
            let (word, gate) = GATE_WORDS[dfa.match_pattern(state, index).as_usize()];
            match gate {
                GateWord::Rows(rows) => self.rows |= rows,
                GateWord::Odg => self.odg_starts.push(end - word.len()),
                GateWord::Mtus => {
                    self.mtus = true;
                    self.denial_starts.push(end - word.len());
                }
                GateWord::Negation => {
                    self.negation = true;
                    let start = end - word.len();
                    // "didn't" starts at its "did".
                    let denial_start = if word == "n't" {
                        start.checked_sub(3)
                    } else {
                        Some(start)
                    };
                    self.denial_starts.extend(denial_start);
                }
                GateWord::MtusPartStart(rows) => {
                    self.mtus_part_starts.push((end - word.len(), rows))
                }
                GateWord::Chapter => self.chapter_starts.push(end - word.len()),
            }
        }
    }
}

/// Steps `state` through `haystack[from..]` up to the first match state and
/// returns where the match ends, or `None` at the end of the haystack. The
/// loop calls nothing, so the compiler keeps the DFA's table in registers:
/// a few instructions a byte.
fn walk_to_match(
    dfa: &aho_corasick::dfa::DFA,
    state: &mut StateID,
    haystack: &[u8],
    from: usize,
) -> Option<usize> {
    for (offset, &byte) in haystack[from..].iter().enumerate() {
        *state = dfa.next_state(Anchored::No, *state, byte);
        if dfa.is_match(*state) {
            return Some(from + offset + 1);
        }
    }
    None
}

/// Normalises a guideline statement into paths: `/MTUS/ACOEM`,
/// `/MTUS/Chronic Pain`, `/MTUS/Acupuncture`, `/MTUS/Postsurgical`,
/// `/ODG/<chapter>` (or `/ODG/Unspecified`), `/Other/<source>`.
/// Paths come in order of first mention, without repeats.
pub fn normalize_guidelines(statement: &str) -> Vec<String> {
    GUIDELINE_SCRATCH.with_borrow_mut(|scratch| scratch.paths(statement))
}

/// [`normalize_guidelines`] and [`based_on_mtus`] of a reviewer's
/// statement, with one pass over it for the words both need.
pub fn normalize_guidelines_and_mtus_basis(statement: &str) -> (Vec<String>, Option<bool>) {
    GUIDELINE_SCRATCH.with_borrow_mut(|scratch| {
        let paths = scratch.paths(statement);
        let words = &scratch.words;
        // In ASCII text, the MTUS-basis patterns (case-insensitive) can only
        // match where the lowercased text holds their words. Past ASCII, the
        // long s ('ſ') is an 's' to them, so such text is left to the
        // patterns.
        let ascii = statement.is_ascii();
        let denies = || {
            if !ascii {
                GUIDELINE_MATCHER.not_based_on_mtus.is_match(statement)
            } else if words.mtus && words.negation {
                ANCHORED_DFA_STATES
                    .with_borrow_mut(|cache| {
                        denies_at_starts(cache, &scratch.lower, &words.denial_starts)
                    })
                    .unwrap_or_else(|_| GUIDELINE_MATCHER.not_based_on_mtus.is_match(statement))
            } else {
                false
            }
        };
        let may_name = !ascii || words.mtus;
        let basis = mtus_basis(statement, &paths, denies, may_name);
        (paths, basis)
    })
}

/// The buffers that reading a guideline statement fills, kept from one
/// statement to the next (per thread) instead of allocated for each.
#[derive(Default)]
struct GuidelineScratch {
    /// The statement in lowercase: the same byte offsets as the statement,
    /// so positions found in one hold in the other.
    lower: String,
    words: StatementWords,
    /// Paths and where they were found.
    found: Vec<(usize, &'static str)>,
    /// Byte ranges the ODG chapters used up, so that "ODG Pain (Chronic)"
    /// does not also count as the MTUS Chronic Pain guidelines.
    odg_spans: Vec<(usize, usize)>,
}

thread_local! {
    static GUIDELINE_SCRATCH: RefCell<GuidelineScratch> = RefCell::default();
}

impl GuidelineScratch {
    /// [`normalize_guidelines`], leaving the statement's words in
    /// `self.words`.
    fn paths(&mut self, statement: &str) -> Vec<String> {
        self.lower.clear();
        self.lower.push_str(statement);
        self.lower.make_ascii_lowercase();
        self.words.refill(&self.lower);
        self.found.clear();
        self.odg_spans.clear();
        guideline_paths(
            statement,
            &self.lower,
            &self.words,
            &mut self.found,
            &mut self.odg_spans,
        )
    }
}

/// The paths of `statement`, given its lowercase, its words and two empty
/// buffers.
fn guideline_paths(
    statement: &str,
    lower: &str,
    words: &StatementWords,
    found: &mut Vec<(usize, &'static str)>,
    odg_spans: &mut Vec<(usize, usize)>,
) -> Vec<String> {
    let matcher = &*GUIDELINE_MATCHER;
    let mut odg_unspecified_at: Option<usize> = None;
    let mut odg_chapter_found = false;

    // The mentions are those a search from the start would find one after
    // the other: each starts at an ODG word, and a search resumes where the
    // previous mention ended.
    let mut resume = 0;
    for &start in &words.odg_starts {
        if start < resume {
            continue;
        }
        let mention_end = ANCHORED_DFA_STATES
            .with_borrow_mut(|cache| {
                anchored_match_end(
                    &ANCHORED_DFA,
                    cache,
                    lower.as_bytes(),
                    ODG_MENTION_PATTERN,
                    start,
                )
            })
            .unwrap_or_else(|_| {
                let input = regex_automata::Input::new(lower)
                    .range(start..)
                    .anchored(regex_automata::Anchored::Yes);
                matcher.odg_mention.find(input).map(|mention| mention.end())
            });
        let Some(mention_end) = mention_end else {
            continue;
        };
        let mention = start..mention_end;
        resume = mention.end;
        let window_start = mention.end;
        let rest = &statement[window_start..];
        let window_len = sentence_end(rest).unwrap_or(rest.len()).min(160);
        let window = &rest[..floor_char_boundary(rest, window_len)];
        let lower_window = &lower[window_start..window_start + window.len()];
        match first_chapter(matcher, window, lower_window) {
            Some((row, end)) => {
                found.push((mention.start, &ODG_CHAPTER_PATHS[row]));
                let mut span_end = window_start + end;
                let further = further_chapters(
                    matcher,
                    window,
                    lower_window,
                    window_start,
                    end,
                    &words.chapter_starts,
                );
                for (start, row, end) in further {
                    found.push((window_start + start, &ODG_CHAPTER_PATHS[row]));
                    span_end = window_start + end;
                }
                for (start, row, end) in
                    chapters_opening_clauses(matcher, statement, window_start + window.len())
                {
                    found.push((start, &ODG_CHAPTER_PATHS[row]));
                    span_end = end;
                }
                odg_spans.push((mention.start, span_end));
                odg_chapter_found = true;
            }
            None => {
                odg_spans.push((mention.start, mention.end));
                if !says_it_is_silent(lower, mention.start, mention.end) {
                    odg_unspecified_at.get_or_insert(mention.start);
                }
            }
        }
    }
    if let Some(at) = odg_unspecified_at {
        if !odg_chapter_found {
            found.push((at, ODG_UNSPECIFIED));
        }
    }
    let outside_odg = |start: usize, end: usize| {
        !odg_spans
            .iter()
            .any(|&(span_start, span_end)| start < span_end && end > span_start)
    };
    let odg_spans_end = odg_spans.iter().map(|&(_, end)| end).max().unwrap_or(0);
    let mentioned = |row: usize| words.rows & (1 << row) != 0;
    for (index, (path, regex)) in matcher.mtus_parts.iter().enumerate() {
        if !mentioned(index) {
            continue;
        }
        let first = ANCHORED_DFA_STATES
            .with_borrow_mut(|cache| {
                first_mtus_part_at_starts(
                    cache,
                    lower,
                    &words.mtus_part_starts,
                    index,
                    outside_odg,
                    odg_spans_end,
                )
            })
            .unwrap_or_else(|_| {
                regex
                    .find_iter(lower)
                    .find(|m| outside_odg(m.start(), m.end()))
                    .map(|m| m.start())
            });
        if let Some(start) = first {
            found.push((start, path));
        }
    }
    for (index, (path, regex)) in matcher.others.iter().enumerate() {
        if !mentioned(MTUS_PARTS.len() + index) {
            continue;
        }
        if let Some(m) = regex.find(lower) {
            found.push((m.start(), path));
        }
    }
    // Stable: of two paths found at one place, the one found first leads.
    found.sort_by_key(|(position, _)| *position);
    let mut paths: Vec<String> = Vec::with_capacity(found.len());
    for &(_, path) in found.iter() {
        if !paths.iter().any(|known| known == path) {
            paths.push(path.to_string());
        }
    }
    paths
}

/// The word that may follow a chapter's name (lowercase).
static CHAPTER_WORD: &str = "chapter";

/// Chapters named after the first in one ODG citation, each followed by
/// the word "chapter": "(ODG), Neck Chapter, Electromyography, and Carpal
/// Tunnel Syndrome Chapter". `window` runs from the mention to the end of
/// its sentence, starting at `window_start` in the statement, the first
/// chapter's name ends at `first_end` in it, and `chapter_starts` are where
/// the word "chapter" stands in the lowercased statement. Each is (start,
/// row, end) in the window. A chapter named without the word stays unread:
/// in the rest of a citation a body part names the topic, not a chapter.
fn further_chapters(
    matcher: &GuidelineMatcher,
    window: &str,
    lower_window: &str,
    window_start: usize,
    first_end: usize,
    chapter_starts: &[usize],
) -> Vec<(usize, usize, usize)> {
    let mut chapters = Vec::new();
    let mut from = first_end;
    // "chapter" is ASCII: where it stands in the lowercased statement, the
    // statement has it in some case, at character boundaries.
    let window_end = window_start + window.len();
    let in_window = chapter_starts.iter().filter(|&&start| {
        start >= window_start + first_end && start + CHAPTER_WORD.len() <= window_end
    });
    for &start in in_window {
        let at = start - window_start;
        let before = window[from..at].trim_end();
        // Nothing before it: the word follows the chapter before ("Low Back
        // Chapter").
        let named = (!before.is_empty())
            .then(|| {
                matcher
                    .odg_chapters
                    .find_iter(before)
                    .find(|chapter| chapter.end == before.len())
            })
            .flatten();
        // "and the MTUS Chronic Pain chapter": a chapter of another
        // guideline, not of the ODG.
        let other_guideline = |chapter: &RowMatch| {
            let between = &lower_window[from..from + chapter.start];
            ["mtus", "acoem", "guideline", "formulary"]
                .iter()
                .any(|word| between.contains(word))
        };
        if let Some(chapter) = named.filter(|chapter| !other_guideline(chapter)) {
            chapters.push((from + chapter.start, chapter.row, from + chapter.end));
        }
        from = at + CHAPTER_WORD.len();
    }
    chapters
}

/// The ODG chapters that open the clauses after an ODG citation's first
/// clause, which ends at `clause_end` in `statement`, each named with the
/// word "chapter" ("Pain (Chronic) Chapter, Insomnia treatment; Mental
/// Illness & Stress Chapter, Zolpidem"): (start, row, end) in `statement`.
/// Only clauses after a semicolon, one after the other, are read; the first
/// clause that does not open with a chapter (after "and" or "the") ends
/// them.
fn chapters_opening_clauses(
    matcher: &GuidelineMatcher,
    statement: &str,
    mut clause_end: usize,
) -> Vec<(usize, usize, usize)> {
    let mut chapters = Vec::new();
    while let Some(rest) = statement
        .get(clause_end..)
        .and_then(|rest| rest.strip_prefix(';'))
    {
        let mut rest = rest.trim_start();
        for word in ["and ", "the "] {
            if rest
                .get(..word.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(word))
            {
                rest = rest[word.len()..].trim_start();
            }
        }
        let start = statement.len() - rest.len();
        let clause = &statement[start..];
        let clause =
            &clause[..floor_char_boundary(clause, sentence_end(clause).unwrap_or(clause.len()))];
        let Some(chapter) = matcher.odg_chapters.find_starting_at(clause, 0) else {
            break;
        };
        let after = clause[chapter.end..].trim_start();
        let named_chapter = after
            .get(..CHAPTER_WORD.len())
            .is_some_and(|word| word.eq_ignore_ascii_case(CHAPTER_WORD));
        if !named_chapter {
            break;
        }
        chapters.push((start + chapter.start, chapter.row, start + chapter.end));
        clause_end = start + clause.len();
    }
    chapters
}

/// Whether a guideline named at `start..end` of `lower` (a statement in
/// lowercase) is named to say that it is silent: "the ODG does not address
/// ...", "the MTUS and the ODG do not address ...", "neither the MTUS nor
/// the ODG addresses ...". Such a guideline is not one relied upon.
fn says_it_is_silent(lower: &str, start: usize, end: usize) -> bool {
    const SILENT: [&str; 8] = [
        "does not address",
        "do not address",
        "did not address",
        "does not discuss",
        "do not discuss",
        "is silent",
        "are silent",
        "doesn't address",
    ];
    let after = lower[end..].trim_start();
    let after = after
        .strip_prefix("guidelines")
        .unwrap_or(after)
        .trim_start();
    let before = lower[..start].trim_end();
    let before = before.strip_suffix("the").unwrap_or(before).trim_end();
    SILENT.iter().any(|words| after.starts_with(words))
        || before.ends_with("nor")
        || before.ends_with("neither")
}

/// Each row of [`ODG_CHAPTERS`] is placed in this, at `{}`: chapters are
/// named in words.
const ODG_CHAPTER_WRAP: &str = r"\b(?:{})\b";

/// The first ODG chapter named in `window` (the row and where its name
/// ends), `lower_window` being `window` lowercased by `to_ascii_lowercase`.
fn first_chapter(
    matcher: &GuidelineMatcher,
    window: &str,
    lower_window: &str,
) -> Option<(usize, usize)> {
    let lowercase = if may_hold_non_ascii_case_variants(window) {
        None
    } else {
        ODG_CHAPTER_DFA_STATES
            .with_borrow_mut(|cache| lowercase_chapter(cache, lower_window))
            .ok()
    };
    lowercase.unwrap_or_else(|| {
        matcher
            .odg_chapters
            .find(window)
            .map(|chapter| (chapter.row, chapter.end))
    })
}

/// The rows of [`ODG_CHAPTERS`] as the table searched in a window has them,
/// but lowercase, as one lazy DFA searched directly: see
/// [`lowercase_chapter`]. Their `\b` is Unicode's, which the DFA tells
/// only in ASCII text: it gives up at other bytes, and the table answers
/// instead.
static ODG_CHAPTER_DFA: LazyLock<hybrid::dfa::DFA> = LazyLock::new(|| {
    hybrid::dfa::DFA::builder()
        .configure(hybrid::dfa::DFA::config().unicode_word_boundary(true))
        .build_many(
            &ODG_CHAPTERS
                .iter()
                .map(|(_, pattern)| ODG_CHAPTER_WRAP.replace("{}", pattern))
                .collect::<Vec<_>>(),
        )
        .expect("fixed patterns")
});

thread_local! {
    /// The states of [`ODG_CHAPTER_DFA`] computed so far, by this thread.
    static ODG_CHAPTER_DFA_STATES: RefCell<hybrid::dfa::Cache> =
        RefCell::new(ODG_CHAPTER_DFA.create_cache());
}

/// The row and end of the first chapter the lowercase chapter patterns
/// find in `lower_window`: what the case-insensitive chapter table finds in
/// the window before lowercasing, where that holds neither the Kelvin sign
/// nor the long s. Case-insensitive, an ASCII letter of a pattern matches
/// itself, its capital and, for `k` and `s` only, those two signs; nothing
/// else in the patterns (`\s`, `\w`, `\b`, punctuation) depends on case,
/// and lowercasing ASCII letters turns no word character into a non-word
/// one or back. A forward search is enough: the leftmost-first match's row
/// and end are what a full search finds before it looks back for the
/// start. `Err` when the DFA cannot tell.
fn lowercase_chapter(
    cache: &mut hybrid::dfa::Cache,
    lower_window: &str,
) -> Result<Option<(usize, usize)>, regex_automata::MatchError> {
    let found = ODG_CHAPTER_DFA.try_search_fwd(cache, &regex_automata::Input::new(lower_window))?;
    Ok(found.map(|half| (half.pattern().as_usize(), half.offset())))
}

/// Whether `text` may hold a character that case-insensitive patterns equate
/// with an ASCII letter other than by ASCII case: the Kelvin sign (`k`) and
/// the long s (`s`).
fn may_hold_non_ascii_case_variants(text: &str) -> bool {
    !text.is_ascii() && text.contains(['\u{212A}', '\u{17F}'])
}

/// The rows of [`MTUS_PARTS`], then [`ODG_MENTION`] and
/// [`NOT_BASED_ON_MTUS`], as one lazy DFA, each pattern to be run anchored
/// on its own where one of its words starts: the same patterns, syntax and
/// leftmost-first matches as their regexes, and one set of tables for the
/// statement's anchored searches to bring into the cache. Their `\b` is
/// Unicode's, which the DFA tells only in ASCII text: it gives up at other
/// bytes, and the regexes answer instead.
static ANCHORED_DFA: LazyLock<hybrid::dfa::DFA> = LazyLock::new(|| {
    let config = hybrid::dfa::DFA::config()
        .starts_for_each_pattern(true)
        .unicode_word_boundary(true);
    let patterns: Vec<&str> = MTUS_PARTS
        .iter()
        .map(|(_, pattern)| *pattern)
        .chain([ODG_MENTION, NOT_BASED_ON_MTUS])
        .collect();
    hybrid::dfa::DFA::builder()
        .configure(config)
        .build_many(&patterns)
        .expect("fixed patterns")
});

/// [`ODG_MENTION`]'s pattern in [`ANCHORED_DFA`].
const ODG_MENTION_PATTERN: regex_automata::PatternID =
    regex_automata::PatternID::new_unchecked(MTUS_PARTS.len());

/// [`NOT_BASED_ON_MTUS`]'s pattern in [`ANCHORED_DFA`].
const NOT_BASED_ON_MTUS_PATTERN: regex_automata::PatternID =
    regex_automata::PatternID::new_unchecked(MTUS_PARTS.len() + 1);

/// Whether [`NOT_BASED_ON_MTUS`] matches in `lower` (an ASCII statement,
/// lowercased), given every place it may start: what the case-insensitive
/// pattern answers for the statement, since in ASCII text case-insensitive
/// letters match their ASCII capitals only. `Err` when the DFA cannot
/// tell.
fn denies_at_starts(
    cache: &mut hybrid::dfa::Cache,
    lower: &str,
    starts: &[usize],
) -> Result<bool, regex_automata::MatchError> {
    for &start in starts {
        if anchored_match_exists(
            &ANCHORED_DFA,
            cache,
            lower.as_bytes(),
            NOT_BASED_ON_MTUS_PATTERN,
            start,
        )? {
            return Ok(true);
        }
    }
    Ok(false)
}

thread_local! {
    /// The states of [`ANCHORED_DFA`] computed so far, by this thread.
    static ANCHORED_DFA_STATES: RefCell<hybrid::dfa::Cache> =
        RefCell::new(ANCHORED_DFA.create_cache());
}

/// Where the first match of row `row` of [`MTUS_PARTS`] in `lower` that is
/// `outside_odg` starts: the first that the row's regex's successive matches
/// hold. Every such match starts at one of the row's [`MTUS_PART_STARTS`]
/// words (`starts`, in order), and the next match after one that ends at
/// `end` is the first that starts at a word at or after `end`, so trying
/// the row anchored at those words finds the same matches. No ODG span
/// ends after `odg_spans_end`: a match that starts there or later is
/// outside them all whatever its end, so there it is enough to know that
/// one exists. `Err` when the DFA cannot tell.
fn first_mtus_part_at_starts(
    cache: &mut hybrid::dfa::Cache,
    lower: &str,
    starts: &[(usize, u32)],
    row: usize,
    outside_odg: impl Fn(usize, usize) -> bool,
    odg_spans_end: usize,
) -> Result<Option<usize>, regex_automata::MatchError> {
    let pattern = regex_automata::PatternID::must(row);
    let mut resume = 0;
    for &(start, rows) in starts {
        if rows & (1 << row) == 0 || start < resume {
            continue;
        }
        if start >= odg_spans_end {
            if anchored_match_exists(&ANCHORED_DFA, cache, lower.as_bytes(), pattern, start)? {
                return Ok(Some(start));
            }
            continue;
        }
        let Some(end) = anchored_match_end(&ANCHORED_DFA, cache, lower.as_bytes(), pattern, start)?
        else {
            continue;
        };
        if outside_odg(start, end) {
            return Ok(Some(start));
        }
        resume = end;
    }
    Ok(None)
}

/// Where the leftmost-first match of `pattern` of `dfa` that starts at
/// `start` in `haystack` ends, if one does, found by walking the DFA by
/// hand from there (`dfa` must have a start state for each pattern). `Err`
/// when the DFA cannot tell (a byte it quits on, or a cache it gives up on).
fn anchored_match_end(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    haystack: &[u8],
    pattern: regex_automata::PatternID,
    start: usize,
) -> Result<Option<usize>, regex_automata::MatchError> {
    let input = regex_automata::Input::new(haystack)
        .range(start..)
        .anchored(regex_automata::Anchored::Pattern(pattern));
    let mut end = None;
    walk_lazy_dfa(dfa, cache, &input, |_, _, match_end| {
        end = Some(match_end);
        true
    })?;
    Ok(end)
}

/// Whether a match of `pattern` of `dfa` starts at `start` in `haystack`:
/// [`anchored_match_end`], stopping at the first match state, as any match
/// there shows one on the way (before a first match no thread is dropped).
fn anchored_match_exists(
    dfa: &hybrid::dfa::DFA,
    cache: &mut hybrid::dfa::Cache,
    haystack: &[u8],
    pattern: regex_automata::PatternID,
    start: usize,
) -> Result<bool, regex_automata::MatchError> {
    let input = regex_automata::Input::new(haystack)
        .range(start..)
        .anchored(regex_automata::Anchored::Pattern(pattern));
    let mut exists = false;
    walk_lazy_dfa(dfa, cache, &input, |_, _, _| {
        exists = true;
        false
    })?;
    Ok(exists)
}

/// Whether a reviewer's guideline statement says the decision was based on
/// the MTUS: `Some(false)` for "did not base their decision on the MTUS",
/// `Some(true)` when it cites an MTUS part, `None` when it does not say.
pub fn based_on_mtus(statement: &str, paths: &[String]) -> Option<bool> {
    let denies = || GUIDELINE_MATCHER.not_based_on_mtus.is_match(statement);
    mtus_basis(statement, paths, denies, true)
}

/// [`based_on_mtus`], told whether the statement says it was not based on
/// the MTUS (`denies`, asked first) and whether "MTUS" can match at all
/// (`may_name`): a pattern that cannot is not run.
fn mtus_basis(
    statement: &str,
    paths: &[String],
    denies: impl FnOnce() -> bool,
    may_name: bool,
) -> Option<bool> {
    let matcher = &*GUIDELINE_MATCHER;
    if denies() {
        Some(false)
    } else if paths.iter().any(|path| path.starts_with("/MTUS/"))
        || (may_name
            && matcher.based_on_mtus.is_match(statement)
            && !statement.contains("Non-MTUS"))
    {
        Some(true)
    } else {
        None
    }
}

/// Where the sentence that `text` starts with ends: at the first '.'
/// followed by white space and a capital, or by nothing but white space; at
/// the first ';'; or at the first "Decision based on" that stands as words.
/// The start of the leftmost match of
/// `\.(?:\s+[A-Z]|\s*$)|;|\bDecision based on\b`, found by looking only at
/// the bytes that can start one.
fn sentence_end(text: &str) -> Option<usize> {
    const DECISION: &str = "Decision based on";
    let bytes = text.as_bytes();
    // `\b`, as the regex crate tells it: Unicode word characters.
    let look = regex_automata::util::look::LookMatcher::new();
    let word_boundary = |at: usize| {
        look.is_word_unicode(bytes, at)
            .expect("the regex crate builds in Unicode word data")
    };
    memchr::memchr3_iter(b'.', b';', b'D', bytes).find(|&at| match bytes[at] {
        b';' => true,
        b'.' => {
            // `\s` is Unicode White_Space, as `trim_start` trims.
            let after = &text[at + 1..];
            let next = after.trim_start();
            next.is_empty() || (next.len() < after.len() && next.as_bytes()[0].is_ascii_uppercase())
        }
        _ => {
            text[at..].starts_with(DECISION)
                && word_boundary(at)
                && word_boundary(at + DECISION.len())
        }
    })
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

// ---------------------------------------------------------------------------
// Reviewer specialties and states
// ---------------------------------------------------------------------------

/// Reviewer specialties: (canonical name, regex of the ways letters say it).
/// Listed so that a subspecialty written after its board ("Anesthesiology,
/// Pain Management") resolves to the first one named.
pub static SPECIALTIES: &[(&str, &str)] = &[
    (
        "Anesthesiology",
        r"anesthesiolog\w*|anaesthesiolog\w*|anesthesia",
    ),
    ("Pain Medicine", r"pain\s+(?:medicine|management)"),
    (
        "Physical Medicine & Rehabilitation",
        r"physical\s+medicine\s*(?:and|&)\s*rehabilitation|physiatry|PM\s*&\s*R|PM&R|physical\s+medicine",
    ),
    (
        "Orthopedic Surgery",
        r"orthop(?:a)?edic\s+surgery|orthop(?:a)?edics|orthop(?:a)?edic\s+surgeon",
    ),
    (
        "Neurological Surgery",
        r"neurological\s+surgery|neurosurgery|neurosurgeon",
    ),
    ("Neurology", r"neurology|neurologist"),
    ("Family Practice", r"family\s+(?:practice|medicine)"),
    ("Internal Medicine", r"internal\s+medicine|internist"),
    ("Occupational Medicine", r"occupational\s+medicine"),
    ("Emergency Medicine", r"emergency\s+medicine"),
    (
        "Preventive Medicine",
        r"preventive\s+medicine|preventative\s+medicine",
    ),
    ("Psychiatry", r"psychiatry|psychiatrist"),
    ("Psychology", r"psychology|psychologist"),
    ("Chiropractic", r"chiropractic(?:\s+medicine)?|chiropractor"),
    (
        "Acupuncture",
        r"acupuncture|acupuncturist|oriental\s+medicine",
    ),
    ("Podiatry", r"podiatr\w*|foot\s+(?:and|&)\s+ankle\s+surg\w*"),
    (
        "Plastic Surgery",
        r"plastic\s+(?:and\s+reconstructive\s+)?surgery",
    ),
    ("Hand Surgery", r"hand\s+surgery|surgery\s+of\s+the\s+hand"),
    ("Sports Medicine", r"sports\s+medicine"),
    ("Rheumatology", r"rheumatolog\w*"),
    ("General Surgery", r"general\s+surgery"),
    ("Dentistry", r"dentistry|dental"),
    ("Optometry", r"optometry|ophthalmology"),
    ("Otolaryngology", r"otolaryngology"),
    ("Urology", r"urology"),
];

/// A table of patterns searched as one, case-insensitively: the leftmost
/// match of any row and, of the rows matching there, the first in the
/// table. That is what the alternation `(?:row0)|(?:row1)|...` finds, and
/// the same answer as trying every row on its own and keeping the earliest
/// start (ties to the earlier row), in one search instead of one per row.
/// The row comes from the multi-pattern search itself: capture groups naming
/// the rows would make every match run the regex crate's slower capturing
/// engines.
pub(crate) struct FirstRow {
    regex: meta::Regex,
}

/// Where a [`FirstRow`] table matched: the row's index and the byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowMatch {
    /// The row's index in the table.
    pub row: usize,
    /// Start of the match.
    pub start: usize,
    /// End of the match.
    pub end: usize,
}

impl FirstRow {
    /// Compiles `patterns`, one per row, in table order.
    pub(crate) fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> FirstRow {
        let patterns: Vec<S> = patterns.into_iter().collect();
        let regex = meta::Regex::builder()
            .syntax(syntax::Config::new().case_insensitive(true))
            .build_many(&patterns)
            .expect("table patterns are fixed at compile time and covered by tests");
        FirstRow { regex }
    }

    /// Every row of a (name, pattern) table, each placed in `wrap` at `{}`.
    fn of_table(rows: &[(&'static str, &'static str)], wrap: &str) -> FirstRow {
        FirstRow::new(rows.iter().map(|(_, pattern)| wrap.replace("{}", pattern)))
    }

    /// The first row named in `text` and where.
    pub(crate) fn find(&self, text: &str) -> Option<RowMatch> {
        self.regex.find(text).map(RowMatch::from)
    }

    /// The row of [`FirstRow::find`]'s match, found by a forward search
    /// alone: the leftmost-first match's row is known where it ends, before
    /// a search looks back for its start.
    pub(crate) fn find_row(&self, text: &str) -> Option<usize> {
        self.regex
            .search_half(&regex_automata::Input::new(text))
            .map(|half| half.pattern().as_usize())
    }

    /// Whether any row matches in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Successive non-overlapping matches, as [`FirstRow::find`] gives the
    /// first.
    pub(crate) fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = RowMatch> + 't {
        self.regex.find_iter(text).map(RowMatch::from)
    }

    /// The match starting exactly at `at`, if any: the row that
    /// [`FirstRow::find`] would report were the leftmost match to start
    /// there. Only a forward search, which ends where no row can match.
    pub(crate) fn find_starting_at(&self, text: &str, at: usize) -> Option<RowMatch> {
        let input = regex_automata::Input::new(text)
            .range(at..)
            .anchored(regex_automata::Anchored::Yes);
        self.regex.find(input).map(RowMatch::from)
    }

    /// Successive non-overlapping matches at or after `at`, as
    /// [`FirstRow::find_iter`] continues after a match that ends at `at`.
    pub(crate) fn find_iter_from<'t>(
        &'t self,
        text: &'t str,
        at: usize,
    ) -> impl Iterator<Item = RowMatch> + 't {
        let input = regex_automata::Input::new(text).range(at..);
        self.regex.find_iter(input).map(RowMatch::from)
    }
}

impl From<regex_automata::Match> for RowMatch {
    fn from(found: regex_automata::Match) -> RowMatch {
        RowMatch {
            row: found.pattern().as_usize(),
            start: found.start(),
            end: found.end(),
        }
    }
}

static SPECIALTY_MATCHER: LazyLock<FirstRow> =
    LazyLock::new(|| FirstRow::of_table(SPECIALTIES, r"\b(?:{})"));

/// The canonical specialty first named in `text`, if any.
pub fn normalize_specialty(text: &str) -> Option<&'static str> {
    SPECIALTY_MATCHER
        .find_row(text)
        .map(|row| SPECIALTIES[row].0)
}

/// US states and DC: (name, postal code).
pub static STATES: &[(&str, &str)] = &[
    ("Alabama", "AL"),
    ("Alaska", "AK"),
    ("Arizona", "AZ"),
    ("Arkansas", "AR"),
    ("California", "CA"),
    ("Colorado", "CO"),
    ("Connecticut", "CT"),
    ("Delaware", "DE"),
    ("District of Columbia", "DC"),
    ("Florida", "FL"),
    ("Georgia", "GA"),
    ("Hawaii", "HI"),
    ("Idaho", "ID"),
    ("Illinois", "IL"),
    ("Indiana", "IN"),
    ("Iowa", "IA"),
    ("Kansas", "KS"),
    ("Kentucky", "KY"),
    ("Louisiana", "LA"),
    ("Maine", "ME"),
    ("Maryland", "MD"),
    ("Massachusetts", "MA"),
    ("Michigan", "MI"),
    ("Minnesota", "MN"),
    ("Mississippi", "MS"),
    ("Missouri", "MO"),
    ("Montana", "MT"),
    ("Nebraska", "NE"),
    ("Nevada", "NV"),
    ("New Hampshire", "NH"),
    ("New Jersey", "NJ"),
    ("New Mexico", "NM"),
    ("New York", "NY"),
    ("North Carolina", "NC"),
    ("North Dakota", "ND"),
    ("Ohio", "OH"),
    ("Oklahoma", "OK"),
    ("Oregon", "OR"),
    ("Pennsylvania", "PA"),
    ("Rhode Island", "RI"),
    ("South Carolina", "SC"),
    ("South Dakota", "SD"),
    ("Tennessee", "TN"),
    ("Texas", "TX"),
    ("Utah", "UT"),
    ("Vermont", "VT"),
    ("Virginia", "VA"),
    ("Washington", "WA"),
    ("West Virginia", "WV"),
    ("Wisconsin", "WI"),
    ("Wyoming", "WY"),
];

/// The state names, longest first so that "West Virginia" wins over
/// "Virginia", each with `\s+` for its spaces.
fn state_name_patterns() -> (Vec<&'static str>, Vec<String>) {
    let mut names: Vec<&'static str> = STATES.iter().map(|(name, _)| *name).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    let patterns = names.iter().map(|name| name.replace(' ', r"\s+")).collect();
    (names, patterns)
}

static STATE_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    let (_, patterns) = state_name_patterns();
    case_insensitive(&format!(r"\b(?:{})\b", patterns.join("|")))
});

/// [`STATE_NAMES`] as one row per name (in its order): the row of the
/// first match is the name matched, found by a forward search alone. A
/// row that matches at a position is the first alternative of
/// [`STATE_NAMES`] to match in full there, `\b` after it included.
static STATE_NAME_ROWS: LazyLock<(Vec<&'static str>, FirstRow)> = LazyLock::new(|| {
    let (names, patterns) = state_name_patterns();
    let rows = FirstRow::new(patterns.iter().map(|pattern| format!(r"\b(?:{pattern})\b")));
    (names, rows)
});

/// The full state name first named in `text` (by name, or by postal code
/// when the text is just a code such as `CA`).
pub fn normalize_state(text: &str) -> Option<&'static str> {
    // The row names the state where the match, its white space made single
    // spaces, equals the name but for ASCII case: always, unless the text
    // holds a character that case-insensitive matching equates with an
    // ASCII letter other than its capital (the Kelvin sign, the long s).
    if !may_hold_non_ascii_case_variants(text) {
        let (names, rows) = &*STATE_NAME_ROWS;
        if let Some(row) = rows.find_row(text) {
            return Some(names[row]);
        }
    } else if let Some(found) = STATE_NAMES.find(text) {
        let spaced = found
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        return STATES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&spaced))
            .map(|(name, _)| *name);
    }
    let code = text.trim().trim_end_matches('.');
    STATES
        .iter()
        .find(|(_, postal)| postal.eq_ignore_ascii_case(code) && code.len() == 2)
        .map(|(name, _)| *name)
}

/// The state `text` names in full, not by a postal code alone: "License:
/// MD" names a degree more often than Maryland.
pub fn state_named_in(text: &str) -> Option<&'static str> {
    // Only a value of two letters is read as a postal code.
    let bare = text.trim().trim_end_matches('.');
    (bare.len() > 2).then(|| normalize_state(text)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_tables_are_lowercase() {
        // These rows are matched against lowercased text, so an uppercase
        // letter in one (a literal, or an escape such as `\S`) could never
        // match as written.
        let patterns = MTUS_PARTS.iter().chain(OTHER_SOURCES).map(|(_, p)| *p);
        for pattern in patterns {
            assert!(
                !pattern.chars().any(|c| c.is_ascii_uppercase()),
                "{pattern}"
            );
        }
    }

    #[test]
    fn source_words_cover_every_row_and_none_starts_another() {
        let rows = MTUS_PARTS.len() + OTHER_SOURCES.len();
        let covered = SOURCE_WORDS.iter().fold(0u32, |bits, (_, row)| bits | row);
        assert_eq!(covered, (1u32 << rows) - 1);
        for (word, _) in SOURCE_WORDS {
            for (other, _) in SOURCE_WORDS {
                assert!(word == other || !other.starts_with(word), "{word} {other}");
            }
        }
        // Each row's words are literally in each of its alternatives.
        for (row, (_, pattern)) in MTUS_PARTS.iter().chain(OTHER_SOURCES).enumerate() {
            for alternative in top_level_alternatives(pattern) {
                assert!(
                    SOURCE_WORDS
                        .iter()
                        .any(|(word, rows)| rows & (1 << row) != 0 && alternative.contains(word)),
                    "{alternative}"
                );
            }
        }
    }

    fn top_level_alternatives(pattern: &str) -> Vec<&str> {
        let mut alternatives = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (index, c) in pattern.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '|' if depth == 0 => {
                    alternatives.push(&pattern[start..index]);
                    start = index + 1;
                }
                _ => {}
            }
        }
        alternatives.push(&pattern[start..]);
        alternatives
    }

    /// The chapter the case-insensitive table finds in `window` and the one
    /// [`first_chapter`] finds.
    fn chapter_both_ways(window: &str) {
        let matcher = &*GUIDELINE_MATCHER;
        let expected = matcher
            .odg_chapters
            .find(window)
            .map(|chapter| (chapter.row, chapter.end));
        let lower = window.to_ascii_lowercase();
        assert_eq!(
            first_chapter(matcher, window, &lower),
            expected,
            "{window:?}"
        );
        let lowercase =
            ODG_CHAPTER_DFA_STATES.with_borrow_mut(|cache| lowercase_chapter(cache, &lower));
        match lowercase {
            Ok(found) if !may_hold_non_ascii_case_variants(window) => {
                assert_eq!(found, expected, "{window:?}")
            }
            Ok(_) => {}
            // Only text past ASCII is left to the table.
            Err(_) => assert!(!window.is_ascii(), "{window:?}"),
        }
    }

    #[test]
    fn chapters_are_found_in_lowercase_where_the_table_finds_them() {
        let windows = [
            "",
            " (ODG) Low Back Chapter, Facet joint diagnostic blocks",
            " Neck and Upper Back",
            ", Treatment Index, 11th Edition (web), 2013, Pain (Chronic) Chapter",
            " Forearm, Wrist & Hand chapter",
            "LOWER BACK; KNEE & LEG",
            "Treatment in Workers' Compensation",
            "kneel handed hip-pelvis",
            "\u{e9}pain pain\u{e9} \u{c9}LBOW elbow",
            // The Kelvin sign is a `k`, the long s an `s`, to the table.
            "\u{212A}nee; \u{17F}houlder",
            "thoracic\u{301} cervical",
        ];
        for window in windows {
            chapter_both_ways(window);
        }
    }

    proptest::proptest! {
        /// Any text of chapter words, in any case, finds its chapter in
        /// lowercase.
        #[test]
        fn chapters_are_found_in_lowercase_on_any_text(
            capitals in proptest::collection::vec(proptest::bool::ANY, 80),
            text in "((neck|and|upper|back|low|lower|lumbar|pain|chronic|knee|leg|hand|wrist|forearm|hip|pelvis|mental|stress|treatment|in|workers'|comp|twc|head|elbow|[a-z]{1,3})([ ,&()'_-]{1,2}|\u{e9}|\u{212A}|\u{17F}|\u{301}|\u{a0})?){0,10}"
        ) {
            // Some letters in capitals.
            let cased: String = text
                .chars()
                .zip(capitals.iter().cycle())
                .map(|(c, &capital)| if capital { c.to_ascii_uppercase() } else { c })
                .collect();
            chapter_both_ways(&cased);
        }
    }

    #[test]
    fn every_mentioned_source_is_found() {
        assert_eq!(
            normalize_guidelines("per the Harrison's text and AMA Guides"),
            ["/Other/Harrison's", "/Other/AMA Guides"]
        );
        assert_eq!(
            normalize_guidelines("the drug formulary of food and drug administration"),
            ["/MTUS/Formulary", "/Other/FDA"]
        );
    }

    #[test]
    fn chapters_named_after_the_first_in_one_citation() {
        assert_eq!(
            normalize_guidelines(
                "Official Disability Guidelines (ODG), Neck Chapter, Electromyography, and \
                 Carpal Tunnel Syndrome Chapter, Nerve conduction studies (NCS)."
            ),
            ["/ODG/Neck and Upper Back", "/ODG/Carpal Tunnel Syndrome"]
        );
        // In any case, and only where the word "chapter" follows the name:
        // a body part later in the citation is its topic.
        assert_eq!(
            normalize_guidelines(
                "ODG LOW BACK CHAPTER, Lumbar supports, and KNEE CHAPTER, Braces."
            ),
            ["/ODG/Low Back", "/ODG/Knee & Leg"]
        );
        assert_eq!(
            normalize_guidelines("ODG Low Back chapter, Lumbar supports for hand and leg pain."),
            ["/ODG/Low Back"]
        );
        // A chapter of another guideline in the same sentence is not the
        // ODG's.
        assert_eq!(
            normalize_guidelines(
                "ODG Low Back Chapter and the MTUS Chronic Pain chapter, page 99."
            ),
            ["/ODG/Low Back", "/MTUS/Chronic Pain"]
        );
        assert_eq!(
            normalize_guidelines("ODG Shoulder Chapter and MTUS ACOEM Knee Chapter"),
            ["/ODG/Shoulder", "/MTUS/ACOEM"]
        );
        assert_eq!(
            normalize_guidelines(
                "ODG, Fitness For Duty Chapter, Functional capacity evaluation (FCE)"
            ),
            ["/ODG/Fitness for Duty"]
        );
    }

    #[test]
    fn a_request_listing_its_parts_is_placed_by_what_comes_before_them() {
        let class = classify_treatment(
            "Pre-operative medical clearance including CBC, CMP, PT/INR, EKG and chest x-ray",
        );
        assert_eq!(
            (class.category, class.subcategory),
            ("surgery", Some("preop"))
        );
        // What comes before names no row: the whole request is placed.
        let class = classify_treatment("Services including an MRI of the lumbar spine");
        assert_eq!(
            (class.category, class.subcategory),
            ("imaging", Some("mri"))
        );
        let class = classify_treatment("MRI of the lumbar spine including contrast");
        assert_eq!(
            (class.category, class.subcategory),
            ("imaging", Some("mri"))
        );
    }

    #[test]
    fn first_row_is_the_leftmost_then_the_earliest_in_the_table() {
        let table = FirstRow::new([r"\bknee\b", r"knee\s+brace", r"brace"]);
        let found = |text: &str| table.find(text).map(|m| (m.row, m.start, m.end));
        assert_eq!(found("a Knee Brace"), Some((0, 2, 6)));
        assert_eq!(found("a brace for the knee"), Some((2, 2, 7)));
        assert_eq!(found("kneebrace"), Some((2, 4, 9)));
        assert_eq!(found("none"), None);
        for text in ["a Knee Brace", "a brace for the knee", "kneebrace", "none"] {
            assert_eq!(
                table.find_row(text),
                table.find(text).map(|m| m.row),
                "{text}"
            );
        }
        let rows: Vec<usize> = table.find_iter("brace, knee").map(|m| m.row).collect();
        assert_eq!(rows, [2, 0]);
        assert!(table.is_match("KNEE"));
        let starting_at = |text: &str, at| {
            table
                .find_starting_at(text, at)
                .map(|m| (m.row, m.start, m.end))
        };
        assert_eq!(starting_at("a Knee Brace", 2), Some((0, 2, 6)));
        assert_eq!(starting_at("a Knee Brace", 1), None);
        assert_eq!(starting_at("a Knee Brace", 7), Some((2, 7, 12)));
        let rows: Vec<usize> = table
            .find_iter_from("knee, brace, knee", 4)
            .map(|m| m.row)
            .collect();
        assert_eq!(rows, [2, 0]);
    }

    #[test]
    fn every_rule_names_a_known_category() {
        for rule in TREATMENT_RULES {
            assert!(CATEGORIES.contains(&rule.category), "{}", rule.category);
        }
        for (_, category, _) in CATEGORY_WORDS {
            assert!(CATEGORIES.contains(category), "{category}");
        }
    }

    #[test]
    fn treatments_classify_by_brand_generic_and_abbreviation() {
        let table: &[(&str, &str, Option<&str>)] = &[
            ("Norco 10/325mg #120", "medication", Some("opioid")),
            ("Hydrocodone/APAP 10/325", "medication", Some("opioid")),
            ("Percocet 5/325 #60", "medication", Some("opioid")),
            ("Oxycodone 15mg", "medication", Some("opioid")),
            ("Ultram ER 150mg", "medication", Some("opioid")),
            ("Tramadol 50mg #90", "medication", Some("opioid")),
            ("Butrans patch 10mcg", "medication", Some("opioid")),
            ("Flexeril 10mg #60", "medication", Some("muscle_relaxant")),
            (
                "Cyclobenzaprine 7.5mg",
                "medication",
                Some("muscle_relaxant"),
            ),
            ("Soma 350mg", "medication", Some("muscle_relaxant")),
            (
                "Carisoprodol 350mg #30",
                "medication",
                Some("muscle_relaxant"),
            ),
            ("Lidoderm 5% patch #30", "medication", Some("topical")),
            ("Lidocaine 5% patches", "medication", Some("topical")),
            ("Terocin lotion 120ml", "medication", Some("topical")),
            (
                "Compounded cream: flurbiprofen 20%, gabapentin 10%, cyclobenzaprine 2%",
                "medication",
                Some("topical"),
            ),
            ("Ambien 10mg #30", "medication", Some("sleep")),
            ("Zolpidem 5mg", "medication", Some("sleep")),
            ("Lyrica 75mg", "medication", Some("anticonvulsant")),
            ("Pregabalin 50mg", "medication", Some("anticonvulsant")),
            ("Neurontin 600mg", "medication", Some("anticonvulsant")),
            ("Gabapentin 300mg #90", "medication", Some("anticonvulsant")),
            ("Prilosec 20mg #60", "medication", Some("ppi")),
            ("Omeprazole 20mg", "medication", Some("ppi")),
            ("Celebrex 200mg", "medication", Some("nsaid")),
            ("Mobic 15mg", "medication", Some("nsaid")),
            ("Naproxen sodium 550mg", "medication", Some("nsaid")),
            ("Cymbalta 60mg", "medication", Some("antidepressant")),
            ("Theramine #120", "medication", Some("medical_food")),
            (
                "Tabradol 1mg/ml oral suspension 250ml",
                "medication",
                Some("muscle_relaxant"),
            ),
            (
                "Deprizine 15mg/ml oral suspension 250ml",
                "medication",
                Some("ppi"),
            ),
            ("Work conditioning 2x3", "physical_therapy", None),
            (
                "Physical therapy 2x6 lumbar spine",
                "physical_therapy",
                None,
            ),
            ("PT 12 sessions", "physical_therapy", None),
            (
                "Post-operative physical therapy for the knee, 12 visits",
                "physical_therapy",
                None,
            ),
            ("Aquatic therapy x 8", "physical_therapy", None),
            ("Chiropractic manipulation 6 visits", "chiropractic", None),
            (
                "In-Office Acupuncture, 8 Visits, Unspecified Frequency",
                "acupuncture",
                None,
            ),
            ("Massage therapy x 6", "massage", None),
            ("Lumbar ESI L4-5", "injection", Some("epidural")),
            (
                "Cervical epidural steroid injection C5-6",
                "injection",
                Some("epidural"),
            ),
            (
                "In-Office, Cervical Facet Joint Injection, C4/5, C5/6, C6/7, Bilaterally",
                "injection",
                Some("facet"),
            ),
            (
                "Bilateral L4-5 medial branch block",
                "injection",
                Some("facet"),
            ),
            ("MBB L3-L5", "injection", Some("facet")),
            (
                "Trigger point injections x 4",
                "injection",
                Some("trigger_point"),
            ),
            ("Synvisc injection right knee", "injection", Some("joint")),
            (
                "Right sacroiliac joint injection",
                "injection",
                Some("joint"),
            ),
            ("Occipital nerve block", "injection", Some("nerve_block")),
            (
                "Radiofrequency ablation L4-5",
                "radiofrequency_ablation",
                None,
            ),
            ("RFA bilateral L3-S1", "radiofrequency_ablation", None),
            (
                "Medial branch radiofrequency neurotomy",
                "radiofrequency_ablation",
                None,
            ),
            ("MRI of the lumbar spine", "imaging", Some("mri")),
            ("MRI right knee without contrast", "imaging", Some("mri")),
            ("CT scan of the cervical spine", "imaging", Some("ct")),
            ("X-ray of the right shoulder", "imaging", Some("xray")),
            (
                "EMG/NCV bilateral upper extremities",
                "electrodiagnostic",
                None,
            ),
            ("NCS of the lower extremities", "electrodiagnostic", None),
            ("Urine drug screen", "laboratory", Some("drug_screen")),
            ("UDS x 1", "laboratory", Some("drug_screen")),
            (
                "Right knee arthroscopy with partial meniscectomy",
                "surgery",
                Some("knee"),
            ),
            ("L4-5 lumbar fusion", "surgery", Some("spine")),
            ("Left carpal tunnel release", "surgery", Some("hand_wrist")),
            (
                "Right shoulder arthroscopic subacromial decompression",
                "surgery",
                Some("shoulder"),
            ),
            ("TENS unit rental x 30 days", "dme", Some("tens")),
            ("H-wave device", "dme", Some("electrical_stimulation")),
            ("Cold therapy unit", "dme", Some("cold_therapy")),
            (
                "Hot/cold contrast unit with compression",
                "dme",
                Some("cold_therapy"),
            ),
            ("Electroencephalogram (EEG)", "electrodiagnostic", None),
            ("Neuropsychological testing", "psychological", None),
            ("Chinese herbal granules", "medication", None),
            (
                "Psychiatric medication management visits, 6",
                "consultation",
                None,
            ),
            ("Lumbar brace", "dme", Some("brace")),
            (
                "Cognitive behavioral therapy, 6 sessions",
                "psychological",
                None,
            ),
            ("CBT x 10", "psychological", None),
            ("Psychological evaluation", "psychological", None),
            (
                "Functional restoration program, 160 hours",
                "functional_restoration",
                None,
            ),
            ("FRP evaluation", "functional_restoration", None),
            ("Functional capacity evaluation", "evaluation", Some("fce")),
            ("FCE", "evaluation", Some("fce")),
            ("Pain management consultation", "consultation", None),
            ("Referral to orthopedic surgeon", "consultation", None),
            ("Spine surgery consultation", "consultation", None),
            ("Psychological consultation", "psychological", None),
            ("Home health care 4 hours a day", "home_health", None),
            (
                "Transportation to and from appointments",
                "transportation",
                None,
            ),
            ("ESWT for the right shoulder, 3 sessions", "shockwave", None),
            ("Extracorporeal shockwave therapy", "shockwave", None),
            ("Gym membership x 6 months", "other", Some("membership")),
            ("Something unheard of", "other", None),
        ];
        for (text, category, subcategory) in table {
            let class = classify_treatment(text);
            assert_eq!(
                (class.category, class.subcategory),
                (*category, *subcategory),
                "{text}"
            );
        }
    }

    #[test]
    fn guidelines_normalise_to_paths() {
        let table: &[(&str, &[&str])] = &[
            (
                "Decision based on MTUS ACOEM.  Decision based on Non-MTUS Citation Official Disability Guidelines for facet injections.",
                &["/MTUS/ACOEM", "/ODG/Unspecified"],
            ),
            (
                "The Expert Reviewer did not base their decision on the MTUS. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Neck and Upper Back Chapter, Facet joint diagnostic blocks.",
                &["/ODG/Neck and Upper Back"],
            ),
            ("Decision based on MTUS Acupuncture Treatment Guidelines.", &["/MTUS/Acupuncture"]),
            (
                "Decision based on MTUS ACOEM,Chronic Pain Treatment Guidelines.  Decision based on Non-MTUS Citation official disability guidelines.",
                &["/MTUS/ACOEM", "/MTUS/Chronic Pain", "/ODG/Unspecified"],
            ),
            ("Decision based on Non-MTUS Citation ODG Pain (Chronic) Chapter, Opioids.", &["/ODG/Pain (Chronic)"]),
            ("MTUS Chronic Pain Medical Treatment Guidelines, page 79; ODG Low Back Chapter", &["/MTUS/Chronic Pain", "/ODG/Low Back"]),
            ("MTUS Postsurgical Treatment Guidelines", &["/MTUS/Postsurgical"]),
            ("ODG Knee and Leg, and UpToDate", &["/ODG/Knee & Leg", "/Other/UpToDate"]),
            ("Official Disability Guidelines, Forearm, Wrist & Hand chapter", &["/ODG/Forearm Wrist & Hand"]),
            ("Medscape; FDA prescribing information", &["/Other/Medscape", "/Other/FDA", "/Other/Manufacturer labeling"]),
            (
                "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain (Chronic) \
                 Chapter, Insomnia treatment; Mental Illness & Stress Chapter, Zolpidem (Ambien); U.S. \
                 Food and Drug Administration (FDA) Drug Safety Communication",
                &["/ODG/Pain (Chronic)", "/ODG/Mental Illness & Stress", "/Other/FDA"],
            ),
            // A clause that does not open with a chapter named "Chapter" is
            // not the citation's.
            (
                "ODG Low Back Chapter, MRI; Knee complaints were not addressed; Neck Chapter",
                &["/ODG/Low Back"],
            ),
            ("ODG Low Back Chapter; MTUS Chronic Pain chapter", &["/ODG/Low Back", "/MTUS/Chronic Pain"]),
            (
                "ODG, Shoulder Chapter, and the American College of Chest Physicians guideline, Prevention of VTE",
                &["/ODG/Shoulder", "/Other/American College of Chest Physicians"],
            ),
            (
                "the American College of Physicians and the Medicare Benefit Policy Manual, Chapter 7",
                &["/Other/American College of Physicians", "/Other/Medicare Benefit Policy Manual"],
            ),
            (
                "MTUS ACOEM and the American Society for Surgery of the Hand (ASSH) guideline",
                &["/MTUS/ACOEM", "/Other/American Society for Surgery of the Hand"],
            ),
            (
                "citing Aetna Clinical Policy Bulletin #0039, Weight Reduction Medications and Programs.",
                &["/Other/Aetna Clinical Policy Bulletin"],
            ),
            // A chapter after "; and" is the citation's too.
            (
                "Official Disability Guidelines (ODG), Head chapter, Greater occipital nerve block; \
                 and Neck and Upper Back chapter, Greater occipital nerve block.",
                &["/ODG/Head", "/ODG/Neck and Upper Back"],
            ),
            // A guideline named to say it is silent is not relied upon.
            (
                "The MTUS and the ODG do not address weight loss programs. Peer-reviewed literature.",
                &["/Other/Peer-reviewed literature"],
            ),
            ("Neither the MTUS nor the ODG addresses it; UpToDate.", &["/Other/UpToDate"]),
            ("The ODG guidelines are silent. ODG Knee chapter.", &["/ODG/Knee & Leg"]),
            ("The ODG does not address the unit by name.", &[]),
        ];
        for (text, expected) in table {
            assert_eq!(normalize_guidelines(text), *expected, "{text}");
        }
    }

    #[test]
    fn mtus_basis_is_read_from_the_statement() {
        let no =
            "The Expert Reviewer did not base their decision on the MTUS. Decision based on ODG.";
        assert_eq!(based_on_mtus(no, &normalize_guidelines(no)), Some(false));
        let yes = "Decision based on MTUS Acupuncture Treatment Guidelines.";
        assert_eq!(based_on_mtus(yes, &normalize_guidelines(yes)), Some(true));
        assert_eq!(based_on_mtus("Medscape", &[]), None);
    }

    #[test]
    fn one_pass_reads_what_the_two_functions_read() {
        let statements = [
            "",
            "Medscape",
            "Decision based on MTUS Chronic Pain Medical Treatment Guidelines.",
            "Decision based on Non-MTUS Citation ODG Low Back Chapter.",
            "The Expert Reviewer did not base their decision on the MTUS. Decision based on ODG.",
            "The reviewer didn't cite the CA MTUS; per Official Disability Guidelines, Knee.",
            "The MTUS is silent on this. ODG Pain (Chronic) Chapter.",
            "Silent in the MTUS. See UpToDate and the AMA Guides.",
            "not addressed by the MTUS",
            "MTUS does not apply",
            // The long s is an 's' to the case-insensitive patterns.
            "The MTUS iſ ſilent. ODG.",
            "Per the MTUS, nothing is noted. ODG, odg.",
            "The reviewer DID NOT rely on the MTUS.",
            "didn't address the mtus",
            "n't cite the MTUS",
            "One cannot address the CA MTUS here.",
            "The MTUS did not address it; it does not base the decision on\tMTUS.",
            "Non-MTUS Citation ODG; MTUS silent.",
        ];
        for statement in statements {
            let paths = normalize_guidelines(statement);
            let basis = based_on_mtus(statement, &paths);
            assert_eq!(
                normalize_guidelines_and_mtus_basis(statement),
                (paths, basis),
                "{statement}"
            );
        }
        assert_eq!(
            normalize_guidelines_and_mtus_basis("The MTUS iſ ſilent.").1,
            Some(false)
        );
    }

    proptest::proptest! {
        /// Any text of the MTUS-basis words, in any case, reads the same
        /// basis in one pass as the two functions read.
        #[test]
        fn one_pass_reads_the_basis_on_any_text(
            capitals in proptest::collection::vec(proptest::bool::ANY, 60),
            text in "(mtus|non-mtus|not |n't |did |didn't |does |silent|base |his |the |decision |on |address |addressed |apply|cite |rely on |by |in |is |ca |acoem|[a-z]{1,2}|[ .,]{1,2}|\u{17f}|\u{e9}){0,14}"
        ) {
            let statement: String = text
                .split_inclusive(' ')
                .zip(capitals.iter().cycle())
                .map(|(word, &capital)| if capital { word.to_ascii_uppercase() } else { word.to_string() })
                .collect();
            let paths = normalize_guidelines(&statement);
            let basis = based_on_mtus(&statement, &paths);
            proptest::prop_assert_eq!(normalize_guidelines_and_mtus_basis(&statement), (paths, basis));
        }
    }

    #[test]
    fn gate_words_are_found_where_they_overlap() {
        let words = StatementWords::find("acoemedscape; odg, official: not mtus");
        let medscape = MTUS_PARTS.len() + 1;
        assert_eq!(words.rows, 1 << 0 | 1 << medscape);
        assert_eq!(words.odg_starts, [14, 19]);
        assert!(words.mtus && words.negation);
        assert_eq!(StatementWords::find(""), StatementWords::default());
        let words = StatementWords::find("mtus");
        assert!(words.mtus && !words.negation && words.odg_starts.is_empty());
    }

    #[test]
    fn every_mtus_part_match_starts_with_one_of_its_words() {
        for (row, (_, pattern)) in MTUS_PARTS.iter().enumerate() {
            for alternative in top_level_alternatives(pattern) {
                let alternative = alternative.trim_start_matches(r"\b");
                assert!(
                    MTUS_PART_STARTS
                        .iter()
                        .any(|(word, rows)| rows & (1 << row) != 0 && alternative.starts_with(word)),
                    "{alternative}"
                );
            }
        }
    }

    #[test]
    fn mtus_part_starts_are_found_with_the_other_gate_words() {
        let words = StatementWords::find("american acoem, postmtus");
        // "post" starts the postsurgical row but is not a word it needs.
        assert_eq!(words.rows, 1 << 0);
        assert!(words.mtus);
        assert_eq!(
            words.mtus_part_starts,
            [
                (0, 1 << 0),
                (9, 1 << 0),
                (16, 1 << 3),
                (20, 1 << 1 | 1 << 2 | 1 << 4)
            ]
        );
    }

    /// The first match of an MTUS part outside `odg_span` as the regex finds
    /// it and as the anchored DFA finds it at the part's words.
    fn mtus_part_both_ways(lower: &str, odg_span: (usize, usize)) {
        let words = StatementWords::find(lower);
        let outside = |start: usize, end: usize| !(start < odg_span.1 && end > odg_span.0);
        for (row, (_, pattern)) in MTUS_PARTS.iter().enumerate() {
            let regex = Regex::new(pattern).unwrap();
            let expected = regex
                .find_iter(lower)
                .find(|m| outside(m.start(), m.end()))
                .map(|m| m.start());
            let anchored = ANCHORED_DFA_STATES.with_borrow_mut(|cache| {
                first_mtus_part_at_starts(
                    cache,
                    lower,
                    &words.mtus_part_starts,
                    row,
                    outside,
                    odg_span.1,
                )
            });
            assert_walk_agrees(anchored, expected, lower, &format!("row {row}"));
        }
    }

    #[test]
    fn mtus_parts_are_found_at_their_words_where_the_regexes_find_them() {
        let texts = [
            "",
            "decision based on mtus acoem,chronic pain treatment guidelines.",
            "mtus (2009), chronic pain; acoem; cpmtg",
            "xacoem acoemx acoem",
            "chronic pain chronic pain medical treatment guidelines",
            "post-surgical treatment guidelines; postsurgical rehabilitation",
            "mtus drug formulary, drug formulary, mtus formulary",
            "american college of occupational and environmental medicine",
            "mtus, acupuncture; acupuncture medical treatment guideline",
            "\u{e9}acoem mtus chronic pain",
            "acoem\u{e9} mtus chronic pain",
        ];
        for text in texts {
            mtus_part_both_ways(text, (0, 0));
            mtus_part_both_ways(text, (0, 12));
            mtus_part_both_ways(text, (20, 30));
        }
    }

    proptest::proptest! {
        /// On any text of the parts' words, the anchored DFA finds the
        /// regexes' matches.
        #[test]
        fn mtus_parts_are_found_where_the_regexes_find_them_on_any_text(
            text in "(acoem|american college of occupational and environmental medicine|chronic|pain|medical|treatment|guidelines?|section|cpmtg|mtus|\\(2009\\)|,|acupuncture|post|-|surgical|rehabilitation|drug|formulary|x|\u{e9}|[ \t]{1,2}){0,14}",
            odg_start in 0usize..40,
            odg_len in 0usize..30,
        ) {
            mtus_part_both_ways(&text, (odg_start, odg_start + odg_len));
        }
    }

    /// That a hand walk of a DFA over `lower` found what the regex found
    /// (`expected`), or gave up on text past ASCII, the only text left to
    /// the regex.
    fn assert_walk_agrees<T: PartialEq + std::fmt::Debug>(
        walked: Result<T, regex_automata::MatchError>,
        expected: T,
        lower: &str,
        place: &str,
    ) {
        match walked {
            Ok(found) => assert_eq!(found, expected, "{lower:?} {place}"),
            Err(_) => assert!(!lower.is_ascii(), "{lower:?} {place}"),
        }
    }

    /// Where the ODG mention that starts at each position of `lower` ends,
    /// as the regex finds it and as the anchored DFA finds it.
    fn odg_mention_both_ways(lower: &str) {
        for start in 0..=lower.len() {
            let input = regex_automata::Input::new(lower)
                .range(start..)
                .anchored(regex_automata::Anchored::Yes);
            let expected = GUIDELINE_MATCHER
                .odg_mention
                .find(input)
                .map(|mention| mention.end());
            let walked = ANCHORED_DFA_STATES.with_borrow_mut(|cache| {
                anchored_match_end(
                    &ANCHORED_DFA,
                    cache,
                    lower.as_bytes(),
                    ODG_MENTION_PATTERN,
                    start,
                )
            });
            assert_walk_agrees(walked, expected, lower, &format!("at {start}"));
        }
    }

    #[test]
    fn odg_mentions_end_where_the_regex_ends_them() {
        let texts = [
            "",
            "decision based on non-mtus citation official disability guidelines (odg) low back",
            "official disability guideline; official disability duration guidelines",
            "odg, odgx xodg odg_ odg\u{e9} \u{e9}odg odg",
            "official  disability\tguidelinesx",
        ];
        for text in texts {
            odg_mention_both_ways(text);
        }
    }

    proptest::proptest! {
        /// Any text of the mention's words finds the regex's mentions.
        #[test]
        fn odg_mentions_end_where_the_regex_ends_them_on_any_text(
            text in "(odg|official|disability|guidelines?|duration|[a-z_]{1,2}|[ ,()]{1,2}|\u{e9}|\u{a0}){0,10}"
        ) {
            odg_mention_both_ways(&text);
        }
    }

    /// The row [`lowest_row`] finds by anchored walks, and the set's first.
    fn lowest_row_both_ways(treatment: &str) {
        let first = TREATMENT_ROWS.matches(treatment).iter().next();
        let walked = TREATMENT_TERM_DFA_STATES
            .with_borrow_mut(|cache| lowest_row_from_term_starts(cache, treatment.as_bytes()));
        assert_eq!(walked, Ok(first), "{treatment:?}");
        assert_eq!(lowest_row(treatment), first, "{treatment:?}");
    }

    #[test]
    fn term_walks_find_the_sets_first_row() {
        let treatments = [
            "norco 10/325mg #120",
            "mri of the knee, then physical therapy",
            "post-operative physical therapy for the knee",
            "something unheard of",
            "",
            "tens unit; acupuncture; \u{e9}lectrodes",
            "\u{e9}mg/ncv of the upper extremities",
            "xmri, mrix and mri",
            "emg",
            "x-ray",
            "12 sessions of pt",
            "ptx",
            "flexion-extension views of the lumbar spine",
            "retrospective urine drug screen (dos 1/2/2014)",
            "h-wave unit rental x 30 days",
            "lidoderm 5% patch #30",
        ];
        for treatment in treatments {
            lowest_row_both_ways(treatment);
        }
    }

    #[test]
    fn every_term_alone_finds_the_sets_first_row() {
        // A term as the whole text, and between other words: each row's
        // literal terms (those without pattern syntax) as written.
        for rule in TREATMENT_RULES {
            for term in rule.terms {
                if term.contains(['\\', '(', ')', '[', ']', '?', '*', '+', '|', '.']) {
                    continue;
                }
                lowest_row_both_ways(term);
                lowest_row_both_ways(&format!("request for {term} x 2"));
                lowest_row_both_ways(&format!("{term}s"));
                lowest_row_both_ways(&format!("a{term}"));
            }
        }
    }

    proptest::proptest! {
        /// Any text made of pieces of terms, digits, separators and
        /// characters past ASCII finds the set's first row.
        #[test]
        fn term_walks_find_the_sets_first_row_on_any_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "mri", "emg", "ncv", "pt", "tens", "norco", "physical", "therapy", "injection",
                    "epidural", "x", "ray", "-", "/", " ", "#", "1", "0", "s", "of", "the",
                    "knee", "lumbar", "facet", "unit", "\u{e9}", "\u{212a}", "(", ")", ",",
                    "ct", "scan", "acupuncture", "urine", "drug", "screen", "h", "wave",
                ]),
                0..10,
            ),
        ) {
            lowest_row_both_ways(&pieces.concat());
        }
    }

    #[test]
    fn sentence_ends_where_the_pattern_first_matches() {
        let pattern = Regex::new(r"\.(?:\s+[A-Z]|\s*$)|;|\bDecision based on\b").unwrap();
        let texts = [
            "",
            " Low Back Chapter, Facet joint diagnostic blocks.",
            " Low Back. decision based on. Next",
            "3.5 mg.Then. And",
            "a.  b. C",
            "a. ",
            "a.",
            "a.\u{2003}B",
            "a.\u{a0}",
            "a.\u{a0}\u{c9}",
            "x, y; z. A",
            " Decision based on ODG",
            "ADecision based on x. B",
            "Decision based only; x",
            "\u{e9} Decision based on x",
            "Decision based on\u{e9} x; y",
            "Decision based on_ x; y",
            "\u{301}Decision based on x; y",
            "Decision based ondecision based on",
        ];
        for text in texts {
            assert_eq!(
                sentence_end(text),
                pattern.find(text).map(|found| found.start()),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        /// Any text ends its sentence where the pattern says.
        #[test]
        fn sentence_ends_where_the_pattern_says_on_any_text(
            text in "([.;]|Decision based on|[Dd]ecision|[ A-Za-z_]{1,4}|\\s{1,2}|[\u{e9}\u{301}\u{a0}\u{2003}]){0,12}"
        ) {
            let pattern = Regex::new(r"\.(?:\s+[A-Z]|\s*$)|;|\bDecision based on\b").unwrap();
            proptest::prop_assert_eq!(
                sentence_end(&text),
                pattern.find(&text).map(|found| found.start())
            );
        }
    }

    proptest::proptest! {
        /// Any text of specialty words names the row a full search finds.
        #[test]
        fn the_forward_search_names_the_full_searchs_row(
            text in "(anesthesia|pain|medicine|management|physical|and|rehabilitation|pm&r|orthopedic|surgery|surgeon|neurology|hand|internal|family|practice|chiropractic|[A-Za-z]{1,3}|[ ,&]{1,2}|\u{e9}){0,10}"
        ) {
            proptest::prop_assert_eq!(
                SPECIALTY_MATCHER.find_row(&text),
                SPECIALTY_MATCHER.find(&text).map(|found| found.row)
            );
        }
    }

    #[test]
    fn specialties_and_states_normalise() {
        assert_eq!(
            normalize_specialty("Board Certified in Anesthesiology"),
            Some("Anesthesiology")
        );
        // The American Board of Foot and Ankle Surgery certifies podiatrists.
        assert_eq!(
            normalize_specialty("Foot and Ankle Surgery"),
            Some("Podiatry")
        );
        assert_eq!(
            normalize_specialty("Anesthesiology, Pain Management"),
            Some("Anesthesiology")
        );
        assert_eq!(
            normalize_specialty("Physical Medicine and Rehabilitation"),
            Some("Physical Medicine & Rehabilitation")
        );
        assert_eq!(
            normalize_specialty("Orthopaedic Surgery"),
            Some("Orthopedic Surgery")
        );
        assert_eq!(normalize_specialty("basket weaving"), None);
        assert_eq!(
            normalize_state("licensed to practice in California"),
            Some("California")
        );
        assert_eq!(normalize_state("West Virginia"), Some("West Virginia"));
        assert_eq!(normalize_state("CA"), Some("California"));
        assert_eq!(normalize_state("none"), None);
    }

    #[test]
    fn states_are_named_whatever_the_spacing_and_case() {
        // The match with its white space made single spaces, compared with
        // each name.
        let joined = |text: &str| {
            let found = STATE_NAMES.find(text)?;
            let spaced = found
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            STATES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&spaced))
                .map(|(name, _)| *name)
        };
        for text in [
            "California",
            "CALIFORNIA",
            "Arkansas or Kansas",
            "a West  Virginian in Virginia",
            "Washington DC, District of Columbia",
            "licensed in NEW  york and new jersey",
            "North\tCarolina",
            "district of\n columbia",
            "West Virginia, Virginia",
            "Kansas City",
            "rhode island\u{a0}",
            "New\u{a0}Mexico",
        ] {
            let expected = joined(text);
            assert!(expected.is_some(), "{text:?}");
            assert_eq!(normalize_state(text), expected, "{text:?}");
        }
        // The long s is an `s` to the pattern, not to the names.
        assert_eq!(joined("Kanſas"), None);
        assert_eq!(normalize_state("Kanſas"), None);
        assert_eq!(normalize_state("Kanſas or Texas"), None);
    }

    proptest::proptest! {
        /// Any text of state words, in any case and spacing, names the
        /// state the single regex and the names find.
        #[test]
        fn states_are_named_as_the_regex_finds_them_on_any_text(
            text in "((?:west |north |south |new |rhode )?(virginia|carolina|dakota|york|jersey|mexico|island|kansas|arkansas|washington|texas)|district of columbia|[A-Za-z]{1,3}|[ \t,]{1,2}|\u{a0}|\u{e9}|\u{17f}){0,8}",
            capitals in proptest::collection::vec(proptest::bool::ANY, 40),
        ) {
            let cased: String = text
                .chars()
                .zip(capitals.iter().cycle())
                .map(|(c, &capital)| if capital { c.to_ascii_uppercase() } else { c })
                .collect();
            let by_regex = STATE_NAMES.find(&cased).map(|found| {
                let spaced = found.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                STATES
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(&spaced))
                    .map(|(name, _)| *name)
            });
            if let Some(expected) = by_regex {
                proptest::prop_assert_eq!(normalize_state(&cased), expected);
            }
        }
    }

    #[test]
    fn synonyms_find_their_group() {
        assert!(synonyms_of("Norco").unwrap().contains(&"hydrocodone"));
        assert!(synonyms_of("PT").unwrap().contains(&"physical therapy"));
        assert!(synonyms_of("aspirin").is_none());
    }
}
