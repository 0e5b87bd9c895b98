// One orderly shutdown on SIGINT/SIGTERM: the steps run in the order given (worker, HTTP,
// pools, then the embedded server, which runs in its own session so the terminal's Ctrl-C
// does not stop it under our feet). A second signal forces an immediate exit.
import { log } from "./log.ts";

export function onShutdown(steps: Array<[string, () => Promise<unknown>]>): void {
  let stopping = false;
  const run = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting without finishing the shutdown");
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, "shutting down");
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        log.error({ step: name, message: error instanceof Error ? error.message : String(error) }, "shutdown step failed");
      }
    }
    log.info("stopped");
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void run(signal));
  }
}
