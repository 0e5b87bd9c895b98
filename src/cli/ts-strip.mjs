// Run by ts-cache.mjs in a child process: strips the types of every .ts file of the project that
// the cache lacks (module.stripTypeScriptTypes, the function Node itself uses for .ts files) and
// removes entries no file has had for a week. Loading amaro here keeps it out of the server.
import module from "node:module";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, cacheFile } from "./ts-cache.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const FOLDERS = ["src", "tasks", "bench", "test", "scripts"];
const WEEK_MS = 7 * 24 * 3600 * 1000;

function tsFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

try {
  mkdirSync(cacheDir, { recursive: true });
} catch {
  process.exit(0); // node_modules not writable: Node strips the files itself, as without the cache
}
const current = new Set();
for (const file of FOLDERS.flatMap((folder) => tsFiles(join(root, folder)))) {
  const source = readFileSync(file, "utf8");
  const target = cacheFile(source);
  current.add(basename(target));
  if (existsSync(target)) continue;
  let stripped;
  try {
    stripped = module.stripTypeScriptTypes(source);
  } catch {
    continue; // Node reports the syntax error itself when the file is loaded
  }
  // Written beside and renamed: processes starting at once never read half a file.
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, stripped);
    renameSync(temp, target);
  } catch {
    rmSync(temp, { force: true }); // disk full, read-only: that file is stripped by Node instead
  }
}
for (const name of readdirSync(cacheDir)) {
  if (current.has(name)) continue;
  const path = join(cacheDir, name);
  try {
    if (Date.now() - statSync(path).mtimeMs > WEEK_MS) rmSync(path, { force: true });
  } catch {
    // another process removed it first
  }
}
