// Loaded first by every npm script (`node --import=./src/cli/preflight.mjs …`), before any
// TypeScript: plain JavaScript that any Node can run, so a too-old Node gets one clear
// sentence instead of ERR_UNKNOWN_FILE_EXTENSION or PostGraphile's misleading errors.
// npm scripts normally run node_modules/.bin/node (the `node` package, a dependency), so
// this only fires when that binary is missing or something runs the files with another node.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `Evently needs Node.js >= 22.18, but this is ${process.version} (${process.execPath}). ` +
      "Run `npm ci` (it installs Node 22 into node_modules/.bin) and start with `npm start` / `npm test`, " +
      "or put Node >= 22.18 first on PATH.\n",
  );
  process.exit(1);
}
// The project's .ts files from a cache of stripped sources, so a server does not keep Node's
// TypeScript stripper in memory (ts-cache.mjs says why and how).
await import("./ts-cache.mjs");
