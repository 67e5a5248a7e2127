//! Helpers every test shares: copying a fixture site into a temporary folder, running the real
//! `ltc-hub` binary on it, and reading back what it wrote. Tests never build inside
//! `tests/fixtures`; each works on its own copy, so they can run in parallel.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_ltc-hub");

/// The repository root (it holds `site.yaml`, `content/` and `themes/` of the real hub).
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

pub fn fixtures_dir() -> PathBuf {
    Path::new(REPO).join("tests").join("fixtures")
}

/// A copy of a fixture site. The site's root is `TMP/site`; the rest of `TMP` is room for
/// output folders outside the root. Everything is deleted when the value is dropped.
pub struct Site {
    tmp: TempDir,
    pub root: PathBuf,
}

/// Copies `tests/fixtures/NAME` into a fresh temporary folder.
pub fn fixture(name: &str) -> Site {
    fixture_at(name, None)
}

/// Like `fixture`, but in memory (`/dev/shm`) where there is one: for tests that create and
/// delete many small files, which on ext4 costs more than building them.
pub fn fixture_in_memory(name: &str) -> Site {
    let shm = Path::new("/dev/shm");
    fixture_at(name, shm.is_dir().then_some(shm))
}

fn fixture_at(name: &str, dir: Option<&Path>) -> Site {
    let mut builder = tempfile::Builder::new();
    builder.prefix("ltc-hub-test-");
    let tmp = match dir {
        Some(dir) => builder.tempdir_in(dir),
        None => builder.tempdir(),
    };
    let tmp = tmp.expect("create a temporary folder");
    let root = tmp.path().join("site");
    let src = fixtures_dir().join(name);
    assert!(src.is_dir(), "no fixture site {}", src.display());
    copy_dir(&src, &root);
    Site { tmp, root }
}

/// The `minimal` fixture with `tests/fixtures/invalid/CASE` laid over it.
pub fn invalid(case: &str) -> Site {
    let site = fixture("minimal");
    let overlay = fixtures_dir().join("invalid").join(case);
    assert!(overlay.is_dir(), "no invalid fixture {}", overlay.display());
    copy_dir(&overlay, &site.root);
    site
}

/// The names of every case under `tests/fixtures/invalid/`.
pub fn invalid_cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures_dir().join("invalid"))
        .expect("read tests/fixtures/invalid")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

impl Site {
    /// The temporary folder that holds the root (`TMP/site`).
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// The default output folder, `ROOT/public`.
    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Runs `ltc-hub build --root ROOT ARGS…` from the temporary folder.
    pub fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build", "--root", path_str(&self.root)];
        all.extend_from_slice(args);
        run(&all, self.tmp())
    }

    /// Builds into `TMP/NAME` (outside the root) and returns that folder.
    pub fn build_into(&self, name: &str, args: &[&str]) -> (PathBuf, Output) {
        let out = self.tmp().join(name);
        let mut all = vec!["--output", path_str(&out)];
        all.extend_from_slice(args);
        let result = self.build(&all);
        (out, result)
    }

    /// Builds into the default output folder and panics unless the build succeeded.
    pub fn build_ok(&self, args: &[&str]) -> PathBuf {
        self.build(args).assert_success();
        self.out()
    }

    /// Writes (or replaces) a file of the site, creating folders as needed.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Writes (or replaces) a file of the site with raw bytes, creating folders as needed.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Lays `tests/fixtures/DIR` over the site (its files added or replaced).
    pub fn overlay(&self, dir: &str) {
        let src = fixtures_dir().join(dir);
        assert!(src.is_dir(), "no fixture folder {}", src.display());
        copy_dir(&src, &self.root);
    }

    /// Runs `ltc-hub COMMAND --root ROOT ARGS…` from the temporary folder.
    pub fn run(&self, command: &str, args: &[&str]) -> Output {
        let mut all = vec![command, "--root", path_str(&self.root)];
        all.extend_from_slice(args);
        run(&all, self.tmp())
    }

    /// Runs `ltc-hub check --root ROOT ARGS…`.
    pub fn check(&self, args: &[&str]) -> Output {
        self.run("check", args)
    }

    /// Appends text to a file of the site.
    pub fn append(&self, rel: &str, text: &str) {
        let before = read(&self.root.join(rel));
        self.write(rel, &format!("{before}{text}"));
    }

    /// Deletes a file of the site.
    pub fn remove(&self, rel: &str) {
        let path = self.root.join(rel);
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
    }
}

/// What one run of the binary did.
pub struct Output {
    /// The exit code; -1 when the process was killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}", self.code, self.stdout, self.stderr)
    }
}

impl Output {
    pub fn assert_success(&self) -> &Self {
        assert_eq!(self.code, 0, "the build should succeed, but:\n{self:?}");
        self
    }

    /// A content, config or template error: exit code 1, never a panic (101).
    pub fn assert_error(&self) -> &Self {
        assert!(!self.stderr.contains("panicked"), "ltc-hub panicked:\n{self:?}");
        assert_eq!(self.code, 1, "the build should fail with exit code 1, but:\n{self:?}");
        assert!(
            self.stderr.contains("Build failed with"),
            "stderr should end with the \"Build failed with N error(s)\" line:\n{self:?}"
        );
        self
    }

    /// Asserts that stderr contains every one of `needles`.
    pub fn assert_stderr_has(&self, needles: &[&str]) -> &Self {
        for n in needles {
            assert!(self.stderr.contains(n), "stderr should contain {n:?}:\n{self:?}");
        }
        self
    }
}

/// The `FILE:LINE:COL` locations in `text` whose file ends with `file` (e.g. `content/a.md`),
/// as (line, column).
pub fn locations(text: &str, file: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let needle = format!("{file}:");
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let mut nums = rest.splitn(3, |c: char| !c.is_ascii_digit());
        let (Some(line), Some(col)) = (nums.next(), nums.next()) else { continue };
        let after_line = rest.as_bytes().get(line.len()).copied();
        if let (Ok(l), Ok(c), Some(b':')) = (line.parse(), col.parse(), after_line) {
            found.push((l, c));
        }
    }
    found
}

/// Runs the binary with `args` in `cwd`, with colours off.
pub fn run(args: &[&str], cwd: &Path) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("LTC_HUB_ENV")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run ltc-hub");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Reads a text file, with the path in the panic message.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Copies the folder `src` into `dst` (merging into what is there).
pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk a fixture");
        let rel = entry.path().strip_prefix(src).expect("inside the fixture");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {} to {}: {e}", entry.path().display(), target.display()));
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the output");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("inside the folder");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.insert(rel, std::fs::read(entry.path()).expect("read an output file"));
        }
    }
    files
}

/// Every folder and file under `dir` (relative paths), to check that nothing appeared.
pub fn listing(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).unwrap_or(e.path()).to_string_lossy().into_owned())
        .collect()
}

/// Asserts that two trees hold the same files with the same bytes, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    if names_a != names_b {
        let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        panic!("the file lists differ: only in the first {only_a:?}, only in the second {only_b:?}");
    }
    for (name, bytes) in a {
        if b[name] != *bytes {
            panic!(
                "{name} differs:\n--- first ---\n{}\n--- second ---\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&b[name])
            );
        }
    }
}

/// The relative paths of every `.html` file under `dir`.
pub fn html_files(dir: &Path) -> Vec<String> {
    tree_names(dir).into_iter().filter(|n| n.ends_with(".html")).collect()
}

/// The relative paths of every file under `dir`, without reading them.
pub fn tree_names(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside the folder");
            rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
        })
        .collect()
}

/// The values of every `NAME="…"` attribute in `html`, with entities decoded.
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(decode_entities(&after[..end]));
        rest = &after[end..];
    }
    out
}

/// Every `href` and `src` in `html`.
pub fn links(html: &str) -> Vec<String> {
    let mut all = attr_values(html, "href");
    all.extend(attr_values(html, "src"));
    all
}

/// The `href`s between the first `start` marker and the next `end` after it, in order.
pub fn hrefs_between(html: &str, start: &str, end: &str) -> Vec<String> {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start:?} in:\n{html}"));
    let block = &html[from..];
    let to = block.find(end).unwrap_or(block.len());
    attr_values(&block[..to], "href")
}

/// The link of each `<li><a href="…">` item between `start` and the next `end`, in order:
/// the entries of a listing, without links inside their summaries.
pub fn items_between(html: &str, start: &str, end: &str) -> Vec<String> {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start:?} in:\n{html}"));
    let block = &html[from..];
    let block = &block[..block.find(end).unwrap_or(block.len())];
    block
        .split("<li><a href=\"")
        .skip(1)
        .map(|item| decode_entities(&item[..item.find('"').unwrap_or(item.len())]))
        .collect()
}

/// Decodes the entities Tera and pulldown-cmark write.
pub fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The file a root-relative URL path (without base path) is served from, if it exists.
pub fn served_file(out: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['#', '?']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    let candidate = out.join(path);
    if path.is_empty() || path.ends_with('/') || candidate.is_dir() {
        let index = candidate.join("index.html");
        return index.is_file().then_some(index);
    }
    candidate.is_file().then_some(candidate)
}

/// Resolves `href`, found in the output file `from` (relative to `out`), to a URL path relative
/// to the site root: `None` for external links, fragments and special schemes.
pub fn internal_target(href: &str, from: &str, base_url: &str, base_path: &str) -> Option<String> {
    let href = href.split('#').next().unwrap_or("");
    let href = href.split('?').next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    if let Some(rest) = href.strip_prefix(base_url) {
        return Some(rest.to_string());
    }
    if href.starts_with("//") || href.contains(':') {
        return None; // another site, or mailto:, tel:, data:
    }
    if let Some(rest) = href.strip_prefix(base_path) {
        return Some(rest.to_string());
    }
    if href.starts_with('/') {
        return Some(format!("\u{0}outside the base path: {href}"));
    }
    // Relative to the folder of the file it is in.
    let mut segs: Vec<&str> = from.split('/').collect();
    segs.pop();
    for seg in href.split('/') {
        match seg {
            "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    Some(segs.join("/"))
}

/// Counts non-overlapping occurrences of `needle`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The index of `needle` in `haystack`, panicking with the haystack when it is missing.
pub fn pos(haystack: &str, needle: &str) -> usize {
    haystack.find(needle).unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}
