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
    codes.set(code, { code, status: Number(status), name, meaning, forPeople });
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
