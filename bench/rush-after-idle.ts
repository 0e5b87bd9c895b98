// A rush after a quiet spell: what the first burst of bookings costs when the app has been
// idle (sales open at 10:00 sharp). One app instance per variant, warmed with a few bursts,
// then `--rounds` times: idle for `--idle` seconds, then `--requests` REST bookings at once,
// each of its own user on one of `--events` events (so many connections are used, as when
// several sales open together), timed from the first request to each answer.
// Variants are environments for the app (e.g. API_POOL_MIN=0 against the default), run in
// turn `--repeat` times, since this 2-core box's speed drifts between runs.
// Usage: node bench/rush-after-idle.ts [--database-url U] [--variants "API_POOL_MIN=0;"]
//        [--events 200] [--requests 200] [--idle 15] [--rounds 3] [--repeat 2]
// Writes bench/results/<stamp>-rush-after-idle.md.
import "../src/cli/env.ts";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { projectRoot } from "../src/config.ts";
import { signToken } from "../src/auth/tokens.ts";
import { openBenchDatabase } from "./database.ts";
import { createEvents } from "./fixtures.ts";
import { startFleet } from "./instances.ts";
import { userId } from "./ids.ts";
import { newHistogram, summarize } from "./stats.ts";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    variants: { type: "string", default: "API_POOL_MIN=0;" },
    events: { type: "string", default: "200" },
    requests: { type: "string", default: "200" },
    idle: { type: "string", default: "15" },
    rounds: { type: "string", default: "3" },
    repeat: { type: "string", default: "2" },
  },
});
const events = Number(values.events);
const requests = Number(values.requests);
const idleMs = Number(values.idle) * 1000;
const rounds = Number(values.rounds);
const repeat = Number(values.repeat);
const WARM_BURSTS = 5;
const variants = values.variants!.split(";").map((v) => v.trim());
const envOf = (variant: string) =>
  Object.fromEntries(variant.split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
const log = (line: string) => console.error(line);

// Every request of every burst has a user of its own (the per-user limit never refuses).
const bursts = variants.length * repeat * (WARM_BURSTS + rounds);
const db = await openBenchDatabase(values["database-url"] ?? process.env.DATABASE_URL, bursts * requests + 1);
const { ids } = await createEvents(db.pool, 1, events, 1_000_000_000, "evently");
const jwtSecret = randomBytes(32).toString("base64url");
const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
let nextUser = 1;

interface Burst { ms: number; p50: number; p99: number }

async function burst(url: string): Promise<Burst> {
  const http = new Pool(url, { connections: requests, pipelining: 1, keepAliveTimeout: 600_000 });
  const start = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const user = nextUser++;
      const res = await http.request({
        path: "/api/v1/bookings",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${signToken({ role: "evently_user", user_id: userId(user), exp }, jwtSecret)}` },
        body: JSON.stringify({ event_id: ids[i % ids.length], quantity: 1 }),
      });
      const body = await res.body.text();
      if (res.statusCode !== 201) throw new Error(`HTTP ${res.statusCode}: ${body}`);
      return performance.now() - start;
    }),
  );
  await http.close();
  const h = newHistogram();
  for (const ms of latencies) h.recordValue(Math.max(1, Math.round(ms * 1000)));
  const { p50, p99, max } = summarize(h);
  return { ms: max, p50, p99 };
}

const rows: string[] = [];
try {
  for (let r = 1; r <= repeat; r++) {
    for (const variant of variants) {
      const fleet = await startFleet({ count: 1, ownerUrl: db.url, authUrl: db.authUrl, jwtSecret, batch: true, env: envOf(variant) });
      try {
        const url = fleet.instances[0].url;
        let warm: Burst | undefined;
        for (let w = 0; w < WARM_BURSTS; w++) warm = await burst(url);
        const after: Burst[] = [];
        for (let k = 0; k < rounds; k++) {
          await new Promise((resolve) => setTimeout(resolve, idleMs));
          after.push(await burst(url));
        }
        const show = (b: Burst) => `${Math.round(b.p50)} / ${Math.round(b.p99)} / ${Math.round(b.ms)}`;
        const row = `| ${variant || "(default)"} | ${r} | ${show(warm!)} | ${after.map(show).join(" · ")} |`;
        log(row);
        rows.push(row);
      } finally {
        await fleet.stop();
      }
    }
  }
} finally {
  await db.close();
}

const stamp = new Date().toISOString().replace(/[:T]/g, "-").slice(0, 16);
const command = `node bench/rush-after-idle.ts ${process.argv.slice(2).join(" ")}`.trim();
const report = `# Rush after idle — ${stamp}

Command: \`${command}\`. One app instance per variant (booking batching on), ${WARM_BURSTS} warm bursts, then ${rounds} times: ${idleMs / 1000} s idle, then ${requests} REST bookings sent at once over new connections, on ${events} events. Figures: p50 / p99 / last answer, ms from the burst's first request.

| variant | repeat | warm burst | after idle (each round) |
|---|--:|---|---|
${rows.join("\n")}
`;
const file = join(projectRoot, "bench", "results", `${stamp}-rush-after-idle.md`);
writeFileSync(file, report);
console.log(report);
console.log(`written: ${file}`);
