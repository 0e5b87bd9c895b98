// docs/conventions.md, enforced: every "(checked)" rule holds for the project, and a
// planted offender makes each check fail (so none of them passes by construction).
import t from "tap";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { createTestDb } from "./helpers.ts";
import { checks, projectConventions } from "./conventions.ts";

const db = await createTestDb(t, 2);

t.test("the project follows its conventions", async (t) => {
  for (const [rule, check] of Object.entries(checks)) {
    t.same(await check(projectConventions(db.pool)), [], rule);
  }
});

/** A function that follows every rule, for the offenders to differ from in one way each. */
function good(name: string, { schema = "evently_private", args = "", header = "language sql stable\n  set search_path to pg_catalog, public, pg_temp", body = "select 1", comment = "Planted. Errors: none.", extra = "" } = {}) {
  const types = args.replace(/\b\w+ (\w+(?:\.\w+)?)/g, "$1");
  return `create or replace function ${schema}.${name}(${args}) returns integer
  ${header}
as $$ ${body} $$;
comment on function ${schema}.${name}(${types}) is E'${comment}';
revoke all on function ${schema}.${name}(${types}) from public;
${extra}`;
}

const planted: Array<[string, string, string, RegExp]> = [
  // [rule, file under functions/, content, offender expected in the rule's report]
  ["one function per file, named as the file", "accounts/zz_two.sql", good("zz_two") + good("zz_two_b"), /zz_two\.sql: defines 2/],
  ["every function has its file", "accounts/zz_misnamed.sql", good("zz_other"), /zz_other\(\)/],
  ["every folder is a domain listed in docs/conventions.md", "zz_undocumented/zz_folder.sql", good("zz_folder"), /functions\/zz_undocumented\//],
  ["volatility written out", "accounts/zz_no_volatility.sql", good("zz_no_volatility", { header: "language sql\n  set search_path to pg_catalog, public, pg_temp" }), /zz_no_volatility/],
  ["search_path set on every function", "accounts/zz_no_search_path.sql", good("zz_no_search_path", { header: "language sql stable security definer" }), /zz_no_search_path\(\)/],
  ["no function executable by PUBLIC", "accounts/zz_public.sql", good("zz_public", { extra: "grant execute on function evently_private.zz_public() to public;" }), /zz_public\(\)/],
  ["evently_private executable by no API role (and the authenticator only where listed)", "accounts/zz_granted.sql",
    good("zz_granted", { extra: "grant execute on function evently_private.zz_granted() to evently_user;" }), /zz_granted\(\) → evently_user/],
  ["comment with an Errors: line listing every code the file raises", "accounts/zz_no_errors.sql", good("zz_no_errors", { comment: "Planted, no errors line." }), /zz_no_errors\(\): no Errors: line/],
  ["comment with an Errors: line listing every code the file raises", "accounts/zz_errors_short.sql",
    good("zz_errors_short", { header: "language plpgsql stable\n  set search_path to pg_catalog, public, pg_temp",
      body: "begin raise exception 'x' using errcode = 'EVNFD'; end;", comment: "Planted. Errors: EVAUT." }), /zz_errors_short\(\): Errors: lacks EVNFD/],
  ["locals are v_*", "accounts/zz_local.sql", good("zz_local", { header: "language plpgsql stable\n  set search_path to pg_catalog, public, pg_temp",
    body: "\ndeclare\n  total integer := 1;\nbegin\n  return total;\nend;\n" }), /zz_local\.sql: total/],
  ["public arguments have plain names", "accounts/zz_p_arg.sql", good("zz_p_arg", { schema: "evently", args: "p_x integer" }), /evently\.zz_p_arg\(integer\)/],
  ["computed columns are named <table>_<field>", "events/zz_computed.sql", good("zz_computed", { schema: "evently", args: "e evently.events" }), /zz_computed\(evently\.events\) takes a events row/],
];

t.test("each check fails on a planted offender", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "evently-conventions-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const functionsDir = join(dir, "functions");
  cpSync(join(projectRoot, "functions"), functionsDir, { recursive: true });
  for (const [, file, content] of planted) {
    mkdirSync(join(functionsDir, file, ".."), { recursive: true });
    writeFileSync(join(functionsDir, file), content);
  }
  const planting = await createTestDb(t, 2);
  await migrateDatabase(planting.url, { functionsDir });
  const project = { pool: planting.pool, functionsDir, conventionsFile: join(projectRoot, "docs", "conventions.md") };
  for (const [rule, file, , expected] of planted) {
    const offenders = await checks[rule](project);
    t.ok(offenders.some((o) => expected.test(o)), `${rule}: ${file} is reported (${offenders.length} offenders)`);
  }
});
