// Registered business errors, read from docs/error-codes.md: the one registry that SQL
// raises, GraphQL passes through and REST maps to HTTP statuses.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./config.ts";

export interface RegisteredCode {
  code: string;
  status: number;
  name: string;
  meaning: string;
  /** What the web app shows people (the registry's "Message for people" column). */
  forPeople: string;
  /** No longer raised (its meaning starts with "Retired"); listed so the code is never reused. */
  retired: boolean;
}

export const registryPath = join(projectRoot, "docs", "error-codes.md");

export function parseRegistry(markdown: string): Map<string, RegisteredCode> {
  const codes = new Map<string, RegisteredCode>();
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    // | CODE | HTTP | name | meaning | message for people |
    if (cells.length < 6 || !/^[0-9A-Z]{5}$/.test(cells[1]) || !/^\d{3}$/.test(cells[2])) continue;
    const [, code, status, name, meaning, forPeople = ""] = cells;
    if (codes.has(code)) throw new Error(`${registryPath}: ${code} is listed twice`);
    codes.set(code, { code, status: Number(status), name, meaning, forPeople, retired: meaning.startsWith("Retired") });
  }
  return codes;
}

export const errorCodes = parseRegistry(readFileSync(registryPath, "utf8"));

export interface RegisteredError {
  code: string;
  status: number;
  message: string;
  /** Which argument was wrong, when the SQL function said (raise ... using detail). */
  field?: string;
}

/** The registered error inside `error` (or its causes), or undefined for anything else. */
export function registeredError(error: unknown): RegisteredError | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object" && current !== null && "code" in current && typeof current.code === "string") {
      const entry = errorCodes.get(current.code);
      if (entry && "message" in current && typeof current.message === "string") {
        const detail = "detail" in current && typeof current.detail === "string" ? current.detail : undefined;
        // A field name, or a path into an array argument such as seats[3].section (import_seats).
        const field = detail && /^[a-z_]+(\[[0-9]+\](\.[a-z_]+)?)?$/.test(detail) ? detail : undefined;
        return { code: entry.code, status: entry.status, message: current.message, field };
      }
    }
    current =
      typeof current === "object" && current !== null
        ? "originalError" in current
          ? current.originalError
          : "cause" in current
            ? current.cause
            : undefined
        : undefined;
  }
  return undefined;
}

/** One row of "Errors that do not come from Evently's functions" (docs/error-codes.md). */
export interface ForeignErrorRule {
  /** SQLSTATEs, SQLSTATE classes ("08…" → "08"), node error codes, or "connection-lost". */
  conditions: string[];
  /** The code for anonymous callers. */
  anonymous: string;
  /** The code for signed-in callers (the same unless the row gives two). */
  signedIn: string;
  meaning: string;
}

const FOREIGN_HEADING = "## Errors that do not come from Evently's functions";

export function parseForeignErrors(markdown: string): ForeignErrorRule[] {
  const start = markdown.indexOf(FOREIGN_HEADING);
  if (start < 0) throw new Error(`${registryPath}: the section "${FOREIGN_HEADING.slice(3)}" is missing`);
  const rules: ForeignErrorRule[] = [];
  for (const line of markdown.slice(start).split("\n").slice(1)) {
    if (line.startsWith("## ")) break;
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length < 5) continue;
    const conditions = [...cells[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/…$/, ""));
    const codes = cells[2].match(/EV[0-9A-Z]{3}/g) ?? [];
    if (conditions.length === 0 || codes.length === 0) continue;
    rules.push({ conditions, anonymous: codes[0]!, signedIn: codes[1] ?? codes[0]!, meaning: cells[3] ?? "" });
  }
  return rules;
}

export const foreignErrors = parseForeignErrors(readFileSync(registryPath, "utf8"));
for (const rule of foreignErrors) {
  for (const code of [rule.anonymous, rule.signedIn]) {
    if (!errorCodes.has(code)) throw new Error(`${registryPath}: ${code} (for ${rule.conditions.join(", ")}) is not a registered code`);
  }
}

// node-postgres' own errors for a connection that is gone carry no code.
const CONNECTION_LOST = /Connection terminated|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Cannot use a pool after calling end/i;

/** The condition an error stands for: its SQLSTATE, node error code, or "connection-lost". */
function conditionOf(error: unknown): { code?: string; message: string } | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object" && current !== null) {
      const code = "code" in current && typeof current.code === "string" ? current.code : undefined;
      const message = "message" in current && typeof current.message === "string" ? current.message : "";
      if (code || CONNECTION_LOST.test(message)) return { code, message };
      current = "originalError" in current ? current.originalError : "cause" in current ? current.cause : undefined;
    } else return undefined;
  }
  return undefined;
}

function ruleFor(condition: { code?: string; message: string }): ForeignErrorRule | undefined {
  const { code, message } = condition;
  const matches = (c: string) =>
    c === "connection-lost" ? !code && CONNECTION_LOST.test(message)
    : code === undefined ? false
    : c.length === 2 ? /^[0-9A-Z]{5}$/.test(code) && code.startsWith(c)
    : c === code;
  return foreignErrors.find((rule) => rule.conditions.some(matches));
}

/**
 * Whether the request an error came from was signed in, keyed by the error (GraphQL's
 * maskError sees only the error; its execute middleware records this for it).
 */
export const signedInRequest = new WeakMap<object, boolean>();

const FIXED_MESSAGES: Record<string, string> = {
  EVAUT: "You must be signed in to read this",
  EVFBD: "You may not read this",
  EVDBU: "The database is unavailable; retry shortly",
  EVTMO: "The request took too long and was cancelled; retry later",
  EVRTY: "The database undid the request to settle a conflict; nothing was written; retry",
};

/**
 * A registered error, or the registered code docs/error-codes.md gives an error that does
 * not come from Evently's functions (PostgreSQL's own SQLSTATEs, lost connections), or
 * undefined: masked.
 */
export function publicError(error: unknown, signedIn: boolean): RegisteredError | undefined {
  const registered = registeredError(error);
  if (registered) return registered;
  const condition = conditionOf(error);
  if (!condition) return undefined;
  const rule = ruleFor(condition);
  if (!rule) return undefined;
  const entry = errorCodes.get(signedIn ? rule.signedIn : rule.anonymous)!;
  // The table's words, never PostgreSQL's message (it may quote internals).
  const message = FIXED_MESSAGES[entry.code] ?? rule.meaning;
  return { code: entry.code, status: entry.status, message };
}

/**
 * A deadlock or serialization failure answers 503 EVRTY, and is logged at warn: the client may
 * retry, but a lock-order bug shows as these (a deadlock in the rate-limit budgets did).
 */
export function logRetryable(logger: { warn(obj: object, msg: string): void } | undefined, error: unknown): void {
  const pg = error as { code?: string; message?: string; detail?: string };
  logger?.warn({ code: "EVRTY", sqlstate: pg.code, message: pg.message, detail: pg.detail }, "transaction undone by PostgreSQL (deadlock or serialization failure); client told to retry");
}
