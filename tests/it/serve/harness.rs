//! Running `ltc-hub serve` and `ltc-hub watch` as a user would: the real binary on a copy of a
//! fixture site, its output read line by line, a minimal HTTP/1.1 client over raw TCP (so that
//! request paths reach the server exactly as written, `..` included), and bounded polling.
//! Every process is stopped with SIGINT (then killed) when its guard is dropped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{BIN, Site, assert_same_tree, path_str};

/// How long anything may take before a test fails (generous: the machine may be loaded).
pub const LIMIT: Duration = Duration::from_secs(20);

/// A running `ltc-hub serve` or `watch`, with everything it printed so far.
pub struct Running {
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Running {
    pub fn start(args: &[&str], cwd: &Path) -> Running {
        Running::start_with_env(args, cwd, &[])
    }

    /// [`Running::start`] with extra environment variables (e.g. `LTC_HUB_INJECT`).
    pub fn start_with_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Running {
        let mut command = Command::new(BIN);
        command.args(args).envs(env.iter().copied());
        Running::spawn(command, cwd)
    }

    /// Starts `ltc-hub ARGS…` with at most `files` open file descriptors (`ulimit -n`).
    pub fn start_with_fd_limit(args: &[&str], cwd: &Path, files: u32) -> Running {
        let mut command = Command::new("sh");
        command.arg("-c").arg(format!("ulimit -n {files} && exec \"$0\" \"$@\"")).arg(BIN).args(args);
        Running::spawn(command, cwd)
    }

    fn spawn(mut command: Command, cwd: &Path) -> Running {
        let mut child = command
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ltc-hub");
        let stdout = collect(child.stdout.take().expect("piped stdout"));
        let stderr = collect(child.stderr.take().expect("piped stderr"));
        Running { child, stdout, stderr }
    }

    /// The process id, as ltc-hub reports it in its lock file.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stdout(&self) -> Vec<String> {
        self.stdout.lock().expect("stdout lines").clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lines").join("\n")
    }

    /// Everything printed so far, for failure messages.
    pub fn transcript(&self) -> String {
        format!("--- stdout ---\n{}\n--- stderr ---\n{}", self.stdout().join("\n"), self.stderr())
    }

    /// Waits for a stdout line matching `pred` and returns it.
    pub fn wait_line(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let mut found = None;
        wait_for(what, self, || {
            found = self.stdout().into_iter().find(|l| pred(l));
            found.is_some()
        });
        found.unwrap_or_default()
    }

    /// How many builds ended so far (successful or not).
    pub fn builds(&self) -> usize {
        let ok = self.stdout().iter().filter(|l| l.contains(" rebuilt ") || l.contains(" Built ")).count();
        let failed = self.stderr.lock().expect("stderr").iter().filter(|l| l.contains("uild failed with")).count();
        ok + failed
    }

    /// Waits until no build has ended for `quiet`, and returns how many ended in all.
    pub fn settled_builds(&self, quiet: Duration) -> usize {
        let deadline = Instant::now() + LIMIT;
        let mut count = self.builds();
        let mut since = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.builds();
            if now != count {
                count = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                break;
            }
        }
        count
    }

    /// Sends SIGINT (Ctrl-C) and waits for the process to end.
    pub fn interrupt(&mut self) -> ExitStatus {
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + LIMIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for ltc-hub") {
                return status;
            }
            assert!(Instant::now() < deadline, "ltc-hub did not stop after Ctrl-C:\n{}", self.transcript());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            sink.lock().expect("output lines").push(line);
        }
    });
    lines
}

/// Polls `check` every 20 ms until it holds, failing the test after [`LIMIT`].
pub fn wait_for(what: &str, run: &Running, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + LIMIT;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}:\n{}", run.transcript());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `ltc-hub serve` on a site, once it has printed its address.
pub struct Served {
    pub run: Running,
    pub port: u16,
    /// `http://127.0.0.1:PORT/BASE/`.
    pub url: String,
    /// The base path, e.g. `/` or `/ltc/`.
    pub base: String,
    /// The private output folder it builds into.
    pub out: PathBuf,
}

/// Starts `ltc-hub serve --root ROOT --port 0 EXTRA…` and waits for its first build to end.
pub fn serve(site: &Site, extra: &[&str]) -> Served {
    let mut args = vec!["serve", "--root", path_str(&site.root), "--port", "0"];
    args.extend_from_slice(extra);
    serve_with(site, &args)
}

/// Starts `ltc-hub ARGS…` (a serve command) and waits for its first build to end.
pub fn serve_with(site: &Site, args: &[&str]) -> Served {
    served(Running::start(args, site.tmp()))
}

/// Waits for a started serve command's address and first build.
pub fn served(run: Running) -> Served {
    let line = run.wait_line("the address", |l| l.starts_with("Serving http://"));
    let url = line["Serving ".len()..].split(' ').next().unwrap_or_default().to_string();
    let after_host = &url["http://127.0.0.1:".len()..];
    let (port, base) = after_host.split_at(after_host.find('/').expect("the URL has a path"));
    let port = port.parse().expect("a port number");
    let building = run.wait_line("the output folder", |l| l.starts_with("Building into "));
    let out = PathBuf::from(&building["Building into ".len()..building.find(" (").expect("(removed…)")]);
    wait_for("the first build", &run, || run.builds() >= 1);
    Served { port, base: base.to_string(), url: url.clone(), out, run }
}

impl Served {
    pub fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// Polls `path` until its response satisfies `check`; returns that response.
    pub fn wait_page(&self, what: &str, path: &str, check: impl Fn(&Response) -> bool) -> Response {
        let mut last = None;
        wait_for(what, &self.run, || {
            let r = self.get(path);
            let ok = check(&r);
            last = Some(r);
            ok
        });
        last.expect("at least one response")
    }

    /// Asserts that the served output folder equals a fresh `build --drafts` of the same root
    /// with the same base URL, byte for byte (polling, since a rebuild may still be swapping).
    pub fn assert_matches_build(&self, site: &Site) {
        let fresh = site.tmp().join("fresh-build");
        let _ = std::fs::remove_dir_all(&fresh);
        site.build(&["--drafts", "--base-url", &self.url, "--output", path_str(&fresh)]).assert_success();
        let expected = read_tree(&fresh).expect("read the fresh build");
        let deadline = Instant::now() + LIMIT;
        loop {
            match read_tree(&self.out) {
                Some(got) if got == expected => return,
                Some(got) if Instant::now() >= deadline => {
                    assert_same_tree(&got, &expected);
                    panic!("the trees differ");
                }
                _ => {
                    assert!(Instant::now() < deadline, "cannot read {}:\n{}", self.out.display(), self.run.transcript())
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Every file under `dir` with its bytes, or `None` if anything vanished while reading.
pub fn read_tree(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).ok()?;
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.insert(rel, std::fs::read(entry.path()).ok()?);
        }
    }
    (!files.is_empty()).then_some(files)
}

/// The number right after `key` in `json`.
pub fn number_after(json: &str, key: &str) -> u64 {
    let at = json.find(key).unwrap_or_else(|| panic!("no {key} in {json}")) + key.len();
    json[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().expect("a number")
}

/// One HTTP response.
#[derive(Debug, Default)]
pub struct Response {
    /// 0 when the server closed the connection without answering.
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends `METHOD TARGET HTTP/1.1` exactly as given (to `Host: 127.0.0.1:PORT`, as a browser
/// does), and reads the whole response.
pub fn request(port: u16, method: &str, target: &str) -> Response {
    request_to(port, &format!("127.0.0.1:{port}"), method, target)
}

/// [`request`] with the `Host` header `host`.
pub fn request_to(port: u16, host: &str, method: &str, target: &str) -> Response {
    raw(port, &format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
}

/// Sends `bytes` as they are and reads until the server closes the connection.
pub fn raw(port: u16, bytes: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to ltc-hub serve");
    stream.set_read_timeout(Some(LIMIT)).expect("set a read timeout");
    stream.write_all(bytes.as_bytes()).expect("send the request");
    let mut all = Vec::new();
    let _ = stream.read_to_end(&mut all);
    parse(&all)
}

fn parse(all: &[u8]) -> Response {
    let Some(split) = all.windows(4).position(|w| w == b"\r\n\r\n") else { return Response::default() };
    let head = String::from_utf8_lossy(&all[..split]);
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response { status, headers, body: all[split + 4..].to_vec() }
}

/// An open live-reload stream (server-sent events).
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(served: &Served) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).expect("connect to the event stream");
        stream.set_read_timeout(Some(LIMIT)).expect("set a read timeout");
        let target = format!("{}__ltc-hub/events", served.base);
        let host = format!("127.0.0.1:{}", served.port);
        write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n")
            .expect("ask for the events");
        Events { reader: BufReader::new(stream) }
    }

    /// The data of the next `state` event.
    pub fn next_state(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("read the event stream (timed out?)");
            assert!(n > 0, "the event stream ended");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return data.to_string();
            }
        }
    }
}
