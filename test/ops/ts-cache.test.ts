// src/cli/ts-cache.mjs: npm scripts load the project's .ts files from the cache of stripped
// sources instead of loading Node's TypeScript stripper (amaro). Same module, same positions
// in stack traces, the stripper not loaded; EVENTLY_TS_CACHE=off is Node's own stripping.
import t from "tap";
import type { Test } from "tap";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/config.ts";
// @ts-expect-error plain JavaScript module without declarations
import { cacheFile } from "../../src/cli/ts-cache.mjs";

const probe = join(projectRoot, "test", "fixtures", "ts-cache-probe.ts");
const script = `
const m = await import(${JSON.stringify(probe)});
let at = "";
try { m.fail(); } catch (error) { at = /ts-cache-probe\\.ts:(\\d+:\\d+)/.exec(error.stack)[1]; }
const amaro = process.moduleLoadList.some((name) => name.includes("amaro"));
console.log(JSON.stringify({ described: m.describe({ name: "a", size: 2 }), at, amaro }));`;

function run(t: Test, env: Record<string, string>) {
  const child = spawnSync(process.execPath, ["--import=./src/cli/preflight.mjs", "--input-type=module", "-e", script], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  t.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { described: string; at: string; amaro: boolean };
}

t.test("a .ts file comes from the cache: same behaviour and positions, no stripper in the process", async (t) => {
  const cached = run(t, {});
  t.ok(existsSync(cacheFile(readFileSync(probe, "utf8"))), "the probe's stripped source is in the cache");
  t.same(cached, { described: "a:2", at: "18:9", amaro: false });
  const own = run(t, { EVENTLY_TS_CACHE: "off" });
  t.same(own, { described: "a:2", at: "18:9", amaro: true }, "EVENTLY_TS_CACHE=off: Node strips the file itself, with the same result");
});
