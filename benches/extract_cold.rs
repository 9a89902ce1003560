//! The first letters a process extracts against the same letters extracted
//! again, on one core:
//!
//! ```text
//! cargo bench --bench extract_cold -- [--rounds R (default 7)] [--letters N (default 2000)]
//! ```
//!
//! `cargo bench --bench extract` extracts the same 400 letters again and
//! again: by the time it measures, the lazy automata behind the searches
//! hold every state those letters need. A run of `imr extract`, or of
//! `imr index` over a day's new letters, starts with them empty and builds
//! states as new text needs them. Each round here runs in a process of its
//! own (this bench, started again with `--child`), so that every automaton
//! starts empty: it generates N letters of a seed of its own (not timed),
//! extracts a few letters of another seed (compiling the patterns, which
//! every process does once), then extracts each of the N once (cold) and
//! all of them again (warm). The report is
//! the median rates and the median of the per-round ratios cold / warm.

mod stats;

use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::Context;
use stats::median;

const USAGE: &str =
    "usage: cargo bench --bench extract_cold -- [--rounds R (default 7)] [--letters N (default 2000)]";

/// Letters extracted before the clock starts, so that compiling the
/// patterns is not timed: few beside the letters measured.
const PRIMING_LETTERS: u64 = 30;
/// Keeps the priming letters' seed away from the measured ones'.
const PRIMING_SEED_OFFSET: u64 = 1 << 32;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("extract_cold: {error:#}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    rounds: usize,
    letters: u64,
    /// Set in a child: the seed of its letters.
    child_seed: Option<u64>,
}

fn run() -> anyhow::Result<()> {
    let options = parse(std::env::args().skip(1))?;
    if let Some(seed) = options.child_seed {
        let (cold, warm, bytes) = measure_once(seed, options.letters)?;
        println!("{cold} {warm} {bytes}");
        return Ok(());
    }
    let this_bench = std::env::current_exe().context("finding this bench's executable")?;
    let (mut cold_rates, mut warm_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..options.rounds {
        let seed = 1_000 + round as u64;
        let output = Command::new(&this_bench)
            .args([
                "--child",
                &seed.to_string(),
                "--letters",
                &options.letters.to_string(),
            ])
            .output()
            .context("starting a round's process")?;
        anyhow::ensure!(
            output.status.success(),
            "round {round} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let reply = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<f64> = reply
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .with_context(|| format!("round {round} printed {reply:?}"))?;
        let [cold_secs, warm_secs, bytes] = fields[..] else {
            anyhow::bail!("round {round} printed {reply:?}");
        };
        let (cold, warm) = (bytes / cold_secs / 1e6, bytes / warm_secs / 1e6);
        println!(
            "round {:>2}: first time {cold:6.1} MB/s, again {warm:6.1} MB/s, ratio {:.3}",
            round + 1,
            cold / warm
        );
        cold_rates.push(cold);
        warm_rates.push(warm);
        ratios.push(cold / warm);
    }
    println!(
        "median of {} rounds of {} letters: first time {:.1} MB/s, again {:.1} MB/s, ratio {:.3}",
        options.rounds,
        options.letters,
        median(&mut cold_rates),
        median(&mut warm_rates),
        median(&mut ratios)
    );
    Ok(())
}

/// Seconds to extract `count` new letters of `seed` the first time and the
/// second time, and their bytes.
fn measure_once(seed: u64, count: u64) -> anyhow::Result<(f64, f64, usize)> {
    let letters: Vec<_> = (0..count)
        .map(|index| imr::generate::generate_letter(seed, index))
        .collect();
    let bytes = letters.iter().map(|letter| letter.bytes.len()).sum();
    // Every process compiles the patterns once, on its first letters,
    // whatever it extracts: a few letters of another seed do that first.
    for index in 0..PRIMING_LETTERS {
        let letter = imr::generate::generate_letter(seed + PRIMING_SEED_OFFSET, index);
        imr::extract::extract_bytes(&letter.file_name, &letter.bytes)?;
    }
    let mut seconds = [0.0; 2];
    for pass in &mut seconds {
        let started = Instant::now();
        for letter in &letters {
            imr::extract::extract_bytes(&letter.file_name, &letter.bytes)?;
        }
        *pass = started.elapsed().as_secs_f64();
    }
    Ok((seconds[0], seconds[1], bytes))
}

fn parse(mut args: impl Iterator<Item = String>) -> anyhow::Result<Options> {
    let mut options = Options {
        rounds: 7,
        letters: 2000,
        child_seed: None,
    };
    let positive = |flag: &str, value: Option<String>| -> anyhow::Result<u64> {
        let value = value.with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        value
            .parse()
            .ok()
            .filter(|&number| number > 0)
            .with_context(|| format!("{flag} {value}: not a positive number\n{USAGE}"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => options.rounds = positive("--rounds", args.next())? as usize,
            "--letters" => options.letters = positive("--letters", args.next())?,
            "--child" => options.child_seed = Some(positive("--child", args.next())?),
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => {}
            other => anyhow::bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    Ok(options)
}
