// Reads that may be a little stale (anonymous browsing, seat maps for display, admin
// analytics) go to a streaming replica (READ_DATABASE_URL); everything that decides stays
// on the primary. The replica is used only while it answers and its lag is within a bound
// (READ_REPLICA_MAX_LAG_MS, default 2 s); otherwise those reads go to the primary too.
//
// Lag is measured against the primary, not from the replica's own clock of its last
// replayed transaction (that reads "caught up" when the replica has simply stopped
// receiving WAL): each probe samples the primary's WAL position, and the replica is as far
// behind as the oldest sample it has not replayed yet.
import pg from "pg";
import { Counter, Gauge, type Registry } from "prom-client";
import { makePool } from "./pool.ts";
import { log } from "../log.ts";

export interface ReplicaOptions {
  /** The replica's login (evently_authenticator, as on the primary). */
  url: string;
  /** Above this the replica is not used. */
  maxLagMs: number;
  /** How often lag is measured. */
  probeMs?: number;
  poolSize?: number;
}

export type ReadTarget = "replica" | "primary";

/** Parses a pg_lsn ("16/B374D848") into a comparable number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

interface Sample {
  at: number;
  lsn: bigint;
}

/**
 * Seconds the replica is behind: 0 when it has replayed the newest sample, otherwise the age
 * of the oldest sample it has not replayed (a lower bound, within one probe interval).
 */
export function lagFromSamples(samples: Sample[], replayed: bigint, now: number): number {
  const missing = samples.find((s) => s.lsn > replayed);
  return missing ? Math.max(0, (now - missing.at) / 1000) : 0;
}

export class ReadRouting {
  readonly replicaPool: pg.Pool;
  /** A pool-shaped chooser: connect() gives a replica client while it is usable, else a primary one. */
  readonly pool: pg.Pool;
  private samples: Sample[] = [];
  private lag: number | undefined;
  private up = false;
  private timer?: NodeJS.Timeout;
  private probing?: Promise<void>;
  private readonly reads = new Counter({
    name: "evently_db_reads_total",
    help: "Replica-eligible requests (anonymous browsing, seat maps, admin analytics) by the server that answered them",
    labelNames: ["target"],
    registers: [],
  });

  private readonly primary: pg.Pool;
  private readonly options: ReplicaOptions;

  constructor(primary: pg.Pool, options: ReplicaOptions) {
    this.primary = primary;
    this.options = options;
    this.replicaPool = makePool(options.url, options.poolSize ?? 10);
    // A replica that does not answer must cost a read little before it falls back.
    this.replicaPool.options.connectionTimeoutMillis = 2000;
    this.pool = { connect: () => this.connect(), query: (...args: unknown[]) => this.query(args) } as unknown as pg.Pool;
  }

  /** True while replica-eligible reads go to the replica. */
  get usable(): boolean {
    return this.up && this.lag !== undefined && this.lag * 1000 <= this.options.maxLagMs;
  }

  get lagSeconds(): number | undefined {
    return this.lag;
  }

  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.options.probeMs ?? 500);
    this.timer.unref();
  }

  /** Measures now (also what the timer does); never throws. */
  probe(): Promise<void> {
    this.probing ??= this.measure().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async measure(): Promise<void> {
    try {
      const { rows: [p] } = await this.primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
      const now = Date.now();
      this.samples.push({ at: now, lsn: lsnBytes(p.lsn) });
      const { rows: [r] } = await this.replicaPool.query<{ standby: boolean; replayed: string | null }>(
        "select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed",
      );
      const replayed = r.standby && r.replayed ? lsnBytes(r.replayed) : undefined;
      // A server that is not in recovery is a primary: nothing to lag behind.
      this.lag = replayed === undefined ? 0 : lagFromSamples(this.samples, replayed, Date.now());
      if (replayed !== undefined) this.samples = this.samples.filter((s) => s.lsn > replayed).slice(-1000);
      else this.samples = [];
      if (!this.up) log.info({ lagSeconds: this.lag }, "read replica reachable");
      this.up = true;
    } catch (error) {
      if (this.up) log.warn({ message: (error as Error).message }, "read replica unreachable: its reads go to the primary");
      this.up = false;
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    if (this.usable) {
      try {
        const client = await this.replicaPool.connect();
        this.reads.inc({ target: "replica" });
        return client;
      } catch (error) {
        // Down since the last probe: fall back at once, and until a probe finds it again.
        this.up = false;
        log.warn({ message: (error as Error).message }, "read replica unreachable: its reads go to the primary");
      }
    }
    const client = await this.primary.connect();
    this.reads.inc({ target: "primary" });
    return client;
  }

  private async query(args: unknown[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      return await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    } finally {
      client.release();
    }
  }

  registerMetrics(registry: Registry): void {
    registry.registerMetric(this.reads);
    const self = this;
    registry.registerMetric(
      new Gauge({
        name: "evently_replica_lag_seconds",
        help: "How far the read replica is behind the primary (NaN while it does not answer)",
        registers: [],
        collect() {
          this.set(self.up && self.lag !== undefined ? self.lag : Number.NaN);
        },
      }),
    );
    registry.registerMetric(
      new Gauge({
        name: "evently_replica_in_use",
        help: "1 while replica-eligible reads go to the replica; 0 while they fall back to the primary (down or lagging beyond the bound)",
        registers: [],
        collect() {
          this.set(self.usable ? 1 : 0);
        },
      }),
    );
    registry.registerMetric(
      new Gauge({
        name: "evently_replica_max_lag_seconds",
        help: "The lag bound above which the replica is not used (READ_REPLICA_MAX_LAG_MS)",
        registers: [],
        collect() {
          this.set(self.options.maxLagMs / 1000);
        },
      }),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.probing;
    await this.replicaPool.end();
  }
}
