// npm run docs: regenerates what docs/ derives from the schema. test/docs.test.ts fails
// when a committed file differs from what this would write.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";
import { dumpSchema, dumpSetup } from "./schema-dump.ts";

const setup = await dumpSetup();
if ("missing" in setup) {
  console.error(`docs/schema.sql not regenerated: ${setup.missing}`);
  process.exitCode = 1;
} else {
  writeFileSync(join(projectRoot, "docs", "schema.sql"), await dumpSchema(setup));
  console.log("wrote docs/schema.sql");
}
