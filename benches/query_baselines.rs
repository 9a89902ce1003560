//! Query latency of imr, in process and as a command, and against two
//! baselines on the same letters, in one run:
//!
//! ```text
//! cargo bench --bench query_baselines -- CORPUS [--work-dir DIR] [--reps R]
//!     [--process-reps P] [--warmup W] [--threads N] [--imr PATH]
//! ```
//!
//! or `scripts/bench-query.sh [N_LETTERS]`, which generates the corpus,
//! builds once and runs the binary. What is measured, as medians in µs:
//!
//! 1. In process, the index opened once: a typical query set mirroring
//!    `tests/relevance.rs` (filters, drug synonyms, phrases, analyst
//!    syntax), each `understand` + `search` with limit 10 (hits are read
//!    back and given snippets); facet counts over the whole index by
//!    `treatment` and by `treatment` x `outcome`.
//! 2. End to end: `imr search QUERY --index DIR --limit 10` as a process
//!    (spawn, drain stdout from a pipe, wait) for the same query set.
//! 3. Free-text words only, against ours (`understand` + `search`), a
//!    plain tantivy index of the same letters (one document per letter,
//!    default `TEXT` field, `QueryParser` on it with every word required,
//!    `TopDocs` 10 + `Count`, the ten paths read from the doc store) and
//!    SQLite FTS5 (`SELECT path ... MATCH ? ORDER BY rank LIMIT 10` plus a
//!    `count(*)`): both baselines return the ten best letters, as ours
//!    returns ten items with snippets.
//!
//! Each system's index is built once in the work dir (`ours/`, `tantivy/`,
//! `fts5/`, by the `index_baselines` builders in `baseline/`) and reused by
//! later runs as long as the corpus (path, letter count, bytes) is the same.
//! Every query is warmed up `W` times (as a process, once), then the set is
//! run `R` times (`P` as processes), interleaved (rep 1 of every query, then
//! rep 2 ...) and, in part 3, the systems in rotating order, so drift of a
//! shared machine falls on all alike. A set's figure is the median of its per-query medians.
//!
//! Targets: typical query <= 1 ms, facets <= 20 ms, process <= 10 ms,
//! FTS5 / ours >= 10 and ours / plain tantivy <= 2 on free text. Misses are
//! printed, not failed: the exit status is 0 whatever the figures, non-zero
//! only when the bench itself could not run.

// Shared with `index_baselines`, which uses all of it; this bench only builds.
#[allow(dead_code)]
mod baseline;

use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use baseline::System;
use imr::index::ImrIndex;
use imr::query::facets::facet_counts;
use imr::query::understand::understand;
use imr::query::{search, Filters};
use rusqlite::Connection;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

const USAGE: &str = "usage: cargo bench --bench query_baselines -- CORPUS \
[--work-dir DIR (default target/bench-query)] [--reps R (default 30)] \
[--process-reps P (default 10)] [--warmup W (default 3)] [--threads N (default 2, index builds)] \
[--imr PATH (default target/release/imr)]";

/// The typical set, mirroring `tests/relevance.rs`: filter words, ranked
/// drug and procedure names, a phrase and analyst syntax.
const TYPICAL: &[&str] = &[
    "acupuncture upheld ODG",
    "physical therapy overturned",
    "PT upheld",
    "opioids upheld",
    "MRI",
    "ESI overturned",
    "TENS",
    "chiropractic overturned",
    "muscle relaxants",
    "urine drug screen",
    "surgery upheld MTUS",
    "anesthesiology injections",
    "norco",
    "hydrocodone weaning",
    "flexeril",
    "gabapentin",
    "epidural radiculopathy",
    "carpal tunnel release",
    "knee arthroscopy",
    "\"functional improvement\"",
    "treatment:/injection/facet AND outcome:/upheld",
];

/// Words only, so every system reads them the same way (all required).
const FREE_TEXT: &[&str] = &[
    "radiculopathy",
    "weaning opioids",
    "functional improvement",
    "cervical facet",
    "tramadol",
    "home exercise program",
    "neuropathic pain",
    "sleep hygiene",
];

/// Facet dimensions counted over the whole index.
const FACETS: &[&[&str]] = &[&["treatment"], &["treatment", "outcome"]];

/// The FTS5 database inside `fts5/` (as `baseline::fts5` names it).
const FTS5_DATABASE: &str = "letters.db";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("query_baselines: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The command line, parsed.
struct Args {
    corpus: Option<PathBuf>,
    work_dir: PathBuf,
    reps: usize,
    process_reps: usize,
    warmup: usize,
    threads: usize,
    imr: PathBuf,
}

impl Args {
    fn parse() -> anyhow::Result<Args> {
        let mut args = Args {
            corpus: None,
            work_dir: PathBuf::from("target/bench-query"),
            reps: 30,
            process_reps: 10,
            warmup: 3,
            threads: 2,
            imr: PathBuf::from("target/release/imr"),
        };
        let mut words = std::env::args().skip(1);
        while let Some(word) = words.next() {
            let mut value = |flag: &str| {
                words
                    .next()
                    .with_context(|| format!("{flag} needs a value\n{USAGE}"))
            };
            match word.as_str() {
                // `cargo bench` appends `--bench` to every harness-less target.
                "--bench" => {}
                "--work-dir" => args.work_dir = PathBuf::from(value("--work-dir")?),
                "--reps" => args.reps = positive(&value("--reps")?, "--reps")?,
                "--process-reps" => {
                    args.process_reps = positive(&value("--process-reps")?, "--process-reps")?;
                }
                "--warmup" => args.warmup = positive(&value("--warmup")?, "--warmup")?,
                "--threads" => args.threads = positive(&value("--threads")?, "--threads")?,
                "--imr" => args.imr = PathBuf::from(value("--imr")?),
                "-h" | "--help" => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                flag if flag.starts_with('-') => bail!("unknown flag {flag}\n{USAGE}"),
                _ if args.corpus.is_none() => args.corpus = Some(PathBuf::from(word)),
                _ => bail!("more than one corpus given: {word}\n{USAGE}"),
            }
        }
        Ok(args)
    }
}

fn positive(text: &str, flag: &str) -> anyhow::Result<usize> {
    match text.parse::<usize>() {
        Ok(number) if number > 0 => Ok(number),
        _ => bail!("{flag} {text}: expected a whole number above 0"),
    }
}

fn run() -> anyhow::Result<()> {
    let args = Args::parse()?;
    let Some(corpus) = args.corpus.clone() else {
        // A plain `cargo bench` runs every bench target without arguments;
        // this one needs a corpus, so it explains itself and steps aside.
        println!("query_baselines: no corpus given, nothing measured.\n{USAGE}");
        return Ok(());
    };
    let stamp = corpus_stamp(&corpus)?;
    println!(
        "corpus {}: {} letters, {:.1} MB; work dir {}; reps {} (process {}), warm-up {}",
        corpus.display(),
        stamp.letters,
        stamp.bytes as f64 / 1e6,
        args.work_dir.display(),
        args.reps,
        args.process_reps,
        args.warmup,
    );
    prepare_indexes(&args, &corpus, &stamp)?;

    let ours = ImrIndex::open(&args.work_dir.join(System::Ours.name()))?;
    let mut targets = Vec::new();

    println!();
    println!(
        "== 1. in process: typical queries (understand + search, limit 10, snippets), {} reps",
        args.reps
    );
    let typical = in_process(&ours, &args)?;
    targets.push(Target::at_most(
        "typical query, in process, µs",
        typical,
        1_000.0,
    ));

    println!();
    println!("== facet counts over the whole index, {} reps", args.reps);
    for by in FACETS {
        let micros = facets(&ours, by, &args)?;
        let name = format!("facets --by {}, µs", by.join(" --by "));
        targets.push(Target::at_most(&name, micros, 20_000.0));
    }

    println!();
    if args.imr.is_file() {
        println!(
            "== 2. end to end: `{} search QUERY --index DIR --limit 10`, {} runs per query",
            args.imr.display(),
            args.process_reps
        );
        let micros = end_to_end(&args)?;
        targets.push(Target::at_most(
            "typical query, process, µs",
            micros,
            10_000.0,
        ));
    } else {
        println!(
            "== 2. end to end: skipped, no binary at {} (cargo build --release --bin imr)",
            args.imr.display()
        );
    }

    println!();
    println!(
        "== 3. free text: ours vs plain tantivy vs sqlite fts5, {} reps",
        args.reps
    );
    let (ours_micros, tantivy_micros, fts5_micros) = free_text(&ours, &args)?;
    targets.push(Target::at_least(
        "free text, fts5 / ours",
        fts5_micros / ours_micros,
        10.0,
    ));
    targets.push(Target::at_most(
        "free text, ours / tantivy",
        ours_micros / tantivy_micros,
        2.0,
    ));

    println!();
    println!("target                                      measured        goal  verdict");
    for target in &targets {
        target.print();
    }
    Ok(())
}

/// What identifies a corpus: its path, letters and bytes.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    letters: u64,
    bytes: u64,
}

impl Stamp {
    fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.path.display(),
            self.letters,
            self.bytes
        )
    }
}

fn corpus_stamp(corpus: &Path) -> anyhow::Result<Stamp> {
    let path = corpus
        .canonicalize()
        .with_context(|| format!("cannot find {}", corpus.display()))?;
    let mut letters = 0;
    let mut bytes = 0;
    for file in imr::corpus::walk_letter_files(&[corpus.to_path_buf()]) {
        let file = file?;
        bytes += std::fs::metadata(&file)
            .with_context(|| format!("cannot stat {}", file.display()))?
            .len();
        letters += 1;
    }
    if letters == 0 {
        bail!("no letter files (*.txt) under {}", corpus.display());
    }
    Ok(Stamp {
        path,
        letters,
        bytes,
    })
}

/// Builds each system's index in the work dir unless one of this corpus is
/// there; a build goes to `NAME.partial` and is renamed when complete.
fn prepare_indexes(args: &Args, corpus: &Path, stamp: &Stamp) -> anyhow::Result<()> {
    let work = &args.work_dir;
    std::fs::create_dir_all(work).with_context(|| format!("cannot create {}", work.display()))?;
    let stamp_file = work.join("corpus.txt");
    let same_corpus = std::fs::read_to_string(&stamp_file).ok() == Some(stamp.text());
    if !same_corpus {
        std::fs::write(&stamp_file, "").context("cannot write the corpus stamp")?;
    }
    for system in System::SEARCHABLE {
        let folder = work.join(system.name());
        // Ours is rebuilt too when its schema version is not this build's.
        let current = system != System::Ours || imr::index::check_version(&folder).is_ok();
        if same_corpus && folder.is_dir() && current {
            println!("  {:<22} reusing {}", system.label(), folder.display());
            continue;
        }
        let partial = work.join(format!("{}.partial", system.name()));
        for old in [&folder, &partial] {
            if old.exists() {
                std::fs::remove_dir_all(old)
                    .with_context(|| format!("cannot remove {}", old.display()))?;
            }
        }
        std::fs::create_dir_all(&partial)?;
        let measurement = system.run(corpus, &partial, args.threads)?;
        std::fs::rename(&partial, &folder)
            .with_context(|| format!("cannot rename {}", partial.display()))?;
        println!(
            "  {:<22} built {} in {:.1} s ({} letters, {} documents)",
            system.label(),
            folder.display(),
            measurement.seconds,
            measurement.letters,
            measurement.documents,
        );
    }
    std::fs::write(&stamp_file, stamp.text()).context("cannot write the corpus stamp")?;
    Ok(())
}

/// Times `run` once, returning the elapsed time and what it returned.
fn timed(run: &dyn Fn() -> anyhow::Result<u64>) -> anyhow::Result<(Duration, u64)> {
    let started = Instant::now();
    let found = black_box(run()?);
    Ok((started.elapsed(), found))
}

/// Per-query samples: the median and 90th percentile, in µs.
fn micros(samples: &[Duration]) -> (f64, f64) {
    let values: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e6).collect();
    (median(values.clone()), percentile(values, 0.9))
}

/// Part 1: every typical query `warmup` times, then `reps` interleaved
/// rounds; returns the median of per-query medians (µs).
fn in_process(index: &ImrIndex, args: &Args) -> anyhow::Result<f64> {
    let filters = Filters::default();
    let query = |text: &str| -> anyhow::Result<u64> {
        let plan = understand(text);
        let results = search(index, &plan, &filters, 10, 0)?;
        black_box(&results.hits);
        Ok(results.total)
    };
    let mut samples = vec![Vec::with_capacity(args.reps); TYPICAL.len()];
    let mut totals = vec![0; TYPICAL.len()];
    for _ in 0..args.warmup {
        for text in TYPICAL {
            query(text)?;
        }
    }
    for _ in 0..args.reps {
        for (i, text) in TYPICAL.iter().enumerate() {
            let (elapsed, total) = timed(&|| query(text))?;
            samples[i].push(elapsed);
            totals[i] = total;
        }
    }
    println!(
        "{:<48} {:>10} {:>10} {:>9}",
        "query", "median µs", "p90 µs", "items"
    );
    let mut medians = Vec::new();
    for (i, text) in TYPICAL.iter().enumerate() {
        let (mid, p90) = micros(&samples[i]);
        println!("{text:<48} {mid:>10.1} {p90:>10.1} {:>9}", totals[i]);
        medians.push(mid);
    }
    let summary = median(medians.clone());
    println!(
        "{:<48} {summary:>10.1}   (slowest query {:.1})",
        "median of medians",
        medians.iter().cloned().fold(0.0, f64::max)
    );
    Ok(summary)
}

/// Facet counts over every item by `by`; returns the median (µs).
fn facets(index: &ImrIndex, by: &[&str], args: &Args) -> anyhow::Result<f64> {
    let plan = understand("");
    let filters = Filters::default();
    let by: Vec<String> = by.iter().map(|name| name.to_string()).collect();
    let count = || -> anyhow::Result<u64> {
        let table = facet_counts(index, &plan, &filters, &by, false)?;
        black_box(&table.counts);
        Ok(table.total)
    };
    for _ in 0..args.warmup {
        count()?;
    }
    let mut samples = Vec::with_capacity(args.reps);
    let mut total = 0;
    for _ in 0..args.reps {
        let (elapsed, found) = timed(&count)?;
        samples.push(elapsed);
        total = found;
    }
    let (mid, p90) = micros(&samples);
    println!(
        "{:<48} {mid:>10.1} {p90:>10.1} {total:>9}",
        format!("--by {}", by.join(" --by "))
    );
    Ok(mid)
}

/// Part 2: `imr search` as a process per query; returns the median of
/// per-query medians (µs).
fn end_to_end(args: &Args) -> anyhow::Result<f64> {
    let index = args.work_dir.join(System::Ours.name());
    let once = |text: &str| -> anyhow::Result<u64> {
        let mut child = Command::new(&args.imr)
            .arg("search")
            .arg(text)
            .arg("--index")
            .arg(&index)
            .args(["--limit", "10"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", args.imr.display()))?;
        let mut output = Vec::new();
        child
            .stdout
            .take()
            .context("no stdout pipe")?
            .read_to_end(&mut output)?;
        let status = child.wait()?;
        // grep-style: 0 found, 1 nothing found, 2 error.
        if !matches!(status.code(), Some(0 | 1)) {
            bail!("imr search {text:?} failed ({status})");
        }
        Ok(output.len() as u64)
    };
    for text in TYPICAL {
        once(text)?;
    }
    let mut samples = vec![Vec::with_capacity(args.process_reps); TYPICAL.len()];
    let mut sizes = vec![0; TYPICAL.len()];
    for _ in 0..args.process_reps {
        for (i, text) in TYPICAL.iter().enumerate() {
            let (elapsed, bytes) = timed(&|| once(text))?;
            samples[i].push(elapsed);
            sizes[i] = bytes;
        }
    }
    println!(
        "{:<48} {:>10} {:>10} {:>9}",
        "query", "median µs", "p90 µs", "out bytes"
    );
    let mut medians = Vec::new();
    for (i, text) in TYPICAL.iter().enumerate() {
        let (mid, p90) = micros(&samples[i]);
        println!("{text:<48} {mid:>10.1} {p90:>10.1} {:>9}", sizes[i]);
        medians.push(mid);
    }
    let summary = median(medians.clone());
    println!(
        "{:<48} {summary:>10.1}   (slowest query {:.1})",
        "median of medians",
        medians.iter().cloned().fold(0.0, f64::max)
    );
    Ok(summary)
}

/// The plain tantivy baseline, opened for searching. Like the FTS5
/// baseline, a search returns the ten best letters' paths (read from the
/// doc store), which is the least a search a person runs must return; ours
/// returns ten items with their fields and a highlighted snippet.
struct Plain {
    reader: IndexReader,
    parser: QueryParser,
    path: tantivy::schema::Field,
}

impl Plain {
    fn open(folder: &Path) -> anyhow::Result<Plain> {
        let index = Index::open_in_dir(folder)?;
        let body = index.schema().get_field("body")?;
        let path = index.schema().get_field("path")?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![body]);
        // Every word required, as ours and FTS5 require them.
        parser.set_conjunction_by_default();
        Ok(Plain {
            reader,
            parser,
            path,
        })
    }

    fn search(&self, text: &str) -> anyhow::Result<u64> {
        let query = self.parser.parse_query(text)?;
        let searcher = self.reader.searcher();
        let (top, count) =
            searcher.search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))?;
        let mut paths = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(path) = doc.get_first(self.path).and_then(|value| value.as_str()) {
                paths.push(path.to_string());
            }
        }
        black_box(paths);
        Ok(count as u64)
    }
}

/// SQLite FTS5: the ten best paths by rank, and the count.
fn fts5_search(connection: &Connection, text: &str) -> anyhow::Result<u64> {
    let mut top = connection
        .prepare_cached("SELECT path FROM letters WHERE letters MATCH ?1 ORDER BY rank LIMIT 10")?;
    let paths = top
        .query_map([text], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    black_box(paths);
    let mut count =
        connection.prepare_cached("SELECT count(*) FROM letters WHERE letters MATCH ?1")?;
    let total: i64 = count.query_row([text], |row| row.get(0))?;
    Ok(total as u64)
}

/// Part 3: the free-text set on all three systems, interleaved and in
/// rotating order; returns each system's median of per-query medians (µs).
fn free_text(index: &ImrIndex, args: &Args) -> anyhow::Result<(f64, f64, f64)> {
    let plain = Plain::open(&args.work_dir.join(System::TantivyPlain.name()))?;
    let connection = Connection::open(args.work_dir.join(System::Fts5.name()).join(FTS5_DATABASE))?;
    let filters = Filters::default();
    let ours = |text: &str| -> anyhow::Result<u64> {
        let results = search(index, &understand(text), &filters, 10, 0)?;
        black_box(&results.hits);
        Ok(results.total)
    };
    let call = |system: System, text: &str| -> anyhow::Result<u64> {
        match system {
            System::Ours => ours(text),
            System::TantivyPlain => plain.search(text),
            System::Fts5 => fts5_search(&connection, text),
            System::OursDocuments => bail!("{} builds no index to search", system.name()),
        }
    };

    let systems = System::SEARCHABLE.len();
    // samples[query][system], totals likewise.
    let mut samples = vec![vec![Vec::with_capacity(args.reps); systems]; FREE_TEXT.len()];
    let mut totals = vec![vec![0; systems]; FREE_TEXT.len()];
    for _ in 0..args.warmup {
        for text in FREE_TEXT {
            for system in System::SEARCHABLE {
                call(system, text)?;
            }
        }
    }
    for rep in 0..args.reps {
        for (q, text) in FREE_TEXT.iter().enumerate() {
            let mut order = System::SEARCHABLE;
            order.rotate_left((rep + q) % systems);
            for system in order {
                let s = slot(system);
                let (elapsed, total) = timed(&|| call(system, text))?;
                samples[q][s].push(elapsed);
                totals[q][s] = total;
            }
        }
    }

    println!(
        "{:<24} {:>9} {:>11} {:>11} {:>9} {:>9} {:>9} {:>9} {:>9}  ours read as",
        "query",
        "ours µs",
        "tantivy µs",
        "fts5 µs",
        "fts5/ours",
        "ours/tant",
        "ours items",
        "tant lett",
        "fts5 lett"
    );
    let mut medians = vec![Vec::new(); systems];
    for (q, text) in FREE_TEXT.iter().enumerate() {
        let mid: Vec<f64> = (0..systems).map(|s| micros(&samples[q][s]).0).collect();
        for s in 0..systems {
            medians[s].push(mid[s]);
        }
        let reading: Vec<String> = understand(text)
            .interpretation
            .iter()
            .map(|reading| format!("{}={}", reading.word, reading.kind.as_str()))
            .collect();
        println!(
            "{text:<24} {:>9.1} {:>11.1} {:>11.1} {:>9.1} {:>9.2} {:>9} {:>9} {:>9}  {}",
            mid[0],
            mid[1],
            mid[2],
            mid[2] / mid[0],
            mid[0] / mid[1],
            totals[q][0],
            totals[q][1],
            totals[q][2],
            reading.join(" "),
        );
    }
    let summary: Vec<f64> = medians.into_iter().map(median).collect();
    println!(
        "{:<24} {:>9.1} {:>11.1} {:>11.1} {:>9.1} {:>9.2}",
        "median of medians",
        summary[0],
        summary[1],
        summary[2],
        summary[2] / summary[0],
        summary[0] / summary[1],
    );
    Ok((summary[0], summary[1], summary[2]))
}

/// A system's column in the free-text tables.
fn slot(system: System) -> usize {
    System::SEARCHABLE
        .iter()
        .position(|candidate| *candidate == system)
        .expect("every system is listed")
}

struct Target {
    name: String,
    measured: f64,
    bound: Bound,
}

enum Bound {
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    fn at_most(name: &str, measured: f64, bound: f64) -> Target {
        Target {
            name: name.to_string(),
            measured,
            bound: Bound::AtMost(bound),
        }
    }

    fn at_least(name: &str, measured: f64, bound: f64) -> Target {
        Target {
            name: name.to_string(),
            measured,
            bound: Bound::AtLeast(bound),
        }
    }

    fn print(&self) {
        let (goal, met) = match self.bound {
            Bound::AtLeast(bound) => (format!(">= {bound}"), self.measured >= bound),
            Bound::AtMost(bound) => (format!("<= {bound}"), self.measured <= bound),
        };
        println!(
            "{:<40} {:>12.2} {:>11}  {}",
            self.name,
            self.measured,
            goal,
            if met { "PASS" } else { "MISS" }
        );
    }
}

/// The median; the mean of the middle two for an even count.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

/// The nearest-rank percentile `p` (0 to 1).
fn percentile(mut values: Vec<f64>, p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}
