//! The `ltc-hub` binary: parse the command line, call the library, print what happened, and
//! map the outcome to an exit code: 0 success, 1 content/template/config errors, 2 usage errors.

mod cli;
mod progress;
mod serve_ui;

use std::process::ExitCode;

use clap::Parser;
use ltc_hub::diagnostics::{self, Style};

/// mimalloc instead of the system allocator: a build makes millions of small allocations on
/// every core, where glibc's malloc spent about a sixth of the CPU time (perf, 10,000 pages).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        cli::Command::Check(args) => check(args),
        cli::Command::New(args) => new_page(args),
        cli::Command::Schema(args) => schema(args),
        cli::Command::Serve(args) => serve_ui::exit_code(ltc_hub::serve::serve(
            ltc_hub::serve::ServeOptions {
                root: args.root,
                bind: args.bind,
                port: args.port,
                drafts: args.drafts,
                open: args.open,
                base_url: args.base_url,
                env: args.env,
                edit: args.edit,
            },
            serve_ui::reporter(),
        )),
        cli::Command::Watch(args) => serve_ui::exit_code(ltc_hub::serve::watch(
            ltc_hub::serve::WatchOptions {
                root: args.root,
                output: args.output,
                drafts: args.drafts,
                base_url: args.base_url,
                env: args.env,
            },
            serve_ui::reporter(),
        )),
    }
}

fn check(args: cli::CheckArgs) -> ExitCode {
    let opts = ltc_hub::BuildOptions {
        root: args.root,
        output: None,
        base_url: args.base_url,
        env: args.env,
        drafts: args.drafts,
        jobs: 0,
    };
    let external =
        args.external.then_some(ltc_hub::check::external::Options { strict: args.strict, fix_moved: args.fix_moved });
    let (mut found, summary) = ltc_hub::check_with(&opts, external);
    if let cli::Format::Human = args.format {
        diagnostics::sort_capped(&mut found);
    }
    let style = Style::for_stderr();
    let (errors, warnings) = diagnostics::counts(&found);
    let strict_warnings = found.iter().any(|d| !d.is_error() && ltc_hub::check::external::counts_for_strict(d));
    for d in &found {
        match args.format {
            cli::Format::Human => eprintln!("{}", diagnostics::render(d, style)),
            cli::Format::Json => println!("{}", diagnostics::to_json(d)),
            cli::Format::Github => println!("{}", diagnostics::to_github(d)),
        }
    }
    if let Some(s) = summary.as_ref().filter(|s| !s.diff.is_empty()) {
        match args.format {
            cli::Format::Human => print!("{}", s.diff),
            _ => eprint!("{}", s.diff),
        }
    }
    if matches!(args.format, cli::Format::Human) {
        if let Some(s) = &summary {
            eprintln!("{}", s.line());
        }
        eprintln!("Checked: {errors} error{}, {warnings} warning{}.", plural(errors), plural(warnings));
    }
    if errors > 0 || (args.strict && strict_warnings) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Loads site.yaml for the commands that only need the configuration.
fn config_or_exit(root: &std::path::Path) -> Result<ltc_hub::config::Config, ExitCode> {
    ltc_hub::config::load(root, None).map_err(|diags| {
        let style = Style::for_stderr();
        for d in &diags {
            eprintln!("{}", diagnostics::render(d, style));
        }
        ExitCode::from(1)
    })
}

fn new_page(args: cli::NewArgs) -> ExitCode {
    let config = match config_or_exit(&args.root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    match ltc_hub::scaffold::new_page(&args.root, &config, &args.section, &args.title, today) {
        Ok(path) => {
            println!("Wrote {} (a draft: delete `draft: true` when it is ready)", path.display());
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", diagnostics::render(&d, Style::for_stderr()));
            ExitCode::from(1)
        }
    }
}

fn schema(args: cli::SchemaArgs) -> ExitCode {
    let config = match config_or_exit(&args.root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let out = args.out.unwrap_or_else(|| args.root.join("schemas"));
    match ltc_hub::scaffold::write_schemas(&config, &out) {
        Ok(files) if files.is_empty() => {
            println!("site.yaml declares no collections, so there is no schema to write");
            ExitCode::SUCCESS
        }
        Ok(files) => {
            for f in files {
                println!("Wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", diagnostics::render(&d, Style::for_stderr()));
            ExitCode::from(1)
        }
    }
}

fn build(args: cli::BuildArgs) -> ExitCode {
    let opts = ltc_hub::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        env: args.env,
        drafts: args.drafts,
        jobs: args.jobs,
    };
    let style = Style::for_stderr();
    let quiet = args.quiet;
    let tell = |message: &str| {
        if !quiet {
            eprintln!("{message}");
        }
    };
    let busy = if args.no_wait {
        ltc_hub::output::Busy::Fail("wait for it to finish (leave out --no-wait to wait), or choose another --output")
    } else {
        ltc_hub::output::Busy::Wait(&tell)
    };
    let outcome = if progress::wanted(args.quiet) {
        progress::show_while(|p| ltc_hub::build_with(&opts, p, &busy))
    } else {
        ltc_hub::build_with(&opts, &ltc_hub::Progress::default(), &busy)
    };
    match outcome {
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
            let (errors, _) = diagnostics::counts(&failure.diagnostics);
            eprintln!("Build failed with {errors} error{}; {}.", if errors == 1 { "" } else { "s" }, failure.outcome());
            ExitCode::from(1)
        }
    }
}
