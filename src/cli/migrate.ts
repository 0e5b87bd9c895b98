// npm run migrate: the deploy step — pending migrations and functions/ in one transaction,
// orphaned functions dropped — on DATABASE_URL (or the embedded default).
import "./env.ts";
import { openDatabase } from "../db/database.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { log } from "../log.ts";

const db = await openDatabase();
try {
  const result = await migrateDatabase(db.url);
  log.info(result, "database is up to date");
} finally {
  await db.stop();
}
