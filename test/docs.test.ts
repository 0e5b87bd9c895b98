// What docs/ derives from the schema must be what `npm run docs` generates today.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";
import { dumpSchemaAnd, dumpSetup, normaliseDump } from "../scripts/schema-dump.ts";
import { DIAGRAMS_DIR, erDiagram, renderDiagrams, sqlReference } from "../scripts/catalog-docs.ts";

function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? "(end)"}\n  generated: ${b[at] ?? "(end)"}`;
}

const setup = await dumpSetup();
const skip = "missing" in setup ? `cannot dump here: ${setup.missing}` : false;

t.test("docs/schema.sql, docs/diagrams/er.mmd and docs/sql-reference.md come from a freshly deployed database (run `npm run docs`)", { skip }, async (t) => {
  if ("missing" in setup) return;
  const { dump, read } = await dumpSchemaAnd(setup, async (client) => ({ er: await erDiagram(client), reference: await sqlReference(client) }));
  for (const [path, generated] of [[join(projectRoot, "docs", "schema.sql"), dump], [join(DIAGRAMS_DIR, "er.mmd"), read.er],
    [join(projectRoot, "docs", "sql-reference.md"), read.reference]] as const) {
    const committed = readFileSync(path, "utf8");
    t.ok(committed === generated, committed === generated ? `${path.slice(projectRoot.length + 1)} up to date` : `${path} stale: ${firstDifference(committed, generated)}`);
  }
  t.match(read.er, /ticket_types \|[|o]--o\{ bookings : event_id_ticket_type_id/, "the ER diagram has the foreign keys");
  t.match(read.reference, /#### `evently\.book_tickets\(event_id uuid, quantity integer, idempotency_key text DEFAULT NULL::text\)`/, "the reference has the public functions");
});

t.test("each docs/diagrams/*.svg is the rendering of its .mmd (run `npm run docs`)", async (t) => {
  const rendered = await renderDiagrams();
  t.ok(rendered.size >= 3, "er, architecture and hold-lifecycle at least");
  for (const [file, svg] of rendered) {
    t.ok(readFileSync(join(DIAGRAMS_DIR, file), "utf8") === svg, `docs/diagrams/${file} matches its source`);
    t.notMatch(svg, /@import url/, "fetches no fonts");
  }
});

t.test("the dump's normalisation removes only version lines and per-run keys", async (t) => {
  const raw = "--\n-- Dumped from database version 15.14 (Debian 15.14-0+deb12u1)\n-- Dumped by pg_dump version 15.14\n\\restrict AbC\n\nCREATE SCHEMA evently;\n\\unrestrict AbC\n";
  t.equal(normaliseDump(raw), "--\n\nCREATE SCHEMA evently;\n");
});
