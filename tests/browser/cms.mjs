// The editing forms (README, "Editing in the browser"), run by run.mjs:
//   1. the built hub's admin/config.yml fits the configuration schema of the Decap CMS the admin
//      page loads (cms-config.mjs says how that schema is taken from the npm package), and the
//      URL pattern in it accepts and refuses what ltc-hub does;
//   2. `ltc-hub serve --edit` on a copy of the hub, the admin page in Chromium with Decap CMS
//      from its npm package (the pinned unpkg URL intercepted and served from node_modules): a
//      training added through the form (title, day, start and end time, time zone, series,
//      format...) and published lands as content/trainings/SLUG.md with that front matter,
//      `ltc-hub check` passes on the copy, and serve serves the new page; a screenshot of the
//      form goes to docs/cms-training-form.png. A save that breaks the schema shows ltc-hub's
//      diagnostic in the form and changes nothing; a write without the token gets 403, and one
//      outside content/ is refused.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { validateFile } from "./cms-config.mjs";

const require = createRequire(import.meta.url);
const PINNED = /^\/decap-cms@3\.16\.3\/dist\/([\w.-]+)$/;
const TITLE = "Community conversations for small libraries";
const SLUG = "community-conversations-for-small-libraries";

/** Starts `ltc-hub serve --edit` on `root`; resolves to the process and the editor's address. */
function serveEdit(binary, root) {
  const child = spawn(binary, ["serve", "--root", root, "--port", "0", "--edit"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /Edit in the browser: (\S+)/.exec(out);
      if (m) resolve({ child, edit: m[1], site: m[1].replace(/admin\/#.*$/, "") });
    });
    child.on("exit", (code) => reject(new Error(`serve --edit ended (${code}): ${out}`)));
  });
}

/** Polls `fn` until it returns something truthy, for at most `ms`. */
async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const got = await fn();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function cmsChecks({ check, assert, out, browser, repo, shots }) {
  const configFile = path.join(out, "admin", "config.yml");

  await check("admin/config.yml fits Decap CMS's own configuration schema (from its npm package)", async () => {
    const errors = validateFile(configFile);
    assert(errors.length === 0, errors.join("\n"));
    const config = YAML.parse(readFileSync(configFile, "utf8"));
    const names = config.collections.map((c) => c.name);
    for (const want of ["case-studies", "approaches", "trainings", "turning-outward-tools"]) {
      assert(names.includes(want), `a collection for ${want} (have ${names.join(", ")})`);
    }
    const fields = config.collections.flatMap((c) => c.fields);
    const pattern = (name) => new RegExp(fields.find((f) => f.name === name).pattern[0]);
    const url = pattern("website");
    for (const ok of ["https://www.ala.org/", "http://example.org", "https://a.b/c?d#e"]) assert(url.test(ok), `${ok} is a URL`);
    for (const bad of ["www.ala.org", "https://localhost/", "https://.org/", "https://a b.org/"]) assert(!url.test(bad), `${bad} is no URL`);
  });

  await check("serve --edit: a training added through the Decap form is saved, checked and served", async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "ltc-hub-cms-"));
    for (const name of ["site.yaml", "content", "themes", "static"]) cpSync(path.join(repo, name), path.join(copy, name), { recursive: true });
    const binary = process.env.LTC_HUB_BIN || path.join(repo, "target", "release", "ltc-hub");
    const { child, edit, site } = await serveEdit(binary, copy);
    const dist = path.dirname(require.resolve("decap-cms/dist/decap-cms.js"));
    // The session's own zone, so that Decap writes its offset (see the README).
    const context = await browser.newContext({ timezoneId: "America/Chicago", viewport: { width: 1280, height: 1000 } });
    try {
      await context.route("https://unpkg.com/**", (route) => {
        const m = PINNED.exec(new URL(route.request().url()).pathname);
        if (!m) return route.abort();
        return route.fulfill({ body: readFileSync(path.join(dist, m[1])), contentType: "text/javascript; charset=utf-8", headers: { "access-control-allow-origin": "*" } });
      });
      const page = await context.newPage();
      await page.goto(edit);
      await page.getByRole("button", { name: "Login" }).click();
      await page.getByText("Trainings", { exact: true }).first().waitFor();
      await page.goto(`${site}admin/#/collections/trainings/new`);
      const field = (name) => page.locator(`[id^="${name}-field-"]`).first();
      const choose = async (name, option) => {
        await field(name).click({ force: true });
        await page.getByText(option, { exact: true }).click();
      };
      await field("title").fill(TITLE);
      await choose("format", "Webinar");
      await field("day").fill("2026-12-10");
      await field("starts").fill("2026-12-10T14:00");
      await field("ends").fill("2026-12-10T15:00");
      await field("time_zone").fill("America/Chicago");
      await field("time_as_listed").fill("December 10, 2026, 2 p.m. Central");
      await choose("series", "models-for-change-3");
      await field("audience").fill("Staff of small and rural libraries");
      await field("location").fill("Online");
      await field("day").scrollIntoViewIfNeeded();
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, "cms-training-form.png") });

      await page.getByRole("button", { name: "Publish" }).first().click();
      await page.getByText("Publish now").click();
      const file = path.join(copy, "content", "trainings", `${SLUG}.md`);
      await until(`${file} to be written`, () => existsSync(file));
      const text = readFileSync(file, "utf8");
      const front = YAML.parse(text.split(/^---$/m)[1]);
      const want = {
        title: TITLE,
        format: ["webinar"],
        day: "2026-12-10",
        starts: "2026-12-10T14:00:00-06:00",
        ends: "2026-12-10T15:00:00-06:00",
        time_zone: "America/Chicago",
        series: "models-for-change-3",
        location: "Online",
      };
      for (const [k, v] of Object.entries(want)) assert(JSON.stringify(front[k]) === JSON.stringify(v), `${k}: ${JSON.stringify(front[k])} (want ${JSON.stringify(v)})\n${text}`);

      const checked = spawnSync(binary, ["check", "--root", copy], { encoding: "utf8" });
      assert(checked.status === 0, `ltc-hub check passes on the copy:\n${checked.stdout}${checked.stderr}`);
      const served = await until("the new page", async () => {
        const r = await fetch(`${site}trainings/${SLUG}/`);
        return r.status === 200 && (await r.text()).includes(TITLE);
      });
      assert(served, "the new page is served");

      // A save that breaks the schema: site.yaml now requires a field the open form lacks.
      const siteYaml = path.join(copy, "site.yaml");
      const original = readFileSync(siteYaml, "utf8");
      writeFileSync(siteYaml, original.replace("      audience: { type: string, required: true,", "      host: { type: string, required: true }\n      audience: { type: string, required: true,"));
      await field("location").fill("Online (Zoom)");
      await page.getByRole("button", { name: "Publish" }).first().click();
      await page.getByText("Publish now").click();
      const toast = await until("the error in the form", async () => {
        const t = await page.locator(".Toastify__toast, [role=alert]").allTextContents();
        return t.find((s) => s.includes("host"));
      });
      assert(toast.includes(`content/trainings/${SLUG}.md:1:1`) && toast.includes("no `host`, which is required"), `the form shows ltc-hub's diagnostic: ${toast}`);
      assert(readFileSync(file, "utf8") === text, "nothing was written");
      writeFileSync(siteYaml, original);

      // Without the token, and outside content/.
      const api = `${site}__ltc-hub/api/v1`;
      const token = /#token=(\w+)/.exec(edit)[1];
      const persist = (p) => JSON.stringify({ action: "persistEntry", params: { branch: "main", assets: [], dataFiles: [{ slug: "x", path: p, raw: text }], options: { commitMessage: "x", useWorkflow: false, status: "" } } });
      const noToken = await fetch(api, { method: "POST", body: persist("content/trainings/x.md"), headers: { "content-type": "application/json" } });
      assert(noToken.status === 403, `no token: ${noToken.status}`);
      const outside = await fetch(`${api}?token=${token}`, { method: "POST", body: persist("site.yaml"), headers: { "content-type": "application/json" } });
      assert(outside.status === 403, `outside content/: ${outside.status}`);
      assert(readFileSync(siteYaml, "utf8") === original && !existsSync(path.join(copy, "content/trainings/x.md")), "neither was written");
      console.log(`     saved content/trainings/${SLUG}.md, checked, served; screenshot docs/cms-training-form.png`);
    } finally {
      await context.close();
      // Wait for serve to stop (it may be mid-rebuild, writing under the copy), then remove it.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      rmSync(copy, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
}
