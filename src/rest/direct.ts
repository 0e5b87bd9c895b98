// The REST API's direct path. A plain request to a route is answered here, by the same
// code as through Express (src/rest/answer.ts), without Express's middleware stack, router
// and body parser: per booking those cost the app more CPU than everything else it does
// (bench/results/2026-12-03-stop-31.md). Plain is what API clients send: the path as a
// route writes it, a bearer token or none, a JSON body with its Content-Length.
// Anything else is left to Express, which answers it as before: a session cookie, HEAD,
// OPTIONS or a method no route has, a conditional GET, a percent-encoded, differently
// cased or slash-ended path, a compressed, chunked, non-JSON or too large body, a token
// that does not verify.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import FindMyWay from "find-my-way";
import etag from "etag";
import type { Logger } from "pino";
import { claimsFromHeader, type Claims } from "../auth/tokens.ts";
import { problemResponse } from "./problem.ts";
import type { RouteSpec } from "./route.ts";
import { API_BODY_LIMIT, expressPath, routeAnswerer, type Answer, type ApiRequest, type RouterDeps } from "./answer.ts";

export const API_PREFIX = "/api/v1";

export interface DirectOptions {
  deps: RouterDeps;
  jwtSecret: string;
  jwtSecretPrevious?: string;
  /** The client's address as Express gives it (req.ip under "trust proxy"). */
  clientIp(req: IncomingMessage): string | undefined;
  /** Starts what every request gets: its id and logger, its timing under `route` (the metrics label). */
  begin(req: IncomingMessage, res: ServerResponse, route: string): void;
}

interface Target {
  answer(request: ApiRequest): Promise<Answer>;
  /** The metrics label Express gives the route: the mount path and the route's express path. */
  label: string;
}

// What express.json() reads: application/json in UTF-8 (it refuses other charsets with 415).
const JSON_TYPE = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;
// express.json({ strict: true }): the first character past JSON's whitespace opens an object or an array.
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

/** Is the body one express.json() would read as it is: JSON, not encoded, not chunked, within the limit? */
function plainBody(req: IncomingMessage): boolean {
  const headers = req.headers;
  if (headers["transfer-encoding"] !== undefined) return false;
  const encoding = headers["content-encoding"];
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return false;
  const length = headers["content-length"];
  if (headers["content-type"] === undefined) return length === undefined || length === "0";
  return JSON_TYPE.test(headers["content-type"]) && (length === undefined || Number(length) <= API_BODY_LIMIT);
}

/** What express.json() would refuse with 400, as the problem handler answers it (EVINV). */
const notJson = () => Object.assign(new Error("Request body is not valid JSON"), { status: 400 });

/** The body as express.json() parses it (BOM dropped, strict, an empty body is {}); undefined without Content-Length. */
function parseBody(raw: Buffer | undefined): unknown {
  if (raw === undefined) return undefined;
  let text = raw.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== "{" && first !== "[") throw notJson();
  try {
    return JSON.parse(text);
  } catch {
    throw notJson();
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.headers["content-length"] === undefined) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** As Express's res.json / res.send write it: charset, length and a weak ETag. */
export function send(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader("Content-Type", `${type}; charset=utf-8`);
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.setHeader("ETag", etag(text, { weak: true }));
  res.end(text);
}

/**
 * A request handler for the node:http server, tried before Express: answers a plain API
 * request and returns true, or returns false without touching the request.
 */
export function directApi(routes: RouteSpec[], options: DirectOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const router = FindMyWay({ caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false });
  for (const route of routes) {
    const path = `${API_PREFIX}${expressPath(route.path)}`;
    const target: Target = { answer: routeAnswerer(route, options.deps), label: path };
    router.on(route.method.toUpperCase() as "GET", path, () => {}, target);
  }

  async function answer(req: IncomingMessage, res: ServerResponse, target: Target, params: Record<string, string>, query: string, claims: Claims | undefined) {
    let raw: Buffer | undefined;
    try {
      raw = await readBody(req);
    } catch {
      return void res.destroy(); // the client went away mid-body
    }
    try {
      const body = parseBody(raw);
      const idempotencyKey = req.headers["idempotency-key"];
      const { status, body: result } = await target.answer({
        params,
        query: parseQuery(query),
        body,
        claims,
        ip: options.clientIp(req) ?? "unknown",
        idempotencyKey: Array.isArray(idempotencyKey) ? idempotencyKey.join(", ") : idempotencyKey,
      });
      if (status === 204) {
        res.statusCode = 204;
        res.end();
      } else {
        send(res, status, "application/json", JSON.stringify(result));
      }
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      const { log, id } = req as IncomingMessage & { log?: Logger; id?: unknown }; // set by options.begin
      const problem = problemResponse(error, { signedIn: Boolean(claims), log, id, url: req.url! });
      send(res, problem.status, "application/problem+json", problem.body, problem.headers);
    }
  }

  return (req, res) => {
    const url = req.url!;
    if (!url.startsWith(`${API_PREFIX}/`)) return false;
    const mark = url.indexOf("?");
    const path = mark < 0 ? url : url.slice(0, mark);
    if (path.includes("%")) return false;
    const found = router.find(req.method as "GET", path);
    if (!found || Object.values(found.params).some((value) => !value)) return false;
    const headers = req.headers;
    if (headers.authorization === undefined && headers.cookie !== undefined) return false; // maybe the web app's session
    if (req.method === "GET" && (headers["if-none-match"] !== undefined || headers["if-modified-since"] !== undefined)) return false;
    if (!plainBody(req)) return false;
    let claims: Claims | undefined;
    try {
      claims = claimsFromHeader(headers.authorization, options.jwtSecret, options.jwtSecretPrevious);
    } catch {
      return false; // Express answers 401 with its challenge
    }
    const target = found.store as Target;
    options.begin(req, res, target.label);
    options.deps.metrics.directRequests.inc();
    void answer(req, res, target, found.params as Record<string, string>, mark < 0 ? "" : url.slice(mark + 1), claims);
    return true;
  };
}
