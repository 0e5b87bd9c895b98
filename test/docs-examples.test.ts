// README's examples, run as printed against a real server (the demo data `npm start` seeds,
// `http://localhost:3000` pointed at this test's server), so they cannot drift: every block
// marked `<!-- docs-example: name -->`. curl fails on an HTTP error and jq on a null here
// (--fail-with-body, -e), so an answer that changed shape fails the test, not just the reader.
import t from "tap";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";
import { seedDemoData } from "../src/db/seed.ts";
import { createTestDb } from "./helpers.ts";
import { startApi } from "./rest/client.ts";

/** The fenced block after each `<!-- docs-example: name -->` marker. */
export function docsExamples(markdown: string): Map<string, { lang: string; code: string }> {
  const examples = new Map<string, { lang: string; code: string }>();
  for (const m of markdown.matchAll(/<!-- docs-example: ([\w-]+) -->\n```(\w+)\n([\s\S]*?)\n```/g)) {
    examples.set(m[1], { lang: m[2], code: m[3] });
  }
  return examples;
}

const readme = docsExamples(readFileSync(join(projectRoot, "README.md"), "utf8"));
const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const missing = ["bash", "curl", "jq"].filter((tool) => !has(tool));

const db = await createTestDb(t);
await seedDemoData(db.pool);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 }, webDist: "/nonexistent" });
const dir = mkdtempSync(join(tmpdir(), "evently-docs-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a program without blocking this process: the server answering it lives here. */
function run(file: string, args: string[]): Promise<{ status: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.stderr.on("data", (c: Buffer) => (err += c));
    child.on("close", (status) => resolve({ status, out, err }));
  });
}

function runShell(code: string) {
  const script = join(dir, "example.sh");
  writeFileSync(script, [
    "set -euo pipefail",
    'curl() { command curl --fail-with-body "$@"; }',
    'jq() { command jq -e "$@"; }',
    code.replaceAll("http://localhost:3000", api.base),
  ].join("\n"));
  return run("bash", [script]);
}

t.test("README marks its examples", async (t) => {
  t.same([...readme.keys()].sort(), ["graphql", "rest", "sql"]);
});

t.test("README's REST walkthrough: register, log in, events, hold, confirm, bookings, tickets, cancel", { skip: missing.length ? `needs ${missing.join(", ")}` : false }, async (t) => {
  const run = await runShell(readme.get("rest")!.code);
  t.equal(run.status, 0, `runs as printed${run.status ? `:\n${run.err}\n${run.out}` : ""}`);
  t.match(run.out, /"email":"ada@example.com"/, "registered");
  t.match(run.out, /"available": \d+/, "lists events with availability");
  t.match(run.out, /"quantity": 2,\s+"total_cents": \d+,\s+"status": "confirmed"/, "the confirmed booking of two");
  t.match(run.out, /"code": "[0-9a-f]{32}"/, "tickets");
  t.match(run.out, /"status": "cancelled"/, "cancelled at the end");
  const { rows } = await db.pool.query(
    "select b.status, b.quantity from evently.bookings b join evently.users u on u.id = b.user_id where u.email = 'ada@example.com'");
  t.same(rows, [{ status: "cancelled", quantity: 2 }]);
});

t.test("README's GraphQL example: authenticate's result, upcomingEvents, bookTickets", { skip: missing.length ? `needs ${missing.join(", ")}` : false }, async (t) => {
  const run = await runShell(readme.get("graphql")!.code);
  t.equal(run.status, 0, `runs as printed${run.status ? `:\n${run.err}\n${run.out}` : ""}`);
  t.match(run.out, /"upcomingEvents": \{\s+"nodes": \[/);
  t.match(run.out, /"bookTickets": \{\s+"result": \{\s+"id": "[0-9a-f-]{36}",\s+"quantity": 1,\s+"totalCents": \d+,\s+"status": "confirmed"/);
});

t.test("README's SQL example, in psql", { skip: has("psql") ? false : "needs psql (Debian: postgresql-client)" }, async (t) => {
  const file = join(dir, "example.sql");
  writeFileSync(file, readme.get("sql")!.code + "\n");
  const psql = await run("psql", [db.url, "-X", "-v", "ON_ERROR_STOP=1", "-f", file]);
  t.equal(psql.status, 0, `runs as printed${psql.status ? `:\n${psql.err}` : ""}`);
  t.match(psql.out, /\|\s+2 \|\s+\d+ \| confirmed/, "book_tickets booked two");
  t.notMatch(psql.err, /ERROR/);
});

t.test("docs/rest.md's route table names every route, and only routes that exist", async (t) => {
  const doc = readFileSync(join(projectRoot, "docs", "rest.md"), "utf8");
  const table = doc.slice(doc.indexOf("## Routes"), doc.indexOf("## Events")).split("\n").filter((l) => l.startsWith("|")).join("\n");
  const index = await api.call("get", "/api/v1");
  const routes: Array<{ method: string; path: string }> = index.body.routes;
  for (const route of routes) {
    const written = `${route.method} ${route.path.slice("/api/v1".length)}`;
    t.ok(new RegExp("`" + written.replace(/[{}?/]/g, "\\$&") + "[`?]").test(table), `${written} is in the table`);
  }
  const known = new Set(routes.map((r) => `${r.method} ${r.path.slice("/api/v1".length)}`));
  for (const m of table.matchAll(/`(GET|POST|PATCH|DELETE) (\/[^`?]*)/g)) t.ok(known.has(`${m[1]} ${m[2]}`), `${m[1]} ${m[2]} exists`);
  t.notMatch(doc, /\(issue \d+\)/, "no planning notes");
});
