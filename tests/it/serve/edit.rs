//! `serve --edit`: Decap CMS's proxy backend over real HTTP, on a copy of the serve fixture
//! with a typed collection and `outputs.cms`. What is asserted is what a user would see: the
//! status, the error text the form shows, and the files on disk (written, or not).

use super::harness::{Served, raw, serve};
use super::page_has;
use crate::util::{Site, fixture, read};

const COLLECTION: &str = "\noutputs: { cms: true }\ncollections:\n  blog:\n    fields:\n      title: { required: true }\n      level: { values: [beginner, advanced], required: true }\n";

fn site() -> Site {
    let site = fixture("serve");
    site.append("site.yaml", COLLECTION);
    site.write("content/blog/hello.md", "---\ntitle: \"Hello\"\ndate: 2024-01-01\nlevel: beginner\n---\nHello.\n");
    site.remove("content/blog/draft.md");
    site.remove("content/blog/world.md");
    site
}

/// `serve --edit`, and the token it printed.
fn edit(site: &Site) -> (Served, String) {
    let served = serve(site, &["--edit"]);
    let line = served.run.wait_line("the editor's address", |l| l.starts_with("Edit in the browser: "));
    assert!(line.contains(&format!("{}admin/#token=", served.url)), "{line}");
    let token = line.rsplit("#token=").next().expect("a token").to_string();
    assert_eq!(token.len(), 32, "128 random bits");
    (served, token)
}

/// POSTs `body` to the proxy with `query` (e.g. `?token=…`) and extra header lines.
fn post(served: &Served, query: &str, headers: &str, body: &str) -> super::harness::Response {
    let target = format!("{}__ltc-hub/api/v1{query}", served.base);
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{headers}Connection: close\r\n\r\n",
        served.port,
        body.len()
    );
    raw(served.port, &format!("{head}{body}"))
}

fn persist(path: &str, raw: &str) -> String {
    let file = serde_json::json!({"slug": "x", "path": path, "raw": raw});
    serde_json::json!({"action": "persistEntry", "params": {"branch": "main", "dataFiles": [file], "assets": [],
        "options": {"commitMessage": "Create", "useWorkflow": false, "status": ""}}})
    .to_string()
}

const NEW: &str = "---\ntitle: New post\nlevel: advanced\n---\nWritten in the form.\n";

#[test]
fn a_good_write_lands_and_the_page_is_rebuilt() {
    let site = site();
    let (served, token) = edit(&site);
    let r = post(&served, &format!("?token={token}"), "", &persist("content/blog/new-post.md", NEW));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(read(&site.root.join("content/blog/new-post.md")), NEW);
    page_has(&served, "/blog/new-post/", "Written in the form.");
    let admin = served.get("/admin/");
    assert_eq!(admin.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(!admin.text().contains("EventSource"), "no live reload in the editor: a reload would lose its form");
    assert_eq!(served.get("/admin/config.yml").header("content-type"), Some("text/yaml; charset=utf-8"));
    let left: Vec<_> = std::fs::read_dir(site.root.join("content/blog")).expect("blog").flatten().collect();
    assert!(left.iter().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")), "no temporary file is left");

    // The editor lists the section's pages (not _index.md) and reads one back.
    let list =
        r#"{"action":"entriesByFolder","params":{"branch":"main","folder":"content/blog","extension":"md","depth":1}}"#;
    let r = post(&served, &format!("?token={token}"), "", list);
    let entries: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON");
    let paths: Vec<&str> =
        entries.as_array().expect("a list").iter().filter_map(|e| e["file"]["path"].as_str()).collect();
    assert_eq!(paths, ["content/blog/hello.md", "content/blog/new-post.md"]);
    assert_eq!(entries[1]["data"], NEW);
    assert_eq!(entries[1]["file"]["id"].as_str().map(str::len), Some(64), "a sha256, as decap-server sends");
}

#[test]
fn a_write_without_the_token_or_from_another_site_is_refused_and_nothing_is_written() {
    let site = site();
    let (served, token) = edit(&site);
    let body = persist("content/blog/sneaky.md", NEW);
    for (query, headers) in [
        ("", ""),
        ("?token=", ""),
        ("?token=00000000000000000000000000000000", ""),
        (&format!("?token={token}x") as &str, ""),
        (&format!("?token={token}") as &str, "Origin: http://evil.example\r\n"),
    ] {
        let r = post(&served, query, headers, &body);
        assert_eq!(r.status, 403, "{query} {headers}: {}", r.text());
        assert!(r.text().contains("\"error\""), "Decap shows `error`: {}", r.text());
    }
    assert!(!site.root.join("content/blog/sneaky.md").exists());
    // Reads need the token too: another site cannot list the drafts either.
    let r = post(&served, "", "", r#"{"action":"getEntry","params":{"path":"content/blog/hello.md"}}"#);
    assert_eq!(r.status, 403);
}

#[test]
fn paths_outside_content_and_the_media_folder_are_refused() {
    let site = site();
    let (served, token) = edit(&site);
    std::fs::create_dir_all(site.tmp().join("outside")).expect("mkdir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.tmp().join("outside"), site.root.join("content/out")).expect("symlink");
    let q = format!("?token={token}");
    for path in [
        "site.yaml",
        "templates/page.html",
        "content/../site.yaml",
        "content/blog/../../site.yaml",
        "/etc/passwd",
        "content//blog/x.md",
        "content\\\\blog\\\\x.md",
        "content/.git/config",
        "static/uploads/../../site.yaml",
        "content/out/escaped.md",
    ] {
        let r = post(&served, &q, "", &persist(path, NEW));
        assert_eq!(r.status, 403, "{path}: {}", r.text());
        let asset = serde_json::json!({"action": "persistMedia", "params": {"branch": "main",
            "asset": {"path": path, "content": "aGk=", "encoding": "base64"}, "options": {"commitMessage": "Upload"}}});
        assert_eq!(post(&served, &q, "", &asset.to_string()).status, 403, "upload to {path}");
        let read = serde_json::json!({"action": "getEntry", "params": {"branch": "main", "path": path}});
        assert_eq!(post(&served, &q, "", &read.to_string()).status, 403, "read of {path}");
    }
    assert!(!site.tmp().join("outside/escaped.md").exists(), "a link out of content/ is not followed");
    assert_eq!(read(&site.root.join("templates/page.html")), read(&fixture("serve").root.join("templates/page.html")));

    // An upload to the media folder lands, and is listed.
    let upload = r#"{"action":"persistMedia","params":{"branch":"main","asset":{"path":"static/uploads/a.txt","content":"aGk=","encoding":"base64"},"options":{"commitMessage":"Upload"}}}"#;
    let r = post(&served, &q, "", upload);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(read(&site.root.join("static/uploads/a.txt")), "hi");
    let r = post(&served, &q, "", r#"{"action":"getMedia","params":{"branch":"main","mediaFolder":"static/uploads"}}"#);
    assert!(r.text().contains("\"name\":\"a.txt\""), "{}", r.text());
}

#[test]
fn a_page_that_breaks_the_schema_is_refused_with_ltc_hubs_diagnostic_and_nothing_is_written() {
    let site = site();
    let (served, token) = edit(&site);
    let broken = "---\ntitle: Broken\nlevel: expert\n---\nText.\n";
    let body = serde_json::json!({"action": "persistEntry", "params": {"branch": "main", "assets": [
        {"path": "static/uploads/pic.txt", "content": "aGk=", "encoding": "base64"}],
        "dataFiles": [{"slug": "broken", "path": "content/blog/broken.md", "raw": broken}],
        "options": {"commitMessage": "Create", "useWorkflow": false, "status": ""}}});
    let r = post(&served, &format!("?token={token}"), "", &body.to_string());
    assert_eq!(r.status, 422, "{}", r.text());
    let error: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON");
    let error = error["error"].as_str().expect("an error text");
    assert!(error.contains("content/blog/broken.md:3:8"), "file:line:col: {error}");
    assert!(error.contains("`level` is `expert`, which is not one of the allowed values"), "{error}");
    assert!(error.contains("allowed: beginner, advanced"), "the help: {error}");
    assert!(!site.root.join("content/blog/broken.md").exists(), "the page is not written");
    assert!(!site.root.join("static/uploads/pic.txt").exists(), "nor its upload");

    // Editing an existing page into a broken one leaves it as it was.
    let before = read(&site.root.join("content/blog/hello.md"));
    let r =
        post(&served, &format!("?token={token}"), "", &persist("content/blog/hello.md", "---\nlevel: beginner\n---\n"));
    assert_eq!(r.status, 422, "the collection requires a title: {}", r.text());
    assert!(r.text().contains("title"), "{}", r.text());
    assert_eq!(read(&site.root.join("content/blog/hello.md")), before);
}

#[test]
fn edit_refuses_to_listen_beyond_this_machine_and_needs_the_forms() {
    let site = site();
    let out = site.run("serve", &["--bind", "0.0.0.0", "--edit"]);
    assert_eq!(out.code, 2, "a usage error: {out:?}");
    assert!(out.stderr.contains("--edit only listens on this machine, not on 0.0.0.0"), "{}", out.stderr);
    let plain = fixture("serve");
    let out = plain.run("serve", &["--port", "0", "--edit"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("add `cms: true` under `outputs:`"), "{}", out.stderr);
}

#[test]
fn without_edit_there_is_no_proxy() {
    let site = site();
    let served = serve(&site, &[]);
    let r = post(&served, "?token=whatever", "", &persist("content/blog/x.md", NEW));
    assert_eq!(r.status, 405, "only GET and HEAD are served: {}", r.text());
    assert!(!site.root.join("content/blog/x.md").exists());
}
