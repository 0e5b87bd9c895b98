// The web app's build (web/ → web/dist, git-ignored): made on first `npm start` / `npm test`
// and again whenever web/'s sources change (a stamp of their hashes sits in the output), so
// README's two commands stay two. `npm run build:web` forces it; `npm run dev:web` serves
// web/ with hot reload instead.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "../config.ts";

export const webRoot = join(projectRoot, "web");
export const webDist = join(webRoot, "dist");
const stampFile = join(webDist, ".build-stamp");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "dist" || entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : [path];
  });
}

/** A hash of everything the build reads: web/'s files, the error registry is served at run time. */
export function sourceStamp(): string {
  const hash = createHash("sha256");
  for (const file of sourceFiles(webRoot).sort()) {
    hash.update(relative(webRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  const lock = join(projectRoot, "package-lock.json");
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest("hex");
}

export function webBuildIsCurrent(): boolean {
  return existsSync(join(webDist, "index.html")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === sourceStamp();
}

/** Vite is a development dependency: without it (npm ci --omit=dev) there is nothing to build with. */
export function viteAvailable(): boolean {
  return existsSync(join(projectRoot, "node_modules", "vite", "bin", "vite.js"));
}

/**
 * Builds web/ unless the last build is current. Runs Vite in a child process (its bundler
 * stays out of the server's memory). Returns false when it cannot build (no Vite): the
 * server then serves its plain landing page at `/`.
 */
export async function ensureWebBuild(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  if (!opts.force && webBuildIsCurrent()) return true;
  if (!viteAvailable()) {
    opts.log?.("web app: Vite is not installed (npm ci without dev dependencies?); serving no web app");
    return existsSync(join(webDist, "index.html"));
  }
  const stamp = sourceStamp();
  opts.log?.("web app: building web/ with Vite (first run or sources changed)…");
  const started = Date.now();
  // Built beside web/dist and swapped in: several instances starting at once (or a server
  // running from web/dist) never see a half-written folder.
  const suffix = `${process.pid}-${Date.now()}`;
  const staging = join(webRoot, `.dist-${suffix}`);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(projectRoot, "node_modules", "vite", "bin", "vite.js"), "build", "--config", join(webRoot, "vite.config.ts"), "--logLevel", "warn", "--outDir", staging], {
        cwd: projectRoot,
        stdio: ["ignore", "inherit", "inherit"],
      });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
    });
    writeFileSync(join(staging, ".build-stamp"), stamp);
    const old = join(webRoot, `.old-${suffix}`);
    try {
      renameSync(webDist, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    try {
      renameSync(staging, webDist);
    } catch (error) {
      // Another instance swapped its build in first: the same sources, so keep that one.
      if (!["ENOTEMPTY", "EEXIST"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  opts.log?.(`web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
