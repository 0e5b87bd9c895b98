// graphile-worker runner: in-process under `npm start`, alone under `npm run worker`.
// Several runners may share one database safely (jobs are locked per worker).
import { join } from "node:path";
import { run, Logger, type Runner, type LogFunctionFactory } from "graphile-worker";
import type pg from "pg";
import { config, projectRoot } from "./config.ts";
import { log } from "./log.ts";
import { makeTaskList } from "../tasks/index.ts";
import { makeMailer, type Mailer } from "./notifications/mailer.ts";

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
}

export function startWorker({ pgPool, concurrency, pollInterval = 2000, crontab = true, mailer }: WorkerOptions): Promise<Runner> {
  return run({
    pgPool,
    concurrency,
    pollInterval,
    taskList: makeTaskList({ mailer: mailer ?? makeMailer(config.smtpUrl, config.mailFrom) }),
    crontabFile: crontab ? join(projectRoot, "tasks", "crontab") : undefined,
    parsedCronItems: crontab ? undefined : [],
    noHandleSignals: true,
    logger: new Logger(logFactory),
  });
}
