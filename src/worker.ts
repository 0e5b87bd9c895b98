// graphile-worker runner: in-process under `npm start`, alone under `npm run worker`.
// Several runners may share one database safely (jobs are locked per worker).
//
// Supervised: a lost database connection must never end the process (the API shares it
// under `npm start`). graphile-worker 0.18 records a job's completion or failure with a
// call nobody awaits; without batching, a terminated connection (57P01, "Connection
// terminated unexpectedly") at that moment rejects with no handler and Node exits. With
// batching on (delay 0) the same failure goes to graphile-worker's own error handler,
// which shuts the worker pool down cleanly; this module then starts a new runner after a
// backoff, unlocks the jobs the stopped pool still held (they run again: tasks are
// idempotent) and logs the outage once.
//
// Killed outright (SIGKILL, OOM), a process cannot release its jobs: graphile-worker would
// leave them locked for 4 hours. Each pool holds a session advisory lock while it runs
// (evently_private.lock_worker_pool, on one connection kept for it) and every worker process
// frees, every few seconds, the jobs of pools whose lock nobody holds
// (evently_private.unlock_dead_workers): a dead process's jobs run again within seconds.
import { EventEmitter } from "node:events";
import { join } from "node:path";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { run, Logger, type Runner, type LogFunctionFactory, type WorkerEvents, type AddJobFunction } from "graphile-worker";
import type pg from "pg";
import { config, projectRoot } from "./config.ts";
import { log } from "./log.ts";
import { makeTaskList } from "../tasks/index.ts";
import { makeMailer, type Mailer } from "./notifications/mailer.ts";
import { addressPolicy } from "./webhooks/address-policy.ts";

const CONNECTION_LOST = /Connection terminated|terminating connection|not queryable|ECONNRESET|ECONNREFUSED|EPIPE|timeout exceeded when trying to connect/i;

const logFactory: LogFunctionFactory = (scope) => (level, message, meta) => {
  const child = log.child({ worker: scope.workerId, task: scope.taskIdentifier, job: scope.jobId });
  // A lost connection is one outage, reported once by the supervisor below; graphile-worker
  // reports it from every listener, batch and job (dozens of lines per second at 10 Hz kills).
  if ((level === "error" || level === "warning") && CONNECTION_LOST.test(message)) {
    child.debug(meta ?? {}, message);
    return;
  }
  const method = level === "error" ? "error" : level === "warning" ? "warn" : level === "debug" ? "debug" : "info";
  child[method](meta ?? {}, message);
};

export interface WorkerOptions {
  pgPool: pg.Pool;
  concurrency: number;
  /** Poll less often in tests that want the worker idle; default 2 s (LISTEN/NOTIFY wakes it anyway). */
  pollInterval?: number;
  crontab?: boolean;
  /** Defaults to SMTP_URL / MAIL_FROM from the environment. */
  mailer?: Mailer;
  /** Webhook delivery: addresses allowed although private (default WEBHOOK_ALLOW_PRIVATE) and the timeout (WEBHOOK_TIMEOUT_MS). */
  webhooks?: { allowPrivate?: string[]; timeoutMs?: number };
  /** Backoff between restarts after the runner stopped on an error: first and longest delay (ms). */
  restartDelayMs?: { min: number; max: number };
  /** How often this process frees dead workers' jobs (default REAP_MS); 0: never. */
  reapMs?: number;
}

/** How often a worker process frees the jobs of dead workers (evently_private.unlock_dead_workers). */
export const REAP_MS = 5_000;

/** How often a worker tells /ready it is alive (evently_private.worker_heartbeat). */
export const HEARTBEAT_MS = 10_000;

/** The in-process worker as graphile-worker's Runner, plus how often it was restarted. */
export interface SupervisedRunner extends Runner {
  readonly restarts: number;
}

export async function startWorker({
  pgPool,
  concurrency,
  pollInterval = 2000,
  crontab = true,
  mailer,
  webhooks,
  restartDelayMs = { min: 200, max: 2000 },
  reapMs = REAP_MS,
}: WorkerOptions): Promise<SupervisedRunner> {
  // One emitter for every runner this supervisor starts: listeners survive restarts.
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.setMaxListeners(50);
  const taskList = makeTaskList({
    mailer: mailer ?? makeMailer(config.smtpUrl, config.mailFrom),
    webhooks: {
      policy: addressPolicy(webhooks?.allowPrivate ?? config.webhookAllowPrivate),
      timeoutMs: webhooks?.timeoutMs ?? config.webhookTimeoutMs,
    },
  });
  const poolIds = new Set<string>();
  const liveness = new Liveness(pgPool);
  events.on("pool:create", ({ workerPool }) => {
    poolIds.add(workerPool.id);
    liveness.add(workerPool.id);
  });

  const startRunner = () =>
    run({
      pgPool,
      concurrency,
      pollInterval,
      taskList,
      crontabFile: crontab ? join(projectRoot, "tasks", "crontab") : undefined,
      parsedCronItems: crontab ? undefined : [],
      noHandleSignals: true,
      logger: new Logger(logFactory),
      events,
      // Batched completion (see above): failures reach graphile-worker's handler, not Node's.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });

  let current: Runner | undefined = await startRunner();
  let stopping = false;
  let restarts = 0;
  let wake: (() => void) | undefined;
  let finished!: () => void;
  const promise = new Promise<void>((resolve) => (finished = resolve));

  // graphile-worker records nothing while idle, so /ready could not tell a quiet worker
  // from a dead one: each process beats while its runner runs (not while it restarts).
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const beat = () =>
    current
      ? pgPool.query("select evently_private.worker_heartbeat($1)", [workerId]).then(
          () => undefined,
          (error: Error) => log.debug({ err: error }, "worker heartbeat failed"),
        )
      : Promise.resolve();
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();

  // Jobs of killed workers (any process's, this one's earlier life included).
  const reap = async () => {
    try {
      const { rows } = await pgPool.query<{ dead: string[] }>("select evently_private.unlock_dead_workers() as dead");
      if (rows[0].dead.length) log.warn({ pools: rows[0].dead }, "freed the jobs of job workers that died (killed or lost their connection)");
    } catch (error) {
      log.debug({ err: error }, "freeing dead workers' jobs failed");
    }
  };
  const reaper = reapMs > 0 ? setInterval(() => void reap(), reapMs) : undefined;
  reaper?.unref();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  void (async () => {
    let outageSince: number | undefined;
    let delay = restartDelayMs.min;
    while (!stopping) {
      // runner.promise settles when the runner stops for any reason (it never rejects
      // unhandled: graphile-worker catches the pool's and cron's errors into it).
      const running = current;
      if (!running) break;
      const stoppedBy = await running.promise.then(() => undefined, (error: unknown) => error);
      current = undefined;
      if (stopping) break;
      if (outageSince === undefined) {
        outageSince = Date.now();
        log.warn({ reason: stoppedBy instanceof Error ? stoppedBy.message : "runner stopped" }, "job worker stopped (database connection lost?); restarting it");
      }
      for (;;) {
        await sleep(delay);
        if (stopping) break;
        delay = Math.min(delay * 2, restartDelayMs.max);
        try {
          // The stopped pools' jobs: locked by pools that will never finish them.
          const dead = [...poolIds];
          await pgPool.query("select graphile_worker.force_unlock_workers($1::text[])", [dead]);
          for (const id of dead) {
            poolIds.delete(id);
            liveness.remove(id);
          }
          const runner = await startRunner();
          if (stopping) {
            await runner.stop().catch(() => {});
            break;
          }
          current = runner;
          restarts++;
          await beat();
          break;
        } catch (error) {
          log.debug({ err: error }, "job worker restart failed; retrying");
        }
      }
      if (current) {
        log.info({ restarts, outageMs: Date.now() - outageSince }, "job worker running again");
        outageSince = undefined;
        delay = restartDelayMs.min;
      }
    }
    clearInterval(timer);
    if (reaper) clearInterval(reaper);
    await liveness.close();
    finished();
  })();

  // stop(): no new jobs; running jobs finish (graphile-worker's graceful shutdown).
  // kill(), also after stop(): running jobs are failed back to the queue (retried later).
  let stoppingRunner: Runner | undefined;
  const stop = async () => {
    if (stopping) return promise;
    stopping = true;
    wake?.();
    const runner = current;
    stoppingRunner = runner;
    current = undefined;
    await runner?.stop().catch((error: Error) => log.warn({ err: error }, "job worker stop failed"));
    return promise;
  };
  const addJob: AddJobFunction = (...args) => {
    if (!current) return Promise.reject(new Error("the job worker is restarting"));
    return current.addJob(...args);
  };
  return {
    stop,
    async kill(reason?: string) {
      stopping = true;
      wake?.();
      await (current ?? stoppingRunner)?.kill(reason);
      return promise;
    },
    addJob,
    promise,
    events,
    get restarts() {
      return restarts;
    },
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * The liveness locks of this process's pools (evently_private.lock_worker_pool), on one
 * connection taken from the pool and kept. A lost connection loses the locks: they are taken
 * again on a new one (until then another process may free this one's jobs after the grace
 * period; they would run twice, which every task tolerates).
 */
class Liveness {
  private client: pg.PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private readonly ids = new Set<string>();
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  add(id: string): void {
    this.ids.add(id);
    void this.ensure().then(() => this.lock([id]));
  }

  remove(id: string): void {
    this.ids.delete(id);
    const client = this.client;
    client?.query("select evently_private.unlock_worker_pool($1)", [id]).catch(() => {});
  }

  private async lock(ids: string[]): Promise<void> {
    const client = this.client;
    if (!client) return;
    for (const id of ids) {
      try {
        const { rows } = await client.query<{ locked: boolean }>("select evently_private.lock_worker_pool($1) as locked", [id]);
        if (!rows[0].locked) log.warn({ pool: id }, "job worker liveness lock held by another session (hash collision)");
      } catch (error) {
        log.debug({ err: error }, "job worker liveness lock failed");
      }
    }
  }

  private ensure(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      try {
        const client = await this.pool.connect();
        if (this.closed) {
          client.release();
          return;
        }
        this.client = client;
        client.on("error", () => this.lost(client));
        client.on("end", () => this.lost(client));
        await this.lock([...this.ids]);
      } catch (error) {
        log.debug({ err: error }, "job worker liveness connection failed; retrying");
        this.scheduleRetry();
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private lost(client: pg.PoolClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(true);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.ensure();
    }, 500);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    // Ending the session releases every lock; jobs were released by the pools' shutdown.
    client?.release(true);
  }
}

/**
 * Graceful stop for shutdown: running jobs finish; if `cut` aborts first, they are failed
 * back to the queue (graphile-worker's forceful shutdown; they run again, with backoff).
 */
export async function drainWorker(worker: SupervisedRunner | undefined, cut: AbortSignal): Promise<void> {
  if (!worker) return;
  const kill = () => void worker.kill("shutdown timeout").catch(() => {});
  if (cut.aborted) kill();
  else cut.addEventListener("abort", kill, { once: true });
  await worker.stop();
}
