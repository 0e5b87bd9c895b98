// The web app's budgets, measured on the production build: the initial JavaScript a buyer
// downloads (the scripts index.html loads, and whatever they import statically) ≤ 200 kB gzip,
// with the organizer pages and uPlot in chunks of their own that only the admin pages load.
import t from "tap";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureWebBuild, viteAvailable, webDist } from "../../src/server/web-build.ts";

t.test("bundle budgets", { skip: viteAvailable() ? false : "vite is not installed" }, async (t) => {
  await ensureWebBuild();
  const assets = join(webDist, "assets");
  const gz = (file: string) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
  const html = readFileSync(join(webDist, "index.html"), "utf8");
  // The entry scripts and their static imports (Vite adds <link rel="modulepreload"> for those).
  const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  t.ok(initial.length >= 1, `initial scripts: ${initial.join(", ")}`);
  const initialBytes = initial.reduce((n, f) => n + gz(f), 0);
  const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
  const admin = js.filter((f) => f.startsWith("admin-"));
  const analytics = js.filter((f) => f.startsWith("analytics-"));
  t.comment(`initial JS ${(initialBytes / 1000).toFixed(1)} kB gzip; admin chunk ${admin.map((f) => (gz(f) / 1000).toFixed(1)).join(", ")} kB; analytics + uPlot ${analytics.map((f) => (gz(f) / 1000).toFixed(1)).join(", ")} kB`);
  t.ok(initialBytes <= 200_000, `initial JS ${initialBytes} B gzip ≤ 200 kB`);
  t.ok(initialBytes <= 40_000, `a buyer's initial JS stays small (${initialBytes} B gzip, about 25 kB expected)`);
  t.equal(admin.length, 1, "the organizer pages are one chunk");
  t.equal(analytics.length, 1, "analytics with uPlot is a chunk of its own");
  t.notOk(initial.some((f) => admin.includes(f) || analytics.includes(f)), "neither is loaded initially");
  // The door pages and the waiting room's panel are chunks of their own too.
  const lazy = js.filter((f) => /^(scan|waiting-room)-/.test(f));
  t.equal(lazy.length, 2, `door and waiting-room chunks: ${lazy.map((f) => `${f} ${(gz(f) / 1000).toFixed(1)} kB`).join(", ")}`);
  t.notOk(initial.some((f) => lazy.includes(f)), "neither is loaded initially");
  const entry = initial.map((f) => readFileSync(join(assets, f), "utf8")).join("\n");
  t.notMatch(entry, /uPlot/, "uPlot is not in the initial scripts");
  t.match(readFileSync(join(assets, analytics[0]), "utf8"), /uplot/i, "uPlot is in the analytics chunk");
});
