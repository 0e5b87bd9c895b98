// npm run docs: regenerates what docs/ derives from the schema (schema.sql, the ER diagram,
// the SQL reference) and the SVGs of docs/diagrams/*.mmd. test/docs.test.ts fails when a
// committed file differs from what this would write.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";
import { dumpSchemaAnd, dumpSetup } from "./schema-dump.ts";
import { DIAGRAMS_DIR, erDiagram, renderDiagrams, sqlReference } from "./catalog-docs.ts";

const setup = await dumpSetup();
if ("missing" in setup) {
  console.error(`docs/schema.sql, docs/diagrams/er.mmd and docs/sql-reference.md not regenerated: ${setup.missing}`);
  process.exitCode = 1;
} else {
  const { dump, read } = await dumpSchemaAnd(setup, async (client) => ({ er: await erDiagram(client), reference: await sqlReference(client) }));
  writeFileSync(join(projectRoot, "docs", "schema.sql"), dump);
  writeFileSync(join(DIAGRAMS_DIR, "er.mmd"), read.er);
  writeFileSync(join(projectRoot, "docs", "sql-reference.md"), read.reference);
  console.log("wrote docs/schema.sql, docs/diagrams/er.mmd, docs/sql-reference.md");
}
for (const [file, svg] of await renderDiagrams()) {
  writeFileSync(join(DIAGRAMS_DIR, file), svg);
  console.log(`wrote docs/diagrams/${file}`);
}
