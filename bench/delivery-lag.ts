// Notification delivery lag: time from a booking's outbox row to the relay recording the
// message as sent, with a worker at the defaults and the log-and-store mailer (bench/lags.ts).
// Usage: node bench/delivery-lag.ts [--bookings 2000] [--rate 200]
// In a scratch database on the server at DATABASE_URL, or on a throwaway embedded
// PostgreSQL; prints p50/p90/p99/max.
import "../src/cli/env.ts";
import { parseArgs } from "node:util";
import { inScratchDatabase, measureDeliveryLag } from "./lags.ts";
import { lagLine } from "./report/console.ts";
import { benchServer } from "./database.ts";

const { values } = parseArgs({
  options: { bookings: { type: "string", default: "2000" }, rate: { type: "string", default: "200" } },
});
const server = await benchServer(process.env.DATABASE_URL);
try {
  const lag = await inScratchDatabase(server.adminUrl, `evently_lag_${process.pid}`, (url) =>
    measureDeliveryLag(url, { bookings: Number(values.bookings), rate: Number(values.rate) }));
  console.log(lagLine(lag));
} finally {
  await server.stop();
}
