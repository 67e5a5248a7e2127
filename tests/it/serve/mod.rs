//! `serve` and `watch`, end to end: the real binary on a copy of `tests/fixtures/serve/`, every
//! editor save pattern performed on real files, the served page polled until it changes, and the
//! served output compared byte for byte with a fresh `build --drafts` of the same root. Then the
//! HTTP side: traversal attempts over raw TCP, content types, folders, the 404 page, HEAD, the
//! base path, many clients, and the error overlay and page.

mod edit;
mod git;
mod hardening;
pub(crate) mod harness;
mod images;
mod sass;

use std::time::Duration;

use harness::{Events, Running, Served, number_after, raw, request, serve, serve_with, wait_for};

use crate::util::{fixture, path_str, read, tree};

/// How long without a build counts as "the burst is over".
const QUIET: Duration = Duration::from_millis(600);

pub(crate) fn page_has(served: &Served, path: &str, text: &str) -> harness::Response {
    served.wait_page(&format!("{path} to contain {text:?}"), path, |r| r.status == 200 && r.text().contains(text))
}

/// Runs `save` and checks that it ends in one correct rebuild (two at most when the machine is
/// so loaded that the burst was cut in two) showing `text` at `path`.
fn assert_save(site: &crate::util::Site, served: &Served, path: &str, text: &str, save: impl FnOnce()) {
    let before = served.run.settled_builds(QUIET);
    save();
    page_has(served, path, text);
    served.assert_matches_build(site);
    let builds = served.run.settled_builds(QUIET) - before;
    assert!((1..=2).contains(&builds), "expected one rebuild, saw {builds}:\n{}", served.run.transcript());
    assert!(!served.run.stderr().contains("failed"), "no build may fail:\n{}", served.run.transcript());
}

const HELLO_V2: &str = "---\ntitle: \"Hello\"\ndate: 2024-01-01\ntags: [greeting]\n---\nHello, second version.\n";

#[test]
fn serve_builds_with_drafts_and_serves_the_site() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    assert_eq!(served.base, "/");
    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("Serve fixture home"));
    assert!(home.text().contains("new EventSource(\"/__ltc-hub/events\")"), "the live-reload script is injected");
    assert_eq!(served.get("/blog/draft/").status, 200, "serve shows drafts");
    served.assert_matches_build(&site);
    assert!(!site.root.join("public").exists(), "serve never writes the user's public/");
    assert!(!served.out.starts_with(&site.root), "serve builds outside the site folder");
}

#[test]
fn write_in_place_rebuilds_once() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    assert_save(&site, &served, "/blog/hello/", "Hello, second version.", || {
        site.write("content/blog/hello.md", HELLO_V2)
    });
}

#[test]
fn temp_file_then_rename_rebuilds_once() {
    // VS Code, Sublime and most "atomic save" editors.
    let site = fixture("serve");
    let served = serve(&site, &[]);
    assert_save(&site, &served, "/blog/hello/", "Hello, second version.", || {
        site.write("content/blog/.hello.md.tmp", HELLO_V2);
        std::fs::rename(site.root.join("content/blog/.hello.md.tmp"), site.root.join("content/blog/hello.md"))
            .expect("rename over the page");
    });
}

#[test]
fn vim_save_with_swap_and_backup_rebuilds_once() {
    // vim with `backupcopy=no`: the swap file, the 4913 probe, the original renamed to a backup,
    // the new file written, the backup deleted.
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let dir = site.root.join("content/blog");
    assert_save(&site, &served, "/blog/hello/", "Hello, second version.", || {
        site.write("content/blog/.hello.md.swp", "swap");
        site.write("content/blog/4913", "");
        site.remove("content/blog/4913");
        std::fs::rename(dir.join("hello.md"), dir.join("hello.md~")).expect("rename to the backup");
        site.write("content/blog/hello.md", HELLO_V2);
        site.remove("content/blog/hello.md~");
        site.remove("content/blog/.hello.md.swp");
    });
}

#[test]
fn jetbrains_safe_write_rebuilds_once() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let dir = site.root.join("content/blog");
    assert_save(&site, &served, "/blog/hello/", "Hello, second version.", || {
        site.write("content/blog/hello.md___jb_tmp___", HELLO_V2);
        std::fs::rename(dir.join("hello.md"), dir.join("hello.md___jb_old___")).expect("keep the old file");
        std::fs::rename(dir.join("hello.md___jb_tmp___"), dir.join("hello.md")).expect("move the new file in");
        site.remove("content/blog/hello.md___jb_old___");
    });
}

#[test]
fn editor_temporary_files_alone_never_rebuild() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let before = served.run.settled_builds(QUIET);
    let temps = [
        "content/blog/.hello.md.swp",
        "content/blog/hello.md~",
        "content/blog/4913",
        "content/blog/#hello.md#",
        "content/blog/hello.md___jb_tmp___",
        "content/blog/hello.md.kate-swp",
        "content/blog/hello.md.bck",
        "content/blog/hello.md.tmp",
        ".git/index",
        "target/debug/ltc-hub",
        "public/index.html",
        "site.yaml~",
        ".site.yaml.swp",
    ];
    for t in temps {
        site.write(t, "scratch");
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("user@host.1234:1700000000", site.root.join("content/blog/.#hello.md"))
        .expect("an emacs lock file");
    for t in temps {
        site.remove(t);
    }
    let _ = std::fs::remove_file(site.root.join("content/blog/.#hello.md"));
    assert_eq!(
        served.run.settled_builds(QUIET),
        before,
        "no rebuild for temporary files:\n{}",
        served.run.transcript()
    );
}

#[test]
fn deleted_page_disappears_and_its_url_is_404() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    assert_eq!(served.get("/docs/intro/").status, 200);
    site.remove("content/docs/intro.md");
    let gone = served.wait_page("the deleted page to 404", "/docs/intro/", |r| r.status == 404);
    assert!(gone.text().contains("serve fixture 404"));
    served.assert_matches_build(&site);
}

#[test]
fn renamed_page_moves_to_its_new_url() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    std::fs::rename(site.root.join("content/docs/intro.md"), site.root.join("content/docs/getting-started.md"))
        .expect("rename a page");
    page_has(&served, "/docs/getting-started/", "Docs, first version.");
    assert_eq!(served.get("/docs/intro/").status, 404, "the old URL is gone");
    served.assert_matches_build(&site);
}

#[test]
fn new_folder_with_a_page_appears() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    site.write("content/events/meetup.md", "---\ntitle: \"Meetup\"\n---\nA new section, born in a new folder.\n");
    page_has(&served, "/events/meetup/", "born in a new folder");
    served.assert_matches_build(&site);
    // Files in the new folder are watched too.
    site.write("content/events/meetup.md", "---\ntitle: \"Meetup\"\n---\nEdited inside the new folder.\n");
    page_has(&served, "/events/meetup/", "Edited inside the new folder.");
    served.assert_matches_build(&site);
}

#[test]
fn renamed_folder_moves_its_pages_and_stays_watched() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    std::fs::rename(site.root.join("content/docs"), site.root.join("content/guides")).expect("rename a folder");
    page_has(&served, "/guides/intro/", "Docs, first version.");
    assert_eq!(served.get("/docs/intro/").status, 404);
    served.assert_matches_build(&site);
    site.write("content/guides/intro.md", "---\ntitle: \"Intro\"\n---\nEdited after the folder moved.\n");
    page_has(&served, "/guides/intro/", "Edited after the folder moved.");
    served.assert_matches_build(&site);
}

#[test]
fn template_edit_rebuilds_the_pages() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let template = read(&site.root.join("templates/page.html"));
    assert_save(&site, &served, "/blog/hello/", "<footer>edited template</footer>", || {
        site.write("templates/page.html", &template.replace("</article>", "</article><footer>edited template</footer>"))
    });
}

#[test]
fn top_level_folder_created_after_start_is_watched() {
    let site = fixture("serve");
    let away = site.tmp().join("static-away");
    std::fs::rename(site.root.join("static"), &away).expect("move static/ away");
    let served = serve(&site, &[]);
    assert_eq!(served.get("/style.css").status, 404);
    std::fs::rename(&away, site.root.join("static")).expect("move static/ back");
    page_has(&served, "/style.css", "font-family");
    site.write("static/style.css", "body { color: teal; }\n");
    page_has(&served, "/style.css", "teal");
    served.assert_matches_build(&site);
}

#[test]
fn checkout_of_200_files_ends_in_one_correct_rebuild() {
    let site = fixture("serve");
    let page = |i: usize, v: &str| format!("---\ntitle: \"Bulk {i}\"\n---\nBulk page {i}, {v}.\n");
    for i in 0..200 {
        site.write(&format!("content/bulk/page-{i:03}.md"), &page(i, "before"));
    }
    let served = serve(&site, &[]);
    let before = served.run.settled_builds(QUIET);
    // As git does: each file is unlinked and written anew.
    for i in 0..200 {
        site.remove(&format!("content/bulk/page-{i:03}.md"));
        site.write(&format!("content/bulk/page-{i:03}.md"), &page(i, "after"));
    }
    page_has(&served, "/bulk/page-199/", "Bulk page 199, after.");
    served.assert_matches_build(&site);
    let builds = served.run.settled_builds(QUIET) - before;
    assert!((1..=3).contains(&builds), "a checkout should rebuild once, saw {builds}:\n{}", served.run.transcript());
}

#[test]
fn stylesheet_change_is_announced_as_a_stylesheet_swap() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let mut events = Events::open(&served);
    let first = events.next_state();
    let generation = number_after(&first, "\"generation\":");
    site.write("static/style.css", "body { color: olive; }\n");
    let next = events.next_state();
    assert_eq!(number_after(&next, "\"generation\":"), generation + 1);
    assert_eq!(
        number_after(&next, "\"full_generation\":"),
        number_after(&first, "\"full_generation\":"),
        "a CSS-only change must not force a full reload: {next}"
    );
    assert!(served.get("/style.css").text().contains("body{color:olive}"));
    site.write("content/blog/hello.md", HELLO_V2);
    let after_page = events.next_state();
    assert_eq!(
        number_after(&after_page, "\"full_generation\":"),
        generation + 2,
        "a page change reloads: {after_page}"
    );
}

#[test]
fn broken_edit_shows_the_overlay_keeps_the_last_good_site_and_the_fix_clears_it() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let mut events = Events::open(&served);
    assert!(events.next_state().contains("\"overlay\":null"));

    site.write("content/blog/hello.md", "---\ntitle: [unclosed\ndate: 2024-01-01\n---\nBroken.\n");
    let state = events.next_state();
    assert!(state.contains("ltc-hub-overlay") && state.contains("content/blog/hello.md"), "{state}");
    let page = served.get("/blog/hello/");
    assert_eq!(page.status, 200, "the last good page is still served");
    let html = page.text();
    assert!(html.contains("Hello, first version."), "the last good version stays:\n{html}");
    assert!(html.contains("<div id=\"ltc-hub-overlay\""), "the overlay is on the page:\n{html}");
    assert!(html.contains("content/blog/hello.md:"), "the overlay names file and line:\n{html}");
    assert!(html.contains("invalid YAML"), "the overlay gives the message:\n{html}");
    wait_for("the error in the terminal", &served.run, || {
        served.run.stderr().contains("still serving the last good site")
    });
    assert!(served.run.stderr().contains("content/blog/hello.md:"), "{}", served.run.transcript());

    site.write("content/blog/hello.md", HELLO_V2);
    let state = events.next_state();
    assert!(state.contains("\"overlay\":null") && state.contains("\"errors\":[]"), "{state}");
    let fixed = page_has(&served, "/blog/hello/", "Hello, second version.");
    assert!(!fixed.text().contains("<div id=\"ltc-hub-overlay\""), "the fix clears the overlay");
    served.assert_matches_build(&site);
}

#[test]
fn first_build_failure_still_serves_an_error_page_until_fixed() {
    let site = fixture("serve");
    site.write("content/blog/hello.md", "---\ntitle: [unclosed\n---\nBroken from the start.\n");
    let served = serve(&site, &[]);
    for path in ["/", "/blog/hello/", "/no/such/page/"] {
        let r = served.get(path);
        assert_eq!(r.status, 500, "{path}");
        let html = r.text();
        assert!(html.contains("The site cannot be built yet: 2 errors"), "{html}");
        assert!(html.contains("content/blog/hello.md:"), "{html}");
        assert!(html.contains("__ltc-hub/events"), "the error page reloads itself when fixed");
    }
    site.write("content/blog/hello.md", HELLO_V2);
    page_has(&served, "/", "Serve fixture home");
    page_has(&served, "/blog/hello/", "Hello, second version.");
    served.assert_matches_build(&site);
}

#[test]
fn traversal_attempts_never_leave_the_output_folder() {
    let site = fixture("serve");
    std::fs::write(site.tmp().join("secret.txt"), "TOP-SECRET").expect("a file outside the site");
    let served = serve(&site, &[]);
    // A symbolic link inside the served folder that points out of it.
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.tmp().join("secret.txt"), served.out.join("leak.txt")).expect("plant a link");
    let out_depth = served.out.components().count();
    let up = "../".repeat(out_depth);
    let secret = path_str(&site.tmp().join("secret.txt")).to_string();
    let attempts = [
        format!("/{up}{}", secret.trim_start_matches('/')),
        "/../secret.txt".to_string(),
        "/../../secret.txt".to_string(),
        "/blog/../../secret.txt".to_string(),
        "/%2e%2e/secret.txt".to_string(),
        "/%2e%2e/%2e%2e/secret.txt".to_string(),
        "/%2E%2E%2F%2E%2E%2Fsecret.txt".to_string(),
        "/..%2f..%2fsecret.txt".to_string(),
        "/..%5c..%5csecret.txt".to_string(),
        "/..\\..\\secret.txt".to_string(),
        format!("/{}", secret),
        format!("//{}", secret.trim_start_matches('/')),
        format!("/%2F{}", secret.trim_start_matches('/')),
        "/leak.txt".to_string(),
        format!("http://127.0.0.1:{}/../secret.txt", served.port),
    ];
    for target in &attempts {
        let r = request(served.port, "GET", target);
        assert!(!r.text().contains("TOP-SECRET"), "{target} leaked the file outside the output folder");
        assert_ne!(r.status, 200, "{target} must not succeed");
    }
    assert_eq!(served.get("/").status, 200, "the server still works after the attempts");
}

#[test]
fn content_types_are_right_for_every_kind_of_file() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/files/app.js", "text/javascript; charset=utf-8"),
        ("/files/data.json", "application/json"),
        ("/files/data.xml", "application/xml"),
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/xml"),
        ("/files/event.ics", "text/calendar; charset=utf-8"),
        ("/files/image.webp", "image/webp"),
        ("/files/font.woff2", "font/woff2"),
        ("/files/module.wasm", "application/wasm"),
        ("/files/logo.svg", "image/svg+xml"),
        ("/files/notes.txt", "text/plain; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/files/pagefind.en_1234.pf_meta", "application/octet-stream"),
        ("/files/en_abcd.pf_fragment", "application/octet-stream"),
    ] {
        let r = served.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
    }
    // Non-HTML files are served exactly as built.
    assert_eq!(served.get("/files/module.wasm").body, read_bytes(&served.out.join("files/module.wasm")));
}

fn read_bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn folders_redirect_to_their_trailing_slash_and_serve_index_html() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let r = served.get("/blog");
    assert!(r.status == 301 || r.status == 308, "{r:?}");
    assert_eq!(r.header("location"), Some("/blog/"));
    let r = served.get("/blog/hello?x=1");
    assert_eq!(r.header("location"), Some("/blog/hello/?x=1"), "the query is kept");
    let r = served.get("/blog/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("<h1>Blog</h1>"));
}

#[test]
fn missing_pages_get_the_site_404_page_with_status_404() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    for path in ["/no/such/page/", "/nope.css", "/style.css/", "/__ltc-hub/nothing"] {
        let r = served.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.text().contains("serve fixture 404"), "{path}: the site's own 404 page");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    }
    assert_eq!(request(served.port, "POST", "/").status, 405);
}

#[test]
fn head_gets_the_headers_without_a_body() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let get = served.get("/style.css");
    let head = request(served.port, "HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()));
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(request(served.port, "HEAD", "/missing/").status, 404);
}

#[test]
fn base_url_with_a_sub_path_serves_under_it() {
    let site = fixture("serve");
    let served = serve(&site, &["--base-url", "https://example.org/ltc/"]);
    assert_eq!(served.base, "/ltc/");
    let home = served.get("/ltc/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("href=\"/ltc/style.css\""), "site URLs carry the base path");
    assert!(home.text().contains("new EventSource(\"/ltc/__ltc-hub/events\")"), "live reload too");
    for from in ["/", "/ltc"] {
        let r = served.get(from);
        assert!(matches!(r.status, 301 | 302 | 307 | 308), "{from}: {r:?}");
        assert_eq!(r.header("location"), Some("/ltc/"), "{from}");
    }
    assert_eq!(served.get("/ltc/blog/hello/").status, 200);
    assert_eq!(served.get("/blog/hello/").status, 404, "nothing outside the base path");
    let mut events = Events::open(&served);
    assert!(events.next_state().contains("\"generation\":1"));
    site.write("content/blog/hello.md", HELLO_V2);
    assert!(events.next_state().contains("\"generation\":2"));
    page_has(&served, "/ltc/blog/hello/", "Hello, second version.");
    served.assert_matches_build(&site);
}

#[test]
fn many_clients_at_once_and_clients_that_drop_mid_response() {
    let site = fixture("serve");
    site.write("static/big.txt", &"0123456789abcdef".repeat(256 * 1024)); // 4 MiB
    let served = serve(&site, &[]);
    let port = served.port;
    // Clients that ask for a big file and hang up after the first bytes, or mid-request.
    for _ in 0..20 {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.write_all(format!("GET /big.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).expect("send");
        let mut some = [0u8; 1024];
        let _ = s.read(&mut some);
        drop(s);
        let mut half = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        half.write_all(b"GET /blog/hel").expect("send half a request");
        drop(half);
    }
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 { "/" } else { "/style.css" };
                request(port, "GET", path).status
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().expect("a client thread")).collect();
    assert!(statuses.iter().all(|s| *s == 200), "every client is served: {statuses:?}");
    let big = served.get("/big.txt");
    assert_eq!(big.body.len(), 4 * 1024 * 1024, "a whole big file is still served");
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_private_folder() {
    let site = fixture("serve");
    let mut served = serve(&site, &[]);
    let private = served.out.parent().expect("the private folder").to_path_buf();
    assert!(served.out.join("index.html").is_file());
    // An open page (its event stream) must not hold the server up.
    let mut events = Events::open(&served);
    events.next_state();
    let started = std::time::Instant::now();
    let status = served.run.interrupt();
    assert!(started.elapsed() < Duration::from_secs(5), "Ctrl-C took {:?}", started.elapsed());
    assert!(status.success(), "Ctrl-C is a clean stop: {status:?}\n{}", served.run.transcript());
    assert!(!private.exists(), "the private output folder {} is removed", private.display());
    assert!(tree(&site.root).keys().all(|k| !k.contains(".building")), "no staging folder is left in the site");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = fixture("serve");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("take a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let served = serve_with(&site, &["serve", "--root", path_str(&site.root), "--port", &port]);
    let line = served.run.stdout().into_iter().find(|l| l.starts_with("Serving")).unwrap_or_default();
    assert!(line.ends_with(&format!("(port {port} was taken)")), "{line}");
    assert_ne!(served.port.to_string(), port);
    assert_eq!(served.get("/").status, 200);
}

#[test]
fn open_without_a_browser_fails_softly() {
    let site = fixture("serve");
    let run = Running::start(&["serve", "--root", path_str(&site.root), "--port", "0", "--open"], site.tmp());
    // Whatever happens to the browser, the server is up.
    run.wait_line("the address", |l| l.starts_with("Serving http://"));
    wait_for("the first build", &run, || run.builds() >= 1);
}

#[test]
fn watch_rebuilds_the_output_folder_atomically() {
    let site = fixture("serve");
    let mut run = Running::start(&["watch", "--root", path_str(&site.root), "--drafts"], site.tmp());
    wait_for("the first build", &run, || run.builds() >= 1);
    let out = site.root.join("public");
    let fresh = |site: &crate::util::Site| {
        let dir = site.tmp().join("fresh-build");
        let _ = std::fs::remove_dir_all(&dir);
        site.build(&["--drafts", "--output", path_str(&dir)]).assert_success();
        tree(&dir)
    };
    assert_eq!(harness::read_tree(&out), Some(fresh(&site)));

    site.write("content/blog/hello.md", HELLO_V2);
    wait_for("the page to change", &run, || {
        std::fs::read_to_string(out.join("blog/hello/index.html")).is_ok_and(|t| t.contains("second version"))
    });
    let expected = fresh(&site);
    wait_for("the output to equal a build", &run, || harness::read_tree(&out).as_ref() == Some(&expected));

    // A broken edit: the diagnostics on stderr, the output untouched.
    let before = run.settled_builds(QUIET);
    site.write("content/blog/world.md", "---\ntitle: [unclosed\n---\n");
    wait_for("the error", &run, || run.stderr().contains("left untouched"));
    assert!(run.stderr().contains("content/blog/world.md:"), "{}", run.transcript());
    assert_eq!(harness::read_tree(&out), Some(expected), "a failed rebuild leaves the output as it was");
    // Its own output inside the root never starts another build.
    assert_eq!(run.settled_builds(QUIET), before + 1, "{}", run.transcript());

    let status = run.interrupt();
    assert!(status.success(), "{status:?}");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .expect("list the root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".building") || n.ends_with(".old"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left: {leftovers:?}");
    assert!(read(&out.join("blog/hello/index.html")).contains("second version"));
}

#[test]
fn status_json_and_event_stream_answer_even_with_a_raw_request() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let r = raw(served.port, "GET /__ltc-hub/status.json HTTP/1.0\r\n\r\n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.text().contains("\"generation\":1"), "{}", r.text());
}

#[test]
fn feeds_fetched_right_after_the_reload_message_already_show_the_edit() {
    // A body edit tells pages to reload as soon as the page itself is written; the feeds and
    // the search index are rendered after that. A request for them in between must wait for
    // the new file, never get the old one.
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let mut events = Events::open(&served);
    let first = events.next_state();
    for round in 0..5 {
        let text = format!("Hello, feed version {round}.");
        site.write("content/blog/hello.md", &HELLO_V2.replace("Hello, second version.", &text));
        let state = events.next_state();
        assert!(number_after(&state, "\"generation\":") > number_after(&first, "\"generation\":"));
        assert!(served.get("/blog/hello/").text().contains(&text), "round {round}: the page");
        assert!(served.get("/atom.xml").text().contains(&text), "round {round}: the feed");
        assert!(served.get("/rss.xml").text().contains(&text), "round {round}: the RSS feed");
    }
    served.assert_matches_build(&site);
}

#[test]
fn a_page_nested_too_deep_is_an_error_page_not_a_crash_and_hidden_errors_count() {
    let site = fixture("serve");
    let unclosed = "{% x() %}\n".repeat(25);
    site.write(
        "content/blog/hello.md",
        &format!("---\ntitle: Deep\n---\n\n{{{{ x(x={}\n\n{unclosed}", "[".repeat(20_000)),
    );
    let served = serve(&site, &[]);
    let html = served.get("/").text();
    assert!(html.contains("The site cannot be built yet: 26 errors"), "{html}");
    assert!(html.contains("nested more than 32 lists deep"), "{html}");
    assert!(html.contains("and 6 more errors in this file"), "{html}");
    site.write("content/blog/hello.md", HELLO_V2);
    page_has(&served, "/blog/hello/", "Hello, second version.");
}

/// A copy of the minimal site with enough pages that the first build of a debug binary takes a
/// second or more.
fn slow_site() -> crate::util::Site {
    let site = fixture("minimal");
    for i in 0..1000 {
        site.write(&format!("content/p{i}.md"), &format!("---\ntitle: \"P{i}\"\n---\nBody {i}.\n"));
    }
    site
}

/// Ctrl-C twice, 100 ms apart, while the first build runs; the process's exit status.
fn interrupt_twice(run: &mut Running) -> std::process::ExitStatus {
    std::thread::sleep(Duration::from_millis(300));
    let _ = std::process::Command::new("kill").args(["-INT", &run.pid().to_string()]).status();
    std::thread::sleep(Duration::from_millis(100));
    run.interrupt()
}

#[test]
fn a_second_ctrl_c_in_the_middle_of_a_build_stops_serve_at_once_with_130() {
    let site = slow_site();
    let mut run = Running::start(&["serve", "--root", path_str(&site.root), "--port", "0"], site.tmp());
    let building = run.wait_line("the building line", |l| l.starts_with("Building into "));
    let private = building["Building into ".len()..].split(" (removed").next().unwrap_or_default().to_string();
    let status = interrupt_twice(&mut run);
    assert_eq!(status.code(), Some(130), "{}", run.transcript());
    assert_eq!(run.stderr(), "Stopped in the middle of a build.", "{}", run.transcript());
    assert_eq!(run.stdout().last().map(String::as_str), Some("Stopping…"), "{}", run.transcript());
    let parent = std::path::Path::new(&private).parent().expect("the private folder has a parent");
    assert!(!parent.exists(), "the private folder {} is removed", parent.display());
}

#[test]
fn a_second_ctrl_c_in_the_middle_of_a_build_stops_watch_at_once_with_130() {
    let site = slow_site();
    let mut run = Running::start(&["watch", "--root", path_str(&site.root)], site.tmp());
    run.wait_line("the watching line", |l| l.starts_with("Watching "));
    let status = interrupt_twice(&mut run);
    assert_eq!(status.code(), Some(130), "{}", run.transcript());
    let said = "Stopped in the middle of a build; the next build or watch puts the output folder in order.";
    assert_eq!(run.stderr(), said, "{}", run.transcript());
    assert!(!run.stdout().iter().any(|l| l.contains("Built") || l == "Stopped."), "{}", run.transcript());
    let left: Vec<String> = std::fs::read_dir(&site.root)
        .expect("list the root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(left.is_empty(), "no lock file or unfinished build is left: {left:?}");
}
