// Browser tests of the built LTC Resource Hub, in Debian's Chromium driven by playwright-core.
//
//   cd tests/browser && npm ci && node run.mjs
//
// 1. Builds the hub twice with `cargo run --release -- build`: at the root, and for a sub-path
//    (`--base-url https://example.org/ltc/`), each into a temporary folder.
// 2. Serves both with a small static file server (Node's http module): the root build at `/`,
//    the sub-path build at `/ltc/`, with the site's 404.html for missing files.
// 3. Checks, in Chromium:
//    a. axe-core on EVERY HTML page of the root build (and the search page with results shown),
//       tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa: zero violations allowed;
//    b. search, by keyboard only: from the home page, Tab to the header's Search link, Enter,
//       Tab to the labelled search field, type a case-study library's city, Tab to the result
//       and Enter lands on that library's case study; the same under /ltc/, and the filters
//       for library type, approach and format are offered;
//    c. the 90-day checklist: tick a box with the keyboard, reload, still ticked;
//    d. a screenshot of the home page (target/screenshots/home.png) and the checklist printed
//       to PDF (target/screenshots/checklist.pdf).
// Exits 1 on any failure; the last line reads "browser: N passed, N failed".
//
// Environment: CHROMIUM (default /usr/bin/chromium), HUB_OUT (use an existing root build
// instead of building, e.g. HUB_OUT=public; the sub-path checks are then skipped unless
// HUB_OUT_LTC names a build made with --base-url https://example.org/ltc/).

import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const axeVersion = require("axe-core/package.json").version;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const shots = path.join(repo, "target", "screenshots");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SUB_PATH = "/ltc/";

// The search checks: a case-study library's city, and the case study it must find.
const SEARCHES = [
  { query: "Tuscaloosa", expect: "case-studies/tuscaloosa-ala/" },
  { query: "Spokane", expect: "case-studies/spokane-county-wash/" },
];
const CHECKLIST = "turning-outward/90-day-plan/";

let passed = 0;
let failed = 0;
const failures = [];

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed += 1;
    failures.push(name);
    console.log(`FAIL ${name}\n     ${String(err && err.stack ? err.stack : err).replace(/\n/g, "\n     ")}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// ---------- build ----------

function build(out, extra) {
  const args = ["run", "--release", "--quiet", "--", "build", "--output", out, ...extra];
  console.log(`$ cargo ${args.join(" ")}`);
  const r = spawnSync("cargo", args, { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`the build failed (exit ${r.status})`);
    process.exit(1);
  }
}

// ---------- a static file server ----------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".ics": "text/calendar; charset=utf-8",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
};

function contentType(file) {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".pagefind" || ext.startsWith(".pf_")) return "application/octet-stream";
  return TYPES[ext] || "application/octet-stream";
}

// mounts: [[url prefix, folder]], longest prefix first.
function serve(mounts) {
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    const mount = mounts.find(([prefix]) => urlPath.startsWith(prefix));
    if (!mount || urlPath.split("/").some((seg) => seg === ".." || seg === ".")) {
      res.writeHead(400).end("bad request");
      return;
    }
    const [prefix, root] = mount;
    let file = path.join(root, urlPath.slice(prefix.length));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!urlPath.endsWith("/")) {
        res.writeHead(301, { Location: `${urlPath}/` }).end();
        return;
      }
      file = path.join(file, "index.html");
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = path.join(root, "404.html");
    }
    res.writeHead(status, { "Content-Type": contentType(file), "Cache-Control": "no-store" });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---------- helpers ----------

function htmlPages(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "pagefind") walk(p);
      } else if (entry.name.endsWith(".html")) {
        found.push(path.relative(dir, p).split(path.sep).join("/"));
      }
    }
  };
  walk(dir);
  return found.sort();
}

// The URL path a page is served at: `a/b/index.html` → `a/b/`.
function urlOf(rel) {
  return rel === "index.html" ? "" : rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel;
}

async function runAxe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  }, AXE_TAGS);
}

// Presses Tab until `predicate` holds for the focused element (evaluated in the page).
async function tabUntil(page, predicate, arg, max = 60) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(predicate, arg)) return i + 1;
  }
  throw new Error(`no focusable element matched after ${max} presses of Tab`);
}

// Types `query` into the search page's field and waits for a result linking to `href`.
async function searchFor(page, query, href) {
  const field = page.getByRole("textbox", { name: "Search the LTC Resource Hub", exact: true });
  await field.waitFor({ state: "visible", timeout: 15000 });
  await field.fill("");
  await field.pressSequentially(query, { delay: 30 });
  const link = page.locator(`a.pagefind-ui__result-link[href="${href}"]`).first();
  await link.waitFor({ state: "visible", timeout: 15000 });
  return link;
}

// ---------- main ----------

const tmp = mkdtempSync(path.join(os.tmpdir(), "ltc-hub-browser-"));
// HUB_OUT and HUB_OUT_LTC are taken relative to the repository root.
let out = process.env.HUB_OUT && path.resolve(repo, process.env.HUB_OUT);
let outLtc = process.env.HUB_OUT_LTC && path.resolve(repo, process.env.HUB_OUT_LTC);
if (!out) {
  out = path.join(tmp, "public");
  outLtc = path.join(tmp, "ltc");
  build(out, []);
  build(outLtc, ["--base-url", `https://example.org${SUB_PATH}`]);
}
const mounts = outLtc ? [[SUB_PATH, outLtc], ["/", out]] : [["/", out]];
const server = await serve(mounts);
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(`serving ${out} at ${origin}/${outLtc ? ` and ${outLtc} at ${origin}${SUB_PATH}` : ""}`);

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
console.log(`Chromium ${browser.version()}, axe-core ${axeVersion}`);

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));

  // a. axe on every page.
  await check(`axe-core (${AXE_TAGS.join(", ")}) on every HTML page`, async () => {
    const pages = htmlPages(out);
    assert(pages.length > 50, `only ${pages.length} HTML pages found in ${out}`);
    let total = 0;
    let withViolations = 0;
    const report = [];
    const audit = async (label, url, prepare) => {
      const resp = await page.goto(url, { waitUntil: "load" });
      assert(resp, `no response for ${url}`);
      if (prepare) await prepare();
      const violations = await runAxe(page);
      const n = violations.reduce((sum, v) => sum + v.nodes.length, 0);
      total += n;
      if (n > 0) withViolations += 1;
      console.log(`     ${String(n).padStart(3)}  ${label}`);
      for (const v of violations) {
        report.push(`${label}: ${v.id} (${v.impact}) ${v.help}\n         ${v.nodes.join("\n         ")}`);
      }
    };
    for (const rel of pages) {
      await audit(`/${urlOf(rel)}`, `${origin}/${urlOf(rel)}`);
    }
    // The search page as a visitor sees it with results and filters open.
    await audit("/search/ with results for \"library\"", `${origin}/search/`, async () => {
      const field = page.getByRole("textbox", { name: "Search the LTC Resource Hub", exact: true });
      await field.waitFor({ timeout: 15000 });
      await field.pressSequentially("library", { delay: 30 });
      await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 15000 });
      await page.waitForTimeout(500);
    });
    console.log(`     axe: ${total} violations in total on ${pages.length + 1} page checks (${pages.length} HTML pages); ${withViolations} pages with violations`);
    assert(total === 0, `${total} axe violations:\n     ${report.join("\n     ")}`);
  });

  // b. Search, by keyboard only, at the root.
  await check("search by keyboard: a library's city finds its case study", async () => {
    await page.goto(`${origin}/`);
    await tabUntil(page, () => document.activeElement?.matches(".nav-search a") ?? false);
    await Promise.all([page.waitForURL(`${origin}/search/`), page.keyboard.press("Enter")]);
    await page.getByRole("textbox", { name: "Search the LTC Resource Hub", exact: true }).waitFor({ timeout: 15000 });
    await tabUntil(page, () => document.activeElement?.id === "search-input");
    const { query, expect } = SEARCHES[0];
    await page.keyboard.type(query, { delay: 30 });
    const href = `/${expect}`;
    await page.locator(`a.pagefind-ui__result-link[href="${href}"]`).first().waitFor({ timeout: 15000 });
    await page.waitForFunction(() => /result/.test(document.getElementById("search-status")?.textContent || ""), null, { timeout: 10000 });
    const status = await page.locator("#search-status").textContent();
    await tabUntil(page, (h) => document.activeElement?.getAttribute("href") === h, href);
    await Promise.all([page.waitForURL(`${origin}${href}`), page.keyboard.press("Enter")]);
    console.log(`     "${query}" → ${href}; announced: "${(status || "").trim()}"`);
    assert((await page.locator("h1").textContent()).length > 0, "the case study has a heading");
  });

  await check("search: every test city finds its case study, with filters for library type, approach and format", async () => {
    await page.goto(`${origin}/search/`);
    for (const { query, expect } of SEARCHES) {
      const link = await searchFor(page, query, `/${expect}`);
      const results = await page.locator("a.pagefind-ui__result-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      console.log(`     "${query}": ${results.length} results, first ${results.slice(0, 3).join(", ")}; found /${expect}`);
      assert(await link.isVisible(), `no visible result for /${expect}`);
    }
    const filters = await page.locator(".pagefind-ui__filter-name, .pagefind-ui__filter-panel legend, .pagefind-ui__filter-group summary").allTextContents();
    const text = filters.join(" | ");
    for (const name of ["Library type", "Approach", "Format"]) {
      assert(text.includes(name), `the search filters include "${name}" (found: ${text})`);
    }
    // ?q= in the address runs that search.
    await page.goto(`${origin}/search/?q=${encodeURIComponent(SEARCHES[1].query)}`);
    await page.locator(`a.pagefind-ui__result-link[href="/${SEARCHES[1].expect}"]`).first().waitFor({ timeout: 15000 });
  });

  if (outLtc) {
    await check(`search under the sub-path ${SUB_PATH}`, async () => {
      await page.goto(`${origin}${SUB_PATH}`);
      const searchHref = await page.locator(".nav-search a").getAttribute("href");
      assert(searchHref === `${SUB_PATH}search/`, `the header links ${searchHref}`);
      await page.goto(`${origin}${SUB_PATH}search/`);
      for (const { query, expect } of SEARCHES) {
        await searchFor(page, query, `${SUB_PATH}${expect}`);
      }
      const hrefs = await page.locator("a.pagefind-ui__result-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert(hrefs.every((h) => h.startsWith(SUB_PATH) && !h.startsWith(`${SUB_PATH}${SUB_PATH.slice(1)}`)), `result links keep one ${SUB_PATH}: ${hrefs.join(", ")}`);
      await page.locator(`a.pagefind-ui__result-link[href="${SUB_PATH}${SEARCHES[1].expect}"]`).first().click();
      await page.waitForURL(`${origin}${SUB_PATH}${SEARCHES[1].expect}`);
      const css = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
      assert(css === "rgb(15, 47, 79)", `the stylesheet loads under ${SUB_PATH} (header colour ${css})`);
    });
  }

  // c. The checklist keeps its ticks.
  await check("the 90-day checklist keeps a tick after a reload and in a new tab", async () => {
    await page.goto(`${origin}/${CHECKLIST}`);
    const boxes = page.getByRole("checkbox");
    const n = await boxes.count();
    assert(n > 20, `the checklist has its boxes (${n})`);
    const second = boxes.nth(1);
    assert(!(await second.isChecked()), "a fresh checklist starts empty");
    const name = await second.evaluate((el) => (el.labels && el.labels[0] ? el.labels[0].textContent.trim() : ""));
    assert(name.length > 0, "each box is named by its label");
    await second.focus();
    await page.keyboard.press("Space");
    assert(await second.isChecked(), "Space ticks the focused box");
    await page.reload();
    assert(await page.getByRole("checkbox").nth(1).isChecked(), "the tick survives a reload");
    assert(!(await page.getByRole("checkbox").nth(0).isChecked()), "and only that box is ticked");
    const status = await page.locator(".checklist-status").textContent();
    assert(/^1 of \d+ steps ticked/.test(status), `the status says so: "${status}"`);
    const other = await context.newPage();
    await other.goto(`${origin}/${CHECKLIST}`);
    assert(await other.getByRole("checkbox").nth(1).isChecked(), "the tick is there in a new tab");
    await other.close();
    console.log(`     ticked "${name.slice(0, 60)}…"; ${status}`);
  });

  // d. A screenshot of the home page and the printed checklist.
  await check("screenshot of the home page and the checklist printed to PDF", async () => {
    mkdirSync(shots, { recursive: true });
    await page.goto(`${origin}/`);
    const png = path.join(shots, "home.png");
    await page.screenshot({ path: png, fullPage: true });

    const fresh = await browser.newContext();
    const print = await fresh.newPage();
    await print.goto(`${origin}/${CHECKLIST}`);
    await print.locator(".checklist-status").waitFor();
    await print.emulateMedia({ media: "print" });
    const hidden = await print.evaluate(() =>
      [".site-nav", ".site-footer", ".breadcrumbs", ".checklist-tools"].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).display : "none";
      }),
    );
    assert(hidden.every((d) => d === "none"), `navigation and toolbars are hidden in print (${hidden.join(", ")})`);
    const pdf = path.join(shots, "checklist.pdf");
    await print.pdf({ path: pdf, format: "Letter", printBackground: true });
    await fresh.close();
    const head = readFileSync(pdf).subarray(0, 5).toString();
    assert(head === "%PDF-", "checklist.pdf is a PDF");
    assert(statSync(png).size > 10000, "home.png has content");
    console.log(`     ${path.relative(repo, png)} (${statSync(png).size} bytes), ${path.relative(repo, pdf)} (${statSync(pdf).size} bytes)`);
  });

  await check("no script errors on any page visited", async () => {
    assert(pageErrors.length === 0, pageErrors.join("\n"));
  });
} finally {
  await browser.close();
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}

if (failures.length) console.log(`failed: ${failures.join("; ")}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
