// npm run migrate: apply migrations and functions to DATABASE_URL (or the embedded default).
import { openDatabase } from "../db/database.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { log } from "../log.ts";

const db = await openDatabase();
try {
  await migrateDatabase(db.url);
  log.info("database is up to date");
} finally {
  await db.stop();
}
