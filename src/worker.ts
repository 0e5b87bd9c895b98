// graphile-worker runner: in-process under `npm start`, alone under `npm run worker`.
// Several runners may share one database safely (jobs are locked per worker).
import { join } from "node:path";
import { run, Logger, type Runner, type LogFunctionFactory } from "graphile-worker";
import type pg from "pg";
import { projectRoot } from "./config.ts";
import { log } from "./log.ts";
import { taskList } from "../tasks/index.ts";

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
}

export function startWorker({ pgPool, concurrency, pollInterval = 2000, crontab = true }: WorkerOptions): Promise<Runner> {
  return run({
    pgPool,
    concurrency,
    pollInterval,
    taskList,
    crontabFile: crontab ? join(projectRoot, "tasks", "crontab") : undefined,
    crontab: crontab ? undefined : "",
    noHandleSignals: true,
    logger: new Logger(logFactory),
  });
}
