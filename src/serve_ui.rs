//! What `serve` and `watch` show in the terminal: the binary's side of
//! [`ltc_hub::serve::Event`]. Lines about the run and each successful build go to stdout;
//! diagnostics, warnings and failed builds to stderr. How a run ended becomes the exit code.

use std::process::ExitCode;
use std::sync::Arc;

use ltc_hub::diagnostics::{self, Style};
use ltc_hub::serve::{Command, Event, Note, Reporter, StartError, Stop, WatchTrouble};

/// The callback `serve` and `watch` report through.
pub fn reporter() -> Reporter {
    Arc::new(show)
}

/// `serve` and `watch` run until stopped: 0, or 130 after a second Ctrl-C; a failure to start
/// is 2 for a usage error, else 1.
pub fn exit_code(outcome: Result<Stop, StartError>) -> ExitCode {
    match outcome {
        Ok(stop) => ExitCode::from(stop.exit_code()),
        Err(e) => {
            eprintln!("{}", diagnostics::render(&e.diagnostic, Style::for_stderr()));
            ExitCode::from(if e.usage { 2 } else { 1 })
        }
    }
}

fn show(event: Event<'_>) {
    match event {
        Event::Serving { url, taken, output, root, edit } => {
            match taken {
                Some(first) => println!("Serving {url} (port {first} was taken)"),
                None => println!("Serving {url}"),
            }
            if let Some(edit) = edit {
                println!("Edit in the browser: {edit}");
                println!("(only this address can save: it carries this session's token)");
            }
            println!(
                "Building into {} (removed when serve stops); drafts and future pages are shown",
                output.display()
            );
            println!("Watching {} for changes. Press Ctrl-C to stop.", root.display());
        }
        Event::Watching { root, output } => println!(
            "Watching {} for changes; writing the site to {}. Press Ctrl-C to stop.",
            root.display(),
            output.display()
        ),
        Event::Warning(w) => eprintln!("{}", diagnostics::render(w, Style::for_stderr())),
        Event::WatchTrouble(WatchTrouble::Failed { root, error }) => {
            eprintln!("warning: watching {} failed: {error}", root.display())
        }
        Event::WatchTrouble(WatchTrouble::CannotWatch { folder, error }) => {
            eprintln!("warning: cannot watch {}: {error}", folder.display())
        }
        Event::Built { root, changed, result, note } => built(root, changed, result, note),
        Event::NoBrowser { url, error } => eprintln!("Could not open a browser ({error}); open {url} yourself."),
        Event::Stopping => println!("Stopping…"),
        Event::Interrupted(Command::Serve) => eprintln!("Stopped in the middle of a build."),
        Event::Interrupted(Command::Watch) => {
            eprintln!("Stopped in the middle of a build; the next build or watch puts the output folder in order.")
        }
        Event::Stopped => println!("Stopped."),
    }
}

/// One line per build on stdout; on failure the diagnostics, then that line, on stderr.
fn built(
    root: &std::path::Path,
    changed: &[std::path::PathBuf],
    result: &Result<ltc_hub::Report, ltc_hub::Failure>,
    note: Note,
) {
    let time = chrono::Local::now().format("%H:%M:%S");
    let cause = if changed.is_empty() {
        String::new()
    } else {
        format!("{} changed: ", ltc_hub::serve::describe_changes(changed, root))
    };
    let note = match (note, result) {
        (Note::Nothing, _) => String::new(),
        (Note::Told(n), _) => format!("; {n} open page{} told", plural(n)),
        (Note::BrowserShowsErrors, _) => "; the browser shows the errors".to_string(),
        (Note::LastGoodKept, _) => "; still serving the last good site, with the errors on top".to_string(),
        (Note::Output, Err(f)) => format!("; {}", f.outcome()),
        (Note::Output, Ok(_)) => String::new(),
    };
    let style = Style::for_stderr();
    match result {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{}", diagnostics::render(w, style));
            }
            let verb = if changed.is_empty() { "Built" } else { "rebuilt" };
            println!(
                "{time} {cause}{verb} {} pages, {} sections, {} terms ({} files) in {:.2} s{note}",
                r.pages, r.sections, r.terms, r.files, r.seconds
            );
        }
        Err(f) => {
            for d in &f.diagnostics {
                eprintln!("{}", diagnostics::render(d, style));
            }
            let (errors, _) = diagnostics::counts(&f.diagnostics);
            let verb = if changed.is_empty() { "Build" } else { "build" };
            eprintln!("{time} {cause}{verb} failed with {errors} error{}{note}", plural(errors));
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
