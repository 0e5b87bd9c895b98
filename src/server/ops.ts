// Operations endpoints: /health (liveness), /ready (database, migrations, worker), /metrics.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import type pg from "pg";
import { projectRoot } from "../config.ts";
import type { Metrics } from "./metrics.ts";

interface Readiness {
  latest_migration: string | null;
  worker_seen_at: Date | null;
  job_lag_seconds: number;
  jobs_due: number;
}

/** The newest committed migration's number (000002.sql → 2): the schema this code expects. */
function expectedMigration(): number {
  const numbers = readdirSync(join(projectRoot, "migrations", "committed"))
    .map((name) => Number.parseInt(name, 10))
    .filter(Number.isFinite);
  return Math.max(...numbers);
}

// A worker heartbeats every 10 s (src/worker.ts); three missed beats mean none is running.
const WORKER_STALE_MS = 30_000;

async function readiness(pool: pg.Pool): Promise<Readiness> {
  // evently_authenticator may execute this one function: no role switch needed.
  const { rows } = await pool.query<Readiness>("select * from evently_private.readiness()");
  return rows[0];
}

/** isDraining: the process is shutting down (SIGTERM), so /ready sends traffic elsewhere. */
export function opsRouter(pool: pg.Pool, metrics: Metrics, isDraining: () => boolean = () => false): express.Router {
  const router = express.Router();
  const expected = expectedMigration();

  router.get("/health", async (_req, res) => {
    try {
      await pool.query("select 1");
      res.json({ status: "ok", database: "ok" });
    } catch {
      res.status(503).json({ status: "error", database: "unreachable" });
    }
  });

  router.get("/ready", async (_req, res) => {
    if (isDraining()) {
      res.status(503).json({ status: "draining" });
      return;
    }
    let state: Readiness;
    try {
      state = await readiness(pool);
    } catch {
      res.status(503).json({ status: "error", database: "unreachable" });
      return;
    }
    const applied = state.latest_migration ? Number.parseInt(state.latest_migration, 10) : 0;
    const migrations = applied === expected ? "current" : applied < expected ? "behind" : "ahead";
    const workerAlive = state.worker_seen_at !== null && Date.now() - state.worker_seen_at.getTime() < WORKER_STALE_MS;
    const ready = migrations === "current" && workerAlive;
    res.status(ready ? 200 : 503).json({
      status: ready ? "ok" : "error",
      database: "ok",
      migrations,
      migration: { applied, expected },
      worker: workerAlive ? "alive" : "missing",
      worker_seen_at: state.worker_seen_at,
      job_lag_seconds: state.job_lag_seconds,
    });
  });

  router.get("/metrics", async (_req, res) => {
    try {
      const state = await readiness(pool);
      metrics.jobLag.set(state.job_lag_seconds);
      metrics.jobsDue.set(state.jobs_due);
    } catch {
      // The database is down: serve the rest; /ready says what is wrong.
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}
