// Crontab safety net behind the per-room admit_from_queue jobs: a room whose job chain broke
// (its worker killed mid-run) moves again within a minute.
import type { Task } from "graphile-worker";

const runWaitingRooms: Task = async (_payload, helpers) => {
  const { rows } = await helpers.query<{ rooms: number }>("select evently_private.run_waiting_rooms() as rooms");
  if (rows[0]?.rooms) helpers.logger.info(`re-armed ${rows[0].rooms} waiting room(s)`);
};

export default runWaitingRooms;
