// The editing forms (README, "Editing in the browser"), run by run.mjs:
//   1. the built hub's admin/config.yml fits the configuration schema of the Decap CMS the admin
//      page loads (cms-config.mjs says how that schema is taken from the npm package), and the
//      URL and email patterns in it accept and refuse what ltc-hub does.

import path from "node:path";
import { validateFile } from "./cms-config.mjs";
import YAML from "yaml";
import { readFileSync } from "node:fs";

export async function cmsChecks({ check, assert, out }) {
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
}
