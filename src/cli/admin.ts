// npm run admin -- <command>: accounts for DBAs and newcomers, a thin layer over SQL
// functions (evently.register, evently_private.set_user_role, set_user_password), on
// DATABASE_URL or the embedded server (the one a running `npm start` serves, or started for the command).
//
//   create <email> [--name "Ada"] [--admin] [--password <pw>]   new account (password generated unless given)
//   promote <email>                                             role admin
//   set-role <email> <user|admin>
//   reset-password <email> [--password <pw>]                     (alias set-password) new password, printed once
//
// Passwords can also come from EVENTLY_PASSWORD (keeps them out of shell history).
import "./env.ts";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../db/database.ts";
import { prepareDatabase } from "../db/migrate.ts";
import { config } from "../config.ts";
import { registeredError } from "../errors.ts";
import { StartupError } from "../startup-error.ts";

const USAGE = `usage: npm run admin -- <command>
  create <email> [--name NAME] [--admin] [--password PW]
  promote <email>
  set-role <email> <user|admin>
  reset-password <email> [--password PW]     (alias: set-password)
Passwords: --password, EVENTLY_PASSWORD, or generated and printed once.
Database: DATABASE_URL, or the embedded server (npm start's while it runs).`;

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { name: { type: "string" }, admin: { type: "boolean" }, password: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    throw new StartupError(`${(error as Error).message}\n${USAGE}`);
  }
})();
const [command, email, extra] = positionals;
if (values.help || !command) {
  console.log(USAGE);
  process.exit(command || values.help ? 0 : 1);
}
const known = ["create", "promote", "set-role", "reset-password", "set-password"];
if (!known.includes(command)) throw new StartupError(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
if (!email) throw new StartupError(`${command} needs an email\n${USAGE}`);
if (command === "set-role" && !extra) throw new StartupError(`set-role needs a role (user or admin)\n${USAGE}`);

const given = values.password ?? (process.env.EVENTLY_PASSWORD || undefined);
const password = given ?? randomBytes(12).toString("base64url");

const db = await openDatabase({ attach: true });
let exitCode = 0;
try {
  await prepareDatabase(db.url, config.production);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("begin");
    const lines: string[] = [];
    switch (command) {
      case "create": {
        const { rows } = await client.query("select id, role from evently.register($1, $2, $3)", [email, password, values.name ?? email.split("@")[0]]);
        if (values.admin) await client.query("select evently_private.set_user_role($1, 'admin')", [email]);
        lines.push(`created ${email} (id ${rows[0].id}, role ${values.admin ? "admin" : rows[0].role})`);
        if (!given) lines.push(`password: ${password}  (shown once)`);
        break;
      }
      case "promote":
      case "set-role": {
        const role = command === "promote" ? "admin" : extra;
        const { rows } = await client.query("select id, role from evently_private.set_user_role($1, $2)", [email, role]);
        lines.push(`${email} (id ${rows[0].id}) is now ${rows[0].role} (from their next call; a new login gives a token with the new role)`);
        break;
      }
      default: {
        const { rows } = await client.query("select id from evently_private.set_user_password($1, $2)", [email, password]);
        lines.push(`new password for ${email} (id ${rows[0].id})${given ? " set" : `: ${password}  (shown once)`}`);
      }
    }
    await client.query("commit");
    console.log(lines.join("\n"));
  } catch (error) {
    await client.query("rollback").catch(() => {});
    const registered = registeredError(error);
    if (!registered) throw error;
    console.error(`evently admin: ${registered.message} (${registered.code})`);
    exitCode = 1;
  } finally {
    await client.end();
  }
} finally {
  await db.stop();
}
process.exit(exitCode);
