//! The progress bar `ltc-hub build` draws on stderr while a long build runs. The library only
//! counts (`ltc_hub::Progress`); this module, part of the binary, decides whether to show it and
//! draws it from a thread of its own. Nothing is drawn when stderr is not a terminal, with
//! `--quiet`, or before a build has run for a second, so fast builds, captured output (tests,
//! CI, pipes) and `check`, `serve` and `watch` print exactly what they did without it. The bar is
//! cleared before the build returns, so the summary line follows as if it had never been there.

use std::io::IsTerminal;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ltc_hub::Progress;

/// How long a build runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);
/// How often the bar is updated from the counters.
const TICK: Duration = Duration::from_millis(100);

/// Whether `build` shows progress: on a terminal that can redraw a line, unless `--quiet`.
pub fn shown(quiet: bool, stderr_is_terminal: bool, term: Option<&str>) -> bool {
    !quiet && stderr_is_terminal && !matches!(term, None | Some("" | "dumb"))
}

/// Whether `build` shows progress in this process (see [`shown`]).
pub fn wanted(quiet: bool) -> bool {
    shown(quiet, std::io::stderr().is_terminal(), std::env::var("TERM").ok().as_deref())
}

/// Runs `build` with a fresh [`Progress`], drawing it on stderr once `DELAY` has passed, and
/// clears the bar before returning what `build` returned.
pub fn show_while<T>(build: impl FnOnce(&Progress) -> T) -> T {
    let progress = Progress::default();
    let started = Instant::now();
    std::thread::scope(|scope| {
        // Dropping `stop` (when the build returns, or unwinds) tells the drawing thread to finish.
        let (stop, stopped) = mpsc::channel::<()>();
        let progress = &progress;
        let drawer = scope.spawn(move || draw(progress, started, &stopped));
        let result = build(progress);
        drop(stop);
        // A panic while drawing must not lose the build's result; the bar is only a display.
        let _ = drawer.join();
        result
    })
}

/// Draws `progress` until `stopped` disconnects; draws nothing if that happens within `DELAY`.
fn draw(progress: &Progress, started: Instant, stopped: &mpsc::Receiver<()>) {
    if stopped.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        .with_style(style("{spinner} {msg} {elapsed}"))
        .with_message("Reading content and rendering Markdown")
        .with_elapsed(started.elapsed());
    loop {
        let outputs = progress.outputs.load(Ordering::Relaxed) as u64;
        let done = progress.done.load(Ordering::Relaxed) as u64;
        if progress.waiting.load(Ordering::Relaxed) {
            bar.set_message("Waiting for the other build to finish");
            bar.tick();
        } else if outputs == 0 {
            bar.set_message("Reading content and rendering Markdown");
            bar.tick();
        } else {
            bar.set_message(if done < outputs { "Rendering and writing" } else { "Finishing" });
            if bar.length().is_none() {
                bar.set_style(style("{spinner} {msg} [{wide_bar}] {pos}/{len} files {elapsed}"));
                bar.set_length(outputs);
            }
            bar.set_position(done);
        }
        if stopped.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
            break;
        }
    }
    bar.finish_and_clear();
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants of this module; a bad one would show in the first manual run.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()).progress_chars("=> ")
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn progress_is_shown_only_on_a_real_terminal_without_quiet() {
        assert!(shown(false, true, Some("xterm-256color")));
        assert!(!shown(true, true, Some("xterm-256color")), "--quiet hides it");
        assert!(!shown(false, false, Some("xterm-256color")), "captured or piped stderr hides it");
        assert!(!shown(false, true, Some("dumb")), "a dumb terminal cannot redraw a line");
        assert!(!shown(false, true, None), "neither can an unknown one");
    }
}
