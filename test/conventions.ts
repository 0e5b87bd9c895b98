// The checks behind docs/conventions.md's "(checked)" rules. Each returns its offenders
// (empty = the rule holds): test/conventions.test.ts runs them on the project and, with one
// planted offender each, proves that each can fail.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type pg from "pg";
import { functionFiles, managedSchemas } from "../src/db/functions.ts";
import { projectRoot } from "../src/config.ts";

export interface Project {
  pool: pg.Pool;
  functionsDir: string;
  conventionsFile: string;
}

export const SEARCH_PATH = "search_path=pg_catalog, public, pg_temp";
/** evently_private functions the HTTP server's login may execute (docs/conventions.md). */
export const AUTHENTICATOR_MAY_EXECUTE = [
  "evently_private.book_tickets_batch(jsonb)", // grouped REST bookings (it acts for each request's user)
  "evently_private.lease_rate_limit_tokens(text[],integer[],integer[],integer)",
  "evently_private.open_counter_mismatches()",
  "evently_private.readiness()",
  "evently_private.relay_event_changes(integer)", // the live-update relay of every API process
  "evently_private.return_rate_limit_tokens(text[],integer[],bigint[])",
];
const API_ROLES = ["evently_anonymous", "evently_user", "evently_admin"];

interface Fn {
  signature: string;
  schema: string;
  name: string;
  comment: string | null;
  secdef: boolean;
  config: string[] | null;
  public_execute: boolean;
  executors: string[];
  argnames: string[] | null;
  first_arg_table: string | null;
}

async function catalogFunctions(pool: pg.Pool): Promise<Fn[]> {
  const { rows } = await pool.query<Fn>(
    `select p.oid::regprocedure::text as signature, n.nspname as schema, p.proname as name,
            obj_description(p.oid, 'pg_proc') as comment, p.prosecdef as secdef, p.proconfig as config,
            exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                     where a.grantee = 0 and a.privilege_type = 'EXECUTE') as public_execute,
            array(select r.rolname::text from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                    join pg_roles r on r.oid = a.grantee
                   where a.privilege_type = 'EXECUTE' and r.oid <> p.proowner order by 1) as executors,
            p.proargnames as argnames,
            (select c.relname::text from pg_class c join pg_namespace cn on cn.oid = c.relnamespace
              where p.pronargs > 0 and c.reltype = p.proargtypes[0] and cn.nspname = 'evently' and c.relkind = 'r') as first_arg_table
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any ($1::text[])
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1`,
    [managedSchemas],
  );
  return rows;
}

/** `create [or replace] function schema.name(` headers of a file. */
function definedIn(text: string): Array<{ schema: string; name: string; header: string }> {
  const out = [];
  const re = /create\s+(?:or\s+replace\s+)?function\s+(\w+)\.(\w+)\s*\(/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const rest = text.slice(m.index);
    const header = rest.slice(0, rest.search(/\bas\s+\$/i) + 1 || undefined);
    out.push({ schema: m[1], name: m[2], header });
  }
  return out;
}

function codesRaised(text: string): string[] {
  return [...new Set([...text.matchAll(/errcode\s*=\s*'(EV[0-9A-Z]{3})'/g)].map((m) => m[1]))].sort();
}

export const checks: Record<string, (p: Project) => Promise<string[]>> = {
  async "one function per file, named as the file"(p) {
    const offenders: string[] = [];
    for (const file of functionFiles(p.functionsDir)) {
      const defs = definedIn(readFileSync(file, "utf8"));
      const rel = relative(p.functionsDir, file);
      if (defs.length !== 1) offenders.push(`${rel}: defines ${defs.length} functions`);
      else if (defs[0].name !== basename(file, ".sql")) offenders.push(`${rel}: defines ${defs[0].name}`);
    }
    return offenders;
  },

  async "every function has its file"(p) {
    const files = new Set(functionFiles(p.functionsDir).map((f) => basename(f, ".sql")));
    return (await catalogFunctions(p.pool)).filter((f) => !files.has(f.name)).map((f) => f.signature);
  },

  async "every folder is a domain listed in docs/conventions.md"(p) {
    const listed = new Set([...readFileSync(p.conventionsFile, "utf8").matchAll(/^\| `(\w+)\/` \|/gm)].map((m) => m[1]));
    const folders = new Set(functionFiles(p.functionsDir).map((f) => relative(p.functionsDir, dirname(f))));
    return [...folders].filter((f) => !listed.has(f)).map((f) => `functions/${f}/`);
  },

  async "volatility written out"(p) {
    const offenders: string[] = [];
    for (const file of functionFiles(p.functionsDir)) {
      for (const def of definedIn(readFileSync(file, "utf8"))) {
        if (!/\b(immutable|stable|volatile)\b/i.test(def.header)) offenders.push(`${def.schema}.${def.name}`);
      }
    }
    return offenders;
  },

  async "search_path set on every function"(p) {
    return (await catalogFunctions(p.pool)).filter((f) => !(f.config ?? []).includes(SEARCH_PATH)).map((f) => f.signature);
  },

  async "no function executable by PUBLIC"(p) {
    return (await catalogFunctions(p.pool)).filter((f) => f.public_execute).map((f) => f.signature);
  },

  async "evently_private executable by no API role (and the authenticator only where listed)"(p) {
    return (await catalogFunctions(p.pool))
      .filter((f) => f.schema !== "evently")
      .filter((f) =>
        f.executors.some((r) => API_ROLES.includes(r)) ||
        (f.executors.includes("evently_authenticator") && !AUTHENTICATOR_MAY_EXECUTE.includes(f.signature)))
      .map((f) => `${f.signature} → ${f.executors.join(", ")}`);
  },

  async "comment with an Errors: line listing every code the file raises"(p) {
    const byName = new Map((await catalogFunctions(p.pool)).map((f) => [f.name, f]));
    const offenders: string[] = [];
    for (const file of functionFiles(p.functionsDir)) {
      const name = basename(file, ".sql");
      const fn = byName.get(name);
      if (!fn) continue; // "every function has its file" reports it
      const errors = /Errors:(.*)$/m.exec(fn.comment ?? "");
      if (!errors) {
        offenders.push(`${fn.signature}: no Errors: line`);
        continue;
      }
      const missing = codesRaised(readFileSync(file, "utf8")).filter((code) => !errors[1].includes(code));
      if (missing.length) offenders.push(`${fn.signature}: Errors: lacks ${missing.join(", ")}`);
    }
    return offenders;
  },

  async "locals are v_*"(p) {
    const offenders: string[] = [];
    for (const file of functionFiles(p.functionsDir)) {
      const declare = /\n\s*declare\b([\s\S]*?)\n\s*begin\b/i.exec(readFileSync(file, "utf8"));
      if (!declare) continue;
      for (const line of declare[1].split("\n")) {
        const local = /^\s*(\w+)\s+[\w.]/.exec(line.replace(/--.*$/, ""));
        if (local && !local[1].startsWith("v_")) offenders.push(`${relative(p.functionsDir, file)}: ${local[1]}`);
      }
    }
    return offenders;
  },

  async "public arguments have plain names"(p) {
    return (await catalogFunctions(p.pool))
      .filter((f) => f.schema === "evently" && (f.argnames ?? []).some((a) => a.startsWith("p_")))
      .map((f) => f.signature);
  },

  async "computed columns are named <table>_<field>"(p) {
    return (await catalogFunctions(p.pool))
      .filter((f) => f.schema === "evently" && f.first_arg_table && !f.name.startsWith(`${f.first_arg_table}_`))
      .map((f) => `${f.signature} takes a ${f.first_arg_table} row`);
  },
};

export const projectConventions = (pool: pg.Pool): Project => ({
  pool,
  functionsDir: join(projectRoot, "functions"),
  conventionsFile: join(projectRoot, "docs", "conventions.md"),
});

/** The folders of functions/ (for the meta-test's planted folder). */
export function domainFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}
