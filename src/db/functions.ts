// Applies every file under functions/ (create or replace) in one transaction.
// Called by graphile-migrate's afterAllMigrations action, so fresh and upgraded
// databases end with the same function bodies.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import pg from "pg";
import { projectRoot } from "../config.ts";

export const functionsDir = join(projectRoot, "functions");

export function functionFiles(dir = functionsDir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...functionFiles(path));
    else if (entry.name.endsWith(".sql")) out.push(path);
  }
  return out;
}

export async function applyFunctions(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("begin");
    // Two app instances starting together must not interleave their DDL.
    await client.query("select pg_advisory_xact_lock(hashtext('evently.apply_functions'))");
    // SQL-language bodies may call functions defined in a later file.
    await client.query("set local check_function_bodies = off");
    const files = functionFiles();
    for (const file of files) {
      try {
        await client.query(readFileSync(file, "utf8"));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${relative(projectRoot, file)}: ${message}`, { cause: error });
      }
    }
    await client.query("commit");
    return files.length;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
