// Validates a Decap CMS config.yml against the configuration schema of the Decap CMS that the
// admin page loads (the npm package decap-cms, pinned in package.json).
//
//   node cms-config.mjs PATH/TO/admin/config.yml
//
// decap-cms ships no standalone JSON Schema file: the schema is the function getConfigSchema()
// in decap-cms-core's src/constants/configSchema.js, compiled into dist/decap-cms.js, and the
// widgets' option schemas (decap-cms-widget-*/schema.js) are merged into it at run time. The
// package's source map (dist/decap-cms.js.map) carries the exact source of each of those files
// as bundled, so this script takes them from there, evaluates them (their few imports are
// given the values the bundle gives them: the front matter format names, the i18n constants,
// the registered widgets), and validates with ajv, ajv-keywords and ajv-errors in the options
// Decap's own validateConfig uses. The browser test then loads the same config into the real
// editor, which runs validateConfig itself.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import ajvErrors from "ajv-errors";
import YAML from "yaml";

const require = createRequire(import.meta.url);
const { instanceof: instanceOf, prohibited, select, uniqueItemProperties } = require("ajv-keywords/dist/keywords");

/** The bundled sources of decap-cms, by path inside the bundle. */
function bundledSources() {
  const map = JSON.parse(readFileSync(require.resolve("decap-cms/dist/decap-cms.js.map"), "utf8"));
  const out = new Map();
  map.sources.forEach((name, i) => out.set(name.replace(/^webpack:\/\/DecapCms\/\.\.\//, ""), map.sourcesContent[i]));
  return out;
}

/** An ES module's text made into a function body: imports dropped, exports made plain. */
function body(source) {
  return source
    .split("//# sourceMappingURL")[0]
    .replace(/^import[\s\S]*?from\s+['"][^'"]+['"];?\s*$/gm, "")
    .replace(/^export default /m, "return ")
    .replace(/^export (function|const|let|class) /gm, "$1 ");
}

/** Decap's configuration schema, with every widget's option schema, as the bundle builds it. */
export function decapConfigSchema() {
  const sources = bundledSources();
  const get = (name) => {
    const text = sources.get(name);
    if (!text) throw new Error(`decap-cms's source map has no ${name}`);
    return text;
  };
  const widgets = [];
  for (const name of sources.keys()) {
    const m = /^decap-cms-widget-([a-z]+)\/dist\/esm\/schema\.js$/.exec(name);
    if (m) widgets.push({ name: m[1], schema: new Function(body(get(name)))() });
  }
  const formats = get("decap-cms-core/dist/esm/formats/formats.js");
  const frontmatterFormats = JSON.parse(/frontmatterFormats = (\[[^\]]*\])/.exec(formats)[1].replace(/'/g, '"'));
  const extensions = /extensionFormatters = \{([^}]*)\}/.exec(formats)[1].split(",").map((l) => l.split(":")[0].trim().replace(/'/g, "")).filter(Boolean);
  const extensionFormatters = Object.fromEntries(extensions.map((e) => [e, true]));
  const i18n = get("decap-cms-core/dist/esm/lib/i18n.js");
  const constants = (name) => Object.fromEntries([...i18n.matchAll(new RegExp(`${name}\\["(\\w+)"\\] = "(\\w+)"`, "g"))].map((m) => [m[1], m[2]]));
  const source = body(get("decap-cms-core/dist/esm/constants/configSchema.js")) + "\nreturn getConfigSchema();";
  const make = new Function("frontmatterFormats", "extensionFormatters", "getWidgets", "I18N_STRUCTURE", "I18N_FIELD", source);
  return make(frontmatterFormats, extensionFormatters, () => widgets, constants("I18N_STRUCTURE"), constants("I18N_FIELD"));
}

/** Validates a parsed config; returns Decap's error messages (none when valid). */
export function validate(config) {
  // The options and keywords of validateConfig in decap-cms-core.
  const ajv = new Ajv({ allErrors: true, $data: true, strict: false });
  uniqueItemProperties(ajv);
  select(ajv);
  instanceOf(ajv);
  prohibited(ajv);
  ajvErrors(ajv);
  if (ajv.validate(decapConfigSchema(), config)) return [];
  return ajv.errors.map((e) => `${e.instancePath || "config"} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Validates the config.yml at `file`. */
export function validateFile(file) {
  return validate(YAML.parse(readFileSync(file, "utf8")));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const errors = validateFile(file);
  if (errors.length) {
    console.log(`${file} does not fit Decap CMS's configuration schema:\n  ${errors.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`${file} fits Decap CMS ${require("decap-cms/package.json").version}'s configuration schema`);
}
