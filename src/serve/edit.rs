//! `serve --edit`: what the editor may read and write, and how. Decap CMS's proxy backend
//! (the protocol of decap-server's `localFs` middleware: `{action, params}` in, JSON out) is
//! answered by [`Editor::act`], in blocking code (`proxy.rs` is the HTTP side).
//!
//! Rules, for every path the editor sends: a plain relative path (no `..`, `.`, empty
//! segments, backslashes, `:`, or names starting with `.`), under `content/` or the media folder
//! (`cms.media_folder`, `static/uploads` by default), and still there once every symbolic link
//! on the way is resolved (a link out of those folders is refused, as by the rest of `serve`).
//! A page is checked exactly as a build reads it (`content::check_page_text`) before anything
//! is written: a page that breaks its collection's schema is refused with ltc-hub's own
//! diagnostics, and no file of the request is written. Files are written whole: to a temporary
//! file beside them (`.NAME.ltc-hub.tmp`, which the watcher ignores), then renamed into place,
//! so the watcher sees one change and rebuilds.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::{Value as J, json};
use sha2::Digest;

use crate::diagnostics::Diagnostic;
use crate::fs_guard;

/// The editor of one site.
pub(crate) struct Editor {
    /// The site's root, canonical.
    pub root: PathBuf,
    /// `--env`, for reading site.yaml as serve does.
    pub env: Option<String>,
    /// The token every request must carry (`?token=`), 32 hex digits.
    pub token: String,
}

/// A request the editor refuses: the HTTP status and the text Decap shows.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub status: u16,
    pub message: String,
}

fn refuse(status: u16, message: impl Into<String>) -> Refusal {
    Refusal { status, message: message.into() }
}

/// A new random token: 16 bytes from the operating system, as hex.
pub(crate) fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("cannot make a random token: {e}"))?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `given` is `token`, compared in constant time.
pub(crate) fn token_matches(given: &str, token: &str) -> bool {
    given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Where a path may lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Content,
    Media,
}

/// One file of a request to write: where, and its bytes.
struct Write {
    path: PathBuf,
    bytes: Vec<u8>,
}

fn text<'a>(params: &'a J, key: &str) -> Result<&'a str, Refusal> {
    params.get(key).and_then(J::as_str).ok_or_else(|| refuse(400, format!("`{key}` is missing from the request")))
}

impl Editor {
    /// Answers one action of Decap's proxy protocol.
    pub(crate) fn act(&self, action: &str, params: &J) -> Result<J, Refusal> {
        let config = self.config()?;
        let media = config.cms.media_folder.as_str();
        match action {
            "info" => {
                let repo = self.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                Ok(json!({"repo": repo, "publish_modes": ["simple"], "type": "local_fs"}))
            }
            "entriesByFolder" => {
                let folder = self.resolve(media, text(params, "folder")?, true)?.0;
                let extension = text(params, "extension")?;
                let depth = params.get("depth").and_then(J::as_u64).unwrap_or(1).min(16);
                let mut files = Vec::new();
                self.list(media, &folder, depth, &mut files);
                files.retain(|f| f.ends_with(&format!(".{extension}")) && !f.ends_with("/_index.md"));
                Ok(J::Array(files.iter().map(|f| self.entry(f, None)).collect()))
            }
            "entriesByFiles" => {
                let files = params.get("files").and_then(J::as_array).cloned().unwrap_or_default();
                let entries = files.iter().map(|f| {
                    let path = f.get("path").and_then(J::as_str).unwrap_or("");
                    match self.resolve(media, path, false) {
                        Ok(_) => self.entry(path, f.get("label").and_then(J::as_str)),
                        Err(_) => json!({"data": null, "file": {"path": path, "id": null}}),
                    }
                });
                Ok(J::Array(entries.collect()))
            }
            "getEntry" => {
                let path = text(params, "path")?;
                self.resolve(media, path, false)?;
                Ok(self.entry(path, None))
            }
            "unpublishedEntries" => Ok(json!([])),
            "getDeployPreview" => Ok(J::Null),
            "persistEntry" => self.persist_entry(&config, params),
            "getMedia" => {
                let folder = self.resolve(media, text(params, "mediaFolder")?, true)?.0;
                let mut files = Vec::new();
                self.list(media, &folder, 1, &mut files);
                files.iter().map(|f| self.media_file(media, f)).collect::<Result<Vec<_>, _>>().map(J::Array)
            }
            "getMediaFile" => self.media_file(media, text(params, "path")?),
            "persistMedia" => {
                let asset = params.get("asset").ok_or_else(|| refuse(400, "`asset` is missing from the request"))?;
                let write = self.asset(media, asset)?;
                self.write_all(&[write])?;
                self.media_file(media, text(asset, "path")?)
            }
            "deleteFile" => self.delete(media, &[text(params, "path")?]),
            "deleteFiles" => {
                let paths = params.get("paths").and_then(J::as_array).cloned().unwrap_or_default();
                self.delete(media, &paths.iter().filter_map(J::as_str).collect::<Vec<_>>())
            }
            other => Err(refuse(422, format!("Unknown action {other}"))),
        }
    }

    /// The site's configuration as serve reads it; a broken site.yaml refuses every write.
    fn config(&self) -> Result<crate::config::Config, Refusal> {
        crate::config::load_env(&self.root, None, self.env.as_deref())
            .map_err(|diags| refuse(422, format!("site.yaml has errors; fix them first.\n{}", self.render(&diags))))
    }

    /// Diagnostics as the form shows them: one paragraph each, `file:line:col: message`, then
    /// the help (the form has no room for the source lines the terminal shows).
    fn render(&self, diags: &[Diagnostic]) -> String {
        let one = |d: &Diagnostic| {
            let help = d.help.as_deref().map_or(String::new(), |h| format!(" Help: {h}"));
            format!("{}: {}.{help}", d.location(), d.message.trim_end_matches('.'))
        };
        diags.iter().map(one).collect::<Vec<_>>().join("\n")
    }

    /// `rel` (as the editor sends it) resolved under the root, with its area; `folder`: the
    /// area's own folder is allowed too.
    fn resolve(&self, media: &str, rel: &str, folder: bool) -> Result<(PathBuf, Area), Refusal> {
        let rel = rel.trim_end_matches('/');
        let outside = || {
            refuse(
                403,
                format!("`{rel}` is not a file the editor may change: only files under content/ and {media}/ are"),
            )
        };
        let plain = fs_guard::is_safe_relative(rel) && rel.split('/').all(|s| !s.starts_with('.'));
        if !plain {
            return Err(outside());
        }
        let inside =
            |base: &str| rel.strip_prefix(base).is_some_and(|r| r.starts_with('/') || (folder && r.is_empty()));
        let (base, area) = match () {
            () if inside("content") => ("content", Area::Content),
            () if inside(media) => (media, Area::Media),
            () => return Err(outside()),
        };
        let base = fs_guard::absolute(&self.root.join(base));
        let real = fs_guard::absolute(&self.root.join(rel));
        if !real.starts_with(&base) || !base.starts_with(&self.root) || (real == base && !folder) {
            return Err(refuse(403, format!("`{rel}` leads outside {} (a symbolic link)", area.name(media))));
        }
        Ok((real, area))
    }

    /// The files under `dir`, `depth` levels down, as paths from the root, sorted; no hidden
    /// files, editor temporary files or links out.
    fn list(&self, media: &str, dir: &Path, depth: u64, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || fs_guard::is_editor_temp(&name) {
                continue;
            }
            let path = fs_guard::absolute(&e.path());
            let Some(rel) = path.strip_prefix(&self.root).ok().and_then(Path::to_str) else { continue };
            let rel = rel.replace('\\', "/");
            if path.is_dir() && depth > 1 {
                self.list(media, &path, depth - 1, out);
            } else if path.is_file() && self.resolve(media, &rel, false).is_ok() {
                out.push(rel);
            }
        }
    }

    /// An entry as decap-server sends it: the text and the file's path and hash.
    fn entry(&self, rel: &str, label: Option<&str>) -> J {
        match std::fs::read(self.root.join(rel)) {
            Ok(bytes) => json!({
                "data": String::from_utf8_lossy(&bytes),
                "file": {"path": rel, "label": label, "id": hex(&sha2::Sha256::digest(&bytes))},
            }),
            Err(_) => json!({"data": null, "file": {"path": rel, "label": label, "id": null}}),
        }
    }

    /// A media file as decap-server sends it: its bytes in base64.
    fn media_file(&self, media: &str, rel: &str) -> Result<J, Refusal> {
        let (path, _) = self.resolve(media, rel, false)?;
        let bytes = std::fs::read(&path).map_err(|e| refuse(404, format!("cannot read `{rel}`: {e}")))?;
        Ok(json!({
            "id": hex(&sha2::Sha256::digest(&bytes)),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": rel,
            "name": rel.rsplit('/').next().unwrap_or(rel),
        }))
    }

    /// `persistEntry`: every page checked, then every file written; or nothing written.
    fn persist_entry(&self, config: &crate::config::Config, params: &J) -> Result<J, Refusal> {
        let media = config.cms.media_folder.as_str();
        let files: Vec<J> = match (params.get("dataFiles").and_then(J::as_array), params.get("entry")) {
            (Some(files), _) => files.clone(),
            (None, Some(entry)) => vec![entry.clone()],
            (None, None) => return Err(refuse(400, "`dataFiles` is missing from the request")),
        };
        let mut writes = Vec::new();
        let mut problems = Vec::new();
        let mut moves = Vec::new();
        for file in &files {
            let rel = text(file, "path")?;
            let raw = text(file, "raw")?;
            let (path, area) = self.resolve(media, rel, false)?;
            let key = rel.strip_prefix("content/").filter(|k| area == Area::Content && k.ends_with(".md"));
            let Some(key) = key else {
                return Err(refuse(403, format!("`{rel}` is not a page: pages are .md files under content/")));
            };
            problems.extend(
                crate::content::check_page_text(&self.root, config, key, raw).into_iter().filter(|d| d.is_error()),
            );
            if let Some(new) = file.get("newPath").and_then(J::as_str) {
                moves.push((path.clone(), self.resolve(media, new, false)?.0));
            }
            writes.push(Write { path, bytes: raw.as_bytes().to_vec() });
        }
        if !problems.is_empty() {
            return Err(refuse(422, format!("Not saved: ltc-hub found problems.\n{}", self.render(&problems))));
        }
        for asset in params.get("assets").and_then(J::as_array).into_iter().flatten() {
            writes.push(self.asset(media, asset)?);
        }
        self.write_all(&writes)?;
        for (from, to) in moves {
            std::fs::rename(&from, &to).map_err(|e| refuse(500, format!("cannot move the page: {e}")))?;
        }
        Ok(json!({"message": "entry persisted"}))
    }

    /// An uploaded file (`{path, content, encoding: base64}`), checked.
    fn asset(&self, media: &str, asset: &J) -> Result<Write, Refusal> {
        let rel = text(asset, "path")?;
        let (path, _) = self.resolve(media, rel, false)?;
        if rel.ends_with(".md") {
            return Err(refuse(403, format!("`{rel}`: pages are saved as entries, not uploaded")));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text(asset, "content")?)
            .map_err(|_| refuse(400, format!("`{rel}` is not base64")))?;
        Ok(Write { path, bytes })
    }

    /// Writes every file: each to a temporary file beside it first, then all renamed.
    fn write_all(&self, writes: &[Write]) -> Result<(), Refusal> {
        let fail = |path: &Path, e: std::io::Error| refuse(500, format!("cannot write {}: {e}", self.shown(path)));
        let mut temps = Vec::new();
        for w in writes {
            let dir = w.path.parent().ok_or_else(|| refuse(403, "no folder"))?;
            std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
            let name = w.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = dir.join(format!(".{name}.ltc-hub.tmp"));
            if let Err(e) = std::fs::write(&temp, &w.bytes) {
                temps.iter().chain([&temp]).for_each(|t: &PathBuf| drop(std::fs::remove_file(t)));
                return Err(fail(&w.path, e));
            }
            temps.push(temp);
        }
        for (temp, w) in temps.iter().zip(writes) {
            std::fs::rename(temp, &w.path).map_err(|e| fail(&w.path, e))?;
        }
        Ok(())
    }

    /// `deleteFile(s)`: files only; a file already gone is no error.
    fn delete(&self, media: &str, rels: &[&str]) -> Result<J, Refusal> {
        let paths =
            rels.iter().map(|r| self.resolve(media, r, false).map(|(p, _)| p)).collect::<Result<Vec<_>, _>>()?;
        for path in &paths {
            if path.is_file() {
                std::fs::remove_file(path)
                    .map_err(|e| refuse(500, format!("cannot delete {}: {e}", self.shown(path))))?;
            }
        }
        Ok(json!({"message": format!("deleted files {}", rels.join(", "))}))
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).display().to_string()
    }
}

impl Area {
    fn name(self, media: &str) -> String {
        match self {
            Area::Content => "content/".into(),
            Area::Media => format!("{media}/"),
        }
    }
}
