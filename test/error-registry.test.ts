// docs/error-codes.md is the one registry: every code SQL raises is listed, every listed
// code is raised somewhere, and the registry parses into what the API layers use.
import t from "tap";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errorCodes, foreignErrors, parseForeignErrors, parseRegistry, publicError, registeredError } from "../src/errors.ts";
import { functionFiles } from "../src/db/functions.ts";
import { projectRoot } from "../src/config.ts";

const raisedInSql = new Map<string, string[]>();
for (const file of functionFiles()) {
  for (const match of readFileSync(file, "utf8").matchAll(/errcode\s*=\s*'([0-9A-Z]{5})'/g)) {
    raisedInSql.set(match[1], [...(raisedInSql.get(match[1]) ?? []), file.slice(projectRoot.length + 1)]);
  }
}
// The HTTP layer raises a few codes itself: `code = "EVTOK"` (tokens) and
// `new ProblemError("EVRAT", ...)` (REST), `extensions: { code: "EVQRY" }` and
// `limitError("EVQRY", ...)` (GraphQL) anywhere under src/.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}
const raisedInHttpLayer = new Set(
  sourceFiles(join(projectRoot, "src")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/(?:code = |code: |new ProblemError\(|limitError\(|problemFor\()"([0-9A-Z]{5})"/g)].map((m) => m[1]),
  ),
);

t.test("every code raised in functions/ is registered", async (t) => {
  t.ok(raisedInSql.size > 10, "the scan found the functions' codes");
  for (const [code, files] of raisedInSql) {
    // A PostgreSQL SQLSTATE a function raises on purpose (40001: retry) must be one the
    // table of errors that do not come from Evently's functions translates.
    const foreign = foreignErrors.some((rule) => rule.conditions.includes(code));
    t.ok(errorCodes.has(code) || (!code.startsWith("EV") && foreign),
      `${code} (raised in ${files[0]}) is in docs/error-codes.md`);
  }
});

t.test("every registered code is raised somewhere", async (t) => {
  t.ok(raisedInHttpLayer.has("EVTOK") && raisedInHttpLayer.has("EVRAT"), "the scan found the HTTP layer's codes");
  // Codes the table of errors that do not come from Evently's functions gives are raised by
  // both API layers (src/rest/problem.ts and src/graphql/preset.ts translate with it).
  const fromForeignTable = new Set(foreignErrors.flatMap((rule) => [rule.anonymous, rule.signedIn]));
  for (const [code, entry] of errorCodes) {
    const raised = raisedInSql.has(code) || raisedInHttpLayer.has(code) || fromForeignTable.has(code);
    if (entry.retired) {
      t.notOk(raised, `${code} is retired, so nothing raises it (${raisedInSql.get(code)?.[0] ?? "not in functions/"})`);
    } else {
      t.ok(raised, `${code} is raised by SQL, the HTTP layer or the foreign-error table`);
    }
  }
});

t.test("registry entries are well-formed", async (t) => {
  for (const entry of errorCodes.values()) {
    t.match(entry.code, /^EV[0-9A-Z]{3}$/, `${entry.code} is in the EV class`);
    t.ok([400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429, 503].includes(entry.status), `${entry.code} maps to a 4xx status (503: the database, not the request)`);
    t.match(entry.name, /^[a-z_]+$/);
  }
  t.equal(new Set([...errorCodes.values()].map((e) => e.name)).size, errorCodes.size, "names are unique");
});

t.test("every code has a message for people (the web app shows it)", async (t) => {
  for (const entry of errorCodes.values()) {
    t.match(entry.forPeople, /^[A-Z].{9,}[.!?]$/, `${entry.code} has a sentence in "Message for people"`);
    t.notMatch(entry.forPeople, /\bEV[0-9A-Z]{3}\b|`|_/, `${entry.code}'s message shows no code or identifier`);
  }
});

t.test("registeredError finds a registered SQLSTATE through wrapping errors only", async (t) => {
  const pgError = Object.assign(new Error("Sold out: fewer than 2 tickets left"), { code: "EVSLD", detail: "quantity" });
  t.same(registeredError({ originalError: pgError }), {
    code: "EVSLD",
    status: 409,
    message: "Sold out: fewer than 2 tickets left",
    field: "quantity",
  });
  t.equal(registeredError(Object.assign(new Error("boom"), { code: "23505" })), undefined, "unregistered codes stay masked");
  t.equal(registeredError(new Error("plain")), undefined);
});

t.test("errors that do not come from Evently's functions map to registered codes", async (t) => {
  t.ok(foreignErrors.length >= 5, "the table parses");
  for (const rule of foreignErrors) {
    t.ok(errorCodes.has(rule.anonymous) && errorCodes.has(rule.signedIn), `${rule.conditions.join(", ")} → registered codes`);
  }
  const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code, severity: "ERROR" });
  t.equal(publicError(pgError("22P05", "unsupported Unicode escape sequence"), false)?.code, "EVINV");
  t.equal(publicError(pgError("22021"), false)?.status, 400);
  t.equal(publicError(pgError("22003"), true)?.code, "EVINV");
  t.equal(publicError(pgError("22008"), true)?.code, "EVINV");
  t.equal(publicError(pgError("54000"), true)?.code, "EVINV");
  t.equal(publicError(pgError("57014"), true)?.code, "EVTMO");
  t.equal(publicError(pgError("40P01", "deadlock detected"), true)?.code, "EVRTY", "a deadlock: retry");
  t.equal(publicError(pgError("40001"), false)?.status, 503, "a serialization failure: retry");
  t.equal(publicError(pgError("42501"), false)?.code, "EVAUT", "permission denied, anonymous: 401");
  t.equal(publicError(pgError("42501"), true)?.code, "EVFBD", "permission denied, signed in: 403");
  for (const code of ["57P01", "57P03", "08006", "08001", "53300", "ECONNREFUSED", "ECONNRESET"]) {
    t.equal(publicError(pgError(code), false)?.code, "EVDBU", `${code} → EVDBU`);
  }
  t.equal(publicError(new Error("Connection terminated unexpectedly"), false)?.code, "EVDBU", "node-postgres' lost connection");
  t.equal(publicError(new Error("timeout exceeded when trying to connect"), false)?.code, "EVDBU", "the pool's connect timeout");
  t.equal(publicError({ originalError: pgError("57P01") }, false)?.code, "EVDBU", "through wrapping errors");
  t.equal(publicError(pgError("23505"), false), undefined, "anything else stays masked");
  t.equal(publicError(new Error("plain"), false), undefined);
  t.equal(publicError(pgError("EVSLD", "Sold out"), false)?.code, "EVSLD", "registered codes first");
  t.throws(() => parseForeignErrors("# nothing"), /missing/, "the section must exist");
});

t.test("a retired code is told apart from a live one", async (t) => {
  const parsed = parseRegistry([
    "| EVZZ1 | 409  | live_one | Raised when something happens. | Try again. |",
    "| EVZZ2 | 409  | old_one  | Retired (migration 000099): was raised by x. | Try again. |",
  ].join("\n"));
  t.equal(parsed.get("EVZZ1")?.retired, false);
  t.equal(parsed.get("EVZZ2")?.retired, true);
  t.equal(errorCodes.get("EVTTW")?.retired, true, "EVTTW: typed events have per-type waitlists now");
});
