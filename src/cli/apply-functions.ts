// graphile-migrate action: re-apply functions/ to the database it just migrated.
import { applyFunctions } from "../db/functions.ts";

const url = process.env.GM_DBURL;
if (!url) {
  console.error("apply-functions: GM_DBURL is not set (this runs as a graphile-migrate action)");
  process.exit(2);
}
const count = await applyFunctions(url);
if (!process.env.GM_SHADOW) console.log(`apply-functions: ${count} function files applied`);
