// functions/ is the one source of every function in Evently's schemas. The deploy
// (src/db/migrate.ts) applies every file inside its transaction, then drops each function
// of those schemas that no file defined in that transaction: a deleted file, or an old
// signature beside a changed one, never stays live (or exposed in GraphQL).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type pg from "pg";
import { projectRoot } from "../config.ts";

export const functionsDir = join(projectRoot, "functions");

/** Schemas whose functions all come from functions/ (extension members excepted). */
export const managedSchemas = ["evently", "evently_private", "evently_ops"];

export function functionFiles(dir = functionsDir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...functionFiles(path));
    else if (entry.name.endsWith(".sql")) out.push(path);
  }
  return out;
}

/**
 * Runs every file of dir on client, which must be inside a transaction (the caller's).
 * A failing file throws with its path; the caller rolls back.
 */
export async function applyFunctionFiles(client: pg.ClientBase, dir = functionsDir): Promise<number> {
  // SQL-language bodies may call functions defined in a later file.
  await client.query("set local check_function_bodies = off");
  const files = functionFiles(dir);
  for (const file of files) {
    try {
      await client.query(readFileSync(file, "utf8"));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${relative(projectRoot, file)}: ${message}`, { cause: error });
    }
  }
  return files.length;
}

/**
 * Drops every function of the managed schemas that this transaction did not create or
 * replace. `create or replace` (and `revoke`/`grant`) rewrites the function's pg_proc row,
 * so a function some file defines carries this transaction's id as xmin; any other
 * is an orphan. Run after applyFunctionFiles in the same transaction. A function that
 * something still depends on (a policy, a default) makes the drop, and so the deploy, fail:
 * that needs a migration.
 */
export async function dropOrphanFunctions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ signature: string }>(
    `select p.oid::regprocedure::text as signature
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any ($1::text[])
        and p.xmin <> xid(pg_current_xact_id())
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1`,
    [managedSchemas],
  );
  for (const { signature } of rows) {
    await client.query(`drop ${await routineKind(client, signature)} ${signature}`);
  }
  return rows.map((r) => r.signature);
}

async function routineKind(client: pg.ClientBase, signature: string): Promise<string> {
  const { rows } = await client.query<{ prokind: string }>("select prokind from pg_proc where oid = $1::regprocedure", [signature]);
  return rows[0]?.prokind === "p" ? "procedure" : rows[0]?.prokind === "a" ? "aggregate" : "function";
}
