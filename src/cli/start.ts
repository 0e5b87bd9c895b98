// npm start: database (embedded unless DATABASE_URL), deploy (not in production), seed on first boot,
// HTTP (GraphQL, health) and the job worker in one process (WORKER=off: HTTP only, for API
// processes scaled apart from `npm run worker` processes).
import "./env.ts";
import { config } from "../config.ts";
import { makePool } from "../db/pool.ts";
import { openDatabase } from "../db/database.ts";
import { prepareDatabase } from "../db/migrate.ts";
import { resolveAuthUrl } from "../db/authenticator.ts";
import { rollDemoEvents, seedDemoData } from "../db/seed.ts";
import { createApp, listen } from "../server/app.ts";
import { drainWorker, startWorker } from "../worker.ts";
import { persistentSecret } from "../secrets.ts";
import { log } from "../log.ts";
import { onShutdown } from "../shutdown.ts";
import { ReadRouting } from "../db/replica.ts";
import { ensureWebBuild } from "../server/web-build.ts";

if (config.production && !config.jwtSecret) {
  log.fatal("JWT_SECRET must be set when NODE_ENV=production");
  process.exit(1);
}
const jwtSecret = config.jwtSecret ?? persistentSecret(config.dataDir, "jwt-secret");

// The web app at `/`: built on first start and whenever web/ changed (a few seconds).
const webBuilt = await ensureWebBuild({ log: (line) => log.info(line) }).catch((error: unknown) => {
  log.error({ err: error }, "web app: build failed; serving the API only");
  return false;
});

const db = await openDatabase();
// Development deploys at boot; production only checks (`npm run migrate` deploys).
await prepareDatabase(db.url, config.production);
// The owner pool serves the in-process worker (its jobs, LISTEN, heartbeat, liveness lock)
// and boot's seeding; an API-only process needs it only at boot.
const ownerPool = makePool(db.url, config.worker ? config.workerConcurrency + 4 : 2);
const authUrl = await resolveAuthUrl({
  ownerUrl: db.url,
  authUrl: config.authDatabaseUrl,
  embedded: db.embedded,
  password: () => persistentSecret(config.dataDir, "authenticator-password"),
});
const authPool = makePool(authUrl, config.apiPoolSize, { min: config.apiPoolMin });

const readReplica = config.readDatabaseUrl
  ? new ReadRouting(authPool, { url: config.readDatabaseUrl, maxLagMs: config.readReplicaMaxLagMs })
  : undefined;
await readReplica?.start();

const seeded = await seedDemoData(ownerPool);
const rolled = await rollDemoEvents(ownerPool);
if (rolled > 0) log.info({ events: rolled }, "demo events that had started moved forward by whole weeks");
const http = await createApp({
  pool: authPool,
  jwtSecret,
  jwtSecretPrevious: config.jwtSecretPrevious,
  production: config.production,
  rateLimit: { points: config.rateLimitPerMinute, ipPoints: config.rateLimitPerIpPerMinute, durationSeconds: 60 },
  trustProxy: config.trustProxy,
  statementTimeout: config.statementTimeout,
  graphqlSchema: config.graphqlSchema,
  graphqlConcurrency: config.graphqlConcurrency,
  bookingBatch: config.bookingBatch && { windowMs: config.bookingBatchWindowMs, maxBatch: Math.max(1, Math.min(60, config.bookingBatchMax)) },
  readReplica,
  liveUpdatesRelayMs: config.liveUpdatesRelayMs,
});
const port = await listen(http.server, config.port, config.host);
const worker = config.worker
  ? await startWorker({ pgPool: ownerPool, concurrency: config.workerConcurrency, pollInterval: config.workerPollMs })
  : undefined;

const base = `http://localhost:${port}`;
console.log(`
Evently is running${webBuilt ? `\n  Web app   ${base}/` : ""}
  GraphQL   ${base}/graphql${config.production ? "" : `\n  Ruru      ${base}/graphiql`}
  REST      ${base}/api/v1  (docs ${base}/docs, ${base}/openapi.json)
  Health    ${base}/health  ${base}/ready  ${base}/metrics
  psql      psql '${db.url}'${worker ? "" : "\n  Jobs      WORKER=off: run `npm run worker` beside it"}`);
if (seeded) {
  console.log(`  Demo admin: ${seeded.email} / ${seeded.password}  (shown once; a new one: npm run admin -- reset-password ${seeded.email})`);
}

// SIGTERM/SIGINT: /ready says 503; no new connections and no new jobs; in-flight requests
// and running jobs finish (at most SHUTDOWN_TIMEOUT_MS); then PostGraphile, the pools, the server.
onShutdown({
  startDraining: () => http.startDraining(),
  delayMs: config.shutdownDelayMs,
  timeoutMs: config.shutdownTimeoutMs,
  drain: [
    ["http", (cut) => http.drain(cut)],
    ["worker", (cut) => drainWorker(worker, cut)],
  ],
  release: [
    ["http", () => http.close()],
    ["read replica", async () => readReplica?.close()],
    ["auth pool", () => authPool.end()],
    ["owner pool", () => ownerPool.end()],
    ["database", () => db.stop()],
  ],
});
