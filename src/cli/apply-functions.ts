// graphile-migrate action (afterCurrent, i.e. `graphile-migrate watch`): re-apply functions/
// to the database it just ran current.sql on, dropping functions no file defines. The
// deploy itself (npm run migrate, src/db/migrate.ts) does this in the migrations' transaction.
import pg from "pg";
import { applyFunctionFiles, dropOrphanFunctions } from "../db/functions.ts";

const url = process.env.GM_DBURL;
if (!url) {
  console.error("apply-functions: GM_DBURL is not set (this runs as a graphile-migrate action)");
  process.exit(2);
}
// The shadow database checks the migration history alone; functions/ always matches the
// newest schema, which the shadow may not have reached yet.
if (process.env.GM_SHADOW) process.exit(0);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query("begin");
  const count = await applyFunctionFiles(client);
  const dropped = await dropOrphanFunctions(client);
  await client.query("commit");
  console.log(`apply-functions: ${count} function files applied${dropped.length ? `; dropped ${dropped.join(", ")}` : ""}`);
} catch (error) {
  await client.query("rollback").catch(() => {});
  throw error;
} finally {
  await client.end();
}
