//! The `ltc-hub` binary: parse the command line, call the library, print what happened, and
//! map the outcome to an exit code: 0 success, 1 content/template/config errors, 2 usage errors.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use ltc_hub::diagnostics::{self, Style};

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    match cli.command {
        cli::Command::Build(args) => build(args),
    }
}

fn build(args: cli::BuildArgs) -> ExitCode {
    let opts = ltc_hub::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        jobs: args.jobs,
    };
    let style = Style::for_stderr();
    match ltc_hub::build(&opts) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{}", diagnostics::render(w, style));
            }
            if !args.quiet {
                println!("{}", report.summary());
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            for d in &failure.diagnostics {
                eprintln!("{}", diagnostics::render(d, style));
            }
            let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed with {errors} error{}; the previous output in {} was left untouched.",
                if errors == 1 { "" } else { "s" },
                failure.output.display()
            );
            ExitCode::from(1)
        }
    }
}
