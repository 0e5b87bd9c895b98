// `npm start` as a newcomer runs it: the embedded PostgreSQL from a data folder the
// `postgres` system user cannot enter (a clone in root's home or a bare `mktemp -d`, mode
// 0700), the terminal's Ctrl-C (SIGINT to the whole process group) stopping everything with
// exit code 0 and no WARN/ERROR line, and a restart that keeps the data and seeds nothing twice.
import t from "tap";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { projectRoot } from "../../src/config.ts";
import { startCommand } from "../../bench/instances.ts";
import { serverMalloc } from "../../src/db/embedded.ts";
import { freePort, waitFor, waitHealthy } from "../support.ts";

const root = mkdtempSync(join(tmpdir(), "evently-first-contact-")); // mode 0700, like root's home
const dataDir = join(root, "clone", ".data");
const clusterDirs = new Set<string>();
t.teardown(() => {
  // A run that failed half-way may have left its server up (it runs in its own session).
  for (const dir of clusterDirs) {
    try {
      process.kill(Number(readFileSync(join(dir, "postmaster.pid"), "utf8").split("\n")[0]), "SIGQUIT");
    } catch { /* stopped */ }
  }
  rmSync(root, { recursive: true, force: true });
  // Outside the 0700 folder, the cluster lives under /var/tmp/evently-<hash>/ (see src/db/embedded.ts).
  for (const dir of clusterDirs) if (dir.startsWith("/var/tmp/evently-")) rmSync(dirname(dir), { recursive: true, force: true });
});

interface Run {
  url: string;
  lines(): string[];
  interrupt(): Promise<number | null>;
}

async function npmStart(env: Record<string, string>): Promise<Run> {
  const start = startCommand();
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...start.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" };
  delete childEnv.DATABASE_URL;
  delete childEnv.AUTH_DATABASE_URL;
  delete childEnv.READ_DATABASE_URL;
  delete childEnv.NODE_ENV;
  // detached: its own process group, so "Ctrl-C" below reaches every process npm start made in it.
  const child = spawn(process.execPath, [...start.flags, "src/cli/start.ts"], {
    cwd: projectRoot, env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  });
  await waitHealthy(url, { child, output: () => out }, 120_000);
  await waitFor("the startup banner", async () => (out.includes("Evently is running") ? true : undefined));
  return {
    url,
    lines: () => out.split("\n"),
    async interrupt() {
      process.kill(-child.pid!, "SIGINT"); // what the terminal does on Ctrl-C
      const kill = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}

const noisy = (line: string) => /"level":(4|5|6)0/.test(line) || /\b57P01\b|\bWARN\b|\bERROR\b|Trace:|^\s+at /.test(line);

t.test("npm start from a 0700 folder serves /, /health and /graphql; Ctrl-C stops it cleanly; a restart seeds nothing twice", async (t) => {
  t.equal(statSync(root).mode & 0o777, 0o700, "the clone's parent folder is 0700");
  const pgPort = String(await freePort());
  const env = { EVENTLY_DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort };

  const first = await npmStart(env);
  const started = first.lines().map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).find((l) => l?.msg === "embedded PostgreSQL started");
  t.ok(started?.cluster, "the embedded server started");
  clusterDirs.add(started.cluster);
  if (process.getuid?.() === 0) t.match(started.cluster, /^\/var\/tmp\/evently-[0-9a-f]{12}\/pg$/, "as root, the cluster moved where `postgres` can reach it");
  if (process.platform === "linux") {
    // The postmaster's environment (its backends rewrite theirs with their process titles).
    const postmaster = readFileSync(join(started.cluster, "postmaster.pid"), "utf8").split("\n")[0];
    const environ = readFileSync(`/proc/${postmaster}/environ`, "utf8").split("\0");
    const wanted = Object.entries(serverMalloc()).map(([name, value]) => `${name}=${value}`);
    t.same(wanted.filter((w) => !environ.includes(w)), [],
      "the server runs with Evently's malloc settings (src/db/embedded.ts, serverMalloc)");
  }

  const landing = await fetch(`${first.url}/`);
  t.equal(landing.status, 200, "/ answers");
  t.match(landing.headers.get("content-type") ?? "", /text\/html/);
  const gql = await fetch(`${first.url}/graphql`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ upcomingEvents(first: 3) { nodes { name } } }" }),
  });
  const body = (await gql.json()) as { data?: { upcomingEvents: { nodes: unknown[] } }; errors?: unknown };
  t.equal(body.errors, undefined, "GraphQL answers without errors");
  t.ok((body.data?.upcomingEvents.nodes.length ?? 0) > 0, "the demo has upcoming events");
  t.ok(first.lines().some((l) => l.includes("Demo admin:")), "first boot prints the demo admin");

  const admin = new pg.Client({ connectionString: first.lines().map((l) => /psql '([^']+)'/.exec(l)?.[1]).find(Boolean) });
  await admin.connect();
  const count = async () => Number((await admin.query("select count(*) from evently.events")).rows[0].count);
  const events = await count();
  await admin.end();

  t.equal(await first.interrupt(), 0, "Ctrl-C exits 0");
  t.same(first.lines().filter(noisy), [], "no WARN/ERROR lines on a normal stop");

  const second = await npmStart(env);
  t.notOk(second.lines().some((l) => l.includes("Demo admin:")), "a restart does not seed again");
  const again = new pg.Client({ connectionString: second.lines().map((l) => /psql '([^']+)'/.exec(l)?.[1]).find(Boolean) });
  await again.connect();
  t.equal(Number((await again.query("select count(*) from evently.events")).rows[0].count), events, "the data survived, no duplicate demo");
  await again.end();
  t.equal(await second.interrupt(), 0, "the second run stops cleanly too");
  t.same(second.lines().filter(noisy), [], "no WARN/ERROR lines");
});
