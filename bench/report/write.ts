// Writes results/<stamp>-<name>.md and .svg.
import { writeFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "../../src/config.ts";
import type { BenchArgs } from "../args.ts";
import type { Ceiling } from "../ceiling/measure.ts";
import type { Lag } from "../lags.ts";
import type { BenchDatabase } from "../database.ts";
import type { AppFleet } from "../instances.ts";
import type { Skipped } from "../plan.ts";
import type { RunResult } from "../run-one.ts";
import { environment } from "./environment.ts";
import { markdownReport } from "./markdown.ts";
import { svgChart } from "./svg.ts";

export async function writeResults(opts: {
  outDir: string;
  stamp: string;
  args: BenchArgs;
  results: RunResult[];
  ceiling?: Ceiling;
  lags?: Lag[];
  skipped: Skipped[];
  db: BenchDatabase;
  fleet?: AppFleet;
}): Promise<string[]> {
  mkdirSync(opts.outDir, { recursive: true });
  const name = `${opts.stamp}-${opts.args.suite ? "suite" : "run"}`;
  const svgFile = `${name}.svg`;
  const env = await environment(opts.db);
  writeFileSync(join(opts.outDir, svgFile), svgChart(opts.results));
  writeFileSync(
    join(opts.outDir, `${name}.md`),
    markdownReport({ ...opts, env, svgFile, command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim() }),
  );
  return [`${name}.md`, svgFile].map((f) => relative(projectRoot, join(opts.outDir, f)));
}
