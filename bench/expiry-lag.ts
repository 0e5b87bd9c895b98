// Hold-expiry lag: time from a hold's expires_at to its release by the worker's expire_hold
// job (bench/lags.ts). Usage: node bench/expiry-lag.ts [--holds 300] [--poll-ms N]
// (default WORKER_POLL_MS). In a scratch database on the server at DATABASE_URL, or on a
// throwaway embedded PostgreSQL; prints p50/p90/p99/max.
import "../src/cli/env.ts";
import { parseArgs } from "node:util";
import { config } from "../src/config.ts";
import { inScratchDatabase, measureExpiryLag } from "./lags.ts";
import { lagLine } from "./report/console.ts";
import { benchServer } from "./database.ts";

const { values } = parseArgs({
  options: { holds: { type: "string", default: "300" }, "poll-ms": { type: "string", default: String(config.workerPollMs) } },
});
const server = await benchServer(process.env.DATABASE_URL);
try {
  const lag = await inScratchDatabase(server.adminUrl, `evently_lag_${process.pid}`, (url) =>
    measureExpiryLag(url, { holds: Number(values.holds), pollMs: Number(values["poll-ms"]) }));
  console.log(lagLine(lag));
} finally {
  await server.stop();
}
