// The worker-lag measurement the suite reports for notifications (bench/lags.ts), on a real
// database and a real worker: one sample per booking, every one relayed.
import t from "tap";
import { createTestDb } from "../helpers.ts";
import { measureDeliveryLag } from "../../bench/lags.ts";

t.test("delivery lag: one sample per booking, every one relayed", async (t) => {
  const db = await createTestDb(t);
  const lag = await measureDeliveryLag(db.url, { bookings: 40, rate: 100 });
  t.equal(lag.what, "notification delivery");
  t.equal(lag.n, 40, "40 bookings, 40 samples");
  t.ok(lag.p50 > 0 && lag.p50 <= lag.p99 && lag.p99 <= lag.max, `p50 ${lag.p50} ≤ p99 ${lag.p99} ≤ max ${lag.max}`);
  t.match(lag.setting, /^40 bookings at 100\/s \(poll \d+ ms, concurrency \d+\)$/);
  const { rows: [{ unsent }] } = await db.pool.query(
    "select count(*)::int as unsent from evently.notifications n join evently.events e on e.id = n.event_id where e.name = 'Lag' and n.status <> 'sent'",
  );
  t.equal(unsent, 0, "every measured notification was sent");
});
