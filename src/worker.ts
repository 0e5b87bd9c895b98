// graphile-worker runner: in-process under `npm start`, alone under `npm run worker`.
// Several runners may share one database safely (jobs are locked per worker).
import { join } from "node:path";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { run, Logger, type Runner, type LogFunctionFactory } from "graphile-worker";
import type pg from "pg";
import { config, projectRoot } from "./config.ts";
import { log } from "./log.ts";
import { makeTaskList } from "../tasks/index.ts";
import { makeMailer, type Mailer } from "./notifications/mailer.ts";
import { addressPolicy } from "./webhooks/address-policy.ts";

const logFactory: LogFunctionFactory = (scope) => (level, message, meta) => {
  const child = log.child({ worker: scope.workerId, task: scope.taskIdentifier, job: scope.jobId });
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
}

/** How often a worker tells /ready it is alive (evently_private.worker_heartbeat). */
export const HEARTBEAT_MS = 10_000;

export async function startWorker({ pgPool, concurrency, pollInterval = 2000, crontab = true, mailer, webhooks }: WorkerOptions): Promise<Runner> {
  const runner = await run({
    pgPool,
    concurrency,
    pollInterval,
    taskList: makeTaskList({
      mailer: mailer ?? makeMailer(config.smtpUrl, config.mailFrom),
      webhooks: {
        policy: addressPolicy(webhooks?.allowPrivate ?? config.webhookAllowPrivate),
        timeoutMs: webhooks?.timeoutMs ?? config.webhookTimeoutMs,
      },
    }),
    crontabFile: crontab ? join(projectRoot, "tasks", "crontab") : undefined,
    parsedCronItems: crontab ? undefined : [],
    noHandleSignals: true,
    logger: new Logger(logFactory),
  });
  // graphile-worker records nothing while idle, so /ready could not tell a quiet worker
  // from a dead one: each process beats until its runner stops.
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const beat = () =>
    pgPool.query("select evently_private.worker_heartbeat($1)", [workerId]).catch((error) =>
      log.warn({ err: error }, "worker heartbeat failed"),
    );
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  void runner.promise.finally(() => clearInterval(timer));
  return runner;
}
