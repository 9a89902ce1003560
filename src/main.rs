//! `imr`: the command-line front end of imr-search. Parsing, dispatch and
//! exit codes live here and in `cli/`; everything else is in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code.into(),
        Err(error) => {
            // A closed pipe (`imr search ... | head`) is the reader's choice, not a failure.
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("imr: {error:#}");
            cli::Status::Error.into()
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
