// GraphQL's direct path, as src/rest/direct.ts is REST's: a plain POST /graphql goes to
// grafserv's node:http handler without Express's middleware stack and router, which cost
// a batched booking a fifth to a third of the app's CPU (bench/results/2026-12-04-stop-32.md).
// grafserv answers it exactly as through Express (its Express adaptor is this node handler
// with Express's request fields read instead): the same schema, preset, context and
// masking. Plain is a bearer token or none, at exactly /graphql. Anything else goes through
// Express as before: a session cookie (the web app, whose CSRF header webSession checks), a
// token that does not verify (Express answers 401 with its challenge), GET (Ruru), a query
// string, another path.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { claimsFromHeader, type Claims } from "../auth/tokens.ts";
import { problemResponse } from "../rest/problem.ts";
import { send } from "../rest/direct.ts";
import type { Turns } from "./turns.ts";

export const GRAPHQL_PATH = "/graphql";

/** grafserv's node:http handler (`grafserv/node`'s createHandler). */
export type NodeGraphqlHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => Promise<void>;

export interface DirectGraphqlOptions {
  handler: NodeGraphqlHandler;
  jwtSecret: string;
  jwtSecretPrevious?: string;
  /** Starts what every request gets: its id and logger, its timing as /graphql. */
  begin(req: IncomingMessage, res: ServerResponse): void;
  /** Counts a request answered here (evently_http_direct_requests_total). */
  counted(): void;
  /** Express, for a request grafserv declines (it never does for POST /graphql). */
  express(req: IncomingMessage, res: ServerResponse): void;
  /** Operations in progress at most (src/graphql/turns.ts). */
  turns: Turns;
}

/** The verified claims of a request, where the GraphQL context reads them (src/graphql/serve-preset.ts). */
export type WithClaims = IncomingMessage & { evently?: { claims?: Claims } };

/**
 * A request handler for the node:http server, tried before Express: hands a plain GraphQL
 * request to grafserv and returns true, or returns false without touching the request.
 */
export function directGraphql(options: DirectGraphqlOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== "POST" || req.url !== GRAPHQL_PATH) return false;
    const headers = req.headers;
    if (headers.authorization === undefined && headers.cookie !== undefined) return false; // maybe the web app's session
    let claims: Claims | undefined;
    try {
      claims = claimsFromHeader(headers.authorization, options.jwtSecret, options.jwtSecretPrevious);
    } catch {
      return false; // Express answers 401 with its challenge
    }
    (req as WithClaims).evently = { claims };
    options.begin(req, res);
    options.counted();
    options.turns.take(res, () => handle(req, res, claims));
    return true;
  };

  function handle(req: IncomingMessage, res: ServerResponse, claims: Claims | undefined): void {
    void options.handler(req, res, (error) => {
      if (error === undefined) return options.express(req, res);
      // What Express's problem handler answers for an error grafserv passes on.
      if (res.headersSent) return void res.destroy();
      const { log, id } = req as IncomingMessage & { log?: Logger; id?: unknown };
      const problem = problemResponse(error, { signedIn: Boolean(claims), log, id, url: req.url! });
      send(res, problem.status, "application/problem+json", problem.body, problem.headers);
    });
  }
}
