// Crontab: every counter against the rows it counts. Mismatches are recorded and logged,
// never fixed here (evently_private.repair_counter is for a person).
import type { Task } from "graphile-worker";

const reconcileCounters: Task = async (_payload, helpers) => {
  const { rows } = await helpers.query<{ id: string; event_id: string; counter: string; recorded: number; actual: number }>(
    "select id, event_id, counter, recorded, actual from evently_private.reconcile_counters()",
  );
  for (const m of rows) {
    helpers.logger.error(
      `counter mismatch #${m.id}: event ${m.event_id} ${m.counter} = ${m.recorded}, rows say ${m.actual}`,
    );
  }
};

export default reconcileCounters;
