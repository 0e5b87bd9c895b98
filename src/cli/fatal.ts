// Startup failures a person can fix (a port in use, a database that does not answer, the
// embedded server's folder) end the process with one sentence, not a stack trace.
// Anything else is a bug: its stack is printed as usual.

import { StartupError } from "../startup-error.ts";

export function describeFatal(error: unknown): string | undefined {
  if (error instanceof StartupError) return error.message;
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === "EADDRINUSE" && e.syscall === "listen") {
    return `Port ${e.port} is already in use (another npm start?): stop that process or set PORT to a free port.`;
  }
  if (e?.code === "ECONNREFUSED" && e.address) {
    return `PostgreSQL at ${e.address}:${e.port} refused the connection: is it running? Check DATABASE_URL (unset it to use the embedded server).`;
  }
  if (e?.code === "ENOTFOUND" && e.syscall === "getaddrinfo") {
    return `Cannot resolve the database host ${JSON.stringify((e as { hostname?: string }).hostname)}: check DATABASE_URL.`;
  }
  if (e?.code === "28P01") return `PostgreSQL rejected the password: check DATABASE_URL. (${e.message})`;
  if (e?.code === "3D000") return `${e.message}: create it, or check DATABASE_URL.`;
  return undefined;
}

function die(error: unknown): void {
  const sentence = describeFatal(error);
  if (sentence) {
    process.stderr.write(`evently: ${sentence}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

process.on("uncaughtException", die);
process.on("unhandledRejection", die);
