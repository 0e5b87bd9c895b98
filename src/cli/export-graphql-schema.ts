// Child process of src/graphql/schema.ts: builds the GraphQL schema from the database
// (PostGraphile: introspection and graphile-build's plugins) and exports it as an ES module
// with graphile-export. Usage: export-graphql-schema.ts <file> [--no-booking-batch] (the
// variant, src/graphql/schema.ts), with the pool's connection
// settings as JSON on stdin. Writes <file> atomically (temporary file, then rename), so
// processes starting together never import half a module.
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import pg from "pg";
import { makeSchema } from "postgraphile";
import { exportSchema } from "graphile-export";
import { schemaPreset } from "../graphql/preset.ts";
import { makeServePreset } from "../graphql/serve-preset.ts";

const file = process.argv[2];
const settings = readFileSync(0, "utf8");
if (!file || !settings.trim()) {
  console.error("usage: echo '{\"connectionString\": \"postgres://…\"}' | export-graphql-schema.ts <file> [--no-booking-batch]");
  process.exit(2);
}
const pool = new pg.Pool({ ...JSON.parse(settings), max: 2 });
// Signing and batching happen at request time (the context); the export only needs a schema.
const servePreset = makeServePreset({ pool, jwtSecret: randomBytes(32).toString("hex"), production: true, statementTimeout: "5s" });
const variant = { bookingBatch: !process.argv.slice(3).includes("--no-booking-batch") };
const { schema } = await makeSchema({ extends: [schemaPreset(variant), servePreset] });
const temporary = `${file}.${process.pid}.tmp`;
try {
  await exportSchema(schema, temporary, { mode: "graphql-js" });
  // The module imports through postgraphile's own entry points, so it uses the same grafast
  // and graphql instances as the server, wherever npm placed those packages.
  const source = readFileSync(temporary, "utf8").replace(
    / from "(grafast|@dataplan\/pg|pg-sql2|tamedevil)";/g,
    (_m, pkg: string) => ` from "postgraphile/${pkg}";`,
  ).replace(/ from "graphql";/g, ' from "postgraphile/graphql";');
  writeFileSync(temporary, source);
  renameSync(temporary, file);
} finally {
  rmSync(temporary, { force: true });
}
await pool.end();
process.exit(0);
