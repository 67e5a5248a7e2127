//! `serve` against hostile clients and pages: `Host` headers that do not name the served
//! address (DNS rebinding), clients that open connections and never finish their request, more
//! connections than the process has file descriptors, and the paths the browser is shown.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::harness::{Events, LIMIT, Running, request, request_to, serve, served};
use super::page_has;
use crate::util::{fixture, path_str};

#[test]
fn host_header_must_name_the_served_address() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let port = served.port;
    for host in
        [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}"), format!("LocalHost:{port}")]
    {
        assert_eq!(request_to(port, &host, "GET", "/").status, 200, "Host: {host}");
    }
    let other = port.wrapping_add(1);
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{other}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}@evil.example"),
    ] {
        for path in ["/", "/blog/hello/", "/__ltc-hub/status.json", "/__ltc-hub/events", "/style.css"] {
            let r = request_to(port, &host, "GET", path);
            assert_eq!(r.status, 403, "Host: {host} {path} must be refused: {r:?}");
            assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
            let text = r.text();
            assert!(text.contains(&format!("127.0.0.1:{port}")) && text.contains("--bind 0.0.0.0"), "{text}");
            assert!(!text.contains("Hello") && !text.contains("generation"), "nothing of the site: {text}");
        }
    }
}

#[test]
fn bind_0_0_0_0_accepts_any_host() {
    let site = fixture("serve");
    let served = serve(&site, &["--bind", "0.0.0.0"]);
    let r = request_to(served.port, "preview.lan:8080", "GET", "/");
    assert_eq!(r.status, 200, "{r:?}");
    assert!(r.text().contains("Serve fixture home"));
}

/// Opens `n` connections to `port` that send half a request head and then nothing.
fn half_open(port: u16, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(format!("GET /blog/hello/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAcc").as_bytes())
                .expect("send half a request");
            s
        })
        .collect()
}

#[test]
fn half_open_connections_time_out_and_others_are_served_meanwhile() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let started = Instant::now();
    let mut idle = half_open(served.port, 300);
    assert_eq!(served.get("/").status, 200, "a client is served while 300 connections hang");
    // The server closes each hanging connection once its header read timeout is over.
    for (i, s) in idle.iter_mut().enumerate() {
        let left = LIMIT.saturating_sub(started.elapsed()).max(Duration::from_millis(10));
        s.set_read_timeout(Some(left)).expect("a read timeout");
        let mut buf = [0u8; 512];
        let closed = loop {
            match s.read(&mut buf) {
                Ok(0) => break true,
                Ok(_) => {} // a 408 response, if any, before the close
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    break false;
                }
                Err(_) => break true, // reset
            }
        };
        assert!(closed, "hanging connection {i} is still open after {:?}", started.elapsed());
    }
    assert!(started.elapsed() < LIMIT);
    assert_eq!(served.get("/blog/hello/").status, 200);
}

#[test]
fn connections_beyond_the_cap_do_not_starve_others() {
    let site = fixture("serve");
    let args = ["serve", "--root", path_str(&site.root), "--port", "0"];
    // 200 file descriptors in all, and 260 connections that never finish their request.
    let served = served(Running::start_with_fd_limit(&args, site.tmp(), 200));
    let _idle = half_open(served.port, 260);
    let port = served.port;
    let client = std::thread::spawn(move || request(port, "GET", "/").status);
    let started = Instant::now();
    while !client.is_finished() {
        assert!(started.elapsed() < LIMIT, "a client was not served:\n{}", served.run.transcript());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(client.join().expect("the client"), 200);
    // The process still has descriptors for its own work: a rebuild reads and writes files.
    site.write("content/blog/hello.md", "---\ntitle: \"Hello\"\ndate: 2024-01-01\n---\nHello after the flood.\n");
    page_has(&served, "/blog/hello/", "Hello after the flood.");
    assert!(!served.run.stderr().contains("Too many open files"), "{}", served.run.transcript());
}

#[test]
fn the_browser_is_shown_paths_relative_to_the_root() {
    let site = fixture("serve");
    let served = serve(&site, &[]);
    let mut events = Events::open(&served);
    events.next_state();
    let machine = path_str(site.tmp()).to_string();
    let private = path_str(served.out.parent().expect("the private folder")).to_string();
    // No content folder: the help names the folder to create.
    std::fs::rename(site.root.join("content"), site.tmp().join("content-away")).expect("move content/ away");
    let state = events.next_state();
    assert!(state.contains("there is no content/ folder"), "{state}");
    let overlay = served.get("/").text();
    let status = served.get("/__ltc-hub/status.json").text();
    for (what, text) in [("event", &state), ("overlay", &overlay), ("status", &status)] {
        assert!(!text.contains(&machine) && !text.contains(&private), "the {what} shows an absolute path: {text}");
    }
    assert!(status.contains("create content with an _index.md") || status.contains("create content/"), "{status}");
}

#[test]
fn first_build_without_site_yaml_shows_relative_paths() {
    let site = fixture("serve");
    site.remove("site.yaml");
    let served = serve(&site, &[]);
    let page = served.get("/");
    assert_eq!(page.status, 500);
    let machine = path_str(site.tmp()).to_string();
    for text in [page.text(), served.get("/__ltc-hub/status.json").text()] {
        assert!(text.contains("site.yaml"), "{text}");
        assert!(!text.contains(&machine), "an absolute path is shown: {text}");
    }
}
