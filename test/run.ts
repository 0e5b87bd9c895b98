// npm test: starts PostgreSQL for the run (embedded, or the server at DATABASE_URL),
// builds one migrated template database, runs tap (each test file clones the template),
// then cleans up. Extra arguments go to tap, e.g. `npm test -- test/concurrency`.
import "../src/cli/env.ts";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { exportedSchemaFile } from "../src/graphql/schema.ts";
import { projectRoot } from "../src/config.ts";
import { startEmbedded } from "../src/db/embedded.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { databaseUrl } from "./db-url.ts";
import { withCredentials } from "../src/db/authenticator.ts";
import { freePort } from "./support.ts";
import { startPgBouncer, type PgBouncer } from "./pgbouncer.ts";
import { quietTap } from "./quiet-tap.ts";
import { ensureWebBuild } from "../src/server/web-build.ts";

// The browser tests (test/web/) need the built app; built only when missing or stale.
await ensureWebBuild({ log: (line) => console.log(`# ${line}`) });

let adminUrl: string;
let stopServer = async () => {};
let dataDir: string | undefined;
if (process.env.DATABASE_URL) {
  adminUrl = process.env.DATABASE_URL;
  console.log(`# tests use the PostgreSQL server at DATABASE_URL`);
} else {
  dataDir = mkdtempSync(join(tmpdir(), "evently-test-pg-"));
  const server = await startEmbedded({ dataDir, port: await freePort(), persistent: false });
  adminUrl = server.adminUrl;
  stopServer = () => server.stop();
  console.log(`# tests use an embedded PostgreSQL on port ${server.port}`);
}

const template = `evently_test_tpl_${process.pid}`;
/** About the most connections one test file holds at once (a concurrency file: 50 clients, its pools, an app). */
const CONNECTIONS_PER_FILE = 70;
const authPassword = randomBytes(12).toString("base64url");
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
let exitCode = 1;
let bouncer: PgBouncer | undefined;
try {
  const { rows } = await admin.query("select current_setting('server_version') as version");
  console.log(`# PostgreSQL ${rows[0].version}`);
  await admin.query(`create database ${template}`);
  await migrateDatabase(databaseUrl(adminUrl, template));
  await admin.query(`alter role evently_authenticator with login password ${pg.escapeLiteral(authPassword)}`);
  // The GraphQL schema, exported once from the template as the apps' login sees it
  // (src/graphql/schema.ts), with booking batching on (the default) and off: databases
  // cloned from it share its keys, so test files starting apps together do not each export it.
  const templatePool = new pg.Pool({ connectionString: withCredentials(databaseUrl(adminUrl, template), "evently_authenticator", authPassword), max: 2 });
  await Promise.all([true, false].map((bookingBatch) =>
    exportedSchemaFile(templatePool, (line) => console.log(`# ${line}`), undefined, { bookingBatch }))).finally(() => templatePool.end());

  // EVENTLY_TEST_PGBOUNCER=1: the tests' connections go through PgBouncer in transaction
  // mode (creating and dropping databases stays direct), fewer server connections than
  // clients, and the app sends no named prepared statements (AUTH_DATABASE_POOLER).
  let pooled: Record<string, string> = {};
  if (process.env.EVENTLY_TEST_PGBOUNCER === "1") {
    const server = new URL(adminUrl);
    bouncer = await startPgBouncer({
      serverHost: server.hostname,
      serverPort: Number(server.port || 5432),
      users: { [decodeURIComponent(server.username)]: decodeURIComponent(server.password), evently_authenticator: authPassword },
      poolSize: 20,
    });
    pooled = { EVENTLY_TEST_POOLER_URL: bouncer.through(adminUrl), AUTH_DATABASE_POOLER: "transaction" };
    console.log(`# through PgBouncer in transaction mode on port ${bouncer.port} (20 server connections per database)`);
  }

  const tap = join(projectRoot, "node_modules", "tap", "dist", "esm", "run.mjs");
  // Quiet by default, failures in full: on a terminal tap's terse reporter; in a log (CI)
  // one line per test file and every failing assertion with its diagnostics (quietTap).
  // No server logs, where expected errors (masked GraphQL errors, failing jobs) would look
  // like failures. `npm test -- --reporter=tap` shows every assertion; LOG_LEVEL=warn the logs.
  const args = process.argv.slice(2);
  // tap runs a file per core. A server with fewer connections free than two files need
  // (CONNECTIONS_PER_FILE each; a default max_connections of 100) refused them
  // ("too many clients") when two ran at once, so such a server gets one file at a time.
  const { rows: [slots] } = await admin.query<{ free: number }>(
    `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
            - (select count(*)::int from pg_stat_activity) as free`,
  );
  if (!args.some((a) => a.startsWith("--jobs") || a === "-j") && slots.free < 2 * CONNECTIONS_PER_FILE) {
    args.unshift("--jobs=1");
    console.log(`# ${slots.free} connections free on the server (max_connections): one test file at a time`);
  }
  const chosen = args.some((a) => a.startsWith("--reporter") || a === "-R");
  const filter = !chosen && !process.stdout.isTTY;
  const reporter = chosen ? [] : [filter ? "--reporter=tap" : "--reporter=terse"];
  const child = spawn(process.execPath, [tap, ...reporter, ...args], {
    cwd: projectRoot,
    stdio: ["inherit", filter ? "pipe" : "inherit", "inherit"],
    env: {
      LOG_LEVEL: process.env.LOG_LEVEL ?? "fatal",
      ...process.env,
      EVENTLY_TEST_ADMIN_URL: adminUrl,
      EVENTLY_TEST_TEMPLATE: template,
      EVENTLY_TEST_AUTH_PASSWORD: authPassword,
      ...pooled,
    },
  });
  if (filter) quietTap(child.stdout!, (line) => process.stdout.write(`${line}\n`));
  // Ctrl-C reaches tap through the terminal (same process group); the embedded server runs
  // in its own session, so we wait for tap to stop and then clean up as usual below.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => child.kill(signal));
  }
  exitCode = await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
} finally {
  await bouncer?.stop();
  await admin.query(`drop database if exists ${template} with (force)`).catch(() => {});
  await admin.end();
  await stopServer();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
