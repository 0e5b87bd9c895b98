// The web app (web/, built into web/dist): its pages at `/` with an SPA fallback for the app's
// own paths only, its session (an HttpOnly SameSite=Strict cookie holding the same JWT the
// REST API signs, plus a required X-Evently-Client header on cookie-authenticated writes) and
// the people's messages of the error registry. docs/web.md says why. No business rule here.
import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import type pg from "pg";
import { signToken, verifyToken, InvalidTokenError, type Claims } from "../auth/tokens.ts";
import { errorCodes } from "../errors.ts";
import { callAs } from "../rest/transaction.ts";
import { ProblemError, problemFor, problemHandler, sendProblem } from "../rest/problem.ts";
import type { RateLimitBucket } from "../rest/rate-limit.ts";
import { webDist } from "./web-build.ts";

export const SESSION_COOKIE = "evently_session";
export const CLIENT_HEADER = "x-evently-client";

/** The app's page paths: anything else (/api, /graphql, /docs, /health, …) never gets index.html. */
const APP_PAGES = /^\/(?:$|events(?:\/[\w-]+)?\/?$|login\/?$|register\/?$|bookings\/?$|tickets(?:\/[\w-]+)?\/?$|notifications\/?$|scan(?:\/[\w-]+)?\/?$|admin(?:\/[\w/-]*)?$)/;

export function isAppPage(path: string): boolean {
  return APP_PAGES.test(path);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function cookieAttributes(req: Request, maxAgeSeconds: number): string {
  // Secure whenever the request came over TLS (directly or, with trust proxy, behind one);
  // plain http on localhost must still work for `npm start`.
  return `Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${req.secure ? "; Secure" : ""}`;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Runs before the bearer-token check. A request with its own Authorization header is left
 * alone (API clients). Otherwise a valid session cookie becomes the request's bearer token,
 * for reads always and for writes only with the X-Evently-Client header (a cross-site form or
 * image cannot set it, and a cross-site fetch that sets it needs a CORS preflight this server
 * never grants). An invalid or expired cookie is cleared and the request goes on anonymous.
 */
export function webSession(jwtSecret: string, previousSecret?: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = req.headers.authorization ? undefined : readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token) return next();
    try {
      verifyToken(token, jwtSecret, previousSecret);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      res.append("Set-Cookie", `${SESSION_COOKIE}=; ${cookieAttributes(req, 0)}`);
      return next();
    }
    if (!SAFE_METHODS.has(req.method) && !req.get(CLIENT_HEADER)) {
      const message = "Requests signed in by the session cookie must send the X-Evently-Client header";
      const problem = problemFor(new ProblemError("EVCSR", message).code, message, undefined, req.originalUrl);
      res.status(problem.status);
      if (req.path.startsWith("/graphql")) res.json({ errors: [{ message, extensions: { code: problem.code, status: problem.status } }] });
      else sendProblem(res, problem);
      return;
    }
    req.headers.authorization = `Bearer ${token}`;
    next();
  };
}

export interface WebRouterOptions {
  pool: pg.Pool;
  jwtSecret: string;
  statementTimeout: string;
  consumeRateLimit(bucket: RateLimitBucket, ip: string, claims: Claims | undefined): Promise<void>;
  /** Where the built app is (default web/dist); absent: only the session and messages routes. */
  dist?: string;
}

export function webRouter(options: WebRouterOptions): express.Router {
  const router = express.Router();
  const dist = options.dist ?? webDist;

  // Log in: the same evently.authenticate as POST /api/v1/auth/login, but the token goes into
  // the HttpOnly cookie and never reaches the page's scripts.
  router.post("/web/session", express.json({ limit: "10kb" }), async (req, res, next) => {
    try {
      if (!req.get(CLIENT_HEADER)) throw new ProblemError("EVCSR", "Log in from the web app (X-Evently-Client header missing)");
      await options.consumeRateLimit("auth", req.ip ?? "unknown", undefined);
      const { email, password } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof email !== "string" || email.length > 320) throw new ProblemError("EVINV", "email is required", "email");
      if (typeof password !== "string" || password.length > 1000) throw new ProblemError("EVINV", "password is required", "password");
      const [claims] = await callAs<{ role: Claims["role"]; user_id: string; exp: number }>(
        options.pool, undefined,
        { text: "select role, user_id, exp::double precision as exp from evently.authenticate(email => $1, password => $2)", values: [email, password] },
        options.statementTimeout,
      );
      const token = signToken({ role: claims.role, user_id: claims.user_id, exp: claims.exp }, options.jwtSecret);
      res.append("Set-Cookie", `${SESSION_COOKIE}=${token}; ${cookieAttributes(req, claims.exp - Date.now() / 1000)}`);
      res.set("Cache-Control", "no-store").json({ user_id: claims.user_id, role: claims.role, expires_at: new Date(claims.exp * 1000).toISOString() });
    } catch (error) {
      next(error);
    }
  });

  // Log out: the cookie goes. (The JWT itself stays valid until it expires; it was never
  // readable by scripts, so nobody else holds a copy.)
  router.delete("/web/session", (req, res) => {
    res.append("Set-Cookie", `${SESSION_COOKIE}=; ${cookieAttributes(req, 0)}`);
    res.status(204).end();
  });

  // The registry's "Message for people" column: the one place the app's error sentences come from.
  const messages = Object.fromEntries([...errorCodes.values()].map((e) => [e.code, { status: e.status, name: e.name, message: e.forPeople }]));
  router.get("/web/messages", (_req, res) => {
    res.set("Cache-Control", "public, max-age=300").json(messages);
  });
  router.use("/web", problemHandler);

  if (existsSync(join(dist, "index.html"))) {
    // Hashed file names: cached for a year. index.html: revalidated every time.
    router.use("/assets", express.static(join(dist, "assets"), { immutable: true, maxAge: "365d", index: false }));
    router.use("/assets", (_req, res) => void res.status(404).type("text/plain").send("Not found"));
    router.use(express.static(dist, { index: false, setHeaders: (res) => res.set("Cache-Control", "no-cache") }));
    router.get(/.*/, (req, res, next) => {
      if (!isAppPage(req.path)) return next();
      res.set("Cache-Control", "no-cache").sendFile(join(dist, "index.html"));
    });
  }
  return router;
}

/** Whether the built app is there (otherwise `/` stays the server's plain landing page). */
export function webAppBuilt(dist = webDist): boolean {
  return existsSync(join(dist, "index.html"));
}
