// Imported by preflight.mjs in every npm script. Node strips TypeScript types with amaro (swc
// compiled to WebAssembly), loaded into the process at its first .ts file: about 20 MB of
// resident memory (its WebAssembly memory and code) that a server then keeps for life although
// it needs it only while loading modules (measured: bench/results/2026-12-02-rss.md). Instead
// the project's .ts files are stripped in a short-lived child process, by the same function
// (module.stripTypeScriptTypes, mode "strip": types become blanks, so every line and column —
// stack traces — stays where it was), into node_modules/.cache/evently-ts/<sha1 of the
// source>.js, and a load hook serves them from there. Keyed by content: an edited file is
// simply a new entry, worktrees sharing node_modules share it. A file the cache lacks (cache
// not writable, a file that does not parse) is stripped by Node as before, so behaviour never
// depends on the cache; EVENTLY_TS_CACHE=off turns it off.
import module from "node:module";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const rootUrl = new URL("../../", import.meta.url).href;
const root = fileURLToPath(rootUrl);
export const cacheDir = join(root, "node_modules", ".cache", "evently-ts");

export function cacheFile(source) {
  return join(cacheDir, `${createHash("sha1").update(source).digest("hex")}.js`);
}

function readCached(source) {
  try {
    return readFileSync(cacheFile(source), "utf8");
  } catch {
    return undefined;
  }
}

let filled = false;

if (process.env.EVENTLY_TS_CACHE !== "off" && typeof module.registerHooks === "function") {
  module.registerHooks({
    load(url, context, nextLoad) {
      // Only the project's own ES modules in TypeScript (not node_modules, not a URL with a query).
      if (context.format !== "module-typescript" || !url.startsWith(rootUrl) || url.includes("/node_modules/") || !url.endsWith(".ts")) {
        return nextLoad(url, context);
      }
      const source = readFileSync(fileURLToPath(url), "utf8");
      let stripped = readCached(source);
      if (stripped === undefined && !filled) {
        // The first miss fills the cache for every file of the project at once (one child process).
        filled = true;
        spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", fileURLToPath(new URL("./ts-strip.mjs", import.meta.url))], {
          stdio: ["ignore", "ignore", "inherit"],
          env: { ...process.env, NODE_OPTIONS: "" },
        });
        stripped = readCached(source);
      }
      if (stripped === undefined) return nextLoad(url, context);
      return { format: "module", source: stripped, shortCircuit: true };
    },
  });
}
