// npm run worker: job worker only (more processes may run beside `npm start`).
import { config } from "../config.ts";
import { makePool } from "../db/pool.ts";
import { openDatabase } from "../db/database.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { startWorker } from "../worker.ts";
import { log } from "../log.ts";

const db = await openDatabase();
await migrateDatabase(db.url);
const pool = makePool(db.url, config.workerConcurrency + 2);
const worker = await startWorker({ pgPool: pool, concurrency: config.workerConcurrency });
log.info({ concurrency: config.workerConcurrency }, "worker running");

async function shutdown() {
  await worker.stop().catch((error) => log.error(error));
  await pool.end();
  await db.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
