// RFC 9457 problem details carrying a registered code; the HTTP status always comes from
// docs/error-codes.md (src/errors.ts), never from a table here.
import type { NextFunction, Request, Response } from "express";
import "../server/auth.ts"; // Request.evently
import { errorCodes, logRetryable, publicError } from "../errors.ts";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  instance?: string;
  /** The X-Request-Id of the response: quote it when reporting a problem (it is in the server's log line). */
  request_id?: string;
}

/** An error the REST layer raises itself with a registered code (validation, rate limit). */
export class ProblemError extends Error {
  readonly code: string;
  readonly detail?: string;
  readonly headers: Record<string, string>;
  constructor(code: string, message: string, field?: string, headers: Record<string, string> = {}) {
    super(message);
    if (!errorCodes.has(code)) throw new Error(`${code} is not in docs/error-codes.md`);
    this.code = code;
    this.detail = field;
    this.headers = headers;
  }
}

/** Where a code is documented: docs/error-codes.md rendered at /docs/errors, one anchor per code. */
export const problemType = (code: string) => `/docs/errors#${code}`;

export function problemFor(code: string, message: string, field?: string, instance?: string): Problem {
  const entry = errorCodes.get(code);
  if (!entry) throw new Error(`${code} is not in docs/error-codes.md`);
  return {
    type: problemType(entry.code),
    title: entry.name,
    status: entry.status,
    detail: message,
    code: entry.code,
    ...(field ? { field } : {}),
    ...(instance ? { instance } : {}),
  };
}

/** Sends a problem, with the request id (pino-http's, also in X-Request-Id) when there is one. */
export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  const id = res.req?.id;
  const body = id === undefined || id === null ? problem : { ...problem, request_id: String(id) };
  res.status(problem.status).set(headers).type("application/problem+json").send(JSON.stringify(body));
}

/** Seconds a client should wait before retrying a 503 (the database is back within seconds, or not soon). */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Express error handler for /api: registered errors keep their code, PostgreSQL's own errors
 * and lost connections get the code docs/error-codes.md gives them, all else is masked.
 */
export function problemHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const registered = publicError(error, Boolean(req.evently?.claims));
  if (registered) {
    const headers = error instanceof ProblemError ? error.headers : registered.status === 503 ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
    if (registered.code === "EVRTY") logRetryable(req.log, error);
    else if (registered.status === 503) req.log?.debug({ code: registered.code, message: error instanceof Error ? error.message : String(error) }, "database unavailable");
    sendProblem(res, problemFor(registered.code, registered.message, registered.field, req.originalUrl), headers);
    return;
  }
  // express.json() refuses bodies with its own errors (status 400/413).
  const status = typeof error === "object" && error !== null && "status" in error ? Number(error.status) : 500;
  if (status === 413) {
    const limit = (error as { limit?: number }).limit;
    sendProblem(res, problemFor("EVBIG", `Request body is too large${limit ? ` (at most ${Math.floor(limit / 1024)} kB)` : ""}`, undefined, req.originalUrl));
    return;
  }
  if (status === 400) {
    sendProblem(res, problemFor("EVINV", "Request body is not valid JSON", undefined, req.originalUrl));
    return;
  }
  req.log?.error({ err: error }, "request failed");
  // No code (it is not a registered error): the request id finds the logged cause.
  res.status(500).type("application/problem+json").send(
    JSON.stringify({
      type: "about:blank", title: "internal_error", status: 500,
      detail: `An error occurred; quote request id ${String(req.id)} when reporting it`,
      instance: req.originalUrl, request_id: String(req.id),
    }),
  );
}
