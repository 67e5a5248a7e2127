//! Times incremental rebuilds of a site after one page edit each (for profiling `serve`): when
//! the edited page is written (the browser is told then) and when the whole rebuild is done.
//! `cargo run --release --example rebuild_timing -- ROOT PAGE.md`
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("ROOT"));
    let page = root.join(args.next().expect("PAGE"));
    let out = std::env::temp_dir().join("ltc-hub-rebuild-timing");
    let opts = ltc_hub::BuildOptions { root, output: Some(out), drafts: true, ..Default::default() };
    let mut session = ltc_hub::incremental::Session::new(opts);
    let t = Instant::now();
    session.rebuild().map_err(|f| f.diagnostics.len()).expect("first build");
    println!("first build {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    for i in 0..10 {
        let mut text = std::fs::read_to_string(&page).expect("page");
        text.push_str(&format!("\n\nEdit {i}.\n"));
        std::fs::write(&page, text).expect("write");
        let t = Instant::now();
        let mut early = None;
        let r = session
            .rebuild_changed(std::slice::from_ref(&page), &mut |_| early = Some(t.elapsed()))
            .map_err(|f| f.diagnostics.len())
            .expect("rebuild");
        println!(
            "rebuild {i}: page written after {:.1} ms, all done after {:.1} ms, {} files written",
            early.map_or(f64::NAN, |e| e.as_secs_f64() * 1000.0),
            t.elapsed().as_secs_f64() * 1000.0,
            r.files
        );
    }
}
