//! Indexing throughput, index size and peak memory of imr against two
//! baselines, on one folder of letters, in one run:
//!
//! ```text
//! cargo bench --bench index_baselines -- CORPUS [--threads N] [--rounds R] [--work-dir DIR]
//! ```
//!
//! Systems (see `baseline/`): ours (`index_paths`, `rebuild: true`), ours'
//! tantivy part alone (the same documents, built before timing), plain
//! tantivy with one default `TEXT` document per letter, and SQLite FTS5.
//! Each round runs every system once, rotating the order so that drift in
//! the machine (page cache, thermal, a neighbour's build) falls on all of
//! them alike; the table reports medians over `R` rounds (default 3).
//!
//! Every run is a child process (this binary re-executed with
//! `--only SYSTEM --into DIR`) because peak resident memory (`VmHWM`) is
//! per process and never goes down: measured in one process, the second
//! system would inherit the first one's peak. The child prints one JSON
//! [`Measurement`] line; the parent collects, aggregates and prints.
//!
//! Throughput is the corpus's bytes over wall-clock seconds from listing the
//! letters to the durable commit. Targets: ours at least 0.6x the plain
//! tantivy rate and 1.8x the FTS5 rate, and an index at most 0.6x the corpus
//! size. Misses are printed, not failed: the exit status is 0 whatever the
//! figures, non-zero only when the bench itself could not run.

mod baseline;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context};
use baseline::{Measurement, System};

const USAGE: &str = "usage: cargo bench --bench index_baselines -- CORPUS \
[--threads N (default 2)] [--rounds R (default 3)] [--work-dir DIR (default: system temp)]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("index_baselines: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The command line, parsed.
struct Args {
    /// The folder (or file) of letters.
    corpus: Option<PathBuf>,
    /// Threads for ours and the tantivy baseline.
    threads: usize,
    /// Measurements per system.
    rounds: usize,
    /// Where the per-run index folders are created.
    work_dir: PathBuf,
    /// Child mode: run this system once and print its measurement.
    only: Option<System>,
    /// Child mode: the empty folder to index into.
    into: Option<PathBuf>,
}

impl Args {
    fn parse() -> anyhow::Result<Args> {
        let mut args = Args {
            corpus: None,
            threads: 2,
            rounds: 3,
            work_dir: std::env::temp_dir(),
            only: None,
            into: None,
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
                "--threads" => args.threads = positive(&value("--threads")?, "--threads")?,
                "--rounds" => args.rounds = positive(&value("--rounds")?, "--rounds")?,
                "--work-dir" => args.work_dir = PathBuf::from(value("--work-dir")?),
                "--into" => args.into = Some(PathBuf::from(value("--into")?)),
                "--only" => {
                    let name = value("--only")?;
                    args.only = Some(System::from_name(&name).with_context(|| {
                        format!("--only {name}: expected one of ours, tantivy, fts5")
                    })?);
                }
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
        println!("index_baselines: no corpus given, nothing measured.\n{USAGE}");
        return Ok(());
    };
    if let Some(system) = args.only {
        let into = args.into.as_deref().context("--only needs --into DIR")?;
        let measurement = system.run(&corpus, into, args.threads)?;
        println!("{}", serde_json::to_string(&measurement)?);
        return Ok(());
    }
    compare(&args, &corpus)
}

/// The parent: measures every system `rounds` times and prints the table.
fn compare(args: &Args, corpus: &Path) -> anyhow::Result<()> {
    let (letters, corpus_bytes) = read_corpus(corpus)?;
    if letters == 0 {
        bail!("no letter files (*.txt) under {}", corpus.display());
    }
    std::fs::create_dir_all(&args.work_dir)
        .with_context(|| format!("cannot create {}", args.work_dir.display()))?;
    println!(
        "corpus {}: {letters} letters, {:.1} MB; threads {}; rounds {}; work dir {}",
        corpus.display(),
        megabytes(corpus_bytes),
        args.threads,
        args.rounds,
        args.work_dir.display(),
    );

    let mut runs: Vec<(System, Measurement)> = Vec::new();
    for round in 0..args.rounds {
        let mut order = System::ALL;
        order.rotate_left(round % System::ALL.len());
        for system in order {
            let measurement = measure_in_child(args, corpus, system)?;
            if measurement.input_bytes != corpus_bytes {
                eprintln!(
                    "warning: {} read {} bytes, the corpus has {corpus_bytes}",
                    system.name(),
                    measurement.input_bytes
                );
            }
            println!(
                "  round {}  {:<22} {:>7.2} MB/s {:>8.2} s  peak {:>7.1} MB  index {:>8.1} MB",
                round + 1,
                system.label(),
                megabytes(corpus_bytes) / measurement.seconds,
                measurement.seconds,
                megabytes(measurement.peak_rss_bytes),
                megabytes(measurement.index_bytes),
            );
            runs.push((system, measurement));
        }
    }
    report(&runs, corpus_bytes);
    Ok(())
}

/// Counts the letters and their bytes the way every system will find them,
/// reading each file once so that no system pays for a cold page cache.
fn read_corpus(corpus: &Path) -> anyhow::Result<(u64, u64)> {
    let mut letters = 0;
    let mut bytes = 0;
    for path in imr::corpus::walk_letter_files(&[corpus.to_path_buf()]) {
        let path = path?;
        bytes += std::fs::read(&path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len() as u64;
        letters += 1;
    }
    Ok((letters, bytes))
}

/// Runs one system once in a child process, in a fresh folder removed
/// afterwards.
fn measure_in_child(args: &Args, corpus: &Path, system: System) -> anyhow::Result<Measurement> {
    let folder = tempfile::Builder::new()
        .prefix(&format!("imr-bench-{}-", system.name()))
        .tempdir_in(&args.work_dir)
        .with_context(|| format!("cannot create a folder in {}", args.work_dir.display()))?;
    let program = std::env::current_exe().context("cannot find this bench binary")?;
    let output = Command::new(program)
        .arg(corpus)
        .args(["--only", system.name()])
        .arg("--into")
        .arg(folder.path())
        .args(["--threads", &args.threads.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start the {} run", system.name()))?;
    if !output.status.success() {
        bail!("the {} run failed ({})", system.name(), output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rfind(|line| !line.trim().is_empty())
        .with_context(|| format!("the {} run printed nothing", system.name()))?;
    serde_json::from_str(line)
        .with_context(|| format!("the {} run printed {line:?}", system.name()))
}

/// Medians of one system's runs.
struct Summary {
    megabytes_per_second: f64,
    seconds: f64,
    peak_megabytes: f64,
    index_bytes: f64,
    letters: u64,
    documents: u64,
    skipped: u64,
}

fn summarise(runs: &[(System, Measurement)], system: System, corpus_bytes: u64) -> Summary {
    let mine: Vec<&Measurement> = runs
        .iter()
        .filter(|(which, _)| *which == system)
        .map(|(_, measurement)| measurement)
        .collect();
    let of = |value: fn(&Measurement) -> f64| median(mine.iter().map(|m| value(m)).collect());
    let last = mine.last().expect("every system runs at least once");
    Summary {
        megabytes_per_second: median(
            mine.iter()
                .map(|m| megabytes(corpus_bytes) / m.seconds)
                .collect(),
        ),
        seconds: of(|m| m.seconds),
        peak_megabytes: megabytes(of(|m| m.peak_rss_bytes as f64) as u64),
        index_bytes: of(|m| m.index_bytes as f64),
        // Counts are the same in every round; the last one stands for all.
        letters: last.letters,
        documents: last.documents,
        skipped: last.skipped,
    }
}

fn report(runs: &[(System, Measurement)], corpus_bytes: u64) {
    let summaries: Vec<(System, Summary)> = System::ALL
        .into_iter()
        .map(|system| (system, summarise(runs, system, corpus_bytes)))
        .collect();
    let summary = |wanted: System| {
        &summaries
            .iter()
            .find(|(system, _)| *system == wanted)
            .expect("every system is summarised")
            .1
    };

    println!();
    println!("medians                    MB/s   seconds   peak MB  index MB  index/corpus   letters  documents  skipped");
    for (system, s) in &summaries {
        println!(
            "{:<22} {:>9.2} {:>9.2} {:>9.1} {:>9.1} {:>13.3} {:>9} {:>10} {:>8}",
            system.label(),
            s.megabytes_per_second,
            s.seconds,
            s.peak_megabytes,
            megabytes(s.index_bytes as u64),
            s.index_bytes / corpus_bytes as f64,
            s.letters,
            s.documents,
            s.skipped,
        );
    }
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>9.1}",
        "corpus",
        "",
        "",
        "",
        megabytes(corpus_bytes)
    );

    let ours = summary(System::Ours);
    let targets = [
        Target {
            name: "ours / tantivy baseline, MB/s",
            measured: ours.megabytes_per_second
                / summary(System::TantivyPlain).megabytes_per_second,
            bound: Bound::AtLeast(0.6),
        },
        Target {
            name: "ours / sqlite fts5, MB/s",
            measured: ours.megabytes_per_second / summary(System::Fts5).megabytes_per_second,
            bound: Bound::AtLeast(1.8),
        },
        Target {
            name: "ours index / corpus, bytes",
            measured: ours.index_bytes / corpus_bytes as f64,
            bound: Bound::AtMost(0.6),
        },
        // Not a target: how fast ours could be if reading and extraction
        // were free, which says how much of a miss tantivy's share explains.
        Target {
            name: "tantivy part / baseline",
            measured: summary(System::OursDocuments).megabytes_per_second
                / summary(System::TantivyPlain).megabytes_per_second,
            bound: Bound::Reported,
        },
    ];
    println!();
    println!("target                          measured      goal  verdict");
    for target in targets {
        let (goal, met) = match target.bound {
            Bound::AtLeast(bound) => (format!(">= {bound:.2}"), target.measured >= bound),
            Bound::AtMost(bound) => (format!("<= {bound:.2}"), target.measured <= bound),
            Bound::Reported => {
                println!(
                    "{:<30} {:>9.3} {:>9}  (bound)",
                    target.name, target.measured, "-"
                );
                continue;
            }
        };
        println!(
            "{:<30} {:>9.3} {:>9}  {}",
            target.name,
            target.measured,
            goal,
            if met { "PASS" } else { "MISS" }
        );
    }
}

struct Target {
    name: &'static str,
    measured: f64,
    bound: Bound,
}

enum Bound {
    AtLeast(f64),
    AtMost(f64),
    /// Printed for information, no goal.
    Reported,
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

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}
