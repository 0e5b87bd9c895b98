// npm run worker: job worker only (more processes may run beside `npm start`).
import "./env.ts";
import { config } from "../config.ts";
import { makePool } from "../db/pool.ts";
import { openDatabase } from "../db/database.ts";
import { prepareDatabase } from "../db/migrate.ts";
import { startWorker } from "../worker.ts";
import { log } from "../log.ts";
import { onShutdown } from "../shutdown.ts";

const db = await openDatabase();
// Development deploys at boot; production only checks (`npm run migrate` deploys).
await prepareDatabase(db.url, config.production);
const pool = makePool(db.url, config.workerConcurrency + 2);
const worker = await startWorker({ pgPool: pool, concurrency: config.workerConcurrency, pollInterval: config.workerPollMs });
log.info({ concurrency: config.workerConcurrency }, "worker running");

onShutdown([
  ["worker", () => worker.stop()],
  ["pool", () => pool.end()],
  ["database", () => db.stop()],
]);
