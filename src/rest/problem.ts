// RFC 9457 problem details carrying a registered code; the HTTP status always comes from
// docs/error-codes.md (src/errors.ts), never from a table here.
import type { NextFunction, Request, Response } from "express";
import "../server/auth.ts"; // Request.evently
import type { Logger } from "pino";
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

/** The problem+json text, with the request id (pino-http's, also in X-Request-Id) when there is one. */
function problemText(problem: Problem, id: unknown): string {
  return JSON.stringify(id === undefined || id === null ? problem : { ...problem, request_id: String(id) });
}

/** Sends a problem (problemText). */
export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res.status(problem.status).set(headers).type("application/problem+json").send(problemText(problem, res.req?.id));
}

/** Seconds a client should wait before retrying a 503 (the database is back within seconds, or not soon). */
export const RETRY_AFTER_SECONDS = 1;

/** A problem as it goes on the wire: status, extra headers, the problem+json text. */
export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the answer to an error needs to know of its request. */
export interface FailedRequest {
  signedIn: boolean;
  /** The request's logger (pino-http's req.log), when it has one. */
  log?: Logger;
  /** The request id (also in X-Request-Id). */
  id?: unknown;
  url: string;
}

/**
 * The answer to an error on /api: registered errors keep their code, PostgreSQL's own errors
 * and lost connections get the code docs/error-codes.md gives them, all else is masked.
 */
export function problemResponse(error: unknown, request: FailedRequest): ProblemResponse {
  const withId = (problem: Problem) => problemText(problem, request.id);
  const registered = publicError(error, request.signedIn);
  if (registered) {
    const headers = error instanceof ProblemError ? error.headers : registered.status === 503 ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
    if (registered.code === "EVRTY") logRetryable(request.log, error);
    else if (registered.status === 503) request.log?.debug({ code: registered.code, message: error instanceof Error ? error.message : String(error) }, "database unavailable");
    return { status: registered.status, headers, body: withId(problemFor(registered.code, registered.message, registered.field, request.url)) };
  }
  // express.json() refuses bodies with its own errors (status 400/413/415).
  const status = typeof error === "object" && error !== null && "status" in error ? Number(error.status) : 500;
  if (status === 413) {
    const limit = (error as { limit?: number }).limit;
    return { status, headers: {}, body: withId(problemFor("EVBIG", `Request body is too large${limit ? ` (at most ${Math.floor(limit / 1024)} kB)` : ""}`, undefined, request.url)) };
  }
  if (status === 415) {
    const what = error instanceof Error ? error.message : "unsupported body";
    return { status, headers: {}, body: withId(problemFor("EVMED", `Request body: ${what}; send JSON in UTF-8`, undefined, request.url)) };
  }
  if (status === 400) {
    return { status, headers: {}, body: withId(problemFor("EVINV", "Request body is not valid JSON", undefined, request.url)) };
  }
  request.log?.error({ err: error }, "request failed");
  // No code (it is not a registered error): the request id finds the logged cause.
  return {
    status: 500,
    headers: {},
    body: JSON.stringify({
      type: "about:blank", title: "internal_error", status: 500,
      detail: `An error occurred; quote request id ${String(request.id)} when reporting it`,
      instance: request.url, request_id: String(request.id),
    }),
  };
}

/** Express error handler for /api (problemResponse). */
export function problemHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const problem = problemResponse(error, { signedIn: Boolean(req.evently?.claims), log: req.log, id: req.id, url: req.originalUrl });
  res.status(problem.status).set(problem.headers).type("application/problem+json").send(problem.body);
}
