// The database's own ceiling: pgbench calling evently.book_tickets exactly as the SQL API
// is used (begin; act as the user; call; commit), with no app in between.
// L_hot: one event with effectively unlimited capacity, so every call books and the
// figure is booking throughput on one hot row. L_spread: the same over many events.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventIdSql, userIdSql } from "../ids.ts";

export const PGBENCH = process.env.PGBENCH ?? "/usr/lib/postgresql/15/bin/pgbench";

export function pgbenchAvailable(): boolean {
  return existsSync(PGBENCH);
}

export type PgbenchScript = "evently" | "min" | "hold" | "batch";

/**
 * "evently": evently.book_tickets as the SQL API is used. "min": bench.book_min, the
 * minimal conditional UPDATE + INSERT (L_min), in a transaction of the same shape (the
 * claims are set as well; the role stays the owner's, since the bench schema has no grants).
 * "hold": evently.hold_tickets. "batch": evently_private.book_tickets_batch, :size per call.
 */
export function bookScript(kind: PgbenchScript = "evently"): string {
  const vars = `\\set u random(1, :users)
\\set e random(1, :events)
\\set k random(1, 1000000000000)
begin;
`;
  if (kind === "min") {
    return `${vars}select set_config('jwt.claims.user_id', ${userIdSql("u")}, true);
select bench.book_min((${eventIdSql("run", "e")})::uuid, (${userIdSql("u")})::uuid, 1);
end;
`;
  }
  if (kind === "batch") {
    // evently_private.book_tickets_batch as the booker calls it (src/booking/batcher.ts): as
    // evently_authenticator, :size bookings of one ticket per call for random users of one
    // event. The JSON is built in SQL, a little more work for the server than the app's text.
    return `${vars}select set_config('role', 'evently_authenticator', true);
select count(*) from evently_private.book_tickets_batch((select jsonb_agg(jsonb_build_object(
  'user_id', '00000000-0000-4000-8000-' || lpad((1 + floor(random() * :users))::int::text, 12, '0'),
  'event_id', ${eventIdSql("run", "e")}, 'quantity', 1, 'idempotency_key', 'pgbench-' || :k || '-' || g))
  from generate_series(1, :size) g));
end;
`;
  }
  if (kind === "hold") {
    // A hold (with its expiry job), as the first call of hold-then-confirm.
    return `${vars}select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', ${userIdSql("u")}, true);
select id from evently.hold_tickets((${eventIdSql("run", "e")})::uuid, 1);
end;
`;
  }
  return `${vars}select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', ${userIdSql("u")}, true);
select id from evently.book_tickets((${eventIdSql("run", "e")})::uuid, 1, 'pgbench-' || :k);
end;
`;
}

export interface PgbenchResult {
  clients: number;
  tps: number;
  failed: number;
  /** Transactions pgbench completed (each a call of the script). */
  transactions: number;
  /** tps of each progress interval, when asked for (`progressSeconds`). */
  intervals: number[];
}

/** tps (without initial connection time) from pgbench's summary. */
export function parseTps(output: string): number | undefined {
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  return match ? Number(match[1]) : undefined;
}

export async function runPgbench(opts: {
  url: string;
  clients: number;
  seconds: number;
  run: number;
  events: number;
  users: number;
  script?: PgbenchScript;
  /** "batch": bookings per call. */
  batchSize?: number;
  /** pgbench -P: report tps every this many seconds (in `intervals`). */
  progressSeconds?: number;
}): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "evently-pgbench-"));
  const script = join(dir, "book.sql");
  writeFileSync(script, bookScript(opts.script));
  try {
    const args = [
      "-n", "-f", script, "-c", String(opts.clients), "-j", String(Math.min(2, opts.clients)),
      "-T", String(opts.seconds),
      ...(opts.progressSeconds ? ["-P", String(opts.progressSeconds)] : []),
      "-D", `users=${opts.users}`, "-D", `events=${opts.events}`, "-D", `run=${opts.run}`,
      ...(opts.batchSize ? ["-D", `size=${opts.batchSize}`] : []),
      opts.url,
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(PGBENCH, args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (c) => (out += c));
      child.stderr.on("data", (c) => (out += c));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited ${code}:\n${out.slice(-2000)}`))));
    });
    const tps = parseTps(output);
    if (tps === undefined) throw new Error(`could not read tps from pgbench:\n${output.slice(-2000)}`);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    const intervals = [...output.matchAll(/^progress: [\d.]+ s, ([\d.]+) tps/gm)].map((m) => Number(m[1]));
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0);
    return { clients: opts.clients, tps, failed, transactions, intervals };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
