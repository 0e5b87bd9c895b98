// What docs/ derives from the schema must be what `npm run docs` generates today.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";
import { dumpSchema, dumpSetup, normaliseDump } from "../scripts/schema-dump.ts";

function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? "(end)"}\n  generated: ${b[at] ?? "(end)"}`;
}

const setup = await dumpSetup();
const skip = "missing" in setup ? `cannot dump here: ${setup.missing}` : false;

t.test("docs/schema.sql is the pg_dump of a freshly deployed database (run `npm run docs`)", { skip }, async (t) => {
  if ("missing" in setup) return;
  const committed = readFileSync(join(projectRoot, "docs", "schema.sql"), "utf8");
  const generated = await dumpSchema(setup);
  t.ok(committed === generated, committed === generated ? "up to date" : `stale: ${firstDifference(committed, generated)}`);
});

t.test("the dump's normalisation removes only version lines and per-run keys", async (t) => {
  const raw = "--\n-- Dumped from database version 15.14 (Debian 15.14-0+deb12u1)\n-- Dumped by pg_dump version 15.14\n\\restrict AbC\n\nCREATE SCHEMA evently;\n\\unrestrict AbC\n";
  t.equal(normaliseDump(raw), "--\n\nCREATE SCHEMA evently;\n");
});
