// npm run worker: job worker only (more processes may run beside `npm start`).
import "./env.ts";
import { config } from "../config.ts";
import { makePool } from "../db/pool.ts";
import { openDatabase } from "../db/database.ts";
import { prepareDatabase } from "../db/migrate.ts";
import { drainWorker, startWorker } from "../worker.ts";
import { log } from "../log.ts";
import { onShutdown } from "../shutdown.ts";
import { startLiveUpdateRelay } from "../db/live-updates.ts";

const db = await openDatabase();
// Development deploys at boot; production only checks (`npm run migrate` deploys).
await prepareDatabase(db.url, config.production);
// graphile-worker's guidance (concurrency + 2: jobs, LISTEN, getJob) plus the liveness lock's connection and the live-update relay's.
const pool = makePool(db.url, config.workerConcurrency + 4);
const worker = await startWorker({ pgPool: pool, concurrency: config.workerConcurrency, pollInterval: config.workerPollMs });
log.info({ concurrency: config.workerConcurrency }, "worker running");
// Live updates of bookings made by other services straight in SQL reach psql listeners and
// GraphQL subscribers even when no API process runs (several relays share the work).
const relay = startLiveUpdateRelay(pool, config.liveUpdatesRelayMs);

// SIGTERM/SIGINT: no new jobs; running jobs finish (at most SHUTDOWN_TIMEOUT_MS, then they are
// failed back to the queue and retried); then the pool and the embedded server.
onShutdown({
  timeoutMs: config.shutdownTimeoutMs,
  drain: [["worker", (cut) => drainWorker(worker, cut)]],
  release: [
    ["live-update relay", () => relay.stop()],
    ["pool", () => pool.end()],
    ["database", () => db.stop()],
  ],
});
