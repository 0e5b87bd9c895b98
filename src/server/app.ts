// The HTTP server: REST (/api/v1, OpenAPI, docs), GraphQL (PostGraphile), operations
// (/health, /ready, /metrics). Wiring only: no business rule here.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import proxyaddr from "proxy-addr";
import type pg from "pg";
import { grafserv } from "postgraphile/grafserv/express/v4";
import { grafserv as grafservNode } from "postgraphile/grafserv/node";
import { directGraphql, GRAPHQL_PATH, type NodeGraphqlHandler } from "../graphql/direct.ts";
import { makeServePreset } from "../graphql/serve-preset.ts";
import { exportedSchemaFile, importSchema, SchemaExportError, type GraphQLSchemaSource, type SchemaVariant } from "../graphql/schema.ts";
import { authenticate } from "./auth.ts";
import { makeMetrics } from "./metrics.ts";
import { DEFAULT_GRAPHQL_CONCURRENCY, makeTurns } from "../graphql/turns.ts";
import { opsRouter } from "./ops.ts";
import { log } from "../log.ts";
import { requestLogging } from "./request-log.ts";
import { allRoutes } from "../rest/routes/index.ts";
import { apiRouter } from "../rest/router.ts";
import { API_PREFIX, directApi } from "../rest/direct.ts";
import { openApiDocument } from "../rest/openapi.ts";
import { docsRouter } from "../rest/docs-page.ts";
import { problemHandler } from "../rest/problem.ts";
import { makeRateLimits, type RateLimitOptions } from "../rest/rate-limit.ts";
import type { ReadRouting } from "../db/replica.ts";
import { DEFAULT_BATCH, makeBatchingBooker, type BatchOptions } from "../booking/batcher.ts";
import { BOOKING_MADE } from "../rest/columns.ts";
import { webRouter, webSession } from "./web.ts";
import { landingPage } from "./landing.ts";
import { notFound } from "./not-found.ts";
import { startLiveUpdateRelay } from "../db/live-updates.ts";

export interface AppOptions {
  /** Pool of the server's login role; each request switches role inside its transaction. */
  pool: pg.Pool;
  jwtSecret: string;
  /** The secret before the last rotation: its tokens are accepted until they expire (JWT_SECRET_PREVIOUS). */
  jwtSecretPrevious?: string;
  production: boolean;
  /** Per user / per IP limits on booking and auth routes (default 60 per minute). */
  rateLimit?: RateLimitOptions;
  /** Express "trust proxy": set behind a load balancer so limits count the client's IP. */
  trustProxy?: boolean | number | string;
  /** statement_timeout of every API transaction (GraphQL and REST), default "5s". */
  statementTimeout?: string;
  /** The read replica (READ_DATABASE_URL), for anonymous browsing, seat maps and analytics. */
  readReplica?: ReadRouting;
  /** Batching of one-step bookings per hot event (src/booking/batcher.ts); false turns it off. Default on. */
  bookingBatch?: Partial<Omit<BatchOptions, "statementTimeout">> | false;
  /** The built web app's folder (default web/dist); served at `/` when it holds index.html. */
  webDist?: string;
  /** How often this process sends recorded live-update NOTIFYs (LIVE_UPDATES_RELAY_MS, default 100); 0: never. */
  liveUpdatesRelayMs?: number;
  /**
   * Answer plain REST and GraphQL requests without Express (src/rest/direct.ts,
   * src/graphql/direct.ts; default true). false: Express answers every request, as tests do
   * to compare the two.
   */
  directApi?: boolean;
  /** GRAPHQL_CONCURRENCY: GraphQL operations in progress at most on the direct path (src/graphql/turns.ts, default 64); 0: no limit. */
  graphqlConcurrency?: number;
  /** GRAPHQL_SCHEMA: "exported" (default: built ahead of time in a child process, src/graphql/schema.ts) or "live" (built in this process). */
  graphqlSchema?: GraphQLSchemaSource;
  /** Where exported schemas are cached (default node_modules/.cache/evently/graphql-schema; inside the project, since the modules import postgraphile). */
  graphqlSchemaCache?: string;
}

export interface App {
  app: express.Express;
  server: Server;
  /** Batching of one-step bookings (undefined when off): its counters, for tests and diagnosis. */
  bookingBatch?: { stats: { batches: number; batchedRequests: number; singles: number } };
  /**
   * Graceful stop, step 1: /ready answers 503 (a load balancer takes the instance out);
   * requests are still served. Responses from now on close their connection.
   */
  startDraining(): void;
  /**
   * Graceful stop, step 2: stops accepting connections and waits for in-flight requests
   * to finish; when `cut` aborts first, closes the connections still open. Resolves once
   * every connection is closed.
   */
  drain(cut?: AbortSignal): Promise<void>;
  /** Stops accepting requests (cutting those in flight) and releases PostGraphile (not the pool: its owner closes it). */
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  // Plain API requests are answered before Express (src/rest/direct.ts, src/graphql/direct.ts); set below.
  const direct: Array<(req: IncomingMessage, res: ServerResponse) => boolean> = [];
  const server = createHttpServer((req, res) => {
    try {
      for (const answer of direct) if (answer(req, res)) return;
    } catch (error) {
      // A bug in the direct path must not end the process (node:http does not catch): Express answers.
      log.error({ err: error, url: req.url }, "direct path failed; answered through Express");
      if (res.headersSent) return void res.destroy();
    }
    app(req, res);
  });
  // In-flight requests, so a drain can ask each to close its connection when answered.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  server.prependListener("request", (_req, res: ServerResponse) => {
    if (draining) res.setHeader("Connection", "close");
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
  });
  const metrics = makeMetrics(options.pool);
  options.readReplica?.registerMetrics(metrics.registry);

  const logRequest = requestLogging(log);
  /** Times the request under its route template (known at the end, once Express has routed it). */
  const timeRequest = (req: IncomingMessage, res: ServerResponse, route: () => string) => {
    const end = metrics.requestDuration.startTimer();
    res.on("finish", () => end({ method: req.method, route: route(), status: String(res.statusCode) }));
  };
  app.use(logRequest);
  app.use((req, res, next) => {
    timeRequest(req, res, () => req.route?.path ? `${req.baseUrl}${req.route.path}` : req.path.startsWith("/graphql") ? "/graphql" : "unmatched");
    next();
  });

  app.use(opsRouter(options.pool, metrics, () => draining));
  const routes = allRoutes(options.jwtSecret);
  app.use(docsRouter(openApiDocument(routes)));

  app.use(webSession(options.jwtSecret, options.jwtSecretPrevious)); // the web app's cookie → bearer token
  app.use(authenticate(options.jwtSecret, options.jwtSecretPrevious));
  const rateLimits = makeRateLimits(options.pool, options.rateLimit ?? { points: 60, durationSeconds: 60 });
  const statementTimeout = options.statementTimeout ?? "5s";
  const booker = options.bookingBatch === false
    ? undefined
    : makeBatchingBooker(options.pool, BOOKING_MADE, { ...DEFAULT_BATCH, ...options.bookingBatch, statementTimeout });
  const apiDeps = { pool: options.pool, readPool: options.readReplica?.pool, metrics, consumeRateLimit: rateLimits.consume, statementTimeout, booker };
  app.use(API_PREFIX, apiRouter(routes, apiDeps));
  if (options.directApi !== false) {
    const trust = app.get("trust proxy fn") as Parameters<typeof proxyaddr>[1];
    direct.push(directApi(routes, {
      deps: apiDeps,
      jwtSecret: options.jwtSecret,
      jwtSecretPrevious: options.jwtSecretPrevious,
      clientIp: (req) => proxyaddr(req, trust), // what Express's req.ip returns
      begin: (req, res, route) => {
        logRequest(req as express.Request, res as express.Response, () => {});
        timeRequest(req, res, () => route);
      },
    }));
  }

  const servePreset = makeServePreset({ ...options, readPool: options.readReplica?.pool, statementTimeout, booker });
  const schema = await graphqlSchema(options.pool, servePreset, options.graphqlSchema ?? "exported", options.graphqlSchemaCache,
    { bookingBatch: booker !== undefined });
  const serv = grafserv({ schema, preset: servePreset });
  await serv.addTo(app, server);
  // The same schema and preset through grafserv's node:http adaptor, for the direct path.
  const nodeServ = options.directApi !== false ? grafservNode({ schema, preset: servePreset }) : undefined;
  if (nodeServ) {
    const turns = makeTurns(options.graphqlConcurrency ?? DEFAULT_GRAPHQL_CONCURRENCY);
    metrics.registerGraphqlWaiting(turns.waiting);
    direct.push(directGraphql({
      turns,
      handler: nodeServ.createHandler() as NodeGraphqlHandler,
      jwtSecret: options.jwtSecret,
      jwtSecretPrevious: options.jwtSecretPrevious,
      begin: (req, res) => {
        logRequest(req as express.Request, res as express.Response, () => {});
        timeRequest(req, res, () => GRAPHQL_PATH);
      },
      counted: () => metrics.directGraphqlRequests.inc(),
      express: app,
    }));
  }
  app.use(webRouter({ pool: options.pool, jwtSecret: options.jwtSecret, statementTimeout, consumeRateLimit: rateLimits.consume, dist: options.webDist }));
  app.use(landingPage({ production: options.production })); // `/` when the web app is not built
  app.use(notFound);
  // Whatever throws past the routes answers problem+json, never Express's HTML stack page.
  app.use(problemHandler);

  // Subscribers (eventChanged) hear of changes through this relay (src/db/live-updates.ts);
  // started last, so a failed setup above leaves no timer behind.
  const relay = startLiveUpdateRelay(options.pool, options.liveUpdatesRelayMs ?? 100);
  const startDraining = () => {
    draining = true;
    // Keep-alive connections: each closes after the response it is working on.
    for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
  };
  return {
    app,
    server,
    bookingBatch: booker && { stats: booker.stats },
    startDraining,
    async drain(cut) {
      startDraining();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const cutNow = () => server.closeAllConnections();
        if (cut?.aborted) cutNow();
        else cut?.addEventListener("abort", cutNow, { once: true });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rateLimits.close().catch(() => {}); // unspent tokens back to the shared budget
      await relay.stop();
      await serv.release();
      await nodeServ?.release();
    },
  };
}

/**
 * The exported schema (imported from the cache, exported first if needed), or one built
 * here. An export that cannot be made (say node_modules is read-only) costs memory, not the
 * API: the process builds the schema itself and says why.
 */
async function graphqlSchema(pool: pg.Pool, servePreset: GraphileConfig.Preset, source: GraphQLSchemaSource, cacheDir: string | undefined, variant: SchemaVariant) {
  if (source === "exported") {
    try {
      return await importSchema(await exportedSchemaFile(pool, (line) => log.info(line), cacheDir, variant));
    } catch (error) {
      if (!(error instanceof SchemaExportError)) throw error; // the database, not the export
      log.error({ err: error }, "GraphQL schema: no export (building it in this process instead, which keeps ~25 MB more resident)");
    }
  }
  const [{ makeSchema }, { schemaPreset }] = await Promise.all([import("postgraphile"), import("../graphql/preset.ts")]);
  return (await makeSchema({ extends: [schemaPreset(variant), servePreset] })).schema;
}

/**
 * Connections the kernel queues for accept() while the process is busy. Node's default is 511;
 * a sale opening brings thousands of connections in the same second, and with the queue full
 * the kernel drops their SYNs, so clients wait 1, 3, 7 s to retry or time out connecting
 * (bench/results/2026-12-02-stop-21.md). Linux caps it at net.core.somaxconn (4096 by default since Linux 5.4, 128 before).
 */
export const LISTEN_BACKLOG = 4096;

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
