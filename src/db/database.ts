// Where the database is: DATABASE_URL when set, otherwise an embedded PostgreSQL
// under EVENTLY_DATA_DIR with a database named "evently".
import pg from "pg";
import { config } from "../config.ts";
import { startEmbedded } from "./embedded.ts";
import { log } from "../log.ts";

export interface Database {
  /** Owner connection string (migrations, worker). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** attach: use the embedded server another Evently process runs rather than refusing (npm run admin). */
export async function openDatabase(opts: { attach?: boolean } = {}): Promise<Database> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbedded({
    dataDir: config.dataDir,
    port: config.embeddedPort,
    persistent: true,
    attach: opts.attach,
    onLog: (message) => log.debug({ postgres: String(message).trim() }),
  });
  await ensureDatabase(server.adminUrl, "evently");
  log.info({ port: server.port, cluster: server.clusterDir }, "embedded PostgreSQL started");
  return { url: server.urlFor("evently"), embedded: true, stop: () => server.stop() };
}
