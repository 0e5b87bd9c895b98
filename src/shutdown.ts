// One orderly shutdown on SIGINT/SIGTERM, in two phases:
//   drain    (in parallel) in-flight HTTP requests and running jobs finish, nothing new is
//            taken; bounded by SHUTDOWN_TIMEOUT_MS from the signal, after which each drain
//            step's `cut` signal aborts (connections closed, jobs failed back to the queue);
//   release  (in order) pools, then the embedded server, which runs in its own session so the
//            terminal's Ctrl-C does not stop it under our feet.
// Exit code 0 when everything drained in time, 1 when something had to be cut. On SIGTERM
// (an orchestrator, a load balancer in front) the process first answers /ready with 503 for
// SHUTDOWN_DELAY_MS while still serving, so the balancer stops sending before the listener
// closes; Ctrl-C (SIGINT) skips that wait. A second signal forces an immediate exit.
import { log } from "./log.ts";

export interface ShutdownPlan {
  /** Called first, at once (e.g. /ready → 503). */
  startDraining?: () => void;
  /** SIGTERM only: wait this long after startDraining before draining (ms). */
  delayMs?: number;
  /** Bound on everything from the signal to the end of the drain phase (ms). */
  timeoutMs: number;
  drain: Array<[string, (cut: AbortSignal) => Promise<unknown>]>;
  release: Array<[string, () => Promise<unknown>]>;
}

export function onShutdown(plan: ShutdownPlan): void {
  let stopping = false;
  const run = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting without finishing the shutdown");
      process.exit(130);
    }
    stopping = true;
    const started = Date.now();
    log.info({ signal, timeoutMs: plan.timeoutMs }, "shutting down: finishing in-flight requests and running jobs");
    const cut = new AbortController();
    const deadline = setTimeout(() => {
      log.warn({ timeoutMs: plan.timeoutMs }, "shutdown timeout: cutting what is still running");
      cut.abort();
    }, plan.timeoutMs);
    // Whatever happens below, the process ends (a release step that hangs included).
    setTimeout(() => {
      log.error("shutdown did not finish; exiting");
      process.exit(1);
    }, plan.timeoutMs + 10_000).unref();

    plan.startDraining?.();
    if (signal === "SIGTERM" && plan.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, plan.delayMs);
        cut.signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
      });
    }
    await Promise.all(
      plan.drain.map(async ([name, step]) => {
        try {
          await step(cut.signal);
        } catch (error) {
          log.error({ step: name, message: error instanceof Error ? error.message : String(error) }, "shutdown step failed");
        }
      }),
    );
    clearTimeout(deadline);
    const wasCut = cut.signal.aborted;
    for (const [name, step] of plan.release) {
      try {
        // After a cut, a pool would wait for its clients still stuck in a query (a lock wait,
        // up to statement_timeout): give each step a second, then go on. Exiting closes the
        // connections; PostgreSQL rolls back their open transactions.
        await (wasCut ? Promise.race([step(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]) : step());
      } catch (error) {
        log.error({ step: name, message: error instanceof Error ? error.message : String(error) }, "shutdown step failed");
      }
    }
    log.info({ ms: Date.now() - started, cut: wasCut }, "stopped");
    process.exit(wasCut ? 1 : 0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void run(signal));
  }
}
