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
//    b. search, by keyboard only: from the home page, Tab to the header's search field, type a
//       case-study library's city, Enter opens the search page (its field focused), Tab to the
//       result and Enter lands on that library's case study; the header form on every page and
//       without JavaScript; the same under /ltc/, and the filters for library type, approach
//       and format are offered;
//    c. the 90-day checklist: tick a box with the keyboard, reload, still ticked;
//    e. filter chips: a filter from the address shows as a chip and is named when nothing
//       matches; removing and choosing filters updates the address; Back restores the search;
//    f. phones: no page scrolls sideways at 320 or 390 px; the header's menu is folded behind
//       a Menu button that opens by keyboard; the comparison tables are cards; footer links
//       are at least 24 px tall; contact addresses are mailto: links and every page offers a
//       correction by email; axe at 390 px with the menu open;
//    d. screenshots of home, case studies, approaches, checklist and search at 390 and 1366 px
//       (target/screenshots/NAME-WIDTH.png), the checklist's first printed page
//       (checklist-print-page1.png) and the checklist printed to PDF (checklist.pdf);
//    h. the hub in Spanish: each Spanish page has lang="es" and a language switcher linking both
//       ways (none on untranslated pages); the Spanish checklist keeps its own ticks; search on
//       /es/search/ finds the Spanish checklist first for "lista de verificación";
//    g. the editing forms (cms.mjs): admin/config.yml fits Decap CMS's configuration schema,
//       and a training added through the form under `serve --edit` on a copy of the hub.
// Exits 1 on any failure; the last line reads "browser: N passed, N failed".
//
// Environment: CHROMIUM (default /usr/bin/chromium), HUB_OUT (use an existing root build
// instead of building, e.g. HUB_OUT=public; the sub-path checks are then skipped unless
// HUB_OUT_LTC names a build made with --base-url https://example.org/ltc/), ONLY (a regular
// expression: run only the checks whose names match it, e.g. ONLY=chips).

import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { cmsChecks } from "./cms.mjs";

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
  if (process.env.ONLY && !new RegExp(process.env.ONLY, "i").test(name)) return;
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
        // admin/ is the Decap CMS editor, not a page of the hub: cms.mjs checks it.
        if (entry.name !== "pagefind" && !(d === dir && entry.name === "admin")) walk(p);
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

  // b. Search, by keyboard only, at the root: the header's search form, then the result.
  await check("search by keyboard: the header's search form finds a library's case study", async () => {
    await page.goto(`${origin}/`);
    await tabUntil(page, () => document.activeElement?.id === "header-q");
    const { query, expect } = SEARCHES[0];
    await page.keyboard.type(query, { delay: 30 });
    await Promise.all([page.waitForURL(`${origin}/search/?q=${query}`), page.keyboard.press("Enter")]);
    const href = `/${expect}`;
    await page.locator(`a.pagefind-ui__result-link[href="${href}"]`).first().waitFor({ timeout: 15000 });
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert(focused === "search-input", `the search page's field has the focus on arrival (${focused})`);
    assert((await page.locator("#search-input").inputValue()) === query, "the field holds the words from the header");
    await page.waitForFunction(() => /result/.test(document.getElementById("search-status")?.textContent || ""), null, { timeout: 10000 });
    const status = await page.locator("#search-status").textContent();
    await tabUntil(page, (h) => document.activeElement?.getAttribute("href") === h, href);
    await Promise.all([page.waitForURL(`${origin}${href}`), page.keyboard.press("Enter")]);
    console.log(`     header form "${query}" → /search/?q=${query} → ${href}; announced: "${(status || "").trim()}"`);
    assert((await page.locator("h1").textContent()).length > 0, "the case study has a heading");
  });

  await check("the header search form is on every page but the search page, and works without JavaScript", async () => {
    // English pages; the Spanish ones (es/) are checked in "h" below.
    const pages = htmlPages(out).filter((rel) => rel !== "search/index.html" && !rel.startsWith("es/"));
    const sample = [pages[0], ...pages.filter((_, i) => i % 10 === 5)];
    for (const rel of sample) {
      await page.goto(`${origin}/${urlOf(rel)}`);
      const form = page.getByRole("search", { name: "Site" });
      assert((await form.count()) === 1, `/${urlOf(rel)} has one site search form`);
      assert((await form.getAttribute("action")) === "/search/" && (await form.getAttribute("method")) === "get", `/${urlOf(rel)}: the form sends GET to /search/`);
      assert((await page.getByRole("searchbox", { name: "Search the LTC Resource Hub" }).getAttribute("name")) === "q", "the field is sent as q");
    }
    await page.goto(`${origin}/search/`);
    assert((await page.locator("form.header-search").count()) === 0, "the search page has no second search form in its header");
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const nojs = await plain.newPage();
    await nojs.goto(`${origin}/case-studies/`);
    await nojs.getByRole("searchbox", { name: "Search the LTC Resource Hub" }).fill("Spokane");
    await Promise.all([nojs.waitForURL(`${origin}/search/?q=Spokane`), nojs.keyboard.press("Enter")]);
    assert(/Search needs JavaScript/.test(await nojs.locator("main").textContent()), "without scripts the search page says what to do instead");
    await plain.close();
    console.log(`     checked ${sample.length} pages; without JavaScript the form opens /search/?q=Spokane`);
  });

  await check("search: every test city finds its case study, with filters for library type, approach and format", async () => {
    await page.goto(`${origin}/search/`);
    for (const { query, expect } of SEARCHES) {
      const link = await searchFor(page, query, `/${expect}`);
      const results = await page.locator("a.pagefind-ui__result-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      console.log(`     "${query}": ${results.length} results, first ${results.slice(0, 3).join(", ")}; found /${expect}`);
      assert(await link.isVisible(), `no visible result for /${expect}`);
    }
    const tags = await page.locator(".pagefind-ui__result-tags").evaluateAll((ts) => ts.filter((t) => t.getClientRects().length > 0).length);
    assert(tags === 0, `no raw metadata tags under results (${tags} shown)`);
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
      const searchHref = await page.locator("form.header-search").getAttribute("action");
      assert(searchHref === `${SUB_PATH}search/`, `the header's search form goes to ${searchHref}`);
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

  // e. Filter chips and the search in the address.
  await check("search filters show as removable chips, are named when nothing matches, and live in the address", async () => {
    const filter = "Library type:Small and rural libraries";
    await page.goto(`${origin}/search/?q=Tuscaloosa&filter=${encodeURIComponent(filter)}`);
    const chip = page.getByRole("button", { name: "Remove the filter Library type: Small and rural libraries" });
    await chip.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => /No results/.test(document.getElementById("search-status")?.textContent || ""), null, { timeout: 15000 });
    const status = await page.locator("#search-status").textContent();
    assert(status.includes("Library type: Small and rural libraries"), `the no-results message names the filter: "${status}"`);
    assert(await page.locator(".search-chips-note").isVisible(), "a visible note says a filter is narrowing the search");
    const ticked = await page.evaluate(() => [...document.querySelectorAll("input.pagefind-ui__filter-checkbox:checked")].map((b) => `${b.name}:${b.value}`));
    assert(ticked.join() === filter, `the filter from the address is ticked in the panel (${ticked.join()})`);
    // Remove it with the keyboard: the search widens and the address forgets the filter.
    await chip.focus();
    await page.keyboard.press("Enter");
    await page.locator('a.pagefind-ui__result-link[href="/case-studies/tuscaloosa-ala/"]').first().waitFor({ timeout: 15000 });
    await page.waitForFunction(() => !location.search.includes("filter="), null, { timeout: 5000 });
    assert(!(await page.locator("#search-chips").isVisible()), "no chips once no filter is on");
    // Choose a filter in the panel, collapse its group: the chip stays, and so does the address.
    const group = page.locator("details.pagefind-ui__filter-block", { has: page.locator("summary", { hasText: "Format" }) });
    const isOpen = () => group.evaluate((d) => d.open);
    if (!(await isOpen())) await group.locator("summary").click();
    await page.locator("label.pagefind-ui__filter-label", { hasText: "Case study" }).click();
    await group.locator("summary").click();
    assert(!(await isOpen()), "the Format group is collapsed");
    await page.getByRole("button", { name: "Remove the filter Format: Case study" }).waitFor({ timeout: 10000 });
    await page.waitForFunction(() => new URLSearchParams(location.search).getAll("filter").join() === "Format:Case study", null, { timeout: 5000 });
    const shared = page.url();
    // A shared link, and Back after opening a result, bring the same search back.
    await page.locator('a.pagefind-ui__result-link[href="/case-studies/tuscaloosa-ala/"]').first().click();
    await page.waitForURL(`${origin}/case-studies/tuscaloosa-ala/`);
    await page.goBack();
    await page.getByRole("button", { name: "Remove the filter Format: Case study" }).waitFor({ timeout: 15000 });
    assert((await page.locator("#search-input").inputValue()) === "Tuscaloosa", "Back restores the words");
    console.log(`     "${status.trim()}"; shared link ${shared.slice(origin.length)}`);
  });

  // f. Phones: no sideways scrolling, the folded menu, tables as cards, footer targets.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const mobile = await phone.newPage();
  mobile.on("pageerror", (e) => pageErrors.push(`${mobile.url()}: ${e.message}`));

  await check("no page scrolls sideways at 320 px (every page) or 390 px (every page)", async () => {
    const pages = htmlPages(out);
    const wide = [];
    for (const width of [320, 390]) {
      await mobile.setViewportSize({ width, height: 640 });
      for (const rel of pages) {
        await mobile.goto(`${origin}/${urlOf(rel)}`);
        const sw = await mobile.evaluate(() => document.documentElement.scrollWidth);
        if (sw > width) wide.push(`/${urlOf(rel)} is ${sw} px wide at ${width} px`);
      }
    }
    await mobile.setViewportSize({ width: 390, height: 844 });
    console.log(`     ${pages.length} pages at 320 and 390 px`);
    assert(wide.length === 0, wide.join("\n"));
  });

  await check("the menu folds behind a Menu button on a phone and opens with the keyboard", async () => {
    for (const width of [320, 390]) {
      await mobile.setViewportSize({ width, height: 844 });
      await mobile.goto(`${origin}/case-studies/`);
      const header = await mobile.locator(".site-header").evaluate((e) => e.getBoundingClientRect().height);
      assert(header <= 140, `the header is at most 140 px tall at ${width} px (${header})`);
      const link = mobile.getByRole("link", { name: "Approaches" });
      assert(!(await link.isVisible()), `the menu is folded at ${width} px`);
      await tabUntil(mobile, () => document.activeElement?.matches(".menu > summary") ?? false);
      assert(await mobile.locator(".menu > summary").evaluate((e) => e.getBoundingClientRect().height >= 44), "the Menu button is at least 44 px tall");
      await mobile.keyboard.press("Enter");
      assert(await link.isVisible(), "Enter opens the menu");
      await tabUntil(mobile, () => document.activeElement?.textContent === "Case studies");
      assert((await mobile.evaluate(() => document.activeElement.getAttribute("aria-current"))) === "page", "the current section is marked");
      await tabUntil(mobile, () => document.activeElement?.textContent === "By library type");
      await mobile.keyboard.press("Shift+Tab");
      console.log(`     ${width} px: header ${Math.round(header)} px, menu opened by Enter, links reachable by Tab`);
    }
    await mobile.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/case-studies/`);
    assert(await page.getByRole("link", { name: "Approaches" }).isVisible(), "on a wide screen the menu is open");
    assert(!(await page.locator(".menu > summary").isVisible()), "and the Menu button is hidden");
  });

  await check("the approaches and case-study tables are cards on a phone, each value with its column's name", async () => {
    for (const [url, rows, label] of [["approaches/", 6, "Group size"], ["case-studies/", 10, "Population served (2014)"]]) {
      await mobile.goto(`${origin}/${url}`);
      const cards = mobile.locator(".stack tbody tr");
      assert((await cards.count()) === rows, `${rows} cards on /${url}`);
      const shape = await cards.first().evaluate((tr, label) => {
        const cell = [...tr.querySelectorAll("td")].find((td) => td.dataset.label === label);
        return {
          display: getComputedStyle(tr).display,
          width: tr.getBoundingClientRect().width,
          shown: cell ? getComputedStyle(cell, "::before").content : "",
          role: cell ? cell.getAttribute("role") : "",
        };
      }, label);
      assert(shape.display === "block" && shape.width <= 390, `/${url}: a row is a card within the screen (${JSON.stringify(shape)})`);
      assert(shape.shown === `"${label}"`, `/${url}: each value shows its column's name (${shape.shown})`);
      assert(shape.role === "cell", "cells keep their table role");
      const top = await mobile.locator(".stack").evaluate((e) => e.getBoundingClientRect().top + scrollY);
      const prose = await mobile.locator("main .content").first().evaluate((e) => e.getBoundingClientRect().top + scrollY);
      assert(top < prose, `/${url}: the table comes before the explanations`);
      console.log(`     /${url}: ${rows} cards, the table starts ${Math.round(top)} px down`);
    }
    await page.goto(`${origin}/approaches/`);
    assert((await page.locator(".stack tbody tr").first().evaluate((tr) => getComputedStyle(tr).display)) === "table-row", "a real table on a wide screen");
  });

  await check("footer links are at least 24 px tall (WCAG 2.2 target size) at 390 and 1366 px", async () => {
    const small = [];
    for (const [p, width] of [[mobile, 390], [page, 1366]]) {
      await p.setViewportSize({ width, height: 844 });
      for (const url of ["", "case-studies/red-hook-ny/", "trainings/"]) {
        await p.goto(`${origin}/${url}`);
        const sizes = await p.locator(".site-footer a").evaluateAll((as) => as.map((a) => [a.textContent.trim(), a.getBoundingClientRect().height]));
        for (const [text, h] of sizes) if (h < 24) small.push(`${width} px /${url}: "${text}" is ${h} px tall`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    assert(small.length === 0, small.join("\n"));
  });

  await check("contact addresses are mailto: links, and every page offers a correction by email with its address", async () => {
    const pages = htmlPages(out);
    const bare = [];
    let mailtos = 0;
    for (const rel of pages) {
      const html = readFileSync(path.join(out, rel), "utf8");
      assert(!html.includes("github.com/example"), `/${urlOf(rel)} has no placeholder repository link`);
      const text = html.replace(/<a [^>]*href="mailto:[^"]*"[^>]*>[^<]*<\/a>/g, (m) => { mailtos += 1; return ""; });
      if (/[\w.-]+@[\w-]+\.[a-z]{2,}/i.test(text.replace(/<[^>]+>/g, " "))) bare.push(`/${urlOf(rel)}`);
    }
    assert(bare.length === 0, `email addresses outside mailto: links on ${bare.join(", ")}`);
    await page.goto(`${origin}/case-studies/knox-county-ind/`);
    const href = await page.getByRole("link", { name: /^Suggest a correction/ }).getAttribute("href");
    const subject = new URL(href).searchParams.get("subject") || decodeURIComponent(href.split("subject=")[1] || "");
    assert(href.startsWith("mailto:") && subject.includes("/case-studies/knox-county-ind/"), `the correction link names the page: ${href}`);
    assert((await page.getByRole("link", { name: /^Edit this page/ }).count()) === 0, "no edit link without a real repository");
    console.log(`     ${mailtos} mailto: links, none bare; correction subject "${subject}"`);
  });

  await check("axe-core at 390 px with the menu open, on the pages a first visit goes through", async () => {
    const report = [];
    for (const url of ["", "case-studies/", "approaches/", CHECKLIST, "trainings/", "search/?q=rural&filter=Format%3ACase%20study"]) {
      await mobile.goto(`${origin}/${url}`);
      if (url.startsWith("search/")) await mobile.locator(".search-chip").first().waitFor({ timeout: 15000 });
      else await mobile.locator(".menu > summary").click();
      const violations = await runAxe(mobile);
      for (const v of violations) report.push(`/${url}: ${v.id} ${v.help}\n         ${v.nodes.join("\n         ")}`);
    }
    assert(report.length === 0, report.join("\n     "));
  });

  // d. Screenshots of the pages a first visit goes through, at 390 and 1366 px, and the
  //    checklist printed (PDF, and its first page as an image).
  await check("screenshots at 390 and 1366 px, and the checklist printed to PDF", async () => {
    mkdirSync(shots, { recursive: true });
    const taken = [];
    for (const [p, width] of [[mobile, 390], [page, 1366]]) {
      await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const [name, url] of [["home", ""], ["case-studies", "case-studies/"], ["approaches", "approaches/"], ["checklist", CHECKLIST], ["search", "search/?q=rural"]]) {
        await p.goto(`${origin}/${url}`);
        if (name === "search") await p.locator(".pagefind-ui__result").first().waitFor({ timeout: 15000 });
        const png = path.join(shots, `${name}-${width}.png`);
        await p.screenshot({ path: png, fullPage: true });
        assert(statSync(png).size > 10000, `${png} has content`);
        taken.push(path.basename(png));
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    const fresh = await browser.newContext({ viewport: { width: 816, height: 1056 } });
    const print = await fresh.newPage();
    await print.goto(`${origin}/${CHECKLIST}`);
    await print.locator(".checklist-status").waitFor();
    await print.emulateMedia({ media: "print" });
    const hidden = await print.evaluate(() =>
      [".site-nav", ".menu", ".header-search", ".site-footer", ".breadcrumbs", ".checklist-tools", ".about-list"].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).display : "none";
      }),
    );
    assert(hidden.every((d) => d === "none"), `navigation, toolbars and web-only notes are hidden in print (${hidden.join(", ")})`);
    // The first printed page (Letter at 96 dpi, less the 1.5 cm margins) as an image.
    const first = path.join(shots, "checklist-print-page1.png");
    await print.setViewportSize({ width: 703, height: 943 });
    await print.screenshot({ path: first });
    const pdf = path.join(shots, "checklist.pdf");
    await print.pdf({ path: pdf, format: "Letter", printBackground: true });
    const boxTop = await print.getByRole("checkbox").first().evaluate((e) => e.getBoundingClientRect().top);
    await fresh.close();
    const head = readFileSync(pdf).subarray(0, 5).toString();
    assert(head === "%PDF-", "checklist.pdf is a PDF");
    assert(boxTop < 943, `the first box is on the first printed page (${Math.round(boxTop)} px down)`);
    console.log(`     target/screenshots/: ${taken.join(", ")}, checklist-print-page1.png, checklist.pdf (${statSync(pdf).size} bytes); first box ${Math.round(boxTop)} px down the printed page`);
  });

  // g. The editing forms.
  // The hub's Spanish pages and their English originals (issue 15 point 7).
  const SPANISH = [
    ["es/", ""],
    ["es/about/how-to-use-this-hub/", "about/how-to-use-this-hub/"],
    ["es/turning-outward/", "turning-outward/"],
    ["es/turning-outward/approach/", "turning-outward/approach/"],
    ["es/" + CHECKLIST, CHECKLIST],
  ];
  // h. The hub in Spanish: lang="es", the language switcher both ways, ticks per language, search.
  await check("the Spanish pages have lang=\"es\" and a language switcher linking both ways", async () => {
    for (const [es, en] of SPANISH) {
      await page.goto(`${origin}/${es}`);
      assert((await page.evaluate(() => document.documentElement.lang)) === "es", `/${es} has <html lang="es">`);
      const nav = page.getByRole("navigation", { name: "Idiomas", exact: true });
      assert((await nav.count()) === 1, `/${es} has one language switcher named "Idiomas"`);
      const toEn = nav.locator('a[hreflang="en"][lang="en"]');
      assert((await toEn.getAttribute("href")) === `/${en}`, `/${es} links to /${en} (${await toEn.getAttribute("href")})`);
      const form = page.locator("form.header-search");
      assert((await form.getAttribute("action")) === "/es/search/", `/${es}: the header's search form goes to the Spanish search page`);
      const current = nav.locator('a[aria-current="page"]');
      assert((await current.getAttribute("hreflang")) === "es", `/${es}: Español is marked as the current language`);
      await page.goto(`${origin}/${en}`);
      assert((await page.evaluate(() => document.documentElement.lang)) === "en", `/${en} has <html lang="en">`);
      const back = page.getByRole("navigation", { name: "Languages", exact: true }).locator('a[hreflang="es"][lang="es"]');
      assert((await back.getAttribute("href")) === `/${es}`, `/${en} links to /${es}`);
    }
    // A page with no translation shows no switcher.
    await page.goto(`${origin}/case-studies/red-hook-ny/`);
    assert((await page.getByRole("navigation", { name: "Languages" }).count()) === 0, "no switcher without a translation");
  });

  await check("the Spanish checklist keeps its own ticks, apart from the English one", async () => {
    await page.goto(`${origin}/es/${CHECKLIST}`);
    const boxes = page.getByRole("checkbox");
    assert((await boxes.count()) > 20, "the Spanish checklist has its boxes");
    const third = boxes.nth(2);
    assert(!(await third.isChecked()), "a fresh Spanish checklist starts empty");
    await third.focus();
    await page.keyboard.press("Space");
    await page.reload();
    assert(await page.getByRole("checkbox").nth(2).isChecked(), "the tick survives a reload");
    const status = await page.locator(".checklist-status").textContent();
    assert(/^1 de \d+ pasos marcados\. Sus marcas se guardan en este navegador\.$/.test(status), `the status is in Spanish: "${status}"`);
    const printBtn = await page.locator(".checklist-tools button").first().textContent();
    assert(printBtn === "Imprimir esta lista", `the toolbar is in Spanish ("${printBtn}")`);
    await page.goto(`${origin}/${CHECKLIST}`);
    assert(!(await page.getByRole("checkbox").nth(2).isChecked()), "the English checklist does not get the Spanish tick");
  });

  await check("search in Spanish finds the Spanish checklist first for \"lista de verificación\"", async () => {
    await page.goto(`${origin}/es/search/`);
    const field = page.locator("#search-input");
    await field.waitFor({ state: "visible", timeout: 15000 });
    await field.pressSequentially("lista de verificación", { delay: 30 });
    const first = page.locator("a.pagefind-ui__result-link").first();
    await first.waitFor({ state: "visible", timeout: 15000 });
    await page.waitForTimeout(500);
    const href = await page.locator("a.pagefind-ui__result-link").first().getAttribute("href");
    assert(href === `/es/${CHECKLIST}`, `the first result is the Spanish checklist (${href})`);
    const hrefs = await page.locator("a.pagefind-ui__result-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert(hrefs.every((h) => h.startsWith("/es/")), `results stay in Spanish: ${hrefs.join(", ")}`);
  });

  await cmsChecks({ check, assert, browser, out, repo, shots: path.join(repo, "docs") });

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
