// graphile-migrate action: re-apply functions/ to the database it just migrated.
import { applyFunctions } from "../db/functions.ts";

const url = process.env.GM_DBURL;
if (!url) {
  console.error("apply-functions: GM_DBURL is not set (this runs as a graphile-migrate action)");
  process.exit(2);
}
// The shadow database (graphile-migrate commit/reset --shadow) checks the migration
// history alone; functions/ always matches the newest schema, which the shadow may not
// have reached yet.
if (process.env.GM_SHADOW) process.exit(0);
const count = await applyFunctions(url);
console.log(`apply-functions: ${count} function files applied`);
