// Brings a database to the current schema: graphile-worker's own schema, then the
// committed graphile-migrate history, then functions/ (the afterAllMigrations action).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { migrate } from "graphile-migrate";
import { Logger, runMigrations } from "graphile-worker";
import { projectRoot } from "../config.ts";

const quietWorkerLogger = new Logger(() => () => {});

export function migrateSettings(connectionString: string) {
  const gmrc = JSON5.parse(readFileSync(join(projectRoot, ".gmrc"), "utf8"));
  return { ...gmrc, connectionString, migrationsFolder: join(projectRoot, "migrations") };
}

export async function migrateDatabase(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: quietWorkerLogger });
  // forceActions: functions/ is re-applied even when no migration was pending.
  const cwd = process.cwd();
  process.chdir(projectRoot);
  try {
    await migrate(migrateSettings(connectionString), false, true);
  } finally {
    process.chdir(cwd);
  }
}
